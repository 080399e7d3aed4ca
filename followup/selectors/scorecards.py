"""A signatory's scorecard as the committee reads it: the measures the signatory carries,
and for every campaign its report with the status and progress of each measure. The
published scorecards are frozen from validated reports (``results.selectors.scorecards``).
"""

from dataclasses import dataclass

from signatories.models import Signatory

from ..models import Campaign, Progress, Report


@dataclass
class ScorecardRow:
    """One campaign of a scorecard: the signatory's report (None: not started) and its
    answer on each measure, in the order of the measures (None: not answered)."""

    campaign: Campaign
    report: Report | None
    answers: list[Progress | None]


def signatory_scorecard(signatory: Signatory) -> dict:
    """The measures ``signatory`` carries and one row per campaign (newest first, drafts
    left out), whatever the state of its report. Four queries."""
    measures = list(signatory.owned_measures.active().select_related("axis"))
    campaigns = list(Campaign.objects.visible_to_reporters())
    reports = {r.campaign_id: r for r in Report.objects.filter(signatory=signatory)}
    answers = {
        (p.report_id, p.measure_id): p
        for p in Progress.objects.filter(report__signatory=signatory, measure__in=measures)
    }
    rows = []
    for campaign in campaigns:
        report = reports.get(campaign.pk)
        rows.append(
            ScorecardRow(
                campaign=campaign,
                report=report,
                answers=[answers.get((report.pk, m.pk)) if report else None for m in measures],
            )
        )
    return {"measures": measures, "rows": rows}
