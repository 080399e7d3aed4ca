"""A company's answers to measures 3.2 to 3.5 are computed from its own side's
attestations on its client–provider relations, never typed: the rule
(``PracticeFigures``), what a report stores when saved and submitted, and what the form
shows."""

from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from charter.models import Measure
from followup import services
from followup.models import Attestation, IndicatorValue, Progress, Report
from followup.selectors.attestations import PracticeFigures, own_practice_figures
from followup.selectors.dashboard import axis_progress
from relations.models import Relation
from signatories.models import Commitment
from tests.factories import CompanyFactory
from tests.factories import report_form_data as answers

pytestmark = pytest.mark.django_db

CODES = ("3.2", "3.3", "3.4", "3.5")


def url(company, campaign):
    return reverse("followup:report_edit", args=[company.pk, campaign.pk])


@pytest.fixture
def committed_a(company_a):
    """Company A commits to 2.1 and to the four practices of axis 3."""
    for code in ("2.1", *CODES):
        Commitment.objects.create(company=company_a, measure=Measure.objects.get(code=code))
    return company_a


def _relation(client, provider, status="confirmed", declared_by="client"):
    return Relation.objects.create(
        client=client,
        client_siren=client.siren,
        provider=provider,
        provider_siren=provider.siren,
        declared_by=declared_by,
        status=status,
        dispute_reason="Aucun contrat entre nous." if status == "disputed" else "",
    )


def _attest(relation, campaign, side, answer="yes", **answers):
    return Attestation.objects.create(
        relation=relation,
        campaign=campaign,
        side=side,
        **{**dict.fromkeys(Attestation.PRACTICES, answer), **answers},
    )


# --- The rule -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("practice", "counts", "status", "percent", "value"),
    [
        ("minimum_billing", (0, 0, 0), "not_applicable", None, None),
        ("minimum_billing", (4, 4, 0), "achieved", 100, Decimal("100.00")),
        ("minimum_billing", (4, 0, 3), "not_started", 0, Decimal("0.00")),
        ("minimum_billing", (3, 1, 1), "in_progress", 33, Decimal("33.33")),
        # "not known" keeps nothing: one "yes" and two "not known" is a third
        ("contributes_costs", (3, 1, 0), "in_progress", 33, Decimal("33.33")),
        # never 100 % while one relation does not keep it, never 0 % while one does
        ("prices_follow_costs", (200, 199, 1), "in_progress", 99, Decimal("99.50")),
        ("prices_follow_costs", (300, 1, 299), "in_progress", 1, Decimal("0.33")),
        # 3.5: the commitment is kept where discounts were NOT asked
        ("retro_discounts", (4, 0, 4), "achieved", 100, False),
        ("retro_discounts", (4, 1, 3), "in_progress", 75, True),
        ("retro_discounts", (2, 0, 1), "in_progress", 50, None),  # one "not known"
        ("retro_discounts", (2, 2, 0), "not_started", 0, True),
    ],
)
def test_the_figures_of_a_practice(practice, counts, status, percent, value):
    attested, yes, no = counts
    figures = PracticeFigures(practice, attested=attested, yes=yes, no=no)
    assert (figures.status, figures.percent, figures.value) == (status, percent, value)
    assert figures.indicator_code == Attestation.INDICATORS[practice]


def test_a_computed_answer_agrees_with_the_rule_of_a_typed_one():
    """Every computed status and progress passes ``Progress.clean``."""
    for attested in range(0, 8):
        for yes in range(attested + 1):
            for no in range(attested - yes + 1):
                for practice in Attestation.PRACTICES:
                    figures = PracticeFigures(practice, attested=attested, yes=yes, no=no)
                    answer = Progress(status=figures.status, percent=figures.percent, comment="why")
                    answer.clean()
                    assert answer.percent == figures.percent


# --- Only the company's own side counts -----------------------------------------------------


def test_only_the_company_s_own_side_and_relations_that_count(
    company_a, company_b, campaign, django_assert_num_queries
):
    c = CompanyFactory()
    as_client = _relation(company_a, company_b)
    as_provider = _relation(c, company_a, declared_by="provider")
    disputed = _relation(company_a, CompanyFactory(), status="disputed")
    _attest(as_client, campaign, "client", "yes")
    _attest(as_client, campaign, "provider", "no")  # the other side's: never counted
    _attest(as_provider, campaign, "provider", "no")
    _attest(disputed, campaign, "client", "yes")  # disputed: does not count
    with django_assert_num_queries(1):
        figures = own_practice_figures(company_a, campaign)
    assert (figures["3.3"].attested, figures["3.3"].yes, figures["3.3"].no) == (2, 1, 1)
    # B's figures are its own answer only, whatever A said.
    b = own_practice_figures(company_b, campaign)
    assert (b["3.3"].attested, b["3.3"].yes, b["3.3"].no) == (1, 0, 1)


def test_a_side_named_by_siren_only_counts_for_the_company_that_joined(campaign, company_a):
    joined = CompanyFactory()
    relation = Relation.objects.create(
        client=company_a,
        client_siren=company_a.siren,
        provider_siren=joined.siren,
        provider_name="Ancien nom",
        declared_by="client",
        status="pending",
    )
    _attest(relation, campaign, "provider", "yes")
    assert own_practice_figures(joined, campaign)["3.2"].attested == 1
    assert own_practice_figures(company_a, campaign)["3.2"].attested == 0


# --- The report -----------------------------------------------------------------------------


