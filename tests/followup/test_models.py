import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from charter.models import Measure
from followup.models import Campaign, Progress, Report
from tests.factories import CampaignFactory

pytestmark = pytest.mark.django_db
D = datetime.date


def _campaign(**fields) -> Campaign:
    defaults = {
        "name": "Campagne 2025",
        "period_start": D(2025, 1, 1),
        "period_end": D(2025, 12, 31),
        "opens_on": D(2026, 1, 15),
        "deadline": D(2026, 3, 31),
        "grace_days": 15,
    }
    return Campaign(**{**defaults, **fields})


def test_a_well_formed_campaign_passes():
    _campaign().full_clean()


@pytest.mark.parametrize(
    ("fields", "error_field"),
    [
        ({"period_end": D(2024, 12, 31)}, "period_end"),
        ({"deadline": D(2026, 1, 1)}, "deadline"),
        ({"opens_on": D(2024, 6, 1)}, "opens_on"),
        ({"grace_days": 400}, "grace_days"),
    ],
)
def test_a_campaign_with_dates_out_of_order_is_refused(fields, error_field):
    with pytest.raises(ValidationError) as error:
        _campaign(**fields).full_clean()
    assert error_field in error.value.message_dict


def test_the_database_refuses_a_deadline_before_the_opening_too():
    with pytest.raises(IntegrityError):
        _campaign(deadline=D(2026, 1, 1)).save()


def test_reports_are_accepted_from_opening_to_the_end_of_grace():
    campaign = _campaign(status="open")
    assert campaign.closes_on == D(2026, 4, 15)
    assert not campaign.accepts_reports(D(2026, 1, 14))
    assert campaign.accepts_reports(D(2026, 1, 15))
    assert campaign.accepts_reports(D(2026, 4, 15))
    assert not campaign.accepts_reports(D(2026, 4, 16))
    assert campaign.is_past_grace(D(2026, 4, 16))
    campaign.status = "closed"
    assert not campaign.accepts_reports(D(2026, 2, 1))


def test_drafts_are_hidden_from_reporters():
    CampaignFactory(name="Brouillon", status="draft")
    CampaignFactory(name="Ouverte")
    assert list(Campaign.objects.visible_to_reporters().values_list("name", flat=True)) == [
        "Ouverte"
    ]


def test_one_report_per_company_and_campaign(company_a):
    campaign = CampaignFactory()
    Report.objects.create(campaign=campaign, company=company_a)
    with pytest.raises(IntegrityError):
        Report.objects.create(campaign=campaign, company=company_a)


def test_a_report_is_for_a_company_or_a_signatory_not_both(company_a):
    from signatories.models import Signatory

    with pytest.raises(IntegrityError):
        Report.objects.create(
            campaign=CampaignFactory(), company=company_a, signatory=Signatory.objects.first()
        )


@pytest.mark.parametrize(
    ("status", "editable"),
    [("draft", True), ("returned", True), ("submitted", False), ("validated", False)],
)
def test_a_report_is_editable_while_a_draft_or_returned(company_a, status, editable):
    campaign = CampaignFactory()
    report = Report(campaign=campaign, company=company_a, status=status)
    assert campaign.report_editable(report) is editable


def test_a_report_not_started_is_editable_while_the_campaign_accepts_reports():
    campaign = _campaign(status="open")
    assert campaign.report_editable(None, D(2026, 2, 1))
    assert not campaign.report_editable(None, D(2026, 1, 14))  # not open yet
    assert not campaign.report_editable(None, D(2026, 4, 16))  # past the grace period
    campaign.status = "closed"
    assert not campaign.report_editable(None, D(2026, 2, 1))


def test_no_report_is_editable_once_the_campaign_is_closed(company_a):
    campaign = CampaignFactory(status="closed")
    assert not campaign.report_editable(Report(campaign=campaign, company=company_a))


# --- Progress: its status agrees with its percentage --------------------------------------


def _progress(status: str, percent: int | None, comment: str = "") -> Progress:
    return Progress(status=status, percent=percent, comment=comment)


@pytest.mark.parametrize(
    ("status", "percent", "comment", "field", "message"),
    [
        ("achieved", 80, "", "percent", "Un engagement réalisé est à 100\u00a0%"),
        ("in_progress", 100, "", "percent", "100\u00a0% signifie réalisé"),
        ("", 100, "", "percent", "100\u00a0% signifie réalisé"),
        ("not_applicable", 100, "Sans objet", "percent", "100\u00a0% signifie réalisé"),
        ("not_started", 30, "", "percent", "Un engagement non commencé est à 0\u00a0%"),
        ("not_applicable", None, "  ", "comment", "Expliquez dans le commentaire pourquoi"),
    ],
)
def test_a_status_that_disagrees_with_the_progress_is_refused(
    status, percent, comment, field, message
):
    with pytest.raises(ValidationError) as error:
        _progress(status, percent, comment).clean()
    [text] = error.value.message_dict[field]
    assert text.startswith(message)
    assert list(error.value.message_dict) == [field]


@pytest.mark.parametrize(
    ("status", "percent", "comment", "stored"),
    [
        ("achieved", None, "", 100),
        ("achieved", 100, "", 100),
        ("not_started", None, "", 0),
        ("not_started", 0, "", 0),
        ("not_applicable", 40, "Aucun appel sortant", None),
        ("in_progress", 40, "", 40),
        ("in_progress", None, "", None),
        ("", None, "", None),
    ],
)
def test_the_status_fills_in_the_progress_it_implies(status, percent, comment, stored):
    progress = _progress(status, percent, comment)
    progress.clean()
    assert progress.percent == stored


@pytest.mark.parametrize(
    ("status", "percent"), [("achieved", 80), ("achieved", None), ("not_started", 30)]
)
def test_the_database_refuses_a_status_that_disagrees_with_the_progress(company_a, status, percent):
    report = Report.objects.create(campaign=CampaignFactory(), company=company_a)
    with pytest.raises(IntegrityError), transaction.atomic():
        Progress.objects.create(
            report=report, measure=Measure.objects.get(code="2.1"), status=status, percent=percent
        )
