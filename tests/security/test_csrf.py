"""CSRF protection on every POST of the site and of the admin.

The URLs come from the permission table (permissions.py) and, for the admin, from the
resolver (resolver.py): each is posted to by the role that may use it,
through a client that enforces CSRF checks as a browser would meet them, without a token
and with a forged one. The CSRF check must refuse each request itself (its failure view
answers, not the view's own 403) and nothing may change. Then the same client, with the
token the page gave, gets through: the refusals are not an artefact of the test client.
"""

import pytest
from django.conf import settings

from accounts.models import User
from signatories.models import Site

from .helpers import CSRF_MARK, body, changes, database_state, logged_in
from .permissions import ACTOR, TABLE
from .resolver import admin_urls, site_patterns, url

pytestmark = pytest.mark.django_db

FORGED_COOKIE = "A" * 32  # a well-formed secret...
FORGED_TOKEN = "B" * 32  # ...and a token that does not match it


@pytest.fixture(autouse=True)
def _marked_csrf_failures(settings):
    settings.CSRF_FAILURE_VIEW = "tests.security.helpers.csrf_failure"


def every_post(world) -> list[tuple[str, str]]:
    """(role, path) for every URL of the site, posted to by the role that may use it, and
    for every admin URL, posted to by the administrator."""
    posts = []
    for name, row in TABLE.items():
        posts.append((ACTOR[row.scope][0], url(name, world)))
    for pattern in site_patterns():
        if pattern.in_admin:
            posts += [("admin", path) for path in admin_urls(pattern) or []]
    return posts


@pytest.mark.parametrize("token", ["missing", "forged"])
def test_every_post_without_a_valid_token_is_refused_and_changes_nothing(world, roles, token):
    """Every URL, site and admin alike, answers a POST without a valid CSRF token with the
    CSRF check's 403, and no row changes."""
    clients = {}
    for role, user in roles.items():
        clients[role] = logged_in(user, enforce_csrf_checks=True)
        if token == "forged":
            clients[role].cookies[settings.CSRF_COOKIE_NAME] = FORGED_COOKIE
    data = {"csrfmiddlewaretoken": FORGED_TOKEN} if token == "forged" else {}
    posts = every_post(world)
    before = database_state()

    accepted = {}
    for role, path in posts:
        response = clients[role].post(path, {**data, "name": "changed", "language": "en"})
        if response.status_code != 403 or CSRF_MARK not in body(response):
            accepted[path] = (role, response.status_code)

    assert not accepted, f"POSTs not refused by the CSRF check: {accepted}"
    assert not changes(before, database_state())
    assert len(posts) > len(TABLE)  # the admin's URLs were tried too


def _token(client, path: str) -> str:
    """The CSRF token of the form on ``path``, as a browser would send it back."""
    response = client.get(path)
    assert response.status_code == 200
    return response.context["csrf_token"]


def test_with_the_token_the_same_posts_get_through(world, roles):
    """The enforcing client does send a valid token when it has one: logging in, changing
    the language and saving a site then work. So the refusals above are the CSRF check's."""
    client = logged_in(None, enforce_csrf_checks=True)
    login = url("login", world)
    response = client.post(
        login,
        {
            "username": "a@example.org",
            "password": "correct-horse-battery",
            "csrfmiddlewaretoken": _token(client, login),
        },
    )
    assert response.status_code == 302
    assert client.session.get("_auth_user_id") == str(roles["contributor_a"].pk)

    site_path = url("site_edit", world)
    token = _token(client, site_path)
    response = client.post(
        url("set_language", world), {"language": "en", "csrfmiddlewaretoken": token}
    )
    assert response.status_code == 302
    assert User.objects.get(pk=roles["contributor_a"].pk).language == "en"

    response = client.post(
        site_path,
        {
            "name": "Site renommé",
            "city": "Lille",
            "country": "FR",
            "seats": 10,
            "headcount": 12,
            "csrfmiddlewaretoken": token,
        },
    )
    assert response.status_code == 302
    assert Site.objects.get(pk=world.ids["a"]["site"]).name == "Site renommé"


def test_logging_out_without_the_token_keeps_the_session(world, roles):
    """A forged logout (a link or a form on another site) does not end the session."""
    client = logged_in(roles["contributor_a"], enforce_csrf_checks=True)

    response = client.post(url("logout", world))

    assert response.status_code == 403
    assert client.get(url("company_detail", world)).status_code == 200
