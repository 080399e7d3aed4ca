import datetime

import pytest
from django.core import mail
from django.utils import timezone

from accounts.models import Invitation
from signatories import services
from signatories.models import AdhesionApplication, Company
from tests.accounts.conftest import link_in
from tests.factories import CompanyFactory, MembershipFactory, SiteFactory

pytestmark = pytest.mark.django_db
BASE = "https://charte.example.org"
SIREN = "552100554"


def make_application(**fields) -> AdhesionApplication:
    defaults = {
        "legal_name": "Gamma Appels SAS",
        "siren": SIREN,
        "kind": "outsourcer",
        "federation": "sp2c",
        "contact_name": "Léa Martin",
        "contact_email": "lea@gamma.example",
        "language": "en",
        "sites": [
            {"name": "Lille", "city": "Lille", "country": "FR", "seats": 120, "headcount": 150},
            {"name": "Tunis", "city": "Tunis", "country": "TN", "seats": 80, "headcount": 95},
        ],
    }
    return AdhesionApplication.objects.create(**(defaults | fields))


def _accept(captured, application, by, former=""):
    with captured(execute=True):
        return services.application_accept(
            application=application, decided_by=by, base_url=BASE, former=former
        )


def test_accepting_creates_the_company_its_sites_and_invites_the_contact(
    client, django_capture_on_commit_callbacks, committee_member
):
    application = make_application()
    company = _accept(django_capture_on_commit_callbacks, application, committee_member)

    assert company.legal_name == "Gamma Appels SAS"
    assert (company.siren, company.kind, company.federation) == (SIREN, "outsourcer", "sp2c")
    assert company.status == Company.Status.ACTIVE
    assert company.adhered_on == timezone.localdate()
    assert sorted(company.sites.values_list("name", "country", "seats", "headcount")) == [
        ("Lille", "FR", 120, 150),
        ("Tunis", "TN", 80, 95),
    ]
    application.refresh_from_db()
    assert application.status == AdhesionApplication.Status.ACCEPTED
    assert application.company == company
    assert application.decided_by == committee_member
    assert application.decided_at is not None

    invitation = Invitation.objects.get()
    assert (invitation.email, invitation.company) == ("lea@gamma.example", company)
    assert invitation.invited_by == committee_member
    assert invitation.language == "en"

    accepted, invited = mail.outbox  # the news first, then the link it announces
    assert accepted.to == invited.to == ["lea@gamma.example"]
    assert accepted.subject == "Gamma Appels SAS adheres to the customer-relations charter"
    assert "A second e-mail" in accepted.body
    assert accepted.alternatives[0][1] == invited.alternatives[0][1] == "text/html"
    response = client.get(link_in(invited, "/invitation/"))
    assert response.status_code == 200
    assert response.context["invitation"] == invitation


@pytest.mark.parametrize("status", [Company.Status.APPLICANT, Company.Status.WITHDRAWN])
def test_accepting_reactivates_the_company_with_this_siren(
    django_capture_on_commit_callbacks, committee_member, status
):
    old = CompanyFactory(siren=SIREN, status=status, legal_name="Gamma (ancien)", adhered_on=None)
    SiteFactory(company=old, name="Lille", city="LILLE")
    company = _accept(
        django_capture_on_commit_callbacks,
        make_application(),
        committee_member,
        former=services.Former.REACTIVATE,
    )
    assert company.pk == old.pk
    assert Company.objects.filter(siren=SIREN).count() == 1
    assert company.status == Company.Status.ACTIVE
    assert company.legal_name == "Gamma Appels SAS"
    assert company.adhered_on == timezone.localdate()
    # The site already recorded is not added twice.
    assert sorted(company.sites.values_list("name", flat=True)) == ["Lille", "Tunis"]


