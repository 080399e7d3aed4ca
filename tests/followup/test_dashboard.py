"""The committee's dashboard: figures on a small data set worked out by hand."""

import csv
import datetime
import io

import pytest
from django.urls import reverse

from callnumbers.models import CallNumber
from charter.models import Measure
from followup.models import Report, ReportEvent, ReviewComment
from tests.factories import (
    CampaignFactory,
    CertificationFactory,
    CompanyFactory,
    report_with_answers,
)

pytestmark = pytest.mark.django_db
TODAY = datetime.date.today()
D = datetime.date


@pytest.fixture
def past_campaigns():
    """Two campaigns whose grace periods are over: 2023 (previous) and 2024."""
    previous = CampaignFactory(
        name="Campagne 2023",
        period_start=D(2023, 1, 1),
        period_end=D(2023, 12, 31),
        opens_on=D(2024, 1, 15),
        deadline=D(2024, 3, 31),
        status="closed",
    )
    current = CampaignFactory(
        name="Campagne 2024",
        period_start=D(2024, 1, 1),
        period_end=D(2024, 12, 31),
        opens_on=D(2025, 1, 15),
        deadline=D(2025, 3, 31),
        status="closed",
    )
    return previous, current


@pytest.fixture
def sector(past_campaigns):
    """Six companies expected in 2024, and two that are not."""
    previous, current = past_campaigns
    names = ["Alpha", "Bravo", "Charlie", "Delta", "Echo", "Foxtrot"]
    c = {name: CompanyFactory(legal_name=f"{name} SAS", adhered_on=D(2015, 1, 1)) for name in names}
    CompanyFactory(legal_name="Tardive SAS", adhered_on=D(2025, 6, 1))  # after the period
    CompanyFactory(legal_name="Suspendue SAS", status="suspended")
    report_with_answers(
        c["Alpha"],
        current,
        "validated",
        [("2.1", "achieved", 100), ("2.2", "in_progress", 50)],
        {"jobs_created_total": 10, "jobs_created_france": 8},
    )
    report_with_answers(
        c["Bravo"],
        current,
        "submitted",
        [("2.1", "not_started", 0), ("1.5", "achieved", 100)],
        {"jobs_created_total": 4, "jobs_created_france": 1},
    )
    report_with_answers(c["Charlie"], current, "returned", [("2.1", "not_applicable", None)])
    report_with_answers(
        c["Delta"], current, "draft", [("2.1", "achieved", 100)]
    )  # a draft is not counted
    # Echo and Foxtrot sent nothing in 2024; Echo sent nothing in 2023 either.
    report_with_answers(c["Foxtrot"], previous, "validated")
    for name in ("Alpha", "Bravo", "Charlie", "Delta"):
        report_with_answers(c[name], previous, "validated")
    return c


def test_the_headline_figures(client, committee_member, sector, past_campaigns):
    _previous, current = past_campaigns
    client.force_login(committee_member)
    response = client.get(reverse("followup:dashboard"), {"campagne": current.pk})
    headline = response.context["headline"]
    assert (headline.expected, headline.submitted, headline.returned, headline.validated) == (
        6,
        1,
        1,
        1,
    )
    assert (headline.draft, headline.missing) == (1, 3)
    assert headline.response_rate == 50.0
    assert headline.non_communicating == 3  # Delta (draft), Echo, Foxtrot
    assert headline.twice_non_communicating == 1  # Echo, silent in 2023 too


def test_non_communicating_companies_are_only_counted_after_the_grace_period(
    client, committee_member, company_a
):
    campaign = CampaignFactory()  # open, deadline ahead
    client.force_login(committee_member)
    headline = client.get(reverse("followup:dashboard")).context["headline"]
    assert (headline.expected, headline.missing, headline.non_communicating) == (1, 1, 0)
    assert client.get(reverse("followup:dashboard")).context["campaign"] == campaign


def test_progress_per_axis_is_rolled_up_from_communicated_reports(
    client, committee_member, sector, past_campaigns
):
    client.force_login(committee_member)
    axes = client.get(reverse("followup:dashboard"), {"campagne": past_campaigns[1].pk}).context[
        "axes"
    ]
    axis2 = axes[1]
    # 2.1: Alpha achieved, Bravo not started, Charlie not applicable (Delta's draft ignored);
    # 2.2: Alpha in progress at 50%.
    assert (axis2.achieved, axis2.in_progress, axis2.not_started, axis2.not_applicable) == (
        1,
        1,
        1,
        1,
    )
    assert axis2.mean_percent == 50.0  # (100 + 0 + 50) / 3
    assert axis2.achieved_share == pytest.approx(33.3)
    axis1 = axes[0]
    assert (axis1.achieved, axis1.mean_percent) == (1, 100.0)
    assert "<svg" in client.get(reverse("followup:dashboard")).content.decode()


