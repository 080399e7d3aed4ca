import pytest
from django.urls import reverse

from tests.factories import CompanyFactory

pytestmark = pytest.mark.django_db
URL = reverse("signatories:signatory_list")


def test_it_lists_the_five_signatories_and_active_companies(client):
    CompanyFactory(legal_name="Active Contact SAS")
    CompanyFactory(legal_name="Candidate SAS", status="applicant", adhered_on=None)
    CompanyFactory(legal_name="Retirée SA", status="withdrawn")
    page = client.get(URL).content.decode()
    for acronym in ("État", "AFRC", "SP2C", "CFTC", "CFDT"):
        assert acronym in page
    assert "Autorité publique" in page and "Salariés" in page
    assert "Active Contact SAS" in page
    assert "Candidate SAS" not in page
    assert "Retirée SA" not in page


def test_it_searches_by_name_or_siren(client):
    CompanyFactory(legal_name="Opale Multicanal SAS", siren="732829320")
    CompanyFactory(legal_name="Saphir Contact SA")
    by_name = client.get(URL, {"q": "opale"}).content.decode()
    by_siren = client.get(URL, {"q": "732 829"}).content.decode()
    for page in (by_name, by_siren):
        assert "Opale Multicanal SAS" in page
        assert "Saphir Contact SA" not in page


def test_it_filters_by_kind(client):
    CompanyFactory(legal_name="Banque Exemple SA", kind="client")
    CompanyFactory(legal_name="Prestataire Exemple SAS", kind="outsourcer")
    page = client.get(URL, {"kind": "client"}).content.decode()
    assert "Banque Exemple SA" in page
    assert "Prestataire Exemple SAS" not in page


def test_a_bad_filter_is_ignored_not_an_error(client):
    CompanyFactory(legal_name="Exemple SAS")
    response = client.get(URL, {"kind": "<script>", "page": "abc"})
    assert response.status_code == 200
    assert "Exemple SAS" in response.content.decode()
    assert "<script>" not in response.content.decode()


def test_it_paginates_and_keeps_the_filters(client):
    CompanyFactory.create_batch(55, kind="client")
    page = client.get(URL, {"kind": "client"}).content.decode()
    assert "kind=client&amp;page=2" in page
    second = client.get(URL, {"kind": "client", "page": 2}).content.decode()
    assert "Entreprises 51 à 55 sur 55" in second


@pytest.mark.parametrize("count", [5, 50])
def test_its_query_count_does_not_grow_with_the_companies(client, count, django_assert_num_queries):
    CompanyFactory.create_batch(count)
    # charter, signatories, counts per kind, page count, page rows, and the request's
    # savepoint and its release.
    with django_assert_num_queries(7):
        assert client.get(URL).status_code == 200
