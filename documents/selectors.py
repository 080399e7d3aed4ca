"""Reads of the PDF documents (``documents.pdf``): the campaign report for the committee, a
company's report card and its adhesion certificate.

Every function runs a fixed number of queries whatever the number of companies: figures
are aggregated by the database, and the campaign report's appendix reads every
commitment, answer and key figure of the campaign in one query each, grouped in Python.
Everything is returned as lists and plain objects, so that rendering a template after
the reads runs no query.
"""

import datetime
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Avg, Count, OuterRef, Q, Subquery, Sum
from django.utils import timezone

from charter.models import Charter, Indicator, Measure
from followup.models import Campaign, IndicatorValue, Progress, Report, ReviewComment
from followup.selectors import dashboard
from meetings import selectors as committee
from procurement import selectors as register
from results.models import Publication
from results.selectors import barometer
from signatories.models import Commitment, Company, LocationThreshold, Signatory
from signatories.validators import grouped_siren

COMMUNICATED = Report.COMMUNICATED
MISSING = dashboard.MISSING
NUMERIC_TYPES = (
    Indicator.ValueType.INTEGER,
    Indicator.ValueType.DECIMAL,
    Indicator.ValueType.PERCENTAGE,
)
# The key figures of each company in the appendix: those of the employment barometer.
JOBS_TOTAL = barometer.JOBS_TOTAL
JOBS_FRANCE = barometer.JOBS_FRANCE
KEY_CODES = barometer.CODES


def current_charter() -> Charter | None:
    """The charter the documents speak of: the latest signed. One query."""
    return Charter.objects.order_by("-signed_on").first()


def _share(part, whole) -> Decimal | None:
    """``part`` as a percentage of ``whole``, to one decimal; None when ``whole`` is 0."""
    if part is None or not whole:
        return None
    return round(Decimal(part) * 100 / Decimal(whole), 1)


# --- The measures ------------------------------------------------------------------------


def charter_measures(charter: Charter | None) -> list[Measure]:
    """The charter's measures in the charter's order, with their axis and indicators
    (``indicator_list``). Two queries."""
    if charter is None:
        return []
    measures = list(Measure.objects.filter(axis__charter=charter).select_related("axis"))
    by_id = {measure.pk: measure for measure in measures}
    for measure in measures:
        measure.indicator_list = []
    for indicator in Indicator.objects.filter(measure__in=list(by_id)).order_by(
        "measure_id", "position", "pk"
    ):
        indicator.measure = by_id[indicator.measure_id]
        by_id[indicator.measure_id].indicator_list.append(indicator)
    return measures


# --- Synthesis per measure ---------------------------------------------------------------


@dataclass
class IndicatorFigures:
    indicator: Indicator
    answers: int
    total: Decimal | None
    mean: Decimal | None


@dataclass
class MeasureFigures:
    measure: Measure
    answers: int
    achieved: int
    in_progress: int
    not_started: int
    not_applicable: int
    mean_percent: Decimal | None
    indicators: list[IndicatorFigures] = field(default_factory=list)


