"""Reads of the committee's dashboard: headline figures, progress per axis, the table of
companies, a company's follow-up, every answer to a measure, the certification watch.

Every function runs a fixed number of queries, whatever the number of companies or
campaigns: figures are aggregated by the database (conditional aggregates over joins).
A company's report for a campaign is a LEFT JOIN (``FilteredRelation``), not a subquery
per company; subqueries carry no ORDER BY. Both keep the plans cheap on large data sets
(no per-row subplan, no JIT compilation on PostgreSQL). The answers of one campaign are
read through the index on their report (``_OneOf``), whatever the number of campaigns.
"""

import datetime
from collections import Counter
from dataclasses import dataclass, field
from decimal import Decimal

from django.conf import settings
from django.db.models import (
    Avg,
    BooleanField,
    Case,
    Count,
    DecimalField,
    Expression,
    ExpressionWrapper,
    F,
    FilteredRelation,
    IntegerField,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
    Sum,
    Value,
    When,
)
from django.db.models.functions import Coalesce, NullIf
from django.utils import timezone
from django.utils.translation import gettext as _

from charter.models import Axis, Charter, Measure
from meetings import selectors as committee
from procurement import selectors as procurement
from signatories.models import Certification, Company
from signatories.validators import normalize_siren

from ..models import Campaign, IndicatorValue, Progress, Report

AXIS_NUMBERS = range(1, 6)
MISSING = "missing"  # no report, or a draft never submitted
NON_COMMUNICATING = "non_communicating"  # missing once the grace period is over
JOBS_TOTAL = "jobs_created_total"
JOBS_FRANCE = "jobs_created_france"


def campaigns_for_choice() -> list[Campaign]:
    """Campaigns the committee follows (every one but drafts), newest first. One query."""
    return list(Campaign.objects.visible_to_reporters())


def previous_campaign(
    campaign: Campaign, campaigns: list[Campaign] | None = None
) -> Campaign | None:
    """The latest non-draft campaign that ended before this one started. One query, none
    when given ``campaigns`` (``campaigns_for_choice``) to pick it from."""
    if campaigns is not None:
        earlier = [c for c in campaigns if c.period_end < campaign.period_start]
        return max(earlier, key=lambda c: (c.period_end, c.pk), default=None)
    return (
        Campaign.objects.visible_to_reporters()
        .filter(period_end__lt=campaign.period_start)
        .order_by("-period_end", "-pk")
        .first()
    )


class _OneOf(Expression):
    """``column IN (subquery)``, written ``column = ANY(ARRAY(subquery))`` on PostgreSQL.

    PostgreSQL plans ``report_id IN (SELECT ...)`` as a join that reads the answers of
    every campaign to keep one campaign's. With ``= ANY(ARRAY(...))`` the subquery runs
    first and the answers are read through the index on their report: the cost follows
    the campaign's size, not the history's."""

    conditional = True
    output_field = BooleanField()

    def __init__(self, column: str, subquery: QuerySet) -> None:
        super().__init__()
        self.column, self.subquery = F(column), Subquery(subquery)

    def get_source_expressions(self) -> list:
        return [self.column, self.subquery]

    def set_source_expressions(self, expressions: list) -> None:
        self.column, self.subquery = expressions

    def _compiled(self, compiler) -> tuple[str, str, tuple]:
        column, column_params = compiler.compile(self.column)
        subquery, subquery_params = compiler.compile(self.subquery)
        return column, subquery, (*column_params, *subquery_params)

    def as_sql(self, compiler, connection) -> tuple[str, tuple]:
        column, subquery, params = self._compiled(compiler)
        return f"{column} IN {subquery}", params

    def as_postgresql(self, compiler, connection) -> tuple[str, tuple]:
        column, subquery, params = self._compiled(compiler)
        return f"{column} = ANY(ARRAY{subquery})", params


