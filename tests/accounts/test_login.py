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
