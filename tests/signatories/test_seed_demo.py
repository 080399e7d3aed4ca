import datetime
import io
import sys
from collections import Counter

import pytest
from django.core.management import CommandError, call_command
from django.db import transaction
from django.http import HttpRequest
from django.test import override_settings
from django.urls import reverse

from accounts.models import Membership, User
from charter.models import Measure
from followup.models import Campaign, IndicatorValue, Progress, Report, ReportEvent, ReviewComment
from followup.selectors import dashboard as selectors
from followup.selectors.registry import certification_mismatches
from results.models import Publication
from signatories.demo import committee_user
from signatories.models import (
    AdhesionApplication,
    Certification,
    Commitment,
    Company,
    CompanyKind,
    Signatory,
    Site,
)

pytestmark = pytest.mark.django_db


def snapshot() -> dict:
    """Everything seed_demo makes, without database ids, in a stable order."""
    return {
        "companies": list(
            Company.objects.order_by("siren").values_list(
                "legal_name", "siren", "kind", "federation", "status", "adhered_on", "website"
            )
        ),
        "sites": sorted(
            Site.objects.values_list(
                "company__siren", "name", "city", "country", "seats", "headcount"
            )
        ),
        "certifications": sorted(
            Certification.objects.values_list(
                "company__siren",
                "scheme",
                "number",
                "issuer",
                "valid_from",
                "valid_until",
                "status",
            )
        ),
        "commitments": sorted(
            Commitment.objects.values_list("company__siren", "measure__code", "target", "due_on")
        ),
        "members": sorted(Membership.objects.values_list("user__email", "company__siren")),
        "campaigns": list(
            Campaign.objects.order_by("period_start").values_list(
                "name", "period_start", "opens_on", "deadline", "status"
            )
        ),
        "reports": sorted(
            Report.objects.values_list(
                "campaign__name", "company__siren", "signatory__acronym", "committee", "status"
            ),
            key=str,
        ),
        "progress": sorted(
            Progress.objects.values_list(
                "report__company__siren",
                "report__signatory__acronym",
                "report__committee",
                "measure__code",
                "status",
                "percent",
            ),
            key=str,
        ),
        "values": sorted(
            IndicatorValue.objects.values_list(
                "report__campaign__name",
                "report__company__siren",
                "indicator__code",
                "number",
                "boolean",
            )
        ),
        "events": sorted(
            ReportEvent.objects.values_list(
                "report__campaign__name", "report__company__siren", "action", "at", "message"
            ),
            key=str,
        ),
        "comments": sorted(
            ReviewComment.objects.values_list(
                "progress__report__company__siren", "progress__measure__code", "text"
            )
        ),
    }


DEMO = {"companies": 60, "campaigns": 3, "seed": 1}


@pytest.fixture(scope="module")
def _demo(django_db_setup, django_db_blocker):
    """seed_demo's data (``DEMO``), made once for the module's tests (seeding takes
    seconds), inside a transaction rolled back after the module's last test; each test runs
    in a savepoint of it. What the command printed."""
    out = io.StringIO()
    with django_db_blocker.unblock():
        module_transaction = transaction.atomic()
        module_transaction.__enter__()
        try:
            with override_settings(DEBUG=True):
                call_command("seed_demo", **DEMO, stdout=out)
        except BaseException:
            module_transaction.__exit__(*sys.exc_info())
            raise
    yield out.getvalue()
    with django_db_blocker.unblock():
        transaction.set_rollback(True)
        module_transaction.__exit__(None, None, None)


@pytest.fixture
def demo(_demo, db):
    """What seed_demo printed when it made the module's data."""
    return _demo


@pytest.fixture
def debug(settings):
    settings.DEBUG = True


def test_the_same_seed_gives_the_same_data(demo, debug):
    first = snapshot()
    call_command("seed_demo", **DEMO, reset=True, stdout=io.StringIO())
    assert snapshot() == first
    call_command("seed_demo", **{**DEMO, "seed": 8}, reset=True, stdout=io.StringIO())
    assert snapshot() != first


def test_it_makes_realistic_data_of_every_kind(demo):
    companies = Company.objects.all()
    assert companies.count() == 60
    assert set(companies.values_list("kind", flat=True)) == set(CompanyKind.values)
    assert set(companies.values_list("federation", flat=True)) == {"afrc", "sp2c", "none"}
    assert set(companies.values_list("status", flat=True)) == set(Company.Status.values)
    assert Site.objects.filter(country="FR").exists()
    # sites abroad, in several countries (Morocco, Tunisia, Senegal, Mauritius, Portugal...)
    abroad = set(Site.objects.exclude(country="FR").values_list("country", flat=True))
    assert len(abroad) >= 3
    assert Certification.objects.exists() and Commitment.objects.exists()
    # certificates with end dates: some past, some ending within 90 days, most running on
    today = datetime.date.today()
    ends = list(Certification.objects.values_list("valid_until", "status"))
    assert any(end < today for end, _ in ends)
    assert any(today <= end <= today + datetime.timedelta(days=90) for end, _ in ends)
    assert any(end > today + datetime.timedelta(days=90) for end, _ in ends)
    assert all(status == "expired" for end, status in ends if end < today and status != "withdrawn")
    # reports in every state across campaigns; closed ones hold forgotten drafts too
    closed_states = set(
        Report.objects.filter(campaign__status="closed").values_list("status", flat=True)
    )
    assert closed_states == {"draft", "submitted", "returned", "validated"}
    assert AdhesionApplication.objects.pending().count() == 3
    for company in companies[:10]:
        company.full_clean()
    for commitment in Commitment.objects.select_related("measure")[:20]:
        assert commitment.measure.binds_companies
    # every active company has every mandatory measure; claims in each state
    mandatory = Measure.objects.active().mandatory_for_companies().count()
    for company in companies.filter(status="active")[:10]:
        assert company.commitments.count() >= mandatory
    claims = set(
        Commitment.objects.exclude(not_applicable="").values_list("not_applicable", flat=True)
    )
    assert {"pending", "accepted"} <= claims