def measure_synthesis(campaign: Campaign, measures: list[Measure]) -> list[MeasureFigures]:
    """Per measure, over the reports submitted, returned or validated (companies' and
    signatories'): answers per status, the mean % progress (not applicable ones left out)
    and, for each numeric indicator, how many answered, the sum and the mean. Active
    measures, and inactive ones that were answered; measure 4.1 from the register of public
    contracts, measure 5.1 from the committee's records (as the dashboard rolls them up).
    Eight queries."""
    communicated = Q(report__campaign=campaign, report__status__in=COMMUNICATED)
    answers = {
        row["measure"]: row
        for row in Progress.objects.filter(communicated)
        .values("measure")
        .annotate(
            answers=Count("pk", filter=~Q(status="")),
            achieved=Count("pk", filter=Q(status=Progress.Status.ACHIEVED)),
            in_progress=Count("pk", filter=Q(status=Progress.Status.IN_PROGRESS)),
            not_started=Count("pk", filter=Q(status=Progress.Status.NOT_STARTED)),
            not_applicable=Count("pk", filter=Q(status=Progress.Status.NOT_APPLICABLE)),
            mean=Avg("percent", filter=~Q(status=Progress.Status.NOT_APPLICABLE)),
        )
        .order_by()
    }
    figures = {
        row["indicator"]: row
        for row in IndicatorValue.objects.filter(
            communicated,
            indicator__value_type__in=NUMERIC_TYPES,
            number__isnull=False,
        )
        .values("indicator")
        .annotate(answers=Count("pk"), total=Sum("number"), mean=Avg("number"))
        .order_by()
    }
    buyers = register.figures_by_buyer(campaign.period_start, campaign.period_end)
    work = committee.rollup(campaign.period_start, campaign.period_end)
    held = committee.figures(campaign.period_start, campaign.period_end)
    result = []
    for measure in measures:
        row = answers.get(measure.pk)
        if measure.code == register.MEASURE_CODE:
            row, figures = _from_register(measure, buyers, figures)
        if measure.code == committee.MEASURE_CODE:
            row, figures = _from_records(measure, work, held, figures)
        if row is None and not measure.active:
            continue
        row = row or {}
        mean = row.get("mean")
        result.append(
            MeasureFigures(
                measure=measure,
                answers=row.get("answers", 0),
                achieved=row.get("achieved", 0),
                in_progress=row.get("in_progress", 0),
                not_started=row.get("not_started", 0),
                not_applicable=row.get("not_applicable", 0),
                mean_percent=None if mean is None else round(Decimal(mean), 1),
                indicators=[
                    IndicatorFigures(
                        indicator=indicator,
                        answers=figures.get(indicator.pk, {}).get("answers", 0),
                        total=figures.get(indicator.pk, {}).get("total"),
                        mean=_mean(figures.get(indicator.pk, {}).get("mean")),
                    )
                    for indicator in measure.indicator_list
                    if indicator.value_type in NUMERIC_TYPES
                ],
            )
        )
    return result


def _from_register(measure: Measure, buyers: list, figures: dict) -> tuple[dict, dict]:
    """Measure 4.1 as the register gives it over the campaign's period, not as reports
    once typed it: each buyer that awarded contracts is one answer, at its share of
    contracts to labelled providers (``procurement.selectors.rollup_of``), and the
    register's counts stand for its two indicators."""
    rollup = register.rollup_of(buyers)
    row = {
        "answers": len(buyers),
        "achieved": rollup.achieved,
        "in_progress": rollup.in_progress,
        "not_started": rollup.not_started,
        "not_applicable": 0,
        "mean": rollup.mean_percent,
    }
    counts = {
        register.AWARDED: [figure.awarded for _buyer, figure in buyers],
        register.LABELLED: [figure.labelled for _buyer, figure in buyers],
    }
    figures = dict(figures)
    for indicator in measure.indicator_list:
        if indicator.code in counts:
            numbers = counts[indicator.code]
            figures[indicator.pk] = {
                "answers": len(numbers),
                "total": sum(numbers) if numbers else None,
                "mean": sum(numbers) / len(numbers) if numbers else None,
            }
    return row, figures


def _from_records(measure: Measure, work, held, figures: dict) -> tuple[dict, dict]:
    """Measure 5.1 as the committee's records give it over the campaign's period, not as a
    report typed it: each work stream due in the period is one answer, at its status and
    progress (``meetings.selectors.rollup``, as on the dashboard), and the meetings held
    stand for its indicator."""
    row = {
        "answers": work.achieved + work.in_progress + work.not_started,
        "achieved": work.achieved,
        "in_progress": work.in_progress,
        "not_started": work.not_started,
        "not_applicable": 0,
        "mean": work.mean_percent,
    }
    figures = dict(figures)
    for indicator in measure.indicator_list:
        if indicator.code == committee.MEETINGS_INDICATOR:
            figures[indicator.pk] = {"answers": 1, "total": held.meetings, "mean": held.meetings}
    return row, figures


def _mean(value) -> Decimal | None:
    return None if value is None else round(Decimal(value), 2)


# --- The appendix: one section per expected company --------------------------------------


@dataclass
class CommitmentLine:
    measure: Measure
    status: str  # a Progress.Status value, "" when the report gives none
    percent: int | None
    committed: bool = True  # False: answered in the report, but no longer a commitment


