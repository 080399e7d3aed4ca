"""The company's commitments page: mandatory measures are kept, with a target, a due date
and a claim that one does not apply (justified); only optional measures are chosen."""

import pytest
from django.urls import reverse

from charter.models import Measure
from followup import services
from followup.models import Progress, Report
from signatories.models import Commitment
from signatories.services import commitments_ensure
from tests.factories import CampaignFactory

pytestmark = pytest.mark.django_db

NA = Commitment.NotApplicable
MANDATORY = {"1.1", "1.5", "1.6", "2.1", "2.2", "3.2", "3.3", "3.4", "3.5"}


def url(company):
    return reverse("followup:commitments_edit", args=[company.pk])


def codes(company) -> set[str]:
    return set(company.commitments.values_list("measure__code", flat=True))


def test_a_mandatory_measure_has_no_box_to_untick(client, contributor_a, company_a):
    client.force_login(contributor_a)
    form = client.get(url(company_a)).context["form"]
    m35 = Measure.objects.get(code="3.5")
    assert f"m{m35.pk}" not in form.fields  # no opt-in box
    assert {f"m{m35.pk}_na", f"m{m35.pk}_why", f"m{m35.pk}_target"} <= set(form.fields)


def test_posting_nothing_keeps_every_mandatory_commitment(client, contributor_a, company_a):
    commitments_ensure(company=company_a)
    client.force_login(contributor_a)
    assert client.post(url(company_a), {}).status_code == 302
    assert codes(company_a) == MANDATORY


def test_the_service_never_removes_a_mandatory_commitment(company_a):
    commitments_ensure(company=company_a)
    changed, removed, kept = services.commitments_update(company=company_a, chosen={})
    assert (removed, kept) == (0, [])
    assert codes(company_a) == MANDATORY


def test_not_applicable_needs_a_justification_and_nothing_typed_is_lost(
    client, contributor_a, company_a
):
    client.force_login(contributor_a)
    m35, m22 = Measure.objects.get(code="3.5"), Measure.objects.get(code="2.2")
    response = client.post(
        url(company_a),
        {f"m{m35.pk}_na": "on", f"m{m22.pk}_target": "Cible tapée", f"m{m22.pk}_due": "2027-12-31"},
    )
    assert response.status_code == 200
    errors = response.context["form"].errors[f"m{m35.pk}_why"]
    assert errors == [
        "Expliquez pourquoi cette mesure ne s'applique pas à votre entreprise\u00a0: le comité "
        "examine la demande. Ou décochez «\u00a0ne s'applique pas\u00a0»."
    ]
    page = response.content.decode()
    assert 'value="Cible tapée"' in page and 'value="2027-12-31"' in page
    assert not Commitment.objects.exclude(not_applicable="").exists()


def test_a_justification_without_the_box_is_an_error(client, contributor_a, company_a):
    client.force_login(contributor_a)
    m35 = Measure.objects.get(code="3.5")
    response = client.post(url(company_a), {f"m{m35.pk}_why": "Pas de prestataire."})
    assert f"m{m35.pk}_na" in response.context["form"].errors
    assert "Pas de prestataire." in response.content.decode()


def test_a_claim_goes_to_the_committee_and_the_company_sees_its_state(
    client, contributor_a, company_a, committee_member
):
    client.force_login(contributor_a)
    m35 = Measure.objects.get(code="3.5")
    data = {f"m{m35.pk}_na": "on", f"m{m35.pk}_why": "Centre intégré, sans prestataire."}
    assert client.post(url(company_a), data).status_code == 302
    claim = company_a.commitments.get(measure=m35)
    assert (claim.not_applicable, claim.justification) == (
        NA.PENDING,
        "Centre intégré, sans prestataire.",
    )
    detail = reverse("followup:company_detail", args=[company_a.pk])
    client.cookies["django_language"] = "en"
    assert "the committee has not decided yet" in client.get(detail).content.decode()
    claim.not_applicable, claim.refusal_reason = NA.REFUSED, "Vous facturez un client."
    claim.save()
    page = client.get(url(company_a)).content.decode()
    assert "Vous facturez un client." in page and "claim that this measure does not apply" in page
    # the same justification posted again does not undo the decision
    client.post(url(company_a), data)
    claim.refresh_from_db()
    assert claim.not_applicable == NA.REFUSED


def test_a_measure_that_does_not_apply_leaves_the_report(company_a):
    commitments_ensure(company=company_a)
    company_a.commitments.filter(measure__code="3.5").update(
        not_applicable=NA.ACCEPTED, justification="Sans objet."
    )
    company_a.commitments.filter(measure__code="3.3").update(
        not_applicable=NA.PENDING, justification="Sans objet."
    )
    covered = {m.code for m in services.measures_for(company=company_a)}
    assert covered == MANDATORY - {"3.5"}


def test_an_optional_commitment_can_still_be_left(client, contributor_a, company_a):
    Measure.objects.filter(code="2.1").update(optional=True)
    m21 = Measure.objects.get(code="2.1")
    Commitment.objects.create(company=company_a, measure=m21)
    client.force_login(contributor_a)
    assert client.post(url(company_a), {}).status_code == 302
    assert "2.1" not in codes(company_a)
    # one reported on stays
    Commitment.objects.create(company=company_a, measure=m21)
    report = Report.objects.create(campaign=CampaignFactory(), company=company_a)
    Progress.objects.create(report=report, measure=m21, status="in_progress", percent=10)
    client.post(url(company_a), {})
    assert "2.1" in codes(company_a)
