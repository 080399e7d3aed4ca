"""Axis 1's page shows the committee, and nobody else, what the companies report on human
contact (automated dialers, IVR share) and their customer-service numbers by tariff
family, with the flagged ones."""

from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from callnumbers.models import CallNumber
from charter.models import Indicator
from followup.models import IndicatorValue, Report
from tests.factories import CampaignFactory, CompanyFactory

pytestmark = pytest.mark.django_db

AXIS_1 = reverse("charter:axis_detail", args=[1])


@pytest.fixture
def campaign():
    return CampaignFactory(name="Campagne 2025")


def reported(campaign, *, dialers=None, ivr=None, status="submitted"):
    report = Report.objects.create(campaign=campaign, company=CompanyFactory(), status=status)
    codes = {
        i.code: i
        for i in Indicator.objects.filter(code__in=["automated_dialers_used", "ivr_answered_share"])
    }
    if dialers is not None:
        IndicatorValue.objects.create(
            report=report, indicator=codes["automated_dialers_used"], boolean=dialers
        )
    if ivr is not None:
        IndicatorValue.objects.create(
            report=report, indicator=codes["ivr_answered_share"], number=Decimal(ivr)
        )
    return report


def test_the_committee_sees_human_contact_and_the_numbers(client, committee_member, campaign):
    reported(campaign, dialers=True, ivr=40)
    reported(campaign, dialers=False, ivr=20)
    reported(campaign, dialers=True, status="draft")  # not sent: not counted
    company = CompanyFactory()
    CallNumber.objects.create(company=company, number="0825123456", purpose="complaints")
    CallNumber.objects.create(company=company, number="0825123456", purpose="sales")
    CallNumber.objects.create(company=company, number="0800123456", purpose="after_sales")
    client.force_login(committee_member)
    response = client.get(AXIS_1)
    page = response.content.decode()
    assert "Contact humain" in page
    assert "1 entreprise sur 2 ayant répondu utilise des automates d'appel" in page
    assert "30,0\u00a0% des appels en moyenne" in page
    section = next(s for s in response.context["sections"] if "contact" in s.context).context
    families = {row.family: (row.numbers, row.flagged) for row in section["families"]}
    assert families == {"free": (1, 0), "shared_cost": (2, 1)}
    assert section["flagged_companies"] == 1
    assert reverse("callnumbers:committee_numbers") in page


@pytest.mark.parametrize("who", ["anonymous", "contributor"])
def test_nobody_else_sees_it(client, contributor_a, campaign, who):
    reported(campaign, dialers=True, ivr=40)
    if who == "contributor":
        client.force_login(contributor_a)
    page = client.get(AXIS_1).content.decode()
    assert "Contact humain" not in page and "automates d'appel" not in page


def test_the_section_reads_in_a_fixed_number_of_queries(client, committee_member, campaign):
    client.force_login(committee_member)

    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            client.get(AXIS_1)
        return len(captured)

    reported(campaign, dialers=True, ivr=40)
    CallNumber.objects.create(company=CompanyFactory(), number="0825123456", purpose="complaints")
    one = queries()
    for _ in range(4):
        reported(campaign, dialers=False, ivr=10)
        CallNumber.objects.create(company=CompanyFactory(), number="0899123456", purpose="sales")
    assert queries() == one
