"""Login protection: lockout after repeated failures, the same answer for known and unknown
addresses, idle sessions, and sessions ended by a change of password."""

from datetime import timedelta

import pytest
from axes.models import AccessAttempt
from django.conf import settings
from django.contrib.sessions.models import Session
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from accounts.security import IdleSessionMiddleware, client_ip
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db
URL = reverse("accounts:login")
PASSWORD = "correct-horse-battery"


def fail(client, email="claire@example.org", times=1, **extra):
    for _ in range(times):
        response = client.post(URL, {"username": email, "password": "wrong"}, **extra)
    return response


def test_the_limits_are_five_failures_and_fifteen_minutes():
    assert settings.AXES_FAILURE_LIMIT == 5
    assert settings.LOGIN_ACCOUNT_FAILURE_LIMIT == 30
    assert settings.LOGIN_CLIENT_FAILURE_LIMIT == 20
    assert settings.AXES_COOLOFF_TIME.total_seconds() == 15 * 60
    assert settings.AXES_LOCKOUT_PARAMETERS == [
        ["username", "ip_address"],
        "username",
        "ip_address",
    ]


def test_four_failures_still_let_the_right_password_in(client):
    UserFactory(email="claire@example.org")
    assert fail(client, times=4).status_code == 200
    response = client.post(URL, {"username": "claire@example.org", "password": PASSWORD})
    assert response.status_code == 302


def test_the_fifth_failure_locks_the_address_with_a_french_message(client):
    UserFactory(email="claire@example.org")
    fail(client, times=4)
    response = fail(client)
    page = response.content.decode()
    assert response.status_code == 429
    assert "Trop d’échecs" in page
    assert "15 minutes" in page
    assert 'value="claire@example.org"' in page  # what was typed stays in the form
    assert "wrong" not in page  # never the password

    # Even the right password is refused while the lock lasts.
    response = client.post(URL, {"username": "claire@example.org", "password": PASSWORD})
    assert response.status_code == 429
    assert not client.get(reverse("charter:home")).context["user"].is_authenticated


def test_the_lock_ignores_the_case_of_the_address(client):
    UserFactory(email="claire@example.org")
    for email in ["Claire@example.org", "CLAIRE@EXAMPLE.ORG", "claire@Example.org"]:
        fail(client, email)
    fail(client, "claire@example.org", times=2)
    response = client.post(URL, {"username": "claire@example.org", "password": PASSWORD})
    assert response.status_code == 429


def test_the_lock_holds_one_address_from_one_client_only(client):
    UserFactory(email="claire@example.org")
    UserFactory(email="marc@example.org")
    fail(client, times=5)
    # Another account from the same client, and the same account from another client.
    response = client.post(URL, {"username": "marc@example.org", "password": PASSWORD})
    assert response.status_code == 302
    elsewhere = Client(REMOTE_ADDR="198.51.100.7")
    response = elsewhere.post(URL, {"username": "claire@example.org", "password": PASSWORD})
    assert response.status_code == 302


def test_guesses_spread_over_accounts_from_one_client_lock_the_client(client, settings):
    settings.LOGIN_CLIENT_FAILURE_LIMIT = 12
    UserFactory(email="marc@example.org")
    # Four guesses on each of three accounts: no pair reaches five ...
    for n in range(3):
        response = fail(client, f"victim{n}@example.org", times=4)
        assert response.status_code == (429 if n == 2 else 200)
    # ... but the twelfth failure from this client locks it, whatever the account.
    response = client.post(URL, {"username": "marc@example.org", "password": PASSWORD})
    assert response.status_code == 429
    page = response.content.decode()
    assert "Trop d’échecs depuis votre réseau" in page
    assert 'value="marc@example.org"' in page
    # Another client is not concerned.
    elsewhere = Client(REMOTE_ADDR="198.51.100.7")
    response = elsewhere.post(URL, {"username": "marc@example.org", "password": PASSWORD})
    assert response.status_code == 302


def test_logging_in_to_ones_own_account_does_not_clear_the_clients_count(client, settings):
    settings.LOGIN_CLIENT_FAILURE_LIMIT = 8
    UserFactory(email="marc@example.org")
    fail(client, "victim0@example.org", times=4)
    client.post(URL, {"username": "marc@example.org", "password": PASSWORD})
    client.post(reverse("accounts:logout"))
    fail(client, "victim1@example.org", times=4)
    response = client.post(URL, {"username": "marc@example.org", "password": PASSWORD})
    assert response.status_code == 429


def test_guesses_on_one_account_from_several_clients_lock_the_account(settings):
    settings.LOGIN_ACCOUNT_FAILURE_LIMIT = 12
    UserFactory(email="claire@example.org")
    for n in range(3):
        guesser = Client(REMOTE_ADDR=f"198.51.100.{n + 1}")
        assert fail(guesser, times=4).status_code == (429 if n == 2 else 200)
    # Claire, from her own network, is told why and what to do.
    claire = Client(REMOTE_ADDR="203.0.113.50")
    response = claire.post(URL, {"username": "claire@example.org", "password": PASSWORD})
    assert response.status_code == 429
    page = response.content.decode()
    assert "depuis plusieurs réseaux" in page
    assert "15 minutes" in page
    # Other accounts from the guessers' clients are not concerned.
    UserFactory(email="marc@example.org")
    guesser = Client(REMOTE_ADDR="198.51.100.1")
    response = guesser.post(URL, {"username": "marc@example.org", "password": PASSWORD})
    assert response.status_code == 302