def _in_communicated_reports(
    campaign: Campaign, report: str = "report", *, companies_only: bool = True
) -> _OneOf:
    """``report`` is one of the reports for ``campaign`` sent to the committee
    (``ReportQuerySet.communicated``): the companies' when ``companies_only``, else every
    reporter's (the signatories' and the committee's too)."""
    reports = Report.objects.communicated().filter(campaign=campaign)
    if companies_only:
        reports = reports.filter(company__isnull=False)
    return _OneOf(report, reports.order_by().values("pk"))


def _with_report(companies: QuerySet[Company], campaign: Campaign, name: str) -> QuerySet:
    """``companies`` with ``name`` as their report for ``campaign``: a LEFT JOIN (one
    report at most per company and campaign), whose columns read as ``<name>__status``."""
    return companies.alias(
        **{name: FilteredRelation("reports", condition=Q(reports__campaign=campaign))}
    )


def _not_communicated(status: str) -> Q:
    """No report, or one not sent to the committee (``Report.COMMUNICATED``), for the
    report status ``status`` of a LEFT JOIN: what ``Campaign.is_non_communicating`` asks
    once the grace period is over (a test shows they agree)."""
    return Q(**{f"{status}__isnull": True}) | ~Q(**{f"{status}__in": Report.COMMUNICATED})


def _value(campaign: Campaign, code: str):
    """A company's number for one indicator in its communicated report for ``campaign``,
    as a subquery (to sort the table by it)."""
    return Subquery(
        IndicatorValue.objects.filter(
            report__campaign=campaign,
            report__company=OuterRef("pk"),
            report__status__in=Report.COMMUNICATED,
            indicator__code=code,
        )
        .order_by()
        .values("number")[:1]
    )


def _axis_progress(campaign: Campaign, number: int):
    """The mean % progress of a company's commitments on one axis (not applicable ones
    left out), in its communicated report for ``campaign``, as a subquery (to sort the
    table by it)."""
    return Subquery(
        Progress.objects.filter(
            report__campaign=campaign,
            report__company=OuterRef("pk"),
            report__status__in=Report.COMMUNICATED,
            measure__axis__number=number,
            percent__isnull=False,
        )
        .exclude(status=Progress.Status.NOT_APPLICABLE)
        .order_by()
        .values("report")
        .annotate(mean=Avg("percent"))
        .values("mean")[:1]
    )


# --- Headline figures --------------------------------------------------------------------


@dataclass
class Headline:
    expected: int
    submitted: int
    returned: int
    validated: int
    draft: int
    missing: int
    response_rate: float | None
    past_grace: bool
    non_communicating: int
    twice_non_communicating: int
    previous: Campaign | None


def headline(
    campaign: Campaign,
    today: datetime.date | None = None,
    campaigns: list[Campaign] | None = None,
) -> Headline:
    """Companies expected (``Company.objects.expected_for``), reports per state, response
    rate, non-communicating companies (past the deadline and grace period without a
    communicated report, ``Campaign.is_non_communicating``), and those that were
    non-communicating for the previous campaign too (and expected then). The companies
    are counted per state of their reports, by the database. Two queries; one when given
    ``campaigns`` to find the previous campaign in."""
    today = today or timezone.localdate()
    previous = previous_campaign(campaign, campaigns)
    companies = _with_report(Company.objects.expected_for(campaign.period_end), campaign, "current")
    states, counts = ["current__status"], {"companies": Count("pk")}
    if previous is not None:
        companies = _with_report(companies, previous, "prior")
        states.append("prior__status")
        counts["expected_then"] = Count("pk", filter=Company.adhered_by(previous.period_end))
    per_state: Counter[str | None] = Counter()
    non_communicating = twice = 0
    for row in companies.values(*states).annotate(**counts).order_by():
        state = row["current__status"]
        per_state[state] += row["companies"]
        if campaign.is_non_communicating(state, today):
            non_communicating += row["companies"]
            if previous and previous.is_non_communicating(row["prior__status"], today):
                twice += row["expected_then"]
    expected = sum(per_state.values())
    communicated = sum(per_state[state] for state in Report.COMMUNICATED)
    return Headline(
        expected=expected,
        submitted=per_state[Report.Status.SUBMITTED],
        returned=per_state[Report.Status.RETURNED],
        validated=per_state[Report.Status.VALIDATED],
        draft=per_state[Report.Status.DRAFT],
        missing=expected - communicated,
        response_rate=round(100 * communicated / expected, 1) if expected else None,
        past_grace=campaign.is_past_grace(today),
        non_communicating=non_communicating,
        twice_non_communicating=twice,
        previous=previous,
    )


