"""The employment barometer: its figures, the threshold, the trend, the committee page and
its export, the publication and the public page with its open data."""

import csv
import datetime
import io
import json
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from charter.models import Indicator
from followup.models import IndicatorValue, Report
from results.models import Publication
from results.selectors.barometer import (
    barometer_figures,
    barometer_publication,
    barometer_publication_data,
    companies_below_threshold,
)
from signatories.models import Company, CompanyKind, LocationThreshold
from tests.factories import CampaignFactory, CompanyFactory
from tests.results.publishing import confirm_publication

pytestmark = pytest.mark.django_db

OUTSOURCER, CLIENT, IN_HOUSE = CompanyKind.OUTSOURCER, CompanyKind.CLIENT, CompanyKind.IN_HOUSE
AFRC, SP2C, NONE = Company.Federation.AFRC, Company.Federation.SP2C, Company.Federation.NONE
VALIDATED = Report.Status.VALIDATED
CODES = ("jobs_created_total", "jobs_created_france", "headcount_france", "headcount_abroad")


def report(company, campaign, figures, status=VALIDATED) -> Report:
    """A report of ``company`` with (jobs created, of which in France, headcount in France,
    headcount outside France); None leaves a figure unanswered."""
    indicators = {i.code: i for i in Indicator.objects.filter(code__in=CODES)}
    the_report = Report.objects.create(campaign=campaign, company=company, status=status)
    IndicatorValue.objects.bulk_create(
        IndicatorValue(report=the_report, indicator=indicators[code], number=Decimal(value))
        for code, value in zip(CODES, figures, strict=True)
        if value is not None
    )
    return the_report


def company(name, kind, federation) -> Company:
    return CompanyFactory(legal_name=name, kind=kind, federation=federation)


@pytest.fixture
def campaign_2023(db):
    return CampaignFactory(
        name="Campagne 2023",
        period_start=datetime.date(2023, 1, 1),
        period_end=datetime.date(2023, 12, 31),
        opens_on=datetime.date(2024, 1, 15),
        deadline=datetime.date(2024, 3, 31),
        status="closed",
    )


@pytest.fixture
def campaign_2022(db):
    return CampaignFactory(
        name="Campagne 2022",
        period_start=datetime.date(2022, 1, 1),
        period_end=datetime.date(2022, 12, 31),
        opens_on=datetime.date(2023, 1, 15),
        deadline=datetime.date(2023, 3, 31),
        status="closed",
    )


@pytest.fixture
def data_set(campaign_2023):
    """4 outsourcers (SP2C), 3 client companies (AFRC) and 1 in-house centre (no
    federation) validated; 3 more reports not validated, with figures that would show."""
    c = campaign_2023
    report(company("Outsourcer Un", OUTSOURCER, SP2C), c, (100, 80, 500, 100))  # 80%
    report(company("Outsourcer Deux", OUTSOURCER, SP2C), c, (50, 20, 300, 200))  # 40%: below
    report(company("Outsourcer Trois", OUTSOURCER, SP2C), c, (0, 0, 100, 0))  # no job created
    report(company("Outsourcer Quatre", OUTSOURCER, SP2C), c, (30, 18, 200, 50))  # 60%: at it
    report(company("Client Un", CLIENT, AFRC), c, (20, 15, 1000, 0))  # 75%
    report(company("Client Deux", CLIENT, AFRC), c, (10, 5, 800, 100))  # 50%: below
    report(company("Client Trois", CLIENT, AFRC), c, (40, 40, 600, 0))  # 100%
    report(company("Centre Intégré", IN_HOUSE, NONE), c, (10, 2, 50, 10))  # 20%: below
    report(company("Soumis", OUTSOURCER, SP2C), c, (1000, 0, 9000, 9000), "submitted")
    report(company("Renvoyé", CLIENT, AFRC), c, (500, 0, 7000, 7000), "returned")
    report(company("Brouillon", CLIENT, AFRC), c, (700, 0, 7000, 7000), "draft")
    return c


def by_key(rows):
    return {row["key"]: row for row in rows}


# --- The figures --------------------------------------------------------------------------


def test_it_counts_validated_reports_only(data_set):
    figures = barometer_figures(data_set)

    assert figures["validated_reports"] == 8
    assert figures["waiting_reports"] == 2  # submitted and returned; the draft is not waiting
    assert figures["companies"] == 8
    assert figures["overall"] == {
        "key": "all",
        "suppressed": False,
        "companies": 8,
        "jobs_total": 260,  # 100 + 50 + 0 + 30 + 20 + 10 + 40 + 10
        "jobs_france": 180,  # 80 + 20 + 0 + 18 + 15 + 5 + 40 + 2
        "jobs_abroad": 80,
        "share_france": 69.2,  # 180 / 260
        "headcount_france": 3550,
        "headcount_abroad": 460,
    }


