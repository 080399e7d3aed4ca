"""Reported data is never removed by a cascade: every foreign key to a company, a report,
an answer, a campaign or the reference data protects its target (PROTECT). The few
cascades left are listed below with their reason; a new one fails this test until it is
either changed or listed."""

import pytest
from django.apps import apps
from django.db import models
from django.db.models import ProtectedError

from charter.models import Measure
from followup.models import Progress, Report
from results.models import AxisWeight, Criterion, Publication, ScoringMethod
from tests.factories import CampaignFactory, UserFactory

OUR_APPS = {"accounts", "charter", "signatories", "followup", "results", "documents", "meetings"}
# Models of these apps are reported data or the reference data it hangs on.
REPORTED_APPS = {"charter", "signatories", "followup", "results", "documents", "meetings"}

ALLOWED_CASCADES = {
    "accounts.Membership.user": "an access right: a deleted account loses it; no data goes",
    "accounts.SignatoryRepresentative.user": "an access right, as a membership",
    # Django's tables linking accounts to their groups and permissions.
    "accounts.User_groups.user": "a permission link of an account",
    "accounts.User_groups.group": "a permission link of an account",
    "accounts.User_user_permissions.user": "a permission link of an account",
    "accounts.User_user_permissions.permission": "a permission link of an account",
    "results.AxisWeight.method": (
        "a part of its scoring method: deleting a draft version takes its weights (their "
        "history stays); a published version cannot be deleted (Publication.method)"
    ),
    "results.Criterion.method": "a part of its scoring method, as the axis weights",
    "meetings.AgendaItem.meeting": (
        "a line of its meeting's agenda, which the meeting's form writes anew each time"
    ),
    "meetings.Attendance.meeting": "who was present at the meeting, written as its agenda",
}


def foreign_keys():
    for model in apps.get_models(include_auto_created=True):
        for field in model._meta.concrete_fields:
            if isinstance(field, models.ForeignKey):
                yield model, field


def label(model, field) -> str:
    return f"{model._meta.label}.{field.name}"


def test_no_cascade_reaches_reported_data_unless_listed():
    cascades = set()
    for model, field in foreign_keys():
        ours = model._meta.app_label in OUR_APPS
        to_reported = field.related_model._meta.app_label in REPORTED_APPS
        if (ours or to_reported) and field.remote_field.on_delete is models.CASCADE:
            cascades.add(label(model, field))
    assert cascades == set(ALLOWED_CASCADES)


def test_foreign_keys_to_reported_data_protect_it():
    """PROTECT, or DO_NOTHING without constraint for the history's copies (a deleted object
    keeps its history); never SET_NULL, which would silently cut an answer from its
    subject."""
    for model, field in foreign_keys():
        if field.related_model._meta.app_label not in REPORTED_APPS:
            continue
        if label(model, field) in ALLOWED_CASCADES:
            continue
        on_delete = field.remote_field.on_delete
        if model.__name__.startswith("Historical"):
            assert on_delete is models.DO_NOTHING and not field.db_constraint, label(model, field)
        else:
            assert on_delete is models.PROTECT, label(model, field)


def test_links_to_accounts_let_go_without_removing_data():
    """A deleted account leaves the reports, answers and events it touched: their link to it
    becomes empty (SET_NULL) or, in the history, keeps its id (DO_NOTHING)."""
    for model, field in foreign_keys():
        if model._meta.app_label not in OUR_APPS or label(model, field) in ALLOWED_CASCADES:
            continue
        if field.related_model is apps.get_model("accounts", "User"):
            assert field.remote_field.on_delete in (models.SET_NULL, models.DO_NOTHING), label(
                model, field
            )


@pytest.mark.django_db
def test_deleting_a_company_or_a_measure_with_answers_is_refused(company_a):
    report = Report.objects.create(campaign=CampaignFactory(), company=company_a)
    Progress.objects.create(report=report, measure=Measure.objects.get(code="2.1"))
    with pytest.raises(ProtectedError):
        company_a.delete()
    with pytest.raises(ProtectedError):
        Measure.objects.get(code="2.1").delete()
    with pytest.raises(ProtectedError):
        report.campaign.delete()
    with pytest.raises(ProtectedError):
        report.delete()
    assert Progress.objects.filter(report=report).exists()


@pytest.mark.django_db
def test_a_published_scoring_method_keeps_its_parts():
    method = ScoringMethod.objects.get(version=1)
    parts = (method.axis_weights.count(), method.criteria.count())
    assert parts[0] > 0 and parts[1] > 0
    Publication.objects.create(kind="palmares", campaign=CampaignFactory(), method=method)
    with pytest.raises(ProtectedError):
        method.delete()
    assert (method.axis_weights.count(), method.criteria.count()) == parts


@pytest.mark.django_db
def test_a_draft_scoring_method_goes_with_its_parts_whose_history_stays():
    from results.services.palmares import scoring_method_copy

    draft = scoring_method_copy(method=ScoringMethod.objects.get(version=1))
    pk, weights = draft.pk, draft.axis_weights.count()
    draft.delete()
    assert not AxisWeight.objects.filter(method_id=pk).exists()
    assert not Criterion.objects.filter(method_id=pk).exists()
    deleted = AxisWeight.history.filter(method_id=pk, history_type="-")
    assert deleted.count() == weights


@pytest.mark.django_db
def test_a_deleted_account_leaves_the_reports_it_touched(company_a):
    user = UserFactory()
    report = Report.objects.create(campaign=CampaignFactory(), company=company_a, updated_by=user)
    user.delete()
    report.refresh_from_db()
    assert report.updated_by is None
