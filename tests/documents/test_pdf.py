"""The PDF documents: the campaign report, a company's report card and its adhesion
certificate, read back with pypdf and checked against the database; their metadata,
bookmarks and language; escaping; the selectors' query budgets."""

import datetime
import io
from decimal import Decimal
from types import SimpleNamespace

import pytest
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext
from pypdf import PdfReader

from charter.models import Measure
from documents import pdf, selectors
from followup.models import ReportEvent, ReviewComment
from followup.selectors.dashboard import headline
from procurement.models import PublicContract
from results.models import Publication, ScoringMethod
from results.selectors.barometer import barometer_figures
from results.selectors.palmares import palmares_compute
from signatories.models import Commitment, Company, CompanyKind
from tests.factories import (
    CampaignFactory,
    CertificationFactory,
    CompanyFactory,
    PublicContractFactory,
    UserFactory,
    report_with_answers,
)
from tests.results.publishing import publish_now

pytestmark = pytest.mark.django_db
D = datetime.date
SCRIPT_NAME = "<script>alert('x')</script> Delta SAS"


# --- Data ------------------------------------------------------------------------------------


def jobs(total, france, headcount_france, headcount_abroad) -> dict:
    return {
        "jobs_created_total": total,
        "jobs_created_france": france,
        "headcount_france": headcount_france,
        "headcount_abroad": headcount_abroad,
    }


def make_campaign():
    """Campaign 2024, closed and past its grace period, after campaign 2023."""
    CampaignFactory(
        name="Campagne 2023",
        period_start=D(2023, 1, 1),
        period_end=D(2023, 12, 31),
        opens_on=D(2024, 1, 15),
        deadline=D(2024, 3, 31),
        status="closed",
    )
    return CampaignFactory(
        name="Campagne 2024",
        period_start=D(2024, 1, 1),
        period_end=D(2024, 12, 31),
        opens_on=D(2025, 1, 15),
        deadline=D(2025, 3, 31),
        status="closed",
    )


def make_sector(campaign) -> dict:
    """Six companies expected: three validated, one submitted, one draft, one silent."""

    def company(name, kind, federation):
        return CompanyFactory(
            legal_name=name, kind=kind, federation=federation, adhered_on=D(2015, 1, 1)
        )

    c = {
        "alpha": company("Alpha Contact SAS", CompanyKind.OUTSOURCER, "sp2c"),
        "bravo": company("Bravo Relation SA", CompanyKind.CLIENT, "afrc"),
        "charlie": company("Charlie Appels SARL", CompanyKind.IN_HOUSE, "none"),
        "delta": company(SCRIPT_NAME, CompanyKind.OUTSOURCER, "sp2c"),
        "echo": company("Echo Conseil SAS", CompanyKind.CLIENT, "afrc"),
        "foxtrot": company("Foxtrot Services SAS", CompanyKind.CLIENT, "none"),
    }
    c["alpha_report"] = report_with_answers(
        c["alpha"],
        campaign,
        "validated",
        [("2.1", "achieved", 100), ("2.2", "in_progress", 55)],
        jobs(100, 80, 500, 100),
    )
    report_with_answers(
        c["bravo"],
        campaign,
        "validated",
        [("2.1", "in_progress", 40), ("2.2", "not_started", 0)],
        jobs(50, 20, 300, 200),  # 40 % in France: below the 60 % threshold
    )
    report_with_answers(
        c["charlie"], campaign, "validated", [("2.1", "achieved", 100)], jobs(30, 27, 200, 0)
    )
    report_with_answers(
        c["delta"], campaign, "submitted", [("2.1", "in_progress", 30)], jobs(10, 10, 50, 0)
    )
    report_with_answers(c["foxtrot"], campaign, "draft", [("2.1", "achieved", 100)])
    Commitment.objects.create(company=c["echo"], measure=Measure.objects.get(code="1.5"))
    return c


