"""A company's space: profile, sites, certifications with their certificate, commitments."""

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from charter.models import Measure
from followup.models import Evidence, Progress, Report
from signatories.models import Certification, Commitment, Site
from tests.factories import PNG_BYTES, CampaignFactory, CertificationFactory, SiteFactory, pdf_bytes
from tests.factories import report_form_data as answers

pytestmark = pytest.mark.django_db


def detail(company):
    return reverse("followup:company_detail", args=[company.pk])


def test_space_sends_a_one_company_contributor_to_the_company(client, contributor_a, company_a):
    client.force_login(contributor_a)
    response = client.get(reverse("followup:space"))
    assert response.status_code == 302
    assert response["Location"] == detail(company_a)


def test_space_lists_the_companies_of_a_person_who_serves_several(client, contributor_a, company_b):
    company_b.memberships.create(user=contributor_a)
    client.force_login(contributor_a)
    page = client.get(reverse("followup:space")).content.decode()
    assert "Alpha Contact SAS" in page and "Bêta Relation Client SA" in page


def test_the_company_page_shows_profile_sites_certifications_and_commitments(
    client, contributor_a, company_a
):
    SiteFactory(company=company_a, name="Site de Brest", city="Brest")
    Commitment.objects.create(
        company=company_a, measure=Measure.objects.get(code="2.2"), target="60 % en France"
    )
    CampaignFactory(name="Campagne 2025")
    client.force_login(contributor_a)
    page = client.get(detail(company_a)).content.decode()
    for text in (
        "Alpha Contact SAS",
        company_a.siren_display,
        "Site de Brest",
        "60 % en France",
        "Campagne 2025",
    ):
        assert text in page


def test_certifications_ending_within_90_days_are_flagged(client, contributor_a, company_a):
    today = datetime.date.today()
    CertificationFactory(
        company=company_a,
        number="SOON",
        valid_from=today - datetime.timedelta(days=1000),
        valid_until=today + datetime.timedelta(days=30),
    )
    CertificationFactory(
        company=company_a,
        number="LATER",
        valid_from=today,
        valid_until=today + datetime.timedelta(days=400),
    )
    client.force_login(contributor_a)
    response = client.get(detail(company_a))
    flagged = {c.number for c in response.context["certifications"] if c.ends_soon}
    assert flagged == {"SOON"}
    assert "badge--warning" in response.content.decode()


def test_a_certification_past_its_end_date_is_flagged_unless_withdrawn(
    client, contributor_a, company_a
):
    today = timezone.localdate()
    for number, status in (("OVER", "valid"), ("GONE", "withdrawn")):
        CertificationFactory(
            company=company_a,
            number=number,
            status=status,
            valid_from=today - datetime.timedelta(days=400),
            valid_until=today - datetime.timedelta(days=1),
        )
    client.force_login(contributor_a)
    page = client.get(detail(company_a)).content.decode()
    assert "Échue" in _row(page, "OVER")
    assert "Échue" not in _row(page, "GONE")


def test_a_report_is_offered_to_fill_in_only_while_it_can_change(
    client, contributor_a, committee_member, company_a
):
    CampaignFactory(name="Campagne sans rapport")
    Report.objects.create(campaign=CampaignFactory(name="Campagne à revoir"), company=company_a)
    Report.objects.create(
        campaign=CampaignFactory(name="Campagne soumise"), company=company_a, status="submitted"
    )
    Report.objects.create(
        campaign=CampaignFactory(name="Campagne close", status="closed"), company=company_a
    )
    client.force_login(contributor_a)
    page = client.get(detail(company_a)).content.decode()
    for name in ("Campagne sans rapport", "Campagne à revoir"):
        assert "Remplir le rapport" in _row(page, name)
    for name in ("Campagne soumise", "Campagne close"):
        assert "Consulter le rapport" in _row(page, name)
    client.force_login(committee_member)
    page = client.get(detail(company_a)).content.decode()
    assert "Remplir le rapport" not in page


def test_a_contributor_edits_the_profile_but_not_the_siren(client, contributor_a, company_a):
    client.force_login(contributor_a)
    siren = company_a.siren
    response = client.post(
        reverse("followup:company_edit", args=[company_a.pk]),
        {
            "legal_name": "  Alpha   Contact  Groupe ",
            "kind": "outsourcer",
            "federation": "afrc",
            "website": "",
            "siren": "552100554",
        },
    )
    assert response.status_code == 302
    name = company_a.legal_name
    company_a.refresh_from_db()
    # The new name waits for the committee; the forged SIREN is ignored.
    assert (
        company_a.legal_name,
        company_a.requested_legal_name,
        company_a.federation,
        company_a.siren,
    ) == (name, "Alpha Contact Groupe", "afrc", siren)


def test_a_bad_profile_keeps_what_was_typed(client, contributor_a, company_a):
    client.force_login(contributor_a)
    response = client.post(
        reverse("followup:company_edit", args=[company_a.pk]),
        {"legal_name": "", "kind": "nonsense", "federation": "afrc", "website": "pas une adresse"},
    )
    assert response.status_code == 200
    assert set(response.context["form"].errors) == {"legal_name", "kind", "website"}
    assert 'value="pas une adresse"' in response.content.decode()


