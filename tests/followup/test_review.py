"""The committee's review of reports (validate, return with a reason, comments), the
company's right of reply, the e-mails, the timeline and the review queue."""

import datetime

import pytest
from django.core import mail
from django.core.files.base import ContentFile
from django.urls import reverse
from django.utils import timezone

from charter.models import Measure
from followup.models import Evidence, Progress, Report, ReportEvent, ReviewComment
from followup.services import review as review_services
from signatories.models import Commitment, Signatory
from tests.factories import (
    CampaignFactory,
    CompanyFactory,
    MembershipFactory,
    UserFactory,
    pdf_bytes,
)
from tests.followup.test_report import COMPLETE, answers

pytestmark = pytest.mark.django_db


def report_page(report):
    return reverse("followup:report_edit", args=[report.company_id, report.campaign_id])


def review_page(report):
    return reverse("followup:report_review", args=[report.pk])


def answer_url(report):
    return reverse("followup:report_answer", args=[report.company_id, report.campaign_id])


def make_report(company, campaign, status="submitted", **kwargs) -> Report:
    """A report in ``status`` with an answer on each of the company's commitments."""
    report = Report.objects.create(
        campaign=campaign,
        company=company,
        status=status,
        submitted_at=None if status == "draft" else timezone.now(),
        **kwargs,
    )
    for commitment in company.commitments.all():
        Progress.objects.create(
            report=report, measure=commitment.measure, status="in_progress", percent=50
        )
    return report


@pytest.fixture
def submitted(client, contributor_a, committed_a, campaign):
    """Company A's complete report, submitted through its report page."""
    client.force_login(contributor_a)
    client.post(report_page_for(committed_a, campaign), answers(action="submit", **COMPLETE))
    client.logout()
    report = Report.objects.get()
    assert report.status == "submitted"
    mail.outbox.clear()
    return report


def report_page_for(company, campaign):
    return reverse("followup:report_edit", args=[company.pk, campaign.pk])


def messages_of(response) -> list[str]:
    return [str(m) for m in response.wsgi_request._messages]


# --- Validate ------------------------------------------------------------------------------


def test_it_validates_a_submitted_report(
    client, committee_member, contributor_a, submitted, django_capture_on_commit_callbacks
):
    client.force_login(committee_member)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("followup:report_validate", args=[submitted.pk]))
    assert response.status_code == 302
    assert response["Location"] == review_page(submitted)
    submitted.refresh_from_db()
    assert submitted.status == "validated"
    event = submitted.events.last()
    assert (event.action, event.user, event.message) == ("validated", committee_member, "")
    assert [m.to for m in mail.outbox] == [[contributor_a.email]]
    assert "http://testserver" + report_page(submitted) in mail.outbox[0].body


@pytest.mark.parametrize("status", ["draft", "returned", "validated"])
def test_only_a_submitted_report_is_validated(
    client, committee_member, committed_a, campaign, status
):
    report = make_report(committed_a, campaign, status)
    client.force_login(committee_member)
    response = client.post(reverse("followup:report_validate", args=[report.pk]), follow=True)
    assert response.status_code == 200
    report.refresh_from_db()
    assert report.status == status
    assert not ReportEvent.objects.exists()
    assert len(messages_of(response)) == 1
    assert response.redirect_chain[-1][0] == review_page(report)
    assert not mail.outbox


def test_validating_twice_is_refused_by_the_service(committee_member, submitted):
    review_services.report_validate(report=submitted, user=committee_member, base_url="https://x")
    stale = Report.objects.get(pk=submitted.pk)
    stale.status = "submitted"  # an instance read before the first decision
    with pytest.raises(review_services.ReviewNotAllowed) as error:
        review_services.report_validate(report=stale, user=committee_member, base_url="https://x")
    assert error.value.code == "not_submitted"
    assert ReportEvent.objects.filter(action="validated").count() == 1


def test_an_unknown_report_is_404(client, committee_member):
    client.force_login(committee_member)
    assert client.get(reverse("followup:report_review", args=[999999])).status_code == 404
    assert client.post(reverse("followup:report_validate", args=[999999])).status_code == 404
    assert client.post(reverse("followup:report_return", args=[999999])).status_code == 404


# --- Return --------------------------------------------------------------------------------


