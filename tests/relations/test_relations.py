"""Declaring a client–provider relation, the other side's answer, and who reaches it."""

import pytest
from django.db import IntegrityError, transaction
from django.urls import reverse

from relations.models import Relation
from relations.selectors import company_relations
from tests.factories import CompanyFactory, MembershipFactory, siren_for

pytestmark = pytest.mark.django_db


def _create_url(company) -> str:
    return reverse("relations:relation_create", args=[company.pk])


def _answer_url(company, relation) -> str:
    return reverse("relations:relation_answer", args=[company.pk, relation.pk])


def _declared(client_company, provider_company, *, by="client") -> Relation:
    return Relation.objects.create(
        client=client_company,
        client_siren=client_company.siren,
        provider=provider_company,
        provider_siren=provider_company.siren,
        declared_by=by,
    )


def test_a_client_declares_its_provider_in_the_base(client, contributor_a, company_a, company_b):
    client.force_login(contributor_a)
    response = client.post(
        _create_url(company_a), {"side": "client", "siren": company_b.siren_display}
    )
    assert response.status_code == 302
    relation = Relation.objects.get()
    assert (relation.client, relation.provider) == (company_a, company_b)
    assert relation.declared_by == "client" and relation.status == "pending"
    assert relation.declared_by_user == contributor_a
    assert relation.history.get().history_user == contributor_a


def test_a_provider_not_in_the_base_is_kept_by_siren_and_name(client, contributor_a, company_a):
    client.force_login(contributor_a)
    data = {"side": "provider", "siren": siren_for(7000), "invite_email": "achats@example.org"}
    response = client.post(_create_url(company_a), data)
    assert response.status_code == 200
    assert "saisissez le nom de l&#x27;entreprise" in response.content.decode()
    assert siren_for(7000) in response.content.decode()  # kept as typed
    response = client.post(_create_url(company_a), {**data, "name": "  Omega   Achats "})
    assert response.status_code == 302
    relation = Relation.objects.get()
    assert relation.client is None and relation.client_siren == siren_for(7000)
    assert relation.client_name == "Omega Achats" and relation.provider == company_a
    assert relation.invite_email == "achats@example.org"


@pytest.mark.parametrize(
    ("siren", "message"),
    [
        ("552 100 553", "clé de contrôle"),
        ("12345", "exactement 9 chiffres"),
    ],
)
def test_a_bad_siren_is_refused_and_kept(client, contributor_a, company_a, siren, message):
    client.force_login(contributor_a)
    response = client.post(_create_url(company_a), {"side": "client", "siren": siren, "name": "X"})
    assert response.status_code == 200
    text = response.content.decode()
    assert message in text and f'value="{siren}"' in text
    assert not Relation.objects.exists()


def test_a_relation_with_oneself_is_refused(client, contributor_a, company_a):
    client.force_login(contributor_a)
    response = client.post(_create_url(company_a), {"side": "client", "siren": company_a.siren})
    assert response.status_code == 200
    assert "votre propre entreprise" in response.content.decode()
    assert not Relation.objects.exists()


def test_declaring_again_from_the_other_side_points_to_the_relation_to_confirm(
    client, contributor_b, company_a, company_b
):
    relation = _declared(company_a, company_b, by="client")
    client.force_login(contributor_b)
    response = client.post(_create_url(company_b), {"side": "provider", "siren": company_a.siren})
    assert response.status_code == 200
    text = response.content.decode()
    assert "vous la confirmez" in text and _answer_url(company_b, relation) in text
    assert company_a.siren in text
    assert Relation.objects.count() == 1


def test_declaring_twice_from_the_same_side_is_refused(client, contributor_a, company_a, company_b):
    _declared(company_a, company_b, by="client")
    client.force_login(contributor_a)
    response = client.post(_create_url(company_a), {"side": "client", "siren": company_b.siren})
    assert "a déjà déclaré cette relation" in response.content.decode()
    assert Relation.objects.count() == 1


def test_the_database_keeps_one_relation_per_pair_and_none_with_oneself(company_a, company_b):
    _declared(company_a, company_b)
    with pytest.raises(IntegrityError), transaction.atomic():
        _declared(company_a, company_b, by="provider")
    with pytest.raises(IntegrityError), transaction.atomic():
        _declared(company_a, company_a)