# --- Progress per axis -------------------------------------------------------------------


@dataclass
class AxisProgress:
    axis: Axis
    achieved: int
    in_progress: int
    not_started: int
    not_applicable: int
    unanswered: int
    mean_percent: float | None
    # Who reports on the axis's measures, in words: "companies", a signatory's acronym,
    # "the committee" (``reporters_per_axis``).
    reporters: list[str] = field(default_factory=list)

    @property
    def answered(self) -> int:
        return self.achieved + self.in_progress + self.not_started

    def share(self, count: int) -> float:
        return round(100 * count / self.answered, 1) if self.answered else 0.0

    @property
    def achieved_share(self) -> float:
        return self.share(self.achieved)

    @property
    def in_progress_share(self) -> float:
        return self.share(self.in_progress)

    @property
    def not_started_share(self) -> float:
        return self.share(self.not_started)


def reporters_per_axis(latest: QuerySet) -> dict[int, list[str]]:
    """Who reports on each axis's active measures (axis id -> words, companies first, then
    the signatories in the charter's order, then the committee), for the charter
    ``latest`` (a one-row subquery). One query."""
    measures = (
        Measure.objects.active()
        .filter(axis__charter=Subquery(latest))
        .select_related("owner")
        .order_by("owner__position", "owner__acronym")
    )
    bound: dict[int, dict[str, None]] = {}
    for measure in measures:
        words = bound.setdefault(measure.axis_id, {})
        if measure.bound == Measure.Bound.SIGNATORY:
            words[measure.owner.acronym] = None
        else:
            words[measure.bound] = None
    labels = {Measure.Bound.COMPANIES: _("companies"), Measure.Bound.COMMITTEE: _("the committee")}
    order = {Measure.Bound.COMPANIES: 0, Measure.Bound.COMMITTEE: 2}
    return {
        axis_id: [
            str(labels.get(word, word))
            for word in sorted(words, key=lambda word: order.get(word, 1))
        ]
        for axis_id, words in bound.items()
    }


def axis_progress(campaign: Campaign) -> list[AxisProgress]:
    """Per axis of the latest charter, over every communicated report of the campaign (the
    companies', the signatories' and the committee's): how many answers are achieved, in
    progress, not started (not applicable ones apart) and the mean % progress rolled up
    from the measures, with who reports on the axis. The measures whose figures come from
    records (``ROLLED_UP``) count their records instead of the answers typed on them:
    measure 4.1 one commitment per buyer from the register of public contracts
    (``procurement.selectors.rollup``), measure 5.1 one per work stream due in the period
    (``meetings.selectors.rollup``); the other measures of their axes (5.2 and 5.3, the
    committee's report) count their answers. Five queries."""
    latest = Charter.objects.order_by("-signed_on").values("pk")[:1]
    computed = Measure.objects.filter(code__in=[code for code, _r in ROLLED_UP.values()])
    answers = FilteredRelation(
        "measures__progress",
        condition=Q(
            _in_communicated_reports(campaign, "measures__progress__report", companies_only=False)
        )
        & ~Q(_OneOf("measures__progress__measure_id", computed.values("pk"))),
    )
    counted = ~Q(answer__status=Progress.Status.NOT_APPLICABLE)

    def answered(status: str) -> Count:
        return Count("answer", filter=Q(answer__status=status))

    axes = (
        Axis.objects.filter(charter=Subquery(latest))
        .alias(answer=answers)
        .annotate(
            achieved=answered(Progress.Status.ACHIEVED),
            in_progress=answered(Progress.Status.IN_PROGRESS),
            not_started=answered(Progress.Status.NOT_STARTED),
            not_applicable=answered(Progress.Status.NOT_APPLICABLE),
            unanswered=answered(""),
            percent_sum=Sum("answer__percent", filter=counted),
            percent_count=Count("answer__percent", filter=counted),
        )
        .order_by("number")
    )
    rows = []
    for axis in axes:
        records = None
        if axis.number in ROLLED_UP:
            records = ROLLED_UP[axis.number][1](campaign.period_start, campaign.period_end)
        rows.append(_row(axis, records))
    reporters = reporters_per_axis(latest)
    for row in rows:
        row.reporters = reporters.get(row.axis.pk, [])
    return rows


