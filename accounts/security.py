"""Login protection: how django-axes names who is trying, what a locked-out person sees,
and the idle timeout of sessions.

Axes counts failed logins per (e-mail address, client address) pair; after
``AXES_FAILURE_LIMIT`` failures the pair is refused for ``AXES_COOLOFF_TIME``. The answer
is the same whether or not the address has an account, as is the login form's.
"""

import time

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import ngettext

from .models import User


def client_ip(request: HttpRequest) -> str | None:
    """The client's address: ``REMOTE_ADDR``, or, behind ``TRUSTED_PROXY_COUNT`` proxies
    that each append to ``X-Forwarded-For``, the address the outermost proxy saw. Entries
    further left were written by the client and are not trusted."""
    proxies = settings.TRUSTED_PROXY_COUNT
    if proxies:
        forwarded = [
            part.strip()
            for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")
            if part.strip()
        ]
        if len(forwarded) >= proxies:
            return forwarded[-proxies]
    return request.META.get("REMOTE_ADDR")


def login_username(request: HttpRequest, credentials: dict | None) -> str:
    """The e-mail address as the login form matches it (without regard to case), so that
    ``Claire@Example.org`` and ``claire@example.org`` count as one."""
    if credentials and credentials.get("username"):
        value = credentials["username"]
    else:
        value = request.POST.get(settings.AXES_USERNAME_FORM_FIELD, "") if request else ""
    return User.objects.normalize_email(str(value)).strip().lower()


def lockout_response(
    request: HttpRequest,
    original_response: HttpResponse | None = None,
    credentials: dict | None = None,
) -> HttpResponse:
    """The login page again, with what was typed (but the password) and a message saying
    how long to wait and what else to do; status 429 (Too Many Requests)."""
    # Imported here: the form module imports models, and axes loads this with the settings.
    from .forms import LoginForm

    minutes = int(settings.AXES_COOLOFF_TIME.total_seconds() // 60)
    message = ngettext(
        "Too many failed attempts: logging in with this e-mail address from your network "
        "is blocked for %(minutes)s minute. Wait, then try again, or choose a new "
        "password with the “Forgot your password?” link.",
        "Too many failed attempts: logging in with this e-mail address from your network "
        "is blocked for %(minutes)s minutes. Wait, then try again, or choose a new "
        "password with the “Forgot your password?” link.",
        minutes,
    ) % {"minutes": minutes}
    typed = request.POST.get("username", "") if request.method == "POST" else ""
    form = LoginForm(request, initial={"username": typed})
    return render(
        request,
        "accounts/login.html",
        {"form": form, "lockout_message": message, "next": request.GET.get("next", "")},
        status=429,
    )


class IdleSessionMiddleware:
    """End a session that has not been used for ``SESSION_IDLE_TIMEOUT`` seconds.

    The session cookie and the stored session both expire ``SESSION_COOKIE_AGE`` (the
    idle timeout) after they were last saved; each request of a logged-in person pushes
    the expiry back, but at most once a minute, so that reading pages does not write to
    the database on every request. Placed after the session middleware.
    """

    REFRESH_SECONDS = 60
    KEY = "_last_refresh"

    def __init__(self, get_response) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        session = getattr(request, "session", None)
        if session is not None and session.session_key:
            now = int(time.time())
            if now - session.get(self.KEY, 0) >= self.REFRESH_SECONDS:
                session[self.KEY] = now  # saving sets a new expiry, idle time from now
        return self.get_response(request)


def stamp_session_on_login(sender, request: HttpRequest, user, **kwargs) -> None:
    """Logging in saves the session anyway: mark it fresh, so that the next request does
    not save it again."""
    session = getattr(request, "session", None)
    if session is not None:
        session[IdleSessionMiddleware.KEY] = int(time.time())
