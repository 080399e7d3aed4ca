import pytest

from charter.models import Measure
from signatories.models import Commitment
from tests.factories import CampaignFactory


@pytest.fixture(autouse=True)
def _private_media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def campaign(db):
    return CampaignFactory()


@pytest.fixture
def committed_a(company_a):
    """Company A commits to 2.1 (training) and 2.2 (jobs located in France)."""
    for code in ("2.1", "2.2"):
        Commitment.objects.create(company=company_a, measure=Measure.objects.get(code=code))
    return company_a
