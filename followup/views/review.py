"""The committee's review of submitted reports (/suivi/revue/, /suivi/rapports/<id>/), a
report's history of changes (/suivi/rapports/<id>/historique/) and the company's right of
reply (/espace/.../reponse/).

The committee's pages are behind ``committee_required`` (anonymous users get the login
page, anyone else 403). The right of reply goes through ``access_company`` /
``access_signatory`` with ``write=True``: outsiders get 404, the committee 403.
"""

from itertools import zip_longest

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from core.bidi import isolated
from core.emails import site_url
from procurement.selectors import register_figures
from signatories.access import access_company, access_signatory, committee_required

from .. import services
from ..forms import ReportForm, initial_from_report
from ..models import Campaign, Report
from ..review_forms import (
    COMMENTS_FORM_ID,
    AnswerForm,
    QueueFilterForm,
    ReturnForm,
    ReviewCommentForm,
)
from ..selectors import attestations as attestation_selectors
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
    "own_submission": gettext_lazy(
        "You submitted the committee's report yourself: another committee member validates "
        "it. Nothing was changed."
    ),
    "not_returned": gettext_lazy(
        "Only a report the committee returned to you can be answered; this one is "
        "“%(status)s”. Nothing was sent."
    ),
}


def _refuse(request: HttpRequest, report: Report, code: str) -> None:
    report.refresh_from_db(fields=["status"])
    messages.error(request, REFUSED[code] % {"status": report.get_status_display()})


def _refused(request: HttpRequest, report: Report, code: str) -> HttpResponse:
    """Say why nothing was done, back on the review page."""
    _refuse(request, report, code)
    return _back_to_review(report)


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
    return render(
        request,
        "followup/review/queue.html",
        {"form": form, "campaign": campaign, "page": page},
    )


# --- /suivi/rapports/<id>/: one report's review --------------------------------------------


def _get_report(report_id: int) -> Report:
    return get_object_or_404(review_selectors.report_for_review(report_id))


def _measures(report: Report):
    return services.measures_for(
        company=report.company, signatory=report.signatory, committee=report.committee
    )


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
    comment_forms: dict[int, ReviewCommentForm] | None = None,
) -> HttpResponse:
    """The whole report read-only, the committee's comments per commitment with a box to add
    one (``comment_forms``: as posted), the timeline, the decision while submitted."""
    can_comment = report.is_communicated
    events = review_selectors.timeline(report)
    return render(
        request,
        "followup/review/report_review.html",
        {
            "report": report,
            "subject": report.subject,
            "campaign": report.campaign,
            "blocks": _review_blocks(report, can_comment=can_comment, posted=comment_forms or {}),
            "can_comment": can_comment,
            "comments_form_id": COMMENTS_FORM_ID,
            "can_decide": report.status == Report.Status.SUBMITTED,
            "return_form": return_form or ReturnForm(),
            "events": events,
            "returned": review_selectors.latest_return(events),
            "report_url": services.report_url(report),
            "certification_mismatches": _certification_mismatches(report),
            "relation_disagreements": _relation_disagreements(report),
        },
    )


def _relation_disagreements(report: Report) -> list:
    """The disagreements on the company's relations for the report's campaign (for the
    committee only). Two queries; none for a signatory's report."""
    if report.company_id is None:
        return []
    return attestation_selectors.disagreements(report.campaign, company=report.company)


def _review_blocks(report: Report, *, can_comment: bool, posted: dict) -> list:
    """The report's answers by measure, read-only, each with the committee's comments and,
    while it may comment, a comment box (as ``posted``, else empty)."""
    measures = _measures(report)
    form = ReportForm(
        initial=initial_from_report(report, measures),
        campaign=report.campaign,
        measures=measures,
        evidence_by_measure=space_selectors.evidence_by_measure(report),
        register=register_figures(report.signatory, report.campaign),
    )
    blocks = form.blocks()
    comments = review_selectors.comments_by_measure(report)
    for block in blocks:
        pk = block.measure.pk
        block.review_comments = comments.get(pk, [])
        if can_comment:
            block.comment_form = posted.get(pk) or _comment_form(pk, measures)
    return blocks


def _certification_mismatches(report: Report) -> list:
    if not report.company_id:
        return []
    return certification_mismatches(campaign=report.campaign, report=report)


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
        event = review_services.report_validate(
            report=report, user=request.user, base_url=site_url(request)
        )
    except review_services.ReviewNotAllowed as error:
        _refuse(request, report, error.code)
    else:
        messages.success(request, _told(_("The report is validated."), report, event.recipients))
    return _back_to_review(report)


def _told(done: str, report: Report, recipients: list) -> str:
    """``done``, then who was e-mailed about it: the company's contributors or the
    signatory's representatives, by name; or that no e-mail left, and why."""
    if report.committee:
        return done  # its members read the review page; the e-mails are only a notice
    if not recipients:
        why = (
            _("No e-mail was sent: the company has no active contributor.")
            if report.company_id
            else _("No e-mail was sent: the signatory has no active representative.")
        )
        return f"{done} {why}"
    if report.company_id:
        told = ngettext(
            "An e-mail was sent to the company's contributor: %(names)s.",
            "An e-mail was sent to the company's contributors: %(names)s.",
            len(recipients),
        )
    else:
        told = ngettext(
            "An e-mail was sent to the signatory's representative: %(names)s.",
            "An e-mail was sent to the signatory's representatives: %(names)s.",
            len(recipients),
        )
    return isolated(f"{done} {told}", names=", ".join(str(user) for user in recipients))