def test_it_breaks_the_figures_down_by_kind_and_federation(data_set):
    figures = barometer_figures(data_set)
    kinds = by_key(figures["by_kind"])
    federations = by_key(figures["by_federation"])

    assert kinds["outsourcer"] == {
        "key": "outsourcer",
        "suppressed": False,
        "companies": 4,
        "jobs_total": 180,
        "jobs_france": 118,
        "jobs_abroad": 62,
        "share_france": 65.6,  # 118 / 180
        "headcount_france": 1100,
        "headcount_abroad": 350,
        "threshold": 60.0,
    }
    assert kinds["client"]["companies"] == 3
    assert kinds["client"]["jobs_total"] == 70
    assert kinds["client"]["jobs_france"] == 60
    assert kinds["client"]["share_france"] == 85.7
    assert federations["sp2c"]["jobs_total"] == 180
    assert federations["afrc"]["headcount_france"] == 2400


def test_a_group_of_fewer_than_3_companies_carries_no_figure(data_set):
    figures = barometer_figures(data_set)
    published = barometer_publication_data(data_set)

    # One in-house centre, alone of its kind and the only one without a federation: the
    # committee sees its figures marked, a publication keeps only the reason.
    assert by_key(figures["by_kind"])["in_house"]["reason"] == "threshold"
    assert by_key(figures["by_kind"])["in_house"]["jobs_total"] == 10
    assert by_key(published["by_kind"])["in_house"] == {
        "key": "in_house",
        "suppressed": True,
        "reason": "threshold",
        "threshold": 60.0,
    }
    assert by_key(published["by_federation"])["none"] == {
        "key": "none",
        "suppressed": True,
        "reason": "threshold",
    }


def test_the_smallest_other_group_is_hidden_with_it(data_set):
    published = barometer_publication_data(data_set)

    # Else the in-house centre would be the total minus the outsourcers and the clients.
    assert by_key(published["by_kind"])["client"] == {
        "key": "client",
        "suppressed": True,
        "reason": "secondary",
        "threshold": 60.0,
    }
    assert by_key(published["by_federation"])["afrc"]["reason"] == "secondary"
    assert by_key(published["by_kind"])["outsourcer"]["jobs_total"] == 180
    assert published["overall"]["jobs_total"] == 260


def test_the_whole_campaign_is_not_shown_with_fewer_than_3_companies(campaign_2023):
    report(company("Seule", OUTSOURCER, SP2C), campaign_2023, (10, 5, 10, 0))
    report(company("Deuxième", OUTSOURCER, SP2C), campaign_2023, (10, 5, 10, 0))

    figures = barometer_publication_data(campaign_2023)

    assert figures["validated_reports"] == 2
    assert figures["overall"] == {"key": "all", "suppressed": True, "reason": "threshold"}
    assert figures["companies"] is None  # the count of a hidden group is hidden too
    assert all(row["suppressed"] for row in figures["by_kind"] + figures["by_federation"])
    assert figures["trend"] == [
        {"campaign": figures["campaign"], "key": "all", "suppressed": True, "reason": "threshold"}
    ]


def test_a_report_without_employment_figures_is_not_counted(campaign_2023):
    for name in ("A", "B", "C"):
        report(company(name, CLIENT, AFRC), campaign_2023, (10, 10, 10, 0))
    report(company("Sans chiffres", CLIENT, AFRC), campaign_2023, (None, None, None, None))

    figures = barometer_figures(campaign_2023)

    assert figures["validated_reports"] == 4
    assert figures["companies"] == 3


# --- The threshold ------------------------------------------------------------------------


def test_it_lists_the_companies_below_the_threshold_of_their_kind(data_set):
    below = companies_below_threshold(data_set)

    # 40% and 50% and 20% against 60%; 60% exactly is not below; no job created is not below.
    assert [
        (row["company"], row["kind"], row["share_france"], row["threshold"]) for row in below
    ] == [
        ("Centre Intégré", "in_house", 20.0, 60.0),
        ("Client Deux", "client", 50.0, 60.0),
        ("Outsourcer Deux", "outsourcer", 40.0, 60.0),
    ]
    assert barometer_figures(data_set)["below_threshold_count"] == 3


