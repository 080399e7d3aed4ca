"""Each signatory's scorecard: the committee's page with every campaign and report, the
publication of the scorecards (only validated reports, frozen, versioned, withdrawable)
and the public pages that read the publications only."""

import datetime

import pytest
from django.urls import reverse

from charter.models import Measure
from followup.models import Progress, Report
from results.models import Publication
from results.selectors.scorecards import scorecards_publication
from results.services.publication import publication_withdraw
from signatories.models import Signatory
from tests.factories import CampaignFactory
from tests.results.publishing import confirm_publication

pytestmark = pytest.mark.django_db

PUBLISH = reverse("results:scorecards_publish")


@pytest.fixture
def sp2c():
    return Signatory.objects.get(acronym="SP2C")


@pytest.fixture
def closed():
    return CampaignFactory(
        name="Campagne 2024",
        opens_on=datetime.date(2025, 1, 15),
        deadline=datetime.date(2025, 3, 31),
        period_start=datetime.date(2024, 1, 1),
        period_end=datetime.date(2024, 12, 31),
        status="closed",
    )


def signatory_report(signatory, campaign, status, code="1.3", state="in_progress", percent=60):
    report = Report.objects.create(campaign=campaign, signatory=signatory, status=status)
    Progress.objects.create(
        report=report, measure=Measure.objects.get(code=code), status=state, percent=percent
    )
    return report


def test_the_committee_reads_every_campaign_of_a_signatory(
    client, committee_member, sp2c, campaign, closed, django_assert_max_num_queries
):
    submitted = signatory_report(sp2c, campaign, "submitted", percent=80)
    signatory_report(sp2c, closed, "validated", percent=60)
    client.force_login(committee_member)
    url = reverse("followup:signatory_scorecard", args=[sp2c.pk])
    response = client.get(url)
    assert [m.code for m in response.context["measures"]] == ["1.3"]
    rows = response.context["rows"]
    assert [row.campaign for row in rows] == [campaign, closed]
    assert [row.answers[0].percent for row in rows] == [80, 60]
    page = response.content.decode()
    assert reverse("followup:report_review", args=[submitted.pk]) in page
    assert "80&#160;%" in page


def test_the_scorecard_reads_a_fixed_number_of_queries(
    client, committee_member, sp2c, closed, django_assert_num_queries
):
    client.force_login(committee_member)
    url = reverse("followup:signatory_scorecard", args=[sp2c.pk])
    signatory_report(sp2c, closed, "validated")
    # session, user, savepoint and release, the signatory; measures, campaigns, reports,
    # answers
    with django_assert_num_queries(9):
        client.get(url)
    for year in (2020, 2021, 2022):
        campaign = CampaignFactory(
            period_start=datetime.date(year, 1, 1),
            period_end=datetime.date(year, 12, 31),
            opens_on=datetime.date(year + 1, 1, 15),
            deadline=datetime.date(year + 1, 3, 31),
            status="closed",
        )
        signatory_report(sp2c, campaign, "validated")
    with django_assert_num_queries(9):
        client.get(url)


def test_only_validated_reports_are_frozen(sp2c, closed):
    signatory_report(sp2c, closed, "validated", percent=60)
    afrc = Signatory.objects.get(acronym="AFRC")
    signatory_report(afrc, closed, "submitted", code="1.2", percent=30)
    data = scorecards_publication(closed)
    by_acronym = {row["acronym"]: row for row in data["signatories"]}
    assert len(by_acronym) == 5
    assert by_acronym["SP2C"]["validated"]
    assert by_acronym["SP2C"]["measures"][0] | {"title": ""} == {
        "code": "1.3",
        "title": "",
        "title_en": Measure.objects.get(code="1.3").title_en,
        "status": "in_progress",
        "percent": 60,
    }
    assert not by_acronym["AFRC"]["validated"]
    assert by_acronym["AFRC"]["measures"][0]["percent"] is None


