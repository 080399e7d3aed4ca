import pytest
from django.urls import reverse

from tests.factories import UserFactory

pytestmark = pytest.mark.django_db
URL = reverse("accounts:password_change")


def test_the_urls_are_french():
    assert URL == "/mot-de-passe/changer/"
    assert reverse("accounts:password_change_done") == "/mot-de-passe/changer/termine/"


def test_it_asks_anonymous_users_to_log_in(client):
    response = client.get(URL)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))


def test_it_changes_the_password_and_keeps_the_session(client):
    user = UserFactory()
    client.force_login(user)
    response = client.post(
        URL,
        {
            "old_password": "correct-horse-battery",
            "new_password1": "another-long-passphrase",
            "new_password2": "another-long-passphrase",
        },
    )
    assert response["Location"] == reverse("accounts:password_change_done")
    user.refresh_from_db()
    assert user.check_password("another-long-passphrase")
    assert client.get(reverse("accounts:password_change_done")).status_code == 200


def test_a_wrong_old_password_is_refused_beside_the_field(client):
    user = UserFactory()
    client.force_login(user)
    response = client.post(
        URL,
        {
            "old_password": "wrong",
            "new_password1": "another-long-passphrase",
            "new_password2": "another-long-passphrase",
        },
    )
    assert response.status_code == 200
    assert response.context["form"].errors.as_data()["old_password"][0].code == (
        "password_incorrect"
    )
    user.refresh_from_db()
    assert user.check_password("correct-horse-battery")


def test_a_weak_password_is_refused(client):
    client.force_login(UserFactory())
    response = client.post(
        URL,
        {
            "old_password": "correct-horse-battery",
            "new_password1": "password",
            "new_password2": "password",
        },
    )
    assert response.status_code == 200
    codes = {e.code for e in response.context["form"].errors.as_data()["new_password2"]}
    assert "password_too_common" in codes


def test_the_password_rules_are_plain_text_beside_the_field(client):
    client.force_login(UserFactory())
    client.cookies["django_language"] = "en"
    page = client.get(URL).content.decode()
    assert '<p class="help" id="id_new_password1_helptext">Your password' in page
    assert "at least 12 characters" in page
    assert 'id="id_new_password1_helptext"><ul>' not in page
