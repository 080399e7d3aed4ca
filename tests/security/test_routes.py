"""The table of URLs the security tests use (routes.py) stays complete and true.

The URL patterns are read from the resolver: a pattern added without a line in ``ROUTES``
fails here, so a new URL cannot escape the cross-company, CSRF and read-only tests; its
author has to say who may reach it, which methods it answers and how its parameters are
filled. The table is then checked against the views themselves.
"""

import pytest
from django.db import transaction

from .helpers import logged_in
from .routes import ACTOR, ROUTES, admin_urls, public_patterns, site_patterns, url

pytestmark = pytest.mark.django_db


def test_every_url_of_the_site_is_in_the_table():
    """Every named pattern outside the admin has its line in ROUTES, and every line of
    ROUTES is still a pattern (a renamed URL must not leave its old line behind)."""
    patterns = {pattern.name for pattern in public_patterns()}

    missing = sorted(patterns - set(ROUTES))
    stale = sorted(set(ROUTES) - patterns)

    assert not missing, (
        f"New URLs {missing}: add each to tests/security/routes.py ROUTES with its scope, "
        "methods and how to fill its parameters."
    )
    assert not stale, f"ROUTES names URLs that no longer exist: {stale}"


def test_every_parameter_of_every_url_is_filled():
    """The table fills exactly the parameters each pattern takes (no unnamed groups)."""
    wrong = {
        pattern.name: (sorted(pattern.converters), sorted(ROUTES[pattern.name].kwargs))
        for pattern in public_patterns()
        if pattern.name in ROUTES
        and (set(pattern.converters) != set(ROUTES[pattern.name].kwargs) or pattern.positional)
    }
    assert not wrong, f"pattern parameters vs the table's: {wrong}"


def test_every_admin_url_can_be_filled(world):
    """Each admin pattern is filled from the model it serves; a new kind of admin URL (new
    parameters) fails here until routes.admin_urls learns it."""
    unknown = [
        (pattern.name, pattern.route)
        for pattern in site_patterns()
        if pattern.in_admin and admin_urls(pattern) is None
    ]
    assert not unknown


def test_the_table_says_what_the_views_do(world, roles, clients, monkeypatch):
    """With the objects the table names, the role that may use a URL reaches it: GET and
    POST are refused with 405 exactly where the table says the view does not answer them,
    and are otherwise never refused (403, 404). This proves that the parameters the other
    tests fill name existing objects, so that their 404s are refusals, not typos.

    POSTs run in a transaction rolled back after each request, with PDF making stubbed.
    """
    monkeypatch.setattr("documents.services.document_build", lambda **kwargs: None)
    # What the publishing forms post: the campaign and the palmarès method's version.
    data = {"campagne": world.objects["closed_campaign"].pk, "methode": 1}
    wrong = {}
    for name, route in ROUTES.items():
        role, owner = ACTOR[route.scope]
        path = url(name, world, owner)
        got = clients[role].get(path).status_code
        if got in (403, 404) or (got == 405) == route.get:
            wrong[f"GET {name}"] = got
        with transaction.atomic():
            got = logged_in(roles[role]).post(path, data).status_code  # logging out ends it
            transaction.set_rollback(True)
        if got in (403, 404) or (got == 405) == route.post:
            wrong[f"POST {name}"] = got
    assert not wrong, f"as the role that may use each URL: {wrong}"