def _row(axis: Axis, records=None) -> AxisProgress:
    """An axis's row: the reports' answers ``axis_progress`` counted, plus the commitments
    of a roll-up from records when the axis has one (each one at its progress). No
    query."""
    achieved, in_progress, not_started = axis.achieved, axis.in_progress, axis.not_started
    total, count = float(axis.percent_sum or 0), axis.percent_count
    if records is not None:
        achieved += records.achieved
        in_progress += records.in_progress
        not_started += records.not_started
        taken = records.achieved + records.in_progress + records.not_started
        total += (records.mean_percent or 0) * taken
        count += taken
    return AxisProgress(
        axis=axis,
        achieved=achieved,
        in_progress=in_progress,
        not_started=not_started,
        not_applicable=axis.not_applicable,
        unanswered=axis.unanswered,
        mean_percent=round(total / count, 1) if count else None,
    )


# The measures whose figures are computed from records rather than answered in reports,
# by axis: axis number -> (measure code, function(start, end) -> a roll-up with achieved,
# in_progress, not_started and mean_percent, one commitment per record).
ROLLED_UP = {
    procurement.AXIS_NUMBER: (procurement.MEASURE_CODE, procurement.rollup),
    committee.AXIS_NUMBER: (committee.MEASURE_CODE, committee.rollup),
}


# --- Human contact (measures 1.5 and 1.6) ------------------------------------------------

DIALERS = "automated_dialers_used"
IVR = "ivr_answered_share"


@dataclass
class HumanContact:
    """Measures 1.5 and 1.6 over the companies' communicated reports of a campaign: how
    many answered whether they use automated prospecting dialers and how many do; how many
    gave the share of calls an IVR answers, and its mean (%)."""

    dialers_answered: int
    dialers_used: int
    ivr_answered: int
    ivr_mean: float | None


def human_contact(campaign: Campaign) -> HumanContact:
    """``HumanContact`` of ``campaign``. One query."""
    reports = Report.objects.communicated().filter(campaign=campaign, company__isnull=False)
    figures = IndicatorValue.objects.filter(report__in=reports.values("pk")).aggregate(
        dialers_answered=Count("pk", filter=Q(indicator__code=DIALERS, boolean__isnull=False)),
        dialers_used=Count("pk", filter=Q(indicator__code=DIALERS, boolean=True)),
        ivr_answered=Count("pk", filter=Q(indicator__code=IVR, number__isnull=False)),
        ivr_mean=Avg("number", filter=Q(indicator__code=IVR)),
    )
    mean = figures.pop("ivr_mean")
    return HumanContact(**figures, ivr_mean=None if mean is None else round(float(mean), 1))


# --- The table of companies --------------------------------------------------------------

SORTS = {
    "name": ("legal_name",),
    "kind": ("kind", "legal_name"),
    "federation": ("federation", "legal_name"),
    "status": ("state_order", "legal_name"),
    "share": ("share_france", "legal_name"),
    "certifications": ("certification_count", "legal_name"),
    **{f"axis{n}": (f"axis{n}", "legal_name") for n in AXIS_NUMBERS},
}


