"""A company fills its campaign report: drafts, checks, submission, conflicts."""

import datetime

import pytest
from django.core import mail
from django.urls import reverse

from charter.models import Indicator, Measure
from followup.models import IndicatorValue, Progress, Report, ReportEvent
from tests.factories import CampaignFactory, UserFactory
from tests.factories import report_form_data as answers

pytestmark = pytest.mark.django_db


def url(company, campaign):
    return reverse("followup:report_edit", args=[company.pk, campaign.pk])


COMPLETE = {
    "progress": {
        "2.1": ("achieved", 100, "Plan de formation tenu."),
        "2.2": ("in_progress", 60, ""),
    },
    "values": {
        "training_hours": "1200",
        "employees_trained": "80",
        "jobs_created_total": "20",
        "jobs_created_france": "14",
        "headcount_france": "300",
        "headcount_abroad": "40",
    },
}


def test_it_shows_an_empty_report_form_for_the_commitments(
    client, contributor_a, committed_a, campaign
):
    client.force_login(contributor_a)
    response = client.get(url(committed_a, campaign))
    assert response.status_code == 200
    page = response.content.decode()
    assert "Former les salariés de la relation client" in page
    assert "Emplois créés pendant la période" in page
    assert "Renoncer aux automates" not in page  # not committed to
    assert not Report.objects.exists()  # a GET changes nothing


def test_a_partial_draft_is_saved(client, contributor_a, committed_a, campaign):
    client.force_login(contributor_a)
    data = answers(progress={"2.1": ("in_progress", 40, "")}, values={"training_hours": "300"})
    response = client.post(url(committed_a, campaign), data)
    assert response.status_code == 302
    report = Report.objects.get()
    assert (report.company, report.status, report.version) == (committed_a, "draft", 1)
    assert Progress.objects.get(measure__code="2.1").percent == 40
    assert IndicatorValue.objects.get(indicator__code="training_hours").number == 300
    # the second visit shows what was saved
    page = client.get(url(committed_a, campaign)).content.decode()
    assert 'value="300"' in page and 'value="40"' in page


@pytest.mark.parametrize(
    ("code", "typed", "error"),
    [
        ("training_hours", "-5", "min_value"),
        ("training_hours", "douze", "invalid"),
        ("training_hours", "12.5", "invalid"),
        ("ivr_answered_share", "150", "max_value"),
        ("ivr_answered_share", "-1", "min_value"),
    ],
)
def test_a_value_of_the_wrong_kind_is_refused_and_kept(
    client, contributor_a, company_a, campaign, code, typed, error
):
    from signatories.models import Commitment

    for measure_code in ("1.6", "2.1"):
        Commitment.objects.create(company=company_a, measure=Measure.objects.get(code=measure_code))
    client.force_login(contributor_a)
    response = client.post(url(company_a, campaign), answers(values={code: typed}))
    assert response.status_code == 200
    form = response.context["form"]
    field = f"i{Indicator.objects.get(code=code).pk}"
    assert form.errors[field][0]
    assert error in [e.code for e in form.errors.as_data()[field]]
    assert f'value="{typed}"' in response.content.decode()
    assert 'aria-invalid="true"' in response.content.decode()
    assert not Report.objects.exists()


def test_a_date_must_fall_inside_the_period_covered(client, representative):
    from signatories.models import Signatory

    campaign = CampaignFactory()
    signatory = Signatory.objects.get(acronym="SP2C")
    # SP2C carries 1.3 only (an integer); use a committee date indicator through the form.
    from followup.forms import indicator_field

    field = indicator_field(Indicator.objects.get(code="ranking_published_on"), campaign)
    with pytest.raises(Exception) as error:
        field.clean(campaign.period_end + datetime.timedelta(days=1))
    assert "période" in str(error.value) or "period" in str(error.value)
    assert field.clean(campaign.period_end) == campaign.period_end
    assert signatory.owned_measures.get().code == "1.3"


