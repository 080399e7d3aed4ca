"""A person's chosen language is remembered on the account."""

import pytest
from django.urls import reverse

from accounts.models import User
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def test_switching_language_keeps_the_choice_on_the_account(client):
    user = UserFactory(email="claire@example.org", language="fr")
    client.force_login(user)
    client.post(reverse("set_language"), {"language": "en", "next": "/"})
    assert User.objects.get(pk=user.pk).language == "en"


def test_logging_in_brings_back_the_accounts_language(client):
    UserFactory(email="claire@example.org", language="en")
    response = client.post(
        reverse("accounts:login"),
        {"username": "claire@example.org", "password": "correct-horse-battery"},
    )
    assert response.cookies["django_language"].value == "en"
    assert '<html lang="en">' in client.get(reverse("charter:home")).content.decode()


def test_without_a_cookie_a_logged_in_person_reads_their_language(client):
    client.force_login(UserFactory(language="en"))
    assert '<html lang="en">' in client.get(reverse("charter:home")).content.decode()


def test_a_choice_made_just_before_logging_in_is_kept(client):
    user = UserFactory(email="claire@example.org", language="fr")
    client.cookies["django_language"] = "en"
    client.post(
        reverse("accounts:login"),
        {"username": "claire@example.org", "password": "correct-horse-battery"},
    )
    assert User.objects.get(pk=user.pk).language == "en"


def test_an_anonymous_switch_changes_no_account(client):
    user = UserFactory(language="fr")
    client.post(reverse("set_language"), {"language": "en", "next": "/"})
    assert User.objects.get(pk=user.pk).language == "fr"
    assert client.get(reverse("set_language")).status_code == 405
