"""The read replica (core.routers): the committee's read-only pages read from it; every
other page, every write and every request that writes stay on the primary.

The suite runs without DATABASE_REPLICA_URL, so this module adds a ``replica`` database the
way the settings do it in tests: a mirror of the test database of ``default`` (another
connection to the same database). The data must be committed for that other connection to
see it, hence transactional tests.
"""

import pytest
from django.db import connections
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from core.routers import REPLICA, ReplicaRouter, reads_from_replica, replica_reads
from followup.models import Campaign
from tests.factories import CampaignFactory, UserFactory

pytestmark = pytest.mark.django_db(transaction=True, databases=["default", REPLICA])


@pytest.fixture(scope="module", autouse=True)
def replica_alias(django_db_setup, django_db_blocker):
    """A ``replica`` alias mirroring ``default``, as DATABASE_REPLICA_URL makes it in tests."""
    if REPLICA in connections.settings:  # the suite was started with DATABASE_REPLICA_URL
        yield
        return
    primary = connections["default"].settings_dict
    connections.settings[REPLICA] = {
        **primary,
        "ATOMIC_REQUESTS": False,
        "TEST": {**primary["TEST"], "MIRROR": "default"},
    }
    yield
    with django_db_blocker.unblock():
        replica = connections[REPLICA]
        if replica.connection is not None:
            replica.connection.close()  # even an in-memory SQLite database's
            replica.connection = None
    del connections[REPLICA]
    del connections.settings[REPLICA]


@pytest.fixture
def committee_client(client):
    client.force_login(UserFactory(email="comite@example.org", is_committee_member=True))
    return client


def _queries(alias: str, run) -> list[str]:
    with CaptureQueriesContext(connections[alias]) as captured:
        run()
    return [query["sql"] for query in captured.captured_queries]


def _both(run) -> tuple[list[str], list[str]]:
    """The SQL sent to (default, replica) while ``run`` runs; a page must answer 200 or
    redirect."""
    replica = []

    def inner():
        replica.extend(_queries(REPLICA, lambda: _answered(run())))

    default = _queries("default", inner)
    return default, replica


def _answered(result) -> None:
    if hasattr(result, "status_code"):
        assert result.status_code in (200, 302), result.status_code


@pytest.mark.parametrize(
    ("name", "table"),
    [
        ("followup:dashboard", "followup_campaign"),
        ("followup:certification_watch", "signatories_certification"),
        ("results:barometer", "followup_campaign"),
        ("results:palmares", "followup_campaign"),
    ],
)
def test_the_committees_pages_read_from_the_replica(committee_client, name, table):
    CampaignFactory(name="Campagne répliquée")
    default, replica = _both(lambda: committee_client.get(reverse(name)))
    assert any(table in sql for sql in replica)
    # The primary gives the session and the user, nothing of the page's data.
    assert not any(table in sql for sql in default)
    assert any("django_session" in sql for sql in default)


def test_an_export_of_the_dashboard_reads_from_the_replica(committee_client):
    CampaignFactory()
    default, replica = _both(
        lambda: committee_client.get(reverse("followup:dashboard_export", args=["csv"]))
    )
    assert any("followup_campaign" in sql for sql in replica)
    assert not any("followup_campaign" in sql for sql in default)


@pytest.mark.parametrize("name", ["followup:review_queue", "documents:document_list"])
def test_other_committee_pages_stay_on_the_primary(committee_client, name):
    CampaignFactory()
    default, replica = _both(lambda: committee_client.get(reverse(name)))
    assert replica == []
    assert default


def test_publishing_stays_on_the_primary(committee_client):
    campaign = CampaignFactory(status="closed")
    default, replica = _both(
        lambda: committee_client.post(
            reverse("results:barometer_publish"), {"campagne": campaign.pk}
        )
    )
    assert replica == []
    assert any("followup_campaign" in sql for sql in default)


def test_a_public_page_stays_on_the_primary(client):
    default, replica = _both(lambda: client.get(reverse("results:palmares_public")))
    assert replica == []


def test_a_decorated_view_sent_a_form_stays_on_the_primary():
    CampaignFactory()

    @reads_from_replica
    def view(request):
        return list(Campaign.objects.all())

    request = RequestFactory().post("/")
    default, replica = _both(lambda: view(request))
    assert replica == [] and default


def test_after_a_write_the_block_reads_from_the_primary():
    CampaignFactory(name="Avant")

    def run():
        with replica_reads():
            assert Campaign.objects.count() == 1  # replica
            CampaignFactory(name="Écrite")  # primary
            assert Campaign.objects.filter(name="Écrite").exists()  # primary, read its write

    default, replica = _both(run)
    assert len(replica) == 1 and "COUNT" in replica[0].upper()
    assert any("INSERT" in sql.upper() for sql in default)
    assert any("Écrite" in sql and "SELECT" in sql.upper() for sql in default)


def test_locking_rows_to_write_is_routed_to_the_primary():
    CampaignFactory()

    def run():
        with replica_reads():
            list(Campaign.objects.select_for_update())

    default, replica = _both(lambda: _atomic(run))
    assert replica == []
    assert any("followup_campaign" in sql for sql in default)


def _atomic(run):
    from django.db import transaction

    with transaction.atomic():
        run()


def test_the_router_writes_to_the_primary_and_never_migrates_the_replica():
    router = ReplicaRouter()
    assert router.db_for_read(Campaign) is None  # outside a block: Django's choice
    with replica_reads():
        assert router.db_for_read(Campaign) == REPLICA
        assert router.db_for_write(Campaign) == "default"
        assert router.db_for_read(Campaign) is None  # wrote: back to the primary
    assert router.allow_migrate(REPLICA, "followup") is False
    assert router.allow_migrate("default", "followup") is None
