"""Reading the admin's pages: each one answers, a GET changes nothing, typed text is always
printed escaped, and no page is kept by a cache.

The administrator reads every admin page (read from the resolver, filled with objects of the
world: resolver.admin_urls). The site's own pages are read by every role in
test_permissions.py, which checks the same of them.
"""

import pytest
from django.contrib import admin
from django.test import RequestFactory

from .helpers import body, cache_directives, changes, database_state, is_html
from .resolver import Pattern, _model_admin, admin_urls, site_patterns
from .world import LABELS, RAW_MARKERS, escaped

pytestmark = pytest.mark.django_db

# The admin's URLs that are no page to read, and what they answer a GET: the login page
# sends someone logged in on, logging out takes a POST, the autocomplete answers the admin's
# widgets only (with their parameters), and the world's companies have no page of their own
# to view on the site.
NOT_PAGES = {
    "admin:login": 302,
    "admin:logout": 405,
    "admin:autocomplete": 403,
    "admin:view_on_site": 404,
}
# Every model of the admin has its pages read on an object of the world; the task results'
# admin belongs to django-tasks-db, which tests it.
MODELS = [m for m in admin.site._registry if m._meta.app_label != "django_tasks_database"]
PAGES = ("changelist", "add", "change", "history")


def admin_pages() -> list[tuple[Pattern, str]]:
    """Every admin URL, filled with existing objects, with its pattern."""
    return [(p, path) for p in site_patterns() if p.in_admin for path in admin_urls(p) or []]


def expected_status(pattern: Pattern, request) -> int:
    """200, but for the URLs that are no page, and the add and delete pages of models whose
    admin refuses to add or delete (reports and evidence are made in the site, publications
    are kept...)."""
    if pattern.name in NOT_PAGES:
        return NOT_PAGES[pattern.name]
    model_admin = _model_admin(pattern.callback)
    if pattern.name.endswith("_add"):
        return 200 if model_admin.has_add_permission(request) else 403
    if pattern.name.endswith("_delete"):
        first = model_admin.model._default_manager.order_by("pk").first()
        return 200 if model_admin.has_delete_permission(request, first) else 403
    return 200


def test_every_admin_page_answers_changes_nothing_escapes_typed_text_and_is_private(
    world, clients, roles
):
    """The administrator reads every admin page (lists, searches in them, forms, histories,
    deletion confirmations) of the world:

    - each answers 200, or 403 where the model's admin refuses to add or delete (and the
      few admin URLs that are no page answer as they do: ``NOT_PAGES``); every model of the
      admin has its list, add form, change form and history read;
    - the GETs change no row of any table (history tables included);
    - no payload is printed as markup, and the payloads do appear, escaped, in the admin's
      lists and forms;
    - every response says what it is (Content-Type, nosniff) and ``Cache-Control: private,
      no-store`` (config.middleware.PrivateNoStoreMiddleware).
    """
    client = clients["admin"]
    request = RequestFactory().get("/admin/")
    request.user = roles["admin"]
    pages = admin_pages()
    searches = [(p, f"{path}?q=a") for p, path in pages if p.name.endswith("_changelist")]
    read = {pattern.name for pattern, _path in pages}
    unread = [
        f"{model._meta.label} {page}"
        for model in MODELS
        for page in PAGES
        if f"admin:{model._meta.app_label}_{model._meta.model_name}_{page}" not in read
    ]
    before = database_state()
    wrong, raw, untyped, cached, shown = {}, {}, {}, {}, set()
    for pattern, path in pages + searches:
        response = client.get(path)
        if response.status_code != (want := expected_status(pattern, request)):
            wrong[path] = (response.status_code, want)
        if response.get("X-Content-Type-Options") != "nosniff" or not response.get("Content-Type"):
            untyped[path] = response.get("Content-Type")
        if not {"private", "no-store"} <= cache_directives(response):
            cached[path] = response.get("Cache-Control")
        if is_html(response):
            text = body(response)
            if found := [marker for marker in RAW_MARKERS if marker in text]:
                raw[path] = found
            shown |= {label for label in LABELS if escaped(label) in text}
    changed = changes(before, database_state())

    assert len(pages) > 100
    assert not unread, f"admin pages without an object of the world to read: {unread}"
    assert not wrong, f"admin pages that did not answer as expected (got, expected): {wrong}"
    assert not changed, f"GETs that changed the database: {changed}"
    assert not raw, f"payloads printed as markup: {raw}"
    assert not untyped, untyped
    assert not cached, cached
    assert len(shown) > len(LABELS) / 2
