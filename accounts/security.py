"""Login protection: how django-axes names who is trying, what a locked-out person sees,
and the idle timeout of sessions.

Axes counts failed logins three ways, each with its own limit over ``AXES_COOLOFF_TIME``:

- per (e-mail address, client address) pair: ``AXES_FAILURE_LIMIT``, someone who forgot
  their password;
- per e-mail address, whatever the client: ``LOGIN_ACCOUNT_FAILURE_LIMIT``, guesses on one
  account from many addresses;
- per client address, whatever the e-mail address: ``LOGIN_CLIENT_FAILURE_LIMIT``, guesses
  spread over many accounts from one address.

Whichever count reaches its limit first refuses the login for ``AXES_COOLOFF_TIME``. The
answer is the same whether or not the address has an account, as is the login form's.
"""

import time

from axes.handlers.database import AxesDatabaseHandler
from axes.helpers import get_client_parameters, get_client_username
from axes.models import AccessAttempt
from django.conf import settings
from django.db.models import Sum
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import ngettext

from .models import User

# What a lock holds, by the axes parameters that count it.
PAIR, ACCOUNT, CLIENT = "pair", "account", "client"
LOCKS = {("username", "ip_address"): PAIR, ("username",): ACCOUNT, ("ip_address",): CLIENT}


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


def failure_limits() -> dict[str, int]:
    """The failures each lock allows within the cool-off time (settings)."""
    return {
        PAIR: settings.AXES_FAILURE_LIMIT,
        ACCOUNT: settings.LOGIN_ACCOUNT_FAILURE_LIMIT,
        CLIENT: settings.LOGIN_CLIENT_FAILURE_LIMIT,
    }


class LoginFailureHandler(AxesDatabaseHandler):
    """Axes' database handler with a limit per lock rather than one for all.

    Axes compares a single number of failures with a single limit (``AXES_FAILURE_LIMIT``,
    the pair's). ``get_failures`` therefore answers that limit as soon as any count
    reached its own, and the pair's count otherwise; it records on the request which lock
    holds (``login_lock``) for the page the person sees. One query per lock.
    """

    def failure_counts(self, request: HttpRequest, credentials: dict | None) -> dict[str, int]:
        """Failures within the cool-off time, per lock."""
        username = get_client_username(request, credentials)
        since = timezone.now() - settings.AXES_COOLOFF_TIME
        counts = {}
        for filters in get_client_parameters(
            username, request.axes_ip_address, request.axes_user_agent, request, credentials
        ):
            attempts = AccessAttempt.objects.filter(attempt_time__gte=since, **filters)
            total = attempts.aggregate(total=Sum("failures_since_start"))["total"]
            counts[LOCKS[tuple(filters)]] = total or 0
        return counts

    def get_failures(self, request: HttpRequest, credentials: dict | None = None) -> int:
        counts = self.failure_counts(request, credentials)
        limits = failure_limits()
        for lock in (PAIR, CLIENT, ACCOUNT):  # the narrowest lock that holds is named
            if counts.get(lock, 0) >= limits[lock]:
                request.login_lock = lock
                return settings.AXES_FAILURE_LIMIT
        return counts.get(PAIR, 0)

    def reset_user_attempts(self, request: HttpRequest, credentials: dict | None = None) -> int:
        """A successful login clears the failures of its own (address, client) pair only:
        logging in to one's own account must not wipe the count of guesses made from the
        same client on other accounts, nor those made on this account from elsewhere."""
        username = get_client_username(request, credentials)
        attempts = AccessAttempt.objects.filter(
            username=username, ip_address=request.axes_ip_address
        )
        return attempts.delete()[0]


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
    message = _lockout_message(getattr(request, "login_lock", PAIR), minutes)
    typed = request.POST.get("username", "") if request.method == "POST" else ""
    form = LoginForm(request, initial={"username": typed})
    return render(
        request,
        "accounts/login.html",
        {"form": form, "lockout_message": message, "next": request.GET.get("next", "")},
        status=429,
    )


def _lockout_message(lock: str, minutes: int) -> str:
    if lock == CLIENT:
        message = ngettext(
            "Too many failed attempts from your network: logging in from it is blocked for "
            "%(minutes)s minute, whatever the e-mail address. Wait, then try again; if "
            "you share this network with colleagues, one of them may have mistyped.",
            "Too many failed attempts from your network: logging in from it is blocked for "
            "%(minutes)s minutes, whatever the e-mail address. Wait, then try again; if "
            "you share this network with colleagues, one of them may have mistyped.",
            minutes,
        )
    elif lock == ACCOUNT:
        message = ngettext(
            "Too many failed attempts on this e-mail address, from several networks: "
            "logging in with it is blocked for %(minutes)s minute. Wait, then try again, "
            "or choose a new password with the “Forgot your password?” link. If these "
            "attempts were not yours, tell the site’s administrator.",
            "Too many failed attempts on this e-mail address, from several networks: "
            "logging in with it is blocked for %(minutes)s minutes. Wait, then try again, "
            "or choose a new password with the “Forgot your password?” link. If these "
            "attempts were not yours, tell the site’s administrator.",
            minutes,
        )
    else:
        message = ngettext(
            "Too many failed attempts: logging in with this e-mail address from your network "
            "is blocked for %(minutes)s minute. Wait, then try again, or choose a new "
            "password with the “Forgot your password?” link.",
            "Too many failed attempts: logging in with this e-mail address from your network "
            "is blocked for %(minutes)s minutes. Wait, then try again, or choose a new "
            "password with the “Forgot your password?” link.",
            minutes,
        )
    return message % {"minutes": minutes}


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
