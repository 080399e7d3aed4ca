"""The palmarès method version 2: criteria whose measure does not apply are left out, not
scored 0; certifications claimed count only when the registry holds them on the
campaign's last day; version 1 keeps its results; the breakdown says why; the committee's
list of mismatches and the review page show them; fixed query counts."""

import datetime

import pytest
from django.db import connection
from django.template.loader import render_to_string
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from charter.models import Measure
from followup.selectors.registry import certification_mismatches
from results.models import ScoringMethod
from results.selectors import palmares as selectors
from signatories.models import Certification, Commitment
from tests.factories import CampaignFactory, CertificationFactory, CompanyFactory
from tests.results.publishing import publish_now
from tests.results.test_palmares import make_method, make_report

pytestmark = pytest.mark.django_db

NA = Commitment.NotApplicable


def rules_method(version: int, axis_weights: dict, criteria: list, *, rules=True, progress=0):
    method = make_method(version, axis_weights, criteria, progress_weight=progress)
    method.applicability_rules = rules
    method.save()
    return method


def score_of(campaign, method, company) -> dict:
    data = selectors.palmares_compute(campaign=campaign, method=method)
    return next(row for row in data["rows"] if row["company_id"] == company.pk)


def commit(company, code, state=NA.NO, justification=""):
    return Commitment.objects.create(
        company=company,
        measure=Measure.objects.get(code=code),
        not_applicable=state,
        justification=justification or ("Sans objet." if state else ""),
    )


@pytest.fixture
def campaign():
    return CampaignFactory(name="Campagne 2025")


@pytest.fixture
def ivr_methods():
    """Axis 1 only, no progress part: dialers "no" (weight 1) and IVR "lower" (weight 1);
    with and without the applicability rules."""
    criteria = [("automated_dialers_used", "no", 1, None), ("ivr_answered_share", "lower", 1, None)]
    return (
        rules_method(20, {1: 1}, criteria, rules=True),
        rules_method(21, {1: 1}, criteria, rules=False),
    )


# --- Left out, not scored 0 -----------------------------------------------------------------


def test_a_company_that_never_committed_to_optional_ivr_loses_no_points(
    campaign, company_a, ivr_methods
):
    with_rules, without = ivr_methods
    Measure.objects.filter(code="1.6").update(optional=True)
    commit(company_a, "1.5")
    make_report(company_a, campaign, values={"automated_dialers_used": False})
    row = score_of(campaign, with_rules, company_a)
    assert row["score"] == 100.0  # the IVR criterion is left out: 100 × 1 / 1
    assert row["criteria"][1] == {
        "value": None,
        "denominator_value": None,
        "share": None,
        "score": None,
        "status": "not_applicable",
    }
    # without the rules, the missing IVR answer scores 0: (100 + 0) / 2
    assert score_of(campaign, without, company_a)["score"] == 50.0


def test_a_mandatory_measure_applies_until_the_committee_accepts_the_claim(
    campaign, company_a, ivr_methods
):
    with_rules, _without = ivr_methods
    claim = commit(company_a, "1.6", NA.PENDING)
    make_report(company_a, campaign, values={"automated_dialers_used": False})
    assert score_of(campaign, with_rules, company_a)["score"] == 50.0  # pending: applies
    claim.not_applicable = NA.REFUSED
    claim.save()
    assert score_of(campaign, with_rules, company_a)["score"] == 50.0  # refused: applies
    claim.not_applicable = NA.ACCEPTED
    claim.save()
    assert score_of(campaign, with_rules, company_a)["score"] == 100.0  # left out


def test_an_optional_measure_committed_to_is_scored(campaign, company_a, ivr_methods):
    with_rules, _without = ivr_methods
    Measure.objects.filter(code="1.6").update(optional=True)
    commit(company_a, "1.6")
    make_report(company_a, campaign, values={"automated_dialers_used": False})
    assert score_of(campaign, with_rules, company_a)["score"] == 50.0


