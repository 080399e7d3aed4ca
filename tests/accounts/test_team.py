import datetime

import pytest
from django.core import mail
from django.urls import reverse

from accounts.models import Invitation
from accounts.services import invitation_accept
from tests.accounts.conftest import link_in, only_mail_to
from tests.factories import MembershipFactory

pytestmark = pytest.mark.django_db


def _team(company) -> str:
    return reverse("signatories:team", args=[company.pk])


def _revoke(invitation) -> str:
    return reverse("signatories:invitation_revoke", args=[invitation.company_id, invitation.pk])


def test_the_urls_are_french(company_a):
    assert _team(company_a) == f"/espace/entreprises/{company_a.pk}/equipe/"
    assert (
        reverse("signatories:invitation_revoke", args=[company_a.pk, 7])
        == f"/espace/entreprises/{company_a.pk}/equipe/invitations/7/retirer/"
    )


def test_a_contributor_sees_the_team_the_pending_invitations_and_the_form(
    english, contributor_a, company_a, make_invitation
):
    MembershipFactory(company=company_a, user__email="colleague@example.org")
    make_invitation(email="pending@example.org", company=company_a, invited_by=contributor_a)
    make_invitation(
        email="expired@example.org", company=company_a, expires_in=datetime.timedelta(days=-1)
    )
    accepted, _token = make_invitation(email="accepted@example.org", company=company_a)
    invitation_accept(invitation=accepted, full_name="A", password="a-long-passphrase")
    english.force_login(contributor_a)

    response = english.get(_team(company_a))
    page = response.content.decode()
    assert response.status_code == 200
    assert "<h1>" in page and "Alpha Contact SAS" in page
    for email in ("a@example.org", "colleague@example.org", "accepted@example.org"):
        assert email in page
    assert [i.email for i in response.context["invitations"]] == ["pending@example.org"]
    assert "expired@example.org" not in page
    assert "Invite a colleague" in page
    assert 'name="email"' in page
    assert "csrfmiddlewaretoken" in page


def test_the_committee_reads_it_without_the_form_and_cannot_post(
    english, committee_member, admin_user, company_a, contributor_a, make_invitation
):
    invitation, _token = make_invitation(company=company_a)
    for reader in (committee_member, admin_user):
        english.force_login(reader)
        response = english.get(_team(company_a))
        page = response.content.decode()
        assert response.status_code == 200
        assert "a@example.org" in page
        assert response.context["form"] is None
        assert 'name="email"' not in page
        assert _revoke(invitation) not in page
        assert english.post(_team(company_a), {"email": "x@example.org"}).status_code == 403
        assert english.post(_revoke(invitation)).status_code == 403
    assert Invitation.objects.pending().count() == 1


def test_an_outsider_gets_404(client, contributor_b, representative, company_a):
    for outsider in (contributor_b, representative):
        client.force_login(outsider)
        assert client.get(_team(company_a)).status_code == 404
    assert client.get(reverse("signatories:team", args=[999_999])).status_code == 404


def test_a_contributor_invites_a_colleague_who_receives_a_working_link(
    client, contributor_a, company_a, django_capture_on_commit_callbacks
):
    client.force_login(contributor_a)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            _team(company_a), {"email": "  Colleague@Example.org ", "language": "en"}
        )
    assert response.status_code == 302
    assert response["Location"] == _team(company_a)
    invitation = Invitation.objects.get()
    assert invitation.email == "colleague@example.org"
    assert invitation.company == company_a
    assert invitation.invited_by == contributor_a
    assert invitation.language == "en"

    message = only_mail_to("colleague@example.org")
    assert "Alpha Contact SAS" in message.subject
    assert message.alternatives[0][1] == "text/html"
    client.logout()
    response = client.get(link_in(message, "/invitation/"))
    assert response.status_code == 200
    assert response.context["invitation"] == invitation


def test_it_refuses_to_invite_a_contributor_again(client, contributor_a, company_a):
    client.force_login(contributor_a)
    response = client.post(_team(company_a), {"email": "A@example.org", "language": "fr"})
    assert response.status_code == 200
    assert response.context["form"].errors.as_data()["email"][0].code == "already_member"
    assert not Invitation.objects.exists()
    assert mail.outbox == []


def test_it_refuses_a_second_pending_invitation(client, contributor_a, company_a, make_invitation):
    make_invitation(email="colleague@example.org", company=company_a)
    client.force_login(contributor_a)
    response = client.post(_team(company_a), {"email": "colleague@example.org", "language": "fr"})
    assert response.status_code == 200
    assert response.context["form"].errors.as_data()["email"][0].code == "already_invited"
    assert 'value="colleague@example.org"' in response.content.decode()
    assert Invitation.objects.count() == 1


