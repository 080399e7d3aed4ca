"""The committee's dashboard (/suivi/): headline figures of a campaign, progress per axis,
the table of companies with its filters and exports, a company's follow-up, every answer
to a measure and the certification watch. Committee members and administrators only."""

import html

from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.safestring import SafeString, mark_safe
from django.utils.text import Truncator, capfirst
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from charter.models import Measure
from core import charts
from core.exports import table_response
from core.routers import reads_from_replica
from signatories.access import committee_required
from signatories.models import Certification, Company, CompanyKind

from ..formatting import Formatter
from ..forms import DashboardFilterForm
from ..models import Campaign, Progress, Report
from ..selectors import dashboard as selectors
from .choices import chosen_campaign

COMPANIES_PER_PAGE = 50
ANSWERS_PER_PAGE = 50
CERTIFICATIONS_PER_PAGE = 100


def _query_without(request: HttpRequest, *names: str) -> str:
    query = request.GET.copy()
    for name in names:
        query.pop(name, None)
    return query.urlencode()


def _percent(value) -> str:
    return "" if value is None else f"{float(value):.1f}"


# --- /suivi/ -----------------------------------------------------------------------------


class _TableLabels:
    """The labels of the table's cells in the reader's language, made once per request
    rather than once per cell: a page shows 50 companies, an export all of them. A
    company past ``campaign``'s grace period without a submitted report reads
    "non-communicating" (``Campaign.is_non_communicating``)."""

    def __init__(self, campaign: Campaign, today) -> None:
        self.campaign, self.today = campaign, today
        self.kinds = {value: str(capfirst(label)) for value, label in CompanyKind.choices}
        self.federations = {value: str(label) for value, label in Company.Federation.choices}
        self.reports = {
            value: str(label) for value, label in DashboardFilterForm.base_fields["status"].choices
        }
        self.schemes = {value: str(label) for value, label in Certification.Scheme.choices}

    def kind(self, company: Company) -> str:
        return self.kinds.get(company.kind) or capfirst(company.kind)

    def federation(self, company: Company) -> str:
        return self.federations.get(company.federation, company.federation)

    def state(self, company: Company) -> str:
        """The row's report state, ``non_communicating`` included."""
        if self.campaign.is_non_communicating(company.state, self.today):
            return selectors.NON_COMMUNICATING
        return company.state or selectors.MISSING

    def report(self, company: Company) -> str:
        state = self.state(company)
        return self.reports.get(state, state)

    def scheme(self, certification: Certification) -> str:
        """The scheme's name; for "other", the name the company gave when it gave one."""
        if certification.scheme == Certification.Scheme.OTHER and certification.scheme_other:
            return certification.scheme_other
        return self.schemes.get(certification.scheme, certification.scheme)


def _url_of(name: str):
    """The URL of ``name`` for any id, from a single ``reverse()``: a page links 50
    companies and their reports."""
    marker = "2147483647"
    head, _marker, tail = reverse(name, args=[int(marker)]).partition(marker)
    return lambda pk: f"{head}{pk}{tail}"