def test_an_axis_where_nothing_applies_leaves_the_final_mean(campaign, company_a):
    method = rules_method(
        22,
        {1: 1, 2: 1},
        [("ivr_answered_share", "lower", 1, None), ("jobs_created_france", "higher", 1, None)],
        progress=1,
    )
    commit(company_a, "1.6", NA.ACCEPTED)
    # progress on 1.6 is left out with it; axis 2: (progress 40 + 60) / 2 = 50
    make_report(
        company_a,
        campaign,
        progress={"1.6": 90, "2.2": 40},
        values={"ivr_answered_share": 0, "jobs_created_france": 60},
    )
    row = score_of(campaign, method, company_a)
    assert row["axes"] == [None, 50.0]
    assert row["progress"] == [None, 40.0]
    assert row["score"] == 50.0
    # the ranking shows it as an empty cell
    display = selectors.palmares_display(
        selectors.palmares_compute(campaign=campaign, method=method)
    )
    table = render_to_string("results/palmares/ranking_table.html", display)
    assert '<strong>50,0</strong></td><td class="num"></td><td class="num">50,0</td>' in table


# --- The certification registry -------------------------------------------------------------


@pytest.fixture
def certified_method():
    return rules_method(23, {1: 1}, [("service_certification_held", "yes", 1, None)])


def certification_score(campaign, method, company) -> tuple[float, str]:
    detail = score_of(campaign, method, company)["criteria"][0]
    return detail["score"], detail["status"]


def test_a_certification_claimed_without_the_registry_scores_0_and_is_a_mismatch(
    campaign, company_a, certified_method
):
    report = make_report(company_a, campaign, values={"service_certification_held": True})
    assert certification_score(campaign, certified_method, company_a) == (0.0, "no_certificate")
    [mismatch] = certification_mismatches(campaign=campaign)
    assert (mismatch.company, mismatch.report, mismatch.day) == (
        company_a,
        report,
        campaign.period_end,
    )
    assert mismatch.registry == []


@pytest.mark.parametrize(
    ("scheme", "status", "valid_until", "counts"),
    [
        (Certification.Scheme.NF_SERVICE, "valid", datetime.date(2027, 1, 1), True),
        (Certification.Scheme.ISO_18295, "valid", datetime.date(2027, 1, 1), True),
        (Certification.Scheme.NF_SERVICE, "temporary", datetime.date(2027, 1, 1), True),
        # ended the day before the campaign's last day
        (Certification.Scheme.NF_SERVICE, "valid", "day_before", False),
        (Certification.Scheme.NF_SERVICE, "expired", datetime.date(2027, 1, 1), False),
        (Certification.Scheme.NF_SERVICE, "withdrawn", datetime.date(2027, 1, 1), False),
        # another scheme does not prove this one
        (Certification.Scheme.ISO_9001, "valid", datetime.date(2027, 1, 1), False),
    ],
)
def test_a_claimed_certification_counts_only_when_current_on_the_last_day(
    campaign, company_a, certified_method, scheme, status, valid_until, counts
):
    if valid_until == "day_before":
        valid_until = campaign.period_end - datetime.timedelta(days=1)
    CertificationFactory(
        company=company_a,
        scheme=scheme,
        status=status,
        valid_from=datetime.date(2020, 1, 1),
        valid_until=valid_until,
    )
    make_report(company_a, campaign, values={"service_certification_held": True})
    expected = (100.0, "scored") if counts else (0.0, "no_certificate")
    assert certification_score(campaign, certified_method, company_a) == expected
    mismatches = certification_mismatches(campaign=campaign)
    assert len(mismatches) == (0 if counts else 1)
    if not counts and scheme != Certification.Scheme.ISO_9001:
        assert [c.status for c in mismatches[0].registry] == [status]


def test_a_certificate_that_starts_after_the_last_day_does_not_count(
    campaign, company_a, certified_method
):
    CertificationFactory(
        company=company_a,
        valid_from=campaign.period_end + datetime.timedelta(days=1),
        valid_until=datetime.date(2030, 1, 1),
    )
    make_report(company_a, campaign, values={"service_certification_held": True})
    assert certification_score(campaign, certified_method, company_a) == (0.0, "no_certificate")


def test_the_label_is_checked_against_its_own_scheme(campaign, company_a):
    method = rules_method(24, {1: 1}, [("lrs_label_held", "yes", 1, None)])
    CertificationFactory(company=company_a, scheme=Certification.Scheme.NF_SERVICE)
    make_report(company_a, campaign, values={"lrs_label_held": True})
    assert certification_score(campaign, method, company_a) == (0.0, "no_certificate")
    CertificationFactory(company=company_a, scheme=Certification.Scheme.LRS)
    assert certification_score(campaign, method, company_a) == (100.0, "scored")


