"""Reads of the committee's review, each with a known number of queries."""

from django.db.models import Exists, OuterRef, QuerySet

from ..models import Campaign, Report, ReportEvent, ReviewComment


def review_queue(*, campaign: Campaign | None = None) -> QuerySet[Report]:
    """The submitted reports waiting for a decision, oldest submission first, with their
    company or signatory and campaign, and whether they were submitted again after a
    return. One query per evaluation (two once paginated: the count and the page)."""
    reports = (
        Report.objects.filter(status=Report.Status.SUBMITTED)
        .select_related("company", "signatory", "campaign")
        .annotate(
            again=Exists(
                ReportEvent.objects.filter(
                    report=OuterRef("pk"), action=ReportEvent.Action.RESUBMITTED
                )
            )
        )
        .order_by("submitted_at", "pk")
    )
    if campaign is not None:
        reports = reports.filter(campaign=campaign)
    return reports


def report_for_review(report_id: int) -> QuerySet[Report]:
    """The report with what its review page shows, as a queryset to get one from (404 in
    the view). Three queries: the report with its subject and campaign, its progress rows,
    its indicator values."""
    return (
        Report.objects.filter(pk=report_id)
        .select_related("company", "signatory", "campaign", "updated_by")
        .prefetch_related("progress", "values")
    )


def comments_by_measure(report: Report) -> dict[int, list[ReviewComment]]:
    """The committee's comments on the report, grouped by measure, oldest first, with
    their authors. One query."""
    grouped: dict[int, list[ReviewComment]] = {}
    comments = (
        ReviewComment.objects.filter(progress__report=report)
        .select_related("author", "progress__measure")
        .order_by("created_at", "pk")
    )
    for comment in comments:
        grouped.setdefault(comment.progress.measure_id, []).append(comment)
    return grouped


def timeline(report: Report) -> list[ReportEvent]:
    """Every event of the report's workflow, in order, with who did it. One query."""
    return list(report.events.select_related("user").order_by("at", "pk"))


def latest_return(events: list[ReportEvent]) -> ReportEvent | None:
    """The committee's latest return among ``events`` (in order): its message is the reason
    the company answers. No query."""
    returns = [e for e in events if e.action == ReportEvent.Action.RETURNED]
    return returns[-1] if returns else None
