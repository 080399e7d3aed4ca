"""Reads of the reference data for the public pages."""

from django.db.models import Prefetch

from .models import Axis, Charter, Measure


def current_charter() -> Charter | None:
    """The charter the site follows: the most recently signed one. One query."""
    return Charter.objects.order_by("-signed_on").first()


def axes_of(charter: Charter):
    """The charter's axes with their active measures and owners. Two queries."""
    measures = Measure.objects.active().select_related("owner")
    return charter.axes.prefetch_related(Prefetch("measures", queryset=measures))


def measures_of(axis: Axis):
    """An axis's active measures, with owners and indicators. Two queries."""
    return axis.measures.active().select_related("owner").prefetch_related("indicators")
