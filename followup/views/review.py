"""The committee's review of submitted reports (/suivi/revue/, /suivi/rapports/<id>/), a
report's history of changes (/suivi/rapports/<id>/historique/) and the company's right of
reply (/espace/.../reponse/).

The committee's pages are behind ``committee_required`` (anonymous users get the login
page, anyone else 403). The right of reply goes through ``access_company`` /
``access_signatory`` with ``write=True``: outsiders get 404, the committee 403.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from accounts.emails import site_url
from signatories.access import access_company, access_signatory, committee_required

from .. import services
from ..forms import ReportForm, initial_from_report
from ..models import Campaign, Report
from ..review_forms import AnswerForm, QueueFilterForm, ReturnForm, ReviewCommentForm
from ..selectors import history as history_selectors
from ..selectors import review as review_selectors
from ..selectors import space as space_selectors
from ..selectors.registry import certification_mismatches
from ..services import review as review_services

REPORTS_PER_PAGE = 30
CHANGES_PER_PAGE = 50

REFUSED = {
    "not_submitted": gettext_lazy(
        "Only a submitted report can be validated or returned; this one is “%(status)s”. "
        "Nothing was changed."
    ),
    "draft": gettext_lazy(
        "The company has not submitted this report yet, so it cannot be commented on. "
        "Nothing was saved."
    ),
    "not_in_report": gettext_lazy(
        "This commitment is not part of the report; reload the page and try again. "
        "Nothing was saved."
    ),
    "not_returned": gettext_lazy(
        "Only a report the committee returned to you can be answered; this one is "
        "“%(status)s”. Nothing was sent."
    ),
}


def _refuse(request: HttpRequest, report: Report, code: str) -> None:
    report.refresh_from_db(fields=["status"])
    messages.error(request, REFUSED[code] % {"status": report.get_status_display()})


# --- /suivi/revue/: the queue ------------------------------------------------------------


@committee_required
@require_GET
def review_queue(request: HttpRequest) -> HttpResponse:
    """The submitted reports waiting for a decision, oldest submission first, optionally of
    one campaign. A fixed number of queries: the campaigns of the filter, the count and the
    page (plus the chosen campaign)."""
    form = QueueFilterForm(request.GET or None)
    campaign = form.cleaned_data["campagne"] if form.is_valid() else None
    reports = review_selectors.review_queue(campaign=campaign)
    page = Paginator(reports, REPORTS_PER_PAGE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "followup/review/queue.html",
        {"form": form, "campaign": campaign, "page": page, "query": query.urlencode()},
    )


# --- /suivi/rapports/<id>/: one report's review --------------------------------------------


def _get_report(report_id: int) -> Report:
    return get_object_or_404(review_selectors.report_for_review(report_id))


def _measures(report: Report):
    return services.measures_for(company=report.company, signatory=report.signatory)


def _comment_form(measure_id: int, measures) -> ReviewCommentForm:
    # One form per commitment on the page: ids must not repeat.
    return ReviewCommentForm(
        initial={"measure": measure_id}, measures=measures, auto_id=f"id_c{measure_id}_%s"
    )


def _review_page(
    request: HttpRequest,
    report: Report,
    *,
    return_form: ReturnForm | None = None,
    comment_form: ReviewCommentForm | None = None,
) -> HttpResponse:
    """The whole report read-only, the committee's comments per commitment with a form to
    add one, the timeline, and the decision while the report is submitted."""
    measures = _measures(report)
    form = ReportForm(
        initial=initial_from_report(report, measures),
        campaign=report.campaign,
        measures=measures,
        evidence_by_measure=space_selectors.evidence_by_measure(report),
    )
    blocks = form.blocks()
    comments = review_selectors.comments_by_measure(report)
    can_comment = report.status != Report.Status.DRAFT
    posted = comment_form.cleaned_data.get("measure") if comment_form else None
    for block in blocks:
        pk = block.measure.pk
        block.review_comments = comments.get(pk, [])
        if can_comment:
            block.comment_form = comment_form if posted == pk else _comment_form(pk, measures)
    events = review_selectors.timeline(report)
    return render(
        request,
        "followup/review/report_review.html",
        {
            "report": report,
            "subject": report.subject,
            "campaign": report.campaign,
            "blocks": blocks,
            "can_comment": can_comment,
            "can_decide": report.status == Report.Status.SUBMITTED,
            "return_form": return_form or ReturnForm(),
            "events": events,
            "returned": review_selectors.latest_return(events),
            "report_url": services.report_url(report),
            "certification_mismatches": (
                certification_mismatches(campaign=report.campaign, report=report)
                if report.company_id
                else []
            ),
        },
    )


@committee_required
@require_GET
def report_review(request: HttpRequest, report_id: int) -> HttpResponse:
    return _review_page(request, _get_report(report_id))


@committee_required
@require_GET
def report_history(request: HttpRequest, report_id: int) -> HttpResponse:
    """Every change to the report, its answers, figures, evidence and the committee's
    comments, newest first, with who made it and the differences; deleted answers and files
    included. A fixed number of queries whatever the number of changes (see
    ``selectors.history``)."""
    report = get_object_or_404(
        Report.objects.select_related("company", "signatory", "campaign"), pk=report_id
    )
    page = Paginator(history_selectors.report_history(report), CHANGES_PER_PAGE).get_page(
        request.GET.get("page")
    )
    return render(
        request,
        "followup/review/history.html",
        {
            "report": report,
            "subject": report.subject,
            "campaign": report.campaign,
            "page": page,
            "entries": history_selectors.history_entries(report, page.object_list),
        },
    )


def _back_to_review(report: Report, anchor: str = "") -> HttpResponse:
    return redirect(reverse("followup:report_review", args=[report.pk]) + anchor)


@committee_required
@require_POST
def report_validate(request: HttpRequest, report_id: int) -> HttpResponse:
    report = get_object_or_404(Report, pk=report_id)
    try:
        review_services.report_validate(
            report=report, user=request.user, base_url=site_url(request)
        )
    except review_services.ReviewNotAllowed as error:
        _refuse(request, report, error.code)
    else:
        messages.success(request, _("The report is validated. The company was told by e-mail."))
    return _back_to_review(report)


@committee_required
@require_POST
def report_return(request: HttpRequest, report_id: int) -> HttpResponse:
    report = _get_report(report_id)
    if report.status != Report.Status.SUBMITTED:
        _refuse(request, report, "not_submitted")
        return _back_to_review(report)
    form = ReturnForm(request.POST)
    if not form.is_valid():
        return _review_page(request, report, return_form=form)
    try:
        review_services.report_return(
            report=report,
            user=request.user,
            reason=form.cleaned_data["reason"],
            base_url=site_url(request),
        )
    except review_services.ReviewNotAllowed as error:
        _refuse(request, report, error.code)
    else:
        messages.success(
            request,
            _(
                "The report is returned to the company with your reason; it can change its "
                "answers, answer you and submit again."
            ),
        )
    return _back_to_review(report)


@committee_required
@require_POST
def review_comment_create(request: HttpRequest, report_id: int) -> HttpResponse:
    report = _get_report(report_id)
    if report.status == Report.Status.DRAFT:
        _refuse(request, report, "draft")
        return _back_to_review(report)
    measures = _measures(report)
    form = ReviewCommentForm(request.POST, measures=measures)
    if not form.is_valid():
        if "measure" in form.errors:
            _refuse(request, report, "not_in_report")
            return _back_to_review(report)
        form.auto_id = f"id_c{form.cleaned_data['measure']}_%s"
        return _review_page(request, report, comment_form=form)
    measure = form.chosen_measure
    try:
        review_services.review_comment_add(
            report=report,
            measure_or_progress=measure,
            user=request.user,
            text=form.cleaned_data["text"],
        )
    except review_services.ReviewNotAllowed as error:
        _refuse(request, report, error.code)
    else:
        messages.success(
            request,
            _("Your comment on %(code)s is saved; the company reads it on its report.")
            % {"code": measure.code},
        )
    return _back_to_review(report, f"#measure-{measure.pk}")


# --- /espace/.../reponse/: the company's right of reply ------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def report_answer(request: HttpRequest, company_id: int, campaign_id: int) -> HttpResponse:
    company = access_company(request.user, company_id, write=True)
    return _answer_page(request, campaign_id=campaign_id, company=company)


@login_required
@require_http_methods(["GET", "POST"])
def signatory_report_answer(
    request: HttpRequest, signatory_id: int, campaign_id: int
) -> HttpResponse:
    signatory = access_signatory(request.user, signatory_id, write=True)
    return _answer_page(request, campaign_id=campaign_id, signatory=signatory)


def _answer_page(
    request: HttpRequest, *, campaign_id: int, company=None, signatory=None
) -> HttpResponse:
    """The committee's reason and comments with the answer form (GET), or the answer sent
    (POST). Only for a returned report; anything else goes back to the report page."""
    campaign = get_object_or_404(Campaign.objects.visible_to_reporters(), pk=campaign_id)
    report = get_object_or_404(
        Report.objects.select_related("campaign", "company", "signatory"),
        campaign=campaign,
        company=company,
        signatory=signatory,
    )
    back = services.report_url(report)
    if report.status != Report.Status.RETURNED:
        _refuse(request, report, "not_returned")
        return redirect(back)
    form = AnswerForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            review_services.report_answer(
                report=report,
                user=request.user,
                message=form.cleaned_data["message"],
                base_url=site_url(request),
            )
        except review_services.ReviewNotAllowed as error:
            _refuse(request, report, error.code)
        else:
            messages.success(
                request,
                _(
                    "Your answer is sent to the committee. Once your answers are changed, "
                    "submit the report again."
                ),
            )
        return redirect(back)
    events = review_selectors.timeline(report)
    comments = review_selectors.comments_by_measure(report)
    return render(
        request,
        "followup/review/answer_form.html",
        {
            "report": report,
            "campaign": campaign,
            "company": company,
            "signatory": signatory,
            "subject": report.subject,
            "form": form,
            "returned": review_selectors.latest_return(events),
            "comment_groups": sorted(
                comments.values(), key=lambda group: group[0].progress.measure.code
            ),
            "events": events,
            "report_url": back,
        },
    )