@pytest.mark.parametrize("status", [Company.Status.ACTIVE, Company.Status.SUSPENDED])
def test_it_cannot_accept_when_the_company_already_adheres(
    django_capture_on_commit_callbacks, committee_member, status
):
    CompanyFactory(siren=SIREN, status=status)
    application = make_application()
    with pytest.raises(services.ApplicationError) as error:
        _accept(django_capture_on_commit_callbacks, application, committee_member)
    assert error.value.code == "already_adheres"
    application.refresh_from_db()
    assert application.status == AdhesionApplication.Status.PENDING
    assert not Invitation.objects.exists()
    assert mail.outbox == []


def test_an_application_is_decided_once(django_capture_on_commit_callbacks, committee_member):
    application = make_application()
    _accept(django_capture_on_commit_callbacks, application, committee_member)
    mail.outbox.clear()
    stale = AdhesionApplication.objects.get(pk=application.pk)
    stale.status = AdhesionApplication.Status.PENDING  # a copy loaded before the decision
    for decide in (
        lambda: services.application_accept(
            application=stale, decided_by=committee_member, base_url=BASE
        ),
        lambda: services.application_refuse(
            application=stale, decided_by=committee_member, reason="Non."
        ),
    ):
        with pytest.raises(services.ApplicationError) as error:
            decide()
        assert error.value.code == "already_decided"
    application.refresh_from_db()
    assert application.status == AdhesionApplication.Status.ACCEPTED
    assert application.refusal_reason == ""
    assert Company.objects.filter(siren=SIREN).count() == 1
    assert Invitation.objects.count() == 1
    assert mail.outbox == []


def test_refusing_records_the_reason_and_tells_the_contact(
    django_capture_on_commit_callbacks, committee_member
):
    application = make_application()
    reason = "Le SIREN ne correspond pas à un centre de contacts.\nMerci de préciser."
    with django_capture_on_commit_callbacks(execute=True):
        services.application_refuse(
            application=application, decided_by=committee_member, reason=reason
        )
    application.refresh_from_db()
    assert application.status == AdhesionApplication.Status.REFUSED
    assert application.refusal_reason == reason
    assert application.decided_by == committee_member
    assert application.company is None
    assert not Company.objects.filter(siren=SIREN).exists()
    [message] = mail.outbox
    assert message.to == ["lea@gamma.example"]
    assert "Gamma Appels SAS" in message.subject
    assert reason in message.body
    assert "Merci de préciser." in message.alternatives[0][0]


def test_a_contact_who_already_reports_is_not_invited_again(
    django_capture_on_commit_callbacks, committee_member
):
    old = CompanyFactory(siren=SIREN, status=Company.Status.WITHDRAWN)
    MembershipFactory(company=old, user__email="lea@gamma.example")
    _accept(
        django_capture_on_commit_callbacks,
        make_application(),
        committee_member,
        former=services.Former.REACTIVATE,
    )
    assert not Invitation.objects.exists()
    [accepted] = mail.outbox
    assert "You already report for the company" in accepted.body


def test_an_earlier_invitation_gives_way_to_the_new_one(
    django_capture_on_commit_callbacks, committee_member
):
    old = CompanyFactory(siren=SIREN, status=Company.Status.APPLICANT, adhered_on=None)
    earlier = Invitation.objects.create(
        email="lea@gamma.example",
        company=old,
        token_digest="0" * 64,
        expires_at=timezone.now() + datetime.timedelta(days=1),
    )
    _accept(django_capture_on_commit_callbacks, make_application(), committee_member)
    earlier.refresh_from_db()
    assert earlier.revoked_at is not None
    assert Invitation.objects.pending().count() == 1


def test_the_invitation_expires_after_the_configured_days(
    django_capture_on_commit_callbacks, committee_member, settings
):
    settings.INVITATION_VALID_DAYS = 14
    _accept(django_capture_on_commit_callbacks, make_application(), committee_member)
    remaining = Invitation.objects.get().expires_at - timezone.now()
    assert datetime.timedelta(days=13) < remaining <= datetime.timedelta(days=14)