def test_it_returns_a_submitted_report_with_its_reason(
    client, committee_member, contributor_a, submitted, django_capture_on_commit_callbacks
):
    client.force_login(committee_member)
    reason = "Le nombre d'heures de formation semble élevé : joignez le plan de formation."
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("followup:report_return", args=[submitted.pk]), {"reason": reason}
        )
    assert response.status_code == 302
    submitted.refresh_from_db()
    assert submitted.status == "returned"
    event = submitted.events.last()
    assert (event.action, event.user, event.message) == ("returned", committee_member, reason)
    assert [m.to for m in mail.outbox] == [[contributor_a.email]]
    message = mail.outbox[0]
    assert reason in message.body
    assert "http://testserver" + report_page(submitted) in message.body
    assert "http://testserver" + report_page(submitted) in message.alternatives[0][0]
    assert "&#x27;" not in message.body  # plain text is not HTML-escaped


@pytest.mark.parametrize(
    ("reason", "code"), [("", "required"), ("   ", "required"), ("x" * 5001, "max_length")]
)
def test_a_return_needs_a_reason(client, committee_member, submitted, reason, code):
    client.force_login(committee_member)
    response = client.post(
        reverse("followup:report_return", args=[submitted.pk]), {"reason": reason}
    )
    assert response.status_code == 200
    form = response.context["return_form"]
    assert [e.code for e in form.errors.as_data()["reason"]] == [code]
    assert 'aria-invalid="true"' in response.content.decode()
    submitted.refresh_from_db()
    assert submitted.status == "submitted"
    assert list(submitted.events.values_list("action", flat=True)) == ["submitted"]


@pytest.mark.parametrize("status", ["draft", "returned", "validated"])
def test_only_a_submitted_report_is_returned(
    client, committee_member, committed_a, campaign, status
):
    report = make_report(committed_a, campaign, status)
    client.force_login(committee_member)
    for reason in ("Une raison", ""):
        response = client.post(
            reverse("followup:report_return", args=[report.pk]), {"reason": reason}
        )
        assert response.status_code == 302
        assert response["Location"] == review_page(report)
    report.refresh_from_db()
    assert report.status == status
    assert not ReportEvent.objects.exists()


def test_the_service_refuses_an_empty_reason(committee_member, submitted):
    with pytest.raises(ValueError):
        review_services.report_return(
            report=submitted, user=committee_member, reason="  ", base_url="https://x"
        )
    submitted.refresh_from_db()
    assert submitted.status == "submitted"


# --- Comments ------------------------------------------------------------------------------


def test_the_committee_comments_on_a_commitment_and_the_company_reads_it(
    client, committee_member, contributor_a, submitted
):
    measure = Measure.objects.get(code="2.1")
    client.force_login(committee_member)
    response = client.post(
        reverse("followup:review_comment_create", args=[submitted.pk]),
        {"measure": measure.pk, "text": "Précisez le nombre de salariés formés <b>en CDI</b>."},
    )
    assert response.status_code == 302
    assert response["Location"] == review_page(submitted) + f"#measure-{measure.pk}"
    comment = ReviewComment.objects.get()
    assert comment.author == committee_member
    assert comment.progress == submitted.progress.get(measure=measure)
    assert submitted.progress.get(measure=measure).status == "achieved"  # answer untouched
    page = client.get(review_page(submitted)).content.decode()
    assert "Précisez le nombre de salariés formés &lt;b&gt;en CDI&lt;/b&gt;." in page
    client.force_login(contributor_a)
    page = client.get(report_page(submitted)).content.decode()
    assert "Précisez le nombre de salariés formés &lt;b&gt;en CDI&lt;/b&gt;." in page


@pytest.mark.parametrize(
    ("text", "code"), [("", "required"), (" \n ", "required"), ("x" * 5001, "max_length")]
)
def test_a_comment_needs_a_text(client, committee_member, submitted, text, code):
    measure = Measure.objects.get(code="2.2")
    client.force_login(committee_member)
    response = client.post(
        reverse("followup:review_comment_create", args=[submitted.pk]),
        {"measure": measure.pk, "text": text},
    )
    assert response.status_code == 200
    block = next(b for b in response.context["blocks"] if b.measure == measure)
    assert [e.code for e in block.comment_form.errors.as_data()["text"]] == [code]
    assert f'id="id_c{measure.pk}_text"' in response.content.decode()
    assert not ReviewComment.objects.exists()