def test_jobs_created_in_france_cannot_exceed_all_jobs_created(
    client, contributor_a, committed_a, campaign
):
    client.force_login(contributor_a)
    data = answers(values={"jobs_created_total": "10", "jobs_created_france": "12"})
    response = client.post(url(committed_a, campaign), data)
    assert response.status_code == 200
    field = f"i{Indicator.objects.get(code='jobs_created_france').pk}"
    assert field in response.context["form"].errors
    assert 'value="12"' in response.content.decode()


@pytest.mark.parametrize(
    ("status", "percent", "comment", "field"),
    [
        ("in_progress", 100, "", "percent"),
        ("achieved", 80, "", "percent"),
        ("not_started", 30, "", "percent"),
        ("not_applicable", None, "", "comment"),
        ("in_progress", 101, "", "percent"),
    ],
)
def test_status_and_progress_must_agree(
    client, contributor_a, committed_a, campaign, status, percent, comment, field
):
    client.force_login(contributor_a)
    response = client.post(
        url(committed_a, campaign), answers(progress={"2.1": (status, percent, comment)})
    )
    assert response.status_code == 200
    pk = Measure.objects.get(code="2.1").pk
    assert f"p{pk}_{field}" in response.context["form"].errors


def test_the_page_says_why_a_status_and_its_progress_disagree(
    client, contributor_a, committed_a, campaign
):
    client.force_login(contributor_a)
    response = client.post(
        url(committed_a, campaign), answers(progress={"2.1": ("in_progress", 100, "")})
    )
    assert "100\u00a0% signifie réalisé\u00a0: choisissez le statut" in response.content.decode()
    assert not Report.objects.exists()


def test_achieved_fills_in_100_percent(client, contributor_a, committed_a, campaign):
    client.force_login(contributor_a)
    client.post(url(committed_a, campaign), answers(progress={"2.1": ("achieved", None, "")}))
    assert Progress.objects.get().percent == 100


def test_submitting_requires_every_required_answer(client, contributor_a, committed_a, campaign):
    client.force_login(contributor_a)
    data = answers(progress={"2.1": ("in_progress", 50, "")}, action="submit")
    response = client.post(url(committed_a, campaign), data)
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert f"p{Measure.objects.get(code='2.2').pk}_status" in errors
    assert f"i{Indicator.objects.get(code='jobs_created_total').pk}" in errors
    assert "error-summary" in response.content.decode()
    # What was typed is kept as a draft, and the page says so.
    report = Report.objects.get()
    assert (report.status, report.version) == ("draft", 1)
    assert Progress.objects.get(measure__code="2.1").percent == 50
    assert response.context["form"]["version"].value() == 1
    [message] = [str(m) for m in response.wsgi_request._messages]
    assert "7 réponses manquent" in message and "enregistrées" in message


def test_a_refused_submission_keeps_the_typed_answers_and_counts_what_is_missing(
    client, contributor_a, committed_a, campaign
):
    client.force_login(contributor_a)
    done = {"2.1": ("achieved", 100, "Plan de formation tenu."), "2.2": ("in_progress", 60, "")}
    values = {"training_hours": "1200", "jobs_created_total": "20"}
    response = client.post(
        url(committed_a, campaign), answers(progress=done, values=values, action="submit")
    )
    assert response.status_code == 200
    report = Report.objects.get()
    assert report.status == "draft" and not ReportEvent.objects.exists()
    assert IndicatorValue.objects.get(indicator__code="jobs_created_total").number == 20
    assert response.context["form"].missing_count == 4
    [message] = [str(m) for m in response.wsgi_request._messages]
    assert message == (
        "Vos réponses sont enregistrées comme brouillon\u00a0; "
        "4 réponses manquent avant de pouvoir soumettre le rapport."
    )
    # The next submission, with the missing answers, goes through at the new version.
    data = answers(version=report.version, action="submit", **COMPLETE)
    assert client.post(url(committed_a, campaign), data).status_code == 302
    assert Report.objects.get().status == "submitted"


