"""Reads of customer-service numbers, classified by the tariff rows in force on a day
(``CallNumberQuerySet.with_tariff``: the classification is part of the query)."""

import datetime
from dataclasses import dataclass

from django.db.models import Count, Q, QuerySet
from django.utils.translation import gettext_lazy as _

from signatories.models import Company

from .models import PROTECTED_PURPOSES, CallNumber, Family


def company_numbers(company: Company, on: datetime.date) -> list[CallNumber]:
    """The company's numbers with their tariff family and flag, flagged ones first. One
    query."""
    numbers = CallNumber.objects.filter(company=company).with_tariff(on).select_related("site")
    return sorted(numbers, key=lambda n: (not n.flagged, n.number, n.purpose))


@dataclass(frozen=True)
class NumberFilters:
    flagged: bool = False
    family: str = ""
    purpose: str = ""
    search: str = ""


def every_number(filters: NumberFilters, on: datetime.date) -> QuerySet[CallNumber]:
    """Every company's numbers (one query for a page, one to count them), by company."""
    numbers = (
        CallNumber.objects.flagged(on) if filters.flagged else CallNumber.objects.with_tariff(on)
    )
    if filters.family:
        numbers = numbers.filter(family=filters.family)
    if filters.purpose:
        numbers = numbers.filter(purpose=filters.purpose)
    if filters.search:
        numbers = numbers.filter(company__legal_name__icontains=filters.search)
    return numbers.select_related("company", "site").order_by(
        "company__legal_name", "company", "number", "purpose"
    )


def flagged_company_count(on: datetime.date) -> int:
    """How many active companies list a flagged number. One query."""
    return (
        CallNumber.objects.flagged(on)
        .filter(company__status=Company.Status.ACTIVE)
        .aggregate(companies=Count("company", distinct=True))["companies"]
    )


@dataclass(frozen=True)
class FamilyCount:
    family: str
    label: str
    numbers: int
    flagged: int


def family_counts(on: datetime.date) -> list[FamilyCount]:
    """Active companies' numbers per tariff family as the rows in force on ``on`` classify
    them (in the families' order, then the numbers no row classifies), with how many of
    each are flagged. One query."""
    rows = (
        CallNumber.objects.filter(company__status=Company.Status.ACTIVE)
        .with_tariff(on)
        .values("family")
        .annotate(
            numbers=Count("pk"),
            flagged=Count("pk", filter=Q(purpose__in=PROTECTED_PURPOSES, surcharged=True)),
        )
        .order_by()
    )
    by_family = {row["family"]: row for row in rows}
    labels = [*Family.choices, (None, _("not classified"))]
    return [
        FamilyCount(family or "", label, by_family[family]["numbers"], by_family[family]["flagged"])
        for family, label in labels
        if family in by_family
    ]
