"""Reads of the committee's dashboard: headline figures, progress per axis, the table of
companies, a company's follow-up, every answer to a measure, the certification watch.

Every function runs a fixed number of queries, whatever the number of companies or
campaigns: figures are aggregated by the database (conditional aggregates over joins).
A company's report for a campaign is a LEFT JOIN, not a subquery per company; subqueries
carry no ORDER BY. Both keep the plans cheap on large data sets (no per-row subplan, no
JIT compilation on PostgreSQL).

The dashboard's figures (headline, certification counts, progress per axis, the figures
of a page of the table) are hand-written statements: building them through the ORM took
longer than running them. They are plain SQL that PostgreSQL and SQLite both run, apart
from ``_in_reports_of``; ``make bench`` checks them against its own floor statements.
"""

import datetime
from dataclasses import dataclass
from decimal import Decimal
from typing import NamedTuple

from django.conf import settings
from django.db import connections, router
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
    Value,
    When,
)
from django.db.models.functions import Coalesce, NullIf
from django.utils import timezone

from charter.models import Axis, Measure
from signatories.models import Certification, Company
from signatories.validators import normalize_siren

from ..models import Campaign, IndicatorValue, Progress, Report

AXIS_NUMBERS = range(1, 6)
COMMUNICATED = (Report.Status.SUBMITTED, Report.Status.RETURNED, Report.Status.VALIDATED)
MISSING = "missing"  # no report, or a draft never submitted
NON_COMMUNICATING = "non_communicating"  # missing once the grace period is over
JOBS_TOTAL = "jobs_created_total"
JOBS_FRANCE = "jobs_created_france"
REPORT_STATES = [*Report.Status.values, MISSING]


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