def test_no_is_not_a_claim(campaign, company_a, certified_method):
    make_report(company_a, campaign, values={"service_certification_held": False})
    assert certification_score(campaign, certified_method, company_a) == (0.0, "scored")
    assert certification_mismatches(campaign=campaign) == []


def test_drafts_claim_nothing_yet(campaign, company_a):
    make_report(company_a, campaign, status="draft", values={"service_certification_held": True})
    assert certification_mismatches(campaign=campaign) == []


def test_the_queryset_and_the_model_agree_on_a_current_certificate(company_a):
    day = datetime.date(2025, 12, 31)
    for status in Certification.Status.values:
        for start, end in (
            (day, day),
            (day - datetime.timedelta(days=1), day - datetime.timedelta(days=1)),
            (day + datetime.timedelta(days=1), day + datetime.timedelta(days=9)),
        ):
            CertificationFactory(
                company=company_a, status=status, valid_from=start, valid_until=end
            )
    current = set(Certification.objects.current_on(day).values_list("pk", flat=True))
    assert current == {c.pk for c in Certification.objects.all() if c.is_current(day)}
    assert len(current) == 2  # valid and temporary, on that very day


# --- Version 1 stays as it was ---------------------------------------------------------------


def test_version_1_scores_as_before(campaign, company_a):
    """Version 1 ignores what applies and the registry: the same figures as before."""
    version_1 = ScoringMethod.objects.get(version=1)
    assert not version_1.applicability_rules
    commit(company_a, "1.6", NA.ACCEPTED)
    make_report(
        company_a,
        campaign,
        values={"service_certification_held": True, "automated_dialers_used": False},
    )
    row = score_of(campaign, version_1, company_a)
    # axis 1 = (progress 0 + cert 100 + LRS 0 + dialers 100 + IVR 0) / 5 = 40
    # axis 2 = (progress 0 + 2 × jobs 0) / 3 = 0; axis 3 = 0; final = (40 + 0 + 0) / 4 = 10
    assert row["axes"] == [40.0, 0.0, 0.0]
    assert row["score"] == 10.0
    assert all("status" not in detail for detail in row["criteria"])


def test_version_2_is_version_1_with_the_rules():
    version_1 = ScoringMethod.objects.get(version=1)
    version_2 = ScoringMethod.objects.get(version=2)
    assert version_2.applicability_rules
    assert version_2.progress_weight == version_1.progress_weight

    def parts(method):
        return (
            sorted(method.axis_weights.values_list("axis__number", "weight")),
            sorted(
                method.criteria.values_list(
                    "indicator__code", "rule", "weight", "denominator__code"
                )
            ),
        )

    assert parts(version_2) == parts(version_1)


def test_version_2_scores_the_same_reports_differently(campaign, company_a):
    commit(company_a, "1.6", NA.ACCEPTED)
    make_report(
        company_a,
        campaign,
        values={"service_certification_held": True, "automated_dialers_used": False},
    )
    row = score_of(campaign, ScoringMethod.objects.get(version=2), company_a)
    # axis 1 = (cert 0 (not in the registry) + LRS 0 + dialers 100) / 3 = 33.3: the IVR is
    # left out, and so is the progress part (the report answers no measure of the axis)
    assert row["axes"][0] == 33.3
    statuses = [detail["status"] for detail in row["criteria"]]
    assert "not_applicable" in statuses and "no_certificate" in statuses


# --- The breakdown explains every criterion ---------------------------------------------------


def test_the_breakdown_says_left_out_and_certificate_not_found(
    client, committee_member, contributor_a, company_a, campaign
):
    method = rules_method(
        25,
        {1: 1},
        [
            ("service_certification_held", "yes", 1, None),
            ("automated_dialers_used", "no", 1, None),
            ("ivr_answered_share", "lower", 1, None),
        ],
    )
    commit(company_a, "1.6", NA.ACCEPTED)
    make_report(
        company_a,
        campaign,
        values={"service_certification_held": True, "automated_dialers_used": False},
    )
    publish_now(
        kind="palmares",
        campaign=campaign,
        method=method,
        data=selectors.palmares_compute(campaign=campaign, method=method),
        user=committee_member,
    )
    client.force_login(contributor_a)
    client.cookies["django_language"] = "en"
    page = client.get(reverse("results:company_score", args=[company_a.pk])).content.decode()
    assert "left out: does not apply" in page
    last_day = f"{campaign.period_end.day} December {campaign.period_end.year}"
    assert f"0: certificate not found in the registry on {last_day}" in page
    client.cookies["django_language"] = "fr"
    page = client.get(reverse("results:company_score", args=[company_a.pk])).content.decode()
    assert "écarté\u00a0: ne s'applique pas" in page
    assert "certificat absent du registre au 31 décembre" in page


