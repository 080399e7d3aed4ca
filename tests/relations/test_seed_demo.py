"""seed_demo's client–provider relations: every status, and disagreements for the demo
committee to settle."""

import pytest
from django.core.management import call_command
from django.http import HttpRequest
from django.urls import reverse

from followup.models import Attestation, Settlement
from relations.models import Relation

pytestmark = pytest.mark.django_db


@pytest.fixture
def debug(settings):
    settings.DEBUG = True


def _snapshot() -> list:
    return sorted(
        Relation.objects.values_list("client_siren", "provider_siren", "status", "declared_by")
    ) + sorted(Attestation.objects.values_list("relation__client_siren", "side", "comment"))


def test_the_demo_committee_has_disagreements_to_settle(debug, client):
    call_command("seed_demo", companies=40, seed=3)
    statuses = set(Relation.objects.values_list("status", flat=True))
    assert statuses == {"pending", "confirmed", "disputed"}
    assert Relation.objects.filter(provider__isnull=True).exists()  # not in the base
    assert Settlement.objects.exists()
    assert client.login(
        request=HttpRequest(),
        username="comite@demo.example.org",
        password="demo-comite-charte-2010",
    )
    response = client.get(reverse("followup:disagreement_list"))
    found = response.context["disagreements"]
    assert len(found) >= 3 and any(not item.settled for item in found)
    first = found[0].relation
    assert client.get(reverse("followup:relation_review", args=[first.pk])).status_code == 200


def test_the_same_seed_gives_the_same_relations(debug):
    call_command("seed_demo", companies=30, seed=5)
    first = _snapshot()
    call_command("seed_demo", companies=30, seed=5, reset=True)
    assert _snapshot() == first