def expected_companies(campaign: Campaign) -> QuerySet[Company]:
    """Companies that owe a report for the campaign: active, adhering by its period's end."""
    return Company.objects.active().filter(
        Q(adhered_on__isnull=True) | Q(adhered_on__lte=campaign.period_end)
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


def _communicated_reports(campaign: Campaign) -> QuerySet[Report]:
    """The ids of the companies' submitted, returned or validated reports for
    ``campaign``."""
    return (
        Report.objects.filter(campaign=campaign, company__isnull=False, status__in=COMMUNICATED)
        .order_by()
        .values("pk")
    )


def _with_report(companies: QuerySet[Company], campaign: Campaign, name: str) -> QuerySet:
    """``companies`` with ``name`` as their report for ``campaign``: a LEFT JOIN (one
    report at most per company and campaign), whose columns read as ``<name>__status``."""
    return companies.alias(
        **{name: FilteredRelation("reports", condition=Q(reports__campaign=campaign))}
    )


def _value(campaign: Campaign, code: str):
    """A company's number for one indicator in its communicated report for ``campaign``,
    as a subquery (to sort the table by it)."""
    return Subquery(
        IndicatorValue.objects.filter(
            report__campaign=campaign,
            report__company=OuterRef("pk"),
            report__status__in=COMMUNICATED,
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
            report__status__in=COMMUNICATED,
            measure__axis__number=number,
            percent__isnull=False,
        )
        .exclude(status=Progress.Status.NOT_APPLICABLE)
        .order_by()
        .values("report")
        .annotate(mean=Avg("percent"))
        .values("mean")[:1]
    )


def _current_certifications(today: datetime.date):
    return Certification.objects.filter(
        status__in=[Certification.Status.VALID, Certification.Status.TEMPORARY],
        valid_from__lte=today,
        valid_until__gte=today,
    )


def _missing(field: str) -> Q:
    """No report, or a draft: ``NOT_COMMUNICATED`` in SQL (a test shows they agree)."""
    return Q(**{f"{field}__isnull": True}) | Q(**{field: Report.Status.DRAFT})


def _database(model: type):
    """The connection Django reads ``model`` from: the replica on the committee's pages,
    when there is one."""
    return connections[router.db_for_read(model)]


def _fetch(model: type, sql: str, params: dict) -> list[tuple]:
    """The rows of a hand-written statement (``%(name)s`` parameters), read from
    ``_database(model)``. Dates are adapted for the database, choices (``TextChoices``)
    passed as plain strings: psycopg looks a str subclass's adapter up anew each time."""
    connection = _database(model)
    adapt = connection.ops.adapt_datefield_value
    params = {
        name: adapt(value)
        if isinstance(value, datetime.date)
        else str(value)
        if isinstance(value, str)
        else value
        for name, value in params.items()
    }
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()


def _in_reports_of(column: str, model: type) -> str:
    """``column`` is one of the companies' submitted, returned or validated reports for
    the campaign ``%(campaign)s``, as SQL. On PostgreSQL ``= ANY(ARRAY(...))``: the
    subquery runs first and the rows are read through the index on their report, whereas
    ``IN (...)`` is planned as a join over every campaign's rows (see ``_OneOf``)."""
    reports = (
        "(SELECT r.id FROM followup_report r WHERE r.campaign_id = %(campaign)s "
        "AND r.company_id IS NOT NULL "
        "AND r.status IN (%(submitted)s, %(returned)s, %(validated)s))"
    )
    if _database(model).vendor == "postgresql":
        return f"{column} = ANY(ARRAY{reports})"
    return f"{column} IN {reports}"


def _one_of(column: str, ids: list[int], params: dict, name: str, model: type) -> str:
    """``column`` is one of ``ids`` (at least one), as SQL, adding them to ``params``
    under ``name``. On PostgreSQL ``= ANY(%(name)s)``, one array parameter: the statement
    stays the same whatever the number of ids (psycopg keeps statements of at most 50
    parameters parsed). Elsewhere ``IN (%(name0)s, %(name1)s...)``."""
    if _database(model).vendor == "postgresql":
        params[name] = ids
        return f"{column} = ANY(%({name})s)"
    names = [f"{name}{i}" for i in range(len(ids))]
    params.update(zip(names, ids, strict=True))
    return f"{column} IN ({', '.join(f'%({name})s' for name in names)})"


STATES = {
    "submitted": Report.Status.SUBMITTED,
    "returned": Report.Status.RETURNED,
    "validated": Report.Status.VALIDATED,
    "draft": Report.Status.DRAFT,
}
ANSWERS = {
    "achieved": Progress.Status.ACHIEVED,
    "in_progress": Progress.Status.IN_PROGRESS,
    "not_started": Progress.Status.NOT_STARTED,
    "not_applicable": Progress.Status.NOT_APPLICABLE,
}


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


_HEADLINE_SQL = """
SELECT count(*),
       count(*) FILTER (WHERE report.status = %(submitted)s),
       count(*) FILTER (WHERE report.status = %(returned)s),
       count(*) FILTER (WHERE report.status = %(validated)s),
       count(*) FILTER (WHERE report.status = %(draft)s),
       count(*) FILTER (WHERE report.status IS NULL OR report.status = %(draft)s),
       count(*) FILTER (
           WHERE (report.status IS NULL OR report.status = %(draft)s)
             AND (prior.status IS NULL OR prior.status = %(draft)s)
             AND (company.adhered_on IS NULL OR company.adhered_on <= %(prior_end)s)
       )
FROM signatories_company company
LEFT JOIN followup_report report
       ON report.company_id = company.id AND report.campaign_id = %(campaign)s
LEFT JOIN followup_report prior
       ON prior.company_id = company.id AND prior.campaign_id = %(prior)s
WHERE company.status = %(active)s
  AND (company.adhered_on IS NULL OR company.adhered_on <= %(period_end)s)
"""


def headline(
    campaign: Campaign,
    today: datetime.date | None = None,
    campaigns: list[Campaign] | None = None,
) -> Headline:
    """Companies expected (``expected_companies``), reports per state, response rate,
    non-communicating companies (past the deadline and grace period without a submitted
    report), and those that were non-communicating for the previous campaign too (and
    expected then). Two queries; one when given ``campaigns`` to find the previous
    campaign in."""
    today = today or timezone.localdate()
    previous = previous_campaign(campaign, campaigns)
    expected, submitted, returned, validated, draft, missing, twice = _fetch(
        Report,
        _HEADLINE_SQL,
        {
            **STATES,
            "campaign": campaign.pk,
            "period_end": campaign.period_end,
            "prior": previous.pk if previous else None,
            "prior_end": previous.period_end if previous else None,
            "active": Company.Status.ACTIVE,
        },
    )[0]
    past_grace = campaign.is_past_grace(today)
    previous_past = previous is not None and previous.is_past_grace(today)
    return Headline(
        expected=expected,
        submitted=submitted,
        returned=returned,
        validated=validated,
        draft=draft,
        missing=missing,
        response_rate=round(100 * (submitted + returned + validated) / expected, 1)
        if expected
        else None,
        past_grace=past_grace,
        non_communicating=missing if past_grace else 0,
        twice_non_communicating=twice if past_grace and previous_past else 0,
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

    @property
    def answered(self) -> int:
        return self.achieved + self.in_progress + self.not_started

    @property
    def figures(self) -> tuple:
        return (
            self.achieved,
            self.in_progress,
            self.not_started,
            self.not_applicable,
            self.unanswered,
            self.mean_percent,
        )

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


_AXIS_PROGRESS_SQL = """
SELECT axis.*, answers.achieved, answers.in_progress, answers.not_started,
       answers.not_applicable, answers.unanswered, answers.mean
FROM charter_axis axis
LEFT JOIN (
    SELECT measure.axis_id,
           count(*) FILTER (WHERE progress.status = %(achieved)s) AS achieved,
           count(*) FILTER (WHERE progress.status = %(in_progress)s) AS in_progress,
           count(*) FILTER (WHERE progress.status = %(not_started)s) AS not_started,
           count(*) FILTER (WHERE progress.status = %(not_applicable)s) AS not_applicable,
           count(*) FILTER (WHERE progress.status = '') AS unanswered,
           avg(progress.percent) FILTER (WHERE progress.status <> %(not_applicable)s) AS mean
    FROM followup_progress progress
    JOIN charter_measure measure ON measure.id = progress.measure_id
    WHERE {in_reports}
    GROUP BY measure.axis_id
) answers ON answers.axis_id = axis.id
WHERE axis.charter_id = (SELECT id FROM charter_charter ORDER BY signed_on DESC LIMIT 1)
ORDER BY axis.number
"""


def axis_progress(campaign: Campaign) -> list[AxisProgress]:
    """Per axis of the latest charter, over the companies' communicated reports: how
    many commitments are achieved, in progress, not started (not applicable ones apart)
    and the mean % progress rolled up from the measures. One query."""
    axes = Axis.objects.raw(
        _AXIS_PROGRESS_SQL.format(in_reports=_in_reports_of("progress.report_id", Progress)),
        {
            **STATES,
            **ANSWERS,
            "campaign": campaign.pk,
        },
    )
    return [
        AxisProgress(
            axis=axis,
            achieved=axis.achieved or 0,
            in_progress=axis.in_progress or 0,
            not_started=axis.not_started or 0,
            not_applicable=axis.not_applicable or 0,
            unanswered=axis.unanswered or 0,
            mean_percent=None if axis.mean is None else round(float(axis.mean), 1),
        )
        for axis in axes
    ]


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
                    _current_certifications(today)
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
        _with_report(expected_companies(campaign), campaign, "current")
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
        companies = companies.filter(_missing("state"))
    elif filters.status == NON_COMMUNICATING:
        # ``Campaign.is_non_communicating``: missing, once the grace period is over.
        past = campaign.is_past_grace(today)
        companies = companies.filter(_missing("state")) if past else companies.none()
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


class CurrentCertification(NamedTuple):
    """A current certification, as the table of companies shows it."""

    pk: int
    scheme: str
    scheme_other: str
    valid_until: datetime.date


@dataclass
class TableFigures:
    """The figures of rows of the table of companies, by report and by company."""

    progress: dict[int, dict[int, float]]  # report id: {axis number: mean % progress}
    jobs: dict[int, dict[str, Decimal]]  # report id: {indicator code: number}
    certifications: dict[int, list[CurrentCertification]]  # company id: current ones

    def attach(self, company: Company) -> Company:
        """Set ``axis1``..``axis5`` and ``axis_values``, ``jobs_total``, ``jobs_france``,
        ``share_france``, ``current_certifications`` and ``certification_count``. Figures
        come from a communicated report only (submitted, returned or validated)."""
        report_id = company.report_id if company.state in COMMUNICATED else None
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


_PROGRESS_SQL = """
SELECT progress.report_id, axis.number, avg(progress.percent)
FROM followup_progress progress
JOIN charter_measure measure ON measure.id = progress.measure_id
JOIN charter_axis axis ON axis.id = measure.axis_id
WHERE {in_reports}
  AND progress.percent IS NOT NULL AND progress.status <> %(not_applicable)s
GROUP BY progress.report_id, axis.number
"""

_JOBS_SQL = """
SELECT value.report_id, indicator.code, value.number
FROM followup_indicatorvalue value
JOIN charter_indicator indicator ON indicator.id = value.indicator_id
WHERE {in_reports}
  AND indicator.code IN (%(jobs_total)s, %(jobs_france)s) AND value.number IS NOT NULL
"""

_CERTIFICATIONS_SQL = """
SELECT certification.company_id, certification.id, certification.scheme,
       certification.scheme_other, certification.valid_until
FROM signatories_certification certification
WHERE {in_companies}
  AND certification.status IN (%(valid)s, %(temporary)s)
  AND certification.valid_from <= %(today)s AND certification.valid_until >= %(today)s
ORDER BY certification.company_id, certification.valid_until, certification.id
"""


def _decimal(number) -> Decimal:
    """A number of a ``DecimalField`` as the ORM gives it (SQLite gives a float)."""
    return number if isinstance(number, Decimal) else Decimal(str(number))


def table_figures(
    campaign: Campaign,
    companies: list[Company] | None = None,
    today: datetime.date | None = None,
) -> TableFigures:
    """The figures of the rows of ``company_table``: of ``companies`` (a page of rows),
    or of every active company for ``campaign`` when None (a whole export). Three
    queries (none for a page without rows): progress per report and axis, jobs created,
    current certifications. ``attach`` puts them on each row."""
    params = {
        **STATES,
        **ANSWERS,
        "campaign": campaign.pk,
        "jobs_total": JOBS_TOTAL,
        "jobs_france": JOBS_FRANCE,
        "valid": Certification.Status.VALID,
        "temporary": Certification.Status.TEMPORARY,
        "active": Company.Status.ACTIVE,
        "today": today or timezone.localdate(),
    }
    if companies is None:
        in_progress_reports = _in_reports_of("progress.report_id", Progress)
        in_value_reports = _in_reports_of("value.report_id", IndicatorValue)
        in_companies = (
            "certification.company_id IN "
            "(SELECT id FROM signatories_company WHERE status = %(active)s)"
        )
    elif companies:
        report_ids = [c.report_id for c in companies if c.state in COMMUNICATED] or [0]
        in_progress_reports = _one_of("progress.report_id", report_ids, params, "reports", Progress)
        in_value_reports = _one_of("value.report_id", report_ids, params, "reports", IndicatorValue)
        in_companies = _one_of(
            "certification.company_id",
            [c.pk for c in companies],
            params,
            "companies",
            Certification,
        )
    else:
        return TableFigures(progress={}, jobs={}, certifications={})
    progress: dict[int, dict[int, float]] = {}
    for report_id, number, mean in _fetch(
        Progress, _PROGRESS_SQL.format(in_reports=in_progress_reports), params
    ):
        progress.setdefault(report_id, {})[number] = float(mean)
    jobs: dict[int, dict[str, Decimal]] = {}
    for report_id, code, number in _fetch(
        IndicatorValue, _JOBS_SQL.format(in_reports=in_value_reports), params
    ):
        jobs.setdefault(report_id, {})[code] = _decimal(number)
    certifications: dict[int, list[CurrentCertification]] = {}
    for company_id, *certification in _fetch(
        Certification, _CERTIFICATIONS_SQL.format(in_companies=in_companies), params
    ):
        certifications.setdefault(company_id, []).append(CurrentCertification(*certification))
    return TableFigures(progress=progress, jobs=jobs, certifications=certifications)


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
    warn_until = today + datetime.timedelta(days=settings.CERTIFICATION_WARNING_DAYS)
    certifications = list(company.certifications.order_by("valid_until"))
    for certification in certifications:
        certification.expiring_soon = (
            certification.is_current(today) and certification.valid_until <= warn_until
        )
        certification.expired_now = certification.valid_until < today
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
    """Every company's answer to ``measure`` in ``campaign``'s reports (drafts apart).
    One query for a page; ``values_for`` adds the indicator values."""
    answers = (
        Progress.objects.filter(report__campaign=campaign, measure=measure)
        .exclude(report__status=Report.Status.DRAFT)
        .select_related("report", "report__company", "report__signatory")
        .order_by("report__company__legal_name", "report__signatory__acronym", "pk")
    )
    if status:
        answers = answers.filter(status=status)
    return answers


def measure_summary(measure: Measure, campaign: Campaign) -> dict[str, int | float | None]:
    """How many answers per status and the mean % progress. One query."""
    return (
        Progress.objects.filter(report__campaign=campaign, measure=measure)
        .exclude(report__status=Report.Status.DRAFT)
        .aggregate(
            total=Count("pk"),
            achieved=Count("pk", filter=Q(status=Progress.Status.ACHIEVED)),
            in_progress=Count("pk", filter=Q(status=Progress.Status.IN_PROGRESS)),
            not_started=Count("pk", filter=Q(status=Progress.Status.NOT_STARTED)),
            not_applicable=Count("pk", filter=Q(status=Progress.Status.NOT_APPLICABLE)),
            mean=Avg("percent", filter=~Q(status=Progress.Status.NOT_APPLICABLE)),
            committed=Count("pk", filter=Q(report__company__isnull=False)),
        )
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


def certification_watch(
    *, horizon_days: int | None = None, which: str = "", today: datetime.date | None = None
) -> QuerySet[Certification]:
    """Certifications past their end date while still marked valid or temporary, and
    those ending within ``horizon_days``, of active companies, by company. One query."""
    today = today or timezone.localdate()
    horizon = today + datetime.timedelta(
        days=horizon_days if horizon_days is not None else settings.CERTIFICATION_WARNING_DAYS
    )
    live = Q(status__in=[Certification.Status.VALID, Certification.Status.TEMPORARY])
    expired = Q(valid_until__lt=today) & (live | Q(status=Certification.Status.EXPIRED))
    soon = live & Q(valid_until__gte=today, valid_until__lte=horizon)
    chosen = {"expired": expired, "soon": soon}.get(which, expired | soon)
    return (
        Certification.objects.filter(chosen, company__status=Company.Status.ACTIVE)
        .select_related("company")
        .order_by("company__legal_name", "valid_until", "pk")
    )


_CERTIFICATION_SUMMARY_SQL = """
SELECT count(*) FILTER (
           WHERE certification.valid_until < %(today)s
             AND certification.status IN (%(valid)s, %(temporary)s, %(expired)s)
       ),
       count(*) FILTER (
           WHERE certification.status IN (%(valid)s, %(temporary)s)
             AND certification.valid_until >= %(today)s
             AND certification.valid_until <= %(horizon)s
       )
FROM signatories_certification certification
JOIN signatories_company company ON company.id = certification.company_id
WHERE company.status = %(active)s
"""


def certification_summary(today: datetime.date | None = None) -> dict[str, int]:
    """How many certifications of active companies are past their end date (while still
    marked valid or temporary, or marked expired), and how many end within the warning
    window. One query."""
    today = today or timezone.localdate()
    expired, soon = _fetch(
        Certification,
        _CERTIFICATION_SUMMARY_SQL,
        {
            "today": today,
            "horizon": today + datetime.timedelta(days=settings.CERTIFICATION_WARNING_DAYS),
            "valid": Certification.Status.VALID,
            "temporary": Certification.Status.TEMPORARY,
            "expired": Certification.Status.EXPIRED,
            "active": Company.Status.ACTIVE,
        },
    )[0]
    return {"expired": expired, "soon": soon}
