"""Dated parameters: rows in force from ``valid_from`` until ``valid_until`` (empty: still
in force), never two at once for the same thing. The one rule of every dated parameter:
the location thresholds, the tariff prefixes of the numbering plan, the committee's voting
rules."""

import datetime

from django.core.exceptions import ValidationError
from django.db.models import Q, QuerySet
from django.utils.translation import gettext_lazy as _


def in_force_on(on: datetime.date) -> Q:
    """The rows in force on ``on``."""
    return Q(valid_from__lte=on) & (Q(valid_until__isnull=True) | Q(valid_until__gte=on))


def is_in_force(row, on: datetime.date) -> bool:
    """Whether ``row`` (a dated parameter already read) is in force on ``on``: the rule of
    ``in_force_on`` in Python. No query."""
    return row.valid_from <= on and (row.valid_until is None or on <= row.valid_until)


def check_order(valid_from: datetime.date | None, valid_until: datetime.date | None) -> None:
    """Raise a ValidationError on ``valid_until`` when it comes before ``valid_from``."""
    if valid_from and valid_until and valid_until < valid_from:
        raise ValidationError({"valid_until": _("The end of validity must come after its start.")})


def overlapping(
    rows: QuerySet, valid_from: datetime.date, valid_until: datetime.date | None
) -> object | None:
    """The first of ``rows`` in force on any day from ``valid_from`` to ``valid_until``
    (None: with no end), or None. One query."""
    end = valid_until or datetime.date.max
    return (
        rows.filter(valid_from__lte=end)
        .filter(Q(valid_until__isnull=True) | Q(valid_until__gte=valid_from))
        .first()
    )
