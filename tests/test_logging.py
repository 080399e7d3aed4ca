"""Logs are JSON lines that carry the request's id; a server error is logged."""

import json
import logging

import pytest
from django.urls import path

from config.logging import JsonFormatter, request_id

pytestmark = pytest.mark.django_db


def broken(request):
    raise RuntimeError("boom")


urlpatterns = [path("broken/", broken)]


def test_every_response_carries_a_request_id(client):
    response = client.get("/healthz")
    assert len(response["X-Request-ID"]) == 32
    assert client.get("/healthz", HTTP_X_REQUEST_ID="abc-123")["X-Request-ID"] == "abc-123"


def test_a_log_line_is_json_with_the_request_id():
    token = request_id.set("req-42")
    try:
        record = logging.LogRecord(
            "charte", logging.WARNING, __file__, 1, "Café %s", ("noir",), None
        )
        line = json.loads(JsonFormatter().format(record))
    finally:
        request_id.reset(token)
    assert line["message"] == "Café noir"
    assert (line["level"], line["request_id"]) == ("WARNING", "req-42")


def test_a_server_error_is_logged_and_shows_no_detail(client, settings, caplog):
    settings.ROOT_URLCONF = __name__
    client.raise_request_exception = False
    with caplog.at_level(logging.ERROR, logger="django.request"):
        response = client.get("/broken/")
    assert response.status_code == 500
    assert "boom" not in response.content.decode()
    assert any(r.name == "django.request" and r.exc_info for r in caplog.records)