# --- The committee's list of mismatches and the review page ------------------------------------


def test_the_committee_lists_the_mismatches_of_a_campaign(client, committee_member, campaign):
    other = CampaignFactory(name="Campagne 2024")
    clean, claiming = (
        CompanyFactory(legal_name="Sans Écart SA"),
        CompanyFactory(legal_name="Écart Déclaré SA"),
    )
    CertificationFactory(company=clean)
    make_report(clean, campaign, values={"service_certification_held": True})
    make_report(claiming, campaign, status="submitted", values={"lrs_label_held": True})
    make_report(claiming, other, values={"service_certification_held": False})
    client.force_login(committee_member)
    url = reverse("results:palmares_mismatches")
    page = client.get(url, {"campagne": campaign.pk}).content.decode()
    assert "Écart Déclaré SA" in page and "Sans Écart SA" not in page
    assert "Label de Responsabilité Sociale" in page
    page = client.get(url, {"campagne": other.pk}).content.decode()
    assert "Écart Déclaré SA" not in page
    assert client.get(url, {"campagne": "nope"}).status_code == 404


def test_the_mismatch_list_runs_a_fixed_number_of_queries(client, committee_member, campaign):
    client.force_login(committee_member)
    url = reverse("results:palmares_mismatches")

    def add(count):
        for _ in range(count):
            make_report(CompanyFactory(), campaign, values={"service_certification_held": True})

    def queries():
        with CaptureQueriesContext(connection) as captured:
            assert client.get(url, {"campagne": campaign.pk}).status_code == 200
        return len(captured)

    add(2)
    few = queries()
    add(8)
    assert queries() == few
    # session, user, savepoint and its release, campaigns, the claims, the registry
    assert few == 7


def test_the_review_page_shows_the_reports_mismatch(client, committee_member, company_a, campaign):
    report = make_report(
        company_a, campaign, status="submitted", values={"service_certification_held": True}
    )
    client.force_login(committee_member)
    page = client.get(reverse("followup:report_review", args=[report.pk])).content.decode()
    assert 'id="certification-mismatches"' in page
    CertificationFactory(company=company_a)
    page = client.get(reverse("followup:report_review", args=[report.pk])).content.decode()
    assert 'id="certification-mismatches"' not in page


# --- Query counts ----------------------------------------------------------------------------


def test_version_2_computes_in_a_fixed_number_of_queries(campaign):
    method = ScoringMethod.objects.get(version=2)

    def computed() -> tuple[int, int]:
        with CaptureQueriesContext(connection) as captured:
            data = selectors.palmares_compute(campaign=campaign, method=method)
        return len(captured), len(data["rows"])

    def add(count):
        for _ in range(count):
            company = CompanyFactory()
            commit(company, "1.6", NA.ACCEPTED)
            CertificationFactory(company=company)
            make_report(
                company,
                campaign,
                progress={"1.1": 50, "2.2": 30},
                values={"service_certification_held": True, "ivr_answered_share": 10},
            )

    add(3)
    few = computed()
    add(12)
    assert computed() == (few[0], 15)
    # version 1's five, plus the commitments and the registry's current certificates
    assert few == (7, 3)


def test_the_committee_page_under_version_2_runs_a_fixed_number_of_queries(
    client, committee_member, campaign
):
    client.force_login(committee_member)
    url = reverse("results:palmares")

    def queries():
        with CaptureQueriesContext(connection) as captured:
            response = client.get(url, {"campagne": campaign.pk, "methode": 2})
            assert response.status_code == 200
        return len(captured)

    for _ in range(2):
        make_report(CompanyFactory(), campaign, values={"service_certification_held": True})
    few = queries()
    for _ in range(6):
        make_report(CompanyFactory(), campaign, values={"service_certification_held": True})
    assert queries() == few
    # version 1's twelve, plus the commitments and the registry's current certificates
    assert few == 14
