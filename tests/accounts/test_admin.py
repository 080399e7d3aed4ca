import datetime

import pytest
from django.core import mail
from django.urls import reverse

from accounts.models import Invitation, SignatoryRepresentative
from signatories.models import Signatory
from tests.accounts.conftest import link_in, only_mail_to

pytestmark = pytest.mark.django_db
ADD = reverse("admin:accounts_invitation_add")
LIST = reverse("admin:accounts_invitation_changelist")


def test_the_add_form_has_no_token_field(client, admin_user):
    client.force_login(admin_user)
    response = client.get(ADD)
    assert response.status_code == 200
    form = response.context["adminform"].form
    assert list(form.fields) == ["email", "company", "signatory", "as_committee_member", "language"]
    assert "token_digest" not in response.content.decode()


def test_saving_the_add_form_sends_the_invitation(
    client, admin_user, company_a, django_capture_on_commit_callbacks
):
    client.force_login(admin_user)
    sp2c = Signatory.objects.get(acronym="SP2C")
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            ADD,
            {
                "email": "Someone@Example.org",
                "company": company_a.pk,
                "signatory": sp2c.pk,
                "as_committee_member": "on",
                "language": "en",
            },
        )
    assert response.status_code == 302
    invitation = Invitation.objects.get()
    assert invitation.email == "someone@example.org"
    assert (invitation.company, invitation.signatory) == (company_a, sp2c)
    assert invitation.as_committee_member
    assert invitation.invited_by == admin_user
    assert len(invitation.token_digest) == 64
    message = only_mail_to("someone@example.org")
    client.logout()
    assert client.get(link_in(message, "/invitation/")).status_code == 200


def test_the_add_form_wants_something_to_grant(client, admin_user):
    client.force_login(admin_user)
    response = client.post(ADD, {"email": "someone@example.org", "language": "fr"})
    assert response.status_code == 200
    assert response.context["adminform"].form.errors.as_data()["__all__"][0].code == (
        "nothing_granted"
    )
    assert not Invitation.objects.exists()
    assert mail.outbox == []


def test_the_add_form_refuses_a_contributor_already_there(client, admin_user, contributor_a):
    client.force_login(admin_user)
    company = contributor_a.memberships.get().company
    response = client.post(
        ADD, {"email": contributor_a.email, "company": company.pk, "language": "fr"}
    )
    assert response.status_code == 200
    assert response.context["adminform"].form.errors.as_data()["email"][0].code == (
        "already_member"
    )


def test_the_list_shows_the_state_and_filters_by_it(client, admin_user, make_invitation, company_a):
    make_invitation(email="pending@example.org", company=company_a)
    make_invitation(
        email="expired@example.org", company=company_a, expires_in=datetime.timedelta(days=-1)
    )
    client.force_login(admin_user)
    client.cookies["django_language"] = "en"
    page = client.get(LIST).content.decode()
    assert "pending@example.org" in page and "expired@example.org" in page
    assert "expired" in page and "pending" in page
    response = client.get(LIST, {"state": "expired"})
    assert [i.email for i in response.context["cl"].result_list] == ["expired@example.org"]
    for state in ("pending", "accepted", "revoked"):
        assert client.get(LIST, {"state": state}).status_code == 200


def test_the_action_revokes_pending_invitations_only(
    client, admin_user, make_invitation, company_a
):
    pending, _token = make_invitation(email="pending@example.org", company=company_a)
    expired, _token = make_invitation(
        email="expired@example.org", company=company_a, expires_in=datetime.timedelta(days=-1)
    )
    client.force_login(admin_user)
    response = client.post(
        LIST, {"action": "revoke", "_selected_action": [pending.pk, expired.pk]}, follow=True
    )
    assert response.status_code == 200
    pending.refresh_from_db()
    expired.refresh_from_db()
    assert pending.revoked_at is not None
    assert expired.revoked_at is None
    assert len(list(response.context["messages"])) == 2


def test_a_sent_invitation_opens_read_only(client, admin_user, make_invitation, company_a):
    invitation, _token = make_invitation(company=company_a)
    client.force_login(admin_user)
    url = reverse("admin:accounts_invitation_change", args=[invitation.pk])
    response = client.get(url)
    assert response.status_code == 200
    assert not response.context["has_change_permission"]
    assert client.post(url, {"email": "other@example.org"}).status_code == 403
    invitation.refresh_from_db()
    assert invitation.email == "new@example.org"


def test_the_representatives_are_in_the_admin(client, admin_user, representative):
    client.force_login(admin_user)
    response = client.get(reverse("admin:accounts_signatoryrepresentative_changelist"))
    assert response.status_code == 200
    assert representative.full_name in response.content.decode()
    link = SignatoryRepresentative.objects.get()
    url = reverse("admin:accounts_signatoryrepresentative_change", args=[link.pk])
    assert client.get(url).status_code == 200
    user_url = reverse("admin:accounts_user_change", args=[representative.pk])
    assert client.get(user_url).status_code == 200