def test_the_company_table_shows_status_progress_and_share(
    client, committee_member, sector, past_campaigns
):
    client.force_login(committee_member)
    response = client.get(reverse("followup:dashboard"), {"campagne": past_campaigns[1].pk})
    rows = {c.legal_name: c for c in response.context["page"].object_list}
    assert set(rows) == {
        f"{n} SAS" for n in ["Alpha", "Bravo", "Charlie", "Delta", "Echo", "Foxtrot"]
    }
    alpha = rows["Alpha SAS"]
    assert (alpha.state, alpha.axis2, float(alpha.share_france)) == ("validated", 75, 80.0)
    assert rows["Bravo SAS"].share_france == 25
    assert rows["Delta SAS"].axis2 is None  # a draft shows nothing
    assert rows["Echo SAS"].state is None


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"status": "missing"}, {"Delta SAS", "Echo SAS", "Foxtrot SAS"}),
        ({"status": "submitted"}, {"Bravo SAS"}),
        ({"q": "char"}, {"Charlie SAS"}),
        ({"axis": "1"}, {"Bravo SAS"}),
        ({"kind": "client"}, set()),
        (
            {"status": "nonsense", "kind": "<script>"},
            {f"{n} SAS" for n in ["Alpha", "Bravo", "Charlie", "Delta", "Echo", "Foxtrot"]},
        ),
    ],
)
def test_the_company_table_filters(
    client, committee_member, sector, past_campaigns, params, expected
):
    client.force_login(committee_member)
    response = client.get(
        reverse("followup:dashboard"), {"campagne": past_campaigns[1].pk, **params}
    )
    assert response.status_code == 200
    assert {c.legal_name for c in response.context["page"].object_list} == expected


def test_the_company_table_searches_by_siren_and_sorts(
    client, committee_member, sector, past_campaigns
):
    client.force_login(committee_member)
    siren = sector["Delta"].siren
    response = client.get(
        reverse("followup:dashboard"),
        {"campagne": past_campaigns[1].pk, "q": f"{siren[:3]} {siren[3:6]} {siren[6:]}"},
    )
    assert [c.legal_name for c in response.context["page"].object_list] == ["Delta SAS"]
    response = client.get(
        reverse("followup:dashboard"), {"campagne": past_campaigns[1].pk, "tri": "-share"}
    )
    names = [c.legal_name for c in response.context["page"].object_list]
    assert names[:2] == ["Alpha SAS", "Bravo SAS"]  # 80% then 25%, empty shares last
    assert 'aria-sort="descending"' in response.content.decode()


def test_an_unknown_campaign_is_404(client, committee_member, past_campaigns):
    client.force_login(committee_member)
    assert client.get(reverse("followup:dashboard"), {"campagne": "999"}).status_code == 404
    assert client.get(reverse("followup:dashboard"), {"campagne": "abc"}).status_code == 404


def test_with_no_campaign_the_dashboard_says_so(client, committee_member):
    client.force_login(committee_member)
    response = client.get(reverse("followup:dashboard"))
    assert response.status_code == 200
    assert response.context["campaigns"] == []


def test_the_table_exports_as_csv_with_its_filters(
    client, committee_member, sector, past_campaigns
):
    client.force_login(committee_member)
    response = client.get(
        reverse("followup:dashboard_export", args=["csv"]),
        {"campagne": past_campaigns[1].pk, "status": "validated"},
    )
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    assert "attachment" in response["Content-Disposition"]
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert len(rows) == 2
    assert rows[1][0] == "Alpha SAS" and rows[1][1] == sector["Alpha"].siren
    assert rows[1][-1] == "80.0"


def test_the_axis_table_exports_too(client, committee_member, sector, past_campaigns):
    client.force_login(committee_member)
    response = client.get(
        reverse("followup:dashboard_export", args=["csv"]),
        {"campagne": past_campaigns[1].pk, "tableau": "axes"},
    )
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert len(rows) == 6  # headers and five axes
    assert rows[2][1:5] == ["1", "1", "1", "1"]  # axis 2: achieved, in progress, not started, n/a
    assert rows[2][-1] == "50.0"


