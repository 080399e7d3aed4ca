import pytest
from django.urls import reverse

from tests.factories import UserFactory

pytestmark = pytest.mark.django_db
URL = reverse("accounts:login")


def test_the_login_page_is_at_connexion(client):
    assert URL == "/connexion/"
    response = client.get(URL)
    assert response.status_code == 200
    assert "Adresse électronique" in response.content.decode()


def test_it_logs_in_by_e_mail_whatever_its_case(client):
    UserFactory(email="claire@example.org")
    response = client.post(
        URL, {"username": "Claire@Example.org", "password": "correct-horse-battery"}
    )
    assert response.status_code == 302
    assert client.get(reverse("charter:home")).context["user"].email == "claire@example.org"


def test_a_wrong_password_gets_a_clear_message_and_keeps_the_e_mail(client):
    UserFactory(email="claire@example.org")
    response = client.post(URL, {"username": "claire@example.org", "password": "wrong"})
    page = response.content.decode()
    assert response.status_code == 200
    assert "ne correspondent à aucun compte actif" in page
    assert 'value="claire@example.org"' in page


def test_logout_is_a_post_at_deconnexion(client):
    client.force_login(UserFactory())
    assert reverse("accounts:logout") == "/deconnexion/"
    response = client.post(reverse("accounts:logout"))
    assert response.status_code == 302
    assert not client.get(reverse("charter:home")).context["user"].is_authenticated


def _log_in(client, user, next_page: str = "") -> str:
    url = URL + (f"?next={next_page}" if next_page else "")
    response = client.post(url, {"username": user.email, "password": "correct-horse-battery"})
    assert response.status_code == 302
    return response["Location"]


def test_a_contributor_lands_on_their_company(client, contributor_a, company_a):
    landing = _log_in(client, contributor_a)
    assert landing == reverse("followup:space")
    assert client.get(landing)["Location"] == reverse(
        "followup:company_detail", args=[company_a.pk]
    )


def test_a_representative_lands_on_their_signatory(client, representative):
    landing = _log_in(client, representative)
    assert client.get(landing)["Location"].startswith("/espace/signataires/")


@pytest.mark.parametrize("role", ["committee_member", "admin_user"])
def test_the_committee_lands_on_its_dashboard(client, request, role):
    assert _log_in(client, request.getfixturevalue(role)) == reverse("followup:dashboard")


def test_someone_with_no_space_lands_on_the_home_page(client):
    assert _log_in(client, UserFactory()) == reverse("charter:home")


def test_the_page_asked_for_comes_first(client, contributor_a):
    assert _log_in(client, contributor_a, "/signataires/") == "/signataires/"
