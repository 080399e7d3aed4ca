"""The permission walk: try one URL as every role and check what each one gets.

Expected outcomes: an HTTP status (200, 302, 403, 404, 405) or "login", which means a
redirect to the login page. ``hidden`` is text of company A that must never appear in a
response to someone who may not read it.
"""

from django.conf import settings
from django.test import Client
from django.urls import reverse

LOGIN = "login"


def outcome(client: Client, user, method: str, url: str, data: dict | None = None):
    client.logout()
    if user is not None:
        client.force_login(user)
    response = getattr(client, method.lower())(url, data or {})
    if response.status_code == 302 and response["Location"].startswith(reverse(settings.LOGIN_URL)):
        return LOGIN, response
    return response.status_code, response


def walk(
    client: Client, roles: dict, method: str, url: str, expected: dict, *, data=None, hidden=None
):
    """Assert the outcome of ``method url`` for each role named in ``expected``."""
    seen = {}
    for role, want in expected.items():
        got, response = outcome(client, roles[role], method, url, data)
        seen[role] = got
        if hidden and want in (LOGIN, 403, 404):
            assert hidden not in response.content.decode(errors="replace"), (role, url)
    assert seen == expected, f"{method} {url}"