def test_it_uses_the_threshold_in_force_at_the_end_of_the_period(campaign_2022, campaign_2023):
    # The outsourcers' threshold drops from 60% to 35% on 1 January 2023.
    LocationThreshold.objects.filter(company_kind=OUTSOURCER).update(
        valid_until=datetime.date(2022, 12, 31)
    )
    LocationThreshold.objects.create(
        company_kind=OUTSOURCER,
        min_share_france=Decimal("35.00"),
        valid_from=datetime.date(2023, 1, 1),
    )
    outsourcer = company("Moitié", OUTSOURCER, SP2C)
    report(outsourcer, campaign_2022, (10, 5, 10, 0))  # 50%
    report(outsourcer, campaign_2023, (10, 5, 10, 0))  # 50%

    assert [row["threshold"] for row in companies_below_threshold(campaign_2022)] == [60.0]
    assert companies_below_threshold(campaign_2023) == []
    assert by_key(barometer_figures(campaign_2023)["by_kind"])["outsourcer"]["threshold"] == 35.0
    assert by_key(barometer_figures(campaign_2022)["by_kind"])["outsourcer"]["threshold"] == 60.0


def test_a_kind_without_a_threshold_in_force_has_nobody_below(campaign_2023):
    LocationThreshold.objects.filter(company_kind=CLIENT).delete()
    report(company("Client", CLIENT, AFRC), campaign_2023, (10, 0, 10, 0))

    assert companies_below_threshold(campaign_2023) == []
    assert by_key(barometer_figures(campaign_2023)["by_kind"])["client"]["threshold"] is None


# --- The trend ----------------------------------------------------------------------------


def publish_directly(campaign) -> Publication:
    """Publish ``campaign``'s barometer as the committee's confirmation does."""
    from results.services.publication import current_publication, publication_create

    standing = current_publication(kind=Publication.Kind.BAROMETER, campaign=campaign)
    data, contributors = barometer_publication(
        campaign, earlier=list(Publication.objects.barometer().filter(campaign=campaign))
    )
    return publication_create(
        kind=Publication.Kind.BAROMETER,
        campaign=campaign,
        data=data,
        contributors=contributors,
        user=None,
        provisional=True,
        replaces=standing.pk if standing else None,
    )


def test_the_trend_gives_earlier_campaigns_as_last_published(data_set, campaign_2022):
    for name in ("A", "B", "C"):
        report(company(name, CLIENT, AFRC), campaign_2022, (10, 6, 100, 10))
    report(company("D", CLIENT, AFRC), campaign_2022, (90, 0, 100, 10), "submitted")
    CampaignFactory(name="Brouillon 2024", status="draft")
    first = publish_directly(campaign_2022)
    # Validated after the publication: the live figures of 2022 change, the trend does not,
    # else its difference with the published row would be this company's figures.
    Report.objects.filter(company__legal_name="D").update(status=VALIDATED)
    assert barometer_figures(campaign_2022)["overall"]["jobs_total"] == 120

    trend = barometer_figures(data_set)["trend"]

    assert [row["campaign"]["name"] for row in trend] == ["Campagne 2022", "Campagne 2023"]
    assert trend[0] == {"campaign": first.data["campaign"], **first.data["overall"]}
    assert trend[0]["jobs_total"] == 30
    assert trend[0]["share_france"] == 60.0
    assert trend[1]["jobs_total"] == 260  # the campaign shown: its own row
    assert [row["campaign"]["name"] for row in barometer_figures(campaign_2022)["trend"]] == [
        "Campagne 2022"
    ]

    # A later publication of 2022 replaces the earlier one in the trend.
    Publication.objects.filter(pk=first.pk).update(
        published_at=first.published_at.replace(year=2000)
    )
    second = publish_directly(campaign_2022)
    trend = barometer_figures(data_set)["trend"]
    assert trend[0] == {"campaign": second.data["campaign"], **second.data["overall"]}
    assert trend[0]["reason"] == "revision"  # one company more than the first version

    from results.services.publication import publication_withdraw

    publication_withdraw(publication=second, reason="Erreur de saisie", user=None)
    trend = barometer_figures(data_set)["trend"]
    assert [row["campaign"]["name"] for row in trend] == ["Campagne 2023"]


def test_a_campaign_never_published_is_not_in_the_trend(data_set, campaign_2022):
    for name in ("A", "B", "C"):
        report(company(name, CLIENT, AFRC), campaign_2022, (10, 6, 100, 10))

    trend = barometer_figures(data_set)["trend"]

    assert [row["campaign"]["name"] for row in trend] == ["Campagne 2023"]


def test_the_trend_row_of_the_campaign_is_protected_like_its_overall(campaign_2023):
    report(company("Seule", CLIENT, AFRC), campaign_2023, (10, 6, 100, 10))

    published = barometer_publication_data(campaign_2023)

    assert published["trend"][-1] == {
        "campaign": published["campaign"],
        "key": "all",
        "suppressed": True,
        "reason": "threshold",
    }


