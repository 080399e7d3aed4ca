import datetime
import hashlib

import pytest
from django.core import mail
from django.utils import timezone

from accounts.models import Invitation, Membership, SignatoryRepresentative, User
from accounts.services import (
    InvitationError,
    invitation_accept,
    invitation_create,
    invitation_from_token,
    invitation_revoke,
)
from signatories.models import Signatory
from tests.accounts.conftest import link_in

pytestmark = pytest.mark.django_db
BASE = "https://charte.example.org"


def _create(django_capture_on_commit_callbacks, **fields) -> Invitation:
    fields = {"email": "New@Example.org", "language": "en", "base_url": BASE, **fields}
    with django_capture_on_commit_callbacks(execute=True):
        return invitation_create(**fields)


def _token_of(message) -> str:
    return link_in(message, "/invitation/").split("/")[2]


def test_it_stores_only_the_digest_and_e_mails_the_link(
    django_capture_on_commit_callbacks, company_a, contributor_a, settings
):
    settings.INVITATION_VALID_DAYS = 3
    invitation = _create(
        django_capture_on_commit_callbacks, company=company_a, invited_by=contributor_a
    )
    assert invitation.email == "new@example.org"
    assert invitation.invited_by == contributor_a
    remaining = invitation.expires_at - timezone.now()
    assert datetime.timedelta(days=2, hours=23) < remaining <= datetime.timedelta(days=3)

    [message] = mail.outbox
    assert message.to == ["new@example.org"]
    assert message.subject == "Invitation to report for Alpha Contact SAS on the charter tracker"
    assert message.alternatives[0][1] == "text/html"
    assert f"{BASE}/invitation/" in message.body
    token = _token_of(message)
    assert len(token) >= 43
    assert invitation.token_digest == hashlib.sha256(token.encode()).hexdigest()
    stored = Invitation.objects.filter(pk=invitation.pk).values().get()
    assert token not in {str(value) for value in stored.values()}
    assert invitation_from_token(token) == invitation


def test_the_e_mail_leaves_only_when_the_transaction_commits(company_a, contributor_a):
    # Inside the test's transaction, nothing has been committed yet.
    invitation_create(
        email="new@example.org",
        company=company_a,
        invited_by=contributor_a,
        language="fr",
        base_url=BASE,
    )
    assert mail.outbox == []


def test_the_e_mail_is_in_the_invitation_s_language(
    django_capture_on_commit_callbacks, company_a, contributor_a
):
    _create(
        django_capture_on_commit_callbacks,
        company=company_a,
        invited_by=contributor_a,
        language="fr",
    )
    assert 'lang="fr"' in mail.outbox[0].alternatives[0][0]


def test_an_invitation_must_give_access_to_something(contributor_a):
    with pytest.raises(InvitationError) as error:
        invitation_create(
            email="x@example.org", invited_by=contributor_a, language="fr", base_url=BASE
        )
    assert error.value.code == "nothing_granted"
    assert not Invitation.objects.exists()


@pytest.mark.parametrize("token", ["", "unknown", "x" * 10_000])
def test_an_unknown_token_finds_nothing(token, make_invitation, company_a):
    make_invitation(company=company_a)
    assert invitation_from_token(token) is None


def test_accepting_creates_the_account_and_the_membership(make_invitation, company_a):
    invitation, _token = make_invitation(email="new@example.org", company=company_a, language="en")
    user = invitation_accept(
        invitation=invitation, full_name="Nour Haddad", password="a-long-passphrase"
    )
    assert user.email == "new@example.org"
    assert user.full_name == "Nour Haddad"
    assert user.language == "en"
    assert user.check_password("a-long-passphrase")
    assert Membership.objects.filter(user=user, company=company_a).exists()
    invitation.refresh_from_db()
    assert invitation.accepted_by == user
    assert invitation.accepted_at is not None


