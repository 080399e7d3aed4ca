import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError

from followup.models import Campaign, Report
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