def test_the_other_side_confirms(client, contributor_b, company_a, company_b):
    relation = _declared(company_a, company_b, by="client")
    client.force_login(contributor_b)
    assert client.post(_answer_url(company_b, relation), {"answer": "confirm"}).status_code == 302
    relation.refresh_from_db()
    assert relation.status == "confirmed" and relation.answered_by == contributor_b


def test_disputing_needs_a_reason(client, contributor_b, company_a, company_b):
    relation = _declared(company_a, company_b, by="client")
    client.force_login(contributor_b)
    response = client.post(_answer_url(company_b, relation), {"answer": "dispute"})
    assert response.status_code == 200
    assert "Dites pourquoi vous contestez" in response.content.decode()
    response = client.post(
        _answer_url(company_b, relation), {"answer": "dispute", "reason": "Aucun contrat."}
    )
    assert response.status_code == 302
    relation.refresh_from_db()
    assert relation.status == "disputed" and relation.dispute_reason == "Aucun contrat."


def test_the_declaring_side_does_not_answer(client, contributor_a, company_a, company_b):
    relation = _declared(company_a, company_b, by="client")
    client.force_login(contributor_a)
    assert client.get(_answer_url(company_a, relation)).status_code == 200
    assert client.post(_answer_url(company_a, relation), {"answer": "confirm"}).status_code == 403


def test_a_company_that_joins_later_finds_and_confirms_the_relation(
    client, contributor_a, company_a
):
    Relation.objects.create(
        client=company_a,
        client_siren=company_a.siren,
        provider_siren=siren_for(7001),
        provider_name="Omega",
        declared_by="client",
    )
    newcomer = CompanyFactory(siren=siren_for(7001), legal_name="Omega Centres SAS")
    user = MembershipFactory(company=newcomer).user
    relation = Relation.objects.get()
    assert company_relations(newcomer)["as_provider"] == [relation]
    client.force_login(user)
    assert client.post(_answer_url(newcomer, relation), {"answer": "confirm"}).status_code == 302
    relation.refresh_from_db()
    assert relation.provider == newcomer and relation.party_name("provider") == "Omega Centres SAS"


def test_a_company_never_reaches_a_relation_it_is_not_party_to(client, company_a, company_b):
    relation = _declared(company_a, company_b)
    outsider = MembershipFactory(company=CompanyFactory()).user
    client.force_login(outsider)
    company = outsider.memberships.get().company
    assert client.get(_answer_url(company, relation)).status_code == 404
    assert client.get(_answer_url(company_a, relation)).status_code == 404
    page = client.get(reverse("relations:relation_list", args=[company.pk])).content.decode()
    assert company_a.legal_name not in page


def test_each_side_reads_who_the_pending_relation_waits_for(
    client, contributor_a, contributor_b, company_a, company_b
):
    _declared(company_a, company_b, by="client")
    list_of = {
        user: reverse("relations:relation_list", args=[company.pk])
        for user, company in ((contributor_a, company_a), (contributor_b, company_b))
    }
    client.force_login(contributor_a)
    declaring = client.get(list_of[contributor_a]).content.decode()
    client.force_login(contributor_b)
    answering = client.get(list_of[contributor_b]).content.decode()

    assert "En attente de l&#x27;autre partie" in declaring
    assert "En attente de votre confirmation" not in declaring
    assert "En attente de votre confirmation" in answering
    assert "Confirmer ou contester" in answering


def test_the_list_shows_both_roles_in_a_fixed_number_of_queries(
    client, contributor_a, company_a, django_assert_num_queries
):
    for _ in range(5):
        provider, other_client = CompanyFactory(), CompanyFactory()
        _declared(company_a, provider)
        _declared(other_client, company_a, by="client")
    client.force_login(contributor_a)
    url = reverse("relations:relation_list", args=[company_a.pk])
    client.get(url)
    # session and user, savepoint and release, company and membership, relations, can_write
    with django_assert_num_queries(8):
        response = client.get(url)
    assert len(response.context["as_client"]) == len(response.context["as_provider"]) == 5


def test_the_committee_reads_the_list_and_is_sent_to_its_own_page(
    client, committee_member, company_a, company_b
):
    relation = _declared(company_a, company_b)
    client.force_login(committee_member)
    page = client.get(reverse("relations:relation_list", args=[company_a.pk])).content.decode()
    assert reverse("followup:relation_review", args=[relation.pk]) in page
    assert _answer_url(company_a, relation) not in page
    assert client.post(_create_url(company_a), {"side": "client"}).status_code == 403