def publish_palmares(campaign, user) -> Publication:
    method = ScoringMethod.objects.order_by("-version").first()
    return publish_now(
        kind=Publication.Kind.PALMARES,
        campaign=campaign,
        method=method,
        data=palmares_compute(campaign=campaign, method=method),
        user=user,
    )


@pytest.fixture
def campaign(db):
    return make_campaign()


@pytest.fixture
def sector(campaign):
    return make_sector(campaign)


@pytest.fixture(scope="module")
def reports(django_db_setup, django_db_blocker):
    """The campaign report of ``sector``, rendered twice for the tests of the module (a
    rendering takes seconds), with what the database said meanwhile; the data is then
    taken away:

    - ``english``: before any palmarès is published, the steps of its progress kept;
    - ``french``: once the palmarès is published, the queries it made counted, and those
      of its selectors alone (``reads``).
    """
    with django_db_blocker.unblock(), transaction.atomic():
        campaign = make_campaign()
        sector = make_sector(campaign)
        steps = []
        english = pdf.render_campaign_report(
            campaign=campaign, language="en", on_progress=lambda p, s: steps.append((p, s))
        )
        palmares = publish_palmares(campaign, UserFactory(is_committee_member=True))
        with CaptureQueriesContext(connection) as reads:
            selectors.campaign_report_data(campaign)
        with CaptureQueriesContext(connection) as everything:
            french = pdf.render_campaign_report(campaign=campaign, language="fr")
        made = SimpleNamespace(
            english=english,
            english_text=text_of(english.content),
            steps=steps,
            french=french,
            french_text=text_of(french.content),
            reads=len(reads),
            queries=len(everything),
            headline=headline(campaign),
            barometer=barometer_figures(campaign),
            palmares_rows=palmares.data["rows"],
            alpha_siren=sector["alpha"].siren_display,
        )
        transaction.set_rollback(True)
    return made


def text_of(content: bytes) -> str:
    """The PDF's text, every run of white space (non-breaking ones too) as one space."""
    reader = PdfReader(io.BytesIO(content))
    return " ".join(" ".join(page.extract_text().split()) for page in reader.pages)


def outline_of(content: bytes) -> list[tuple[int, str]]:
    """The bookmarks as (level, title), level 1 at the top."""
    reader = PdfReader(io.BytesIO(content))

    def walk(items, level):
        for item in items:
            if isinstance(item, list):
                yield from walk(item, level + 1)
            else:
                yield level, item.title

    return list(walk(reader.outline, 1))


def figure(value, decimals: int = 0) -> str:
    """A number as the French PDF prints it, white space normalised."""
    return f"{value:,.{decimals}f}".replace(",", " ").replace(".", ",")


# --- The campaign report ---------------------------------------------------------------------


def test_the_campaign_report_gives_the_database_figures(reports):
    text = reports.french_text

    figures = reports.headline
    assert (figures.expected, figures.response_rate) == (6, 66.7)
    assert f"{figure(figures.response_rate, 1)} %" in text  # 66,7 %
    barometer = reports.barometer
    assert barometer["overall"]["jobs_total"] == 180
    assert barometer["overall"]["share_france"] == 70.6
    assert "180" in text and "70,6" in text
    assert "Bravo Relation SA" in text.split("Entreprises sous le seuil")[1]  # for the committee
    top = reports.palmares_rows[0]
    assert top["rank"] == 1
    assert f"1 {top['company']}" in text
    assert reports.alpha_siren in text
    appendix = text[text.index("attendues pour cette campagne") :]
    assert "Alpha Contact SAS SIREN " + reports.alpha_siren in appendix
    assert "Validé" in appendix and "Soumis" in appendix and "Brouillon" in appendix
    assert "réalisé 100 %" in appendix and "en cours 55 %" in appendix


