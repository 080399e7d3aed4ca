"""The palmarès method version 3: measures 3.2 to 3.5 come from the client–provider
relations' attestations; a company that attested no relation is not scored on them,
instead of scoring 0; versions 1 and 2 keep their results."""

import pytest

from results.models import ScoringMethod
from results.selectors import palmares as selectors
from tests.factories import CampaignFactory
from tests.results.test_palmares import make_method, make_report

pytestmark = pytest.mark.django_db

AXIS_3 = [
    ("contract_costs_shared_share", "higher", 1, None),
    ("billing_minimum_share", "higher", 1, None),
    ("price_review_clause_share", "higher", 1, None),
    ("retroactive_discounts_asked", "no", 1, None),
]


@pytest.fixture
def campaign():
    return CampaignFactory(name="Campagne 2025")


def method_on_axis_3(version: int, *, attested: bool):
    """Axis 3 only, progress weight 1, the four practices weighing 1 each."""
    method = make_method(version, {3: 1}, AXIS_3)
    method.applicability_rules = True
    method.attested_relations = attested
    method.save()
    return method


def score_of(campaign, method, company) -> dict:
    data = selectors.palmares_compute(campaign=campaign, method=method)
    return next(row for row in data["rows"] if row["company_id"] == company.pk)


def test_version_3_is_version_2_with_the_relations_and_two_more_criteria():
    version_2 = ScoringMethod.objects.get(version=2)
    version_3 = ScoringMethod.objects.get(version=3)
    assert version_3.applicability_rules and version_3.attested_relations
    assert not version_2.attested_relations

    def criteria(method):
        return set(method.criteria.values_list("indicator__code", "rule", "weight"))

    added = criteria(version_3) - criteria(version_2)
    assert {(code, rule) for code, rule, _weight in added} == {
        ("contract_costs_shared_share", "higher"),
        ("price_review_clause_share", "higher"),
    }
    assert criteria(version_2) <= criteria(version_3)
    weights = {
        m.version: set(m.axis_weights.values_list("axis__number", "weight"))
        for m in (version_2, version_3)
    }
    assert weights[2] == weights[3]


def test_a_company_without_any_relation_is_not_scored_on_axis_3(campaign, company_a, company_b):
    with_relations = method_on_axis_3(30, attested=True)
    before = method_on_axis_3(31, attested=False)
    # A attested no relation: its answers were computed "not applicable", no figure.
    make_report(company_a, campaign, progress=dict.fromkeys(("3.2", "3.3", "3.4", "3.5")))
    # B attested: half its relations keep 3.2 to 3.4, none had retroactive discounts.
    make_report(
        company_b,
        campaign,
        progress={"3.2": 50, "3.3": 50, "3.4": 50, "3.5": 100},
        values={
            "contract_costs_shared_share": 50,
            "billing_minimum_share": 50,
            "price_review_clause_share": 50,
            "retroactive_discounts_asked": False,
        },
    )
    a = score_of(campaign, with_relations, company_a)
    assert a["axes"] == [None]  # nothing left on the axis: it leaves the mean
    assert {detail["status"] for detail in a["criteria"]} == {"not_applicable"}
    assert a["score"] == 0.0  # nothing applies at all
    # Before version 3, the same report scores 0 on every criterion of the axis.
    a_before = score_of(campaign, before, company_a)
    assert a_before["axes"] == [0.0]
    assert {detail["status"] for detail in a_before["criteria"]} == {"scored"}
    # B is scored alike by both: (progress 62.5 + 50 + 50 + 50 + 100) / 5 = 62.5
    assert score_of(campaign, with_relations, company_b)["score"] == 62.5
    assert score_of(campaign, before, company_b)["score"] == 62.5


def test_a_company_with_relations_but_no_answer_on_one_practice_keeps_the_rest(campaign, company_a):
    method = method_on_axis_3(32, attested=True)
    # Retroactive discounts only "not known": no figure for 3.5; the others are scored.
    make_report(
        company_a,
        campaign,
        progress={"3.2": 100, "3.3": 100, "3.4": 100, "3.5": 0},
        values={
            "contract_costs_shared_share": 100,
            "billing_minimum_share": 100,
            "price_review_clause_share": 100,
        },
    )
    row = score_of(campaign, method, company_a)
    statuses = [detail["status"] for detail in row["criteria"]]
    assert statuses == ["scored", "scored", "scored", "not_applicable"]
    # (progress 75 + 100 × 3) / 4 = 93.75 → 93.8
    assert row["score"] == 93.8


def test_version_3_is_recorded_in_the_palmares_data(campaign, company_a):
    data = selectors.palmares_compute(
        campaign=campaign, method=ScoringMethod.objects.get(version=3)
    )
    assert data["method"]["attested_relations"] is True
