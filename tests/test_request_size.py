"""Request size limits hold before any form, upload handler or CSRF check reads the body."""

from unittest import mock

import pytest
from django.test import Client

pytestmark = pytest.mark.django_db


def test_a_body_larger_than_the_limit_is_refused_unread(client, settings):
    settings.MAX_REQUEST_BYTES = 1024 * 1024
    with mock.patch("django.http.request.HttpRequest.read") as read:
        response = client.post(
            "/connexion/",
            data=b"x" * 10,
            content_type="application/octet-stream",
            CONTENT_LENGTH=str(settings.MAX_REQUEST_BYTES + 1),
        )
    read.assert_not_called()
    page = response.content.decode()
    assert response.status_code == 413
    assert response["Connection"] == "close"
    assert "Requête trop volumineuse" in page
    assert "1 Mo" in page
    assert "ce que vous avez saisi est toujours dans le formulaire" in page


def test_the_page_follows_the_chosen_language(client, settings):
    settings.MAX_REQUEST_BYTES = 1024 * 1024
    client.cookies["django_language"] = "en"
    response = client.post(
        "/connexion/", data=b"", content_type="text/plain", CONTENT_LENGTH="2000000"
    )
    assert response.status_code == 413
    assert "Request too large" in response.content.decode()


def test_a_body_within_the_limit_goes_through_and_csrf_still_applies(settings):
    csrf_client = Client(enforce_csrf_checks=True)
    response = csrf_client.post("/connexion/", {"username": "a@example.org", "password": "x"})
    assert response.status_code == 403  # reached the CSRF check: not refused for its size


def test_a_malformed_content_length_is_not_a_server_error(client):
    response = client.get("/", CONTENT_LENGTH="many")
    assert response.status_code == 200


def test_the_default_limit_leaves_room_for_one_evidence_file(settings):
    assert settings.MAX_REQUEST_BYTES > settings.EVIDENCE_MAX_BYTES
    assert settings.MAX_REQUEST_BYTES - settings.EVIDENCE_MAX_BYTES <= 2 * 1024 * 1024
