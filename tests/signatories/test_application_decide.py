"""The committee's pages: the list of applications, one application, accept, refuse."""

import datetime

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from signatories.models import AdhesionApplication, Company
from signatories.views import APPLICATIONS_PER_PAGE
from tests.factories import CompanyFactory, siren_for
from tests.signatories.test_application_services import SIREN, make_application

pytestmark = pytest.mark.django_db
LIST = reverse("signatories:application_list")


@pytest.fixture
def english(client):
    client.cookies["django_language"] = "en"
    return client


def _detail(application) -> str:
    return reverse("signatories:application_detail", args=[application.pk])


def _accept(application) -> str:
    return reverse("signatories:application_accept", args=[application.pk])


def _refuse(application) -> str:
    return reverse("signatories:application_refuse", args=[application.pk])


def test_the_urls_are_french():
    assert LIST == "/suivi/adhesions/"
    assert reverse("signatories:application_detail", args=[4]) == "/suivi/adhesions/4/"
    assert reverse("signatories:application_accept", args=[4]) == "/suivi/adhesions/4/accepter/"
    assert reverse("signatories:application_refuse", args=[4]) == "/suivi/adhesions/4/refuser/"


def test_the_list_puts_pending_applications_first(english, committee_member):
    now = timezone.now()
    older = make_application(legal_name="Older pending", siren=siren_for(901))
    newer = make_application(legal_name="Newer pending", siren=siren_for(902))
    decided_early = make_application(
        legal_name="Decided early", siren=siren_for(903), status="refused"
    )
    decided_late = make_application(
        legal_name="Decided late", siren=siren_for(904), status="accepted"
    )
    AdhesionApplication.objects.filter(pk=older.pk).update(created_at=now - datetime.timedelta(3))
    AdhesionApplication.objects.filter(pk=decided_early.pk).update(
        decided_at=now - datetime.timedelta(2)
    )
    AdhesionApplication.objects.filter(pk=decided_late.pk).update(
        decided_at=now - datetime.timedelta(1), decided_by=committee_member
    )
    english.force_login(committee_member)
    response = english.get(LIST)
    assert response.status_code == 200
    assert list(response.context["page"].object_list) == [
        older,
        newer,
        decided_late,
        decided_early,
    ]
    page = response.content.decode()
    assert "2 applications are waiting for a decision." in page
    assert "<caption>" in page and 'scope="col"' in page
    assert _detail(older) in page


def test_the_list_is_paginated(client, committee_member):
    for number in range(APPLICATIONS_PER_PAGE + 1):
        make_application(siren=siren_for(1000 + number))
    client.force_login(committee_member)
    first = client.get(LIST)
    assert len(first.context["page"].object_list) == APPLICATIONS_PER_PAGE
    second = client.get(LIST, {"page": 2})
    assert len(second.context["page"].object_list) == 1
    assert client.get(LIST, {"page": "nonsense"}).status_code == 200


def test_the_list_costs_a_fixed_number_of_queries(
    client, committee_member, django_assert_num_queries
):
    for number in range(5):
        make_application(siren=siren_for(1000 + number), status="accepted")
    client.force_login(committee_member)
    client.get(LIST)  # warm the session
    # session, user, savepoint, count, page, pending count, release
    with django_assert_num_queries(7):
        client.get(LIST)


def test_an_empty_list_says_so(english, committee_member):
    english.force_login(committee_member)
    assert "No company has applied yet." in english.get(LIST).content.decode()


def test_the_detail_shows_the_application_and_the_decision_forms(english, committee_member):
    application = make_application(message="Nous avons\ndeux sites.")
    english.force_login(committee_member)
    response = english.get(_detail(application))
    page = response.content.decode()
    assert response.status_code == 200
    for text in ("Gamma Appels SAS", SIREN, "lea@gamma.example", "Tunisia", "deux sites."):
        assert text in page
    assert f'action="{_accept(application)}"' in page
    assert f'action="{_refuse(application)}"' in page
    assert page.count("csrfmiddlewaretoken") >= 3  # logout, accept, refuse