@dataclass
class CompanySection:
    company_id: int
    name: str
    siren: str
    kind: str
    federation: str
    report_status: str  # a Report.Status value, or MISSING
    lines: list[CommitmentLine] = field(default_factory=list)
    figures: dict[str, Decimal | None] = field(default_factory=dict)

    @property
    def siren_display(self) -> str:
        return grouped_siren(self.siren)

    @property
    def communicated(self) -> bool:
        return self.report_status in COMMUNICATED


def appendix(campaign: Campaign, measures: list[Measure]) -> list[CompanySection]:
    """Every company expected for the campaign, by name, with its report's status, its
    commitments with the status and % progress its report gives (reports submitted,
    returned or validated only: a draft is not yet an answer) and its key figures (jobs
    created in all and in France, headcount in and outside France). Four queries."""
    by_measure = {measure.pk: measure for measure in measures}
    order = {measure.pk: index for index, measure in enumerate(measures)}
    expected = Company.objects.expected_for(campaign.period_end)
    state = Subquery(
        Report.objects.filter(campaign=campaign, company=OuterRef("pk")).values("status")[:1]
    )
    sections = {
        row["pk"]: CompanySection(
            company_id=row["pk"],
            name=row["legal_name"],
            siren=row["siren"],
            kind=row["kind"],
            federation=row["federation"],
            report_status=row["state"] or MISSING,
        )
        for row in expected.annotate(state=state)
        .values("pk", "legal_name", "siren", "kind", "federation", "state")
        .order_by("legal_name", "pk")
    }
    lines: dict[int, dict[int, CommitmentLine]] = {pk: {} for pk in sections}
    for company_id, measure_id in Commitment.objects.filter(
        company__in=expected.values("pk")
    ).values_list("company_id", "measure_id"):
        if measure_id in by_measure:
            lines[company_id][measure_id] = CommitmentLine(by_measure[measure_id], "", None)
    reported = Q(
        report__campaign=campaign,
        report__status__in=COMMUNICATED,
        report__company__in=expected.values("pk"),
    )
    for company_id, measure_id, status, percent in Progress.objects.filter(reported).values_list(
        "report__company_id", "measure_id", "status", "percent"
    ):
        line = lines[company_id].get(measure_id)
        if line is None:
            if measure_id not in by_measure:
                continue
            line = lines[company_id][measure_id] = CommitmentLine(
                by_measure[measure_id], "", None, committed=False
            )
        line.status, line.percent = status, percent
    for company_id, code, number in IndicatorValue.objects.filter(
        reported, indicator__code__in=KEY_CODES
    ).values_list("report__company_id", "indicator__code", "number"):
        sections[company_id].figures[code] = number
    for company_id, section in sections.items():
        section.lines = sorted(lines[company_id].values(), key=lambda x: order[x.measure.pk])
    return list(sections.values())


# --- The campaign report -----------------------------------------------------------------


def campaign_palmares(campaign: Campaign) -> Publication | None:
    """The campaign's palmarès that stands (its latest version, unless withdrawn), with its
    frozen figures. One query."""
    return (
        Publication.objects.palmares()
        .current()
        .filter(campaign=campaign)
        .select_related("method")
        .order_by("-published_at", "-pk")
        .first()
    )


def campaign_report_data(campaign: Campaign, today: datetime.date | None = None) -> dict:
    """Everything the campaign report shows: the charter, the headline figures and the
    progress per axis (as the dashboard computes them), the employment barometer of the
    validated reports, the palmarès published for the campaign, the synthesis per measure
    and the appendix of expected companies. Twenty queries, whatever the number of
    companies."""
    charter = current_charter()
    measures = charter_measures(charter)
    return {
        "charter": charter,
        "headline": dashboard.headline(campaign, today),
        "axes": dashboard.axis_progress(campaign),
        "barometer": barometer.barometer_figures(campaign),
        "palmares": campaign_palmares(campaign),
        "measures": measure_synthesis(campaign, measures),
        "companies": appendix(campaign, measures),
    }


# --- A company's report card -------------------------------------------------------------


