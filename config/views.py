"""Views that belong to the service as a whole rather than to one app."""

import logging
import sys

from django.conf import settings
from django.db import InterfaceError, OperationalError, connection, transaction
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.template import loader
from django.utils import translation
from django.utils.cache import add_never_cache_headers
from django.views import defaults
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

logger = logging.getLogger(__name__)

# What the 503 page asks the browser (and any client) to wait before trying again.
RETRY_AFTER_SECONDS = 10


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


# --- Server errors ------------------------------------------------------------------------
# An unreachable database (stopped, restarting, a network cut) is not a bug: the page says
# that the service is briefly unavailable and that the change was not saved (the request's
# transaction never committed), with 503 and Retry-After. Anything else is a 500.


def _database_unavailable(error: BaseException | None) -> bool:
    """Whether ``error``, or an error it was raised from, means the database cannot be
    reached: Django's OperationalError (connection refused or lost, server shutting down)
    or InterfaceError (a connection already closed)."""
    seen = set()
    while error is not None and id(error) not in seen:
        if isinstance(error, OperationalError | InterfaceError):
            return True
        seen.add(id(error))
        error = error.__cause__ or (None if error.__suppress_context__ else error.__context__)
    return False


def _language(request: HttpRequest) -> str:
    """The page's language without asking the database (the user's stored language is out
    of reach): the one the request already chose, else the switcher's cookie, else French."""
    languages = dict(settings.LANGUAGES)
    for code in (
        getattr(request, "LANGUAGE_CODE", None),
        request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME),
    ):
        if code in languages:
            return code
    return settings.LANGUAGE_CODE


def _forget_queued_messages(request: HttpRequest) -> None:
    """Drop the messages this failed request queued ("Draft saved"...): its transaction was
    rolled back, so they would tell a lie on the next page. Messages left by earlier
    requests stay, and stay unread even if the failed page began to show them: the
    "Draft saved" of the save just before the outage appears on the next page that
    works."""
    storage = getattr(request, "_messages", None)
    queued = getattr(storage, "_queued_messages", None)
    if isinstance(queued, list):
        queued.clear()
        storage.added_new = False
        storage.used = False


def service_unavailable(request: HttpRequest) -> HttpResponse:
    """The 503 page of a database outage. It runs no query: the template is rendered
    without the request (no context processor, no ``request.user``, no session)."""
    _forget_queued_messages(request)
    try:
        with translation.override(_language(request)):
            content = loader.get_template("503.html").render(
                {"posted": request.method not in ("GET", "HEAD", "OPTIONS")}
            )
    except Exception:  # the page itself must not fail: fall back to plain text
        logger.exception("The 503 page could not be rendered")
        content = "Service temporarily unavailable. Nothing was saved; try again in a moment."
        response = HttpResponse(content, status=503, content_type="text/plain; charset=utf-8")
    else:
        response = HttpResponse(content, status=503)
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    add_never_cache_headers(response)
    return response


def server_error(request: HttpRequest) -> HttpResponse:
    """handler500: 503 when the database cannot be reached, else Django's 500 page.

    Django calls it while the exception is being handled, so ``sys.exc_info()`` holds it,
    and logs the error with its traceback afterwards ("Service Unavailable: <path>").
    """
    if _database_unavailable(sys.exc_info()[1]):
        return service_unavailable(request)
    return defaults.server_error(request)
