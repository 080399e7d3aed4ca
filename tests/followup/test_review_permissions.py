"""Every URL of the review and of the right of reply, GET and POST, as every role (see
tests/permissions.py): company users never reach the committee's pages, another company's
report is 404, and company A's name never shows to someone who may not read it."""

import pytest
from django.urls import reverse
from django.utils import timezone

from charter.models import Measure
from followup.models import Progress, Report
from signatories.models import Signatory
from tests.factories import CampaignFactory
from tests.permissions import LOGIN, walk

pytestmark = pytest.mark.django_db

HIDDEN = "Alpha Contact SAS"
ROLES = ("anonymous", "contributor_a", "contributor_b", "representative", "committee", "admin")


def expect(committee, others=403) -> dict:
    """The committee's pages: anonymous users log in, company users and representatives get
    ``others``, the committee and the administrators get ``committee``."""
    return {
        "anonymous": LOGIN,
        "contributor_a": others,
        "contributor_b": others,
        "representative": others,
        "committee": committee,
        "admin": committee,
    }


@pytest.fixture
def report_a(committed_a, campaign):
    """Company A's report, submitted, with an answer on 2.1."""
    report = Report.objects.create(
        campaign=campaign, company=committed_a, status="submitted", submitted_at=timezone.now()
    )
    Progress.objects.create(
        report=report, measure=Measure.objects.get(code="2.1"), status="achieved", percent=100
    )
    return report


@pytest.fixture
def returned_a(report_a):
    Report.objects.filter(pk=report_a.pk).update(status="returned")
    report_a.refresh_from_db()
    return report_a


def test_the_queue_is_the_committees(client, roles, report_a):
    url = reverse("followup:review_queue")
    walk(client, roles, "get", url, expect(200), hidden=HIDDEN)
    walk(client, roles, "get", url, expect(200), data={"campagne": "x"}, hidden=HIDDEN)
    walk(client, roles, "post", url, expect(405), hidden=HIDDEN)


def test_the_review_page_is_the_committees(client, roles, report_a):
    url = reverse("followup:report_review", args=[report_a.pk])
    walk(client, roles, "get", url, expect(200), hidden=HIDDEN)
    walk(client, roles, "post", url, expect(405), hidden=HIDDEN)


def test_an_unknown_report_is_404_for_the_committee_only(client, roles):
    for name in ("report_review", "report_validate", "report_return", "review_comment_create"):
        url = reverse(f"followup:{name}", args=[999999])
        method = "get" if name == "report_review" else "post"
        walk(client, roles, method, url, expect(404))


@pytest.mark.parametrize(
    ("name", "data"),
    [
        ("report_validate", {}),
        ("report_return", {"reason": "Une raison"}),
        ("review_comment_create", {"text": "Un commentaire"}),
    ],
)
def test_the_decisions_are_the_committees(client, roles, report_a, name, data):
    url = reverse(f"followup:{name}", args=[report_a.pk])
    if name == "review_comment_create":
        data = {**data, "measure": Measure.objects.get(code="2.1").pk}
    walk(client, roles, "get", url, expect(405), hidden=HIDDEN)
    # The committee and the administrators are sent back to the review page (after the
    # change, or with a message once the first one changed the report's status).
    walk(client, roles, "post", url, expect(302), data=data, hidden=HIDDEN)
    report_a.refresh_from_db()
    if name == "review_comment_create":
        assert report_a.progress.get().review_comments.count() == 2
    else:
        assert report_a.events.count() == 1  # the committee's first decision only


def test_company_users_cannot_decide(client, roles, report_a):
    for role in ("contributor_a", "contributor_b", "representative"):
        client.force_login(roles[role])
        client.post(reverse("followup:report_validate", args=[report_a.pk]))
        client.post(reverse("followup:report_return", args=[report_a.pk]), {"reason": "x"})
    report_a.refresh_from_db()
    assert report_a.status == "submitted"
    assert not report_a.events.exists()


def test_the_answer_is_the_companys(client, roles, returned_a):
    url = reverse("followup:report_answer", args=[returned_a.company_id, returned_a.campaign_id])
    expected = {
        "anonymous": LOGIN,
        "contributor_a": 200,
        "contributor_b": 404,
        "representative": 404,
        "committee": 403,
        "admin": 403,
    }
    walk(client, roles, "get", url, expected, hidden=HIDDEN)
    walk(
        client,
        roles,
        "post",
        url,
        {**expected, "contributor_a": 302},
        data={"message": "Notre réponse"},
        hidden=HIDDEN,
    )
    assert list(returned_a.events.values_list("user__email", flat=True)) == ["a@example.org"]


def test_another_companys_report_is_404_on_the_company_side(
    client, roles, company_b, campaign, committed_a
):
    report_b = Report.objects.create(
        campaign=campaign, company=company_b, status="returned", submitted_at=timezone.now()
    )
    url = reverse("followup:report_answer", args=[company_b.pk, campaign.pk])
    expected = {
        "anonymous": LOGIN,
        "contributor_a": 404,
        "contributor_b": 200,
        "representative": 404,
        "committee": 403,
        "admin": 403,
    }
    walk(client, roles, "get", url, expected, hidden="Bêta Relation Client")
    walk(client, roles, "post", url, {**expected, "contributor_b": 302}, data={"message": "x"})
    assert list(report_b.events.values_list("user__email", flat=True)) == ["b@example.org"]
    # an unknown company, or a campaign still in draft, says nothing more
    unknown = reverse("followup:report_answer", args=[999999, campaign.pk])
    walk(client, roles, "get", unknown, {**dict.fromkeys(ROLES, 404), "anonymous": LOGIN})
    draft = CampaignFactory(status="draft")
    Report.objects.create(campaign=draft, company=committed_a, status="returned")
    hidden = reverse("followup:report_answer", args=[committed_a.pk, draft.pk])
    walk(client, roles, "get", hidden, {"contributor_a": 404}, hidden=HIDDEN)


def test_the_signatorys_answer_is_its_representatives(client, roles, campaign):
    signatory = Signatory.objects.get(acronym="SP2C")
    report = Report.objects.create(
        campaign=campaign, signatory=signatory, status="returned", submitted_at=timezone.now()
    )
    url = reverse("followup:signatory_report_answer", args=[signatory.pk, campaign.pk])
    expected = {
        "anonymous": LOGIN,
        "contributor_a": 404,
        "contributor_b": 404,
        "representative": 200,
        "committee": 403,
        "admin": 403,
    }
    walk(client, roles, "get", url, expected)
    walk(client, roles, "post", url, {**expected, "representative": 302}, data={"message": "x"})
    assert list(report.events.values_list("user__email", flat=True)) == ["sp2c@example.org"]