@committee_required
@require_POST
def report_return(request: HttpRequest, report_id: int) -> HttpResponse:
    report = _get_report(report_id)
    if report.status != Report.Status.SUBMITTED:
        return _refused(request, report, "not_submitted")
    form = ReturnForm(request.POST)
    if not form.is_valid():
        return _review_page(request, report, return_form=form)
    try:
        event = review_services.report_return(
            report=report,
            user=request.user,
            reason=form.cleaned_data["reason"],
            base_url=site_url(request),
        )
    except review_services.ReviewNotAllowed as error:
        _refuse(request, report, error.code)
    else:
        messages.success(request, _told(_returned(report), report, event.recipients))
    return _back_to_review(report)


def _returned(report: Report) -> str:
    if report.committee:
        return _(
            "The committee's report is returned with your reason; its members can change "
            "the answers and submit it again."
        )
    if report.company_id:
        return _(
            "The report is returned to the company with your reason; it can change its "
            "answers, answer you and submit again."
        )
    return _(
        "The report is returned to the signatory with your reason; it can change its "
        "answers, answer you and submit again."
    )


@committee_required
@require_POST
def review_comment_create(request: HttpRequest, report_id: int) -> HttpResponse:
    """Save every comment typed on the review page: the boxes post together (one form),
    empty boxes are skipped. When one box is refused, nothing is saved and the page comes
    back with every box as typed."""
    report = _get_report(report_id)
    if not report.is_communicated:
        return _refused(request, report, "draft")
    forms = _posted_comment_forms(request, _measures(report))
    if not forms or not all(form.is_valid() or "measure" not in form.errors for form in forms):
        return _refused(request, report, "not_in_report")
    typed = [form for form in forms if form.cleaned_data.get("text")]
    if not typed and not any(form.errors for form in forms):
        _ask_for_a_comment(request, forms)
    if any(form.errors for form in forms):
        return _review_page(request, report, comment_forms=_boxes_as_posted(forms))
    try:
        review_services.review_comments_add(
            report=report,
            comments=[(form.chosen_measure, form.cleaned_data["text"]) for form in typed],
            user=request.user,
        )
    except review_services.ReviewNotAllowed as error:
        return _refused(request, report, error.code)
    messages.success(request, _comments_saved(typed, report))
    return _back_to_review(report, f"#measure-{typed[0].chosen_measure.pk}")


def _posted_comment_forms(request: HttpRequest, measures) -> list[ReviewCommentForm]:
    """One form per box posted (a measure and a text each), in the page's order."""
    posted = zip_longest(request.POST.getlist("measure"), request.POST.getlist("text"))
    return [
        ReviewCommentForm({"measure": measure, "text": text}, measures=measures)
        for measure, text in posted
    ]


def _ask_for_a_comment(request: HttpRequest, forms: list[ReviewCommentForm]) -> None:
    """Nothing written anywhere: say so on the box whose button was pressed."""
    pressed = request.POST.get("sent_from", "")
    chosen = [f for f in forms if str(f.cleaned_data["measure"]) == pressed] or forms[:1]
    chosen[0].require_text()


def _boxes_as_posted(forms: list[ReviewCommentForm]) -> dict[int, ReviewCommentForm]:
    """The boxes by measure, with the ids the page gives them, to show them again."""
    by_measure = {}
    for form in forms:
        form.auto_id = f"id_c{form.cleaned_data['measure']}_%s"
        by_measure[form.cleaned_data["measure"]] = form
    return by_measure


def _comments_saved(typed: list[ReviewCommentForm], report) -> str:
    """Who reads the comments: the company, the signatory or the committee's members."""
    codes = ", ".join(form.chosen_measure.code for form in typed)
    if report.company_id:
        message = ngettext(
            "Your comment on %(codes)s is saved; the company reads it on its report.",
            "Your comments on %(codes)s are saved; the company reads them on its report.",
            len(typed),
        )
    else:
        message = ngettext(
            "Your comment on %(codes)s is saved; it shows on the report.",
            "Your comments on %(codes)s are saved; they show on the report.",
            len(typed),
        )
    return message % {"codes": codes}


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
    report = _reporters_report(campaign_id, company=company, signatory=signatory)
    back = services.report_url(report)
    if report.status != Report.Status.RETURNED:
        _refuse(request, report, "not_returned")
        return redirect(back)
    form = AnswerForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        _send_answer(request, report, form.cleaned_data["message"])
        return redirect(back)
    return _render_answer_form(request, report, form)


def _reporters_report(campaign_id: int, *, company, signatory) -> Report:
    """The company's (or signatory's) report for a campaign it sees; Http404 otherwise."""
    campaign = get_object_or_404(Campaign.objects.visible_to_reporters(), pk=campaign_id)
    return get_object_or_404(
        Report.objects.select_related("campaign", "company", "signatory"),
        campaign=campaign,
        company=company,
        signatory=signatory,
    )


def _send_answer(request: HttpRequest, report: Report, message: str) -> None:
    try:
        review_services.report_answer(
            report=report, user=request.user, message=message, base_url=site_url(request)
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


def _render_answer_form(request: HttpRequest, report: Report, form: AnswerForm) -> HttpResponse:
    events = review_selectors.timeline(report)
    comments = review_selectors.comments_by_measure(report)
    return render(
        request,
        "followup/review/answer_form.html",
        {
            "report": report,
            "campaign": report.campaign,
            "company": report.company,
            "signatory": report.signatory,
            "subject": report.subject,
            "form": form,
            "returned": review_selectors.latest_return(events),
            "comment_groups": sorted(
                comments.values(), key=lambda group: group[0].progress.measure.code
            ),
            "events": events,
            "report_url": services.report_url(report),
        },
    )