def test_the_publication_data_is_json_and_names_nobody(data_set):
    data = barometer_publication_data(data_set)

    assert json.loads(json.dumps(data)) == data  # no Decimal, no date
    assert "below_threshold" not in data
    assert "waiting_reports" not in data  # the committee's business, not the public's
    assert data["below_threshold_count"] == 3
    assert "Client Deux" not in json.dumps(data)
    assert [row["campaign"]["name"] for row in data["trend"]] == ["Campagne 2023"]


# --- The committee's page -----------------------------------------------------------------


def test_the_committee_page_shows_the_latest_campaign_by_default(
    client, committee_member, data_set, campaign_2022
):
    CampaignFactory(name="Brouillon", status="draft", period_end=datetime.date(2030, 12, 31))
    client.force_login(committee_member)

    response = client.get(reverse("results:barometer"))

    assert response.status_code == 200
    data = response.context["data"]
    assert response.context["campaign"] == data_set
    assert data["validated_reports"] == 8
    assert data["overall"]["jobs_total"] == 260
    assert [row["company"] for row in data["below_threshold"]] == [
        "Centre Intégré",
        "Client Deux",
        "Outsourcer Deux",
    ]
    assert [row["label"] for row in data["trend"]] == ["Campagne 2023"]  # 2022 unpublished
    assert response.context["charts"]["jobs"] is not None
    content = response.content.decode()
    assert content.count("<h1>") == 1
    assert "<svg" in content
    assert "Client Deux" in content


def test_the_committee_page_shows_the_chosen_campaign(
    client, committee_member, data_set, campaign_2022
):
    client.force_login(committee_member)

    response = client.get(reverse("results:barometer"), {"campagne": campaign_2022.pk})

    assert response.context["campaign"] == campaign_2022
    assert response.context["data"]["validated_reports"] == 0
    assert response.context["data"]["overall"]["suppressed"] is True


@pytest.mark.parametrize("value", ["999999", "abc", "-1", "1.5", "١"])
def test_an_unknown_campaign_is_not_found(client, committee_member, data_set, value):
    client.force_login(committee_member)

    assert client.get(reverse("results:barometer"), {"campagne": value}).status_code == 404
    assert (
        client.get(
            reverse("results:barometer_export", args=["csv"]), {"campagne": value}
        ).status_code
        == 404
    )


def test_a_draft_campaign_is_not_found(client, committee_member, data_set):
    draft = CampaignFactory(status="draft")
    client.force_login(committee_member)

    assert client.get(reverse("results:barometer"), {"campagne": draft.pk}).status_code == 404


def test_without_any_campaign_the_page_says_so(client, committee_member):
    client.force_login(committee_member)
    client.cookies["django_language"] = "en"

    response = client.get(reverse("results:barometer"))

    assert response.status_code == 200
    assert response.context["campaign"] is None
    assert "No campaign is open or closed yet" in response.content.decode()


def test_the_page_says_the_figures_come_from_validated_reports(client, committee_member, data_set):
    client.force_login(committee_member)
    client.cookies["django_language"] = "en"

    content = client.get(reverse("results:barometer")).content.decode()

    assert "These figures come only from validated reports: 8 reports validated." in content
    assert "hidden: fewer than 3 companies" in content
    assert "hidden so that another hidden group cannot be computed" in content
    assert "hidden when published" in content
    assert "2 reports waiting for review" in content


def test_the_export_holds_the_tables_of_the_chosen_campaign(
    client, committee_member, data_set, campaign_2022
):
    client.force_login(committee_member)
    client.cookies["django_language"] = "en"

    response = client.get(
        reverse("results:barometer_export", args=["csv"]), {"campagne": data_set.pk}
    )

    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert 'filename="barometre-' in response["Content-Disposition"]
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[0][:5] == ["Table", "Campaign", "Group", "Companies", "Jobs created"]
    table = {(row[0], row[2]): row[1:] for row in rows[1:]}
    # overall, 3 kinds, 3 federations, the count below, 3 companies below, 1 campaign
    assert len(rows) == 1 + 1 + 3 + 3 + 1 + 3 + 1
    assert table["Overall", "All companies"] == [
        "Campagne 2023", "All companies", "8", "260", "180", "80", "69.2", "3550", "460", "", "",
    ]  # fmt: skip
    assert table["By kind of company", "Outsourcer"][2:11] == [
        "4", "180", "118", "62", "65.6", "1100", "350", "60.0", "",
    ]  # fmt: skip
    # The committee's file has every figure, and says which groups a publication hides.
    assert table["By kind of company", "In-house contact centre"][2:11] == [
        "1", "10", "2", "8", "20.0", "50", "10", "60.0", "hidden: fewer than 3 companies",
    ]  # fmt: skip
    assert (
        table["By federation", "AFRC"][10]
        == "hidden so that another hidden group cannot be computed"
    )
    assert table["Below the threshold", "Companies below the threshold in force"][2] == "3"
    assert table["Below the threshold", "Outsourcer Deux"][3:10] == [
        "50", "20", "30", "40.0", "", "", "60.0",
    ]  # fmt: skip
    assert table["Across campaigns", "All companies"][0] == "Campagne 2023"
    assert [row[1] for row in rows if row[0] == "Across campaigns"] == ["Campagne 2023"]


