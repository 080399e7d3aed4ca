"""The settings fail at start, naming the variable, when a required value is missing."""

import os

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.db.utils import ConnectionHandler

from tests.fresh_settings import read_settings


def _read(**env: str) -> dict:
    environment = {k: v for k, v in os.environ.items() if k not in ("SECRET_KEY", "DEBUG")}
    return read_settings(environment | env)


def test_a_missing_secret_key_stops_the_start_with_debug_off():
    with pytest.raises(ImproperlyConfigured, match="SECRET_KEY"):
        _read(DEBUG="false")


def test_debug_starts_without_a_secret_key():
    assert _read(DEBUG="true")["SECRET_KEY"]  # Django refuses an empty one


def test_a_bad_database_url_names_the_variable():
    databases = ConnectionHandler(_read(DEBUG="true", DATABASE_URL="nosuchdb://x")["DATABASES"])
    with pytest.raises(ImproperlyConfigured, match="nosuchdb"):
        databases["default"]  # as django.db.connections loads it when Django starts


def test_it_runs_in_paris_time_in_french():
    from django.conf import settings

    assert settings.TIME_ZONE == "Europe/Paris"
    assert settings.LANGUAGE_CODE == "fr"
    assert [code for code, _name in settings.LANGUAGES] == ["fr", "en"]
    assert settings.AUTH_USER_MODEL == "accounts.User"


def test_the_rate_limit_counters_are_never_culled_to_make_room():
    """The database cache drops a third of its entries beyond 300 by default: a flood of
    new counters would then erase the ones that stop it."""
    from django.core.cache.backends.db import DatabaseCache

    from config import settings as configured  # the tests swap in a local cache

    limiter = configured.CACHES["ratelimit"]
    assert limiter["OPTIONS"]["MAX_ENTRIES"] >= 1_000_000
    cache = DatabaseCache(limiter["LOCATION"], {"OPTIONS": limiter["OPTIONS"]})
    assert cache._max_entries >= 1_000_000