def test_an_expired_invitation_does_not_block_a_new_one(
    client, contributor_a, company_a, make_invitation
):
    make_invitation(
        email="colleague@example.org", company=company_a, expires_in=datetime.timedelta(days=-1)
    )
    client.force_login(contributor_a)
    response = client.post(_team(company_a), {"email": "colleague@example.org", "language": "fr"})
    assert response.status_code == 302
    assert Invitation.objects.pending().get().email == "colleague@example.org"


def test_an_invitation_to_another_company_does_not_block(
    client, contributor_a, company_a, company_b, make_invitation
):
    make_invitation(email="colleague@example.org", company=company_b)
    client.force_login(contributor_a)
    response = client.post(_team(company_a), {"email": "colleague@example.org", "language": "fr"})
    assert response.status_code == 302


@pytest.mark.parametrize(
    ("data", "field", "code"),
    [
        ({"email": "", "language": "fr"}, "email", "required"),
        ({"email": "not an address", "language": "fr"}, "email", "invalid"),
        ({"email": "x" * 10_000 + "@example.org", "language": "fr"}, "email", "max_length"),
        ({"email": "x@example.org", "language": "de"}, "language", "invalid_choice"),
    ],
)
def test_it_refuses_a_bad_invitation_beside_the_field(
    client, contributor_a, company_a, data, field, code
):
    client.force_login(contributor_a)
    response = client.post(_team(company_a), data)
    assert response.status_code == 200
    assert code in {e.code for e in response.context["form"].errors.as_data()[field]}
    assert not Invitation.objects.exists()


def test_markup_typed_in_the_address_is_shown_escaped(client, contributor_a, company_a):
    client.force_login(contributor_a)
    response = client.post(_team(company_a), {"email": "<script>x</script>", "language": "fr"})
    page = response.content.decode()
    assert "<script>x</script>" not in page
    assert "&lt;script&gt;x&lt;/script&gt;" in page


def test_a_contributor_revokes_a_pending_invitation(
    english, contributor_a, company_a, make_invitation
):
    invitation, token = make_invitation(company=company_a)
    english.force_login(contributor_a)
    response = english.post(_revoke(invitation), follow=True)
    assert response.redirect_chain == [(_team(company_a), 302)]
    assert "is revoked" in response.content.decode()
    invitation.refresh_from_db()
    assert invitation.revoked_at is not None
    english.logout()
    assert english.get(reverse("accounts:invitation_accept", args=[token])).status_code == 410


def test_revoking_twice_says_so_and_changes_nothing(
    english, contributor_a, company_a, make_invitation
):
    invitation, _token = make_invitation(company=company_a)
    english.force_login(contributor_a)
    english.post(_revoke(invitation))
    invitation.refresh_from_db()
    first = invitation.revoked_at
    response = english.post(_revoke(invitation), follow=True)
    assert "was already revoked" in response.content.decode()
    invitation.refresh_from_db()
    assert invitation.revoked_at == first


def test_revoke_is_post_only(client, contributor_a, company_a, make_invitation):
    invitation, _token = make_invitation(company=company_a)
    client.force_login(contributor_a)
    assert client.get(_revoke(invitation)).status_code == 405
    invitation.refresh_from_db()
    assert invitation.revoked_at is None


def test_an_invitation_of_another_company_cannot_be_revoked(
    client, contributor_a, company_a, company_b, make_invitation
):
    invitation, _token = make_invitation(company=company_b)
    client.force_login(contributor_a)
    url = reverse("signatories:invitation_revoke", args=[company_a.pk, invitation.pk])
    assert client.post(url).status_code == 404
    assert client.post(_revoke(invitation)).status_code == 404
    invitation.refresh_from_db()
    assert invitation.revoked_at is None


def test_too_many_invitations_from_one_account_are_refused_and_nothing_is_sent(
    client, contributor_a, company_a, django_capture_on_commit_callbacks, settings
):
    settings.EMAIL_LIMIT_PER_ACCOUNT = "2/h"
    client.force_login(contributor_a)
    for number in range(2):
        # From another network each time: the account's own budget is what runs out.
        client.defaults["REMOTE_ADDR"] = f"192.0.2.{number + 1}"
        with django_capture_on_commit_callbacks(execute=True):
            response = client.post(
                _team(company_a), {"email": f"c{number}@example.org", "language": "fr"}
            )
        assert response.status_code == 302
    mail.outbox.clear()

    client.defaults["REMOTE_ADDR"] = "192.0.2.9"
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(_team(company_a), {"email": "third@example.org", "language": "fr"})
    assert response.status_code == 429
    assert response["Retry-After"]
    page = response.content.decode()
    assert "rien n’a été envoyé" in page
    assert 'value="third@example.org"' in page
    assert mail.outbox == []
    assert not Invitation.objects.filter(email="third@example.org").exists()
