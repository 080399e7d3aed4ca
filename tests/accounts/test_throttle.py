"""The limits on e-mail (accounts.throttle): their budgets, and a cache shared by every
process."""

import os

import pytest
from django.core.cache.backends.db import DatabaseCache
from django.core.exceptions import ImproperlyConfigured
from django.test import RequestFactory

from accounts.throttle import email_sending_refusal
from config import settings as configured
from tests.factories import UserFactory
from tests.fresh_settings import read_settings

pytestmark = pytest.mark.django_db


def _request(address: str = "192.0.2.1"):
    return RequestFactory().post("/", REMOTE_ADDR=address)


def test_each_budget_counts_on_its_own(settings):
    settings.EMAIL_LIMIT_PER_CLIENT = "3/h"
    settings.EMAIL_LIMIT_PER_ADDRESS = "2/h"
    assert email_sending_refusal(_request(), to="a@example.org") is None
    assert email_sending_refusal(_request(), to="A@Example.org ") is None
    refusal = email_sending_refusal(_request(), to="a@example.org")
    assert refusal and 0 < refusal.retry_after <= 3600
    assert refusal.minutes == -(-refusal.retry_after // 60)
    # Another client and another address: budgets of their own.
    assert email_sending_refusal(_request("192.0.2.2"), to="b@example.org") is None


def test_the_client_budget_holds_for_any_address(settings):
    settings.EMAIL_LIMIT_PER_CLIENT = "2/h"
    for number in range(2):
        assert email_sending_refusal(_request(), to=f"p{number}@example.org") is None
    assert email_sending_refusal(_request(), to="q@example.org")
    assert email_sending_refusal(_request("192.0.2.7"), to="q@example.org") is None


def test_the_account_budget_counts_only_when_logged_in(settings):
    settings.EMAIL_LIMIT_PER_ACCOUNT = "1/h"
    user = UserFactory()
    assert email_sending_refusal(_request("192.0.2.1"), to="a@example.org", account=user) is None
    assert email_sending_refusal(_request("192.0.2.2"), to="b@example.org", account=user)
    assert email_sending_refusal(_request("192.0.2.3"), to="c@example.org") is None


def test_the_client_behind_the_proxy_is_counted_not_the_proxy(settings):
    settings.EMAIL_LIMIT_PER_CLIENT = "1/h"
    settings.TRUSTED_PROXY_COUNT = 1

    def behind_nginx(client: str):
        return RequestFactory().post("/", REMOTE_ADDR="10.0.0.1", HTTP_X_FORWARDED_FOR=client)

    assert email_sending_refusal(behind_nginx("198.51.100.1"), to="a@example.org") is None
    assert email_sending_refusal(behind_nginx("198.51.100.2"), to="b@example.org") is None
    assert email_sending_refusal(behind_nginx("198.51.100.1"), to="c@example.org")


def test_an_ipv6_client_counts_per_64_network_and_no_address_is_no_crash(settings):
    settings.EMAIL_LIMIT_PER_CLIENT = "1/h"
    assert email_sending_refusal(_request("2001:db8:1:2::1"), to="a@example.org") is None
    assert email_sending_refusal(_request("2001:db8:1:2::9"), to="b@example.org")
    assert email_sending_refusal(_request("2001:db8:1:3::1"), to="c@example.org") is None
    assert email_sending_refusal(_request(""), to="d@example.org") is None
    assert email_sending_refusal(_request("not an address"), to="e@example.org")


def test_production_counts_in_the_database_shared_by_every_process(settings):
    # The test run swaps in a cache of its own process; the settings' own is the database's.
    default = configured.CACHES["ratelimit"]
    assert default["BACKEND"] == "django.core.cache.backends.db.DatabaseCache"
    settings.CACHES = {**settings.CACHES, "ratelimit": default}
    settings.EMAIL_LIMIT_PER_ADDRESS = "1/h"
    # The table exists (made by migrate) and the count is in it.
    assert email_sending_refusal(_request(), to="a@example.org") is None
    assert email_sending_refusal(_request("192.0.2.2"), to="a@example.org")
    # Another process opens its own cache object on the same table and sees the count.
    other_process = DatabaseCache(default["LOCATION"], {})
    assert any(other_process.get(key) == 2 for key in _keys(other_process))


def _keys(cache: DatabaseCache) -> list[str]:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(f"SELECT cache_key FROM {cache._table}")  # noqa: S608
        return [cache_key.removeprefix(":1:") for (cache_key,) in cursor.fetchall()]


def test_a_bad_rate_stops_the_start_naming_the_variable():
    environment = {**os.environ, "DEBUG": "true", "EMAIL_LIMIT_PER_ADDRESS": "lots"}
    with pytest.raises(ImproperlyConfigured, match="EMAIL_LIMIT_PER_ADDRESS"):
        read_settings(environment)