def test_a_submission_with_a_wrong_value_saves_nothing(
    client, contributor_a, committed_a, campaign
):
    client.force_login(contributor_a)
    data = answers(values={"training_hours": "douze"}, action="submit")
    response = client.post(url(committed_a, campaign), data)
    assert response.status_code == 200
    assert not Report.objects.exists()
    assert 'value="douze"' in response.content.decode()


def test_a_complete_report_is_submitted_locked_and_announced(
    client,
    contributor_a,
    committed_a,
    campaign,
    committee_member,
    django_capture_on_commit_callbacks,
):
    client.force_login(contributor_a)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url(committed_a, campaign), answers(action="submit", **COMPLETE))
    assert response.status_code == 302
    report = Report.objects.get()
    assert report.status == "submitted" and report.submitted_at
    assert ReportEvent.objects.get().action == "submitted"
    recipients = sorted(m.to[0] for m in mail.outbox)
    assert recipients == ["a@example.org", "comite@example.org"]
    assert all(m.alternatives for m in mail.outbox)
    by_address = {m.to[0]: m for m in mail.outbox}
    assert "http://testserver" + url(committed_a, campaign) in by_address["a@example.org"].body
    # The committee's notice opens the review page, not the company's read-only view.
    review = "http://testserver" + reverse("followup:report_review", args=[report.pk])
    assert review in by_address["comite@example.org"].body
    assert url(committed_a, campaign) not in by_address["comite@example.org"].body
    # read-only now: the page has no form field and a POST changes nothing
    page = client.get(url(committed_a, campaign)).content.decode()
    assert 'name="action" value="submit"' not in page
    client.post(
        url(committed_a, campaign), answers(version=report.version, values={"training_hours": "1"})
    )
    assert IndicatorValue.objects.get(indicator__code="training_hours").number == 1200


def test_a_returned_report_can_be_changed_and_resubmitted(
    client, contributor_a, committed_a, campaign
):
    client.force_login(contributor_a)
    client.post(url(committed_a, campaign), answers(action="submit", **COMPLETE))
    Report.objects.update(status="returned")
    report = Report.objects.get()
    data = answers(version=report.version, action="submit", **COMPLETE)
    data[f"i{Indicator.objects.get(code='training_hours').pk}"] = "1500"
    assert client.post(url(committed_a, campaign), data).status_code == 302
    assert list(ReportEvent.objects.values_list("action", flat=True)) == [
        "submitted",
        "resubmitted",
    ]
    assert IndicatorValue.objects.get(indicator__code="training_hours").number == 1500


def test_a_stale_save_is_refused_and_keeps_what_was_typed(
    client, contributor_a, committed_a, campaign
):
    colleague = UserFactory(email="collegue@example.org")
    committed_a.memberships.create(user=colleague)
    client.force_login(colleague)
    client.post(url(committed_a, campaign), answers(values={"training_hours": "100"}))
    # contributor A opened the form before the colleague's save: version 0
    client.force_login(contributor_a)
    response = client.post(
        url(committed_a, campaign), answers(version=0, values={"training_hours": "250"})
    )
    assert response.status_code == 409
    page = response.content.decode()
    assert 'value="250"' in page  # nothing typed is lost
    assert "collegue@example.org" in page or "Personne" in page
    assert response.context["conflict"]["differences"][0]["saved"] == "100"
    assert IndicatorValue.objects.get().number == 100
    # saving again on purpose replaces the colleague's answer
    version = response.context["form"]["version"].value()
    client.post(
        url(committed_a, campaign), answers(version=version, values={"training_hours": "250"})
    )
    assert IndicatorValue.objects.get().number == 250