def test_a_comment_on_a_draft_is_refused(client, committee_member, committed_a, campaign):
    report = make_report(committed_a, campaign, "draft")
    client.force_login(committee_member)
    assert 'name="text"' not in client.get(review_page(report)).content.decode()
    response = client.post(
        reverse("followup:review_comment_create", args=[report.pk]),
        {"measure": Measure.objects.get(code="2.1").pk, "text": "Remarque"},
    )
    assert response.status_code == 302
    assert not ReviewComment.objects.exists()
    with pytest.raises(review_services.ReviewNotAllowed):
        review_services.review_comment_add(
            report=report,
            measure_or_progress=report.progress.first(),
            user=committee_member,
            text="Remarque",
        )


def test_a_comment_on_a_measure_outside_the_report_is_refused(client, committee_member, submitted):
    client.force_login(committee_member)
    response = client.post(
        reverse("followup:review_comment_create", args=[submitted.pk]),
        {"measure": Measure.objects.get(code="1.5").pk, "text": "Hors sujet"},
    )
    assert response.status_code == 302
    assert not ReviewComment.objects.exists()
    response = client.post(
        reverse("followup:review_comment_create", args=[submitted.pk]),
        {"measure": "abc", "text": "Hors sujet"},
    )
    assert response.status_code == 302
    assert not ReviewComment.objects.exists()


def test_the_service_refuses_a_progress_of_another_report(
    committee_member, submitted, company_b, campaign
):
    other = make_report(company_b, campaign)
    progress = Progress.objects.create(
        report=other, measure=Measure.objects.get(code="2.1"), status="achieved", percent=100
    )
    with pytest.raises(review_services.ReviewNotAllowed) as error:
        review_services.review_comment_add(
            report=submitted, measure_or_progress=progress, user=committee_member, text="x"
        )
    assert error.value.code == "not_in_report"


def test_comments_are_allowed_on_returned_and_validated_reports(
    committee_member, committed_a, campaign
):
    returned = make_report(committed_a, CampaignFactory(), "returned")
    review_services.review_comment_add(
        report=returned,
        measure_or_progress=Measure.objects.get(code="2.1"),
        user=committee_member,
        text="Vu.",
    )
    validated = make_report(committed_a, CampaignFactory(), "validated")
    progress = validated.progress.first()
    review_services.review_comment_add(
        report=validated, measure_or_progress=progress, user=committee_member, text=" Vu. "
    )
    assert [c.text for c in ReviewComment.objects.order_by("pk")] == ["Vu.", "Vu."]
    assert ReviewComment.objects.last().progress == progress


# --- The review page -----------------------------------------------------------------------


def test_the_review_page_shows_the_whole_report_read_only(
    client, committee_member, submitted, settings
):
    progress = submitted.progress.get(measure__code="2.1")
    evidence = Evidence(
        company=submitted.company,
        progress=progress,
        original_name="plan-formation.pdf",
        content_type="application/pdf",
        size=10,
        sha256="0" * 64,
    )
    evidence.file.save("plan.pdf", ContentFile(pdf_bytes()), save=True)
    client.force_login(committee_member)
    client.cookies["django_language"] = "en"
    response = client.get(review_page(submitted))
    assert response.status_code == 200
    page = response.content.decode()
    assert page.count("<h1") == 1
    assert "Plan de formation tenu." in page  # the company's comment
    assert "1\u202f200" in page or "1,200" in page or "1200" in page  # training hours
    assert reverse("followup:evidence_download", args=[evidence.pk]) in page
    assert "plan-formation.pdf" in page
    assert reverse("followup:report_validate", args=[submitted.pk]) in page
    assert reverse("followup:report_return", args=[submitted.pk]) in page
    assert 'name="p' not in page  # no answer field: the committee does not edit
    assert response.context["can_decide"] is True


@pytest.mark.parametrize("status", ["draft", "returned", "validated"])
def test_the_decision_is_offered_only_for_a_submitted_report(
    client, committee_member, committed_a, campaign, status
):
    report = make_report(committed_a, campaign, status)
    client.force_login(committee_member)
    response = client.get(review_page(report))
    assert response.status_code == 200
    assert response.context["can_decide"] is False
    page = response.content.decode()
    assert reverse("followup:report_validate", args=[report.pk]) not in page
    assert reverse("followup:report_return", args=[report.pk]) not in page


# --- The right of reply --------------------------------------------------------------------


