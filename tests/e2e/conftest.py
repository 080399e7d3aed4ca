"""End-to-end tests: a real Chromium (Debian's /usr/bin/chromium, never a downloaded one)
driven by pytest-playwright against pytest-django's live server.

Every test here is transactional (the live server's thread must see what the test writes)
and asks for a serialized rollback, so that the charter's reference data, loaded by
migrations and flushed after each test, is there again for the tests that follow.
"""

import os
import re
from pathlib import Path
from types import SimpleNamespace

import pytest

# Playwright's sync API runs an event loop in the test's thread; Django refuses database
# access from such a thread unless told it is safe (it is: nothing here is async).
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = "/usr/bin/chromium"
FAILURES_DIR = Path(__file__).resolve().parents[2] / "var" / "e2e-failures"
TIMEOUT_MS = 15_000


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    here = Path(__file__).parent
    for item in items:
        if Path(str(item.fspath)).is_relative_to(here):
            item.add_marker(pytest.mark.e2e)


def pytest_configure(config: pytest.Config) -> None:
    # pytest-playwright's own base_url fixture triggers this deprecation; nothing of ours.
    config.addinivalue_line(
        "filterwarnings",
        "ignore:Session-scoped fixtures defined as instance methods"
        ":pytest.PytestRemovedIn10Warning",
    )


# --- The browser ----------------------------------------------------------------------------


@pytest.fixture(scope="session", autouse=True)
def _one_connection_per_database(request, django_db_setup):
    """Keep one Django connection object per database once the browser is driven.

    Playwright's sync API leaves an asyncio loop running in this thread; asgiref's Local
    then gives each context its own connections, so Django would hand out new connection
    objects without the serialized reference data that ``serialized_rollback`` restores
    after each flush. Point them back at the objects the test database was set up with.
    """
    from django.db import connections

    wrappers = {alias: connections[alias] for alias in connections}
    request.getfixturevalue("playwright")  # starts the loop
    for alias, wrapper in wrappers.items():
        connections[alias] = wrapper


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args: dict) -> dict:
    """Debian's Chromium, headless, with nothing that calls home."""
    return {
        **browser_type_launch_args,
        "executable_path": CHROMIUM,
        "args": [
            "--no-sandbox",
            "--disable-gpu",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
        ],
    }


def _prepared(context):
    context.set_default_timeout(TIMEOUT_MS)
    # The site has no icon: answer the browser's request for one without bothering the
    # live server, whose database connection the test's thread shares (in-memory SQLite).
    context.route("**/favicon.ico", lambda route: route.fulfill(status=204))
    return context


@pytest.fixture
def context(new_context):
    return _prepared(new_context())


@pytest.fixture
def open_context(new_context):
    """Another browser context (another person, or no JavaScript): ``open_context(**args)``.
    The contexts made are kept in ``open_context.contexts`` for the failure screenshots."""

    def make(**kwargs):
        context = _prepared(new_context(**kwargs))
        make.contexts.append(context)
        return context

    make.contexts = []
    return make


# --- A screenshot of every failure ----------------------------------------------------------


@pytest.fixture(scope="session", autouse=True)
def _forget_old_failures():
    """var/e2e-failures/ holds the screenshots of the last run's failures only."""
    for old in FAILURES_DIR.glob("*.png"):
        old.unlink()


def _open_pages(item: pytest.Item) -> list:
    """The test's ``page`` first, then those of the other contexts it opened."""
    funcargs = getattr(item, "funcargs", {})
    pages = [funcargs["page"]] if "page" in funcargs else []
    for context in getattr(funcargs.get("open_context"), "contexts", []):
        pages += context.pages
    return [page for page in pages if not page.is_closed()]


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo):
    """When a test fails, a screenshot of each of its pages: var/e2e-failures/<test>.png
    for ``page`` (or the first page opened), <test>-2.png... for the others."""
    outcome = yield
    report = outcome.get_result()
    if report.when not in ("setup", "call") or not report.failed:
        return
    pages = _open_pages(item)
    if not pages:
        return
    FAILURES_DIR.mkdir(parents=True, exist_ok=True)
    name = re.sub(r"[^\w.-]+", "_", item.name).strip("_")
    lines = []
    for number, page in enumerate(pages, start=1):
        path = FAILURES_DIR / (f"{name}.png" if number == 1 else f"{name}-{number}.png")
        try:
            page.screenshot(path=str(path), full_page=True)
        except Exception as error:  # a failed screenshot must not hide the failure
            lines.append(f"{page.url}: no screenshot ({error})")
            continue
        lines.append(f"{path} (page at {page.url})")
        report.user_properties.append(("screenshot", str(path)))
    report.sections.append(("e2e screenshots", "\n".join(lines)))


# --- The site ---------------------------------------------------------------------------------


@pytest.fixture(autouse=True)
def _e2e_settings(settings, tmp_path):
    # Uploaded evidence and generated PDFs go to a throw-away folder.
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def data(live_server):
    """A small data set in the live server's database: a committee member, a company that
    committed to measures 2.1 (training) and 2.2 (jobs located in France) with one
    contributor, and an open campaign."""
    from charter.models import Measure
    from signatories.models import Commitment
    from tests.factories import CampaignFactory, CompanyFactory, MembershipFactory, UserFactory

    committee = UserFactory(
        email="comite@example.org", full_name="Camille Comité", is_committee_member=True
    )
    company = CompanyFactory(legal_name="Alpha Contact SAS")
    contributor = MembershipFactory(
        company=company, user__email="a@example.org", user__full_name="Anne Alpha"
    ).user
    for code in ("2.1", "2.2"):
        Commitment.objects.create(company=company, measure=Measure.objects.get(code=code))
    campaign = CampaignFactory(name="Campagne e2e")
    return SimpleNamespace(
        url=live_server.url,
        committee=committee,
        company=company,
        contributor=contributor,
        campaign=campaign,
        measures={code: Measure.objects.get(code=code) for code in ("2.1", "2.2")},
    )
