"""Views that belong to the service as a whole rather than to one app."""

import logging

from django.db import connection, transaction
from django.http import HttpRequest, JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

logger = logging.getLogger(__name__)


def database_answers() -> bool:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            return cursor.fetchone() == (1,)
    except Exception:  # any driver error means the same thing here: no answer
        logger.exception("Health check: the database does not answer")
        return False


@require_GET
@never_cache
@transaction.non_atomic_requests  # the check must run even when BEGIN cannot
def healthz(request: HttpRequest) -> JsonResponse:
    """200 when every check passes, 503 otherwise; one query."""
    database_ok = database_answers()
    return JsonResponse(
        {
            "status": "ok" if database_ok else "unavailable",
            "checks": {"database": "ok" if database_ok else "unavailable"},
        },
        status=200 if database_ok else 503,
    )