def card_campaign(company: Company) -> Campaign | None:
    """The latest campaign, drafts apart, for which the company has a report. One query."""
    return (
        Campaign.objects.visible_to_reporters()
        .filter(reports__company=company)
        .order_by("-period_end", "-pk")
        .first()
    )


@dataclass
class CardLine:
    """One commitment of the company (or an answer to a measure it no longer commits to)
    with what the report says of it."""

    measure: Measure
    commitment: Commitment | None
    progress: Progress | None
    values: list[tuple[Indicator, IndicatorValue | None]] = field(default_factory=list)
    comments: list[ReviewComment] = field(default_factory=list)


def company_card_data(
    company: Company, campaign: Campaign | None, today: datetime.date | None = None
) -> dict:
    """What a company's report card shows for ``campaign``: its commitments (target, due
    date), the report's status and, unless it is a draft, each commitment's status and %
    progress, the committee's comments, the indicators' values, the share of jobs created
    in France against the threshold in force for its kind on the last day of the period,
    its certifications and the report's events (who did what, when). Ten queries at most,
    whatever the company."""
    charter = current_charter()
    commitments = list(
        company.commitments.select_related("measure", "measure__axis").order_by(
            "measure__axis__number", "measure__code"
        )
    )
    today = today or timezone.localdate()
    certifications = list(company.certifications.order_by("-valid_until", "scheme"))
    for certification in certifications:
        certification.current = certification.is_current(today)
    report = None
    if campaign is not None:
        report = Report.objects.filter(campaign=campaign, company=company).first()
    answers_shown = report is not None and report.status in COMMUNICATED
    events = list(report.events.select_related("user").order_by("at", "pk")) if report else []
    lines = {
        c.measure_id: CardLine(measure=c.measure, commitment=c, progress=None) for c in commitments
    }
    values: dict[int, IndicatorValue] = {}
    if answers_shown:
        for answer in report.progress.select_related("measure", "measure__axis"):
            line = lines.setdefault(
                answer.measure_id, CardLine(measure=answer.measure, commitment=None, progress=None)
            )
            line.progress = answer
        values = {v.indicator_id: v for v in report.values.select_related("indicator")}
        for comment in (
            ReviewComment.objects.filter(progress__report=report)
            .select_related("author", "progress")
            .order_by("created_at", "pk")
        ):
            if comment.progress.measure_id in lines:
                lines[comment.progress.measure_id].comments.append(comment)
    for indicator in Indicator.objects.filter(measure__in=list(lines)).order_by(
        "measure_id", "position", "pk"
    ):
        lines[indicator.measure_id].values.append((indicator, values.get(indicator.pk)))
    threshold = None
    if campaign is not None:
        threshold = LocationThreshold.objects.in_force(company.kind, campaign.period_end).first()
    numbers = {v.indicator.code: v.number for v in values.values()}
    jobs_total, jobs_france = numbers.get(JOBS_TOTAL), numbers.get(JOBS_FRANCE)
    share = _share(jobs_france, jobs_total)
    return {
        "charter": charter,
        "company": company,
        "campaign": campaign,
        "report": report,
        "answers_shown": answers_shown,
        "lines": sorted(
            lines.values(),
            key=lambda x: (x.measure.axis.number, len(x.measure.code), x.measure.code),
        ),
        "events": events,
        "certifications": certifications,
        "jobs": {
            "total": jobs_total,
            "france": jobs_france,
            "share": share,
            "threshold": threshold,
            "below": share is not None
            and threshold is not None
            and share < threshold.min_share_france,
        },
        "today": today,
    }


# --- The adhesion certificate ------------------------------------------------------------


def certificate_reference(company: Company) -> str:
    """A stable reference for the company's adhesion: the year it adhered and its SIREN."""
    year = company.adhered_on.year if company.adhered_on else "0000"
    return f"ADH-{year}-{company.siren}"


def certificate_data(company: Company) -> dict:
    """The charter and its signatories, for the adhesion certificate. Two queries."""
    charter = current_charter()
    signatories = list(Signatory.objects.filter(charter=charter)) if charter else []
    return {
        "charter": charter,
        "signatories": signatories,
        "company": company,
        "reference": certificate_reference(company),
    }
