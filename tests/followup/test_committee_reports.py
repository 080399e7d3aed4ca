"""The committee's own report on the measures bound to it as a whole (3.1, 5.1 to 5.3):
written by its members with the report form, reviewed by another member."""

from datetime import date

import pytest
from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.http import Http404
from django.urls import reverse

from charter.models import Indicator, Measure
from followup.access import access_evidence
from followup.models import Evidence, Progress, Report, ReportEvent
from followup.selectors.dashboard import axis_progress
from followup.services import review
from signatories.models import Signatory
from tests.factories import UserFactory, pdf_bytes, report_with_answers
from tests.factories import report_form_data as answers

pytestmark = pytest.mark.django_db

COMMITTEE_MEASURES = ("3.1", "5.1", "5.2", "5.3")


@pytest.fixture
def other_member(db):
    return UserFactory(email="comite2@example.org", is_committee_member=True)


def _edit(campaign) -> str:
    return reverse("followup:committee_report_edit", args=[campaign.pk])


def _all_answered(action: str) -> dict:
    """Every measure and every indicator of the committee's report answered."""
    typed = {"integer": "4", "decimal": "4", "percentage": "40", "boolean": "yes"}
    return answers(
        action=action,
        progress=dict.fromkeys(COMMITTEE_MEASURES, ("in_progress", 40, "Travaux engagés.")),
        values={
            indicator.code: typed.get(indicator.value_type, f"{date.today().year - 1}-06-15")
            for indicator in Indicator.objects.filter(measure__code__in=COMMITTEE_MEASURES)
            if indicator.value_type != "text"
        },
    )


def _submitted(client, member, campaign) -> Report:
    client.force_login(member)
    response = client.post(_edit(campaign), _all_answered("submit"))
    assert response.status_code == 302, response.context and response.context["form"].errors
    return Report.objects.get(committee=True, campaign=campaign)


def test_a_report_has_exactly_one_subject(campaign, company_a):
    sp2c = Signatory.objects.get(acronym="SP2C")
    for subject in (
        {"committee": True, "company": company_a},
        {"committee": True, "signatory": sp2c},
        {},
    ):
        with pytest.raises(IntegrityError), transaction.atomic():
            Report.objects.create(campaign=campaign, **subject)
    Report.objects.create(campaign=campaign, committee=True)
    with pytest.raises(IntegrityError), transaction.atomic():
        Report.objects.create(campaign=campaign, committee=True)


def test_the_committees_page_lists_its_measures_and_its_reports(client, committee_member, campaign):
    client.force_login(committee_member)
    page = client.get(reverse("followup:committee_detail"))
    assert [m.code for m in page.context["measures"]] == list(COMMITTEE_MEASURES)
    assert [row["campaign"] for row in page.context["campaigns"]] == [campaign]
    assert len(page.context["signatories"]) == 5
    assert _edit(campaign) in page.content.decode()


def test_a_member_writes_and_submits_the_committees_report(
    client, committee_member, other_member, campaign, mailoutbox, django_capture_on_commit_callbacks
):
    client.force_login(committee_member)
    page = client.get(_edit(campaign))
    assert page.context["writer"] and page.context["editable"]
    assert {block.measure.code for block in page.context["blocks"]} == set(COMMITTEE_MEASURES)
    with django_capture_on_commit_callbacks(execute=True):
        report = _submitted(client, committee_member, campaign)
    assert (report.company, report.signatory, report.status) == (None, None, "submitted")
    assert report.progress.count() == 4
    assert report.events.get().user == committee_member
    # every member is told once, with the review page's link
    told = sorted(m.to[0] for m in mailoutbox)
    assert told == sorted([committee_member.email, other_member.email])
    assert all(reverse("followup:report_review", args=[report.pk]) in m.body for m in mailoutbox)
    queue = client.get(reverse("followup:review_queue")).content.decode()
    assert reverse("followup:report_review", args=[report.pk]) in queue


def test_the_member_who_submitted_it_does_not_validate_it(
    client, committee_member, other_member, campaign
):
    report = _submitted(client, committee_member, campaign)
    response = client.post(reverse("followup:report_validate", args=[report.pk]), follow=True)
    assert "un autre membre du comité le valide" in response.content.decode()
    report.refresh_from_db()
    assert report.status == "submitted"
    with pytest.raises(review.ReviewNotAllowed) as refused:
        review.report_validate(report=report, user=committee_member, base_url="http://x")
    assert refused.value.code == "own_submission"

    client.force_login(other_member)
    client.post(reverse("followup:report_validate", args=[report.pk]))
    report.refresh_from_db()
    assert report.status == "validated"
    assert report.events.last().user == other_member


