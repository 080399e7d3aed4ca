"""Every URL of the accounts app, tried as every role."""

import pytest
from django.urls import reverse

from accounts.models import Invitation
from tests.permissions import LOGIN, walk

pytestmark = pytest.mark.django_db

EVERYONE = ["anonymous", "contributor_a", "contributor_b", "representative", "committee", "admin"]
HIDDEN = "Alpha Contact SAS"


def _all(outcome) -> dict:
    return dict.fromkeys(EVERYONE, outcome)


def _logged_in(outcome) -> dict:
    return {"anonymous": LOGIN, **dict.fromkeys(EVERYONE[1:], outcome)}


@pytest.mark.parametrize(
    "name",
    ["accounts:password_reset", "accounts:password_reset_done", "accounts:password_reset_complete"],
)
def test_the_password_reset_pages_are_open_to_all(client, roles, name):
    walk(client, roles, "GET", reverse(name), _all(200))


def test_a_password_reset_link_is_open_to_all(client, roles):
    url = reverse("accounts:password_reset_confirm", args=["MQ", "bad-token"])
    walk(client, roles, "GET", url, _all(200))


def test_the_password_reset_post_answers_all_the_same(client, roles, settings):
    # Six posts for one address: room enough under the limits on e-mail.
    settings.EMAIL_LIMIT_PER_ADDRESS = settings.EMAIL_LIMIT_PER_CLIENT = "10/h"
    url = reverse("accounts:password_reset")
    walk(client, roles, "POST", url, _all(302), data={"email": "a@example.org"})


@pytest.mark.parametrize("name", ["accounts:password_change", "accounts:password_change_done"])
def test_the_password_change_pages_need_a_login(client, roles, name):
    walk(client, roles, "GET", reverse(name), _logged_in(200))


def test_an_invitation_link_is_for_its_addressee(client, roles, make_invitation, company_a):
    _invitation, token = make_invitation(email="new@example.org", company=company_a)
    url = reverse("accounts:invitation_accept", args=[token])
    # Anonymous: the form to create the account; every logged-in role is someone else.
    expected = {"anonymous": 200, **dict.fromkeys(EVERYONE[1:], 403)}
    walk(client, roles, "GET", url, expected, hidden=HIDDEN)
    walk(client, roles, "POST", url, dict(expected, anonymous=200), hidden=HIDDEN)
    assert Invitation.objects.pending().count() == 1


def test_an_unknown_invitation_link_is_404_for_all(client, roles):
    url = reverse("accounts:invitation_accept", args=["unknown"])
    walk(client, roles, "GET", url, _all(404))
    walk(client, roles, "POST", url, _all(404))


def test_the_team_page(client, roles, company_a):
    url = reverse("signatories:team", args=[company_a.pk])
    expected = {
        "anonymous": LOGIN,
        "contributor_a": 200,
        "contributor_b": 404,
        "representative": 404,
        "committee": 200,
        "admin": 200,
    }
    walk(client, roles, "GET", url, expected, hidden=HIDDEN)
    expected |= {"contributor_a": 302, "committee": 403, "admin": 403}
    data = {"email": "colleague@example.org", "language": "fr"}
    walk(client, roles, "POST", url, expected, data=data, hidden=HIDDEN)
    assert Invitation.objects.get().invited_by == roles["contributor_a"]


def test_the_team_page_of_a_company_that_does_not_exist(client, roles):
    url = reverse("signatories:team", args=[999_999])
    walk(client, roles, "GET", url, _logged_in(404))


def test_revoking_an_invitation(client, roles, company_a, make_invitation):
    invitation, _token = make_invitation(company=company_a)
    url = reverse("signatories:invitation_revoke", args=[company_a.pk, invitation.pk])
    walk(client, roles, "GET", url, _logged_in(405), hidden=HIDDEN)
    expected = {
        "anonymous": LOGIN,
        "contributor_b": 404,
        "representative": 404,
        "committee": 403,
        "admin": 403,
    }
    walk(client, roles, "POST", url, expected, hidden=HIDDEN)
    invitation.refresh_from_db()
    assert invitation.revoked_at is None
    walk(client, roles, "POST", url, {"contributor_a": 302})
    invitation.refresh_from_db()
    assert invitation.revoked_at is not None