def test_the_export_as_xlsx(client, committee_member, data_set):
    from openpyxl import load_workbook

    client.force_login(committee_member)

    response = client.get(reverse("results:barometer_export", args=["xlsx"]))

    assert response.status_code == 200
    assert response["Content-Type"] == (
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[1][3:7] == (8, 260, 180, 80)
    assert len(rows) == 13


def test_an_unknown_export_format_is_not_found(client, committee_member, data_set):
    client.force_login(committee_member)

    assert client.get(reverse("results:barometer_export", args=["pdf"])).status_code == 404


# --- Publication --------------------------------------------------------------------------


def publish(client, campaign, **options):
    return confirm_publication(
        client, reverse("results:barometer_publish"), {"campagne": campaign.pk}, **options
    )


def test_publishing_freezes_the_figures(client, committee_member, data_set):
    client.force_login(committee_member)

    response = publish(client, data_set)

    publication = Publication.objects.barometer().get()
    assert response.status_code == 302
    assert (
        response["Location"]
        == f"{reverse('results:barometer_public')}?publication={publication.pk}"
    )
    assert publication.campaign == data_set
    assert publication.published_by == committee_member
    assert publication.data["overall"]["jobs_total"] == 260
    assert publication.data["below_threshold_count"] == 3
    assert "below_threshold" not in publication.data
    assert "Client Deux" not in json.dumps(publication.data)

    # A report validated later, and a validated report changed, alter the live figures only.
    report(company("Tardif", CLIENT, AFRC), data_set, (1000, 1000, 10, 0))
    IndicatorValue.objects.filter(
        report__company__legal_name="Outsourcer Un", indicator__code="jobs_created_total"
    ).update(number=Decimal(5000))
    assert barometer_figures(data_set)["overall"]["jobs_total"] == 260 + 1000 + 4900

    publication.refresh_from_db()
    assert publication.data["overall"]["jobs_total"] == 260
    page = client.get(reverse("results:barometer_public"))
    assert page.context["data"]["overall"]["jobs_total"] == 260
    assert page.context["data"]["companies"] == 8
    opened = client.get(reverse("results:barometer_open_data", args=[publication.pk, "json"]))
    assert opened.json()["overall"]["jobs_total"] == 260


def test_publishing_needs_at_least_3_companies(client, committee_member, campaign_2023):
    report(company("Seule", CLIENT, AFRC), campaign_2023, (10, 10, 10, 0))
    client.force_login(committee_member)

    response = publish(client, campaign_2023)

    assert response.status_code == 302
    assert response["Location"] == f"{reverse('results:barometer')}?campagne={campaign_2023.pk}"
    assert not Publication.objects.exists()
    said = [str(m) for m in client.get(response["Location"]).context["messages"]]
    assert said == [
        "Rien ne peut être publié\xa0: le baromètre nécessite des rapports validés comportant "
        "des chiffres de l'emploi d'au moins 3\xa0entreprises, et Campagne 2023 en compte moins."
    ]


@pytest.mark.parametrize("value", ["", "abc", "999999"])
def test_publishing_an_unknown_campaign_is_not_found(client, committee_member, data_set, value):
    client.force_login(committee_member)

    response = client.post(reverse("results:barometer_publish"), {"campagne": value})

    assert response.status_code == 404
    assert not Publication.objects.exists()


def test_publishing_needs_the_csrf_token(committee_member, data_set):
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    client.force_login(committee_member)

    assert publish(client, data_set).status_code == 403
    assert not Publication.objects.exists()


# --- The public page and its open data ----------------------------------------------------


def test_the_public_page_says_when_nothing_is_published(client, data_set):
    client.cookies["django_language"] = "en"

    response = client.get(reverse("results:barometer_public"))

    assert response.status_code == 200
    assert response.context["publication"] is None
    assert "data" not in response.context
    content = response.content.decode()
    assert "has not published an employment barometer yet" in content
    # The validated reports' figures are not shown before a publication.
    assert "260" not in content
    assert "<table" not in content


def test_the_public_page_shows_the_latest_publication_and_lists_them_all(
    client, committee_member, data_set, campaign_2022
):
    for name in ("A", "B", "C"):
        report(company(name, CLIENT, AFRC), campaign_2022, (10, 6, 100, 10))
    client.force_login(committee_member)
    publish(client, campaign_2022)
    publish(client, data_set)
    client.logout()
    older, latest = Publication.objects.barometer().order_by("pk")
    client.cookies["django_language"] = "en"

    response = client.get(reverse("results:barometer_public"))

    assert response.context["publication"] == latest
    assert response.context["data"]["campaign"]["name"] == "Campagne 2023"
    assert [p.pk for p in response.context["publications"]] == [latest.pk, older.pk]
    assert [row["label"] for row in response.context["data"]["trend"]] == [
        "Campagne 2022",
        "Campagne 2023",
    ]
    content = response.content.decode()
    assert f"?publication={older.pk}" in content
    assert "These figures come only from reports the committee validated: 8 reports." in content
    assert "Client Deux" not in content  # names of companies below the threshold stay private
    assert "3 companies have a share" in content

    response = client.get(reverse("results:barometer_public"), {"publication": older.pk})
    assert response.context["publication"] == older
    assert response.context["data"]["overall"]["jobs_total"] == 30
    assert [row["label"] for row in response.context["data"]["trend"]] == ["Campagne 2022"]


@pytest.mark.parametrize("value", ["999999", "abc"])
def test_an_unknown_publication_is_not_found(client, value):
    assert (
        client.get(reverse("results:barometer_public"), {"publication": value}).status_code == 404
    )


@pytest.fixture
def publication(committee_member, data_set):
    return Publication.objects.create(
        kind=Publication.Kind.BAROMETER,
        campaign=data_set,
        data=barometer_publication_data(data_set),
        published_by=committee_member,
    )


def test_the_open_data_as_json(client, publication):
    response = client.get(reverse("results:barometer_open_data", args=[publication.pk, "json"]))

    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    data = response.json()
    assert data["publication"]["id"] == publication.pk
    assert data["campaign"]["name"] == "Campagne 2023"
    assert data["overall"]["share_france"] == 69.2
    assert by_key(data["by_kind"])["in_house"] == {
        "key": "in_house",
        "suppressed": True,
        "reason": "threshold",
        "threshold": 60.0,
    }
    assert by_key(data["by_kind"])["client"]["reason"] == "secondary"
    assert data["below_threshold_count"] == 3
    assert "below_threshold" not in data


def test_the_open_data_as_csv(client, publication):
    client.cookies["django_language"] = "en"

    response = client.get(reverse("results:barometer_open_data", args=[publication.pk, "csv"]))

    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    content = response.content.decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(content)))
    assert rows[1][3:10] == ["8", "260", "180", "80", "69.2", "3550", "460"]
    assert len(rows) == 1 + 1 + 3 + 3 + 1 + 1  # overall, kinds, federations, below count, trend
    below = next(row for row in rows if row[0] == "Below the threshold")
    assert below[3] == "3"
    assert "Client Deux" not in content


