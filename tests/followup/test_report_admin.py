"""The admin corrects a report's status only through the workflow's service, which logs
the correction (a ReportEvent) on the report's timeline."""

import pytest
from django.urls import reverse

from followup.models import Report, ReportEvent
from followup.services.review import report_status_correct

pytestmark = pytest.mark.django_db

# A report with no answers and no event: its read-only inlines post empty.
INLINES = {
    f"{prefix}-{name}": 0
    for prefix in ("progress", "values", "events")
    for name in ("TOTAL_FORMS", "INITIAL_FORMS")
}


@pytest.fixture
def report(campaign, company_a):
    return Report.objects.create(campaign=campaign, company=company_a, status="submitted")


def change_url(report: Report) -> str:
    return reverse("admin:followup_report_change", args=[report.pk])


def test_the_status_is_read_only_in_the_change_form(client, admin_user, report):
    client.force_login(admin_user)
    page = client.get(change_url(report)).content.decode()
    assert 'name="status"' not in page
    assert 'name="new_status"' in page
    assert '<option value="submitted"' not in page  # the status it has is no correction


def test_an_administrator_corrects_the_status_through_the_workflow(
    client, admin_user, report, mailoutbox
):
    client.force_login(admin_user)
    data = {**INLINES, "new_status": "draft", "reason": "Soumis par erreur, à la demande."}
    response = client.post(change_url(report), data)
    assert response.status_code == 302
    report.refresh_from_db()
    assert report.status == "draft"
    [event] = report.events.all()
    assert (event.action, event.user, event.message) == (
        "corrected",
        admin_user,
        "Soumis par erreur, à la demande.",
    )
    assert report.history.latest().history_user == admin_user
    assert mailoutbox == []


def test_the_company_reads_the_correction_on_its_report(client, admin_user, contributor_a, report):
    report_status_correct(report=report, status="returned", user=admin_user, reason="Retour")
    client.force_login(contributor_a)
    page = client.get(
        reverse("followup:report_edit", args=[report.company_id, report.campaign_id])
    ).content.decode()
    assert "Statut corrigé par un administrateur" in page


def test_a_correction_needs_a_reason(client, admin_user, report):
    client.force_login(admin_user)
    response = client.post(change_url(report), {**INLINES, "new_status": "draft", "reason": " "})
    assert response.status_code == 200
    assert "reason" in response.context["adminform"].form.errors
    report.refresh_from_db()
    assert report.status == "submitted"
    assert not ReportEvent.objects.exists()


def test_saving_without_a_new_status_changes_nothing(client, admin_user, report):
    client.force_login(admin_user)
    response = client.post(change_url(report), {**INLINES, "new_status": "", "reason": ""})
    assert response.status_code == 302
    report.refresh_from_db()
    assert report.status == "submitted"
    assert not ReportEvent.objects.exists()


def test_an_earlier_version_cannot_be_put_back(client, admin_user, report):
    first = report.history.earliest()
    report_status_correct(report=report, status="validated", user=admin_user, reason="Vu")
    client.force_login(admin_user)
    url = reverse("admin:followup_report_simple_history", args=[report.pk, first.history_id])
    assert client.get(url).status_code == 200  # reading an earlier version is fine
    assert client.post(url, INLINES).status_code == 403
    report.refresh_from_db()
    assert report.status == "validated"


def test_the_service_logs_nothing_when_the_status_is_the_same(admin_user, report):
    correction = report_status_correct(
        report=report, status="submitted", user=admin_user, reason="Déjà soumis"
    )
    assert correction is None
    assert not ReportEvent.objects.exists()


@pytest.mark.parametrize(("status", "reason"), [("draft", " "), ("archived", "Pourquoi pas")])
def test_the_service_refuses_no_reason_or_an_unknown_status(admin_user, report, status, reason):
    with pytest.raises(ValueError):
        report_status_correct(report=report, status=status, user=admin_user, reason=reason)
    report.refresh_from_db()
    assert report.status == "submitted"
    assert not ReportEvent.objects.exists()
