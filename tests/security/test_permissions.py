"""The permission table (permissions.py) is complete and true.

The URL patterns are read from the resolver: a pattern without a row fails here, so a new
URL cannot escape the permission, CSRF, cross-company and read-only tests.

Then every row, every case of it and every id that names nothing is tried as each role, GET
and POST (``test_every_url_as``), and each answer checked for what the table says and for
what holds of every answer: no leak, private to a logged-in person
(config.middleware.PrivateNoStoreMiddleware), no change to the database on a read, typed
text escaped, a declared content type.
"""

from dataclasses import dataclass, field

import pytest
from django.conf import settings
from django.core.cache import caches
from django.db import transaction
from django.test import override_settings
from django.urls import reverse
from django.utils.cache import get_max_age

from .helpers import body, cache_directives, changes, database_state, is_html, logged_in
from .permissions import (
    COMPANY,
    CONFIRMED,
    DATA,
    LOGIN,
    MEMBERS,
    OWNER,
    PUBLIC,
    REFUSALS,
    ROLES,
    TABLE,
    Row,
    Tried,
    every_case,
    owner_of,
    tried_by,
)
from .resolver import (
    admin_urls,
    full_names,
    path,
    public_patterns,
    site_patterns,
    url,
    value,
)
from .world import COMPANY_NAMES, LABELS, RAW_MARKERS, STATES, World, escaped

pytestmark = pytest.mark.django_db

DUMMY_TASKS = "django_tasks.backends.dummy.DummyBackend"
# Payloads of states no URL of the table shows (test_escaping.py reads them).
NOT_LISTED = {"documentStep", "refusalReason"}


# --- The table is complete ------------------------------------------------------------------


def test_every_url_of_the_site_has_a_row():
    """Every named pattern outside the admin has its row, by its name without namespace
    (unique), and every row is still a pattern (a renamed URL leaves no row behind)."""
    names = full_names()
    twice = {bare: full for bare, full in names.items() if isinstance(full, list)}
    missing = sorted(set(names) - set(TABLE))
    stale = sorted(set(TABLE) - set(names))

    assert not twice, f"URL names used in two namespaces: {twice}"
    assert not missing, (
        f"New URLs {missing}: add a row for each to tests/security/permissions.py, saying "
        "who may use it and how its parameters are filled."
    )
    assert not stale, f"The table has rows for URLs that no longer exist: {stale}"


def test_every_parameter_of_every_url_is_filled():
    """The table fills exactly the parameters each pattern takes (no unnamed groups)."""
    wrong = {}
    for pattern in public_patterns():
        row = TABLE.get(pattern.name.rsplit(":", 1)[-1])
        if row and (set(pattern.converters) != set(row.kwargs) or pattern.positional):
            wrong[pattern.name] = (sorted(pattern.converters), sorted(row.kwargs))
    assert not wrong, f"pattern parameters vs the table's: {wrong}"


def test_every_admin_url_can_be_filled(world):
    """Each admin pattern is filled from the model it serves; a new kind of admin URL (new
    parameters) fails here until resolver.admin_urls learns it."""
    unknown = [
        (pattern.name, pattern.route)
        for pattern in site_patterns()
        if pattern.in_admin and admin_urls(pattern) is None
    ]
    assert not unknown


# --- The walk -------------------------------------------------------------------------------


@dataclass
class Walk:
    """What trying every case of the table as one role gave."""

    checks: int = 0
    wrong: dict[str, tuple] = field(default_factory=dict)  # case -> got, want
    leaks: dict[str, list[str]] = field(default_factory=dict)  # case -> texts shown
    not_private: dict[str, str] = field(default_factory=dict)  # request -> Cache-Control
    anonymous_cache: dict[str, tuple] = field(default_factory=dict)  # page -> header, never_cache
    changed: dict[str, dict] = field(default_factory=dict)  # requests -> tables changed
    raw: dict[str, list[str]] = field(default_factory=dict)  # request -> payloads as markup
    untyped: dict[str, str] = field(default_factory=dict)  # request -> what is missing
    escaped_seen: set[str] = field(default_factory=set)  # payload labels shown escaped


