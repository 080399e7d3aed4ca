"""Production settings pass Django's deployment checks; every response carries the
security headers."""

import os
import secrets
import subprocess
import sys
from pathlib import Path

import pytest

from tests.fresh_settings import read_settings

ROOT = Path(__file__).resolve().parent.parent


def test_production_settings_pass_the_deployment_checks():
    environment = {
        k: v
        for k, v in os.environ.items()
        if k not in ("DEBUG", "SECURE_SSL_REDIRECT", "SECURE_COOKIES", "DJANGO_ALLOW_ASYNC_UNSAFE")
    }
    environment.update(
        SECRET_KEY=secrets.token_urlsafe(50),
        ALLOWED_HOSTS="charte.example.org",
        DJANGO_SETTINGS_MODULE="config.settings",
    )
    result = subprocess.run(  # noqa: S603
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    found = read_settings(environment)
    assert [
        found["SESSION_COOKIE_NAME"],
        found["CSRF_COOKIE_NAME"],
        found["SECURE_HSTS_SECONDS"],
        found["SECURE_SSL_REDIRECT"],
        found["SESSION_COOKIE_SECURE"],
    ] == ["__Host-sessionid", "__Host-csrftoken", 31536000, True, True]


@pytest.mark.django_db
def test_every_page_carries_the_security_headers(client):
    response = client.get("/")
    policy = response["Content-Security-Policy"]
    for directive in (
        "default-src 'self'",
        "frame-ancestors 'none'",
        "object-src 'none'",
        "base-uri 'none'",
    ):
        assert directive in policy
    assert "unsafe-inline" not in policy
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["X-Frame-Options"] == "DENY"
    assert "camera=()" in response["Permissions-Policy"]
