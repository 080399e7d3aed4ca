"""A database that cannot be reached gives a clear 503 page, never a 500, and nothing
half-saved; the site works again as soon as the database answers.

The outage is simulated on the test's connection: every cursor (queries, savepoints)
raises the OperationalError that psycopg raises when the server is stopped.
"""

import json
from contextlib import contextmanager

import pytest
from django.db import connection
from django.db.utils import OperationalError
from django.test import Client
from django.urls import reverse

from charter.models import Indicator, Measure
from followup.models import Report
from signatories.models import Commitment
from tests.factories import CampaignFactory

pytestmark = pytest.mark.django_db

DRIVER_DETAIL = "connection to server at 127.0.0.1, port 5432 failed: Connection refused"


@contextmanager
def database_down(monkeypatch):
    """Every query fails as with a stopped server, until the block ends."""

    def refused(*args, **kwargs):
        raise OperationalError(DRIVER_DETAIL)

    with monkeypatch.context() as patch:
        patch.setattr(connection, "cursor", refused)
        yield


@pytest.fixture
def visitor():
    """A test client that answers as the server would instead of raising the error."""
    return Client(raise_request_exception=False)


@pytest.fixture
def report_url(company_a):
    campaign = CampaignFactory()
    Commitment.objects.create(company=company_a, measure=Measure.objects.get(code="2.1"))
    return reverse("followup:report_edit", args=[company_a.pk, campaign.pk])


def draft(version: int = 0) -> dict:
    measure = Measure.objects.get(code="2.1")
    hours = Indicator.objects.get(code="training_hours")
    return {
        "version": version,
        "action": "save",
        f"p{measure.pk}_status": "in_progress",
        f"p{measure.pk}_percent": "40",
        f"p{measure.pk}_comment": "Plan de formation engagé.",
        f"i{hours.pk}": "300",
    }


def assert_no_internal_detail(page: str) -> None:
    for detail in ("Traceback", "OperationalError", DRIVER_DETAIL, "psycopg", "5432"):
        assert detail not in page


def test_a_page_gets_a_503_that_says_to_come_back(visitor, monkeypatch, committee_member):
    visitor.force_login(committee_member)
    visitor.cookies["django_language"] = "en"
    with database_down(monkeypatch):
        response = visitor.get("/suivi/")
    page = response.content.decode()
    assert response.status_code == 503
    assert response["Retry-After"] == "10"
    assert "no-store" in response["Cache-Control"]
    assert '<html lang="en">' in page and 'href="/"' in page
    assert "Service temporarily unavailable" in page
    assert "Reload this page in a moment." in page
    assert_no_internal_detail(page)


def test_an_anonymous_visitor_gets_the_503_page_too(visitor, monkeypatch):
    visitor.cookies["django_language"] = "en"
    with database_down(monkeypatch):
        response = visitor.get("/signataires/")
    assert response.status_code == 503
    assert "Service temporarily unavailable" in response.content.decode()


def test_a_report_sent_during_the_outage_is_not_saved_and_the_page_says_so(
    visitor, monkeypatch, contributor_a, report_url
):
    visitor.force_login(contributor_a)
    visitor.cookies["django_language"] = "en"
    answers = draft()
    with database_down(monkeypatch):
        response = visitor.post(report_url, answers)
    page = response.content.decode()
    assert response.status_code == 503
    assert response["Retry-After"] == "10"
    assert "Your change was not saved" in page
    assert "Back button: the form still holds what you typed" in page
    assert_no_internal_detail(page)
    assert not Report.objects.exists()

    # Once the database answers, the same form goes through.
    response = visitor.post(report_url, answers)
    assert response.status_code == 302
    report = Report.objects.get()
    assert (report.version, report.progress.get().percent) == (1, 40)