def test_the_table_exports_as_xlsx(client, committee_member, sector, past_campaigns):
    from openpyxl import load_workbook

    client.force_login(committee_member)
    response = client.get(
        reverse("followup:dashboard_export", args=["xlsx"]), {"campagne": past_campaigns[1].pk}
    )
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    sheet = load_workbook(io.BytesIO(response.content)).active
    assert sheet.max_row == 7  # headers and six companies
    assert client.get(reverse("followup:dashboard_export", args=["pdf"])).status_code == 404


def test_the_company_page_shows_reports_history_and_reviews(
    client, committee_member, sector, past_campaigns
):
    alpha = sector["Alpha"]
    made = Report.objects.get(company=alpha, campaign=past_campaigns[1])
    ReportEvent.objects.create(
        report=made, action="returned", user=committee_member, message="Chiffres à revoir"
    )
    ReviewComment.objects.create(
        progress=made.progress.first(), author=committee_member, text="Précisez le plan."
    )
    client.force_login(committee_member)
    page = client.get(reverse("followup:company_follow_up", args=[alpha.pk])).content.decode()
    for text in (
        "Alpha SAS",
        "Campagne 2024",
        "Campagne 2023",
        "Chiffres à revoir",
        "Précisez le plan.",
    ):
        assert text in page


def test_the_measure_page_lists_every_answer(client, committee_member, sector, past_campaigns):
    client.force_login(committee_member)
    measure = Measure.objects.get(code="2.2")
    response = client.get(
        reverse("followup:measure_detail", args=[measure.pk]), {"campagne": past_campaigns[1].pk}
    )
    answers = list(response.context["page"].object_list)
    assert [a.report.company.legal_name for a in answers] == ["Alpha SAS"]
    assert response.context["summary"]["in_progress"] == 1
    assert "Alpha SAS" in response.content.decode()
    measure21 = Measure.objects.get(code="2.1")
    response = client.get(
        reverse("followup:measure_detail", args=[measure21.pk]),
        {"campagne": past_campaigns[1].pk, "statut": "not_applicable"},
    )
    assert [a.report.company.legal_name for a in response.context["page"].object_list] == [
        "Charlie SAS"
    ]
    export = client.get(
        reverse("followup:measure_export", args=[measure.pk, "csv"]),
        {"campagne": past_campaigns[1].pk},
    )
    rows = list(csv.reader(io.StringIO(export.content.decode("utf-8-sig"))))
    assert (
        rows[1][:4] == ["Alpha SAS", sector["Alpha"].siren, "in progress", "50"]
        or rows[1][0] == "Alpha SAS"
    )


def test_the_certification_watch(client, committee_member, company_a):
    CertificationFactory(
        company=company_a,
        number="GONE",
        valid_from=TODAY - datetime.timedelta(days=900),
        valid_until=TODAY - datetime.timedelta(days=3),
    )
    CertificationFactory(
        company=company_a,
        number="SOON",
        valid_from=TODAY - datetime.timedelta(days=900),
        valid_until=TODAY + datetime.timedelta(days=20),
    )
    CertificationFactory(
        company=company_a,
        number="FINE",
        valid_from=TODAY,
        valid_until=TODAY + datetime.timedelta(days=500),
    )
    CertificationFactory(
        company=company_a,
        number="WITHDRAWN",
        status="withdrawn",
        valid_from=TODAY - datetime.timedelta(days=900),
        valid_until=TODAY - datetime.timedelta(days=3),
    )
    client.force_login(committee_member)
    url = reverse("followup:certification_watch")
    numbers = lambda response: {c.number for c in response.context["page"].object_list}  # noqa: E731
    assert numbers(client.get(url)) == {"GONE", "SOON"}
    assert numbers(client.get(url, {"quoi": "expired"})) == {"GONE"}
    assert numbers(client.get(url, {"quoi": "soon"})) == {"SOON"}
    assert numbers(client.get(url, {"quoi": "<b>"})) == {"GONE", "SOON"}
    export = client.get(reverse("followup:certification_export", args=["csv"]))
    assert export.content.decode("utf-8-sig").count("\n") == 3


def _sector_of(count: int, campaign):
    for index in range(count):
        company = CompanyFactory()
        report_with_answers(
            company,
            campaign,
            ["validated", "submitted", "returned", "draft"][index % 4],
            [("2.1", "in_progress", 40), ("1.5", "achieved", 100)],
            {"jobs_created_total": 10, "jobs_created_france": 7},
        )
        CertificationFactory(company=company)
        CallNumber.objects.create(company=company, number="0825123456", purpose="complaints")


