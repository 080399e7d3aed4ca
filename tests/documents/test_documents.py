"""PDF documents made in the background: request, progress, download, failures."""

import pytest
from django.urls import reverse

from documents.models import Document
from followup.models import Report
from tests.factories import CampaignFactory, CompanyFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def fake_pdf(monkeypatch):
    """Rendering replaced by a tiny PDF: these tests are about the workflow."""
    import datetime

    from django.utils import timezone

    from documents import pdf

    calls = []

    def fake(name):
        def render(**kwargs):
            calls.append((name, kwargs))
            kwargs["on_progress"](50, "laying out")
            return pdf.RenderedPdf(
                content=b"%PDF-1.7 fake " + name.encode(),
                pages=3,
                data_read_at=timezone.now() - datetime.timedelta(seconds=1),
            )

        return render

    for name in ("render_campaign_report", "render_company_card", "render_adhesion_certificate"):
        monkeypatch.setattr(pdf, name, fake(name))
    return calls


def test_the_committee_asks_for_a_campaign_report_and_downloads_it(
    client, committee_member, campaign, fake_pdf
):
    client.force_login(committee_member)
    response = client.post(reverse("documents:campaign_report_request", args=[campaign.pk]))
    document = Document.objects.get()
    assert response["Location"] == reverse("documents:document_detail", args=[document.pk])
    assert (document.kind, document.status, document.pages, document.requested_by) == (
        "campaign",
        "done",
        3,
        committee_member,
    )
    assert document.language == "fr" and document.data_read_at and document.task_id
    assert fake_pdf[0][1]["campaign"] == campaign
    page = client.get(response["Location"]).content.decode()
    assert reverse("documents:document_download", args=[document.pk]) in page
    assert 'http-equiv="refresh"' not in page
    download = client.get(reverse("documents:document_download", args=[document.pk]))
    assert download["Content-Type"] == "application/pdf"
    assert download["Content-Disposition"].startswith("attachment")
    assert b"".join(download.streaming_content).startswith(b"%PDF")
    # kept and listed; a new one is made only when asked
    assert document.file.name.startswith("documents/")
    listing = client.get(reverse("documents:document_list")).content.decode()
    assert reverse("documents:document_detail", args=[document.pk]) in listing
    assert Document.objects.count() == 1


def test_the_document_is_made_in_the_readers_language(client, committee_member, campaign, fake_pdf):
    client.force_login(committee_member)
    client.cookies["django_language"] = "en"
    client.post(reverse("documents:campaign_report_request", args=[campaign.pk]))
    assert Document.objects.get().language == "en"
    assert fake_pdf[0][1]["language"] == "en"


def test_a_document_being_made_shows_its_progress_and_refreshes(client, committee_member, campaign):
    document = Document.objects.create(
        kind="campaign",
        campaign=campaign,
        language="fr",
        requested_by=committee_member,
        status="running",
        progress=40,
        step="Mise en page",
    )
    client.force_login(committee_member)
    url = reverse("documents:document_detail", args=[document.pk])
    page = client.get(url).content.decode()
    assert 'http-equiv="refresh"' not in page  # only when the reader asks for it
    assert f'href="{url}?suivre=1"' in page
    assert 'http-equiv="refresh"' in client.get(url, {"suivre": "1"}).content.decode()
    assert '<progress id="document-progress" max="100" value="40">' in page
    assert "Mise en page" in page
    assert client.get(reverse("documents:document_download", args=[document.pk])).status_code == 404


def test_a_failure_is_recorded_and_can_be_retried(
    client, committee_member, campaign, monkeypatch, fake_pdf
):
    from documents import pdf

    def broken(**kwargs):
        raise RuntimeError("fonts missing")

    monkeypatch.setattr(pdf, "render_campaign_report", broken)
    client.force_login(committee_member)
    client.post(reverse("documents:campaign_report_request", args=[campaign.pk]))
    document = Document.objects.get()
    assert document.status == "failed" and "fonts missing" in document.error
    page = client.get(reverse("documents:document_detail", args=[document.pk])).content.decode()
    assert "fonts missing" not in page  # no internal detail for the reader
    assert reverse("documents:document_retry", args=[document.pk]) in page


def test_a_company_asks_for_its_card_and_certificate(
    client, contributor_a, company_a, campaign, fake_pdf
):
    Report.objects.create(campaign=campaign, company=company_a, status="validated")
    client.force_login(contributor_a)
    page = client.get(reverse("documents:company_documents", args=[company_a.pk])).content.decode()
    assert campaign.name in page
    client.post(
        reverse("documents:company_document_request", args=[company_a.pk, "fiche"]),
        {"campagne": campaign.pk},
    )
    client.post(reverse("documents:company_document_request", args=[company_a.pk, "attestation"]))
    kinds = {(d.kind, d.campaign_id) for d in Document.objects.all()}
    assert kinds == {("card", campaign.pk), ("certificate", None)}
    assert [name for name, _kwargs in fake_pdf] == [
        "render_company_card",
        "render_adhesion_certificate",
    ]