def test_the_campaign_report_is_paged_titled_and_bookmarked(reports):
    rendered = reports.english
    reader = PdfReader(io.BytesIO(rendered.content))

    assert rendered.pages == len(reader.pages) > 3
    assert f"page 1 / {rendered.pages}" in reports.english_text
    cover, contents = (" ".join(page.extract_text().split()) for page in reader.pages[:2])
    assert "Campaign report Campagne 2024" in cover
    assert "Customer-relations charter · Campagne 2024" not in cover  # no running header
    assert "Customer-relations charter · Campagne 2024" in contents
    assert reader.metadata.title == "Campaign report: Campagne 2024"
    assert reader.metadata.author == "Follow-up committee of the customer-relations charter"
    assert reader.trailer["/Root"]["/Lang"] == "en"
    assert rendered.data_read_at.tzinfo is not None
    outline = outline_of(rendered.content)
    top = [title for level, title in outline if level == 1]
    assert top[-5:] == [
        "The campaign in figures",
        "Employment barometer",
        "Palmarès",
        "Synthesis per measure",
        "Appendix: the companies",
    ]
    appendix = outline[[title for _level, title in outline].index("Appendix: the companies") :]
    assert (2, "Alpha Contact SAS") in appendix
    assert (2, SCRIPT_NAME) in appendix


def test_the_contents_give_the_sections_pages(reports):
    contents = reports.english_text.split("Contents")[1].split("The campaign in figures", 2)[1]
    assert contents.lstrip(" .").split()[0] == "3"  # after the cover and the contents


def test_the_report_is_in_the_language_asked_for(reports):
    english, french = reports.english_text, reports.french_text

    assert "Employment barometer" in english and "31 December 2024" in english
    assert "Baromètre Emploi" in french and "31 décembre 2024" in french
    assert "Employment barometer" not in french
    assert "No palmarès has been published for this campaign." in english


def test_the_report_states_the_whole_rule_that_hides_groups(reports):
    """The same rule as the public barometer's: the size of a group, the share one company
    may hold, and the groups hidden with it."""
    text = " ".join(reports.english_text.split())
    assert "fewer than 3 companies, or when one company holds more than 85% of its jobs" in text
    assert "by subtracting the published groups from the total" in text


def test_a_company_name_is_printed_as_text(reports):
    for rendered, text in [
        (reports.english, reports.english_text),
        (reports.french, reports.french_text),
    ]:
        assert SCRIPT_NAME in text
        assert b"/JavaScript" not in rendered.content and b"/JS " not in rendered.content


def test_progress_is_reported_until_done(reports):
    steps = reports.steps
    assert steps[0] == (5, "Reading the data")
    assert steps[-1] == (100, "Done")
    percents = [percent for percent, _step in steps]
    assert percents == sorted(percents)
    assert any(step.startswith("Writing") for _percent, step in steps)


def test_rendering_reads_nothing_after_the_selectors(reports):
    assert reports.queries == reports.reads == 30


def test_the_synthesis_per_measure_sums_the_numbers(sector, campaign):
    measures = selectors.charter_measures(selectors.current_charter())
    synthesis = {row.measure.code: row for row in selectors.measure_synthesis(campaign, measures)}

    training = synthesis["2.1"]  # the draft is not counted
    assert (training.answers, training.achieved, training.in_progress) == (4, 2, 2)
    assert training.mean_percent == Decimal("67.5")  # (100 + 40 + 100 + 30) / 4
    located = {f.indicator.code: f for f in synthesis["2.2"].indicators}
    assert located["jobs_created_total"].total == 190  # 100 + 50 + 30 + 10
    assert located["jobs_created_total"].answers == 4
    assert located["jobs_created_total"].mean == Decimal("47.50")


