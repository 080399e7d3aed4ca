"""The committee's dashboard (/suivi/): headline figures of a campaign, progress per axis,
the table of companies with its filters and exports, a company's follow-up, every answer
to a measure and the certification watch. Committee members and administrators only."""

import datetime

from django.core.paginator import Page, Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils import timezone
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from callnumbers import selectors as callnumbers
from charter.models import Measure
from core import charts
from core.exports import table_response
from core.routers import reads_from_replica
from meetings import selectors as committee
from procurement import selectors as procurement
from signatories.access import committee_required
from signatories.models import Company, CompanyKind

from ..forms import DashboardFilterForm
from ..models import Campaign, Progress
from ..selectors import dashboard as selectors
from .choices import chosen_campaign

COMPANIES_PER_PAGE = 50
ANSWERS_PER_PAGE = 50
CERTIFICATIONS_PER_PAGE = 100


def _percent(value) -> str:
    """A percentage in an export: one decimal; empty when there is none."""
    return "" if value is None else f"{float(value):.1f}"


# --- /suivi/ -----------------------------------------------------------------------------


def _company_page(
    request: HttpRequest,
    campaign: Campaign,
    filters: selectors.CompanyFilters,
    headline: selectors.Headline,
    today: datetime.date,
) -> Page:
    """The page of the table of companies asked for, each row with its figures."""
    paginator = Paginator(selectors.company_table(campaign, filters, today), COMPANIES_PER_PAGE)
    if not filters.narrowing:
        paginator.count = headline.expected  # the same companies, counted already
    page = paginator.get_page(request.GET.get("page"))
    figures = selectors.table_figures(campaign, list(page.object_list), today)
    for company in page.object_list:
        figures.attach(company)
    return page


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
    filters = form.filters(request.GET.get("tri", "name"))
    headline = selectors.headline(campaign, today, campaigns)
    axes = selectors.axis_progress(campaign)
    context = {
        "campaigns": campaigns,
        "campaign": campaign,
        "headline": headline,
        "axes": axes,
        "axis_chart": charts.axis_progress_chart(axes),
        "form": form,
        "filters": filters,
        "page": _company_page(request, campaign, filters, headline, today),
        "certification_summary": selectors.certification_summary(today),
        "flagged_number_companies": callnumbers.flagged_company_count(today),
        "axis_columns": [
            (f"axis{n}", _("Axis %(number)s") % {"number": n}) for n in selectors.AXIS_NUMBERS
        ],
        "measures": list(Measure.objects.active().only("pk", "code", "title", "title_en")),
    }
    return render(request, "followup/dashboard/dashboard.html", context)


def _company_headers() -> list[str]:
    return [
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


def _labels(choices) -> dict[str, str]:
    """Each choice's label in the reader's language, made once per export rather than
    once per row."""
    return {value: str(label) for value, label in choices}


def _company_rows(companies, figures: selectors.TableFigures):
    """The rows of the export of the table of companies."""
    kinds = {value: capfirst(label) for value, label in _labels(CompanyKind.choices).items()}
    federations = _labels(Company.Federation.choices)
    reports = _labels(DashboardFilterForm.base_fields["status"].choices)
    for company in map(figures.attach, companies.iterator(chunk_size=500)):
        state = company.shown_state or selectors.MISSING
        yield [
            company.legal_name,
            company.siren,
            kinds.get(company.kind) or capfirst(company.kind),
            federations.get(company.federation, company.federation),
            reports.get(state, state),
            *[_percent(value) for value in company.axis_values],
            company.certification_count,
            "" if company.jobs_total is None else int(company.jobs_total),
            "" if company.jobs_france is None else int(company.jobs_france),
            _percent(company.share_france),
        ]


@committee_required
@require_GET
@reads_from_replica
def dashboard_export(request: HttpRequest, fmt: str) -> HttpResponse:
    """The table of companies, with the page's filters, as CSV or XLSX; with
    ``?tableau=axes``, the table of progress per axis."""
    campaign = chosen_campaign(selectors.campaigns_for_choice(), request.GET.get("campagne"))
    if campaign is None:
        raise Http404("No campaign yet.")
    if request.GET.get("tableau") == "axes":
        return _axes_export(campaign, fmt)
    today = timezone.localdate()
    filters = DashboardFilterForm(request.GET or None).filters(request.GET.get("tri", "name"))
    companies = selectors.company_table(campaign, filters, today)
    return table_response(
        headers=_company_headers(),
        rows=_company_rows(companies, selectors.table_figures(campaign, today=today)),
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
            "from_register": measure.code == procurement.MEASURE_CODE,
            "committee": _committee_figures(measure, campaign),
            "campaigns": campaigns,
            "campaign": campaign,
            "status": status,
            "statuses": Progress.Status.choices,
            "summary": selectors.measure_summary(measure, campaign),
            "indicators": indicators,
            "page": page,
        },
    )


def _committee_figures(measure: Measure, campaign) -> committee.Figures | None:
    """Measure 5.1's figures over the campaign's period, from the committee's records."""
    if measure.code != committee.MEASURE_CODE:
        return None
    return committee.figures(campaign.period_start, campaign.period_end)


def _answer_row(answer: Progress, indicators: list) -> list:
    return [
        str(answer.report.subject),
        answer.report.company.siren if answer.report.company else "",
        answer.get_status_display(),
        "" if answer.percent is None else answer.percent,
        answer.comment,
        *[_cell(answer.values.get(indicator.pk)) for indicator in indicators],
    ]


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
        rows=(_answer_row(answer, indicators) for answer in answers),
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
        {"which": which, "page": page, "summary": selectors.certification_summary(today)},
    )


def _certification_row(certification, today: datetime.date) -> list:
    return [
        certification.company.legal_name,
        certification.company.siren,
        certification.scheme_label,
        certification.number,
        certification.issuer,
        certification.valid_from.isoformat(),
        certification.valid_until.isoformat(),
        (certification.valid_until - today).days,
        certification.get_status_display(),
    ]


@committee_required
@require_GET
@reads_from_replica
def certification_export(request: HttpRequest, fmt: str) -> HttpResponse:
    _which, certifications = _watch(request)
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
        rows=(_certification_row(c, today) for c in certifications.iterator(chunk_size=500)),
        fmt=fmt,
        filename="suivi-certifications",
        title=_("Certifications"),
    )