def test_open_data_of_an_unknown_publication_or_format_is_not_found(client, publication):
    assert (
        client.get(reverse("results:barometer_open_data", args=[publication.pk, "xml"])).status_code
        == 404
    )
    assert (
        client.get(reverse("results:barometer_open_data", args=[999999, "csv"])).status_code == 404
    )


def test_open_data_of_a_palmares_is_not_found(client, publication):
    from results.models import ScoringMethod

    palmares = Publication.objects.create(
        kind=Publication.Kind.PALMARES,
        campaign=publication.campaign,
        method=ScoringMethod.objects.first() or ScoringMethod.objects.create(version=99, name="M"),
        data={},
    )

    assert (
        client.get(reverse("results:barometer_open_data", args=[palmares.pk, "json"])).status_code
        == 404
    )
    assert (
        client.get(reverse("results:barometer_public"), {"publication": palmares.pk}).status_code
        == 404
    )


# --- Query counts -------------------------------------------------------------------------


def companies_with_reports(campaign, count):
    indicators = list(Indicator.objects.filter(code__in=CODES).order_by("code"))
    kinds = [OUTSOURCER, CLIENT, IN_HOUSE]
    federations = [SP2C, AFRC, NONE]
    companies = [
        CompanyFactory(kind=kinds[n % 3], federation=federations[n % 3]) for n in range(count)
    ]
    reports = Report.objects.bulk_create(
        Report(campaign=campaign, company=c, status=VALIDATED) for c in companies
    )
    IndicatorValue.objects.bulk_create(
        IndicatorValue(report=r, indicator=i, number=Decimal(10 + n))
        for n, r in enumerate(reports)
        for i in indicators
    )


def queries(client, url, params=None) -> int:
    with CaptureQueriesContext(connection) as context:
        assert client.get(url, params or {}).status_code == 200
    return len(context.captured_queries)