class _TableRows:
    """The page's rows of companies as HTML, written here rather than by the template:
    50 rows of 12 cells through the template engine took as long as every query of the
    page together. Each label, number and date is formatted and escaped once per
    request; what the companies typed (their names) is escaped in every row."""

    def __init__(self, campaign: Campaign, today) -> None:
        self.labels = _TableLabels(campaign, today)
        self.follow_up_url = _url_of("followup:company_follow_up")
        self.review_url = _url_of("followup:report_review")
        self.format = Formatter()
        self.schemes: dict[str, tuple[str, str]] = {}
        self.badges = {
            state: render_to_string("followup/includes/state.html", {"state": state}).strip()
            for state in [*Report.Status.values, selectors.NON_COMMUNICATING, None]
        }

    def _report(self, company: Company) -> str:
        state = self.labels.state(company)
        badge = self.badges.get(state, self.badges[None])
        if company.report_id and company.state != Report.Status.DRAFT:
            return f'<a href="{self.review_url(company.report_id)}">{badge}</a>'
        return badge

    def _scheme(self, certification: Certification) -> tuple[str, str]:
        """The scheme's name and its first 12 characters, escaped."""
        label = self.labels.scheme(certification)
        try:
            return self.schemes[label]
        except KeyError:
            names = self.schemes[label] = (
                html.escape(label),
                html.escape(Truncator(label).chars(12)),
            )
            return names

    def _certifications(self, company: Company) -> str:
        if not company.current_certifications:
            return "0"
        cells = []
        for certification in company.current_certifications:
            name, short = self._scheme(certification)
            day = self.format.day(certification.valid_until)
            cells.append(f'<abbr title="{name} · {day}">{short}</abbr>')
        return ", ".join(cells)

    def _jobs(self, company: Company) -> str:
        if company.share_france is None:
            return "—"
        whole = self.format.whole
        return (
            f'{whole(company.share_france)} % <span class="muted-inline">'
            f"({whole(company.jobs_france)}/{whole(company.jobs_total)})</span>"
        )

    def html(self, company: Company) -> SafeString:
        """The ``<tr>`` of a row of ``company_table`` whose figures are attached."""
        axes = "".join(
            f'<td class="num">{"—" if value is None else f"{self.format.whole(value)} %"}</td>'
            for value in company.axis_values
        )
        return mark_safe(  # noqa: S308 - every piece is escaped above or is markup of ours
            f'<tr><th scope="row"><a href="{self.follow_up_url(company.pk)}">'
            f"{html.escape(company.legal_name)}</a> "
            f'<span class="muted">{html.escape(company.siren_display)}</span></th>'
            f"<td>{self.format.escaped(self.labels.kind(company))}</td>"
            f"<td>{self.format.escaped(self.labels.federation(company))}</td>"
            f"<td>{self._report(company)}</td>{axes}"
            f'<td class="num">{self._certifications(company)}</td>'
            f'<td class="num">{self._jobs(company)}</td></tr>'
        )


@committee_required
@require_GET
@reads_from_replica
def dashboard(request: HttpRequest) -> HttpResponse:
    campaigns = selectors.campaigns_for_choice()
    campaign = chosen_campaign(campaigns, request.GET.get("campagne"))
    if campaign is None:
        return render(request, "followup/dashboard/dashboard.html", {"campaigns": []})
    today = timezone.localdate()
    form = DashboardFilterForm(request.GET or None)
    sort = request.GET.get("tri", "name")
    filters = form.filters(sort)
    headline = selectors.headline(campaign, today, campaigns)
    paginator = Paginator(selectors.company_table(campaign, filters, today), COMPANIES_PER_PAGE)
    if not filters.narrowing:
        paginator.count = headline.expected  # the same companies, counted already
    page = paginator.get_page(request.GET.get("page"))
    figures = selectors.table_figures(campaign, list(page.object_list), today)
    rows = _TableRows(campaign, today)
    page_rows = [rows.html(figures.attach(company)) for company in page.object_list]
    axes = selectors.axis_progress(campaign)
    measure_url = _url_of("followup:measure_detail")
    measures = list(Measure.objects.active().only("pk", "code", "title", "title_en"))
    for measure in measures:
        measure.url = measure_url(measure.pk)
    return render(
        request,
        "followup/dashboard/dashboard.html",
        {
            "campaigns": campaigns,
            "campaign": campaign,
            "headline": headline,
            "axes": axes,
            "axes_key": repr([(row.axis.pk, str(row.axis), row.figures) for row in axes]),
            "axis_chart": charts.axis_progress_chart(axes),
            "form": form,
            # One value for the cache of the filters' markup: the cache tag joins the values
            # it varies on with ":", which a value may hold too.
            "filters_key": repr([request.GET.get(name) for name in form.fields]),
            "filters": filters,
            "page": page,
            "rows": page_rows,
            "query": _query_without(request, "page"),
            "sort_query": _query_without(request, "page", "tri"),
            "certification_summary": selectors.certification_summary(today),
            "axis_columns": [
                (f"axis{n}", _("Axis %(number)s") % {"number": n}) for n in selectors.AXIS_NUMBERS
            ],
            "measures": measures,
        },
    )


