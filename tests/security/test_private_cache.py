"""Private answers are never cached (config.middleware.PrivateNoStoreMiddleware).

Every URL of the table (routes.py) that is not public, read and posted to by the role that
may use it (its pages, redirects, refusals, exports and file downloads), says
``Cache-Control: private, no-store``; so do the public pages read while logged in (their
menu names the person) and every admin page. Public pages read anonymously keep the
headers they had: cacheable, no ``private``.
"""

import pytest
from django.db import transaction
from django.utils.cache import get_max_age

from .helpers import logged_in
from .pages import admin_paths
from .routes import ACTOR, PUBLIC, ROUTES, url

pytestmark = pytest.mark.django_db


def _directives(response) -> set[str]:
    return {part.strip().lower() for part in response.get("Cache-Control", "").split(",") if part}


def _cacheable(response) -> bool:
    return not {"private", "no-store"} & _directives(response)


def test_every_private_url_says_private_no_store(world, roles, clients, monkeypatch):
    """As the role that may use it (logged in: a token's holder is tried logged in too)."""
    monkeypatch.setattr("documents.services.document_build", lambda **kwargs: None)
    data = {"campagne": world.objects["closed_campaign"].pk, "methode": 1}
    seen = {}
    for name, route in ROUTES.items():
        if route.scope == PUBLIC:
            continue
        role, owner = ACTOR[route.scope]
        client = clients[role if roles[role] is not None else "contributor_a"]
        path = url(name, world, owner)
        seen[f"GET {name}"] = client.get(path)  # a 405 where the view takes POST only
        if route.post:
            with transaction.atomic():
                who = roles[role] or roles["contributor_a"]
                seen[f"POST {name}"] = logged_in(who).post(path, data)  # logging out ends it
                transaction.set_rollback(True)
    assert len(seen) > 90
    cached = {what: r.get("Cache-Control") for what, r in seen.items() if _cacheable(r)}
    assert cached == {}
    statuses = {response.status_code for response in seen.values()}
    assert {200, 302, 405} <= statuses  # pages, redirects and refusals alike


def test_public_pages_are_private_to_a_logged_in_reader(world, clients):
    paths = [url(n, world, "a") for n, route in ROUTES.items() if route.scope == PUBLIC]
    for path in paths:
        response = clients["contributor_a"].get(path)
        assert {"private", "no-store"} <= _directives(response), path


def test_public_pages_stay_cacheable_for_anonymous_readers(world, clients):
    """What they sent before: no Cache-Control at all, but Django's own never_cache on the
    login page."""
    sent = {
        name: clients["anonymous"].get(url(name, world, "a")).get("Cache-Control")
        for name, route in ROUTES.items()
        if route.scope == PUBLIC and route.get
    }
    never_cache = {"accounts:login", "healthz"}
    assert {name for name, header in sent.items() if header} == never_cache


def test_every_admin_page_says_private_no_store(world, clients):
    pages = admin_paths()
    assert len(pages) > 100
    for path in pages:
        response = clients["admin"].get(path)
        assert {"private", "no-store"} <= _directives(response), path


def test_a_header_that_already_says_no_store_is_kept(client, admin_user):
    """The admin's never_cache header (max-age=0, must-revalidate...) stays whole."""
    client.force_login(admin_user)
    response = client.get("/admin/")
    assert get_max_age(response) == 0
    assert {"no-cache", "no-store", "must-revalidate", "private"} <= _directives(response)
