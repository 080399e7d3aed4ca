"""Reads of the reference data for the public pages."""

from django.db.models import Prefetch

from .models import Axis, Charter, Measure, WorkingPaper, WorkingPaperVersion


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


def published_papers_of(axis: Axis) -> list[WorkingPaperVersion]:
    """The latest version of each published working paper of the axis's active measures,
    with its paper and measure. One query."""
    versions = (
        WorkingPaperVersion.objects.filter(
            paper__status=WorkingPaper.Status.PUBLISHED,
            paper__measure__axis=axis,
            paper__measure__active=True,
        )
        .select_related("paper__measure")
        .order_by("paper__measure__code", "paper_id", "-number")
    )
    latest: dict[int, WorkingPaperVersion] = {}
    for version in versions:
        latest.setdefault(version.paper_id, version)
    return list(latest.values())