def test_an_account_lock_ends_after_the_cool_off_even_if_guesses_go_on(settings):
    """Failures while locked are not counted: an attacker cannot stretch the lock."""
    settings.LOGIN_ACCOUNT_FAILURE_LIMIT = 8
    UserFactory(email="claire@example.org")
    for n in range(2):
        fail(Client(REMOTE_ADDR=f"198.51.100.{n + 1}"), times=4)
    AccessAttempt.objects.update(attempt_time=timezone.now() - timedelta(minutes=10))
    assert fail(Client(REMOTE_ADDR="198.51.100.9"), times=3).status_code == 429
    assert AccessAttempt.objects.filter(ip_address="198.51.100.9").count() == 0
    AccessAttempt.objects.update(attempt_time=timezone.now() - timedelta(minutes=16))
    response = Client(REMOTE_ADDR="203.0.113.50").post(
        URL, {"username": "claire@example.org", "password": PASSWORD}
    )
    assert response.status_code == 302


def test_the_lock_ends_after_fifteen_minutes(client):
    UserFactory(email="claire@example.org")
    fail(client, times=5)
    AccessAttempt.objects.update(attempt_time=timezone.now() - timedelta(minutes=16))
    response = client.post(URL, {"username": "claire@example.org", "password": PASSWORD})
    assert response.status_code == 302


def test_an_unknown_address_is_locked_the_same_way(client):
    """A lockout that only existing accounts got would tell which addresses exist."""
    response = fail(client, "nobody@example.org", times=5)
    assert response.status_code == 429
    assert "Trop d’échecs" in response.content.decode()


def test_a_success_clears_the_count(client):
    UserFactory(email="claire@example.org")
    fail(client, times=4)
    client.post(URL, {"username": "claire@example.org", "password": PASSWORD})
    client.post(reverse("accounts:logout"))
    response = fail(client, times=4)
    assert response.status_code == 200


def test_login_answers_the_same_whether_the_address_exists_or_not(client):
    UserFactory(email="claire@example.org")
    known = client.post(URL, {"username": "claire@example.org", "password": "wrong"})
    unknown = client.post(URL, {"username": "nobody@example.org", "password": "wrong"})
    assert known.status_code == unknown.status_code == 200
    assert known.context["form"].errors == unknown.context["form"].errors


def test_an_inactive_account_gets_the_same_answer_as_a_wrong_password(client):
    UserFactory(email="claire@example.org", is_active=False)
    inactive = client.post(URL, {"username": "claire@example.org", "password": PASSWORD})
    unknown = client.post(URL, {"username": "nobody@example.org", "password": PASSWORD})
    assert inactive.context["form"].errors == unknown.context["form"].errors


def test_the_admin_login_is_protected_too(client):
    UserFactory(email="admin@example.org", is_staff=True, is_superuser=True)
    admin_login = reverse("admin:login")
    for _ in range(5):
        client.post(admin_login, {"username": "admin@example.org", "password": "wrong"})
    response = client.post(admin_login, {"username": "admin@example.org", "password": PASSWORD})
    assert response.status_code == 429


# --- The client's address ------------------------------------------------------------------


def request_with(rf, remote, forwarded=None):
    headers = {"HTTP_X_FORWARDED_FOR": forwarded} if forwarded else {}
    return rf.get("/", REMOTE_ADDR=remote, **headers)


def test_without_a_proxy_the_client_is_the_remote_address(rf, settings):
    settings.TRUSTED_PROXY_COUNT = 0
    assert client_ip(request_with(rf, "203.0.113.5", "10.0.0.1")) == "203.0.113.5"


def test_behind_one_proxy_the_client_is_what_the_proxy_appended(rf, settings):
    settings.TRUSTED_PROXY_COUNT = 1
    # The client wrote "10.0.0.1" itself; the proxy appended the address it saw.
    request = request_with(rf, "127.0.0.1", "10.0.0.1, 198.51.100.9")
    assert client_ip(request) == "198.51.100.9"
    assert client_ip(request_with(rf, "127.0.0.1")) == "127.0.0.1"


# --- Sessions ------------------------------------------------------------------------------


def test_a_session_lasts_the_idle_time_after_the_last_request(client, settings):
    assert settings.SESSION_COOKIE_AGE == settings.SESSION_IDLE_MINUTES * 60 == 3600
    client.force_login(UserFactory())
    session = Session.objects.get()
    first_expiry = session.expire_date

    # A request soon after logging in does not write the session again ...
    client.get(reverse("charter:home"))
    assert Session.objects.get().expire_date == first_expiry

    # ... one more than a minute later pushes the end back.
    stored = client.session
    stored[IdleSessionMiddleware.KEY] -= IdleSessionMiddleware.REFRESH_SECONDS + 1
    stored.save()
    client.get(reverse("charter:home"))
    assert Session.objects.get().expire_date > first_expiry


def test_an_idle_session_ends(client):
    client.force_login(UserFactory())
    Session.objects.update(expire_date=timezone.now() - timedelta(seconds=1))
    response = client.get(reverse("accounts:password_change"))
    assert response.status_code == 302
    assert response["Location"].startswith(URL)


def test_changing_the_password_ends_the_other_sessions(client):
    user = UserFactory()
    other_device = Client()
    other_device.force_login(user)
    client.force_login(user)
    response = client.post(
        reverse("accounts:password_change"),
        {
            "old_password": PASSWORD,
            "new_password1": "another-long-passphrase",
            "new_password2": "another-long-passphrase",
        },
    )
    assert response.status_code == 302
    assert client.get(reverse("accounts:password_change")).status_code == 200  # kept
    response = other_device.get(reverse("accounts:password_change"))
    assert response.status_code == 302  # logged out
    assert response["Location"].startswith(URL)
