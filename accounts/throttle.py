"""Limits on the actions that send e-mail, so that nobody can use the site to send mail in
bulk, from the committee's address, to addresses they chose.

Each such action (an adhesion application, a password reset, an invitation) counts
against three budgets shared by all of them: the client's address, the address the
e-mail goes to, and the logged-in account that asks (when there is one). When one budget
is spent the action is refused and nothing is sent; the page says when to try again.

The counters are django-ratelimit's, in the cache ``settings.RATELIMIT_USE_CACHE``, shared
by every process. Windows are fixed (an hour for ``10/h``). With the database cache two
requests counted at the very same moment may count once: nginx's ``limit_req`` (see
``deploy/nginx``) is what stops bursts; these limits stop the steady trickle.
"""

import ipaddress
import math
from dataclasses import dataclass

from django.conf import settings
from django.db import DatabaseError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django_ratelimit.core import get_usage

from .models import User
from .security import client_ip

# When the cache cannot count (its answer is lost), wait this long: fail closed.
UNKNOWN_WAIT_SECONDS = 60


@dataclass(frozen=True)
class Refusal:
    """An action refused: ``retry_after`` seconds before the budget that ran out refills."""

    retry_after: int

    @property
    def minutes(self) -> int:
        return max(1, math.ceil(self.retry_after / 60))


def _client_network(group: str, request: HttpRequest) -> str:
    """The client's address (accounts.security.client_ip); an IPv6 client counts per /64
    network, what one subscriber gets. An address that cannot be read counts as one."""
    try:
        address = ipaddress.ip_address(client_ip(request) or "")
    except ValueError:
        return "unknown"
    prefix = 64 if address.version == 6 else 32
    return str(ipaddress.ip_network(f"{address}/{prefix}", strict=False).network_address)


def _count(request: HttpRequest, group: str, key, rate: str) -> dict:
    try:
        return get_usage(request, group=group, key=key, rate=rate, increment=True)
    except DatabaseError:
        # Two first requests of a window both tried to add the counter; the second one's
        # savepoint was rolled back. The counter exists now: count again.
        return get_usage(request, group=group, key=key, rate=rate, increment=True)


def email_sending_refusal(
    request: HttpRequest, *, to: str, account: User | None = None
) -> Refusal | None:
    """Count one e-mail-sending action asked by ``request`` for the address ``to`` (and
    ``account`` when logged in) and say whether it must be refused. Every call counts,
    refused or not. Side effect: the counters in the rate-limit cache (one to three
    reads and writes)."""
    address = User.objects.normalize_email(to).strip().lower()
    budgets = [
        ("email-client", _client_network, settings.EMAIL_LIMIT_PER_CLIENT),
        ("email-address", lambda group, request: address, settings.EMAIL_LIMIT_PER_ADDRESS),
    ]
    if account is not None and account.is_authenticated:
        budgets.append(
            (
                "email-account",
                lambda group, request: str(account.pk),
                settings.EMAIL_LIMIT_PER_ACCOUNT,
            )
        )
    waits = []
    for group, key, rate in budgets:
        usage = _count(request, group, key, rate)
        if usage and usage["should_limit"]:
            waits.append(usage["time_left"] if usage["time_left"] > 0 else UNKNOWN_WAIT_SECONDS)
    return Refusal(retry_after=max(waits)) if waits else None


def company_lookup_refusal(request: HttpRequest) -> Refusal | None:
    """Count one look-up in the company directory asked by ``request``'s client and say
    whether it must be refused (``settings.COMPANY_LOOKUP_LIMIT_PER_CLIENT``), so that the
    public form cannot be used to flood the directory. Side effect: one counter."""
    usage = _count(
        request, "company-lookup", _client_network, settings.COMPANY_LOOKUP_LIMIT_PER_CLIENT
    )
    if usage and usage["should_limit"]:
        return Refusal(
            retry_after=usage["time_left"] if usage["time_left"] > 0 else UNKNOWN_WAIT_SECONDS
        )
    return None


def refused_response(
    request: HttpRequest, refusal: Refusal, template: str, context: dict
) -> HttpResponse:
    """The page of the form again, with what was typed and a message saying that nothing
    was sent and when to try again; status 429 (Too Many Requests) and Retry-After."""
    response = render(request, template, {**context, "refusal": refusal}, status=429)
    response["Retry-After"] = str(refusal.retry_after)
    return response
