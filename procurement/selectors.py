"""Reads of the register of public contracts: measure 4.1's figures (contracts awarded,
how many to a provider labelled on the award date, the share), by buyer and year or over
a period. Every function runs a fixed number of queries, whatever the number of
contracts."""

import datetime
from dataclasses import dataclass

from django.db.models import Count, Q, QuerySet
from django.db.models.functions import ExtractYear

from signatories.models import Signatory

from .models import PublicContract, is_buyer

# The indicators of measure 4.1 that the register computes: reports no longer ask them.
MEASURE_CODE = "4.1"
AXIS_NUMBER = 4
AWARDED = "public_contracts_awarded"
LABELLED = "public_contracts_labelled"
REGISTER_INDICATORS = frozenset({AWARDED, LABELLED})


@dataclass
class Figures:
    awarded: int
    labelled: int

    @property
    def unlabelled(self) -> int:
        return self.awarded - self.labelled

    @property
    def labelled_share(self) -> float | None:
        """The share of contracts awarded to labelled providers (%), None without any."""
        return round(100 * self.labelled / self.awarded, 1) if self.awarded else None


def _counted() -> dict:
    """How many contracts, and how many whose provider was labelled on the award date."""
    return {"awarded": Count("pk"), "labelled": Count("pk", filter=Q(labelled=True))}


def figures(start: datetime.date, end: datetime.date, buyer: Signatory | None = None) -> Figures:
    """Measure 4.1's figures over the contracts awarded from ``start`` to ``end`` (one
    buyer's, or every buyer's). One query."""
    contracts = PublicContract.objects.awarded_between(start, end)
    if buyer is not None:
        contracts = contracts.filter(buyer=buyer)
    totals = contracts.aggregate(**_counted())
    return Figures(awarded=totals["awarded"], labelled=totals["labelled"])


def figures_by_buyer(start: datetime.date, end: datetime.date) -> list[tuple[int, Figures]]:
    """Measure 4.1's figures per buyer (its id) over a period, for the buyers that
    awarded contracts then. One query."""
    contracts = PublicContract.objects.awarded_between(start, end)
    rows = contracts.order_by().values("buyer").annotate(**_counted()).order_by("buyer")
    return [(row["buyer"], Figures(row["awarded"], row["labelled"])) for row in rows]


@dataclass
class YearRow:
    buyer: Signatory
    year: int
    figures: Figures


def figures_by_buyer_and_year(
    buyer: Signatory | None = None, year: int | None = None
) -> list[YearRow]:
    """Measure 4.1's figures by buyer and calendar year of award, newest first. Two
    queries."""
    contracts = PublicContract.objects.all()
    if buyer is not None:
        contracts = contracts.filter(buyer=buyer)
    if year is not None:
        contracts = contracts.filter(awarded_on__year=year)
    rows = (
        contracts.order_by()
        .annotate(year=ExtractYear("awarded_on"))
        .values("buyer", "year")
        .annotate(**_counted())
        .order_by("-year", "buyer")
    )
    rows = list(rows)
    by_id = Signatory.objects.in_bulk({row["buyer"] for row in rows}) if rows else {}
    return [
        YearRow(by_id[row["buyer"]], row["year"], Figures(row["awarded"], row["labelled"]))
        for row in rows
    ]


def register(buyer: Signatory | None = None, year: int | None = None) -> QuerySet[PublicContract]:
    """The contracts of the register (one buyer's, one year's), newest award first, with
    their buyer and provider. One query when read."""
    contracts = PublicContract.objects.select_related("buyer", "provider")
    if buyer is not None:
        contracts = contracts.filter(buyer=buyer)
    if year is not None:
        contracts = contracts.filter(awarded_on__year=year)
    return contracts.order_by("-awarded_on", "reference", "pk")


def award_years() -> list[int]:
    """The years in which contracts of the register were awarded, newest first. One query."""
    return sorted(
        {day.year for day in PublicContract.objects.dates("awarded_on", "year")}, reverse=True
    )


@dataclass
class Rollup:
    """Axis 4 as the dashboard rolls the axes up: each buyer that awarded contracts in
    the period is one commitment to measure 4.1, whose progress is its share of contracts
    to labelled providers (100%: achieved; 0%: not started; in between: in progress)."""

    achieved: int
    in_progress: int
    not_started: int
    mean_percent: float | None


def rollup(start: datetime.date, end: datetime.date) -> Rollup:
    """Measure 4.1 over a period, one commitment per buyer (``Rollup``). One query."""
    return rollup_of(figures_by_buyer(start, end))


def rollup_of(buyers: list[tuple[int, Figures]]) -> Rollup:
    """``Rollup`` of the figures per buyer that ``figures_by_buyer`` gives. No query."""
    shares = [figures.labelled_share for _buyer, figures in buyers]
    return Rollup(
        achieved=sum(share == 100 for share in shares),
        in_progress=sum(0 < share < 100 for share in shares),
        not_started=sum(share == 0 for share in shares),
        mean_percent=round(sum(shares) / len(shares), 1) if shares else None,
    )


def register_figures(signatory: Signatory | None, campaign) -> Figures | None:
    """What a signatory's report for ``campaign`` shows on measure 4.1: the register's
    figures over the campaign's period, for a buyer (None for any other signatory or a
    company). One query for a buyer, none otherwise."""
    if signatory is None or not is_buyer(signatory):
        return None
    return figures(campaign.period_start, campaign.period_end, signatory)
