"""Who changed what: the history kept of reported and reference data (django-simple-history).

Every tracked model declares ``history = HistoricalRecords()`` from here. Each save or delete
adds a historical row with the values, the moment and the person: the one set with
``attribute_to`` by a service that knows who acts, else the request's user
(``simple_history.middleware.HistoryRequestMiddleware``, the admin included), else nobody
(a management command or a data migration).

The historical tables hold no database constraint and nothing cascades into them: a deleted
object keeps its history (simple-history copies foreign keys with ``DO_NOTHING`` and no
constraint), and so does a deleted account: the history keeps its id, so that a page can say
"deleted account" rather than lose who it was.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords as BaseHistoricalRecords


class HistoricalRecords(BaseHistoricalRecords):
    """simple-history's records, whose ``history_user`` outlives the account: a foreign key
    without database constraint that nothing updates when the user is deleted (simple-history
    sets it to NULL by default). With ``select_related("history_user")`` a deleted account
    reads as ``history_user`` None with ``history_user_id`` set."""

    def _get_history_user_fields(self) -> dict:
        return {
            "history_user": models.ForeignKey(
                settings.AUTH_USER_MODEL,
                null=True,
                blank=True,
                related_name="+",
                on_delete=models.DO_NOTHING,
                db_constraint=False,
                verbose_name=_("changed by"),
            )
        }


def attribute_to(user, *objects) -> None:
    """Record ``user`` as the author of the next save or delete of each of ``objects``,
    whether or not a request is going on (a service run by a command, a task, a test).
    Without a user, the request's user is recorded as usual."""
    if user is None or not getattr(user, "is_authenticated", False):
        return
    for obj in objects:
        obj._history_user = user