@pytest.fixture
def returned(submitted, committee_member):
    review_services.report_return(
        report=submitted,
        user=committee_member,
        reason="Joignez le plan de formation.",
        base_url="https://charte.example.org",
    )
    review_services.review_comment_add(
        report=submitted,
        measure_or_progress=Measure.objects.get(code="2.2"),
        user=committee_member,
        text="Détaillez les emplois créés hors de France.",
    )
    mail.outbox.clear()
    submitted.refresh_from_db()
    return submitted


def test_the_company_sees_the_reason_the_comments_and_an_answer_form(
    client, contributor_a, returned
):
    client.force_login(contributor_a)
    page = client.get(report_page(returned)).content.decode()
    assert "Joignez le plan de formation." in page
    assert "Détaillez les emplois créés hors de France." in page
    assert f'action="{answer_url(returned)}"' in page
    assert 'name="action" value="submit"' in page  # still editable


def test_the_committee_reads_the_reason_but_has_no_answer_form(client, committee_member, returned):
    client.force_login(committee_member)
    page = client.get(report_page(returned)).content.decode()
    assert "Joignez le plan de formation." in page
    assert answer_url(returned) not in page


def test_the_answer_page_shows_the_latest_reason(client, contributor_a, returned, committee_member):
    client.force_login(contributor_a)
    response = client.get(answer_url(returned))
    assert response.status_code == 200
    assert response.context["returned"].message == "Joignez le plan de formation."
    page = response.content.decode()
    assert "Détaillez les emplois créés hors de France." in page
    assert page.count("<h1") == 1


def test_the_company_answers_the_committee(
    client,
    contributor_a,
    committee_member,
    superuser_not_member,
    returned,
    django_capture_on_commit_callbacks,
):
    client.force_login(contributor_a)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(answer_url(returned), {"message": "Le plan est joint à 2.1."})
    assert response.status_code == 302
    assert response["Location"] == report_page(returned)
    event = returned.events.last()
    assert (event.action, event.user, event.message) == (
        "answered",
        contributor_a,
        "Le plan est joint à 2.1.",
    )
    returned.refresh_from_db()
    assert returned.status == "returned"  # the company still changes and resubmits
    assert [m.to for m in mail.outbox] == [[committee_member.email]]
    assert "http://testserver" + review_page(returned) in mail.outbox[0].body
    assert "Le plan est joint à 2.1." in mail.outbox[0].body


@pytest.mark.parametrize("message", ["", "   ", "x" * 5001])
def test_an_answer_needs_a_message(client, contributor_a, returned, message):
    client.force_login(contributor_a)
    response = client.post(answer_url(returned), {"message": message})
    assert response.status_code == 200
    assert "message" in response.context["form"].errors
    assert 'aria-invalid="true"' in response.content.decode()
    assert not returned.events.filter(action="answered").exists()


@pytest.mark.parametrize("status", ["draft", "submitted", "validated"])
def test_only_a_returned_report_is_answered(client, contributor_a, committed_a, campaign, status):
    report = make_report(committed_a, campaign, status)
    client.force_login(contributor_a)
    for method in ("get", "post"):
        response = getattr(client, method)(answer_url(report), {"message": "Réponse"}, follow=True)
        assert response.redirect_chain == [(report_page(report), 302)]
        assert len(messages_of(response)) == 1
    assert not ReportEvent.objects.exists()


def test_after_a_second_return_the_latest_reason_is_the_one_to_answer(
    client, contributor_a, committee_member, returned
):
    returned.status = "submitted"
    returned.save()
    review_services.report_return(
        report=returned, user=committee_member, reason="Second motif", base_url="https://x"
    )
    client.force_login(contributor_a)
    assert client.get(answer_url(returned)).context["returned"].message == "Second motif"
    page = client.get(report_page(returned)).content.decode()
    panel = page.split('id="returned-title"')[1].split("</section>")[0]
    assert "Second motif" in panel
    assert "Joignez le plan de formation." not in panel
    assert "Joignez le plan de formation." in page  # still in the history


def test_no_report_no_answer(client, contributor_a, committed_a, campaign):
    client.force_login(contributor_a)
    assert client.get(answer_url(Report(company=committed_a, campaign=campaign))).status_code == 404


