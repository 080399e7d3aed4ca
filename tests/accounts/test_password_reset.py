from smtplib import SMTPException
from unittest import mock

import pytest
from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext
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


# --- Abuse: how often, and the same answer whatever the address -------------------------


def test_too_many_resets_for_one_address_are_refused_and_nothing_is_sent(client, settings):
    settings.EMAIL_LIMIT_PER_ADDRESS = "2/h"
    UserFactory(email="claire@example.org")
    for number in range(2):
        client.defaults["REMOTE_ADDR"] = f"192.0.2.{number + 1}"
        assert client.post(URL, {"email": "claire@example.org"}).status_code == 302
    client.defaults["REMOTE_ADDR"] = "192.0.2.9"
    response = client.post(URL, {"email": "Claire@example.org"})
    assert response.status_code == 429
    assert 0 < int(response["Retry-After"]) <= 3600
    page = response.content.decode()
    assert "rien n’a été envoyé" in page
    assert 'value="Claire@example.org"' in page
    assert len(mail.outbox) == 2


def test_too_many_resets_from_one_client_are_refused_for_any_address(english, settings):
    settings.EMAIL_LIMIT_PER_CLIENT = "3/h"
    for number in range(3):
        assert english.post(URL, {"email": f"p{number}@example.org"}).status_code == 302
    response = english.post(URL, {"email": "other@example.org"})
    assert response.status_code == 429
    assert "Too many requests: nothing was sent" in response.content.decode()


def test_the_limit_counts_whether_or_not_the_address_has_an_account(client, settings):
    # A refusal must not tell which addresses have an account either.
    settings.EMAIL_LIMIT_PER_ADDRESS = "1/h"
    UserFactory(email="claire@example.org")
    for email in ("claire@example.org", "nobody@example.org"):
        assert client.post(URL, {"email": email}).status_code == 302
        assert client.post(URL, {"email": email}).status_code == 429


@pytest.fixture
def queued_tasks(settings):
    """Tasks are kept, not run: what the view itself does, without the background work."""
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
    from django_tasks import default_task_backend

    return default_task_backend.results


def test_the_view_looks_nothing_up_and_leaves_the_e_mail_to_a_task(client, queued_tasks):
    UserFactory(email="claire@example.org")
    counts, answers = [], []
    for email in ("claire@example.org", "nobody@example.org"):
        with CaptureQueriesContext(connection) as queries:
            response = client.post(URL, {"email": email})
        counts.append(len(queries))
        answers.append((response.status_code, response["Location"]))
    assert counts[0] == counts[1]
    assert answers[0] == answers[1]
    assert mail.outbox == []
    assert [r.kwargs["email"] for r in queued_tasks] == ["claire@example.org", "nobody@example.org"]
    assert all(r.task.name == "password_reset_send" for r in queued_tasks)


def test_the_task_sends_the_link_to_an_active_account_only(db):
    from accounts.tasks import password_reset_send

    UserFactory(email="claire@example.org", language="en")
    UserFactory(email="gone@example.org", is_active=False)
    for email in ("claire@example.org", "gone@example.org", "nobody@example.org"):
        password_reset_send.enqueue(email=email, domain="charte.example.org", use_https=True)
    assert [m.to for m in mail.outbox] == [["claire@example.org"]]
    assert "https://charte.example.org/mot-de-passe/nouveau/" in mail.outbox[0].body
