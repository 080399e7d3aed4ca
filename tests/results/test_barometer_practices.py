"""Axis 3's published figures: the share of client–provider relations with each practice,
overall and by kind of company, under the barometer's small-group rule (no figure about
fewer than 3 companies, none dominated by one company's answers, complementary
suppression, and no revision revealing the companies counted since)."""

import csv
import io

import pytest
from django.urls import reverse

from followup.models import Attestation, Report
from relations.models import Relation
from results.models import Publication
from results.selectors.barometer import (
    barometer_display,
    barometer_figures,
    barometer_publication,
)
from results.services.publication import publication_create
from signatories.models import CompanyKind
from tests.factories import CampaignFactory, CompanyFactory
from tests.results.test_barometer import report

pytestmark = pytest.mark.django_db

OUTSOURCER, CLIENT, IN_HOUSE = CompanyKind.OUTSOURCER, CompanyKind.CLIENT, CompanyKind.IN_HOUSE


@pytest.fixture
def campaign():
    return CampaignFactory(name="Campagne 2025")


def answering(campaign, kind, relations=1, answer="yes", status=Report.Status.VALIDATED):
    """A company of ``kind`` with a report in ``status`` that answered, as the provider,
    ``relations`` relations with ``answer`` to every practice."""
    company = CompanyFactory(kind=kind)
    Report.objects.create(campaign=campaign, company=company, status=status)
    for _ in range(relations):
        client = CompanyFactory(kind=CLIENT)
        relation = Relation.objects.create(
            client=client,
            client_siren=client.siren,
            provider=company,
            provider_siren=company.siren,
            declared_by="provider",
            status="confirmed",
        )
        Attestation.objects.create(
            relation=relation,
            campaign=campaign,
            side="provider",
            **dict.fromkeys(Attestation.PRACTICES, answer),
        )
    return company


@pytest.fixture
def employment(campaign):
    """Three other companies' validated employment figures: the barometer can be published."""
    for _ in range(3):
        report(CompanyFactory(kind=CLIENT), campaign, (10, 8, 100, 0))


def publish(campaign, user) -> tuple[dict, Publication]:
    """The campaign's barometer as a publication freezes it, published (provisional)."""
    data, contributors = barometer_publication(campaign)
    publication = publication_create(
        kind=Publication.Kind.BAROMETER,
        campaign=campaign,
        data=data,
        contributors=contributors,
        user=user,
        provisional=True,
    )
    return data, publication


def rows(figures) -> dict:
    practices = figures["practices"]
    return {row["key"]: row for row in [practices["overall"], *practices["by_kind"]]}


def test_the_shares_by_kind_and_the_groups_hidden(campaign):
    for answer in ("yes", "yes", "no", "no"):
        answering(campaign, OUTSOURCER, relations=2, answer=answer)
    answering(campaign, CLIENT, relations=1, answer="yes")
    answering(campaign, OUTSOURCER, answer="yes", status=Report.Status.SUBMITTED)  # not counted
    groups = rows(barometer_figures(campaign))
    overall = groups["all"]
    assert (overall["companies"], overall["relations"], overall["suppressed"]) == (5, 9, False)
    assert overall["shares"]["minimum_billing"] == round(100 * 5 / 9, 1)
    # One client company: hidden; the outsourcers would give it by subtraction from the
    # total, so they are hidden too; nobody answered as an in-house centre.
    assert (groups[CLIENT]["suppressed"], groups[CLIENT]["reason"]) == (True, "threshold")
    assert groups[OUTSOURCER]["reason"] == "secondary"
    assert groups[IN_HOUSE]["reason"] == "threshold"


def test_a_group_dominated_by_one_company_is_hidden(campaign):
    answering(campaign, OUTSOURCER, relations=20)
    answering(campaign, OUTSOURCER)
    answering(campaign, OUTSOURCER)
    groups = rows(barometer_figures(campaign))
    assert groups[OUTSOURCER]["reason"] == "dominance"


def test_only_the_answers_of_relations_that_count(campaign):
    companies = [answering(campaign, OUTSOURCER, answer="yes") for _ in range(3)]
    Relation.objects.filter(provider=companies[0]).update(
        status="disputed", dispute_reason="Aucun contrat."
    )
    overall = rows(barometer_figures(campaign))["all"]
    assert (overall["companies"], overall["relations"]) == (2, 2)
    assert overall["suppressed"]


