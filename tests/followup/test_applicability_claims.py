"""The committee's page of claims that a measure does not apply (/suivi/non-applicable/)."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from charter.models import Measure
from signatories.models import Commitment
from tests.factories import CompanyFactory

pytestmark = pytest.mark.django_db

NA = Commitment.NotApplicable
CLAIMS = reverse("followup:applicability_claims")


def claim(company, code="3.5", justification="Centre intégré, sans prestataire."):
    return Commitment.objects.create(
        company=company,
        measure=Measure.objects.get(code=code),
        not_applicable=NA.PENDING,
        justification=justification,
        claimed_at=timezone.now(),
    )


def accept(commitment):
    return reverse("followup:applicability_claim_accept", args=[commitment.pk])


def refuse(commitment):
    return reverse("followup:applicability_claim_refuse", args=[commitment.pk])


def test_the_committee_sees_the_pending_claims(client, committee_member, company_a):
    pending = claim(company_a)
    client.force_login(committee_member)
    response = client.get(CLAIMS)
    assert response.context["pending"] == [pending]
    page = response.content.decode()
    assert "Centre intégré, sans prestataire." in page and "Alpha Contact SAS" in page
    assert CLAIMS in page  # in the committee's navigation


def test_accepting_a_claim(client, committee_member, company_a):
    pending = claim(company_a)
    client.force_login(committee_member)
    response = client.post(accept(pending), follow=True)
    assert response.redirect_chain[-1][0] == CLAIMS
    pending.refresh_from_db()
    assert pending.not_applicable == NA.ACCEPTED and pending.decided_by == committee_member
    assert response.context["decided"] == [pending]


def test_refusing_needs_a_reason(client, committee_member, company_a):
    pending = claim(company_a)
    client.force_login(committee_member)
    response = client.post(refuse(pending), {"reason": ""})
    assert response.status_code == 400
    assert "Dites pourquoi la mesure" in response.content.decode()
    pending.refresh_from_db()
    assert pending.not_applicable == NA.PENDING
    response = client.post(refuse(pending), {"reason": "Vous avez un prestataire."})
    assert response.status_code == 302
    pending.refresh_from_db()
    assert (pending.not_applicable, pending.refusal_reason) == (
        NA.REFUSED,
        "Vous avez un prestataire.",
    )


def test_a_decided_claim_is_not_decided_twice(client, committee_member, company_a):
    pending = claim(company_a)
    client.force_login(committee_member)
    client.post(accept(pending))
    response = client.post(refuse(pending), {"reason": "Trop tard."}, follow=True)
    pending.refresh_from_db()
    assert pending.not_applicable == NA.ACCEPTED
    assert "rien n’a été modifié" in str(list(response.context["messages"])[-1])


def test_an_unknown_claim_answers_404(client, committee_member):
    client.force_login(committee_member)
    assert (
        client.post(reverse("followup:applicability_claim_accept", args=[99999])).status_code == 404
    )


def test_the_page_runs_a_fixed_number_of_queries(client, committee_member):
    client.force_login(committee_member)

    def queries():
        with CaptureQueriesContext(connection) as captured:
            assert client.get(CLAIMS).status_code == 200
        return len(captured)

    claim(CompanyFactory())
    few = queries()
    for _ in range(6):
        claim(CompanyFactory())
    assert queries() == few
    # session, user, savepoint and its release, pending claims, decided claims
    assert few == 6


def test_a_justification_changed_after_the_committee_read_it_is_not_accepted(
    client, committee_member, company_a
):
    pending = claim(company_a, justification="Première justification.")
    client.force_login(committee_member)
    assert 'name="seen" value="Première justification."' in client.get(CLAIMS).content.decode()
    Commitment.objects.filter(pk=pending.pk).update(justification="Autre justification.")

    client.post(accept(pending), {"seen": "Première justification."})

    pending.refresh_from_db()
    assert pending.not_applicable == NA.PENDING
    client.post(accept(pending), {"seen": "Autre justification."})
    pending.refresh_from_db()
    assert pending.not_applicable == NA.ACCEPTED