def _outcome(response) -> int | str:
    login = reverse(settings.LOGIN_URL)
    if response.status_code == 302 and response["Location"].startswith(login):
        return LOGIN
    return response.status_code


class Walker:
    """Tries every case of the table as one role, with one client logged in as it."""

    def __init__(self, world: World, role: str, user):
        self.world, self.role, self.seen = world, role, Walk()
        self.client = logged_in(user)

    def walk(self) -> Walk:
        """GETs first, then POSTs, the database checked after each batch; then the cases
        that need another state of the world, each in a transaction undone (their views'
        reads were checked in the first batch: only the data differs)."""
        every = every_case()
        plain = [tried for tried in every if not tried.row.state]
        state = database_state()
        for tried in plain:
            self.each(tried, "GET")
        if self.role == "contributor_b":  # B's own pages: read-only and escaped as well
            self.read_own_pages()
        state = self.unchanged("GET", state)
        for tried in plain:
            self.each(tried, "POST")
        self.unchanged("refused POST", state)
        for tried in every:
            if tried.row.state:
                with transaction.atomic():
                    STATES[tried.row.state](self.world)
                    self.each(tried, "GET")
                    self.each(tried, "POST")
                    transaction.set_rollback(True)
        return self.seen

    def unchanged(self, what: str, before: dict) -> dict:
        """Record the tables of the database that changed since ``before``; the state now."""
        after = database_state()
        if changed := changes(before, after):
            self.seen.changed[what] = changed
        return after

    def each(self, tried: Tried, method: str) -> None:
        """``method`` on the case's URL. A POST that may get through runs in a transaction
        rolled back, with the client's session cookie kept as it was."""
        if method not in tried.methods or not tried_by(tried, self.role):
            return
        where = path(tried.name, tried.row, self.world)
        if method == "GET" or tried.row.outcome(method, self.role) in REFUSALS:
            self.check(tried, method, self.send(method, where, tried.row))
            return
        cookies = self.client.cookies
        self.client.cookies = type(cookies)(cookies)
        with transaction.atomic():
            self.check(tried, method, self.send(method, where, tried.row))
            transaction.set_rollback(True)
        self.client.cookies = cookies

    def read_own_pages(self) -> None:
        for name, row in TABLE.items():
            if row.scope == COMPANY and row.get is not None:
                self.send("GET", path(name, row, self.world, OWNER[self.role]), row)

    def send(self, method: str, where: str, row: Row):
        """One request, and the checks that hold for any answer."""
        if method == "GET":
            response = self.client.get(where)
        else:
            caches["ratelimit"].clear()  # each POST as the first of the hour
            response = self.client.post(where, self.data(row, where))
        what = f"{method} {where}"
        if self.role != "anonymous" and not {"private", "no-store"} <= cache_directives(response):
            self.seen.not_private[what] = response.get("Cache-Control")
        if response.get("X-Content-Type-Options") != "nosniff":
            self.seen.untyped[what] = "no X-Content-Type-Options: nosniff"
        if not response.get("Content-Type"):
            self.seen.untyped[what] = "no Content-Type"
        if is_html(response):
            text = body(response)
            if found := [marker for marker in RAW_MARKERS if marker in text]:
                self.seen.raw[what] = found
            self.seen.escaped_seen |= {label for label in LABELS if escaped(label) in text}
        return response

    def data(self, row: Row, where: str) -> dict:
        """What the POST of ``row`` sends; a confirmation reads the preview it confirms."""
        owner = owner_of(row)
        if row.data != CONFIRMED:
            data = DATA if row.data is None else row.data
            return {key: value(self.world, of, owner) for key, of in data.items()}
        data = {key: value(self.world, of, owner) for key, of in row.query.items()}
        preview = self.client.get(where)
        if preview.status_code == 200:
            initial = preview.context["form"].initial
            data |= {"fingerprint": initial["fingerprint"], "replaces": initial["replaces"] or ""}
            if initial["provisional"]:
                data["provisional"] = "on"
        return data

    def check(self, tried: Tried, method: str, response) -> None:
        """The answer is the table's and shows nothing the role may not read."""
        self.seen.checks += 1
        row, case = tried.row, f"{method} {tried.label}"
        got, want = _outcome(response), row.outcome(method, self.role)
        if got != want:
            self.seen.wrong[case] = (got, want)
        hidden = list(COMPANY_NAMES) if row.shows_no_company else []
        if got in REFUSALS and self.role not in MEMBERS:
            shown_all_the_same = set(row.refusal_shows)
            theirs = self.world.not_theirs(OWNER.get(self.role))
            hidden += [text for text in theirs if text not in shown_all_the_same]
        text = body(response)
        if shown := [word for word in hidden if word in text]:
            self.seen.leaks[case] = shown
        if self.role == "anonymous" and method == "GET" and row.scope == PUBLIC and got == 200:
            header = response.get("Cache-Control", "")
            self.seen.anonymous_cache[tried.label] = (header, row.never_cache)