def test_a_publication_keeps_no_figure_of_a_hidden_group(campaign):
    for _ in range(3):
        answering(campaign, OUTSOURCER, relations=2)
    answering(campaign, CLIENT)
    data, contributors = barometer_publication(campaign)
    groups = rows(data)
    assert groups[CLIENT] == {"key": CLIENT, "suppressed": True, "reason": "threshold"}
    assert "companies" not in groups[OUTSOURCER] and "relations" not in groups[OUTSOURCER]
    assert not groups["all"]["suppressed"] and groups["all"]["relations"] == 7
    assert set(contributors) >= {"practices:all"}
    assert "practices:kind:client_company" not in contributors


def test_a_new_version_hides_a_group_that_changed_by_one_company(
    campaign, committee_member, employment
):
    for _ in range(3):
        answering(campaign, OUTSOURCER)
    data, first = publish(campaign, committee_member)
    assert not rows(data)["all"]["suppressed"]
    answering(campaign, OUTSOURCER)  # one more company since
    groups = rows(barometer_figures(campaign, earlier=[first]))
    # The difference of the two versions would be that one company's answers.
    assert groups["all"]["suppressed"] and groups[OUTSOURCER]["suppressed"]
    assert {groups["all"]["reason"], groups[OUTSOURCER]["reason"]} <= {"revision", "secondary"}


def test_the_public_page_shows_the_practices_and_why_a_group_is_hidden(
    client, campaign, committee_member, employment
):
    for _ in range(3):
        answering(campaign, OUTSOURCER, relations=2)
    answering(campaign, CLIENT)
    data, _publication = publish(campaign, committee_member)
    page = client.get(reverse("results:barometer_public")).content.decode()
    assert "Pratiques entre donneurs d" in page and "Relations répondues" in page
    assert "masqué\u00a0: moins de 3\u00a0entreprises" in page
    readable = barometer_display(data)["practices"]
    assert [row["label"] for row in readable["by_kind"]] == [
        str(label).capitalize() for label in (dict(CompanyKind.choices)[k] for k in CompanyKind)
    ]


def test_the_committee_page_marks_the_groups_a_publication_would_hide(
    client, campaign, committee_member
):
    for _ in range(3):
        answering(campaign, OUTSOURCER)
    answering(campaign, CLIENT)
    client.force_login(committee_member)
    page = client.get(reverse("results:barometer")).content.decode()
    assert "Pratiques entre donneurs" in page
    assert "masqué à la publication" in page


def test_the_open_data_file_gives_the_practices_but_nothing_of_a_hidden_group(
    client, campaign, committee_member, employment
):
    for _ in range(3):
        answering(campaign, OUTSOURCER, relations=2, answer="no")
    answering(campaign, CLIENT)
    data, publication = publish(campaign, committee_member)
    client.cookies["django_language"] = "en"
    url = reverse("results:barometer_open_data", args=[publication.pk, "csv"])
    content = client.get(url).content.decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(content)))
    headers = rows[0]
    assert headers[-5:-4] == ["Relations answered"]
    practices = {row[2]: row for row in rows if row[0].startswith("Practices between")}
    assert practices["All companies"][-5:] == ["7", "14.3", "14.3", "14.3", "14.3"]
    hidden = practices["Client company"]
    assert hidden[3] == "" and hidden[-5:] == [""] * 5
    assert "fewer than 3 companies" in hidden[headers.index("Note")]


def test_a_campaign_without_any_answer_publishes_no_practice_table(campaign, employment):
    data, contributors = barometer_publication(campaign)
    assert data["practices"] is None
    assert not any(key.startswith("practices:") for key in contributors)
    assert barometer_display(data)["practices"] is None


def test_the_campaign_report_reads_the_practices_with_their_labels(campaign):
    from documents.pdf import _readable_barometer
    from results.selectors.barometer import barometer_figures as figures

    for _ in range(3):
        answering(campaign, OUTSOURCER)
    readable = _readable_barometer(figures(campaign))["practices"]
    assert readable["overall"]["label"] == "Toutes les entreprises"
    assert readable["overall"]["cells"] == [100.0, 100.0, 100.0, 100.0]
    assert str(readable["headers"][0]).startswith("3.2 ")