def test_it_starts_from_last_campaigns_answers(client, contributor_a, committed_a):
    last = CampaignFactory(
        period_start=datetime.date(2020, 1, 1),
        period_end=datetime.date(2020, 12, 31),
        opens_on=datetime.date(2021, 1, 1),
        deadline=datetime.date(2021, 3, 31),
        status="closed",
    )
    old = Report.objects.create(campaign=last, company=committed_a, status="validated")
    Progress.objects.create(
        report=old,
        measure=Measure.objects.get(code="2.1"),
        status="in_progress",
        percent=70,
        comment="En cours",
    )
    IndicatorValue.objects.create(
        report=old, indicator=Indicator.objects.get(code="headcount_france"), number=280
    )
    campaign = CampaignFactory()
    client.force_login(contributor_a)
    page = client.get(url(committed_a, campaign)).content.decode()
    assert 'value="copy"' in page
    client.post(url(committed_a, campaign), {"action": "copy", "version": 0})
    report = Report.objects.get(campaign=campaign)
    assert report.progress.get().percent == 70
    assert report.values.get().number == 280
    assert report.status == "draft"


def test_a_closed_or_draft_campaign_takes_no_answer(client, contributor_a, committed_a):
    closed = CampaignFactory(status="closed")
    draft = CampaignFactory(status="draft")
    client.force_login(contributor_a)
    assert client.get(url(committed_a, draft)).status_code == 404
    response = client.post(
        url(committed_a, closed), answers(values={"training_hours": "5"}), follow=True
    )
    assert not Report.objects.exists()
    assert response.status_code == 200


def test_the_committee_reads_a_report_but_cannot_write_it(
    client, committee_member, committed_a, campaign
):
    client.force_login(committee_member)
    response = client.get(url(committed_a, campaign))
    assert response.status_code == 200
    assert 'name="action" value="save"' not in response.content.decode()
    assert client.post(url(committed_a, campaign), answers()).status_code == 403


def test_text_is_shown_escaped_and_kept_whole(client, contributor_a, committed_a, campaign):
    client.force_login(contributor_a)
    comment = "<script>alert(1)</script> 🎧 مرحبا " + "x" * 4000
    client.post(url(committed_a, campaign), answers(progress={"2.1": ("in_progress", 10, comment)}))
    assert Progress.objects.get().comment == comment
    page = client.get(url(committed_a, campaign)).content.decode()
    assert "<script>alert(1)</script>" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt; 🎧 مرحبا" in page


def test_a_too_long_comment_is_refused_with_a_message(client, contributor_a, committed_a, campaign):
    client.force_login(contributor_a)
    response = client.post(
        url(committed_a, campaign), answers(progress={"2.1": ("in_progress", 10, "x" * 5001)})
    )
    assert response.status_code == 200
    assert f"p{Measure.objects.get(code='2.1').pk}_comment" in response.context["form"].errors


def test_a_signatory_representative_reports_on_its_measures(client, representative, campaign):
    from signatories.models import Signatory

    signatory = Signatory.objects.get(acronym="SP2C")
    client.force_login(representative)
    target = reverse("followup:signatory_report_edit", args=[signatory.pk, campaign.pk])
    page = client.get(target).content.decode()
    assert "Faire connaître les certifications détenues par les adhérents du SP2C" in page
    data = answers(
        action="submit",
        progress={"1.3": ("in_progress", 50, "")},
        values={"sp2c_communication_actions": "4"},
    )
    assert client.post(target, data).status_code == 302
    report = Report.objects.get()
    assert (report.signatory, report.company, report.status) == (signatory, None, "submitted")


def test_read_only_figures_are_written_the_french_way(
    committee_member, client, committed_a, campaign
):
    report = Report.objects.create(campaign=campaign, company=committed_a, status="submitted")
    IndicatorValue.objects.create(
        report=report, indicator=Indicator.objects.get(code="training_hours"), number=18555
    )
    client.force_login(committee_member)
    page = client.get(url(committed_a, campaign)).content.decode()
    assert "18\u202f555" in page or "18\xa0555" in page or "18 555" in page
    assert "18555.00" not in page


def test_errors_are_tied_to_their_field_for_assistive_technologies(
    client, contributor_a, committed_a, campaign
):
    client.force_login(contributor_a)
    response = client.post(url(committed_a, campaign), answers(values={"training_hours": "-5"}))
    field = f"i{Indicator.objects.get(code='training_hours').pk}"
    page = response.content.decode()
    assert f'aria-describedby="id_{field}_error"' in page or f'id_{field}_error"' in page
    assert f'<ul class="errorlist" id="id_{field}_error">' in page
    # The summary at the top names the measure and links to its title.
    measure = Measure.objects.get(code="2.1")
    assert f'href="#measure-{measure.pk}-title"' in page
    assert f'<legend id="measure-{measure.pk}-title">' in page