def test_it_is_returned_and_submitted_again_like_any_report(
    client, committee_member, other_member, campaign
):
    report = _submitted(client, committee_member, campaign)
    client.force_login(other_member)
    client.post(reverse("followup:report_return", args=[report.pk]), {"reason": "Préciser 5.2."})
    report.refresh_from_db()
    assert report.status == "returned"
    page = client.get(_edit(campaign))
    assert page.context["editable"] and page.context["last_return"].message == "Préciser 5.2."
    # the member who returned it submits it again: another one validates it then
    client.post(_edit(campaign), {**_all_answered("submit"), "version": report.version})
    report.refresh_from_db()
    assert report.status == "submitted"
    with pytest.raises(review.ReviewNotAllowed):
        review.report_validate(report=report, user=other_member, base_url="http://x")
    review.report_validate(report=report, user=committee_member, base_url="http://x")
    assert report.status == "validated"


def test_a_file_of_the_committees_report_is_its_members_only(
    committee_member, contributor_a, representative, campaign
):
    report = Report.objects.create(campaign=campaign, committee=True)
    progress = Progress.objects.create(
        report=report, measure=Measure.objects.get(code="5.1"), status="in_progress", percent=10
    )
    evidence = Evidence(
        progress=progress,
        original_name="compte-rendu.pdf",
        content_type="application/pdf",
        size=10,
        sha256="0" * 64,
    )
    evidence.file.save("x.pdf", ContentFile(pdf_bytes()), save=True)
    assert access_evidence(committee_member, evidence.pk, write=True) == evidence
    for outsider in (contributor_a, representative):
        with pytest.raises(Http404):
            access_evidence(outsider, evidence.pk)


def test_progress_per_axis_counts_every_reporter_and_says_who_reports(campaign, company_a):
    report_with_answers(company_a, campaign, "validated", [("2.1", "achieved", 100)])
    committee = Report.objects.create(campaign=campaign, committee=True, status="submitted")
    sp2c = Report.objects.create(
        campaign=campaign, signatory=Signatory.objects.get(acronym="SP2C"), status="validated"
    )
    draft = Report.objects.create(
        campaign=campaign, signatory=Signatory.objects.get(acronym="AFRC"), status="draft"
    )
    for report, code, status, percent in (
        (committee, "5.1", "in_progress", 40),  # 5.1 is the work streams': not counted
        (committee, "5.3", "in_progress", 60),
        (committee, "3.1", "achieved", 100),
        (sp2c, "1.3", "not_started", 0),
        (draft, "1.2", "achieved", 100),  # a draft is not counted
    ):
        Progress.objects.create(
            report=report,
            measure=Measure.objects.get(code=code),
            status=status,
            percent=percent,
        )
    rows = {row.axis.number: row for row in axis_progress(campaign)}
    assert (rows[1].achieved, rows[1].not_started) == (0, 1)
    assert (rows[2].achieved, rows[3].achieved) == (1, 1)
    # Axis 5: the committee's answer on 5.3; 5.1 comes from the work streams (none here).
    assert (rows[5].achieved, rows[5].in_progress, rows[5].not_started) == (0, 1, 0)
    assert rows[5].mean_percent == 60.0
    assert rows[1].reporters == ["entreprises", "État", "AFRC", "SP2C"]
    assert rows[3].reporters == ["entreprises", "le comité"]
    assert rows[4].reporters == ["État"]
    assert rows[5].reporters == ["le comité"]


def test_the_dashboard_says_who_reports_on_each_axis(client, committee_member, campaign):
    client.force_login(committee_member)
    page = client.get(reverse("followup:dashboard")).content.decode()
    assert "Qui rend compte" in page and "le comité" in page


def test_submitted_by_is_the_last_submission(campaign, committee_member, other_member):
    report = Report.objects.create(campaign=campaign, committee=True, status="submitted")
    ReportEvent.objects.create(report=report, action="submitted", user=committee_member)
    ReportEvent.objects.create(report=report, action="resubmitted", user=other_member)
    assert review.submitted_by(report) == other_member.pk


def test_its_review_and_history_pages_name_the_committee(client, committee_member, campaign):
    report = _submitted(client, committee_member, campaign)
    for name in ("followup:report_review", "followup:report_history"):
        page = client.get(reverse(name, args=[report.pk]))
        assert page.status_code == 200, name
        assert "Le comité de suivi" in page.content.decode() or "le comité de suivi" in (
            page.content.decode()
        )
    review_page = client.get(reverse("followup:report_review", args=[report.pk]))
    assert review_page.context["report_url"] == _edit(campaign)


def test_a_comment_on_the_committees_report_does_not_speak_of_a_company(
    client, committee_member, other_member, campaign
):
    report = _submitted(client, other_member, campaign)
    measure = report.progress.first().measure
    client.force_login(committee_member)
    response = client.post(
        reverse("followup:review_comment_create", args=[report.pk]),
        {"measure": measure.pk, "text": "Joindre le compte rendu de la réunion."},
        follow=True,
    )
    page = response.content.decode()
    assert f"Votre commentaire sur {measure.code} est enregistré" in page
    assert (
        "il apparaît sur le rapport" in page
        and "l'entreprise" not in page.split("enregistré")[1][:60]
    )