@pytest.mark.parametrize("count", [5, 50])
def test_the_committee_page_runs_a_fixed_number_of_queries(
    client, committee_member, campaign_2022, campaign_2023, count, django_assert_num_queries
):
    companies_with_reports(campaign_2022, count)
    companies_with_reports(campaign_2023, count)
    client.force_login(committee_member)

    # session, user, savepoint, campaigns, the campaign's publications, the indicators and
    # 4 for the figures (counts, companies, thresholds, companies below), the trend, release
    with django_assert_num_queries(14):
        assert client.get(reverse("results:barometer")).status_code == 200


def test_the_pages_run_as_many_queries_for_5_as_for_50_companies(client, committee_member):
    counts = {}
    for count in (5, 50):
        campaign = CampaignFactory(status="closed")
        companies_with_reports(campaign, count)
        client.force_login(committee_member)
        publish(client, campaign)
        client.logout()
        client.force_login(committee_member)
        counts[count] = (
            queries(client, reverse("results:barometer"), {"campagne": campaign.pk}),
            queries(
                client,
                reverse("results:barometer_export", args=["csv"]),
                {"campagne": campaign.pk},
            ),
        )
        client.logout()
        counts[count] += (queries(client, reverse("results:barometer_public")),)

    assert counts[5] == counts[50]


@pytest.mark.parametrize("count", [5, 50])
def test_the_public_page_runs_a_fixed_number_of_queries(
    client, committee_member, campaign_2023, count, django_assert_num_queries
):
    companies_with_reports(campaign_2023, count)
    Publication.objects.create(
        kind=Publication.Kind.BAROMETER,
        campaign=campaign_2023,
        data=barometer_publication_data(campaign_2023),
    )

    # savepoint, the list of publications, the figures of the one shown, release
    with django_assert_num_queries(4):
        assert client.get(reverse("results:barometer_public")).status_code == 200


# --- Hidden groups cannot be computed back ---------------------------------------------------


@pytest.fixture
def small_afrc(campaign_2023):
    """The reported leak: AFRC 2 companies, SP2C 5, no federation 4. With AFRC alone
    hidden, the total minus SP2C minus "no federation" gave AFRC's figures."""
    c = campaign_2023
    report(company("AFRC Un", CLIENT, AFRC), c, (40, 30, 400, 10))
    report(company("AFRC Deux", IN_HOUSE, AFRC), c, (25, 5, 300, 50))
    for n in range(5):
        report(company(f"SP2C {n}", OUTSOURCER, SP2C), c, (10 + n, 8, 200, 20))
    for n in range(4):
        report(company(f"Sans {n}", CLIENT if n % 2 else IN_HOUSE, NONE), c, (5, 5, 100, 0))
    return c


def test_the_total_minus_the_other_federations_no_longer_gives_a_small_one(
    client, committee_member, small_afrc
):
    client.force_login(committee_member)
    publish(client, small_afrc)
    client.logout()
    publication = Publication.objects.barometer().get()

    data = client.get(reverse("results:barometer_open_data", args=[publication.pk, "json"])).json()

    federations = by_key(data["by_federation"])
    assert federations["afrc"] == {"key": "afrc", "suppressed": True, "reason": "threshold"}
    # The smallest other federation is hidden with it: what is left to subtract from the
    # total is AFRC and "no federation" together, 6 companies.
    assert federations["none"] == {"key": "none", "suppressed": True, "reason": "secondary"}
    assert federations["sp2c"]["companies"] == 5
    assert data["overall"]["jobs_total"] - federations["sp2c"]["jobs_total"] == 65 + 20
    # Nor by kind: no published group is about the two AFRC companies alone.
    published = [data["overall"], *data["by_kind"], *data["by_federation"]]
    assert all(row["suppressed"] or row["companies"] >= 3 for row in published)


def test_a_group_dominated_by_one_company_is_hidden(campaign_2023):
    for n in range(4):
        report(company(f"Petit {n}", OUTSOURCER, SP2C), campaign_2023, (2, 2, 100, 0))
    for n in range(3):
        report(company(f"Client {n}", CLIENT, AFRC), campaign_2023, (3, 3, 100, 0))
    report(company("Géant", CLIENT, AFRC), campaign_2023, (500, 400, 150, 0))

    data = barometer_publication_data(campaign_2023)

    # 500 of the client companies' 509 jobs: more than 85%.
    assert by_key(data["by_kind"])["client"]["reason"] == "dominance"
    assert by_key(data["by_federation"])["afrc"]["reason"] == "dominance"
    assert data["overall"] == {"key": "all", "suppressed": True, "reason": "dominance"}
    assert data["companies"] is None
    assert "jobs_total" not in by_key(data["by_kind"])["client"]