def test_it_prints_four_demo_accounts_that_can_log_in(demo, client):
    for email, password in [
        ("admin@demo.example.org", "demo-admin-charte-2010"),
        ("comite@demo.example.org", "demo-comite-charte-2010"),
        ("contributeur@demo.example.org", "demo-entreprise-2010"),
        ("etat@demo.example.org", "demo-etat-charte-2010"),
    ]:
        assert email in demo and password in demo
        assert client.login(request=HttpRequest(), username=email, password=password)
    assert User.objects.get(email="admin@demo.example.org").is_superuser
    assert User.objects.get(email="comite@demo.example.org").is_committee_member
    contributor = User.objects.get(email="contributeur@demo.example.org")
    assert contributor.memberships.get().company.status == Company.Status.ACTIVE


def test_it_leaves_existing_companies_alone_without_reset(demo, debug, capsys):
    before = snapshot()
    call_command("seed_demo", companies=9, seed=2)
    assert snapshot() == before
    assert "--reset" in capsys.readouterr().out


def test_it_refuses_to_run_when_debug_is_off(demo, settings):
    settings.DEBUG = False
    before = snapshot()
    with pytest.raises(CommandError, match="DEBUG"):
        call_command("seed_demo", reset=True)
    assert snapshot() == before


def test_it_makes_campaigns_and_reports_in_every_state(demo):
    assert list(Campaign.objects.order_by("period_start").values_list("status", flat=True)) == [
        "closed",
        "closed",
        "open",
    ]
    open_campaign = Campaign.objects.get(status="open")
    assert open_campaign.accepts_reports()
    states = set(Report.objects.filter(campaign=open_campaign).values_list("status", flat=True))
    assert states == {"draft", "submitted", "returned", "validated"}
    for report in Report.objects.filter(status="returned")[:3]:
        assert report.events.filter(action="returned").exclude(message="").exists()
        assert ReviewComment.objects.filter(progress__report=report).exists()
    # certifications claimed that the registry lacks, for the committee's list
    assert certification_mismatches(campaign=Campaign.objects.get(status="open"))
    # every closed campaign's results are published, as final, for the public pages
    published = set(
        Publication.objects.current().values_list("kind", "campaign__name", "provisional")
    )
    closed = Campaign.objects.filter(status="closed").values_list("name", flat=True)
    assert published == {
        (kind, name, False) for kind in ("barometer", "palmares", "scorecards") for name in closed
    }
    # the committee's own report: validated for the closed campaigns, submitted by another
    # member than the demo's for the open one; and the signatories' reports
    committee_reports = Report.objects.filter(committee=True)
    assert set(committee_reports.values_list("campaign__status", "status")) == {
        ("closed", "validated"),
        ("open", "submitted"),
    }
    submitted = committee_reports.get(status="submitted").events.get(action="submitted")
    assert submitted.user.is_committee_member and submitted.user != committee_user()
    assert Report.objects.filter(signatory__acronym="SP2C", status="validated").exists()
    # a later version of a demo barometer is checked against what the demo published
    assert all(p.contributors for p in Publication.objects.barometer())
    # plausible figures: never more jobs in France than in all, shares within 0-100%,
    # people on the sites
    for report in Report.objects.all()[:50]:
        figures = dict(report.values.values_list("indicator__code", "number"))
        if "jobs_created_total" in figures:
            assert 0 <= figures["jobs_created_france"] <= figures["jobs_created_total"]
        if "headcount_france" in figures:
            assert figures["headcount_france"] + figures["headcount_abroad"] > 0
    shares = IndicatorValue.objects.filter(indicator__value_type="percentage")
    assert shares.exists()
    assert not shares.filter(number__lt=0).exists() and not shares.filter(number__gt=100).exists()


def test_the_demo_contributor_can_fill_the_open_campaign(demo, client):
    assert client.login(
        request=HttpRequest(),
        username="contributeur@demo.example.org",
        password="demo-entreprise-2010",
    )
    company = User.objects.get(email="contributeur@demo.example.org").memberships.get().company
    campaign = Campaign.objects.get(status="open")
    assert not Report.objects.filter(company=company, campaign=campaign).exists()
    page = client.get(reverse("followup:report_edit", args=[company.pk, campaign.pk]))
    assert page.status_code == 200
    assert 'value="submit"' in page.content.decode()


