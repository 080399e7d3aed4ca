"""An application with the SIREN of a company that withdrew: the committee is told, and the
former company's history is handed over only when the committee chooses so."""

import pytest
from django.core import mail
from django.urls import reverse

from accounts.models import Invitation, Membership
from followup.models import Report
from signatories import services
from signatories.models import AdhesionApplication, Company
from tests.factories import CompanyFactory, MembershipFactory, SiteFactory
from tests.signatories.test_application_services import BASE, SIREN, make_application

pytestmark = pytest.mark.django_db


@pytest.fixture
def former(db):
    company = CompanyFactory(siren=SIREN, status=Company.Status.WITHDRAWN, legal_name="Gamma 2012")
    SiteFactory(company=company, name="Roubaix", city="Roubaix")
    MembershipFactory(company=company, user__email="ancien@gamma.example")
    return company


@pytest.fixture
def english(client):
    client.cookies["django_language"] = "en"
    return client


def _accept(application) -> str:
    return reverse("signatories:application_accept", args=[application.pk])


def _detail(application) -> str:
    return reverse("signatories:application_detail", args=[application.pk])


def test_it_hands_nothing_over_without_the_committees_choice(
    committee_member, former, django_capture_on_commit_callbacks
):
    application = make_application()
    with (
        django_capture_on_commit_callbacks(execute=True),
        pytest.raises(services.ApplicationError) as error,
    ):
        services.application_accept(
            application=application, decided_by=committee_member, base_url=BASE
        )
    assert error.value.code == "former_choice_needed"
    application.refresh_from_db()
    former.refresh_from_db()
    assert application.status == AdhesionApplication.Status.PENDING
    assert former.status == Company.Status.WITHDRAWN
    assert not Invitation.objects.exists() and not mail.outbox


def test_a_new_record_starts_without_the_former_history(
    committee_member, former, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        company = services.application_accept(
            application=make_application(),
            decided_by=committee_member,
            base_url=BASE,
            former=services.Former.NEW,
        )
    assert company.pk != former.pk
    assert (company.siren, company.status) == (SIREN, Company.Status.ACTIVE)
    former.refresh_from_db()
    assert (former.status, former.legal_name) == (Company.Status.WITHDRAWN, "Gamma 2012")
    # Neither the former sites nor the former contributors come with the new record.
    assert sorted(company.sites.values_list("name", flat=True)) == ["Lille", "Tunis"]
    assert not Membership.objects.filter(company=company).exists()
    assert Invitation.objects.get().company == company
    assert not Report.objects.filter(company=company).exists()


def test_reactivating_hands_the_history_over(committee_member, former):
    company = services.application_accept(
        application=make_application(),
        decided_by=committee_member,
        base_url=BASE,
        former=services.Former.REACTIVATE,
    )
    assert company.pk == former.pk
    assert Membership.objects.filter(company=company).count() == 1
    assert "Roubaix" in company.sites.values_list("name", flat=True)


def test_the_page_tells_the_committee_and_links_the_former_company(
    english, committee_member, former
):
    application = make_application()
    english.force_login(committee_member)
    page = english.get(_detail(application)).content.decode()
    assert "withdrew from the charter" in page
    assert reverse("followup:company_follow_up", args=[former.pk]) in page
    assert f'value="{services.Former.REACTIVATE}"' in page
    assert f'value="{services.Former.NEW}"' in page


def test_accepting_from_the_page_asks_for_the_choice(english, committee_member, former):
    application = make_application()
    english.force_login(committee_member)
    response = english.post(_accept(application), follow=True)
    assert "choose whether it adheres again" in response.content.decode()
    application.refresh_from_db()
    assert application.status == AdhesionApplication.Status.PENDING
    assert Company.objects.filter(siren=SIREN).count() == 1


def test_accepting_from_the_page_with_a_new_record(client, committee_member, former):
    application = make_application()
    client.force_login(committee_member)
    response = client.post(_accept(application), {"former": services.Former.NEW})
    assert response.status_code == 302
    application.refresh_from_db()
    assert application.status == AdhesionApplication.Status.ACCEPTED
    assert application.company != former
    assert Company.objects.filter(siren=SIREN).count() == 2


def test_a_forged_choice_hands_nothing_over(client, committee_member, former):
    application = make_application()
    client.force_login(committee_member)
    client.post(_accept(application), {"former": "everything"})
    application.refresh_from_db()
    assert application.status == AdhesionApplication.Status.PENDING


def test_a_company_withdrawn_twice_offers_the_latest_record(committee_member, former):
    services.application_accept(
        application=make_application(),
        decided_by=committee_member,
        base_url=BASE,
        former=services.Former.NEW,
    )
    Company.objects.filter(siren=SIREN).update(status=Company.Status.WITHDRAWN)
    latest = Company.objects.filter(siren=SIREN).latest("pk")
    assert services.former_company(SIREN) == latest
    company = services.application_accept(
        application=make_application(),
        decided_by=committee_member,
        base_url=BASE,
        former=services.Former.REACTIVATE,
    )
    assert company == latest


def test_the_record_holding_a_siren_is_the_one_that_has_not_withdrawn(committee_member, former):
    assert Company.objects.holding_siren(SIREN) == former
    company = services.application_accept(
        application=make_application(),
        decided_by=committee_member,
        base_url=BASE,
        former=services.Former.NEW,
    )
    assert Company.objects.holding_siren(SIREN) == company
    assert services.former_company(SIREN) is None
    assert Company.objects.holding_siren("732829320") is None
