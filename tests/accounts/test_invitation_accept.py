import datetime

import pytest
from django.urls import reverse

from accounts.models import Invitation, Membership, User
from accounts.services import invitation_revoke
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db
PASSWORD = "a-long-passphrase-2010"


def _url(token: str) -> str:
    return reverse("accounts:invitation_accept", args=[token])


def _signup(client, token: str, **fields):
    data = {"full_name": "Nour Haddad", "password1": PASSWORD, "password2": PASSWORD, **fields}
    return client.post(_url(token), data)


def test_the_url_is_french():
    assert _url("abc") == "/invitation/abc/"


def test_an_unknown_link_says_so_with_404(english):
    response = english.get(_url("no-such-token"))
    assert response.status_code == 404
    assert "We do not know this link" in response.content.decode()


def test_an_expired_link_says_so_with_410(english, make_invitation, company_a):
    _invitation, token = make_invitation(
        company=company_a, expires_in=datetime.timedelta(minutes=-1)
    )
    response = english.get(_url(token))
    assert response.status_code == 410
    assert "This invitation expired on" in response.content.decode()
    assert _signup(english, token).status_code == 410
    assert not User.objects.filter(email="new@example.org").exists()


def test_a_revoked_link_says_so_with_410(english, make_invitation, company_a, contributor_a):
    invitation, token = make_invitation(company=company_a)
    invitation_revoke(invitation=invitation, by=contributor_a)
    response = english.get(_url(token))
    assert response.status_code == 410
    assert "This invitation was withdrawn" in response.content.decode()


def test_a_new_person_creates_the_account_logs_in_and_lands_in_the_space(
    english, make_invitation, company_a, contributor_a
):
    invitation, token = make_invitation(company=company_a, invited_by=contributor_a, language="en")
    response = english.get(_url(token))
    page = response.content.decode()
    assert response.status_code == 200
    assert "Alpha Contact SAS" in page
    assert 'value="new@example.org"' in page
    assert response.context["form"].fields["email"].disabled

    response = _signup(english, token)
    assert response.status_code == 302
    assert response["Location"] == reverse("followup:space")
    user = User.objects.get(email="new@example.org")
    assert user.full_name == "Nour Haddad"
    assert user.check_password(PASSWORD)
    assert Membership.objects.filter(user=user, company=company_a).exists()
    assert english.get(reverse("accounts:password_change")).status_code == 200  # logged in
    invitation.refresh_from_db()
    assert invitation.accepted_by == user

    # The link works once. (Logging out also forgets the language: the page is French.)
    english.logout()
    response = english.get(_url(token))
    assert response.status_code == 410
    assert "déjà été acceptée" in response.content.decode()


def test_the_read_only_address_cannot_be_changed(client, make_invitation, company_a):
    _invitation, token = make_invitation(company=company_a)
    _signup(client, token, email="attacker@example.org")
    assert User.objects.filter(email="new@example.org").exists()
    assert not User.objects.filter(email="attacker@example.org").exists()


def test_passwords_must_match_and_pass_the_validators(client, make_invitation, company_a):
    _invitation, token = make_invitation(company=company_a)
    response = _signup(client, token, password2="something-else-entirely")
    assert response.status_code == 200
    assert response.context["form"].errors.as_data()["password2"][0].code == "password_mismatch"
    assert 'value="Nour Haddad"' in response.content.decode()

    response = _signup(client, token, password1="new@example.org", password2="new@example.org")
    codes = {e.code for e in response.context["form"].errors.as_data()["password2"]}
    assert "password_too_similar" in codes

    response = _signup(client, token, password1="1234", password2="1234")
    codes = {e.code for e in response.context["form"].errors.as_data()["password2"]}
    assert {"password_too_short", "password_entirely_numeric"} <= codes
    assert not User.objects.filter(email="new@example.org").exists()