def test_sites_are_added_changed_and_removed(client, contributor_a, company_a):
    client.force_login(contributor_a)
    data = {
        "name": "Site de Tunis",
        "city": "Tunis",
        "country": "TN",
        "seats": "120",
        "headcount": "150",
    }
    assert (
        client.post(reverse("followup:site_create", args=[company_a.pk]), data).status_code == 302
    )
    site = Site.objects.get(company=company_a)
    assert (site.country.code, site.in_france) == ("TN", False)
    data["seats"] = "-3"
    response = client.post(reverse("followup:site_edit", args=[company_a.pk, site.pk]), data)
    assert "seats" in response.context["form"].errors
    client.post(reverse("followup:site_delete", args=[company_a.pk, site.pk]))
    assert not Site.objects.exists()


def test_a_site_of_another_company_is_404(client, contributor_a, company_a, company_b):
    site = SiteFactory(company=company_b)
    client.force_login(contributor_a)
    assert (
        client.get(reverse("followup:site_edit", args=[company_a.pk, site.pk])).status_code == 404
    )
    assert (
        client.post(reverse("followup:site_delete", args=[company_a.pk, site.pk])).status_code
        == 404
    )
    assert Site.objects.filter(pk=site.pk).exists()


def certification_data(**extra):
    return {
        "scheme": "iso_9001",
        "scheme_other": "",
        "number": "ISO-1",
        "issuer": "Bureau Veritas",
        "valid_from": "2024-01-01",
        "valid_until": "2027-01-01",
        "status": "valid",
        **extra,
    }


def test_a_certification_is_saved_with_its_certificate(client, contributor_a, company_a, settings):
    client.force_login(contributor_a)
    upload = SimpleUploadedFile("certificat ISO.pdf", pdf_bytes(), content_type="application/pdf")
    response = client.post(
        reverse("followup:certification_create", args=[company_a.pk]),
        certification_data(evidence=upload),
    )
    assert response.status_code == 302
    evidence = Evidence.objects.get()
    assert evidence.certification == Certification.objects.get()
    assert evidence.original_name == "certificat ISO.pdf"
    assert evidence.content_type == "application/pdf"
    assert evidence.file.name.startswith("evidence/") and "ISO" not in evidence.file.name
    assert not evidence.file.name.startswith(str(settings.STATIC_ROOT))


@pytest.mark.parametrize(
    ("name", "content", "code"),
    [
        ("certificat.pdf", b"Ceci n'est pas un PDF", "bad_type"),
        ("photo.png", b"<html><script>alert(1)</script></html>", "bad_type"),
        ("certificat.png", pdf_bytes(), "name_mismatch"),
        ("vide.pdf", b"", "empty"),
    ],
)
def test_a_bad_certificate_is_refused_and_the_form_kept(
    client, contributor_a, company_a, name, content, code
):
    client.force_login(contributor_a)
    upload = SimpleUploadedFile(name, content)
    response = client.post(
        reverse("followup:certification_create", args=[company_a.pk]),
        certification_data(number="GARDÉ-42", evidence=upload),
    )
    assert response.status_code == 200
    errors = response.context["form"].errors.as_data()
    assert code in [e.code for e in errors["evidence"]] or "evidence" in errors
    assert 'value="GARDÉ-42"' in response.content.decode()
    assert not Certification.objects.exists() and not Evidence.objects.exists()


def test_a_certificate_over_10_mb_is_refused(client, contributor_a, company_a):
    client.force_login(contributor_a)
    big = SimpleUploadedFile("gros.pdf", pdf_bytes() + b"0" * (10 * 1024 * 1024))
    response = client.post(
        reverse("followup:certification_create", args=[company_a.pk]),
        certification_data(evidence=big),
    )
    assert [e.code for e in response.context["form"].errors.as_data()["evidence"]] == ["too_large"]


def test_a_file_name_with_a_path_is_reduced_to_its_last_part(client, contributor_a, company_a):
    client.force_login(contributor_a)
    upload = SimpleUploadedFile("../../etc/passwd.png", PNG_BYTES)
    client.post(
        reverse("followup:certification_create", args=[company_a.pk]),
        certification_data(evidence=upload),
    )
    evidence = Evidence.objects.get()
    assert evidence.original_name == "passwd.png"
    assert ".." not in evidence.file.name


def test_the_certificate_downloads_as_an_attachment(client, contributor_a, company_a):
    client.force_login(contributor_a)
    upload = SimpleUploadedFile("certificat.pdf", pdf_bytes("contenu"))
    client.post(
        reverse("followup:certification_create", args=[company_a.pk]),
        certification_data(evidence=upload),
    )
    evidence = Evidence.objects.get()
    response = client.get(reverse("followup:evidence_download", args=[evidence.pk]))
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment")
    assert response["Content-Type"] == "application/pdf"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert "sandbox" in response["Content-Security-Policy"]
    assert b"contenu" in b"".join(response.streaming_content)


