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
    assert settings.AXES_COOLOFF_TIME.total_seconds() == 15 * 60
    assert settings.AXES_LOCKOUT_PARAMETERS == [["username", "ip_address"]]


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
