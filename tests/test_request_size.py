"""Request size limits hold before any form, upload handler or CSRF check reads the body,
and the 413 page reaches the browser under both servers: the development server
(``runserver``, wsgiref) and gunicorn, each started here on a free port of this machine."""

import http.client
import os
import re
import subprocess
import sys
import threading
import time
from pathlib import Path
from unittest import mock
from wsgiref.util import is_hop_by_hop

import pytest
from django.core.handlers.wsgi import WSGIHandler
from django.core.servers.basehttp import ThreadedWSGIServer, WSGIRequestHandler
from django.test import Client

pytestmark = pytest.mark.django_db

ROOT = Path(__file__).resolve().parent.parent
LIMIT = 1024
# An oversized body that holds what looks like a request: it must be discarded unread,
# never answered as the next request of the connection.
SMUGGLED = b"GET /smuggled/ HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n"
BODY = SMUGGLED + b"x" * (LIMIT + 1 - len(SMUGGLED))


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
    # Hop-by-hop headers are the server's: wsgiref refuses them from the application.
    assert [name for name in response.headers if is_hop_by_hop(name)] == []
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


def _post_twice(port: int) -> list[tuple[int, str]]:
    """Two oversized POSTs on one connection (the second on a new one if the server
    closed it): each one's status and page."""
    answers = []
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    try:
        for _ in range(2):
            connection.request(
                "POST",
                "/connexion/",
                body=BODY,
                headers={"Content-Type": "application/octet-stream"},
            )
            response = connection.getresponse()
            answers.append((response.status, response.read().decode()))
            if response.will_close:
                connection.close()
    finally:
        connection.close()
    return answers


@pytest.mark.django_db(transaction=False)
def test_the_development_server_answers_413(settings):
    """What ``manage.py runserver`` serves with: Django's threaded wsgiref server."""
    settings.MAX_REQUEST_BYTES = LIMIT
    settings.ALLOWED_HOSTS = ["127.0.0.1"]
    settings.SECURE_SSL_REDIRECT = False
    server = ThreadedWSGIServer(("127.0.0.1", 0), WSGIRequestHandler, allow_reuse_address=False)
    server.set_app(WSGIHandler())
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        answers = _post_twice(server.server_address[1])
    finally:
        server.shutdown()
        server.server_close()
    assert [status for status, _ in answers] == [413, 413]  # the body was no request
    assert "Requête trop volumineuse" in answers[0][1]


def _gunicorn_port(log: Path, process: subprocess.Popen) -> int:
    """The port gunicorn chose, once its worker is booting (it says both in its log)."""
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline and process.poll() is None:
        text = log.read_text()
        found = re.search(r"Listening at: http://127\.0\.0\.1:(\d+)", text)
        if found and "Booting worker" in text:
            return int(found.group(1))
        time.sleep(0.1)
    raise AssertionError(f"gunicorn did not start: {log.read_text()}")


def test_gunicorn_answers_413(tmp_path):
    gunicorn = Path(sys.executable).parent / "gunicorn"
    if not gunicorn.exists():
        pytest.skip("gunicorn is not installed beside this Python")
    environment = {
        **os.environ,
        "SECRET_KEY": "request-size-test",
        "DEBUG": "true",  # static files without a collectstatic manifest
        "ALLOWED_HOSTS": "127.0.0.1",
        "MAX_REQUEST_BYTES": str(LIMIT),
        "GUNICORN_BIND": "127.0.0.1:0",
        "GUNICORN_WORKERS": "1",
    }
    log = tmp_path / "gunicorn.log"
    with log.open("w") as output:
        process = subprocess.Popen(  # noqa: S603
            [str(gunicorn), "-c", "deploy/gunicorn.conf.py", "--graceful-timeout", "1"],
            cwd=ROOT,
            env=environment,
            stdout=output,
            stderr=subprocess.STDOUT,
        )
    try:
        answers = _post_twice(_gunicorn_port(log, process))
    finally:
        process.terminate()
        process.wait(timeout=30)
    assert [status for status, _ in answers] == [413, 413], log.read_text()
    assert "Requête trop volumineuse" in answers[0][1]
