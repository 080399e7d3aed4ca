"""The employment barometer (measure 5.3): jobs created in and outside France, their share
in France against the threshold in force for each kind of company, and headcounts.

Only validated company reports count. A company is counted in a group when its validated
report gives at least one of the barometer's figures. A group of fewer than
``MIN_GROUP_SIZE`` companies is never broken down: its row says so and carries no figure,
so that nobody can read one company's answers in a published table.

Every function returns plain data (int, float, str, lists and dicts, dates as ISO
strings) so that a publication can freeze it as JSON as it is.
"""

import datetime
from decimal import Decimal
from functools import reduce
from operator import or_

from django.db.models import Count, F, FilteredRelation, OuterRef, Q, Subquery, Sum, Value
from django.db.models.functions import Coalesce

from charter.models import Indicator
from signatories.models import Company, CompanyKind, LocationThreshold

from ..models import Campaign, Report

MIN_GROUP_SIZE = 3
DATA_VERSION = 1

JOBS_TOTAL = "jobs_created_total"
JOBS_FRANCE = "jobs_created_france"
HEADCOUNT_FRANCE = "headcount_france"
HEADCOUNT_ABROAD = "headcount_abroad"
CODES = (JOBS_TOTAL, JOBS_FRANCE, HEADCOUNT_FRANCE, HEADCOUNT_ABROAD)
SUMS = ("companies", "jobs_total", "jobs_france", "headcount_france", "headcount_abroad")

OVERALL = "all"
KINDS = tuple(CompanyKind.values)
FEDERATIONS = tuple(Company.Federation.values)


FIGURES = "figures"  # a report's values of the barometer's indicators (``_figures_of``)


def _figure_ids() -> dict[str, int]:
    """The ids of the barometer's indicators, by code. One query."""
    return dict(Indicator.objects.filter(code__in=CODES).values_list("code", "pk"))


def _figures_of(values: str, ids: dict[str, int]) -> FilteredRelation:
    """``values`` (a report's values) restricted to the barometer's indicators, as a LEFT
    JOIN on them alone: the aggregates read four values per report instead of every
    answer of every report (a report without them still counts as a report)."""
    return FilteredRelation(
        values, condition=Q(**{f"{values}__indicator__in": list(ids.values()) or [0]})
    )


def _sums(ids: dict[str, int], company: str = "company", only: Q | None = None) -> dict:
    """Conditional aggregates of the barometer's figures over ``FIGURES`` (``_figures_of``
    with the indicators' ``ids``), restricted to the rows that match ``only`` (a condition
    on the report, when aggregating from a campaign); ``company`` is the path to the
    report's company."""

    def where(**lookups) -> Q:
        condition = Q(**{f"{FIGURES}__{name}": value for name, value in lookups.items()})
        return condition & only if only is not None else condition

    def total(code: str) -> Sum:
        return Sum(f"{FIGURES}__number", filter=where(indicator=ids.get(code, 0)))

    return {
        "companies": Count(company, distinct=True, filter=where(number__isnull=False)),
        "jobs_total": total(JOBS_TOTAL),
        "jobs_france": total(JOBS_FRANCE),
        "headcount_france": total(HEADCOUNT_FRANCE),
        "headcount_abroad": total(HEADCOUNT_ABROAD),
    }


def _number(value) -> int | float:
    """A database sum as JSON: a whole number as int, anything else as float."""
    value = Decimal(value or 0)
    return int(value) if value == value.to_integral_value() else float(value)


def _share(part, whole) -> float | None:
    """``part`` as a percentage of ``whole``, to one decimal; None when ``whole`` is 0."""
    whole = Decimal(whole or 0)
    if whole <= 0:
        return None
    return float(round(Decimal(part or 0) * 100 / whole, 1))


def _row(key: str, sums: dict | None) -> dict:
    """One group's figures, or only its key when it holds fewer than MIN_GROUP_SIZE
    companies: then nothing of its figures leaves this function."""
    companies = (sums or {}).get("companies") or 0
    if companies < MIN_GROUP_SIZE:
        return {"key": key, "suppressed": True}
    total = sums["jobs_total"] or Decimal(0)
    france = sums["jobs_france"] or Decimal(0)
    return {
        "key": key,
        "suppressed": False,
        "companies": companies,
        "jobs_total": _number(total),
        "jobs_france": _number(france),
        "jobs_abroad": _number(total - france),
        "share_france": _share(france, total),
        "headcount_france": _number(sums["headcount_france"]),
        "headcount_abroad": _number(sums["headcount_abroad"]),
    }


def _campaign(campaign: Campaign) -> dict:
    return {
        "id": campaign.pk,
        "name": campaign.name,
        "period_start": campaign.period_start.isoformat(),
        "period_end": campaign.period_end.isoformat(),
        "status": campaign.status,
    }


def thresholds_in_force(on: datetime.date) -> dict[str, float]:
    """The minimum share in France (%) in force on ``on``, per kind of company; a kind
    without a threshold that day is absent. One query."""
    in_force = reduce(or_, (LocationThreshold.objects.in_force(kind, on) for kind in KINDS))
    thresholds: dict[str, float] = {}
    for kind, share in in_force.values_list("company_kind", "min_share_france"):
        # Ordered newest first: should two overlap, the newest one counts.
        thresholds.setdefault(kind, float(share))
    return thresholds