def _query_counts(client, urls) -> dict[str, int]:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    counts = {}
    for url in urls:
        with CaptureQueriesContext(connection) as captured:
            assert client.get(url).status_code == 200
        counts[url] = len(captured)
    return counts


def test_queries_are_the_same_for_5_and_for_50_companies(client, committee_member):
    campaign = CampaignFactory()
    CampaignFactory(
        name="Ancienne",
        period_start=D(2020, 1, 1),
        period_end=D(2020, 12, 31),
        opens_on=D(2021, 1, 1),
        deadline=D(2021, 3, 1),
        status="closed",
    )
    _sector_of(5, campaign)
    client.force_login(committee_member)
    some_company = Report.objects.filter(company__isnull=False).first().company
    urls = [
        reverse("followup:dashboard"),
        reverse("followup:dashboard") + "?tri=-axis2&status=validated",
        reverse("followup:dashboard") + "?tri=-share",
        reverse("followup:dashboard") + "?tri=certifications&page=2",
        reverse("followup:dashboard_export", args=["csv"]),
        reverse("followup:dashboard_export", args=["csv"]) + "?tri=-axis1&status=missing",
        reverse("followup:dashboard_export", args=["csv"]) + "?status=non_communicating",
        reverse("followup:company_follow_up", args=[some_company.pk]),
        reverse("followup:measure_detail", args=[Measure.objects.get(code="2.1").pk]),
        reverse("followup:certification_watch"),
    ]
    with_5 = _query_counts(client, urls)
    _sector_of(45, campaign)
    CampaignFactory(
        name="Plus ancienne",
        period_start=D(2019, 1, 1),
        period_end=D(2019, 12, 31),
        opens_on=D(2020, 1, 1),
        deadline=D(2020, 3, 1),
        status="closed",
    )
    assert _query_counts(client, urls) == with_5
    # session, user, savepoint and release, campaigns, headline, page, the page's
    # progress, jobs and certifications, progress per axis, who reports on each axis,
    # axis 4 from the register of public contracts, axis 5 from the committee's work
    # streams, certification counts, companies with a flagged customer-service number,
    # measures; unfiltered, the table's count is the headline's; filtered, it is one more.
    assert with_5[urls[0]] == 17
    assert with_5[urls[1]] == 18


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_text_that_looks_like_a_formula_is_exported_as_text(
    client, committee_member, sector, past_campaigns, fmt
):
    """CSV/formula injection: a company named like a formula must not run in a spreadsheet."""
    from openpyxl import load_workbook

    alpha = sector["Alpha"]
    alpha.legal_name = '=HYPERLINK("https://evil.example","Cliquez")'
    alpha.save()
    client.force_login(committee_member)
    response = client.get(
        reverse("followup:dashboard_export", args=[fmt]), {"campagne": past_campaigns[1].pk}
    )
    if fmt == "csv":
        rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
        names = [row[0] for row in rows]
    else:
        sheet = load_workbook(io.BytesIO(response.content)).active
        names = [row[0].value for row in sheet.iter_rows()]
        assert all(row[0].data_type == "s" for row in sheet.iter_rows())  # no formula cell
    assert "'" + alpha.legal_name in names
    assert alpha.legal_name not in names


def test_numbers_and_a_lone_dash_are_exported_unchanged():
    from core.exports import as_text_cell

    assert as_text_cell(-5) == -5
    assert as_text_cell("-") == "-"
    assert as_text_cell("+33 1 23 45 67 89") == "'+33 1 23 45 67 89"
    assert as_text_cell("@somme") == "'@somme"
    assert as_text_cell("Alpha") == "Alpha"


def _row_of(html: str, name: str) -> str:
    start = html.index(f">{name}</a>")
    return html[html.rindex("<tr>", 0, start) : html.index("</tr>", start) + 5]