@committee_required
@require_GET
@reads_from_replica
def dashboard_export(request: HttpRequest, fmt: str) -> HttpResponse:
    """The table of companies, with the page's filters, as CSV or XLSX; with
    ``?tableau=axes``, the table of progress per axis."""
    campaigns = selectors.campaigns_for_choice()
    campaign = chosen_campaign(campaigns, request.GET.get("campagne"))
    if campaign is None:
        raise Http404("No campaign yet.")
    if request.GET.get("tableau") == "axes":
        return _axes_export(campaign, fmt)
    form = DashboardFilterForm(request.GET or None)
    today = timezone.localdate()
    rows = selectors.company_table(campaign, form.filters(request.GET.get("tri", "name")), today)
    figures = selectors.table_figures(campaign, today=today)
    headers = [
        _("Company"),
        _("SIREN"),
        _("Kind"),
        _("Federation"),
        _("Report"),
        *[_("Axis %(number)s (%%)") % {"number": n} for n in selectors.AXIS_NUMBERS],
        _("Current certifications"),
        _("Jobs created"),
        _("Of which in France"),
        _("Share in France (%)"),
    ]
    labels = _TableLabels(campaign, today)
    return table_response(
        headers=headers,
        rows=(
            [
                company.legal_name,
                company.siren,
                labels.kind(company),
                labels.federation(company),
                labels.report(company),
                *[_percent(getattr(company, f"axis{n}")) for n in selectors.AXIS_NUMBERS],
                company.certification_count,
                "" if company.jobs_total is None else int(company.jobs_total),
                "" if company.jobs_france is None else int(company.jobs_france),
                _percent(company.share_france),
            ]
            for company in map(figures.attach, rows.iterator(chunk_size=500))
        ),
        fmt=fmt,
        filename=f"suivi-{campaign.period_end:%Y}-entreprises",
        title=campaign.name,
    )


def _axes_export(campaign: Campaign, fmt: str) -> HttpResponse:
    return table_response(
        headers=[
            _("Axis"),
            _("Achieved"),
            _("In progress"),
            _("Not started"),
            _("Not applicable"),
            _("Achieved (%)"),
            _("Mean progress (%)"),
        ],
        rows=(
            [
                str(row.axis),
                row.achieved,
                row.in_progress,
                row.not_started,
                row.not_applicable,
                row.achieved_share,
                _percent(row.mean_percent),
            ]
            for row in selectors.axis_progress(campaign)
        ),
        fmt=fmt,
        filename=f"suivi-{campaign.period_end:%Y}-axes",
        title=campaign.name,
    )


# --- A company's follow-up ---------------------------------------------------------------


@committee_required
@require_GET
@reads_from_replica
def company_follow_up(request: HttpRequest, company_id: int) -> HttpResponse:
    company = get_object_or_404(Company, pk=company_id)
    return render(
        request,
        "followup/dashboard/company.html",
        {"company": company, **selectors.company_follow_up(company)},
    )


# --- Every answer to a measure -----------------------------------------------------------


def _measure_page(request: HttpRequest, measure_id: int):
    measure = get_object_or_404(
        Measure.objects.select_related("axis", "owner").prefetch_related("indicators"),
        pk=measure_id,
    )
    campaigns = selectors.campaigns_for_choice()
    campaign = chosen_campaign(campaigns, request.GET.get("campagne"))
    if campaign is None:
        raise Http404("No campaign yet.")
    status = request.GET.get("statut", "")
    if status not in Progress.Status.values:
        status = ""
    return measure, campaigns, campaign, status