def test_a_save_whose_commit_fails_is_rolled_back_without_a_success_message(
    visitor, monkeypatch, contributor_a, report_url
):
    """The database goes away after the view did its work, when the request's transaction
    ends: nothing is kept, and no "Draft saved" waits for the next page."""
    visitor.force_login(contributor_a)
    answers = draft()
    # The test runs inside a transaction: the request's own is its first savepoint, and its
    # end is that savepoint's release. Only that release fails, once (the rollback to the
    # savepoint that follows works: the test's transaction stays usable).
    savepoint, savepoint_commit = connection.savepoint, connection.savepoint_commit
    started, lost = [], []

    def remembered_savepoint():
        started.append(savepoint())
        return started[-1]

    def commit_lost(sid):
        if sid == started[0] and not lost:
            lost.append(sid)
            raise OperationalError("server closed the connection unexpectedly")
        savepoint_commit(sid)

    with monkeypatch.context() as patch:
        patch.setattr(connection, "savepoint", remembered_savepoint)
        patch.setattr(connection, "savepoint_commit", commit_lost)
        response = visitor.post(report_url, answers)
    assert response.status_code == 503 and lost
    assert not Report.objects.exists()
    page = visitor.get(report_url).content.decode()
    assert 'class="message message--success"' not in page


def test_the_health_check_reports_the_outage_then_the_recovery(visitor, monkeypatch):
    with database_down(monkeypatch):
        response = visitor.get("/healthz")
    assert response.status_code == 503
    assert json.loads(response.content) == {
        "status": "unavailable",
        "checks": {"database": "unavailable"},
    }
    response = visitor.get("/healthz")
    assert response.status_code == 200
    assert json.loads(response.content)["status"] == "ok"


def test_pages_work_again_once_the_database_answers(visitor, monkeypatch, committee_member):
    visitor.force_login(committee_member)
    with database_down(monkeypatch):
        assert visitor.get("/suivi/").status_code == 503
    assert visitor.get("/suivi/").status_code == 200


def test_the_outage_page_is_in_french_by_default(visitor, monkeypatch):
    with database_down(monkeypatch):
        response = visitor.get("/")
    assert response.status_code == 503
    assert '<html lang="fr">' in response.content.decode()


def test_any_other_error_is_still_a_500(visitor, monkeypatch, committee_member):
    def broken(*args, **kwargs):
        raise RuntimeError("a bug")

    visitor.force_login(committee_member)
    monkeypatch.setattr("followup.views.dashboard.selectors.campaigns_for_choice", broken)
    response = visitor.get("/suivi/")
    assert response.status_code == 500
    assert "Retry-After" not in response
    assert "a bug" not in response.content.decode()


def test_an_error_raised_from_a_lost_connection_is_a_503(rf):
    from config.views import server_error

    request = rf.get("/")
    try:
        try:
            raise OperationalError("terminating connection due to administrator command")
        except OperationalError as error:
            raise RuntimeError("while reading the campaign") from error
    except RuntimeError:
        response = server_error(request)
    assert response.status_code == 503


def test_a_message_of_an_earlier_request_waits_for_the_next_page_that_works(rf):
    """The save before the outage said "Draft saved"; the page after it failed while
    showing that message: the message must not be lost with the failed page."""
    from django.contrib.messages import constants, get_messages
    from django.contrib.messages.storage.cookie import CookieStorage

    from config.views import service_unavailable

    earlier = rf.get("/")
    earlier._messages = CookieStorage(earlier)
    earlier._messages.add(constants.SUCCESS, "Brouillon enregistré.")
    carrier = service_unavailable(rf.get("/"))  # any response can carry the cookie
    earlier._messages.update(carrier)
    cookie = carrier.cookies[CookieStorage.cookie_name].value

    failed = rf.get("/")
    failed.COOKIES[CookieStorage.cookie_name] = cookie
    failed._messages = CookieStorage(failed)
    assert [str(m) for m in get_messages(failed)] == ["Brouillon enregistré."]  # shown, then
    failed._messages.add(constants.SUCCESS, "Réponse enregistrée.")  # queued, then the outage
    response = service_unavailable(failed)
    failed._messages.update(response)
    assert CookieStorage.cookie_name not in response.cookies  # the cookie is left as it was

    following = rf.get("/")
    following.COOKIES[CookieStorage.cookie_name] = cookie
    following._messages = CookieStorage(following)
    assert [str(m) for m in get_messages(following)] == ["Brouillon enregistré."]
