"""Every URL of the employment barometer, GET and POST, tried as every role (see
tests/permissions.py): the committee's pages are for the committee, the published
barometer is for everyone."""

import datetime
from decimal import Decimal

import pytest
from django.urls import reverse

from charter.models import Indicator
from followup.models import IndicatorValue, Report
from results.models import Publication
from results.selectors.barometer import barometer_publication_data
from signatories.models import CompanyKind
from tests.factories import CampaignFactory, CompanyFactory
from tests.followup.publishing import confirm_publication
from tests.permissions import LOGIN, walk

pytestmark = pytest.mark.django_db

ROLES = ("anonymous", "contributor_a", "contributor_b", "representative", "committee", "admin")


def expect(everyone=None, **outcomes) -> dict:
    return {role: outcomes.get(role, everyone) for role in ROLES}


def committee_only(status: int) -> dict:
    return expect(403, anonymous=LOGIN, committee=status, admin=status)


HIDDEN = "Entreprise sous le seuil"


@pytest.fixture
def published(committee_member):
    """A closed campaign with 3 validated reports, one of them below the threshold, and
    its published barometer."""
    campaign = CampaignFactory(
        period_start=datetime.date(2023, 1, 1),
        period_end=datetime.date(2023, 12, 31),
        status="closed",
    )
    indicators = {i.code: i for i in Indicator.objects.filter(code__startswith="jobs_created")}
    for name, france in ((HIDDEN, 1), ("Deux", 10), ("Trois", 10)):
        report = Report.objects.create(
            campaign=campaign,
            company=CompanyFactory(legal_name=name, kind=CompanyKind.CLIENT),
            status=Report.Status.VALIDATED,
        )
        IndicatorValue.objects.create(
            report=report, indicator=indicators["jobs_created_total"], number=Decimal(10)
        )
        IndicatorValue.objects.create(
            report=report, indicator=indicators["jobs_created_france"], number=Decimal(france)
        )
    return Publication.objects.create(
        kind=Publication.Kind.BAROMETER,
        campaign=campaign,
        data=barometer_publication_data(campaign),
        published_by=committee_member,
    )


def committee_urls(publication):
    query = f"?campagne={publication.campaign_id}"
    return [
        reverse("results:barometer"),
        reverse("results:barometer") + query,
        reverse("results:barometer_export", args=["csv"]) + query,
        reverse("results:barometer_export", args=["xlsx"]),
    ]


def public_urls(publication):
    return [
        reverse("results:barometer_public"),
        reverse("results:barometer_public") + f"?publication={publication.pk}",
        reverse("results:barometer_open_data", args=[publication.pk, "csv"]),
        reverse("results:barometer_open_data", args=[publication.pk, "json"]),
    ]


def test_the_committee_pages_are_for_the_committee(client, roles, published):
    for url in committee_urls(published):
        walk(client, roles, "get", url, committee_only(200), hidden=HIDDEN)
        walk(client, roles, "post", url, committee_only(405), hidden=HIDDEN)


def test_publishing_is_for_the_committee(client, roles, published):
    url = reverse("results:barometer_publish")
    data = {"campagne": published.campaign_id}

    # the preview: what would be public, for the committee only
    walk(client, roles, "get", f"{url}?campagne={published.campaign_id}", committee_only(200))
    # without the preview's confirmation, the committee sees the preview again
    walk(client, roles, "post", url, committee_only(200), data=data, hidden=HIDDEN)
    assert Publication.objects.barometer().count() == 1
    for role in ("committee", "admin"):
        client.force_login(roles[role])
        assert confirm_publication(client, url, data).status_code == 302
    # The committee member and the administrator published; nobody else did.
    assert Publication.objects.barometer().count() == 3


def test_unknown_objects_are_not_found_for_the_committee(client, roles, published):
    for url in (
        reverse("results:barometer") + "?campagne=999999",
        reverse("results:barometer_export", args=["pdf"]),
    ):
        walk(client, roles, "get", url, committee_only(404))
    walk(
        client,
        roles,
        "post",
        reverse("results:barometer_publish"),
        committee_only(404),
        data={"campagne": "999999"},
    )


def test_the_published_barometer_is_for_everyone(client, roles, published):
    for url in public_urls(published):
        walk(client, roles, "get", url, expect(200))
        walk(client, roles, "post", url, expect(405))


def test_the_published_barometer_never_names_a_company(client, roles, published):
    for url in public_urls(published):
        for user in roles.values():
            client.logout()
            if user is not None:
                client.force_login(user)
            assert HIDDEN not in client.get(url).content.decode(), url


def test_unknown_publications_are_not_found_for_everyone(client, roles, published):
    for url in (
        reverse("results:barometer_public") + "?publication=999999",
        reverse("results:barometer_open_data", args=[999999, "csv"]),
        reverse("results:barometer_open_data", args=[published.pk, "xlsx"]),
    ):
        walk(client, roles, "get", url, expect(404))


def test_the_public_page_is_there_before_anything_is_published(client, roles):
    walk(client, roles, "get", reverse("results:barometer_public"), expect(200))
