"""Every URL of the adhesion applications, tried as every role."""

import pytest
from django.urls import reverse

from signatories.models import AdhesionApplication
from tests.permissions import LOGIN, walk
from tests.signatories.test_application_services import make_application

pytestmark = pytest.mark.django_db

EVERYONE = ["anonymous", "contributor_a", "contributor_b", "representative", "committee", "admin"]
COMMITTEE_ONLY = {
    "anonymous": LOGIN,
    "contributor_a": 403,
    "contributor_b": 403,
    "representative": 403,
    "committee": 200,
    "admin": 200,
}


@pytest.mark.parametrize("name", ["signatories:application_create", "signatories:application_done"])
def test_the_public_pages_are_open_to_all(client, roles, name):
    walk(client, roles, "GET", reverse(name), dict.fromkeys(EVERYONE, 200))


def test_the_list_is_for_the_committee(client, roles):
    make_application(legal_name="Gamma secret SAS")
    url = reverse("signatories:application_list")
    walk(client, roles, "GET", url, COMMITTEE_ONLY, hidden="Gamma secret SAS")


def test_the_detail_is_for_the_committee(client, roles):
    application = make_application(legal_name="Gamma secret SAS")
    url = reverse("signatories:application_detail", args=[application.pk])
    walk(client, roles, "GET", url, COMMITTEE_ONLY, hidden="Gamma secret SAS")
    missing = reverse("signatories:application_detail", args=[999_999])
    walk(client, roles, "GET", missing, COMMITTEE_ONLY | {"committee": 404, "admin": 404})


@pytest.mark.parametrize(
    ("name", "data"),
    [
        ("signatories:application_accept", {}),
        ("signatories:application_refuse", {"reason": "Non."}),
    ],
)
def test_the_decisions_are_for_the_committee(client, roles, name, data):
    application = make_application(legal_name="Gamma secret SAS")
    url = reverse(name, args=[application.pk])
    outsiders = {k: v for k, v in COMMITTEE_ONLY.items() if v != 200}
    walk(client, roles, "GET", url, outsiders | {"committee": 405, "admin": 405})
    walk(client, roles, "POST", url, outsiders, data=data, hidden="Gamma secret SAS")
    application.refresh_from_db()
    assert application.status == AdhesionApplication.Status.PENDING
    walk(client, roles, "POST", url, {"committee": 302, "admin": 302}, data=data)
    application.refresh_from_db()
    assert application.status != AdhesionApplication.Status.PENDING