def test_a_card_for_a_campaign_the_company_did_not_report_in_is_refused(
    client, contributor_a, company_a, fake_pdf
):
    other = CampaignFactory()
    client.force_login(contributor_a)
    response = client.post(
        reverse("documents:company_document_request", args=[company_a.pk, "fiche"]),
        {"campagne": other.pk},
        follow=True,
    )
    assert response.status_code == 200
    assert not Document.objects.exists()
    response = client.post(
        reverse("documents:company_document_request", args=[company_a.pk, "fiche"]),
        {"campagne": "abc"},
    )
    assert response.status_code == 302 and not Document.objects.exists()


def test_no_certificate_for_a_company_that_does_not_adhere(client, fake_pdf):
    from tests.factories import MembershipFactory

    company = CompanyFactory(status="suspended")
    user = MembershipFactory(company=company).user
    client.force_login(user)
    client.post(reverse("documents:company_document_request", args=[company.pk, "attestation"]))
    assert not Document.objects.exists()
    assert (
        client.post(
            reverse("documents:company_document_request", args=[company.pk, "nonsense"])
        ).status_code
        == 404
    )


# --- At most a few documents per user at once --------------------------------------------


def _pending(user, campaign, status="queued"):
    return Document.objects.create(
        kind="campaign", campaign=campaign, language="fr", requested_by=user, status=status
    )


def test_the_quota_is_three_documents_at_once():
    from django.conf import settings

    assert settings.PDF_JOBS_PER_USER == 3


def test_a_user_with_enough_documents_being_made_is_shown_the_oldest(
    client, committee_member, campaign, fake_pdf, settings, django_assert_max_num_queries
):
    settings.PDF_JOBS_PER_USER = 2
    oldest = _pending(committee_member, campaign, status="running")
    _pending(committee_member, campaign)
    _pending(committee_member, campaign, status="done")  # finished: not counted
    client.force_login(committee_member)
    with django_assert_max_num_queries(12):
        response = client.post(reverse("documents:campaign_report_request", args=[campaign.pk]))
    url = reverse("documents:document_detail", args=[oldest.pk])
    assert response["Location"] == f"{url}?suivre=1"
    assert Document.objects.count() == 3  # nothing new, no task
    assert not fake_pdf
    page = client.get(response["Location"]).content.decode()
    assert "Vous avez déjà 2 documents en préparation" in page


def test_the_quota_counts_the_users_own_documents_only(
    client, committee_member, campaign, fake_pdf, settings
):
    from tests.factories import UserFactory

    settings.PDF_JOBS_PER_USER = 1
    _pending(UserFactory(is_committee_member=True), campaign)
    client.force_login(committee_member)
    client.post(reverse("documents:campaign_report_request", args=[campaign.pk]))
    assert Document.objects.filter(requested_by=committee_member, status="done").count() == 1


def test_the_quota_holds_for_a_companys_documents_and_retries(client, fake_pdf, settings):
    from tests.factories import MembershipFactory

    settings.PDF_JOBS_PER_USER = 1
    company = CompanyFactory()
    user = MembershipFactory(company=company).user
    pending = Document.objects.create(
        kind="certificate", company=company, language="fr", requested_by=user
    )
    failed = Document.objects.create(
        kind="certificate", company=company, language="fr", requested_by=user, status="failed"
    )
    client.force_login(user)
    expected = reverse("documents:document_detail", args=[pending.pk]) + "?suivre=1"
    response = client.post(
        reverse("documents:company_document_request", args=[company.pk, "attestation"])
    )
    assert response["Location"] == expected
    response = client.post(reverse("documents:document_retry", args=[failed.pk]))
    assert response["Location"] == expected
    assert Document.objects.count() == 2


def test_a_campaign_report_is_the_committees_even_if_it_names_a_company(
    client, committee_member, contributor_a, company_a, campaign, fake_pdf
):
    document = Document.objects.create(
        kind=Document.Kind.CAMPAIGN_REPORT,
        campaign=campaign,
        company=company_a,
        language="fr",
        status=Document.Status.FAILED,
    )
    detail = reverse("documents:document_detail", args=[document.pk])
    retry = reverse("documents:document_retry", args=[document.pk])
    client.force_login(contributor_a)
    assert client.get(detail).status_code == 404
    assert client.post(retry).status_code == 404
    client.force_login(committee_member)
    assert client.get(detail).status_code == 200
    assert client.post(retry).status_code == 302