def test_the_table_rows_as_the_committee_reads_them(
    client, committee_member, sector, past_campaigns
):
    alpha = sector["Alpha"]
    alpha.legal_name = "Alpha & <Fils> SAS"
    alpha.save()
    CertificationFactory(
        company=alpha,
        scheme="other",
        scheme_other="Label « Relation client »",
        valid_from=TODAY - datetime.timedelta(days=30),
        valid_until=D(TODAY.year + 2, 3, 1),
    )
    client.force_login(committee_member)
    page = client.get(reverse("followup:dashboard"), {"campagne": past_campaigns[1].pk})
    html = page.content.decode()
    report = Report.objects.get(company=alpha, campaign=past_campaigns[1])
    until = f"1er mars {TODAY.year + 2}"
    assert _row_of(html, "Alpha &amp; &lt;Fils&gt; SAS") == (
        f'<tr><th scope="row"><a href="/suivi/entreprises/{alpha.pk}/">Alpha &amp; &lt;Fils&gt; '
        f'SAS</a> <span class="muted">{alpha.siren_display}</span></th>'
        "<td>Prestataire</td><td>SP2C</td>"
        f'<td><a href="/suivi/rapports/{report.pk}/"><span class="status status--validated">'
        "Validé</span></a></td>"
        '<td class="num">—</td><td class="num">75 %</td><td class="num">—</td>'
        '<td class="num">—</td><td class="num">—</td>'
        f'<td class="num"><abbr title="Label « Relation client » · {until}">Label « Rel…'
        "</abbr></td>"
        '<td class="num">80 % <span class="muted-inline">(8/10)</span></td></tr>'
    )
    # Past the grace period, a draft or no report at all reads non-communicating; a draft
    # links nowhere and shows no figures.
    assert (
        '<span class="status status--non-communicating">Non communicante</span></td>'
        '<td class="num">—</td>'
    ) in _row_of(html, "Delta SAS")
    assert "status--non-communicating" in _row_of(html, "Echo SAS")
    assert "Entreprises 1 à 6 sur 6" in html  # the expected companies, as the headline
    assert "<strong>6</strong> entreprises attendues" in html
    filtered = client.get(
        reverse("followup:dashboard"), {"campagne": past_campaigns[1].pk, "status": "missing"}
    )
    assert "Entreprises 1 à 3 sur 3" in filtered.content.decode()


def test_the_filters_show_what_was_asked_for_in_the_readers_language(
    client, committee_member, sector
):
    """Each request shows the values it asked for, in its reader's language, whatever
    was asked before."""
    client.force_login(committee_member)
    url = reverse("followup:dashboard")
    for kind, other in [("client", "outsourcer"), ("outsourcer", "client")]:
        html = client.get(url, {"kind": kind, "q": "Alpha <b>"}).content.decode()
        assert f'<option value="{kind}" selected>' in html
        assert f'<option value="{other}" selected>' not in html
        assert 'value="Alpha &lt;b&gt;"' in html
        assert "Toutes les fédérations" in html
    html = client.get(url).content.decode()
    assert "selected>" in html  # the empty choices
    assert '<option value="client" selected>' not in html
    assert 'name="q" maxlength="200" id="id_q">' in html  # nothing typed
    client.cookies["django_language"] = "en"
    html = client.get(url, {"kind": "client"}).content.decode()
    assert '<option value="client" selected>Client company</option>' in html
    assert "All federations" in html
    html = client.get(url, {"kind": "<nonsense>"}).content.decode()
    assert 'aria-invalid="true"' in html
    assert '<option value="client" selected>' not in html
    # Values holding a colon are shown as they were typed.
    assert 'value="a"' in client.get(url, {"q": "a", "kind": "client:"}).content.decode()
    html = client.get(url, {"q": "a:client"}).content.decode()
    assert 'value="a:client"' in html
    assert 'aria-invalid="true"' not in html


def test_the_axis_chart_and_table_follow_the_figures(
    client, committee_member, sector, past_campaigns
):
    """The chart and the table of progress per axis show the figures of the moment."""
    client.force_login(committee_member)
    url = reverse("followup:dashboard")
    params = {"campagne": past_campaigns[1].pk}
    html = client.get(url, params).content.decode()
    assert '<td class="num">1 <span class="muted-inline">(33,3 %)</span></td>' in html
    delta = Report.objects.get(company=sector["Delta"], campaign=past_campaigns[1])
    delta.status = "validated"  # its answer to 2.1: achieved at 100%
    delta.save()
    html = client.get(url, params).content.decode()
    assert '<td class="num">2 <span class="muted-inline">(50,0 %)</span></td>' in html
    assert "(33,3 %)" not in html
    client.cookies["django_language"] = "en"
    html = client.get(url, params).content.decode()
    assert '<td class="num">2 <span class="muted-inline">(50.0 %)</span></td>' in html
    assert "Commitments per axis and mean progress" in html


# --- The default campaign and non-communicating companies ------------------------------------


