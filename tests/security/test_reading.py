"""Reading the admin's pages: a GET changes nothing, typed text is always printed escaped,
and no page is kept by a cache.

The administrator reads every admin page (read from the resolver, filled with objects of the
world: resolver.admin_urls). The site's own pages are read by every role in
test_permissions.py, which checks the same of them.
"""

import pytest

from .helpers import body, cache_directives, changes, database_state, is_html
from .resolver import admin_urls, site_patterns
from .world import LABELS, RAW_MARKERS, escaped

pytestmark = pytest.mark.django_db


def admin_paths() -> list[str]:
    """Every admin URL, filled with existing objects."""
    return [path for p in site_patterns() if p.in_admin for path in admin_urls(p) or []]


def test_every_admin_page_changes_nothing_escapes_typed_text_and_is_private(world, clients):
    """The administrator reads every admin page (lists, forms, histories, deletion
    confirmations) of the world:

    - the GETs change no row of any table (history tables included);
    - no payload is printed as markup, and the payloads do appear, escaped, in the admin's
      lists and forms;
    - every response says what it is (Content-Type, nosniff) and ``Cache-Control: private,
      no-store`` (config.middleware.PrivateNoStoreMiddleware).
    """
    client = clients["admin"]
    paths = admin_paths()
    before = database_state()
    raw, untyped, cached, shown = {}, {}, {}, set()
    for path in paths:
        response = client.get(path)
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

    assert len(paths) > 100
    assert not changed, f"GETs that changed the database: {changed}"
    assert not raw, f"payloads printed as markup: {raw}"
    assert not untyped, untyped
    assert not cached, cached
    assert len(shown) > len(LABELS) / 2
