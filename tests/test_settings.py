"""The settings fail at start, naming the variable, when a required value is missing."""

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def _start(**env: str) -> subprocess.CompletedProcess:
    environment = {k: v for k, v in os.environ.items() if k not in ("SECRET_KEY", "DEBUG")}
    environment.update(env)
    return subprocess.run(  # noqa: S603
        [sys.executable, "-c", "import django; django.setup()"],
        cwd=ROOT,
        env={**environment, "DJANGO_SETTINGS_MODULE": "config.settings"},
        capture_output=True,
        text=True,
        timeout=60,
    )


def test_a_missing_secret_key_stops_the_start_with_debug_off():
    result = _start(DEBUG="false")
    assert result.returncode != 0
    assert "SECRET_KEY" in result.stderr


def test_debug_starts_without_a_secret_key():
    assert _start(DEBUG="true").returncode == 0


def test_a_bad_database_url_names_the_variable():
    result = _start(DEBUG="true", DATABASE_URL="nosuchdb://x")
    assert result.returncode != 0
    assert "nosuchdb" in result.stderr


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