def test_missing_fields_are_named(english, make_invitation, company_a):
    _invitation, token = make_invitation(company=company_a)
    response = english.post(_url(token), {})
    assert response.status_code == 200
    assert set(response.context["form"].errors) == {"full_name", "password1", "password2"}
    assert "The form has 3 errors to correct" in response.content.decode()


def test_a_name_with_markup_is_shown_escaped(client, make_invitation, company_a):
    _invitation, token = make_invitation(company=company_a)
    response = _signup(client, token, full_name="<script>alert(1)</script>", password2="x")
    page = response.content.decode()
    assert "<script>alert(1)</script>" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page


def test_a_very_long_name_is_refused(client, make_invitation, company_a):
    _invitation, token = make_invitation(company=company_a)
    response = _signup(client, token, full_name="A" * 10_000)
    assert response.status_code == 200
    assert response.context["form"].errors.as_data()["full_name"][0].code == "max_length"
    assert not User.objects.filter(email="new@example.org").exists()


@pytest.mark.parametrize("name", ["Zoé 🎧 Martin", "نور حداد", "נועה כהן"])
def test_emoji_and_right_to_left_names_are_kept(client, make_invitation, company_a, name):
    _invitation, token = make_invitation(company=company_a)
    assert _signup(client, token, full_name=name).status_code == 302
    assert User.objects.get(email="new@example.org").full_name == name


def test_someone_with_an_account_logs_in_then_confirms(
    english, make_invitation, company_a, contributor_b
):
    invitation, token = make_invitation(email=contributor_b.email, company=company_a)
    response = english.get(_url(token))
    assert response.status_code == 200
    login = reverse("accounts:login") + "?next=" + _url(token)
    assert f'href="{login}"' in response.content.decode()
    # A POST without logging in changes nothing: it goes to the login page.
    response = english.post(_url(token), {"full_name": "X", "password1": PASSWORD})
    assert response["Location"].startswith(reverse("accounts:login"))
    assert not contributor_b.memberships.filter(company=company_a).exists()

    response = english.post(
        login, {"username": contributor_b.email, "password": "correct-horse-battery"}
    )
    assert response["Location"] == _url(token)
    response = english.get(_url(token))
    assert response.status_code == 200
    assert "Accept the invitation" in response.content.decode()
    assert not contributor_b.memberships.filter(company=company_a).exists()  # not on GET

    response = english.post(_url(token))
    assert response["Location"] == reverse("followup:space")
    assert contributor_b.memberships.filter(company=company_a).exists()
    invitation.refresh_from_db()
    assert invitation.accepted_by == contributor_b


def test_the_address_matches_whatever_its_case(client, make_invitation, company_a):
    person = UserFactory(email="claire@example.org")
    _invitation, token = make_invitation(email="Claire@Example.org", company=company_a)
    client.force_login(person)
    assert client.post(_url(token)).status_code == 302
    assert person.memberships.filter(company=company_a).exists()


def test_logged_in_as_someone_else_it_says_so_and_changes_nothing(
    english, make_invitation, company_a, contributor_b
):
    _invitation, token = make_invitation(email="someone@example.org", company=company_a)
    english.force_login(contributor_b)
    for method in (english.get, english.post):
        response = method(_url(token))
        page = response.content.decode()
        assert response.status_code == 403
        assert "This invitation is for another account" in page
        assert "someone@example.org" in page
        assert "Alpha Contact SAS" not in page
    assert not contributor_b.memberships.filter(company=company_a).exists()
    assert Invitation.objects.pending().count() == 1


def test_each_link_gives_its_own_access(client, make_invitation, company_a):
    _first, first = make_invitation(email="one@example.org", company=company_a)
    _second, second = make_invitation(email="two@example.org", company=company_a)
    _signup(client, first)
    client.logout()
    _signup(client, second)
    assert set(
        Membership.objects.filter(company=company_a).values_list("user__email", flat=True)
    ) == {"one@example.org", "two@example.org"}