def test_a_signatory_representative_answers_the_committee(
    client, representative, committee_member, campaign, django_capture_on_commit_callbacks
):
    signatory = Signatory.objects.get(acronym="SP2C")
    report = Report.objects.create(
        campaign=campaign, signatory=signatory, status="returned", submitted_at=timezone.now()
    )
    client.force_login(representative)
    target = reverse("followup:signatory_report_answer", args=[signatory.pk, campaign.pk])
    assert client.get(target).status_code == 200
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(target, {"message": "Deux actions de plus sont prévues."})
    assert response.status_code == 302
    assert response["Location"] == reverse(
        "followup:signatory_report_edit", args=[signatory.pk, campaign.pk]
    )
    assert report.events.get().action == "answered"
    assert [m.to for m in mail.outbox] == [[committee_member.email]]


def test_a_signatory_report_is_returned_to_its_representatives(
    client, representative, committee_member, campaign, django_capture_on_commit_callbacks
):
    signatory = Signatory.objects.get(acronym="SP2C")
    report = Report.objects.create(
        campaign=campaign, signatory=signatory, status="submitted", submitted_at=timezone.now()
    )
    client.force_login(committee_member)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("followup:report_return", args=[report.pk]), {"reason": "Précisez."})
    assert [m.to for m in mail.outbox] == [[representative.email]]
    link = reverse("followup:signatory_report_edit", args=[signatory.pk, campaign.pk])
    assert "http://testserver" + link in mail.outbox[0].body


# --- E-mails: recipients and language ------------------------------------------------------


def test_e_mails_go_to_each_contributor_in_their_language(
    client, committee_member, contributor_a, submitted, django_capture_on_commit_callbacks
):
    contributor_a.language = "en"
    contributor_a.save()
    french = MembershipFactory(company=submitted.company, user__email="fr@example.org").user
    inactive = MembershipFactory(company=submitted.company, user__email="old@example.org").user
    inactive.is_active = False
    inactive.save()
    MembershipFactory(user__email="ailleurs@example.org")  # another company's contributor
    client.force_login(committee_member)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("followup:report_validate", args=[submitted.pk]))
    by_address = {m.to[0]: m for m in mail.outbox}
    assert sorted(by_address) == sorted([contributor_a.email, french.email])
    english = by_address[contributor_a.email]
    assert "validated the report" in english.body
    assert "Report validated" in english.subject
    assert 'lang="en"' in english.alternatives[0][0]
    assert 'lang="fr"' in by_address[french.email].alternatives[0][0]
    assert "Charte" in by_address[french.email].alternatives[0][0]


def test_a_returned_e_mail_in_english_says_why(
    client, committee_member, contributor_a, submitted, django_capture_on_commit_callbacks
):
    contributor_a.language = "en"
    contributor_a.save()
    client.force_login(committee_member)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            reverse("followup:report_return", args=[submitted.pk]),
            {"reason": "Attach the training plan & its budget."},
        )
    (message,) = mail.outbox
    assert "returned the report of Alpha Contact SAS" in message.body
    assert "Attach the training plan & its budget." in message.body  # not escaped
    assert "Attach the training plan &amp; its budget." in message.alternatives[0][0]


def test_the_answer_notice_reaches_only_active_committee_members(
    client, contributor_a, committee_member, returned, django_capture_on_commit_callbacks
):
    UserFactory(email="ancien@example.org", is_committee_member=True, is_active=False)
    UserFactory(email="staff@example.org", is_staff=True)
    client.force_login(contributor_a)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(answer_url(returned), {"message": "Réponse."})
    assert [m.to for m in mail.outbox] == [[committee_member.email]]


# --- The whole cycle and its timeline ------------------------------------------------------