def test_the_demo_state_representative_records_public_contracts(demo, client):
    assert client.login(
        request=HttpRequest(), username="etat@demo.example.org", password="demo-etat-charte-2010"
    )
    state = User.objects.get(email="etat@demo.example.org").representations.get().signatory
    assert state.college == Signatory.College.PUBLIC_AUTHORITY
    page = client.get(reverse("procurement:contract_list", args=[state.pk]))
    assert page.status_code == 200
    assert page.context["writer"] and page.context["page"].object_list
    assert all(contract.buyer == state for contract in page.context["page"].object_list)
    assert client.get(reverse("procurement:contract_create", args=[state.pk])).status_code == 200


def test_the_demo_committee_sees_every_committee_page(demo, client):
    assert client.login(
        request=HttpRequest(),
        username="comite@demo.example.org",
        password="demo-comite-charte-2010",
    )
    for name in (
        "followup:dashboard",
        "followup:review_queue",
        "results:barometer",
        "results:palmares",
        "followup:certification_watch",
        "followup:committee_detail",
    ):
        assert client.get(reverse(name)).status_code == 200, name
    sp2c = Signatory.objects.get(acronym="SP2C")
    scorecard = client.get(reverse("followup:signatory_scorecard", args=[sp2c.pk]))
    assert [row.report.status for row in scorecard.context["rows"]] == [
        "submitted",
        "validated",
        "validated",
    ]
    # the committee's report of the open campaign, submitted by another member: the demo
    # member validates it
    report = Report.objects.get(committee=True, status="submitted")
    client.post(reverse("followup:report_validate", args=[report.pk]))
    report.refresh_from_db()
    assert report.status == "validated"
    client.logout()
    public = client.get(reverse("results:signatory_scorecard_public", args=[sp2c.pk]))
    assert len(public.context["rows"]) == 2  # both closed campaigns
    for name in ("barometer_public", "palmares_public", "scorecards_public"):
        response = client.get(reverse(f"results:{name}"))
        assert response.status_code == 200
        assert response.context["publication"] is not None, name
        assert len(response.context["publications"]) == 2, name  # both closed campaigns
    # real content: figures and named companies, not only a notice
    barometer = client.get(reverse("results:barometer_public")).context["data"]
    assert not barometer["overall"]["suppressed"]
    assert len(barometer["trend"]) == 2
    assert client.get(reverse("results:palmares_public")).context["rows"]


# --- What the demo data serves --------------------------------------------------------------


def test_the_dashboard_figures_follow_the_models_rules_on_the_demo_data(demo):
    """On the demo's data, every figure the dashboard aggregates in the database is the
    one the models' rules give company by company, in Python: companies expected, reports
    communicated, non-communicating companies (in the headline and the table's filter),
    answers per axis and current certifications."""
    companies = list(Company.objects.prefetch_related("certifications"))
    for campaign in Campaign.objects.visible_to_reporters():
        today = campaign.closes_on + datetime.timedelta(days=1)
        expected = {
            c.pk
            for c in companies
            if c.status == Company.Status.ACTIVE
            and (c.adhered_on is None or c.adhered_on <= campaign.period_end)
        }
        reports = {r.company_id: r for r in Report.objects.filter(campaign=campaign)}
        states = {pk: reports[pk].status if pk in reports else None for pk in expected}
        headline = selectors.headline(campaign, today)
        assert headline.expected == len(expected)
        counts = Counter(states.values())
        assert (headline.submitted, headline.returned, headline.validated, headline.draft) == (
            counts["submitted"],
            counts["returned"],
            counts["validated"],
            counts["draft"],
        )
        silent = {pk for pk, state in states.items() if campaign.is_non_communicating(state, today)}
        assert headline.non_communicating == headline.missing == len(silent)
        listed = selectors.company_table(
            campaign, selectors.CompanyFilters(status=selectors.NON_COMMUNICATING), today
        )
        assert {c.pk for c in listed} == silent
        rows = list(selectors.company_table(campaign, selectors.CompanyFilters(), today))
        figures = selectors.table_figures(campaign, rows, today)
        for company in companies:
            if company.pk in expected:
                current = [c.pk for c in company.certifications.all() if c.is_current(today)]
                assert sorted(c.pk for c in figures.certifications.get(company.pk, [])) == sorted(
                    current
                )
        answers = Counter(
            (progress.measure.axis.number, progress.status)
            for progress in Progress.objects.select_related("report", "measure__axis").filter(
                report__campaign=campaign
            )
            if progress.report.is_communicated
        )
        for row in selectors.axis_progress(campaign):
            if row.axis.number in selectors.ROLLED_UP:
                continue  # from a register, not from the answers
            assert row.achieved == answers[(row.axis.number, "achieved")]
            assert row.not_applicable == answers[(row.axis.number, "not_applicable")]
