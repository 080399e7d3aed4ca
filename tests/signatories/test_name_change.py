"""A contributor's new legal name waits for the committee: the approved name stays on the
public list, the documents and the certificate until the committee decides."""

import pytest
from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from documents import pdf
from signatories import services
from signatories.models import Company
from tests.documents.test_pdf import text_of
from tests.factories import CompanyFactory, MembershipFactory

pytestmark = pytest.mark.django_db
BASE = "https://charte.example.org"
NAMES = reverse("signatories:name_change_list")
NEW = "Alpha Renommée SAS"


def _edit(company) -> str:
    return reverse("followup:company_edit", args=[company.pk])


def _accept(company) -> str:
    return reverse("signatories:name_change_accept", args=[company.pk])


def _refuse(company) -> str:
    return reverse("signatories:name_change_refuse", args=[company.pk])


def _profile(company, **fields) -> dict:
    return {
        "legal_name": company.legal_name,
        "kind": company.kind,
        "federation": company.federation,
        "website": "",
    } | fields


def _request(company, user, name=NEW) -> None:
    services.company_name_request(company=company, legal_name=name, user=user, base_url=BASE)


# --- The company space ------------------------------------------------------------------


def test_it_a_new_name_waits_for_the_committee(
    client, contributor_a, company_a, django_capture_on_commit_callbacks
):
    client.force_login(contributor_a)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(_edit(company_a), _profile(company_a, legal_name=f"  {NEW} "))
    assert response.status_code == 302
    company_a.refresh_from_db()
    assert company_a.legal_name == "Alpha Contact SAS"
    assert company_a.requested_legal_name == NEW
    assert company_a.name_requested_by == contributor_a
    page = client.get(response["Location"]).content.decode()
    assert "Alpha Renommée SAS" in page and 'id="name-change"' in page
    # The form offers the name waiting, so that a second save does not withdraw it.
    assert client.get(_edit(company_a)).context["form"]["legal_name"].value() == NEW