def test_a_full_cycle_is_logged_in_order_with_who_and_when(
    client, contributor_a, committee_member, committed_a, campaign
):
    start = timezone.now()
    client.force_login(contributor_a)
    client.post(report_page_for(committed_a, campaign), answers(action="submit", **COMPLETE))
    report = Report.objects.get()
    client.force_login(committee_member)
    client.post(reverse("followup:report_return", args=[report.pk]), {"reason": "Motif du renvoi"})
    client.force_login(contributor_a)
    client.post(answer_url(report), {"message": "Notre réponse"})
    report.refresh_from_db()
    resubmit = answers(version=report.version, action="submit", **COMPLETE)
    assert client.post(report_page(report), resubmit).status_code == 302
    client.force_login(committee_member)
    client.post(reverse("followup:report_validate", args=[report.pk]))
    report.refresh_from_db()
    assert report.status == "validated"

    events = list(report.events.order_by("at", "pk"))
    assert [(e.action, e.user, e.message) for e in events] == [
        ("submitted", contributor_a, ""),
        ("returned", committee_member, "Motif du renvoi"),
        ("answered", contributor_a, "Notre réponse"),
        ("resubmitted", contributor_a, ""),
        ("validated", committee_member, ""),
    ]
    times = [e.at for e in events]
    assert times == sorted(times) and start <= times[0] <= timezone.now()

    client.cookies["django_language"] = "en"
    response = client.get(review_page(report))
    assert [e.pk for e in response.context["events"]] == [e.pk for e in events]
    page = response.content.decode()
    labels = [
        "Submitted</strong>",
        "Returned for changes</strong>",
        "Answered the committee</strong>",
        "Submitted again</strong>",
        "Validated</strong>",
    ]
    positions = [page.index(label) for label in labels]
    assert positions == sorted(positions)
    for event in events:
        machine_time = timezone.localtime(event.at).strftime("%Y-%m-%dT%H:%M:%S%z")
        assert f'datetime="{machine_time}"' in page
        assert str(event.user) in page
    assert "Motif du renvoi" in page and "Notre réponse" in page


# --- The queue -----------------------------------------------------------------------------


def test_the_queue_lists_submitted_reports_oldest_first(client, committee_member, campaign):
    now = timezone.now()
    older = make_report(CompanyFactory(legal_name="Ancienne SA"), campaign)
    older.submitted_at = now - datetime.timedelta(days=3)
    older.save()
    newer = make_report(CompanyFactory(legal_name="Récente SA"), campaign)
    for status in ("draft", "returned", "validated"):
        make_report(CompanyFactory(legal_name=f"Pas en attente {status}"), campaign, status)
    client.force_login(committee_member)
    response = client.get(reverse("followup:review_queue"))
    assert response.status_code == 200
    assert list(response.context["page"].object_list) == [older, newer]
    page = response.content.decode()
    assert "Pas en attente" not in page
    assert page.index("Ancienne SA") < page.index("Récente SA")
    assert review_page(older) in page


def test_the_queue_filters_by_campaign(client, committee_member, campaign):
    other = CampaignFactory()
    mine = make_report(CompanyFactory(), campaign)
    make_report(CompanyFactory(), other)
    client.force_login(committee_member)
    response = client.get(reverse("followup:review_queue"), {"campagne": campaign.pk})
    assert list(response.context["page"].object_list) == [mine]
    assert response.context["campaign"] == campaign


@pytest.mark.parametrize("value", ["abc", "999999"])
def test_a_bad_campaign_filter_says_so(client, committee_member, campaign, value):
    make_report(CompanyFactory(), campaign)
    client.force_login(committee_member)
    response = client.get(reverse("followup:review_queue"), {"campagne": value})
    assert response.status_code == 200
    assert "campagne" in response.context["form"].errors
    assert len(response.context["page"].object_list) == 1


def test_the_queue_is_paginated(client, committee_member, campaign):
    for _ in range(31):
        make_report(CompanyFactory(), campaign)
    client.force_login(committee_member)
    response = client.get(reverse("followup:review_queue"), {"campagne": campaign.pk, "page": 2})
    assert response.status_code == 200
    assert len(response.context["page"].object_list) == 1
    assert f"campagne={campaign.pk}&amp;page=1" in response.content.decode()
    assert client.get(reverse("followup:review_queue"), {"page": "x"}).status_code == 200


@pytest.mark.parametrize("count", [5, 50])
def test_the_queue_runs_a_fixed_number_of_queries(
    client, committee_member, campaign, count, django_assert_num_queries
):
    signatory = Signatory.objects.get(acronym="SP2C")
    Report.objects.create(
        campaign=campaign, signatory=signatory, status="submitted", submitted_at=timezone.now()
    )
    for _ in range(count - 1):
        Report.objects.create(
            campaign=campaign,
            company=CompanyFactory(),
            status="submitted",
            submitted_at=timezone.now(),
        )
    client.force_login(committee_member)
    url = reverse("followup:review_queue")
    with django_assert_num_queries(QUEUE_QUERIES):
        response = client.get(url, {"campagne": campaign.pk})
    assert len(response.context["page"].object_list) == min(count, 30)


# session, user, savepoint and release, the campaign chosen, the count, the page, the
# campaigns of the filter's list.
QUEUE_QUERIES = 8


# --- Every comment typed is kept; who was told -----------------------------------------------