def test_a_link_works_once(make_invitation, company_a):
    invitation, _token = make_invitation(company=company_a)
    invitation_accept(invitation=invitation, full_name="A", password="a-long-passphrase")
    with pytest.raises(InvitationError) as error:
        invitation_accept(
            invitation=Invitation.objects.get(pk=invitation.pk),
            full_name="B",
            password="another-passphrase",
        )
    assert error.value.code == "used"
    assert User.objects.filter(email="new@example.org").count() == 1


def test_an_existing_account_gets_every_access_granted(make_invitation, company_a):
    sp2c = Signatory.objects.get(acronym="SP2C")
    person = User.objects.create_user("someone@example.org", "pw-irrelevant-here")
    invitation, _token = make_invitation(
        email="someone@example.org", company=company_a, signatory=sp2c, as_committee_member=True
    )
    assert invitation_accept(invitation=invitation, user=person) == person
    person.refresh_from_db()
    assert person.is_committee_member
    assert Membership.objects.filter(user=person, company=company_a).exists()
    assert SignatoryRepresentative.objects.filter(user=person, signatory=sp2c).exists()


def test_accepting_twice_the_same_company_does_not_duplicate(make_invitation, contributor_a):
    company = contributor_a.memberships.get().company
    invitation, _token = make_invitation(email=contributor_a.email, company=company)
    invitation_accept(invitation=invitation, user=contributor_a)
    assert contributor_a.memberships.count() == 1


def test_without_a_user_it_refuses_an_address_that_has_an_account(make_invitation, company_a):
    User.objects.create_user("someone@example.org", "pw-irrelevant-here")
    invitation, _token = make_invitation(email="someone@example.org", company=company_a)
    with pytest.raises(InvitationError) as error:
        invitation_accept(invitation=invitation, full_name="Intruder", password="a-passphrase")
    assert error.value.code == "account_exists"
    invitation.refresh_from_db()
    assert invitation.accepted_at is None
    assert not Membership.objects.filter(company=company_a).exists()


def test_it_refuses_another_account(make_invitation, company_a, contributor_b):
    invitation, _token = make_invitation(email="someone@example.org", company=company_a)
    with pytest.raises(InvitationError) as error:
        invitation_accept(invitation=invitation, user=contributor_b)
    assert error.value.code == "wrong_account"
    assert not contributor_b.memberships.filter(company=company_a).exists()


def test_it_refuses_an_expired_or_revoked_invitation(make_invitation, company_a, contributor_a):
    expired, _token = make_invitation(company=company_a, expires_in=datetime.timedelta(seconds=-1))
    with pytest.raises(InvitationError) as error:
        invitation_accept(invitation=expired, full_name="A", password="a-long-passphrase")
    assert error.value.code == "expired"

    revoked, _token = make_invitation(email="other@example.org", company=company_a)
    invitation_revoke(invitation=revoked, by=contributor_a)
    with pytest.raises(InvitationError) as error:
        invitation_accept(invitation=revoked, full_name="A", password="a-long-passphrase")
    assert error.value.code == "revoked"
    assert not User.objects.filter(email__in=["new@example.org", "other@example.org"]).exists()


def test_revoking_marks_it_once(make_invitation, company_a, contributor_a):
    invitation, _token = make_invitation(company=company_a)
    invitation_revoke(invitation=invitation, by=contributor_a)
    invitation.refresh_from_db()
    revoked_at = invitation.revoked_at
    assert revoked_at is not None
    assert not Invitation.objects.pending().exists()
    with pytest.raises(InvitationError) as error:
        invitation_revoke(invitation=invitation, by=contributor_a)
    assert error.value.code == "revoked"
    invitation.refresh_from_db()
    assert invitation.revoked_at == revoked_at


def test_an_accepted_invitation_cannot_be_revoked(make_invitation, company_a, contributor_a):
    invitation, _token = make_invitation(company=company_a)
    invitation_accept(invitation=invitation, full_name="A", password="a-long-passphrase")
    with pytest.raises(InvitationError) as error:
        invitation_revoke(invitation=invitation, by=contributor_a)
    assert error.value.code == "used"
