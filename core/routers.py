"""Reads from a PostgreSQL read replica, only where it is safe.

With ``DATABASE_REPLICA_URL`` set, the settings add a ``replica`` database and install
``ReplicaRouter``. The router sends nothing there on its own: only reads made inside
``reads_from_replica`` (a decorator for the committee's read-only pages, or a context
manager) go to the replica, and only when the request is a GET or a HEAD. Writes always go
to ``default``; once anything inside the block writes, or locks rows to write
(``select_for_update``), the reads that follow go to ``default`` too, so that the block
reads what it wrote. Without a replica, everything goes to ``default`` as before.

A replica lags behind its primary by the replication delay (usually well under a second):
only pages whose figures may be that old use it.
"""

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from functools import wraps

from django.conf import settings
from django.db import DEFAULT_DB_ALIAS

REPLICA = "replica"
SAFE_METHODS = ("GET", "HEAD")


@dataclass
class _Block:
    wrote: bool = False


_block: ContextVar[_Block | None] = ContextVar("replica_block", default=None)


def replica_configured() -> bool:
    return REPLICA in settings.DATABASES


@contextmanager
def replica_reads() -> Iterator[None]:
    """Reads inside the block go to the replica (when one is configured) until something
    inside it writes."""
    token = _block.set(_Block())
    try:
        yield
    finally:
        _block.reset(token)


def reads_from_replica(view: Callable) -> Callable:
    """A view decorator: a GET or HEAD request reads from the replica; any other method
    (a form sent to the same address) stays on the primary. Put it closest to the view,
    below the permission decorators, so that the session and the user are read from the
    primary before."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if request.method not in SAFE_METHODS:
            return view(request, *args, **kwargs)
        with replica_reads():
            return view(request, *args, **kwargs)

    return wrapper


class ReplicaRouter:
    """Routes reads inside ``replica_reads`` to the replica; everything else to the
    database Django would use anyway."""

    def db_for_read(self, model, **hints):
        block = _block.get()
        if block is None or block.wrote or not replica_configured():
            return None
        return REPLICA

    def db_for_write(self, model, **hints):
        block = _block.get()
        if block is not None:
            block.wrote = True
        return DEFAULT_DB_ALIAS

    def allow_relation(self, obj1, obj2, **hints):
        # The replica holds the same rows as the primary.
        databases = {obj1._state.db or DEFAULT_DB_ALIAS, obj2._state.db or DEFAULT_DB_ALIAS}
        if databases <= {DEFAULT_DB_ALIAS, REPLICA}:
            return True
        return None

    def allow_migrate(self, db, app_label, model_name=None, **hints):
        # A replica follows its primary's schema through replication.
        return False if db == REPLICA else None