def test_it_tells_the_committee_of_a_new_name(
    contributor_a, company_a, committee_member, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        _request(company_a, contributor_a)
    [message] = mail.outbox
    assert message.to == [committee_member.email]
    assert NEW in message.body and BASE + NAMES in message.body


def test_it_never_changes_the_siren_from_the_company_space(client, contributor_a, company_a):
    siren = company_a.siren
    client.force_login(contributor_a)
    response = client.post(_edit(company_a), _profile(company_a, siren="732829320"))
    assert response.status_code == 302
    company_a.refresh_from_db()
    assert company_a.siren == siren
    assert "siren" not in client.get(_edit(company_a)).context["form"].fields


def test_it_withdraws_the_request_when_the_approved_name_is_typed_again(contributor_a, company_a):
    _request(company_a, contributor_a)
    assert Company.objects.name_change_pending().count() == 1
    _request(company_a, contributor_a, name=" Alpha  Contact SAS")
    company_a.refresh_from_db()
    assert company_a.requested_legal_name == ""
    assert not Company.objects.name_change_pending().exists()


def test_it_keeps_the_approved_name_on_the_public_list_and_the_certificate(
    client, contributor_a, company_a
):
    _request(company_a, contributor_a)
    company_a.refresh_from_db()
    page = client.get(reverse("signatories:signatory_list")).content.decode()
    assert "Alpha Contact SAS" in page and NEW not in page
    text = text_of(pdf.render_adhesion_certificate(company=company_a, language="fr").content)
    assert "Alpha Contact SAS" in text and NEW not in text


# --- The committee's decision -----------------------------------------------------------


def test_it_lists_the_names_waiting_in_one_query(client, committee_member, contributor_a):
    for number in range(3):
        company = CompanyFactory()
        MembershipFactory(company=company)
        _request(company, contributor_a, name=f"Nouveau nom {number}")
    client.force_login(committee_member)
    client.get(NAMES)  # the session and the user, read once
    with CaptureQueriesContext(connection) as queries:
        response = client.get(NAMES)
    page = response.content.decode()
    assert response.status_code == 200
    assert all(f"Nouveau nom {number}" in page for number in range(3))
    # session, user, savepoint, the companies with who asked, release
    assert len(queries) == 5, [q["sql"] for q in queries]


def test_it_approves_a_new_name_and_keeps_the_former_in_the_history(
    client, committee_member, contributor_a, company_a, django_capture_on_commit_callbacks
):
    _request(company_a, contributor_a)
    client.force_login(committee_member)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(_accept(company_a))
    assert response.status_code == 302
    company_a.refresh_from_db()
    assert (company_a.legal_name, company_a.requested_legal_name) == (NEW, "")
    assert "Alpha Contact SAS" in company_a.history.values_list("legal_name", flat=True)
    assert company_a.history.first().history_user == committee_member
    [message] = mail.outbox
    assert message.to == [contributor_a.email] and NEW in message.body
    page = client.get(reverse("signatories:signatory_list")).content.decode()
    assert NEW in page


def test_it_refuses_a_new_name_with_a_reason(
    client, committee_member, contributor_a, company_a, django_capture_on_commit_callbacks
):
    _request(company_a, contributor_a)
    client.force_login(committee_member)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(_refuse(company_a), {"reason": "Le Kbis porte un autre nom."})
    assert response.status_code == 302
    company_a.refresh_from_db()
    assert (company_a.legal_name, company_a.requested_legal_name) == ("Alpha Contact SAS", "")
    assert company_a.name_refusal_reason == "Le Kbis porte un autre nom."
    [message] = mail.outbox
    assert "Le Kbis porte un autre nom." in message.body
    client.force_login(contributor_a)
    page = client.get(reverse("followup:company_detail", args=[company_a.pk])).content.decode()
    assert "Le Kbis porte un autre nom." in page


def test_a_refusal_needs_a_reason_and_keeps_the_request(
    client, committee_member, contributor_a, company_a
):
    _request(company_a, contributor_a)
    client.force_login(committee_member)
    response = client.post(_refuse(company_a), {"reason": "  "})
    assert response.status_code == 400
    [form] = [c.refusal_form for c in response.context["pending"]]
    assert form.errors.as_data()["reason"][0].code == "required"
    assert 'class="error-summary"' in response.content.decode()
    company_a.refresh_from_db()
    assert company_a.requested_legal_name == NEW


def test_a_decision_without_a_request_changes_nothing(client, committee_member, company_a):
    client.force_login(committee_member)
    for url, data in ((_accept(company_a), {}), (_refuse(company_a), {"reason": "Non."})):
        response = client.post(url, data, follow=True)
        [message] = response.context["messages"]
        assert message.level_tag == "error"
    company_a.refresh_from_db()
    assert (company_a.legal_name, company_a.name_refusal_reason) == ("Alpha Contact SAS", "")


def test_a_name_changed_after_the_committee_read_it_is_not_approved(
    client, committee_member, contributor_a, company_a
):
    _request(company_a, contributor_a, name="Alpha Première SAS")
    client.force_login(committee_member)
    page = client.get(NAMES).content.decode()
    assert 'name="seen" value="Alpha Première SAS"' in page
    _request(company_a, contributor_a, name="Alpha Seconde SAS")  # meanwhile

    response = client.post(_accept(company_a), {"seen": "Alpha Première SAS"})

    assert response.status_code == 302
    company_a.refresh_from_db()
    assert company_a.legal_name == "Alpha Contact SAS"
    assert company_a.requested_legal_name == "Alpha Seconde SAS"
    # the name now shown can be approved
    client.post(_accept(company_a), {"seen": "Alpha Seconde SAS"})
    company_a.refresh_from_db()
    assert company_a.legal_name == "Alpha Seconde SAS"
