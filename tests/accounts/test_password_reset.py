from smtplib import SMTPException
from unittest import mock

import pytest
from django.core import mail
from django.urls import reverse

from tests.accounts.conftest import link_in
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db
URL = reverse("accounts:password_reset")


def test_the_urls_are_french_and_named_like_django_s():
    assert URL == "/mot-de-passe/oubli/"
    assert reverse("accounts:password_reset_done") == "/mot-de-passe/oubli/envoye/"
    assert (
        reverse("accounts:password_reset_confirm", args=["MQ", "abc-123"])
        == "/mot-de-passe/nouveau/MQ/abc-123/"
    )
    assert reverse("accounts:password_reset_complete") == "/mot-de-passe/nouveau/termine/"


def test_it_is_linked_from_the_login_page(client):
    page = client.get(reverse("accounts:login")).content.decode()
    assert f'href="{URL}"' in page


def test_it_shows_the_form(english):
    response = english.get(URL)
    assert response.status_code == 200
    assert "<h1>Forgot your password?</h1>" in response.content.decode()


def test_it_sends_a_link_that_sets_a_new_password(english):
    user = UserFactory(email="claire@example.org", language="en")
    response = english.post(URL, {"email": "Claire@Example.org"})
    assert response.status_code == 302
    assert response["Location"] == reverse("accounts:password_reset_done")

    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["claire@example.org"]
    assert message.subject == "Choose a new password for the charter tracker"
    assert message.alternatives[0][1] == "text/html"
    assert 'lang="en"' in message.alternatives[0][0]
    path = link_in(message, "/mot-de-passe/nouveau/")

    # Django swaps the token for a session marker, then shows the form.
    form_url = english.get(path)["Location"]
    response = english.get(form_url)
    assert response.context["validlink"]
    response = english.post(
        form_url,
        {"new_password1": "a-new-long-passphrase", "new_password2": "a-new-long-passphrase"},
    )
    assert response["Location"] == reverse("accounts:password_reset_complete")
    user.refresh_from_db()
    assert user.check_password("a-new-long-passphrase")
    assert english.get(reverse("accounts:password_reset_complete")).status_code == 200

    # The link works once.
    response = english.get(path)
    assert response.status_code == 200
    assert not response.context["validlink"]
    assert "This link no longer works" in response.content.decode()


def test_the_e_mail_is_in_the_user_s_language(client):
    UserFactory(email="claire@example.org", language="fr")
    client.cookies["django_language"] = "en"
    client.post(URL, {"email": "claire@example.org"})
    assert 'lang="fr"' in mail.outbox[0].alternatives[0][0]


def test_it_answers_the_same_for_an_unknown_address(client):
    UserFactory(email="claire@example.org")
    known = client.post(URL, {"email": "claire@example.org"})
    unknown = client.post(URL, {"email": "nobody@example.org"})
    assert (unknown.status_code, unknown["Location"]) == (known.status_code, known["Location"])
    assert [m.to for m in mail.outbox] == [["claire@example.org"]]


def test_it_sends_nothing_to_an_inactive_account(client):
    UserFactory(email="gone@example.org", is_active=False)
    response = client.post(URL, {"email": "gone@example.org"})
    assert response.status_code == 302
    assert mail.outbox == []


def test_a_mail_server_failure_looks_the_same_to_the_visitor(client):
    UserFactory(email="claire@example.org")
    with mock.patch("accounts.forms.send_templated_email", side_effect=SMTPException("down")):
        response = client.post(URL, {"email": "claire@example.org"})
    assert response.status_code == 302
    assert response["Location"] == reverse("accounts:password_reset_done")


def test_it_uses_site_url_for_the_link_when_set(client, settings):
    settings.SITE_URL = "https://charte.example.org"
    UserFactory(email="claire@example.org")
    client.post(URL, {"email": "claire@example.org"})
    assert "https://charte.example.org/mot-de-passe/nouveau/" in mail.outbox[0].body


def test_a_malformed_address_is_refused_beside_the_field(client):
    response = client.post(URL, {"email": "not-an-address"})
    assert response.status_code == 200
    assert response.context["form"].errors["email"]
    assert mail.outbox == []


def test_a_forged_link_shows_the_invalid_link_page(client):
    response = client.get(reverse("accounts:password_reset_confirm", args=["MQ", "set-password"]))
    assert response.status_code == 200
    assert not response.context["validlink"]


def test_the_new_password_must_pass_the_validators(client):
    UserFactory(email="claire@example.org")
    client.post(URL, {"email": "claire@example.org"})
    form_url = client.get(link_in(mail.outbox[0], "/mot-de-passe/nouveau/"))["Location"]
    response = client.post(form_url, {"new_password1": "123", "new_password2": "123"})
    assert response.status_code == 200
    codes = {e.code for e in response.context["form"].errors.as_data()["new_password2"]}
    assert {"password_too_short", "password_entirely_numeric"} <= codes