def _boxes(measures, texts) -> dict:
    """The review page's comment boxes as one POST: every box, in the page's order."""
    return {"measure": [m.pk for m in measures], "text": texts}


def test_three_comments_typed_are_saved_together(client, committee_member, committed_a, submitted):
    Commitment.objects.create(company=committed_a, measure=Measure.objects.get(code="1.5"))
    measures = list(Measure.objects.filter(code__in=["1.5", "2.1", "2.2"]).order_by("code"))
    client.force_login(committee_member)
    page = client.get(review_page(submitted)).content.decode()
    assert page.count('form="review-comments"') >= 3 * len(measures)  # measure, box, button
    response = client.post(
        review_page(submitted) + "commentaires/",
        {**_boxes(measures, ["Premier", "Deuxième", "Troisième"]), "sent_from": measures[1].pk},
    )
    assert response.status_code == 302
    texts = ReviewComment.objects.order_by("progress__measure__code").values_list("text", flat=True)
    assert list(texts) == ["Premier", "Deuxième", "Troisième"]
    assert "1.5, 2.1, 2.2" in messages_of(client.get(review_page(submitted)))[0]


def test_empty_boxes_are_skipped_and_a_refused_box_keeps_the_others(
    client, committee_member, submitted
):
    measures = list(Measure.objects.filter(code__in=["2.1", "2.2"]).order_by("code"))
    client.force_login(committee_member)
    url = review_page(submitted) + "commentaires/"
    client.post(url, _boxes(measures, ["", "Seul commentaire"]))
    assert list(ReviewComment.objects.values_list("text", flat=True)) == ["Seul commentaire"]
    response = client.post(url, _boxes(measures, ["Gardé tel quel", "x" * 5001]))
    assert response.status_code == 200
    assert ReviewComment.objects.count() == 1  # nothing saved from the refused post
    page = response.content.decode()
    assert "Gardé tel quel</textarea>" in page and "x" * 5001 in page


def test_comment_boxes_are_not_labelled_required(client, committee_member, submitted):
    client.force_login(committee_member)
    page = client.get(review_page(submitted)).content.decode()
    start = page.index('id="measure-')
    assert "(obligatoire)" not in page[start : page.index('id="decision"')]
    assert "(obligatoire)" in page[page.index('id="decision"') :]  # the reason to return


def test_nothing_typed_says_so_on_the_box_of_the_button_pressed(
    client, committee_member, submitted
):
    measures = list(Measure.objects.filter(code__in=["2.1", "2.2"]).order_by("code"))
    client.force_login(committee_member)
    response = client.post(
        review_page(submitted) + "commentaires/",
        {**_boxes(measures, ["", " "]), "sent_from": measures[1].pk},
    )
    assert response.status_code == 200
    blocks = {b.measure.code: b for b in response.context["blocks"]}
    assert blocks["2.2"].comment_form.errors and not blocks["2.1"].comment_form.errors


def test_the_messages_say_who_was_e_mailed(client, committee_member, contributor_a, submitted):
    contributor_a.full_name = "Claire Martin"
    contributor_a.save()
    client.force_login(committee_member)
    response = client.post(reverse("followup:report_validate", args=[submitted.pk]))
    [message] = messages_of(client.get(response["Location"]))
    assert message.startswith("Le rapport est validé. Un courriel a été envoyé au contributeur")
    assert "Claire Martin" in message


def test_with_no_one_to_tell_no_e_mail_is_claimed(
    client, committee_member, contributor_a, submitted
):
    contributor_a.is_active = False
    contributor_a.save()
    client.force_login(committee_member)
    response = client.post(
        reverse("followup:report_return", args=[submitted.pk]), {"reason": "À compléter."}
    )
    [message] = messages_of(client.get(response["Location"]))
    assert "Aucun courriel n'a été envoyé" in message and "informé" not in message


def test_a_signatory_is_not_called_a_company(client, committee_member, representative, campaign):
    signatory = Signatory.objects.get(acronym="SP2C")
    report = Report.objects.create(
        campaign=campaign, signatory=signatory, status="submitted", submitted_at=timezone.now()
    )
    client.force_login(committee_member)
    page = client.get(review_page(report)).content.decode()
    assert "Les représentants du signataire en sont informés" in page
    response = client.post(reverse("followup:report_validate", args=[report.pk]))
    [message] = messages_of(client.get(response["Location"]))
    assert "au représentant du signataire" in message and "entreprise" not in message
