"""A company removes a file from its report while the report is a draft or returned; the
file stays in the report's history. Two files of one name are told apart."""

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from charter.models import Measure
from followup import services
from followup.models import Evidence, Report
from followup.selectors import history as history_selectors
from tests.factories import pdf_bytes
from tests.factories import report_form_data as answers

pytestmark = pytest.mark.django_db


def url(company, campaign):
    return reverse("followup:report_edit", args=[company.pk, campaign.pk])


def _upload(client, company, campaign, version: int, content: bytes) -> None:
    measure = Measure.objects.get(code="2.1")
    data = answers(version=version, progress={"2.1": ("in_progress", 40, "")})
    data[f"p{measure.pk}_evidence"] = SimpleUploadedFile("plan.pdf", content, "application/pdf")
    assert client.post(url(company, campaign), data).status_code == 302


@pytest.fixture
def two_files(client, contributor_a, committed_a, campaign):
    """Two files both named plan.pdf on company A's draft report."""
    client.force_login(contributor_a)
    _upload(client, committed_a, campaign, 0, pdf_bytes("premier"))
    _upload(client, committed_a, campaign, 1, pdf_bytes("second, plus long"))
    return list(Evidence.objects.order_by("pk"))


def test_two_files_of_one_name_are_told_apart(client, campaign, committed_a, two_files):
    page = client.get(url(committed_a, campaign)).content.decode()
    first, second = two_files
    assert first.sha256 != second.sha256
    for evidence in two_files:
        assert evidence.sha256[:8] in page
        assert f"{evidence.size}\u00a0octets" in page
    assert "envoyé le " in page


def test_a_contributor_removes_a_file_of_a_draft(
    client, contributor_a, campaign, committed_a, two_files
):
    first, second = two_files
    response = client.post(reverse("followup:evidence_remove", args=[first.pk]))
    assert response["Location"] == url(committed_a, campaign)
    first.refresh_from_db()
    assert first.removed_at and first.removed_by == contributor_a
    assert first.file.storage.exists(first.file.name)  # kept, for the history
    page = client.get(url(committed_a, campaign)).content.decode()
    assert f"/espace/preuves/{first.pk}/" not in page
    assert f"/espace/preuves/{second.pk}/" in page
    assert client.get(reverse("followup:evidence_download", args=[first.pk])).status_code == 404
    # The committee's history shows the removal.
    report = Report.objects.get()
    entries = history_selectors.history_entries(
        report, list(history_selectors.report_history(report))
    )
    removal = entries[0]
    assert (removal.kind, removal.action) == ("evidence", "changed")
    assert "plan.pdf" in removal.subject
    assert [d.label for d in removal.differences] == ["Retiré"]


@pytest.mark.parametrize("status", ["submitted", "validated"])
def test_a_file_of_a_submitted_or_validated_report_stays(client, contributor_a, two_files, status):
    Report.objects.update(status=status)
    first = two_files[0]
    response = client.post(reverse("followup:evidence_remove", args=[first.pk]), follow=True)
    assert response.status_code == 200
    first.refresh_from_db()
    assert first.removed_at is None
    assert "ne peut pas être retiré" in response.content.decode()


def test_a_file_of_a_returned_report_can_go(client, two_files):
    Report.objects.update(status="returned")
    client.post(reverse("followup:evidence_remove", args=[two_files[0].pk]))
    assert Evidence.objects.kept().count() == 1


def test_a_file_is_removed_once_and_a_certificate_never(
    contributor_a, two_files, company_a, campaign
):
    services.evidence_remove(evidence=two_files[0], user=contributor_a)
    with pytest.raises(services.EvidenceNotRemovable):
        services.evidence_remove(evidence=two_files[0], user=contributor_a)
    from followup.evidence import check_evidence
    from signatories.models import Certification
    from tests.factories import CertificationFactory

    certification = CertificationFactory(company=company_a)
    upload = SimpleUploadedFile("c.pdf", pdf_bytes(), "application/pdf")
    services.certification_save(
        certification=certification, checked=check_evidence(upload), user=contributor_a
    )
    certificate = Certification.objects.get().evidence.get()
    with pytest.raises(services.EvidenceNotRemovable):
        services.evidence_remove(evidence=certificate, user=contributor_a)


def test_a_file_stays_once_the_campaign_is_over(contributor_a, two_files, campaign):
    campaign.deadline = campaign.opens_on
    campaign.grace_days = 0
    campaign.save()
    assert campaign.closes_on < datetime.date.today()
    with pytest.raises(services.EvidenceNotRemovable):
        services.evidence_remove(evidence=two_files[0], user=contributor_a)
