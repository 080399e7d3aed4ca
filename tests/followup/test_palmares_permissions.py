"""Every URL of the palmarès, tried as every role (see tests/permissions.py)."""

import pytest
from django.urls import reverse

from followup.models import Report
from results.models import Publication, ScoringMethod
from results.selectors.palmares import palmares_compute
from tests.factories import CampaignFactory
from tests.followup.publishing import confirm_publication, publish_now
from tests.permissions import LOGIN, walk

pytestmark = pytest.mark.django_db

COMMITTEE = {
    "anonymous": LOGIN,
    "contributor_a": 403,
    "contributor_b": 403,
    "representative": 403,
    "committee": 200,
    "admin": 200,
}
PUBLIC = dict.fromkeys(COMMITTEE, 200)
COMPANY_A = {
    "anonymous": LOGIN,
    "contributor_a": 200,
    "contributor_b": 404,
    "representative": 404,
    "committee": 200,
    "admin": 200,
}
HIDDEN = "Alpha Contact SAS"


@pytest.fixture
def campaign(company_a):
    campaign = CampaignFactory()
    Report.objects.create(campaign=campaign, company=company_a, status="validated")
    return campaign


@pytest.fixture
def publication(campaign, committee_member):
    method = ScoringMethod.objects.get(version=1)
    return publish_now(
        kind="palmares",
        campaign=campaign,
        method=method,
        data=palmares_compute(campaign=campaign, method=method),
        user=committee_member,
    )


@pytest.mark.parametrize(
    ("name", "args"),
    [
        ("results:palmares", []),
        ("results:palmares_export", ["csv"]),
        ("results:palmares_export", ["xlsx"]),
    ],
)
def test_committee_pages_as_every_role(client, roles, campaign, name, args):
    walk(client, roles, "get", reverse(name, args=args), COMMITTEE, hidden=HIDDEN)


def test_publishing_as_every_role(client, roles, campaign):
    url = reverse("results:palmares_publish")
    data = {"campagne": campaign.pk, "methode": 1}
    # the preview: what would be public, for the committee only
    walk(client, roles, "get", f"{url}?campagne={campaign.pk}&methode=1", COMMITTEE, hidden=HIDDEN)
    refused = {k: v for k, v in COMMITTEE.items() if v != 200}
    walk(client, roles, "post", url, refused, data=data, hidden=HIDDEN)
    # without the preview's confirmation, the committee sees the preview again
    walk(client, roles, "post", url, {"committee": 200, "admin": 200}, data=data)
    assert not Publication.objects.exists()
    for role in ("committee", "admin"):
        client.force_login(roles[role])
        assert confirm_publication(client, url, data).status_code == 302
    assert Publication.objects.count() == 2


@pytest.mark.parametrize(
    ("name", "args"),
    [
        ("results:palmares_public", []),
        ("results:method_public", []),
        ("results:palmares_open_data", ["publication", "csv"]),
        ("results:palmares_open_data", ["publication", "json"]),
    ],
)
def test_public_pages_as_every_role(client, roles, publication, name, args):
    url = reverse(name, args=[publication.pk if a == "publication" else a for a in args])
    walk(client, roles, "get", url, PUBLIC)


def test_public_pages_refuse_writes(client, roles, publication):
    for url in (reverse("results:palmares_public"), reverse("results:method_public")):
        walk(client, roles, "post", url, dict.fromkeys(PUBLIC, 405))


def test_the_company_breakdown_as_every_role(client, roles, company_a, publication):
    url = reverse("results:company_score", args=[company_a.pk])
    walk(client, roles, "get", url, COMPANY_A, hidden=HIDDEN)
    # read-only: any write is refused the same way for everyone, so it tells nothing
    refused = {**dict.fromkeys(COMPANY_A, 405), "anonymous": LOGIN}
    walk(client, roles, "post", url, refused, hidden=HIDDEN)


def test_enumerated_company_ids_answer_404(client, contributor_b, company_a, publication):
    client.force_login(contributor_b)
    for pk in (company_a.pk, company_a.pk + 1, 999999):
        if not contributor_b.memberships.filter(company_id=pk).exists():
            url = reverse("results:company_score", args=[pk])
            assert client.get(url).status_code == 404