def test_the_synthesis_takes_measure_4_1_from_the_register(sector, campaign):
    """The State's contracts awarded during the campaign's period, not what a report once
    typed: one buyer, at its share of contracts to labelled providers."""
    day = campaign.period_start + datetime.timedelta(days=30)
    labelled, *_ = [PublicContractFactory(awarded_on=day) for _ in range(4)]
    PublicContract.objects.filter(pk=labelled.pk).update(labelled=True, no_label_reason="")
    PublicContractFactory(awarded_on=campaign.period_start - datetime.timedelta(days=1))
    measures = selectors.charter_measures(selectors.current_charter())

    row = {r.measure.code: r for r in selectors.measure_synthesis(campaign, measures)}["4.1"]

    assert (row.answers, row.achieved, row.in_progress, row.not_started) == (1, 0, 1, 0)
    assert row.mean_percent == Decimal("25.0")
    counts = {f.indicator.code: (f.answers, f.total) for f in row.indicators}
    assert counts == {"public_contracts_awarded": (1, 4), "public_contracts_labelled": (1, 1)}


# --- The company's report card ---------------------------------------------------------------


@pytest.fixture
def reviewed(sector, campaign, committee_member):
    """Alpha's report: submitted, returned with a reason, answered, validated; a comment."""
    contributor = UserFactory(full_name="Anne Contributrice")
    the_report = sector["alpha_report"]
    moment = datetime.datetime(2025, 2, 1, 10, 0, tzinfo=datetime.UTC)
    for days, action, user, message in [
        (0, "submitted", contributor, ""),
        (3, "returned", committee_member, "Merci de préciser les sites."),
        (4, "answered", contributor, "Les sites sont Lille et Douai."),
        (4, "resubmitted", contributor, ""),
        (9, "validated", committee_member, ""),
    ]:
        ReportEvent.objects.create(
            report=the_report,
            action=action,
            user=user,
            message=message,
            at=moment + datetime.timedelta(days=days),
        )
    ReviewComment.objects.create(
        progress=the_report.progress.get(measure__code="2.2"),
        author=committee_member,
        text="Le taux de 55 % est à justifier.",
    )
    Commitment.objects.filter(company=sector["alpha"], measure__code="2.2").update(
        target="Au moins 60 % des emplois créés en France", due_on=D(2026, 12, 31)
    )
    CertificationFactory(company=sector["alpha"], number="NF-424242")
    return sector["alpha"]


def test_the_card_gives_the_company_answers_and_review(reviewed, campaign):
    rendered = pdf.render_company_card(company=reviewed, campaign=campaign, language="fr")
    text = text_of(rendered.content)

    assert rendered.pages >= 1 and f"page 1 / {rendered.pages}" in text
    assert "Alpha Contact SAS" in text and reviewed.siren_display in text
    assert "réalisé 100 %" in text and "en cours 55 %" in text
    assert "Au moins 60 % des emplois créés en France" in text and "31 décembre 2026" in text
    assert "80,0" in text and "60" in text  # share in France against the threshold
    assert "NF-424242" in text
    assert "Merci de préciser les sites." in text and "Les sites sont Lille et Douai." in text
    assert "Anne Contributrice" in text and "Le taux de 55 % est à justifier." in text
    reader = PdfReader(io.BytesIO(rendered.content))
    assert reader.metadata.title == "Fiche de l'entreprise\xa0: Alpha Contact SAS"
    assert reader.metadata.author


def test_the_card_flags_a_share_below_the_threshold(sector, campaign):
    rendered = pdf.render_company_card(company=sector["bravo"], campaign=campaign, language="en")
    text = text_of(rendered.content)

    assert "40.0" in text
    assert "below the threshold in force" in text


def test_the_card_takes_the_latest_campaign_with_a_report(sector, campaign):
    CampaignFactory(name="Brouillon 2025", status="draft")
    rendered = pdf.render_company_card(company=sector["alpha"], campaign=None, language="en")

    assert "Campagne 2024" in text_of(rendered.content)
    assert selectors.card_campaign(sector["echo"]) is None
    none_yet = pdf.render_company_card(company=sector["echo"], campaign=None, language="en")
    assert "no report for any campaign yet" in text_of(none_yet.content)


