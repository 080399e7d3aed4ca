"""Reading pages: a GET changes nothing, and typed text is always printed escaped.

Every URL that answers GET (read from the resolver through routes.py) is read by every role,
anonymous included, on a world whose typed text carries script payloads (world.py). The
administrator also reads every admin page. One reading serves both guarantees, since it is
the slowest part of the security tests.
"""

import pytest

from .pages import admin_paths, read_every_page, site_paths
from .world import LABELS

pytestmark = pytest.mark.django_db


def test_every_page_as_every_role_changes_nothing_and_escapes_typed_text(world, clients):
    """For every role and every page:

    - the GET changes no row of any table (history tables included; see
      helpers.database_state), so links, prefetching browsers and crawlers change nothing;
    - no HTML page prints a payload as markup;
    - every response says what it is (Content-Type, and nosniff so that a browser never
      reads a CSV, JSON or PDF download as HTML);
    - each payload (company name, site, certification, commitment target, campaign name,
      report answers and figures, review comments, the return reason and the answer,
      invitation e-mail, file name, the applicant's texts, a user's name) is shown escaped
      on at least one page: the check above really met it.
    """
    reading = read_every_page(clients, {role: site_paths(world, role) for role in clients})

    assert not reading.changed, f"GETs that changed the database: {reading.changed}"
    assert not reading.raw, f"payloads printed as markup: {reading.raw}"
    assert not reading.untyped, reading.untyped
    # Two states no URL of the table shows (a running document, a refused application)
    # are read in test_escaping.py.
    shown_elsewhere = {"documentStep", "refusalReason"}
    assert set(reading.labels_never_shown) <= shown_elsewhere, reading.labels_never_shown
    assert reading.pages > 6 * 40


def test_every_admin_page_changes_nothing_and_escapes_typed_text(world, clients):
    """The administrator reads every admin page (lists, forms, histories, deletion
    confirmations) of the same world: nothing changes, no payload is printed as markup,
    and the payloads do appear, escaped, in the admin's lists and forms."""
    reading = read_every_page({"admin": clients["admin"]}, {"admin": admin_paths()})

    assert not reading.changed, f"GETs that changed the database: {reading.changed}"
    assert not reading.raw, f"payloads printed as markup: {reading.raw}"
    assert not reading.untyped, reading.untyped
    assert len(reading.labels_never_shown) < len(LABELS) / 2
    assert reading.pages > 100