MANDATORY = {"1.1", "1.5", "1.6", "2.1", "2.2", "3.2", "3.3", "3.4", "3.5"}


def test_commitments_are_chosen_among_company_measures(client, contributor_a, company_a):
    Measure.objects.filter(code="1.5").update(optional=True)
    client.force_login(contributor_a)
    target = reverse("followup:commitments_edit", args=[company_a.pk])
    page = client.get(target).content.decode()
    assert "Renoncer aux automates" in page
    assert "marchés publics" not in page  # the State's measure
    m15, m22 = Measure.objects.get(code="1.5"), Measure.objects.get(code="2.2")
    data = {
        f"m{m15.pk}": "on",
        f"m{m22.pk}_target": "60 %",
        f"m{m22.pk}_due": "2027-12-31",
    }
    assert client.post(target, data).status_code == 302
    # every mandatory measure, and the optional one ticked
    assert set(company_a.commitments.values_list("measure__code", flat=True)) == MANDATORY
    assert company_a.commitments.get(measure=m22).due_on == datetime.date(2027, 12, 31)
    del data[f"m{m15.pk}"]
    assert client.post(target, data).status_code == 302
    assert set(company_a.commitments.values_list("measure__code", flat=True)) == MANDATORY - {"1.5"}


def test_a_target_without_the_box_ticked_is_an_error(client, contributor_a, company_a):
    Measure.objects.filter(code="2.2").update(optional=True)
    client.force_login(contributor_a)
    m22 = Measure.objects.get(code="2.2")
    response = client.post(
        reverse("followup:commitments_edit", args=[company_a.pk]), {f"m{m22.pk}_target": "60 %"}
    )
    assert f"m{m22.pk}" in response.context["form"].errors
    assert 'value="60 %"' in response.content.decode()


def test_a_commitment_already_reported_on_is_kept(client, contributor_a, company_a):
    Measure.objects.filter(code="2.1").update(optional=True)
    m21 = Measure.objects.get(code="2.1")
    Commitment.objects.create(company=company_a, measure=m21)
    report = Report.objects.create(campaign=CampaignFactory(), company=company_a)
    Progress.objects.create(report=report, measure=m21, status="in_progress", percent=20)
    client.force_login(contributor_a)
    response = client.post(
        reverse("followup:commitments_edit", args=[company_a.pk]), {}, follow=True
    )
    assert company_a.commitments.filter(measure=m21).exists()
    assert "2.1" in response.content.decode()


# --- The campaigns' rows: not yet open, non-communicating -------------------------------------


def _row(page: str, name: str) -> str:
    """The table row whose cell holds ``name``."""
    start = page.index(f">{name}</t")
    return page[page.rindex("<tr>", 0, start) : page.index("</tr>", start)]


def test_a_campaign_not_yet_open_says_when_it_opens(client, contributor_a, company_a):
    opens = datetime.date.today() + datetime.timedelta(days=20)
    campaign = CampaignFactory(
        name="Campagne à venir", opens_on=opens, deadline=opens + datetime.timedelta(days=60)
    )
    Commitment.objects.create(company=company_a, measure=Measure.objects.get(code="2.1"))
    client.force_login(contributor_a)
    row = _row(client.get(detail(company_a)).content.decode(), "Campagne à venir")
    assert "Ouvre le" in row
    report = reverse("followup:report_edit", args=[company_a.pk, campaign.pk])
    page = client.get(report).content.decode()
    assert "La campagne ouvre le" in page
    assert "n'accepte plus de réponses" not in page
    response = client.post(report, answers(progress={"2.1": ("in_progress", 10, "")}))
    [message] = [str(m) for m in client.get(response["Location"]).wsgi_request._messages]
    assert message.startswith("La campagne ouvre le ")
    assert not Report.objects.exists()


def test_past_the_grace_period_the_company_reads_non_communicating(
    client, contributor_a, company_a
):
    over = datetime.date.today() - datetime.timedelta(days=60)
    silent = CampaignFactory(
        name="Campagne passée", opens_on=over, deadline=over, grace_days=15, status="closed"
    )
    Report.objects.create(campaign=silent, company=company_a)  # a draft never submitted
    answered = CampaignFactory(
        name="Campagne répondue", opens_on=over, deadline=over, grace_days=15, status="closed"
    )
    Report.objects.create(campaign=answered, company=company_a, status="validated")
    CampaignFactory(name="Campagne en cours")
    client.force_login(contributor_a)
    page = client.get(detail(company_a)).content.decode()
    assert "Non communicante" in _row(page, "Campagne passée")
    assert "Non communicante" not in _row(page, "Campagne répondue")
    assert "Non communicante" not in _row(page, "Campagne en cours")


def test_a_signatory_sees_when_a_campaign_opens(client, representative):
    from signatories.models import Signatory

    opens = datetime.date.today() + datetime.timedelta(days=20)
    CampaignFactory(opens_on=opens, deadline=opens + datetime.timedelta(days=60))
    client.force_login(representative)
    signatory = Signatory.objects.get(acronym="SP2C")
    page = client.get(reverse("followup:signatory_detail", args=[signatory.pk])).content.decode()
    assert "Ouvre le" in page