def test_a_saved_report_holds_the_attestations_answers_not_what_was_posted(
    client, contributor_a, committed_a, company_b, campaign
):
    relations = [_relation(committed_a, company_b), _relation(committed_a, CompanyFactory())]
    _attest(relations[0], campaign, "client", "yes", retro_discounts="no")
    _attest(relations[1], campaign, "client", "no", retro_discounts="yes")
    client.force_login(contributor_a)
    forged = dict.fromkeys(CODES, ("achieved", 100, "Tout va bien."))
    values = {"billing_minimum_share": "100", "retroactive_discounts_asked": "no"}
    response = client.post(url(committed_a, campaign), answers(progress=forged, values=values))
    assert response.status_code == 302
    stored = {p.measure.code: p for p in Progress.objects.filter(measure__code__in=CODES)}
    assert {code: (p.status, p.percent) for code, p in stored.items()} == dict.fromkeys(
        CODES, ("in_progress", 50)
    )
    assert stored["3.3"].comment == "Tout va bien."  # the comment stays the company's
    values = {v.indicator.code: v for v in IndicatorValue.objects.select_related("indicator")}
    assert values["billing_minimum_share"].number == 50
    assert values["contract_costs_shared_share"].number == 50
    assert values["retroactive_discounts_asked"].boolean is True


def test_the_form_shows_the_figures_and_takes_no_typed_answer_for_them(
    client, contributor_a, committed_a, company_b, campaign
):
    relation = _relation(committed_a, company_b)
    _attest(relation, campaign, "client", "yes", minimum_billing="unknown")
    client.force_login(contributor_a)
    response = client.get(url(committed_a, campaign))
    page = response.content.decode()
    form = response.context["form"]
    measure = Measure.objects.get(code="3.3")
    assert form.fields[f"p{measure.pk}_status"].disabled
    assert form[f"p{measure.pk}_status"].value() == "not_started"
    assert not any(
        f"i{i.pk}" in form.fields
        for m in Measure.objects.filter(code__in=CODES)
        for i in m.indicators.all()
    )
    assert "calculé, non saisi" in page
    assert "Répondu «\u00a0non connu\u00a0»" in page
    assert reverse("followup:attestation_list", args=[committed_a.pk, campaign.pk]) in page
    assert "0 (0\u00a0%)" in page and "100\u00a0%" in page  # 3.3 kept by none; 3.2 by all
    client.cookies["django_language"] = "en"
    english = client.get(url(committed_a, campaign)).content.decode()
    assert "0 (0%)" in english and ">100%<" in english


def test_without_any_relation_the_measures_do_not_apply_and_the_report_submits(
    client, contributor_a, committed_a, campaign
):
    client.force_login(contributor_a)
    progress = {"2.1": ("achieved", 100, "")}
    values = {"training_hours": "10", "employees_trained": "2"}
    response = client.post(
        url(committed_a, campaign), answers(progress=progress, values=values, action="submit")
    )
    assert response.status_code == 302, response.context["form"].errors
    assert Report.objects.get().status == "submitted"
    statuses = set(
        Progress.objects.filter(measure__code__in=CODES).values_list("status", "percent")
    )
    assert statuses == {("not_applicable", None)}
    assert not IndicatorValue.objects.filter(indicator__measure__code__in=CODES).exists()


def test_the_submission_takes_the_answers_as_they_stand_then(
    client, contributor_a, committed_a, company_b, campaign
):
    relation = _relation(committed_a, company_b)
    attestation = _attest(relation, campaign, "client", "no")
    client.force_login(contributor_a)
    progress = {"2.1": ("achieved", 100, "")}
    values = {"training_hours": "10", "employees_trained": "2"}
    client.post(url(committed_a, campaign), answers(progress=progress, values=values))
    assert Progress.objects.get(measure__code="3.3").status == "not_started"
    # Changed after the draft was saved: the submission itself reads the attestations.
    Attestation.objects.filter(pk=attestation.pk).update(minimum_billing="yes")
    services.report_submit(report=Report.objects.get(), user=contributor_a, base_url="")
    assert Report.objects.get().status == "submitted"
    assert Progress.objects.get(measure__code="3.3").status == "achieved"
    assert IndicatorValue.objects.get(indicator__code="billing_minimum_share").number == 100


def test_the_dashboard_and_the_measure_page_read_the_computed_answers(
    client, contributor_a, committee_member, committed_a, company_b, campaign
):
    relation = _relation(committed_a, company_b)
    _attest(relation, campaign, "client", "yes", retro_discounts="no")  # every one kept
    client.force_login(contributor_a)
    progress = {"2.1": ("achieved", 100, ""), "3.3": ("not_started", 0, "Forcé.")}
    values = {"training_hours": "10", "employees_trained": "2"}
    client.post(
        url(committed_a, campaign), answers(progress=progress, values=values, action="submit")
    )
    assert Report.objects.get().status == "submitted"
    axis_3 = next(row for row in axis_progress(campaign) if row.axis.number == 3)
    assert (axis_3.achieved, axis_3.not_started, axis_3.mean_percent) == (4, 0, 100.0)
    client.force_login(committee_member)
    measure = Measure.objects.get(code="3.3")
    [answer] = (
        client.get(reverse("followup:measure_detail", args=[measure.pk]))
        .context["page"]
        .object_list
    )
    assert (answer.status, answer.percent) == ("achieved", 100)


def test_the_report_page_reads_the_answers_in_a_fixed_number_of_queries(
    client, contributor_a, committed_a, campaign
):
    client.force_login(contributor_a)

    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert client.get(url(committed_a, campaign)).status_code == 200
        return len(captured)

    _attest(_relation(committed_a, CompanyFactory()), campaign, "client", "yes")
    one = queries()
    for _ in range(4):
        _attest(_relation(committed_a, CompanyFactory()), campaign, "client", "no")
    assert queries() == one
