"""The provider's answers on a relation are the committee's only: the client, reading every
page of its space, never meets them nor anything that lets it work them out (no
disagreement shown, no page that changes with them)."""

import re

import pytest

from followup.models import Attestation

from .helpers import body
from .permissions import COMPANY, TABLE, cases
from .resolver import path

pytestmark = pytest.mark.django_db

# What would tell the client that its provider answered, or answered otherwise.
TELLTALES = ("Attestation confidentielle de Bêta", "désaccord", "disagree", "confidentielle)")
# What differs from one request to the next whatever the data.
VOLATILE = re.compile(r'(name="csrfmiddlewaretoken" value="|nonce=")[^"]*"')


def _client_pages(client, world) -> dict[str, str]:
    """Every page of A's space (every company URL of the table, with A's objects), as A's
    contributor reads it."""
    pages = {}
    for name in TABLE:
        for label, each in cases(name):
            if each.scope != COMPANY or each.get is None or (each.owner or "a") != "a":
                continue
            where = path(name, each, world, "a")
            response = client.get(where)
            if response.status_code == 200:
                pages[label] = VOLATILE.sub(r"\1", body(response))
    return pages


def test_the_client_never_learns_what_its_provider_answered(world, clients):
    client = clients["contributor_a"]
    relation = world.objects["relations"]["ab"]
    provider_side = Attestation.objects.get(relation=relation, side="provider")
    before = _client_pages(client, world)
    assert "attestation_edit" in before and "relation_answer" in before  # the walk did run
    for label, text in before.items():
        assert not [word for word in TELLTALES if word in text], label

    # The provider answers otherwise, then not at all: not one page of the client changes.
    for practice in Attestation.PRACTICES:
        setattr(provider_side, practice, Attestation.Answer.UNKNOWN)
    provider_side.comment = "Autre réponse du prestataire"
    provider_side.save()
    assert _client_pages(client, world) == before
    provider_side.delete()
    assert _client_pages(client, world) == before
