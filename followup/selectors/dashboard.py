"""Reads of the committee's dashboard: headline figures, progress per axis, the table of
companies, a company's follow-up, every answer to a measure, the certification watch.

Every function runs a fixed number of queries, whatever the number of companies or
campaigns: figures are aggregated by the database (conditional aggregates, subqueries).
"""

import datetime
from dataclasses import dataclass

from django.conf import settings
from django.db.models import (
    Avg,
    Case,
    CharField,
    Count,
    DecimalField,
    ExpressionWrapper,
    F,
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

from charter.models import Axis, Charter, Measure
from signatories.models import Certification, Company
from signatories.validators import normalize_siren

from ..models import Campaign, IndicatorValue, Progress, Report

AXIS_NUMBERS = range(1, 6)
COMMUNICATED = (Report.Status.SUBMITTED, Report.Status.RETURNED, Report.Status.VALIDATED)
MISSING = "missing"  # no report, or a draft never submitted
REPORT_STATES = [*Report.Status.values, MISSING]


def campaigns_for_choice() -> list[Campaign]:
    """Campaigns the committee follows (every one but drafts), newest first. One query."""
    return list(Campaign.objects.visible_to_reporters())


def previous_campaign(campaign: Campaign) -> Campaign | None:
    """The latest non-draft campaign that ended before this one started. One query."""
    return (
        Campaign.objects.visible_to_reporters()
        .filter(period_end__lt=campaign.period_start)
        .order_by("-period_end")
        .first()
    )


def expected_companies(campaign: Campaign) -> QuerySet[Company]:
    """Companies that owe a report for the campaign: active, adhering by its period's end."""
    return Company.objects.active().filter(
        Q(adhered_on__isnull=True) | Q(adhered_on__lte=campaign.period_end)
    )


def _report_status(campaign: Campaign | None):
    """The status of the company's report for ``campaign``, as a subquery."""
    if campaign is None:
        return Value(None, output_field=CharField())
    return Subquery(
        Report.objects.filter(campaign=campaign, company=OuterRef("pk")).values("status")[:1]
    )


def _value(campaign: Campaign, code: str):
    """A company's number for one indicator in its communicated report for ``campaign``."""
    return Subquery(
        IndicatorValue.objects.filter(
            report__campaign=campaign,
            report__company=OuterRef("pk"),
            report__status__in=COMMUNICATED,
            indicator__code=code,
        ).values("number")[:1]
    )


def _axis_progress(campaign: Campaign, number: int):
    """The mean % progress of a company's commitments on one axis (not applicable ones
    left out), in its communicated report for ``campaign``."""
    return Subquery(
        Progress.objects.filter(
            report__campaign=campaign,
            report__company=OuterRef("pk"),
            report__status__in=COMMUNICATED,
            measure__axis__number=number,
            percent__isnull=False,
        )
        .exclude(status=Progress.Status.NOT_APPLICABLE)
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
    return Q(**{f"{field}__isnull": True}) | Q(**{field: Report.Status.DRAFT})


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


def headline(campaign: Campaign, today: datetime.date | None = None) -> Headline:
    """Companies expected, reports per state, response rate, non-communicating companies
    (past the deadline and grace period without a submitted report), and those that were
    non-communicating for the previous campaign too. Two queries."""
    today = today or timezone.localdate()
    previous = previous_campaign(campaign)
    prior_expected = (
        Q(adhered_on__isnull=True) | Q(adhered_on__lte=previous.period_end) if previous else Q()
    )
    counts = (
        expected_companies(campaign)
        .annotate(state=_report_status(campaign), prior=_report_status(previous))
        .aggregate(
            expected=Count("pk"),
            submitted=Count("pk", filter=Q(state=Report.Status.SUBMITTED)),
            returned=Count("pk", filter=Q(state=Report.Status.RETURNED)),
            validated=Count("pk", filter=Q(state=Report.Status.VALIDATED)),
            draft=Count("pk", filter=Q(state=Report.Status.DRAFT)),
            missing=Count("pk", filter=_missing("state")),
            twice=Count("pk", filter=_missing("state") & _missing("prior") & prior_expected),
        )
    )
    communicated = counts["submitted"] + counts["returned"] + counts["validated"]
    past_grace = campaign.is_past_grace(today)
    previous_past = previous is not None and previous.is_past_grace(today)
    return Headline(
        expected=counts["expected"],
        submitted=counts["submitted"],
        returned=counts["returned"],
        validated=counts["validated"],
        draft=counts["draft"],
        missing=counts["missing"],
        response_rate=round(100 * communicated / counts["expected"], 1)
        if counts["expected"]
        else None,
        past_grace=past_grace,
        non_communicating=counts["missing"] if past_grace else 0,
        twice_non_communicating=counts["twice"] if past_grace and previous_past else 0,
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


def axis_progress(campaign: Campaign) -> list[AxisProgress]:
    """Per axis, over the companies' communicated reports: how many commitments are
    achieved, in progress, not started (not applicable ones apart) and the mean % progress
    rolled up from the measures. Two queries."""
    rows = {
        row["measure__axis"]: row
        for row in Progress.objects.filter(
            report__campaign=campaign,
            report__company__isnull=False,
            report__status__in=COMMUNICATED,
        )
        .values("measure__axis")
        .annotate(
            achieved=Count("pk", filter=Q(status=Progress.Status.ACHIEVED)),
            in_progress=Count("pk", filter=Q(status=Progress.Status.IN_PROGRESS)),
            not_started=Count("pk", filter=Q(status=Progress.Status.NOT_STARTED)),
            not_applicable=Count("pk", filter=Q(status=Progress.Status.NOT_APPLICABLE)),
            unanswered=Count("pk", filter=Q(status="")),
            mean=Avg("percent", filter=~Q(status=Progress.Status.NOT_APPLICABLE)),
        )
        .order_by()
    }
    result = []
    charter = Charter.objects.order_by("-signed_on").values("pk")[:1]
    for axis in Axis.objects.filter(charter=charter).order_by("number"):
        row = rows.get(axis.pk, {})
        result.append(
            AxisProgress(
                axis=axis,
                achieved=row.get("achieved", 0),
                in_progress=row.get("in_progress", 0),
                not_started=row.get("not_started", 0),
                not_applicable=row.get("not_applicable", 0),
                unanswered=row.get("unanswered", 0),
                mean_percent=round(row["mean"], 1) if row.get("mean") is not None else None,
            )
        )
    return result


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


def company_table(
    campaign: Campaign, filters: CompanyFilters, today: datetime.date | None = None
) -> QuerySet[Company]:
    """Expected companies with their report status, % progress per axis, current
    certifications and share of jobs created in France for ``campaign``, filtered and
    sorted in SQL. One query to count, one for a page of rows, one for the page's
    certifications (``with_certifications``)."""
    today = today or timezone.localdate()
    current = _current_certifications(today)
    companies = expected_companies(campaign).annotate(
        state=_report_status(campaign),
        report_id=Subquery(
            Report.objects.filter(campaign=campaign, company=OuterRef("pk")).values("pk")[:1]
        ),
        certification_count=Coalesce(
            Subquery(
                current.filter(company=OuterRef("pk"))
                .values("company")
                .annotate(n=Count("pk"))
                .values("n")[:1]
            ),
            0,
        ),
        jobs_total=_value(campaign, "jobs_created_total"),
        jobs_france=_value(campaign, "jobs_created_france"),
        share_france=ExpressionWrapper(
            F("jobs_france") * 100 / NullIf(F("jobs_total"), 0),
            output_field=DecimalField(max_digits=7, decimal_places=2),
        ),
        **{f"axis{n}": _axis_progress(campaign, n) for n in AXIS_NUMBERS},
    )
    companies = companies.annotate(
        state_order=Case(
            *[When(state=state, then=Value(i)) for i, state in enumerate(Report.Status.values)],
            default=Value(len(Report.Status.values)),
            output_field=IntegerField(),
        )
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
    elif filters.status:
        companies = companies.filter(state=filters.status)
    if filters.axis:
        companies = companies.filter(
            pk__in=Measure.objects.filter(axis__number=filters.axis).values("commitments__company")
        )
    order = SORTS.get(filters.sort, SORTS["name"])
    first = (
        F(order[0]).desc(nulls_last=True)
        if filters.descending
        else F(order[0]).asc(nulls_last=True)
    )
    return companies.order_by(first, *order[1:], "pk")


def with_certifications(companies: list[Company], today: datetime.date | None = None) -> None:
    """Attach ``current_certifications`` to each company of a page. One query."""
    today = today or timezone.localdate()
    by_company: dict[int, list[Certification]] = {company.pk: [] for company in companies}
    for certification in _current_certifications(today).filter(company__in=list(by_company)):
        by_company[certification.company_id].append(certification)
    for company in companies:
        company.current_certifications = by_company[company.pk]


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


def certification_summary(today: datetime.date | None = None) -> dict[str, int]:
    """How many certifications of active companies are past their end date, and how many
    end within the warning window. One query."""
    today = today or timezone.localdate()
    horizon = today + datetime.timedelta(days=settings.CERTIFICATION_WARNING_DAYS)
    live = Q(status__in=[Certification.Status.VALID, Certification.Status.TEMPORARY])
    return Certification.objects.filter(company__status=Company.Status.ACTIVE).aggregate(
        expired=Count(
            "pk",
            filter=Q(valid_until__lt=today) & (live | Q(status=Certification.Status.EXPIRED)),
        ),
        soon=Count("pk", filter=live & Q(valid_until__gte=today, valid_until__lte=horizon)),
    )