@pytest.fixture
def next_year(past_campaigns):
    """A campaign prepared for the next period: open, but its opening date is ahead."""
    return CampaignFactory(
        name="Campagne à venir",
        period_start=D(TODAY.year, 1, 1),
        period_end=D(TODAY.year, 12, 31),
        opens_on=TODAY + datetime.timedelta(days=60),
        deadline=TODAY + datetime.timedelta(days=120),
        status="open",
    )


def test_a_campaign_not_yet_open_is_not_the_default(
    client, committee_member, sector, past_campaigns, next_year
):
    client.force_login(committee_member)
    measure = Measure.objects.get(code="2.1")
    pages = (
        ("followup:dashboard", []),
        ("followup:measure_detail", [measure.pk]),
        ("results:barometer", []),
        ("results:palmares", []),
        ("results:palmares_mismatches", []),
    )
    for name, args in pages:
        response = client.get(reverse(name, args=args))
        assert response.context["campaign"] == past_campaigns[1], name
        # It can still be chosen.
        chosen = client.get(reverse(name, args=args), {"campagne": next_year.pk})
        assert chosen.context["campaign"] == next_year, name
    export = client.get(reverse("followup:dashboard_export", args=["csv"]))
    assert "suivi-2024-entreprises" in export["Content-Disposition"]


def test_the_newest_campaign_is_the_default_while_none_has_opened(client, committee_member):
    coming = CampaignFactory(opens_on=TODAY + datetime.timedelta(days=5))
    client.force_login(committee_member)
    assert client.get(reverse("followup:dashboard")).context["campaign"] == coming


def _csv_reports(client, campaign, **params) -> dict[str, str]:
    response = client.get(
        reverse("followup:dashboard_export", args=["csv"]), {"campagne": campaign.pk, **params}
    )
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    return {row[0]: row[4] for row in rows[1:]}


def test_non_communicating_companies_in_the_filter_and_the_export(
    client, committee_member, sector, past_campaigns
):
    client.force_login(committee_member)
    current = past_campaigns[1]
    assert _csv_reports(client, current) == {
        "Alpha SAS": "Validé",
        "Bravo SAS": "Soumis",
        "Charlie SAS": "Renvoyé pour modification",
        "Delta SAS": "non communicante",
        "Echo SAS": "non communicante",
        "Foxtrot SAS": "non communicante",
    }
    filtered = _csv_reports(client, current, status="non_communicating")
    assert sorted(filtered) == ["Delta SAS", "Echo SAS", "Foxtrot SAS"]
    page = client.get(
        reverse("followup:dashboard"), {"campagne": current.pk, "status": "non_communicating"}
    )
    assert "Entreprises 1 à 3 sur 3" in page.content.decode()
    assert page.context["headline"].non_communicating == 3


def test_before_the_grace_period_ends_no_one_is_non_communicating(
    client, committee_member, company_a
):
    campaign = CampaignFactory()
    client.force_login(committee_member)
    assert _csv_reports(client, campaign) == {"Alpha Contact SAS": "non soumis"}
    assert _csv_reports(client, campaign, status="non_communicating") == {}
    page = client.get(reverse("followup:dashboard")).content.decode()
    assert "status--non-communicating" not in page


@pytest.mark.parametrize("state", [None, "draft", "submitted", "returned", "validated"])
@pytest.mark.parametrize("past", [True, False])
def test_the_filter_and_the_rule_agree(committee_member, company_a, state, past):
    """The table's SQL filter and ``Campaign.is_non_communicating`` say the same."""
    from followup.selectors import dashboard as selectors

    campaign = CampaignFactory()
    if state:
        Report.objects.create(campaign=campaign, company=company_a, status=state)
    today = campaign.closes_on + datetime.timedelta(days=1 if past else 0)
    filters = selectors.CompanyFilters(status=selectors.NON_COMMUNICATING)
    listed = list(selectors.company_table(campaign, filters, today))
    assert bool(listed) == campaign.is_non_communicating(state, today)


# --- The dashboard's figures and the models' rules ---------------------------------------


@pytest.mark.parametrize("status", Report.Status.values)
def test_a_report_is_communicated_by_one_rule(company_a, status):
    campaign = CampaignFactory()
    report = Report.objects.create(campaign=campaign, company=company_a, status=status)
    communicated = Report.objects.communicated().filter(pk=report.pk).exists()
    assert communicated == report.is_communicated == (status != "draft")
    after_grace = campaign.closes_on + datetime.timedelta(days=1)
    assert campaign.is_non_communicating(status, after_grace) == (not communicated)