def test_the_detail_warns_of_a_company_with_the_same_siren(english, committee_member):
    CompanyFactory(siren=SIREN, status=Company.Status.APPLICANT, adhered_on=None)
    application = make_application()
    english.force_login(committee_member)
    page = english.get(_detail(application)).content.decode()
    assert "Accepting reactivates it" in page


def test_an_unknown_application_is_404(client, committee_member):
    client.force_login(committee_member)
    assert client.get(reverse("signatories:application_detail", args=[999_999])).status_code == 404


def test_accepting_from_the_page(english, committee_member, django_capture_on_commit_callbacks):
    application = make_application()
    english.force_login(committee_member)
    with django_capture_on_commit_callbacks(execute=True):
        response = english.post(_accept(application))
    assert response.status_code == 302
    assert response["Location"] == _detail(application)
    application.refresh_from_db()
    assert application.status == AdhesionApplication.Status.ACCEPTED
    assert application.company.status == Company.Status.ACTIVE
    assert len(mail.outbox) == 2
    page = english.get(_detail(application)).content.decode()
    assert "adheres to the charter from today" in page
    assert f'action="{_accept(application)}"' not in page  # decided: no more buttons


def test_refusing_needs_a_reason(english, committee_member):
    application = make_application()
    english.force_login(committee_member)
    response = english.post(_refuse(application), {"reason": "   "})
    assert response.status_code == 200
    assert response.context["refusal_form"].errors.as_data()["reason"][0].code == "required"
    assert 'class="error-summary"' in response.content.decode()
    application.refresh_from_db()
    assert application.status == AdhesionApplication.Status.PENDING


def test_an_over_long_reason_is_refused_and_kept(client, committee_member):
    application = make_application()
    client.force_login(committee_member)
    response = client.post(_refuse(application), {"reason": "x" * 10_000})
    assert response.context["refusal_form"].errors.as_data()["reason"][0].code == "max_length"
    assert "x" * 10_000 in response.content.decode()
    application.refresh_from_db()
    assert application.status == AdhesionApplication.Status.PENDING


def test_refusing_from_the_page(client, committee_member, django_capture_on_commit_callbacks):
    application = make_application()
    client.force_login(committee_member)
    reason = "<b>Hors champ</b> 🙏 خارج النطاق"
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(_refuse(application), {"reason": reason})
    assert response["Location"] == _detail(application)
    application.refresh_from_db()
    assert application.status == AdhesionApplication.Status.REFUSED
    assert application.refusal_reason == reason
    [message] = mail.outbox
    assert reason in message.body
    assert "&lt;b&gt;Hors champ&lt;/b&gt;" in message.alternatives[0][0]
    page = client.get(_detail(application)).content.decode()
    assert "&lt;b&gt;Hors champ&lt;/b&gt; 🙏 خارج النطاق" in page


def test_deciding_twice_is_refused_with_a_message(english, committee_member, admin_user):
    application = make_application()
    english.force_login(committee_member)
    english.post(_refuse(application), {"reason": "Hors champ."})
    mail.outbox.clear()
    english.force_login(admin_user)
    for url, data in ((_accept(application), {}), (_refuse(application), {"reason": "Autre."})):
        response = english.post(url, data, follow=True)
        assert "This application was already decided; nothing was changed." in (
            response.content.decode()
        )
    application.refresh_from_db()
    assert (application.status, application.refusal_reason) == ("refused", "Hors champ.")
    assert application.decided_by == committee_member
    assert not Company.objects.filter(siren=SIREN).exists()


def test_accepting_when_the_company_already_adheres_says_so(english, committee_member):
    application = make_application()
    CompanyFactory(siren=SIREN, status=Company.Status.ACTIVE)
    english.force_login(committee_member)
    response = english.post(_accept(application), follow=True)
    assert "already adheres to the charter" in response.content.decode()
    application.refresh_from_db()
    assert application.status == AdhesionApplication.Status.PENDING


def test_decisions_are_post_only(client, committee_member):
    application = make_application()
    client.force_login(committee_member)
    assert client.get(_accept(application)).status_code == 405
    assert client.get(_refuse(application)).status_code == 405
    application.refresh_from_db()
    assert application.status == AdhesionApplication.Status.PENDING
