"""Reads of the company space, each with a fixed number of queries."""

from django.conf import settings
from django.db.models import Prefetch
from django.utils import timezone

from callnumbers.models import CallNumber
from charter.models import Measure
from signatories.models import Company, Signatory

from ..models import Campaign, Evidence, Progress, Report, ReportEvent, ReviewComment


def _campaign_rows(reports_filter: dict) -> list[dict]:
    """Every campaign open or closed, newest first, with the subject's report if any.
    Two queries."""
    campaigns = list(Campaign.objects.visible_to_reporters())
    reports = {r.campaign_id: r for r in Report.objects.filter(**reports_filter)}
    today = timezone.localdate()
    rows = []
    for campaign in campaigns:
        report = reports.get(campaign.pk)
        rows.append(
            {
                "campaign": campaign,
                "report": report,
                "editable": campaign.report_editable(report, today),
                "opened": campaign.has_opened(today),
                "non_communicating": campaign.is_non_communicating(
                    report.status if report else None, today
                ),
            }
        )
    return rows


def company_space(company: Company) -> dict:
    """Everything the company page shows, with how many of its customer-service numbers
    are flagged today and the campaigns' e-mails it was sent (``Reminder``). Eight
    queries."""
    certifications = list(
        company.certifications.prefetch_related(
            Prefetch("evidence", queryset=Evidence.objects.order_by("-uploaded_at"))
        ).order_by("valid_until")
    )
    return {
        "sites": list(company.sites.order_by("name")),
        "certifications": certifications,
        "commitments": list(
            company.commitments.select_related("measure", "measure__axis").order_by(
                "measure__axis__number", "measure__code"
            )
        ),
        "campaigns": _campaign_rows({"company": company}),
        "flagged_numbers": CallNumber.objects.flagged(timezone.localdate())
        .filter(company=company)
        .count(),
        "warning_days": settings.CERTIFICATION_WARNING_DAYS,
        "reminders": list(
            company.reminders.select_related("campaign").order_by("-sent_at", "-pk")[:30]
        ),
    }


def signatory_space(signatory: Signatory) -> dict:
    """The measures a signatory carries and its reports. Three queries."""
    return {
        "measures": list(signatory.owned_measures.active().select_related("axis")),
        "campaigns": _campaign_rows({"signatory": signatory}),
    }


def committee_space() -> dict:
    """The signatories (to open their scorecards), the measures bound to the committee as
    a whole and its reports. Four queries."""
    measures = Measure.objects.active().filter(bound=Measure.Bound.COMMITTEE)
    return {
        "signatories": list(Signatory.objects.order_by("charter", "position", "acronym")),
        "measures": list(measures.select_related("axis")),
        "campaigns": _campaign_rows({"committee": True}),
    }


def report_with_answers(
    *, campaign: Campaign, company=None, signatory=None, committee: bool = False
) -> Report | None:
    """The report with its answers, values, review comments and events prefetched.
    Five queries."""
    return (
        Report.objects.filter(
            campaign=campaign, company=company, signatory=signatory, committee=committee
        )
        .select_related("updated_by")
        .prefetch_related(
            "values",
            Prefetch(
                "progress",
                queryset=Progress.objects.prefetch_related(
                    Prefetch(
                        "review_comments",
                        queryset=ReviewComment.objects.select_related("author"),
                    )
                ),
            ),
            Prefetch("events", queryset=ReportEvent.objects.select_related("user")),
        )
        .first()
    )


def comments_by_measure(report: Report | None) -> dict[int, list]:
    """The committee's comments per measure, from the prefetched answers. No query."""
    if report is None or not report.is_communicated:
        return {}
    return {p.measure_id: list(p.review_comments.all()) for p in report.progress.all()}


def last_return(report: Report | None):
    """The latest 'returned' event, with the committee's reason. No query (prefetched)."""
    if report is None:
        return None
    returns = [event for event in report.events.all() if event.action == "returned"]
    return returns[-1] if returns else None


def has_answers(report: Report) -> bool:
    """Whether the report holds any answer (uses the prefetched rows)."""
    return any(p.status or p.comment for p in report.progress.all()) or bool(report.values.all())


def evidence_by_measure(report: Report | None) -> dict[int, list[Evidence]]:
    """The report's evidence files grouped by measure, removed ones apart. One query."""
    if report is None:
        return {}
    grouped: dict[int, list[Evidence]] = {}
    kept = Evidence.objects.kept().filter(progress__report=report).select_related("progress")
    for evidence in kept:
        grouped.setdefault(evidence.progress.measure_id, []).append(evidence)
    return grouped
