"""History of reported data (django-simple-history): who changed what and when, through the
site, the services and the admin; the committee's page of a report's changes; history that
outlives deleted objects and deleted accounts."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from accounts.models import User
from charter.models import Indicator, Measure
from followup import services
from followup.evidence import check_evidence
from followup.forms import describe
from followup.models import Evidence, IndicatorValue, Progress, Report, ReviewComment
from followup.selectors import history as history_selectors
from followup.services import review as review_services
from signatories.models import Site
from tests.factories import CampaignFactory, SiteFactory, UserFactory, pdf_bytes
from tests.factories import report_form_data as answers

pytestmark = pytest.mark.django_db


def edit_url(report_or_company, campaign=None):
    if campaign is None:
        report_or_company, campaign = report_or_company.company, report_or_company.campaign
    return reverse("followup:report_edit", args=[report_or_company.pk, campaign.pk])


def history_url(report):
    return reverse("followup:report_history", args=[report.pk])


def save(user, company, campaign, **changes):
    """Save the report through the service, as its view does (no request: the user is
    passed along)."""
    report = Report.objects.filter(company=company, campaign=campaign).first()
    measures = {m.code: m.pk for m in Measure.objects.filter(code__in=["2.1", "2.2"])}
    indicators = {i.code: i.pk for i in Indicator.objects.all()}
    return services.report_save(
        campaign=campaign,
        company=company,
        expected_version=report.version if report else 0,
        progress={
            measures[code]: {"status": s, "percent": p, "comment": c}
            for code, (s, p, c) in changes.get("progress", {}).items()
        },
        values={indicators[code]: v for code, v in changes.get("values", {}).items()},
        files={
            measures[code]: check_evidence(
                SimpleUploadedFile(name, pdf_bytes(name), content_type="application/pdf")
            )
            for code, name in changes.get("files", {}).items()
        },
        user=user,
    )


@pytest.fixture
def reviewed(client, contributor_a, committee_member, committed_a, campaign):
    """Company A's report as its contributor and the committee made it through the site:
    two drafts, a submission, a committee comment and a return."""
    client.force_login(contributor_a)
    url = edit_url(committed_a, campaign)
    first = answers(
        0,
        progress={"2.1": ("in_progress", 40, "")},
        values={"training_hours": "300", "jobs_created_total": "10"},
    )
    assert client.post(url, first).status_code == 302
    second = answers(
        1,
        progress={"2.1": ("achieved", 100, "Plan de formation tenu."), "2.2": ("", None, "")},
        values={"training_hours": "1200", "jobs_created_total": ""},
    )
    assert client.post(url, second).status_code == 302
    report = Report.objects.get()
    report.refresh_from_db()
    done = {
        "2.1": ("achieved", 100, "Plan de formation tenu."),
        "2.2": ("in_progress", 60, ""),
    }
    values = {
        "training_hours": "1200",
        "employees_trained": "80",
        "jobs_created_total": "20",
        "jobs_created_france": "14",
        "headcount_france": "300",
        "headcount_abroad": "40",
    }
    response = client.post(url, answers(report.version, done, values, action="submit"))
    assert response.status_code == 302
    client.force_login(committee_member)
    comment = {"measure": Measure.objects.get(code="2.1").pk, "text": "Joignez le plan."}
    client.post(reverse("followup:review_comment_create", args=[report.pk]), comment)
    client.post(reverse("followup:report_return", args=[report.pk]), {"reason": "À compléter."})
    report.refresh_from_db()
    assert report.status == "returned"
    return report


# --- Who, when and what is recorded ---------------------------------------------------------


def test_changes_made_through_the_site_record_who_made_them(
    reviewed, contributor_a, committee_member
):
    progress = Progress.objects.get(measure__code="2.1")
    rows = list(progress.history.order_by("history_date", "history_id"))
    assert [(r.history_type, r.status, r.percent) for r in rows] == [
        ("+", "in_progress", 40),
        ("~", "achieved", 100),
    ]
    assert {r.history_user for r in rows} == {contributor_a}
    statuses = list(
        reviewed.history.order_by("history_date", "history_id").values_list(
            "history_type", "status", "version", "history_user__email"
        )
    )
    assert statuses == [
        ("+", "draft", 1, "a@example.org"),
        ("~", "draft", 2, "a@example.org"),  # the second draft's version
        ("~", "draft", 3, "a@example.org"),  # the version of the submitted answers
        ("~", "submitted", 3, "a@example.org"),
        ("~", "returned", 3, "comite@example.org"),
    ]
    comment = ReviewComment.objects.get()
    assert comment.history.get().history_user == committee_member


def test_a_service_called_outside_a_request_records_its_user(contributor_a, committed_a, campaign):
    report = save(
        contributor_a,
        committed_a,
        campaign,
        progress={"2.1": ("in_progress", 10, "")},
        values={"training_hours": "5"},
        files={"2.1": "plan.pdf"},
    )
    save(contributor_a, committed_a, campaign, progress={"2.1": ("in_progress", 20, "")})
    services.report_submit(report=report, user=contributor_a, base_url="")
    for model in (Report, Progress, IndicatorValue, Evidence):
        users = set(model.history.values_list("history_user", flat=True))
        assert users == {contributor_a.pk}, model


def test_the_admin_records_the_administrator(client, admin_user, campaign):
    client.force_login(admin_user)
    url = reverse("admin:followup_campaign_change", args=[campaign.pk])
    data = {
        "name": "Campagne renommée",
        "status": campaign.status,
        "period_start": campaign.period_start,
        "period_end": campaign.period_end,
        "opens_on": campaign.opens_on,
        "deadline": campaign.deadline,
        "grace_days": 20,
    }
    assert client.post(url, data).status_code == 302
    latest = campaign.history.latest()
    assert (latest.history_type, latest.name, latest.history_user) == (
        "~",
        "Campagne renommée",
        admin_user,
    )
    delta = latest.diff_against(latest.prev_record)
    assert set(delta.changed_fields) == {"name", "grace_days"}


def test_the_admins_revert_form_needs_the_change_permission(client, admin_user, campaign):
    """simple-history lets a viewer post its revert form; here a viewer gets 403."""
    from django.contrib.auth.models import Permission

    campaign.name = "Nouveau nom"
    campaign.save()
    first = campaign.history.earliest()
    viewer = UserFactory(email="lecteur@example.org", is_staff=True)
    viewer.user_permissions.add(Permission.objects.get(codename="view_campaign"))
    client.force_login(viewer)
    url = reverse("admin:followup_campaign_simple_history", args=[campaign.pk, first.history_id])
    assert client.get(url).status_code == 200  # reading an earlier version is fine
    data = {
        "name": first.name,
        "status": first.status,
        "period_start": first.period_start,
        "period_end": first.period_end,
        "opens_on": first.opens_on,
        "deadline": first.deadline,
        "grace_days": first.grace_days,
    }
    assert client.post(url, data).status_code == 403
    campaign.refresh_from_db()
    assert campaign.name == "Nouveau nom"
    client.force_login(admin_user)
    assert client.post(url, data).status_code == 302
    campaign.refresh_from_db()
    assert campaign.name == first.name


def test_copying_a_scoring_method_keeps_the_history_of_its_parts():
    from results.models import AxisWeight, Criterion, ScoringMethod
    from results.services.palmares import scoring_method_copy

    method = ScoringMethod.objects.get(version=1)
    copy = scoring_method_copy(method=method)
    assert copy.axis_weights.count() == method.axis_weights.count() > 0
    assert AxisWeight.history.filter(method_id=copy.pk).count() == copy.axis_weights.count()
    assert Criterion.history.filter(method_id=copy.pk).count() == copy.criteria.count()


# --- History outlives deletion ----------------------------------------------------------


def test_a_deleted_site_keeps_its_history(client, contributor_a, company_a):
    site = SiteFactory(company=company_a, name="Plateau de Roubaix")
    client.force_login(contributor_a)
    url = reverse("followup:site_delete", args=[company_a.pk, site.pk])
    assert client.post(url).status_code == 302
    assert not Site.objects.filter(pk=site.pk).exists()
    rows = Site.history.filter(id=site.pk).order_by("history_date")
    assert [(r.history_type, r.name) for r in rows] == [
        ("+", "Plateau de Roubaix"),
        ("-", "Plateau de Roubaix"),
    ]
    assert rows.last().history_user == contributor_a
    assert rows.last().instance.company == company_a  # the deleted site is rebuilt whole


def test_a_deleted_account_stays_known_in_the_history(client, contributor_a, reviewed):
    contributor_id = contributor_a.pk
    contributor_a.delete()  # its memberships go with it; its history stays
    assert Progress.history.filter(history_user_id=contributor_id).count() == 3
    client.force_login(User.objects.get(email="comite@example.org"))
    response = client.get(history_url(reviewed))
    entries = response.context["entries"]
    mine = [e for e in entries if e.user_deleted]
    assert mine and all(e.user is None for e in mine)
    assert "compte supprimé" in response.content.decode()


def test_historical_tables_hold_no_constraint_and_cascade_nothing():
    from django.apps import apps
    from django.db import models

    for model in apps.get_models():
        if not model.__name__.startswith("Historical"):
            continue
        for field in model._meta.concrete_fields:
            if isinstance(field, models.ForeignKey):
                assert field.remote_field.on_delete is models.DO_NOTHING, (model, field.name)
                assert not field.db_constraint, (model, field.name)


# --- The committee's history page ---------------------------------------------------------


def test_the_history_page_lists_the_changes_newest_first(client, committee_member, reviewed):
    client.force_login(committee_member)
    response = client.get(history_url(reviewed))
    assert response.status_code == 200
    entries = response.context["entries"]
    times = [e.at for e in entries]
    assert times == sorted(times, reverse=True)
    newest = entries[0]
    assert (newest.kind, newest.action, newest.user) == ("report", "changed", committee_member)
    assert [(d.label, d.old, d.new) for d in newest.differences] == [
        ("Statut", "Soumis", "Renvoyé pour modification")
    ]
    achieved = next(
        e for e in entries if e.kind == "progress" and e.action == "changed" and e.differences
    )
    assert achieved.subject.startswith("Réponse sur 2.1 ")
    assert [(d.label, d.old, d.new) for d in achieved.differences] == [
        ("Statut", "En cours", "Réalisé"),
        ("Avancement (%)", "40", "100"),
        ("Commentaire", "—", "Plan de formation tenu."),
    ]
    assert achieved.differences[2].long
    figures = [e for e in entries if e.kind == "value"]
    jobs = [e for e in figures if "Emplois créés pendant la période" in e.subject]
    assert [(e.action, [(d.old, d.new) for d in e.differences]) for e in jobs] == [
        ("changed", [("—", "20 emplois")]),  # given again on submission
        ("changed", [("10 emplois", "—")]),  # emptied in the second draft
        ("created", [("—", "10 emplois")]),
    ]
    hours = [e for e in figures if "Heures de formation" in e.subject]
    assert [(e.action, [(d.old, d.new) for d in e.differences]) for e in hours] == [
        ("changed", [("300 heures", f"{describe(1200)} heures")]),
        ("created", [("—", "300 heures")]),
    ]
    comment = next(e for e in entries if e.kind == "comment")
    assert comment.action == "created" and comment.differences[0].new == "Joignez le plan."
    page = response.content.decode()
    assert "Personne" in page  # the contributor's and the member's names
    assert "<del><bdi>En cours</bdi></del>" in page and "<ins><bdi>Réalisé</bdi></ins>" in page


def test_deleted_answers_and_evidence_stay_on_the_history_page(
    client, committee_member, contributor_a, committed_a, campaign
):
    report = save(
        contributor_a,
        committed_a,
        campaign,
        progress={"2.1": ("in_progress", 10, "")},
        files={"2.1": "plan-de-formation.pdf"},
    )
    evidence = Evidence.objects.get()
    evidence.delete()  # a draft's file taken back (the admin can delete one)
    progress = Progress.objects.get()
    progress.delete()
    client.force_login(committee_member)
    entries = client.get(history_url(report)).context["entries"]
    kinds = [(e.kind, e.action) for e in entries]
    assert ("evidence", "deleted") in kinds and ("progress", "deleted") in kinds
    gone = next(e for e in entries if e.kind == "evidence" and e.action == "deleted")
    assert gone.subject.startswith("Justificatif pour 2.1 ")
    assert gone.subject.endswith(": plan-de-formation.pdf")
    assert [d.label for d in gone.differences] == ["Nom du fichier", "Type", "Taille (octets)"]
    answer = next(e for e in entries if e.kind == "progress" and e.action == "deleted")
    assert [(d.label, d.old) for d in answer.differences] == [
        ("Statut", "En cours"),
        ("Avancement (%)", "10"),
    ]


def test_booleans_choices_and_dates_read_in_words(client, committee_member, contributor_a):
    from signatories.models import Commitment

    company = contributor_a.memberships.get().company
    boolean = Indicator.objects.get(code="automated_dialers_used")
    measure = boolean.measure
    Commitment.objects.create(company=company, measure=measure)
    campaign = CampaignFactory()
    report = services.report_save(
        campaign=campaign,
        company=company,
        expected_version=0,
        progress={measure.pk: {"status": "achieved", "percent": 100, "comment": ""}},
        values={boolean.pk: True},
        files={},
        user=contributor_a,
    )
    services.report_save(
        campaign=campaign,
        company=company,
        expected_version=1,
        progress={},
        values={boolean.pk: False},
        files={},
        user=contributor_a,
    )
    services.report_submit(report=report, user=contributor_a, base_url="")
    client.force_login(committee_member)
    entries = client.get(history_url(report)).context["entries"]
    figure = next(e for e in entries if e.kind == "value" and e.action == "changed")
    assert [(d.old, d.new) for d in figure.differences] == [("oui", "non")]
    submitted = entries[0]
    assert [d.label for d in submitted.differences] == ["Statut", "Soumis"]
    assert submitted.differences[1].old == "—"
    assert str(timezone.localtime().year) in submitted.differences[1].new


def test_a_foreign_key_reads_as_its_object(
    monkeypatch, client, committee_member, contributor_a, committed_a, campaign
):
    """No field shown today is a foreign key; one would read as its object's name, or
    "deleted" once the object is gone."""
    kind = history_selectors.Kind(Report, ("status", "updated_by"))
    monkeypatch.setitem(history_selectors.KINDS, "report", kind)
    other = UserFactory(full_name="Dominique Deux")
    report = save(contributor_a, committed_a, campaign, progress={"2.1": ("", 0, "")})
    save(other, committed_a, campaign, progress={"2.1": ("", 5, "")})
    client.force_login(committee_member)
    entries = client.get(history_url(report)).context["entries"]
    changed = next(e for e in entries if e.kind == "report")
    saver = changed.differences[0]
    assert (saver.label, saver.old, saver.new) == (
        "Dernier enregistrement par",
        str(contributor_a),
        "Dominique Deux",
    )
    other_id = other.pk
    other.delete()
    entries = client.get(history_url(report)).context["entries"]
    saver = next(e for e in entries if e.kind == "report").differences[0]
    assert saver.new == f"supprimé (n° {other_id})"


def test_the_history_page_is_paginated(client, committee_member, contributor_a, committed_a):
    campaign = CampaignFactory()
    for percent in range(0, 61):
        save(contributor_a, committed_a, campaign, progress={"2.1": ("in_progress", percent, "")})
    report = Report.objects.get(campaign=campaign)
    client.force_login(committee_member)
    first = client.get(history_url(report))
    assert first.context["page"].paginator.count == 61 + 61  # a progress and a report row each
    assert len(first.context["entries"]) == 50
    last = client.get(history_url(report), {"page": 3})
    assert [e.action for e in last.context["entries"]][-2:] == ["created", "created"]
    assert 'rel="prev"' in last.content.decode()


def test_the_review_page_links_to_the_history(client, committee_member, reviewed):
    client.force_login(committee_member)
    page = client.get(reverse("followup:report_review", args=[reviewed.pk])).content.decode()
    assert history_url(reviewed) in page


# The session, the user, the request's savepoint and its release; the report, the count,
# the page, one query per kind of record (5), the answers' measures, the measures, the
# indicators and the people.
HISTORY_QUERIES = 16


def test_the_history_page_runs_a_fixed_number_of_queries(
    client, committee_member, contributor_a, committed_a, campaign, django_assert_num_queries
):
    """Every kind of record on the page, with 8 then over 100 changes: the same queries."""

    def page_queries(report) -> None:
        client.force_login(committee_member)
        with django_assert_num_queries(HISTORY_QUERIES):
            response = client.get(history_url(report))
        assert response.status_code == 200
        assert {e.kind for e in response.context["entries"]} == set(history_selectors.KINDS)

    def every_kind(percent: int, name: str) -> Report:
        """A save with a file, the submission and a committee comment."""
        report = save(
            contributor_a,
            committed_a,
            campaign,
            progress={"2.1": ("in_progress", percent, "")},
            values={"training_hours": str(percent)},
            files={"2.1": name},
        )
        services.report_submit(report=report, user=contributor_a, base_url="")
        review_services.review_comment_add(
            report=report,
            measure_or_progress=Measure.objects.get(code="2.1"),
            user=committee_member,
            text=f"Précisez ({percent}).",
        )
        Report.objects.filter(pk=report.pk).update(status="returned")
        return report

    report = every_kind(10, "plan.pdf")
    assert history_selectors.report_history(report).count() < 10
    page_queries(report)
    for percent in range(11, 50):
        save(
            contributor_a,
            committed_a,
            campaign,
            progress={"2.1": ("in_progress", percent, "")},
            values={"training_hours": str(percent)},
        )
    every_kind(50, "plan-2.pdf")
    assert history_selectors.report_history(report).count() > 100
    page_queries(report)


def test_a_report_without_recorded_changes_says_so(client, committee_member, company_a):
    """Such as a report made before its history was kept."""
    report = Report.objects.create(campaign=CampaignFactory(), company=company_a)
    report.history.all().delete()
    client.force_login(committee_member)
    response = client.get(history_url(report))
    assert response.status_code == 200
    assert "Aucune modification de ce rapport n’a été enregistrée." in response.content.decode()