@dataclass(frozen=True)
class CompanyFilters:
    search: str = ""
    kind: str = ""
    federation: str = ""
    status: str = ""
    axis: int | None = None
    sort: str = "name"
    descending: bool = False

    @property
    def narrowing(self) -> bool:
        """Whether the filters leave out some of the expected companies."""
        return bool(self.search or self.kind or self.federation or self.status or self.axis)


def _sort_column(campaign: Campaign, sort: str, today: datetime.date) -> dict:
    """The annotation the table is sorted by, when it is a figure: only that one is
    computed in SQL for every company; the page's figures come from ``table_figures``."""
    if sort == "status":
        return {
            "state_order": Case(
                *[When(state=state, then=Value(i)) for i, state in enumerate(Report.Status.values)],
                default=Value(len(Report.Status.values)),
                output_field=IntegerField(),
            )
        }
    if sort == "certifications":
        return {
            "certification_count": Coalesce(
                Subquery(
                    Certification.objects.current_on(today)
                    .filter(company=OuterRef("pk"))
                    .order_by()
                    .values("company")
                    .annotate(n=Count("pk"))
                    .values("n")[:1]
                ),
                0,
            )
        }
    if sort == "share":
        return {
            "share_france": ExpressionWrapper(
                _value(campaign, JOBS_FRANCE) * 100 / NullIf(_value(campaign, JOBS_TOTAL), 0),
                output_field=DecimalField(max_digits=7, decimal_places=2),
            )
        }
    if sort.startswith("axis"):
        return {sort: _axis_progress(campaign, int(sort[4:]))}
    return {}


def company_table(
    campaign: Campaign, filters: CompanyFilters, today: datetime.date | None = None
) -> QuerySet[Company]:
    """Expected companies (their name, SIREN, kind and federation) with their report for
    ``campaign`` (``state``, ``report_id``), filtered and sorted in SQL. One query to
    count, one for a page of rows; the rows' figures (progress per axis, jobs created,
    certifications) come from ``table_figures``."""
    today = today or timezone.localdate()
    order = SORTS.get(filters.sort, SORTS["name"])
    companies = (
        _with_report(Company.objects.expected_for(campaign.period_end), campaign, "current")
        .only("legal_name", "siren", "kind", "federation")
        .annotate(state=F("current__status"), report_id=F("current__id"))
        .annotate(**_sort_column(campaign, filters.sort if filters.sort in SORTS else "", today))
    )
    if filters.search:
        siren = normalize_siren(filters.search)
        by_siren = Q(siren__startswith=siren) if siren.isdigit() else Q(pk__in=[])
        companies = companies.filter(Q(legal_name__icontains=filters.search) | by_siren)
    if filters.kind:
        companies = companies.filter(kind=filters.kind)
    if filters.federation:
        companies = companies.filter(federation=filters.federation)
    if filters.status == MISSING:
        companies = companies.filter(_not_communicated("state"))
    elif filters.status == NON_COMMUNICATING:
        # ``Campaign.is_non_communicating``: missing, once the grace period is over.
        past = campaign.is_past_grace(today)
        companies = companies.filter(_not_communicated("state")) if past else companies.none()
    elif filters.status:
        companies = companies.filter(state=filters.status)
    if filters.axis:
        companies = companies.filter(
            pk__in=Measure.objects.filter(axis__number=filters.axis).values("commitments__company")
        )
    first = (
        F(order[0]).desc(nulls_last=True)
        if filters.descending
        else F(order[0]).asc(nulls_last=True)
    )
    return companies.order_by(first, *order[1:], "pk")