def test_a_new_version_hides_the_groups_that_changed_by_one_company(
    client, committee_member, data_set
):
    for n in range(3):
        report(company(f"Centre {n}", IN_HOUSE, NONE), data_set, (10, 10, 100, 0))
    client.force_login(committee_member)
    publish(client, data_set)
    first = Publication.objects.barometer().get()
    assert not first.data["overall"]["suppressed"]
    assert first.contributors["all"] == sorted(
        Report.objects.filter(campaign=data_set, status=VALIDATED).values_list(
            "company_id", flat=True
        )
    )
    # One more company validated: its figures would be the difference of the two versions.
    report(company("Tardif", OUTSOURCER, SP2C), data_set, (70, 7, 700, 0))

    committee_page = client.get(reverse("results:barometer")).context["data"]
    publish(client, data_set)
    second = Publication.objects.barometer().exclude(pk=first.pk).get()

    assert committee_page["overall"]["reason"] == "revision"  # marked before publishing
    assert second.data["overall"] == {"key": "all", "suppressed": True, "reason": "revision"}
    assert by_key(second.data["by_kind"])["outsourcer"]["reason"] == "revision"
    assert by_key(second.data["by_federation"])["sp2c"]["reason"] == "revision"
    assert by_key(second.data["by_kind"])["client"] == by_key(first.data["by_kind"])["client"]
    assert "all" not in second.contributors  # only what it shows


def test_the_contributors_are_never_public(client, admin_client, committee_member, data_set):
    client.force_login(committee_member)
    publish(client, data_set)
    client.logout()
    publication = Publication.objects.barometer().get()
    ids = publication.contributors["kind:outsourcer"]
    assert len(ids) == 4

    outputs = [
        client.get(reverse("results:barometer_public")).content.decode(),
        client.get(
            reverse("results:barometer_open_data", args=[publication.pk, "json"])
        ).content.decode(),
        client.get(
            reverse("results:barometer_open_data", args=[publication.pk, "csv"])
        ).content.decode(),
        admin_client.get(
            reverse("admin:results_publication_change", args=[publication.pk])
        ).content.decode(),
        admin_client.get(
            reverse("admin:results_publication_history", args=[publication.pk])
        ).content.decode(),
        admin_client.get(reverse("admin:results_publication_changelist")).content.decode(),
    ]

    for output in outputs:
        assert "contributors" not in output
        assert "kind:outsourcer" not in output
        assert json.dumps(ids) not in output and ", ".join(map(str, ids)) not in output


def test_the_public_page_says_which_groups_are_hidden_and_why(client, publication):
    client.cookies["django_language"] = "en"

    content = client.get(reverse("results:barometer_public")).content.decode()

    assert (
        "A group is hidden when it counts fewer than 3 companies, or when one company holds "
        "more than 85% of its jobs created or of its headcount." in content
    )
    assert "hidden: fewer than 3 companies" in content  # the in-house centre
    assert "hidden so that another hidden group cannot be computed" in content  # clients
    assert "hidden when published" not in content  # the committee's mark
    assert "published before hidden groups were protected" not in content


def test_the_public_page_says_the_same_in_french(client, publication):
    client.cookies["django_language"] = "fr"

    content = client.get(reverse("results:barometer_public")).content.decode()

    assert "masqué\u00a0: moins de 3\u00a0entreprises" in content


def test_a_publication_made_before_the_protection_says_so(client, data_set):
    Publication.objects.create(
        kind=Publication.Kind.BAROMETER,
        campaign=data_set,
        data={
            "version": 1,
            "campaign": {
                "id": data_set.pk,
                "name": data_set.name,
                "period_start": "2023-01-01",
                "period_end": "2023-12-31",
                "status": "closed",
            },
            "min_group_size": 3,
            "validated_reports": 8,
            "companies": 8,
            "overall": {
                "key": "all",
                "suppressed": False,
                "companies": 8,
                "jobs_total": 260,
                "jobs_france": 180,
                "jobs_abroad": 80,
                "share_france": 69.2,
                "headcount_france": 3550,
                "headcount_abroad": 460,
            },
            "by_kind": [{"key": "in_house", "suppressed": True, "threshold": 60.0}],
            "by_federation": [{"key": "none", "suppressed": True}],
            "thresholds_on": "2023-12-31",
            "below_threshold_count": 3,
            "trend": [],
        },
    )
    client.cookies["django_language"] = "en"

    response = client.get(reverse("results:barometer_public"))

    content = response.content.decode()
    assert response.status_code == 200
    assert "published before hidden groups were protected against subtraction" in content
    assert "hidden: fewer than 3 companies" in content