def test_the_card_keeps_a_draft_to_its_company(sector, campaign):
    text = text_of(
        pdf.render_company_card(company=sector["foxtrot"], campaign=campaign, language="en").content
    )

    assert "The report is a draft" in text
    assert "100 %" not in text


# --- The adhesion certificate ----------------------------------------------------------------


def test_the_certificate_names_the_company_on_one_page(company_a):
    rendered = pdf.render_adhesion_certificate(company=company_a, language="en")
    text = text_of(rendered.content)

    assert rendered.pages == 1 and "page 1 / 1" in text
    assert "Adhesion certificate" in text
    assert "Alpha Contact SAS" in text and company_a.siren_display in text
    assert "1 March 2011" in text
    assert f"ADH-2011-{company_a.siren}" in text
    reader = PdfReader(io.BytesIO(rendered.content))
    assert reader.metadata.title == "Adhesion certificate: Alpha Contact SAS"


def test_the_certificate_is_refused_to_a_company_that_does_not_adhere(db):
    for status in ("applicant", "suspended", "withdrawn"):
        with pytest.raises(ValueError, match="active"):
            pdf.render_adhesion_certificate(company=CompanyFactory(status=status), language="fr")


# --- Safety ----------------------------------------------------------------------------------


def test_nothing_is_fetched_outside_the_static_files(tmp_path):
    (tmp_path / "print.css").write_text("p { color: red }")
    fetcher = pdf.local_files_only(tmp_path)

    assert fetcher.fetch((tmp_path / "print.css").as_uri()).read() == b"p { color: red }"
    for url in (
        "https://example.org/font.woff2",
        "http://127.0.0.1:8000/admin/",
        "data:text/css,p{}",
        "file:///etc/passwd",
        (tmp_path / ".." / "elsewhere.css").as_uri(),
    ):
        with pytest.raises(ValueError, match="Refused"):
            fetcher.fetch(url)


def test_a_css_string_cannot_close_its_style_element():
    written = pdf.css_string('Campagne "2024" </style><script>\\\n')

    assert written.startswith('"') and written.endswith('"')
    assert "<" not in written and "\n" not in written and '"2024' not in written


# --- Query budgets ---------------------------------------------------------------------------


def _sector_of(count: int, campaign) -> None:
    for index in range(count):
        company = CompanyFactory()
        report_with_answers(
            company,
            campaign,
            ["validated", "submitted", "returned", "draft"][index % 4],
            [("2.1", "in_progress", 40), ("1.5", "achieved", 100)],
            jobs(10, 7, 100, 5),
        )
        CertificationFactory(company=company)


def _query_counts(campaign) -> dict[str, int]:
    company = Company.objects.filter(reports__status="validated").order_by("pk").first()
    reads = {
        "campaign report": lambda: selectors.campaign_report_data(campaign),
        "card": lambda: selectors.company_card_data(company, campaign),
        "card campaign": lambda: selectors.card_campaign(company),
        "certificate": lambda: selectors.certificate_data(company),
    }
    counts = {}
    for name, read in reads.items():
        with CaptureQueriesContext(connection) as captured:
            read()
        counts[name] = len(captured)
    return counts


def test_queries_are_the_same_for_5_and_for_50_companies(campaign):
    _sector_of(5, campaign)
    with_5 = _query_counts(campaign)
    _sector_of(45, campaign)

    assert _query_counts(campaign) == with_5
    assert with_5 == {"campaign report": 30, "card": 10, "card campaign": 1, "certificate": 2}


def test_direction_controls_typed_in_a_name_are_taken_out_of_the_pdf(sector, campaign):
    """A right-to-left override in a name would reverse the document's words after it."""
    company = sector["bravo"]
    company.legal_name = "Bravo \u202eContact SAS"
    company.save()
    rendered = pdf.render_company_card(company=company, campaign=campaign, language="en")
    text = text_of(rendered.content)
    assert "Bravo Contact SAS" in text
    assert "\u202e" not in text