@dataclass
class TableFigures:
    """The figures of rows of the table of companies, by report and by company."""

    campaign: Campaign
    today: datetime.date
    progress: dict[int, dict[int, float]]  # report id: {axis number: mean % progress}
    jobs: dict[int, dict[str, Decimal]]  # report id: {indicator code: number}
    certifications: dict[int, list[Certification]]  # company id: current ones

    def attach(self, company: Company) -> Company:
        """Set ``communicated`` and ``shown_state`` (the report's state, or
        ``non_communicating``; None without a report); ``axis1``..``axis5`` and
        ``axis_values``, ``jobs_total``, ``jobs_france``, ``share_france``,
        ``current_certifications`` and ``certification_count``. Figures come from a
        communicated report only (submitted, returned or validated)."""
        company.communicated = company.state in Report.COMMUNICATED
        company.shown_state = (
            NON_COMMUNICATING
            if self.campaign.is_non_communicating(company.state, self.today)
            else company.state
        )
        report_id = company.report_id if company.communicated else None
        progress = self.progress.get(report_id, {})
        company.axis_values = [progress.get(n) for n in AXIS_NUMBERS]
        for n, value in zip(AXIS_NUMBERS, company.axis_values, strict=True):
            setattr(company, f"axis{n}", value)
        jobs = self.jobs.get(report_id, {})
        company.jobs_total = jobs.get(JOBS_TOTAL)
        company.jobs_france = jobs.get(JOBS_FRANCE)
        company.share_france = (
            company.jobs_france * 100 / company.jobs_total
            if company.jobs_france is not None and company.jobs_total
            else None
        )
        company.current_certifications = self.certifications.get(company.pk, [])
        company.certification_count = len(company.current_certifications)
        return company


def table_figures(
    campaign: Campaign,
    companies: list[Company] | None = None,
    today: datetime.date | None = None,
) -> TableFigures:
    """The figures of the rows of ``company_table``: of ``companies`` (a page of rows),
    or of every active company for ``campaign`` when None (a whole export). Three
    queries at most (none for a page without rows): progress per report and axis, jobs
    created, current certifications. ``attach`` puts them on each row."""
    today = today or timezone.localdate()
    figures = TableFigures(campaign, today, progress={}, jobs={}, certifications={})
    if companies is None:
        in_reports = _in_communicated_reports(campaign)
        holders = Q(company__status=Company.Status.ACTIVE)
    elif companies:
        report_ids = [c.report_id for c in companies if c.state in Report.COMMUNICATED]
        in_reports = Q(report__in=report_ids)
        holders = Q(company__in=[c.pk for c in companies])
    else:
        return figures
    for report_id, number, mean in (
        Progress.objects.filter(in_reports, percent__isnull=False)
        .exclude(status=Progress.Status.NOT_APPLICABLE)
        .values_list("report", "measure__axis__number")
        .annotate(Avg("percent"))
        .order_by()
    ):
        figures.progress.setdefault(report_id, {})[number] = float(mean)
    for report_id, code, number in IndicatorValue.objects.filter(
        in_reports, indicator__code__in=[JOBS_TOTAL, JOBS_FRANCE], number__isnull=False
    ).values_list("report", "indicator__code", "number"):
        figures.jobs.setdefault(report_id, {})[code] = number
    for certification in (
        Certification.objects.current_on(today)
        .filter(holders)
        .only("company", "scheme", "scheme_other", "valid_until")
        .order_by("company", "valid_until", "pk")
    ):
        figures.certifications.setdefault(certification.company_id, []).append(certification)
    return figures


# --- A company's follow-up ---------------------------------------------------------------


def company_follow_up(company: Company, today: datetime.date | None = None) -> dict:
    """A company's reports over every campaign with their events and review comments,
    its commitments and certifications. Five queries."""
    from ..models import ReportEvent, ReviewComment

    today = today or timezone.localdate()
    reports = list(
        Report.objects.filter(company=company)
        .select_related("campaign")
        .prefetch_related(
            Prefetch("events", queryset=ReportEvent.objects.select_related("user")),
        )
        .order_by("-campaign__period_end")
    )
    comments = list(
        ReviewComment.objects.filter(progress__report__company=company)
        .select_related("author", "progress__measure", "progress__report__campaign")
        .order_by("-created_at")
    )
    certifications = list(company.certifications.order_by("valid_until"))
    return {
        "reports": reports,
        "comments": comments,
        "certifications": certifications,
        "commitments": list(
            company.commitments.select_related("measure", "measure__axis").order_by(
                "measure__axis__number", "measure__code"
            )
        ),
    }


