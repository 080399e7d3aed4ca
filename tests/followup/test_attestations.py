"""The attestations on client–provider relations: one side's answers per campaign, the
disagreements the committee sees, and the notes of how they were settled."""

import pytest
from django.db import IntegrityError, transaction
from django.urls import reverse

from followup.models import Attestation, Report, Settlement
from followup.selectors.attestations import disagreements
from relations.models import Relation
from tests.factories import CompanyFactory

pytestmark = pytest.mark.django_db

ALL_YES = dict.fromkeys(Attestation.PRACTICES, "yes")


@pytest.fixture
def relation(company_a, company_b):
    """A, the client of B; confirmed."""
    return Relation.objects.create(
        client=company_a,
        client_siren=company_a.siren,
        provider=company_b,
        provider_siren=company_b.siren,
        declared_by="client",
        status="confirmed",
    )


def _attest(relation, campaign, side, answer="yes", comment="", **answers):
    return Attestation.objects.create(
        relation=relation,
        campaign=campaign,
        side=side,
        **{**dict.fromkeys(Attestation.PRACTICES, answer), **answers},
        comment=comment,
    )


def _edit_url(company, campaign, relation) -> str:
    return reverse("followup:attestation_edit", args=[company.pk, campaign.pk, relation.pk])


def test_a_side_saves_its_answers(client, contributor_a, company_a, campaign, relation):
    client.force_login(contributor_a)
    data = {**ALL_YES, "retro_discounts": "unknown", "comment": " Contrat annuel. "}
    response = client.post(_edit_url(company_a, campaign, relation), data)
    assert response.status_code == 302
    attestation = Attestation.objects.get()
    assert (attestation.side, attestation.retro_discounts) == ("client", "unknown")
    assert attestation.comment == "Contrat annuel." and attestation.updated_by == contributor_a
    # Saved again: the same row, changed, with its history.
    client.post(_edit_url(company_a, campaign, relation), {**data, "minimum_billing": "no"})
    attestation.refresh_from_db()
    assert attestation.minimum_billing == "no" and attestation.history.count() == 2


def test_a_missing_answer_is_an_error_and_keeps_what_was_typed(
    client, contributor_a, company_a, campaign, relation
):
    client.force_login(contributor_a)
    data = {**ALL_YES, "minimum_billing": "", "comment": "Texte saisi"}
    response = client.post(_edit_url(company_a, campaign, relation), data)
    assert response.status_code == 200
    text = response.content.decode()
    assert "Répondez oui, non ou inconnu." in text and "Texte saisi" in text
    assert not Attestation.objects.exists()


def test_answers_are_closed_once_the_report_is_submitted(
    client, contributor_a, company_a, campaign, relation
):
    Report.objects.create(company=company_a, campaign=campaign, status=Report.Status.SUBMITTED)
    client.force_login(contributor_a)
    response = client.post(_edit_url(company_a, campaign, relation), ALL_YES, follow=True)
    assert "rien n&#x27;a été enregistré" in response.content.decode()
    assert not Attestation.objects.exists()
    page = client.get(_edit_url(company_a, campaign, relation)).content.decode()
    assert "Enregistrer les réponses" not in page


def test_one_attestation_per_relation_campaign_and_side(campaign, relation):
    _attest(relation, campaign, "client")
    with pytest.raises(IntegrityError), transaction.atomic():
        _attest(relation, campaign, "client")
    _attest(relation, campaign, "provider")


def test_a_disputed_relation_takes_no_answers(client, contributor_a, company_a, campaign, relation):
    relation.status, relation.dispute_reason = "disputed", "Aucun contrat."
    relation.save()
    client.force_login(contributor_a)
    client.post(_edit_url(company_a, campaign, relation), ALL_YES)
    assert not Attestation.objects.exists()


def test_a_disagreement_is_both_sides_answering_differently(campaign, relation, company_a):
    _attest(relation, campaign, "client")
    assert disagreements(campaign) == []  # one side only
    _attest(relation, campaign, "provider", minimum_billing="no", retro_discounts="unknown")
    (found,) = disagreements(campaign)
    assert found.practices == ["minimum_billing", "retro_discounts"]
    assert [row[0] for row in found.rows] == ["3.3", "3.5"]
    assert disagreements(campaign, company=company_a) == [found]
    assert disagreements(campaign, company=CompanyFactory()) == []


def test_the_same_answers_are_no_disagreement(campaign, relation):
    _attest(relation, campaign, "client", answer="no")
    _attest(relation, campaign, "provider", answer="no")
    assert disagreements(campaign) == []


def test_the_committee_reads_both_sides_and_notes_the_settlement(
    client, committee_member, campaign, relation
):
    _attest(relation, campaign, "client", comment="Dit le client")
    _attest(relation, campaign, "provider", answer="no", comment="Dit le prestataire")
    client.force_login(committee_member)
    page = client.get(reverse("followup:relation_review", args=[relation.pk])).content.decode()
    assert "Dit le client" in page and "Dit le prestataire" in page
    assert "désaccord à régler" in page
    url = reverse("followup:settlement_create", args=[relation.pk, campaign.pk])
    response = client.post(url, {"text": ""})
    assert response.status_code == 400
    assert "Écrivez comment le désaccord a été réglé" in response.content.decode()
    assert client.post(url, {"text": "Entendus le 3 mars."}).status_code == 302
    client.post(url, {"text": "Le client a retiré sa demande."})
    notes = list(Settlement.objects.all())
    assert [n.text for n in notes] == ["Le client a retiré sa demande.", "Entendus le 3 mars."]
    assert notes[0].written_by == committee_member
    (found,) = disagreements(campaign)
    assert found.settled and found.notes[0] == notes[0]
    page = client.get(reverse("followup:relation_review", args=[relation.pk])).content.decode()
    assert "désaccord réglé" in page and "Entendus le 3 mars." in page


def test_a_new_answer_after_the_note_reopens_the_disagreement(campaign, relation):
    _attest(relation, campaign, "client")
    provider = _attest(relation, campaign, "provider", answer="no")
    Settlement.objects.create(relation=relation, campaign=campaign, text="Réglé.")
    assert disagreements(campaign)[0].settled
    provider.comment = "Nouvelle réponse"
    provider.save()
    assert not disagreements(campaign)[0].settled


def test_the_list_and_the_review_pages_show_the_disagreement(
    client, committee_member, company_a, company_b, campaign, relation, django_assert_num_queries
):
    for _ in range(3):
        other_client = CompanyFactory()
        other = Relation.objects.create(
            client=other_client,
            client_siren=other_client.siren,
            provider=company_b,
            provider_siren=company_b.siren,
            declared_by="provider",
        )
        _attest(other, campaign, "client")
        _attest(other, campaign, "provider", answer="no")
    _attest(relation, campaign, "client")
    _attest(relation, campaign, "provider", answer="unknown")
    client.force_login(committee_member)
    url = reverse("followup:disagreement_list") + f"?campagne={campaign.pk}"
    client.get(url)
    # session and user, savepoint and release, campaigns, attestations, notes
    with django_assert_num_queries(7):
        response = client.get(url)
    assert len(response.context["disagreements"]) == 4
    for company in (company_a, company_b):
        report = Report.objects.create(company=company, campaign=campaign, status="submitted")
        page = client.get(reverse("followup:report_review", args=[report.pk])).content.decode()
        assert reverse("followup:relation_review", args=[relation.pk]) in page