@committee_required
@require_GET
@reads_from_replica
def measure_detail(request: HttpRequest, measure_id: int) -> HttpResponse:
    measure, campaigns, campaign, status = _measure_page(request, measure_id)
    answers = selectors.measure_answers(measure, campaign, status)
    page = Paginator(answers, ANSWERS_PER_PAGE).get_page(request.GET.get("page"))
    selectors.values_for(list(page.object_list), measure)
    indicators = list(measure.indicators.all())
    for answer in page.object_list:
        answer.cells = [answer.values.get(indicator.pk) for indicator in indicators]
    return render(
        request,
        "followup/dashboard/measure.html",
        {
            "measure": measure,
            "campaigns": campaigns,
            "campaign": campaign,
            "status": status,
            "statuses": Progress.Status.choices,
            "summary": selectors.measure_summary(measure, campaign),
            "indicators": indicators,
            "page": page,
            "query": _query_without(request, "page"),
        },
    )


@committee_required
@require_GET
@reads_from_replica
def measure_export(request: HttpRequest, measure_id: int, fmt: str) -> HttpResponse:
    measure, _campaigns, campaign, status = _measure_page(request, measure_id)
    answers = list(selectors.measure_answers(measure, campaign, status))
    selectors.values_for(answers, measure)
    indicators = list(measure.indicators.all())
    return table_response(
        headers=[
            _("Company or signatory"),
            _("SIREN"),
            _("Status"),
            _("Progress (%)"),
            _("Comment"),
            *[indicator.label_i18n for indicator in indicators],
        ],
        rows=(
            [
                str(answer.report.subject),
                answer.report.company.siren if answer.report.company else "",
                answer.get_status_display(),
                "" if answer.percent is None else answer.percent,
                answer.comment,
                *[_cell(answer.values.get(indicator.pk)) for indicator in indicators],
            ]
            for answer in answers
        ),
        fmt=fmt,
        filename=f"suivi-{campaign.period_end:%Y}-mesure-{measure.code}",
        title=f"{measure.code} {campaign.name}",
    )


def _cell(value) -> object:
    if value is None:
        return ""
    if value.number is not None:
        return float(value.number)
    if value.boolean is not None:
        return _("yes") if value.boolean else _("no")
    if value.date is not None:
        return value.date.isoformat()
    return value.text


# --- Certification watch -----------------------------------------------------------------


def _watch(request: HttpRequest):
    which = request.GET.get("quoi", "")
    if which not in ("expired", "soon"):
        which = ""
    return which, selectors.certification_watch(which=which)


@committee_required
@require_GET
@reads_from_replica
def certification_watch(request: HttpRequest) -> HttpResponse:
    which, certifications = _watch(request)
    page = Paginator(certifications, CERTIFICATIONS_PER_PAGE).get_page(request.GET.get("page"))
    today = timezone.localdate()
    for certification in page.object_list:
        certification.days_left = (certification.valid_until - today).days
        certification.days_ago = -certification.days_left
    return render(
        request,
        "followup/dashboard/certifications.html",
        {
            "which": which,
            "page": page,
            "summary": selectors.certification_summary(today),
            "query": _query_without(request, "page"),
        },
    )


@committee_required
@require_GET
@reads_from_replica
def certification_export(request: HttpRequest, fmt: str) -> HttpResponse:
    which, certifications = _watch(request)
    today = timezone.localdate()
    return table_response(
        headers=[
            _("Company"),
            _("SIREN"),
            _("Scheme"),
            _("Number"),
            _("Issuer"),
            _("Valid from"),
            _("Valid until"),
            _("Days left"),
            _("Status"),
        ],
        rows=(
            [
                c.company.legal_name,
                c.company.siren,
                c.scheme_label,
                c.number,
                c.issuer,
                c.valid_from.isoformat(),
                c.valid_until.isoformat(),
                (c.valid_until - today).days,
                c.get_status_display(),
            ]
            for c in certifications.iterator(chunk_size=500)
        ),
        fmt=fmt,
        filename="suivi-certifications",
        title=_("Certifications"),
    )