# --- Every answer to a measure -----------------------------------------------------------


def measure_answers(measure: Measure, campaign: Campaign, status: str = "") -> QuerySet[Progress]:
    """Every company's and signatory's answer to ``measure`` in ``campaign``'s
    communicated reports. One query for a page; ``values_for`` adds the indicator values."""
    answers = (
        Progress.objects.filter(
            report__campaign=campaign, report__status__in=Report.COMMUNICATED, measure=measure
        )
        .select_related("report", "report__company", "report__signatory")
        .order_by("report__company__legal_name", "report__signatory__acronym", "pk")
    )
    if status:
        answers = answers.filter(status=status)
    return answers


def measure_summary(measure: Measure, campaign: Campaign) -> dict[str, int | float | None]:
    """How many answers per status and the mean % progress. One query."""
    return Progress.objects.filter(
        report__campaign=campaign, report__status__in=Report.COMMUNICATED, measure=measure
    ).aggregate(
        total=Count("pk"),
        achieved=Count("pk", filter=Q(status=Progress.Status.ACHIEVED)),
        in_progress=Count("pk", filter=Q(status=Progress.Status.IN_PROGRESS)),
        not_started=Count("pk", filter=Q(status=Progress.Status.NOT_STARTED)),
        not_applicable=Count("pk", filter=Q(status=Progress.Status.NOT_APPLICABLE)),
        mean=Avg("percent", filter=~Q(status=Progress.Status.NOT_APPLICABLE)),
        committed=Count("pk", filter=Q(report__company__isnull=False)),
    )


def values_for(answers: list[Progress], measure: Measure) -> None:
    """Attach ``values`` (by indicator id) to each answer of a page. One query."""
    by_report: dict[int, dict[int, IndicatorValue]] = {a.report_id: {} for a in answers}
    for value in IndicatorValue.objects.filter(
        report__in=list(by_report), indicator__measure=measure
    ):
        by_report[value.report_id][value.indicator_id] = value
    for answer in answers:
        answer.values = by_report[answer.report_id]


# --- The certification watch -------------------------------------------------------------


def _past_end(today: datetime.date) -> Q:
    """Certifications past their end date while still marked as counting
    (``Certification.COUNTING``), or marked expired."""
    return Q(valid_until__lt=today) & Q(
        status__in=[*Certification.COUNTING, Certification.Status.EXPIRED]
    )


def _ending_soon(today: datetime.date, horizon: datetime.date) -> Q:
    """Certifications marked as counting whose end date falls between today and
    ``horizon``."""
    return Q(status__in=Certification.COUNTING, valid_until__gte=today, valid_until__lte=horizon)


def _horizon(today: datetime.date, days: int | None = None) -> datetime.date:
    return today + datetime.timedelta(
        days=days if days is not None else settings.CERTIFICATION_WARNING_DAYS
    )


def certification_watch(
    *, horizon_days: int | None = None, which: str = "", today: datetime.date | None = None
) -> QuerySet[Certification]:
    """Certifications past their end date while still marked valid or temporary, and
    those ending within ``horizon_days``, of active companies, by company. One query."""
    today = today or timezone.localdate()
    expired, soon = _past_end(today), _ending_soon(today, _horizon(today, horizon_days))
    chosen = {"expired": expired, "soon": soon}.get(which, expired | soon)
    return (
        Certification.objects.filter(chosen, company__status=Company.Status.ACTIVE)
        .select_related("company")
        .order_by("company__legal_name", "valid_until", "pk")
    )


def certification_summary(today: datetime.date | None = None) -> dict[str, int]:
    """How many certifications of active companies are past their end date (while still
    marked valid or temporary, or marked expired), and how many end within the warning
    window (those of ``certification_watch``). One query."""
    today = today or timezone.localdate()
    return Certification.objects.filter(company__status=Company.Status.ACTIVE).aggregate(
        expired=Count("pk", filter=_past_end(today)),
        soon=Count("pk", filter=_ending_soon(today, _horizon(today))),
    )