def test_nothing_to_publish_without_a_validated_report(client, committee_member, sp2c, closed):
    signatory_report(sp2c, closed, "submitted")
    client.force_login(committee_member)
    response = client.get(PUBLISH, {"campagne": closed.pk}, follow=True)
    assert response.redirect_chain[-1][0] == reverse("followup:committee_detail")
    assert "pas de bilan à publier" in response.content.decode()
    assert not Publication.objects.exists()


def test_the_committee_publishes_then_the_public_reads_the_frozen_scorecard(
    client, committee_member, sp2c, closed
):
    report = signatory_report(sp2c, closed, "validated", percent=60)
    client.force_login(committee_member)
    preview = client.get(PUBLISH, {"campagne": closed.pk})
    assert preview.status_code == 200
    assert not Publication.objects.exists()
    response = confirm_publication(client, PUBLISH, {"campagne": closed.pk})
    publication = Publication.objects.get()
    assert response.status_code == 302 and response["Location"] == publication.public_url
    assert (publication.kind, publication.version, publication.provisional) == (
        "scorecards",
        1,
        False,
    )
    client.logout()

    # later changes to the report do not reach the public page
    Progress.objects.filter(report=report).update(percent=90)
    public = client.get(reverse("results:signatory_scorecard_public", args=[sp2c.pk]))
    assert [row["cells"][0]["percent"] for row in public.context["rows"]] == [60]
    assert "60&#160;%" in public.content.decode()
    every = client.get(reverse("results:scorecards_public"))
    assert every.context["publication"] == publication
    assert "Campagne 2024" in every.content.decode()

    # withdrawn, it is no longer shown; its reason is
    publication_withdraw(publication=publication, reason="Erreur de saisie.", user=None)
    public = client.get(reverse("results:signatory_scorecard_public", args=[sp2c.pk]))
    assert public.context["rows"] == []
    withdrawn = client.get(reverse("results:scorecards_public"), {"publication": publication.pk})
    assert "Erreur de saisie." in withdrawn.content.decode()
    assert "data" not in withdrawn.context


def test_publishing_again_makes_version_2_which_the_public_reads(
    client, committee_member, sp2c, closed
):
    report = signatory_report(sp2c, closed, "validated", percent=60)
    client.force_login(committee_member)
    confirm_publication(client, PUBLISH, {"campagne": closed.pk})
    Progress.objects.filter(report=report).update(percent=90)
    confirm_publication(client, PUBLISH, {"campagne": closed.pk})
    first, second = Publication.objects.order_by("version")
    assert first.superseded_by == second
    public = client.get(reverse("results:signatory_scorecard_public", args=[sp2c.pk]))
    assert [row["cells"][0]["percent"] for row in public.context["rows"]] == [90]
    old = client.get(reverse("results:scorecards_public"), {"publication": first.pk})
    assert old.context["successor"] == second


def test_the_public_page_reads_a_fixed_number_of_queries(
    client, sp2c, closed, django_assert_num_queries
):
    signatory_report(sp2c, closed, "validated")
    Publication.objects.create(
        kind="scorecards", campaign=closed, data=scorecards_publication(closed)
    )
    # savepoint and release, the signatory, the publications with their campaign
    with django_assert_num_queries(4):
        response = client.get(reverse("results:signatory_scorecard_public", args=[sp2c.pk]))
    assert len(response.context["rows"]) == 1


def test_the_signatory_list_links_to_each_scorecard(client, sp2c):
    page = client.get(reverse("signatories:signatory_list")).content.decode()
    assert reverse("results:signatory_scorecard_public", args=[sp2c.pk]) in page
    assert reverse("results:scorecards_public") in page


def test_english_titles_on_the_public_page(client, sp2c, closed):
    signatory_report(sp2c, closed, "validated")
    Publication.objects.create(
        kind="scorecards", campaign=closed, data=scorecards_publication(closed)
    )
    client.cookies["django_language"] = "en"
    page = client.get(
        reverse("results:signatory_scorecard_public", args=[sp2c.pk]), HTTP_ACCEPT_LANGUAGE="en"
    )
    title = Measure.objects.get(code="1.3").title_en
    assert page.context["measures"] == [{"code": "1.3", "title": title}]