def companies_below_threshold(campaign: Campaign, ids: dict[str, int] | None = None) -> list[dict]:
    """Companies whose validated report puts the share of jobs created in France below the
    threshold in force for their kind on the last day of the campaign's period. A company
    that created no job, or whose kind has no threshold that day, is never below.
    One query (the threshold is a subquery per kind, the comparison is in SQL), two
    without the indicators' ``ids`` (``_figure_ids``)."""
    threshold = LocationThreshold.objects.in_force(OuterRef("company__kind"), campaign.period_end)
    ids = _figure_ids() if ids is None else ids
    sums = _sums(ids)
    rows = (
        Report.objects.filter(
            campaign=campaign, company__isnull=False, status=Report.Status.VALIDATED
        )
        .alias(**{FIGURES: _figures_of("values", ids)})
        .annotate(
            jobs_total=sums["jobs_total"],
            jobs_france=Coalesce(sums["jobs_france"], Value(Decimal(0))),
            threshold=Subquery(threshold.values("min_share_france")[:1]),
        )
        .alias(
            share_100=F("jobs_france") * Value(Decimal(100)),
            floor_100=F("threshold") * F("jobs_total"),
        )
        .filter(threshold__isnull=False, jobs_total__gt=0, share_100__lt=F("floor_100"))
        .values(
            "company_id",
            "company__legal_name",
            "company__kind",
            "jobs_total",
            "jobs_france",
            "threshold",
        )
        .order_by("company__legal_name", "company_id")
    )
    return [
        {
            "company_id": row["company_id"],
            "company": row["company__legal_name"],
            "kind": row["company__kind"],
            "jobs_total": _number(row["jobs_total"]),
            "jobs_france": _number(row["jobs_france"]),
            "share_france": _share(row["jobs_france"], row["jobs_total"]),
            "threshold": float(row["threshold"]),
        }
        for row in rows
    ]


def barometer_figures(campaign: Campaign) -> dict:
    """The campaign's barometer for the committee: how many reports were validated (and
    how many still wait), the figures overall, by kind of company and by federation, the
    thresholds in force on the last day of the period and the companies below them, by
    name. Six queries, whatever the number of companies."""
    validated = Q(status=Report.Status.VALIDATED)
    ids = _figure_ids()
    company_reports = Report.objects.filter(campaign=campaign, company__isnull=False).alias(
        **{FIGURES: _figures_of("values", ids)}
    )
    overall = company_reports.aggregate(
        validated_reports=Count("pk", distinct=True, filter=validated),
        waiting_reports=Count(
            "pk",
            distinct=True,
            filter=Q(status__in=[Report.Status.SUBMITTED, Report.Status.RETURNED]),
        ),
        **_sums(ids, only=validated),
    )
    counted = company_reports.filter(validated)
    by_kind = {
        row["company__kind"]: row
        for row in counted.values("company__kind").annotate(**_sums(ids)).order_by()
    }
    by_federation = {
        row["company__federation"]: row
        for row in counted.values("company__federation").annotate(**_sums(ids)).order_by()
    }
    thresholds = thresholds_in_force(campaign.period_end)
    below = companies_below_threshold(campaign, ids)
    return {
        "version": DATA_VERSION,
        "campaign": _campaign(campaign),
        "min_group_size": MIN_GROUP_SIZE,
        "validated_reports": overall["validated_reports"],
        "waiting_reports": overall["waiting_reports"],
        "companies": overall["companies"],
        "overall": _row(OVERALL, overall),
        "by_kind": [
            {**_row(kind, by_kind.get(kind)), "threshold": thresholds.get(kind)} for kind in KINDS
        ],
        "by_federation": [_row(key, by_federation.get(key)) for key in FEDERATIONS],
        "thresholds_on": campaign.period_end.isoformat(),
        "below_threshold_count": len(below),
        "below_threshold": below,
    }


def barometer_trend(*, until: Campaign | None = None) -> list[dict]:
    """One row per campaign open or closed (never drafts), oldest first, with the overall
    figures of its validated reports; with ``until``, only the campaigns whose period ends
    no later than that one's. Two queries, whatever the number of campaigns and companies."""
    campaigns = Campaign.objects.visible_to_reporters()
    if until is not None:
        campaigns = campaigns.filter(period_end__lte=until.period_end)
    validated = Q(reports__status=Report.Status.VALIDATED, reports__company__isnull=False)
    ids = _figure_ids()
    campaigns = (
        campaigns.alias(
            validated=FilteredRelation("reports", condition=validated),
            **{FIGURES: _figures_of("validated__values", ids)},
        )
        .annotate(**_sums(ids, "validated__company"))
        .order_by("period_end", "pk")
    )
    return [
        {
            "campaign": _campaign(campaign),
            **_row(OVERALL, {name: getattr(campaign, name) for name in SUMS}),
        }
        for campaign in campaigns
    ]


def barometer_publication_data(campaign: Campaign) -> dict:
    """What a publication freezes: everything the public page shows, JSON as it is, with
    the trend up to this campaign; of the companies below the threshold, only their
    number, never their names. Eight queries."""
    figures = barometer_figures(campaign)
    del figures["below_threshold"], figures["waiting_reports"]
    figures["trend"] = barometer_trend(until=campaign)
    return figures
