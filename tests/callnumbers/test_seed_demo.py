"""seed_demo's customer-service numbers: every tariff family, some flagged, the demo
contributor's company among them."""

import pytest
from django.core.management import call_command
from django.utils import timezone

from callnumbers.models import CallNumber, Family
from signatories.demo import contributor_company

pytestmark = pytest.mark.django_db


def test_the_demo_has_numbers_of_every_family_some_flagged(settings):
    settings.DEBUG = True
    call_command("seed_demo", companies=40, seed=3)
    today = timezone.localdate()
    families = set(CallNumber.objects.with_tariff(today).values_list("family", flat=True))
    assert families == set(Family.values)
    flagged = CallNumber.objects.flagged(today)
    assert flagged.values("company").distinct().count() >= 2
    assert flagged.filter(company=contributor_company()).exists()
