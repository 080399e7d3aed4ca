"""Every URL of the company space, tried as every role (see tests/permissions.py)."""

import pytest
from django.urls import reverse

from followup.models import Evidence
from signatories.models import Signatory
from tests.factories import CertificationFactory, SiteFactory, pdf_bytes
from tests.permissions import LOGIN, walk

pytestmark = pytest.mark.django_db

READ_A = {
    "anonymous": LOGIN,
    "contributor_a": 200,
    "contributor_b": 404,
    "representative": 404,
    "committee": 200,
    "admin": 200,
}
WRITE_A = {
    "anonymous": LOGIN,
    "contributor_a": 200,
    "contributor_b": 404,
    "representative": 404,
    "committee": 403,
    "admin": 403,
}
SIGNATORY = {
    "anonymous": LOGIN,
    "contributor_a": 404,
    "contributor_b": 404,
    "representative": 200,
    "committee": 200,
    "admin": 200,
}
HIDDEN = "Alpha Contact SAS"


@pytest.fixture
def objects(company_a, campaign):
    site = SiteFactory(company=company_a, name="Site secret d'Alpha")
    certification = CertificationFactory(company=company_a)
    evidence = Evidence(
        company=company_a,
        certification=certification,
        original_name="a.pdf",
        content_type="application/pdf",
        size=10,
        sha256="0" * 64,
    )
    from django.core.files.base import ContentFile

    evidence.file.save("a.pdf", ContentFile(pdf_bytes()), save=True)
    return {
        "site": site,
        "certification": certification,
        "evidence": evidence,
        "campaign": campaign,
    }


def test_the_space_needs_a_login(client, roles):
    walk(
        client,
        roles,
        "get",
        reverse("followup:space"),
        {
            "anonymous": LOGIN,
            "committee": 200,
            "admin": 200,
            "representative": 302,
            "contributor_a": 302,
        },
    )


@pytest.mark.parametrize(
    ("name", "args", "expected"),
    [
        ("followup:company_detail", [], READ_A),
        ("followup:company_edit", [], WRITE_A),
        ("followup:site_create", [], WRITE_A),
        ("followup:site_edit", ["site"], WRITE_A),
        ("followup:certification_create", [], WRITE_A),
        ("followup:certification_edit", ["certification"], WRITE_A),
        ("followup:commitments_edit", [], WRITE_A),
        ("followup:report_edit", ["campaign"], READ_A),
    ],
)
def test_company_pages_as_every_role(client, roles, company_a, objects, name, args, expected):
    url = reverse(name, args=[company_a.pk, *[objects[a].pk for a in args]])
    walk(client, roles, "get", url, expected, hidden=HIDDEN)


@pytest.mark.parametrize(
    ("name", "args"),
    [
        ("followup:company_edit", []),
        ("followup:site_create", []),
        ("followup:site_edit", ["site"]),
        ("followup:site_delete", ["site"]),
        ("followup:certification_create", []),
        ("followup:commitments_edit", []),
        ("followup:report_edit", ["campaign"]),
    ],
)
def test_company_writes_are_refused_to_all_but_contributors(
    client, roles, company_a, objects, name, args
):
    url = reverse(name, args=[company_a.pk, *[objects[a].pk for a in args]])
    expected = {
        "anonymous": LOGIN,
        "contributor_b": 404,
        "representative": 404,
        "committee": 403,
        "admin": 403,
    }
    walk(client, roles, "post", url, expected, data={"legal_name": "Pirate"}, hidden=HIDDEN)
    company_a.refresh_from_db()
    assert company_a.legal_name == "Alpha Contact SAS"


def test_site_delete_is_post_only(client, roles, company_a, objects):
    url = reverse("followup:site_delete", args=[company_a.pk, objects["site"].pk])
    walk(client, roles, "get", url, {"anonymous": LOGIN, "contributor_a": 405})


def test_evidence_downloads_as_every_role(client, roles, objects):
    url = reverse("followup:evidence_download", args=[objects["evidence"].pk])
    walk(client, roles, "get", url, READ_A)


def test_enumerated_ids_answer_404_never_data(client, contributor_b, company_a, objects):
    client.force_login(contributor_b)
    for pk in range(company_a.pk - 2, company_a.pk + 3):
        if not contributor_b.memberships.filter(company_id=pk).exists():
            assert client.get(reverse("followup:company_detail", args=[pk])).status_code == 404
    for pk in range(objects["evidence"].pk - 1, objects["evidence"].pk + 3):
        assert client.get(reverse("followup:evidence_download", args=[pk])).status_code == 404


@pytest.mark.parametrize("name", ["followup:signatory_detail", "followup:signatory_report_edit"])
def test_signatory_pages_as_every_role(client, roles, campaign, name):
    signatory = Signatory.objects.get(acronym="SP2C")
    args = [signatory.pk] if name == "followup:signatory_detail" else [signatory.pk, campaign.pk]
    walk(client, roles, "get", reverse(name, args=args), SIGNATORY)


def test_signatory_report_writes_as_every_role(client, roles, campaign):
    signatory = Signatory.objects.get(acronym="SP2C")
    url = reverse("followup:signatory_report_edit", args=[signatory.pk, campaign.pk])
    walk(
        client,
        roles,
        "post",
        url,
        {
            "anonymous": LOGIN,
            "contributor_a": 404,
            "contributor_b": 404,
            "committee": 403,
            "admin": 403,
        },
        data={"version": 0},
    )


@pytest.fixture
def report_evidence(company_a, campaign):
    """A file on company A's draft report, answering its commitment to 2.1."""
    from django.core.files.base import ContentFile

    from charter.models import Measure
    from followup.models import Progress, Report

    report = Report.objects.create(campaign=campaign, company=company_a)
    progress = Progress.objects.create(report=report, measure=Measure.objects.get(code="2.1"))
    evidence = Evidence(
        company=company_a,
        progress=progress,
        original_name="plan.pdf",
        content_type="application/pdf",
        size=10,
        sha256="1" * 64,
    )
    evidence.file.save("plan.pdf", ContentFile(pdf_bytes()), save=True)
    return evidence


def test_evidence_removal_is_the_contributors_only(client, roles, report_evidence):
    url = reverse("followup:evidence_remove", args=[report_evidence.pk])
    walk(client, roles, "get", url, {"anonymous": LOGIN, "contributor_a": 405, "committee": 405})
    refused = {
        "anonymous": LOGIN,
        "contributor_b": 404,
        "representative": 404,
        "committee": 403,
        "admin": 403,
    }
    walk(client, roles, "post", url, refused, hidden=HIDDEN)
    report_evidence.refresh_from_db()
    assert report_evidence.removed_at is None
    walk(client, roles, "post", url, {"contributor_a": 302})
    report_evidence.refresh_from_db()
    assert report_evidence.removed_by == roles["contributor_a"]


def test_a_removed_file_is_the_committees_only(client, roles, report_evidence):
    from django.utils import timezone

    Evidence.objects.filter(pk=report_evidence.pk).update(removed_at=timezone.now())
    url = reverse("followup:evidence_download", args=[report_evidence.pk])
    walk(client, roles, "get", url, {**READ_A, "contributor_a": 404})
