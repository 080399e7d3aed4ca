"""Helpers of the security tests: a fingerprint of the whole database, a CSRF failure view
that says it was the one to answer, and checks on what a response shows."""

import hashlib

from django.apps import apps
from django.db import connection
from django.http import HttpRequest, HttpResponseForbidden
from django.test import Client

from .world import RAW_MARKERS

# Sessions are not the application's state: the idle timeout pushes a session's expiry
# back on a read, by design (accounts.security.IdleSessionMiddleware).
VOLATILE_MODELS = {"sessions.session"}


def database_state() -> dict[str, str]:
    """Each table's row count and a digest of every row, history tables included: any
    insert, update or delete anywhere changes it, even an ``update()`` that touches no
    timestamp. Plain SQL, one query per table: a few milliseconds for the test world."""
    state = {}
    with connection.cursor() as cursor:
        for model in apps.get_models(include_auto_created=True):
            meta = model._meta
            if meta.proxy or not meta.managed or meta.label_lower in VOLATILE_MODELS:
                continue
            table = connection.ops.quote_name(meta.db_table)
            key = connection.ops.quote_name(meta.pk.column)
            cursor.execute(f"SELECT * FROM {table} ORDER BY {key}")  # noqa: S608 - model names
            rows = cursor.fetchall()
            digest = hashlib.sha256(repr(rows).encode()).hexdigest()[:16]
            state[meta.label] = f"{len(rows)} rows, {digest}"
    return state


def changes(before: dict[str, str], after: dict[str, str]) -> dict[str, tuple]:
    """The tables whose content differs, with their state before and after."""
    return {
        table: (before.get(table), after.get(table))
        for table in sorted(set(before) | set(after))
        if before.get(table) != after.get(table)
    }


CSRF_MARK = "csrf-check-refused-this-request"


def csrf_failure(request: HttpRequest, reason: str = "") -> HttpResponseForbidden:
    """Used as CSRF_FAILURE_VIEW: a 403 that says the CSRF check refused the request, so
    that it cannot be mistaken for a view's own 403."""
    return HttpResponseForbidden(f"{CSRF_MARK}: {reason}")


def cache_directives(response) -> set[str]:
    """The directives of the response's Cache-Control header, lower case."""
    return {part.strip().lower() for part in response.get("Cache-Control", "").split(",") if part}


def is_html(response) -> bool:
    return response.get("Content-Type", "").startswith("text/html")


def body(response) -> str:
    """The response's text (streamed files included), decoded leniently."""
    if getattr(response, "streaming", False):
        content = b"".join(response.streaming_content)
        response.streaming_content = [content]  # still readable by the next check
    else:
        content = response.content
    return content.decode("utf-8", errors="replace")


def raw_payloads(text: str) -> list[str]:
    """The payload openings found as live markup in ``text``."""
    return [marker for marker in RAW_MARKERS if marker in text]


def logged_in(user, **client_options) -> Client:
    """A test client logged in as ``user`` (anonymous when None)."""
    client = Client(**client_options)
    if user is not None:
        client.force_login(user)
    return client
