"""Helpers shared by the end-to-end tests: logging in and out through the pages."""

import pytest

PASSWORD = "correct-horse-battery"  # tests.factories.UserFactory's password

# Transactional, so that the live server's thread sees what the test writes; the
# reference data flushed after each test is restored for the tests that follow.
e2e = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def log_in(page, base_url: str, email: str, password: str = PASSWORD) -> None:
    """Log in through the login page, whatever the language it shows."""
    page.goto(f"{base_url}/connexion/")
    page.locator("#id_username").fill(email)
    page.locator("#id_password").fill(password)
    with page.expect_navigation():
        page.locator("main form button[type=submit]").click()
    assert "/connexion/" not in page.url, f"login as {email} failed"


def log_out(page) -> None:
    with page.expect_navigation():
        page.locator("form[action='/deconnexion/'] button").click()
