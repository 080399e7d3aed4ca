"""The company's pages of customer-service numbers, the committee's list and the
dashboard's count: what each shows, the input refused with its reason, the query counts."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from callnumbers.models import CallNumber
from tests.factories import CampaignFactory, CompanyFactory, SiteFactory

pytestmark = pytest.mark.django_db


def _list_url(company) -> str:
    return reverse("callnumbers:number_list", args=[company.pk])


def _create_url(company) -> str:
    return reverse("callnumbers:number_create", args=[company.pk])


def _complaints_line(company, number="0825123456") -> CallNumber:
    return CallNumber.objects.create(company=company, number=number, purpose="complaints")


def test_the_company_sees_its_flagged_number_with_the_reason(client, contributor_a, company_a):
    _complaints_line(company_a)
    CallNumber.objects.create(company=company_a, number="0800123456", purpose="after_sales")
    client.force_login(contributor_a)
    page = client.get(_list_url(company_a)).content.decode()
    assert "08 25 12 34 56" in page and "08 00 12 34 56" in page
    assert "Ligne surtaxée" in page
    assert (
        "Numéro «\xa0coûts partagés (faible surtaxe)\xa0» pour l'usage «\xa0réclamations\xa0»"
        in (page.replace("&#x27;", "'"))
    )
    assert page.count("Ligne surtaxée") == 1
    assert "1 numéro est surtaxé" in page
    detail = client.get(reverse("followup:company_detail", args=[company_a.pk]))
    assert "1 numéro est surtaxé" in detail.content.decode()


def test_a_number_typed_with_dots_is_kept_as_digits(client, contributor_a, company_a):
    site = SiteFactory(company=company_a, name="Site de Lille")
    client.force_login(contributor_a)
    response = client.post(
        _create_url(company_a),
        {"number": "+33 1.23.45-67 89", "purpose": "after_sales", "site": site.pk, "label": ""},
    )
    assert response.status_code == 302
    number = CallNumber.objects.get()
    assert (number.number, number.site, number.display) == ("0123456789", site, "01 23 45 67 89")
    assert number.history.get().history_user == contributor_a
    page = client.get(response.url).content.decode()
    assert "Le numéro 01 23 45 67 89 est enregistré." in page


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        ("pas un numéro", "Ce n&#x27;est pas un numéro de téléphone."),
        ("+44 20 7946 0958", "Ce numéro n&#x27;est pas français (+33)\xa0:"),
        ("07 12 34 56 78", "Ce numéro n&#x27;existe pas dans le plan de numérotation"),
        ("15", "Les numéros courts suivis ici ont quatre chiffres"),
    ],
)
def test_bad_input_is_refused_clearly_and_kept(client, contributor_a, company_a, typed, message):
    client.force_login(contributor_a)
    data = {"number": typed, "purpose": "sales", "label": "Ligne des ventes"}
    response = client.post(_create_url(company_a), data)
    assert response.status_code == 200
    page = response.content.decode()
    assert message in page
    assert 'value="Ligne des ventes"' in page
    assert response.context["form"]["number"].value() == typed
    assert not CallNumber.objects.exists()


def test_the_same_number_twice_for_one_purpose_is_refused(client, contributor_a, company_a):
    _complaints_line(company_a)
    client.force_login(contributor_a)
    data = {"number": "08 25 12 34 56", "purpose": "complaints"}
    response = client.post(_create_url(company_a), data)
    assert response.status_code == 200
    assert "Ce numéro figure déjà pour cet usage" in response.content.decode()
    # For another purpose, the same number is another line.
    assert client.post(_create_url(company_a), {**data, "purpose": "sales"}).status_code == 302
    assert CallNumber.objects.count() == 2


def test_a_number_is_changed_and_removed(client, contributor_a, company_a):
    number = _complaints_line(company_a)
    client.force_login(contributor_a)
    edit = reverse("callnumbers:number_edit", args=[company_a.pk, number.pk])
    assert 'value="08 25 12 34 56"' in client.get(edit).content.decode()
    response = client.post(edit, {"number": "0800 12 34 56", "purpose": "complaints"})
    assert response.status_code == 302
    number.refresh_from_db()
    assert number.number == "0800123456"
    # Unchanged, it is not refused as a duplicate of itself.
    assert client.post(edit, {"number": "0800123456", "purpose": "complaints"}).status_code == 302
    remove = reverse("callnumbers:number_remove", args=[company_a.pk, number.pk])
    assert client.post(remove).status_code == 302
    assert not CallNumber.objects.exists()


def test_another_company_s_number_is_unknown(client, contributor_a, company_a, company_b):
    theirs = _complaints_line(company_b)
    client.force_login(contributor_a)
    edit = reverse("callnumbers:number_edit", args=[company_a.pk, theirs.pk])
    assert client.get(edit).status_code == 404
    remove = reverse("callnumbers:number_remove", args=[company_a.pk, theirs.pk])
    assert client.post(remove).status_code == 404
    assert CallNumber.objects.filter(pk=theirs.pk).exists()


def test_a_site_that_answers_a_number_is_not_removed(client, contributor_a, company_a):
    site = SiteFactory(company=company_a, name="Site de Lille")
    CallNumber.objects.create(company=company_a, number="0800123456", purpose="sales", site=site)
    client.force_login(contributor_a)
    response = client.post(
        reverse("followup:site_delete", args=[company_a.pk, site.pk]), follow=True
    )
    assert "répond à des numéros du service client" in response.content.decode()
    assert company_a.sites.filter(pk=site.pk).exists()


def test_the_committee_reads_and_filters_every_number(client, committee_member, company_a):
    _complaints_line(company_a)
    other = CompanyFactory(legal_name="Zêta Contacts")
    CallNumber.objects.create(company=other, number="0800123456", purpose="complaints")
    client.force_login(committee_member)
    url = reverse("callnumbers:committee_numbers")
    page = client.get(url).content.decode()
    assert "08 25 12 34 56" in page and "08 00 12 34 56" in page
    flagged = client.get(url, {"signales": "on"}).content.decode()
    assert "08 25 12 34 56" in flagged and "Zêta Contacts" not in flagged
    free = client.get(url, {"famille": "free"}).content.decode()
    assert "08 00 12 34 56" in free and "08 25 12 34 56" not in free
    assert "Zêta" in client.get(url, {"entreprise": "zêta"}).content.decode()
    # The committee reads a company's page; it does not write.
    assert client.get(_list_url(company_a)).status_code == 200
    assert client.get(_create_url(company_a)).status_code == 403


def _numbers_of(count: int) -> None:
    for index in range(count):
        company = CompanyFactory()
        site = SiteFactory(company=company)
        _complaints_line(company)
        CallNumber.objects.create(
            company=company, number=f"01234{index:05d}", purpose="sales", site=site
        )


def _queries(client, url: str, **query) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url, query).status_code == 200
    return len(captured)


def test_the_pages_run_a_fixed_number_of_queries(client, committee_member, company_a):
    client.force_login(committee_member)
    committee = reverse("callnumbers:committee_numbers")
    _numbers_of(5)
    for index in range(5):
        _complaints_line(company_a, number=f"08251{index:05d}")
    counts = [
        _queries(client, committee),
        _queries(client, committee, signales="on", page=2),
        _queries(client, _list_url(company_a)),
    ]
    _numbers_of(60)
    for index in range(5, 40):
        _complaints_line(company_a, number=f"08251{index:05d}")
    assert [
        _queries(client, committee),
        _queries(client, committee, signales="on", page=2),
        _queries(client, _list_url(company_a)),
    ] == counts
    # session, user, savepoint and release, then the count and the page; or the company, its
    # membership asked twice (may read, may write) and its numbers classified.
    assert counts[0] == 6
    assert counts[2] == 8


def test_the_dashboard_counts_the_companies_with_a_flagged_number(client, committee_member):
    CampaignFactory()
    for company in (CompanyFactory(), CompanyFactory()):
        _complaints_line(company)
        _complaints_line(company, number="0899123456")
    CallNumber.objects.create(company=CompanyFactory(), number="0899123456", purpose="sales")
    client.force_login(committee_member)
    page = client.get(reverse("followup:dashboard")).content.decode()
    assert "2 entreprises déclarent un numéro surtaxé" in page