def test_decimals_are_written_the_readers_way(committee_member, client, committed_a, campaign):
    from signatories.models import Commitment

    Commitment.objects.create(company=committed_a, measure=Measure.objects.get(code="1.6"))
    report = Report.objects.create(campaign=campaign, company=committed_a, status="submitted")
    IndicatorValue.objects.create(
        report=report, indicator=Indicator.objects.get(code="ivr_menu_depth"), number="1.80"
    )
    client.force_login(committee_member)
    assert "1,8" in client.get(url(committed_a, campaign)).content.decode()
    client.cookies["django_language"] = "en"
    assert "1.8" in client.get(url(committed_a, campaign)).content.decode()


# --- The form says what it needs ---------------------------------------------------------------


def test_answers_a_submission_needs_are_marked_before_submitting(
    client, contributor_a, committed_a, campaign
):
    client.force_login(contributor_a)
    page = client.get(url(committed_a, campaign)).content.decode()
    status = f"id_p{Measure.objects.get(code='2.1').pk}_status"
    required = f"i{Indicator.objects.get(code='jobs_created_total').pk}"
    optional = f"i{Indicator.objects.get(code='training_topics').pk}"
    assert not Indicator.objects.get(code="training_topics").required
    for name in (status, f"id_{required}"):
        label = page[page.index(f'<label for="{name}"') :]
        assert label[: label.index("</label>")].endswith(
            '<span class="required">(obligatoire)</span>'
        )
        tag = page[page.index(f'id="{name}"') - 200 : page.index(f'id="{name}"') + 200]
        assert 'aria-required="true"' in tag
    label = page[page.index(f'<label for="id_{optional}"') :]
    assert "obligatoire" not in label[: label.index("</label>")]
    # Required to submit, not to save a draft: no HTML "required" that would block it.
    assert " required " not in page[page.index('class="report-form"') :]


def test_the_error_summary_names_each_measure_and_the_title_says_error(
    client, contributor_a, committed_a, campaign
):
    client.force_login(contributor_a)
    data = answers(progress={"2.1": ("in_progress", 50, "")}, action="submit")
    response = client.post(url(committed_a, campaign), data)
    page = response.content.decode()
    title = page[page.index("<title>") + 7 : page.index("</title>")]
    assert title.startswith("Erreur\u00a0: ")
    summary = page[
        page.index('class="error-summary"') : page.index(
            "</div>", page.index('class="error-summary"')
        )
    ]
    assert "data-focus-on-load" in summary and 'tabindex="-1"' in summary
    measure = Measure.objects.get(code="2.2")
    assert (
        f'<a href="#measure-{measure.pk}-title">2.2 Statut\u00a0: choisissez un statut.</a>'
        in summary
    )
    assert f'<legend id="measure-{measure.pk}-title">' in page
    assert "js/error-summary.js" in page
    # Without errors the title is the report's own.
    page = client.get(url(committed_a, campaign)).content.decode()
    assert "<title>Erreur" not in page


def test_the_focus_script_is_served_from_the_site(client):
    from django.contrib.staticfiles import finders

    assert finders.find("js/error-summary.js")


def test_each_commitment_shows_its_target_and_due_date(
    client, contributor_a, committed_a, campaign
):
    from signatories.models import Commitment

    Commitment.objects.filter(measure__code="2.2").update(
        target="60 % des emplois en France", due_on=datetime.date(2027, 6, 30)
    )
    client.force_login(contributor_a)
    page = client.get(url(committed_a, campaign)).content.decode()
    assert "objectif «\u00a0" in page and "60 % des emplois en France" in page
    assert "échéance le 30 juin 2027" in page
    assert "sans objectif fixé" in page and "sans échéance" in page  # 2.1 has neither