@pytest.mark.parametrize("role", ROLES)
def test_every_url_as(role, world, roles):
    """Every case of every row as ``role``, GET and POST:

    - the role gets what the table says (a status, or the login page);
    - a refusal shows none of the other side's texts (B's and AFRC's secrets, A's
      payloads); the published barometer names no company, whoever reads it;
    - every answer to someone logged in says ``Cache-Control: private, no-store``: pages,
      redirects, refusals, exports and files alike, public pages included (their menu
      names the person); public pages read anonymously keep what they sent before: no
      Cache-Control, but Django's own never_cache on a few;
    - reading changes no row of any table (history tables included; see
      helpers.database_state), so links, prefetching browsers and crawlers change nothing;
      nor does a refused POST (a POST that gets through is rolled back);
    - no HTML answer prints a payload of world.py as markup; the committee, which reads
      every company's data, meets each payload, escaped, on some page (but for two states
      no URL shows: a document being made, a refused application; see test_escaping.py);
    - every answer says what it is (Content-Type, and nosniff, so that a browser never
      reads a CSV, JSON or PDF download as HTML).

    PDF documents asked for are queued, never made.
    """
    with override_settings(TASKS={"default": {"BACKEND": DUMMY_TASKS}}):
        seen = Walker(world, role, roles[role]).walk()

    problems = {
        "not as tests/security/permissions.py says (got, expected)": seen.wrong,
        "refusals showing what the role may not read": seen.leaks,
        "answers without Cache-Control: private, no-store": seen.not_private,
        "requests that changed the database": seen.changed,
        "payloads printed as markup": seen.raw,
        "answers that do not say what they are": seen.untyped,
    }
    if role == "anonymous":  # Django's never_cache on a few, else no Cache-Control
        problems["public pages whose Cache-Control is not what it was"] = {
            label
            for label, (header, never_cache) in seen.anonymous_cache.items()
            if bool(header) != never_cache
        }
    if role in MEMBERS:
        problems["payloads never shown escaped"] = set(LABELS) - seen.escaped_seen - NOT_LISTED
    tried = [tried for tried in every_case() if tried_by(tried, role)]
    assert seen.checks == sum(len(each.methods) for each in tried)  # the walk did run
    assert not {what: found for what, found in problems.items() if found}


# --- What the table cannot say --------------------------------------------------------------


def test_a_header_that_already_says_no_store_is_kept(client, admin_user):
    """The admin's never_cache header (max-age=0, must-revalidate...) stays whole."""
    client.force_login(admin_user)
    response = client.get("/admin/")
    assert get_max_age(response) == 0
    assert {"no-cache", "no-store", "must-revalidate", "private"} <= cache_directives(response)


def test_an_administrator_made_a_member_holds_the_powers(world, superuser_not_member):
    """The table's ``superuser`` has no committee power; made a member, the same account
    has them, and keeps the admin."""
    made_member = type(superuser_not_member).objects.get(pk=superuser_not_member.pk)
    made_member.is_committee_member = True
    made_member.save(update_fields=["is_committee_member"])
    client = logged_in(made_member)
    assert client.get(url("review_queue", world)).status_code == 200
    assert client.get("/admin/").status_code == 200


def test_the_follow_up_link_is_shown_to_committee_members_only(
    world, superuser_not_member, committee_member
):
    dashboard = url("dashboard", world)
    assert f'href="{dashboard}"' not in logged_in(superuser_not_member).get("/").content.decode()
    assert f'href="{dashboard}"' in logged_in(committee_member).get("/").content.decode()
