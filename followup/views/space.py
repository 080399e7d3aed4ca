"""The company space (/espace/): a company's profile, sites, certifications, commitments
and campaign reports; a signatory's reports; evidence downloads. The committee's own
reports (/suivi/comite/) use the same report page.

Every view reaches its object through signatories.access or followup.access: outsiders
get 404, readers who ask to write get 403, anonymous users the login page.
"""

from dataclasses import dataclass

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import ProtectedError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from accounts.throttle import email_sending_refusal, refused_response
from charter.models import Measure
from core.bidi import isolated
from core.dates import written_date
from core.downloads import protected_file_response
from core.emails import site_url
from procurement.models import is_buyer
from procurement.selectors import register_figures
from signatories.access import (
    access_company,
    access_signatory,
    can_read_everything,
    can_write,
    committee_required,
)
from signatories.models import Certification, Company, Signatory
from signatories.services import company_name_request

from .. import selectors, services
from ..access import access_evidence
from ..forms import (
    CertificationForm,
    CommitmentsForm,
    CompanyProfileForm,
    ReportForm,
    SiteForm,
    describe,
    initial_from_report,
)
from ..models import Campaign, Report
from ..selectors.attestations import own_practice_figures

# --- /espace/ ----------------------------------------------------------------------------


@login_required
def space(request: HttpRequest) -> HttpResponse:
    """Where a person reports: straight to their company when they serve only one."""
    companies = list(Company.objects.filter(memberships__user=request.user).order_by("legal_name"))
    signatories = list(Signatory.objects.filter(representatives__user=request.user))
    reader = can_read_everything(request.user)
    if len(companies) == 1 and not signatories and not reader:
        return redirect("followup:company_detail", company_id=companies[0].pk)
    if len(signatories) == 1 and not companies and not reader:
        return redirect("followup:signatory_detail", signatory_id=signatories[0].pk)
    return render(
        request,
        "followup/space.html",
        {"companies": companies, "signatories": signatories, "reader": reader},
    )


# --- A company ---------------------------------------------------------------------------


@login_required
def company_detail(request: HttpRequest, company_id: int) -> HttpResponse:
    company = access_company(request.user, company_id)
    context = selectors.company_space(company)
    context["can_write"] = can_write(request.user, company)
    return render(request, "followup/company_detail.html", {"company": company, **context})


@login_required
@require_http_methods(["GET", "POST"])
def company_edit(request: HttpRequest, company_id: int) -> HttpResponse:
    company = access_company(request.user, company_id, write=True)
    form = CompanyProfileForm(request.POST or None, instance=company)
    if request.method == "POST" and form.is_valid():
        form.save()
        waiting = company_name_request(
            company=company,
            legal_name=form.cleaned_data["legal_name"],
            user=request.user,
            base_url=site_url(request),
        )
        messages.success(
            request,
            _("The company's profile is saved; the new legal name waits for the committee.")
            if waiting
            else _("The company's profile is saved."),
        )
        return redirect("followup:company_detail", company_id=company.pk)
    return render(request, "followup/company_edit.html", {"company": company, "form": form})


@login_required
@require_http_methods(["GET", "POST"])
def site_edit(request: HttpRequest, company_id: int, site_id: int | None = None) -> HttpResponse:
    company = access_company(request.user, company_id, write=True)
    # site_id 0 names no site: 404 like any unknown id, never the form of a new site.
    site = get_object_or_404(company.sites, pk=site_id) if site_id is not None else None
    form = SiteForm(request.POST or None, instance=site)
    if request.method == "POST" and form.is_valid():
        form.instance.company = company
        form.save()
        messages.success(
            request, isolated(_("The site “%(name)s” is saved."), name=form.instance.name)
        )
        return redirect(reverse("followup:company_detail", args=[company.pk]) + "#sites")
    return render(
        request, "followup/site_form.html", {"company": company, "form": form, "site": site}
    )


@login_required
@require_POST
def site_delete(request: HttpRequest, company_id: int, site_id: int) -> HttpResponse:
    company = access_company(request.user, company_id, write=True)
    site = get_object_or_404(company.sites, pk=site_id)
    try:
        site.delete()
    except ProtectedError:
        message = _("The site “%(name)s” answers customer-service numbers: change them first.")
        messages.error(request, isolated(message, name=site.name))
    else:
        messages.success(request, isolated(_("The site “%(name)s” is removed."), name=site.name))
    return redirect(reverse("followup:company_detail", args=[company.pk]) + "#sites")


@login_required
@require_http_methods(["GET", "POST"])
def certification_edit(
    request: HttpRequest, company_id: int, certification_id: int | None = None
) -> HttpResponse:
    company = access_company(request.user, company_id, write=True)
    certification = (
        get_object_or_404(company.certifications, pk=certification_id)
        if certification_id is not None
        else Certification(company=company)
    )
    form = CertificationForm(request.POST or None, request.FILES or None, instance=certification)
    if request.method == "POST" and form.is_valid():
        services.certification_save(
            certification=form.save(commit=False),
            checked=form.cleaned_data.get("evidence"),
            user=request.user,
        )
        messages.success(request, _("The certification is saved."))
        return redirect(reverse("followup:company_detail", args=[company.pk]) + "#certifications")
    return render(
        request,
        "followup/certification_form.html",
        {
            "company": company,
            "form": form,
            "certification": certification if certification.pk else None,
            "evidence": certification.evidence.all() if certification.pk else [],
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def commitments_edit(request: HttpRequest, company_id: int) -> HttpResponse:
    company = access_company(request.user, company_id, write=True)
    measures = list(Measure.objects.active().for_companies().select_related("axis"))
    current = {c.measure_id: c for c in company.commitments.all()}
    # An empty POST is a valid answer (every box unticked): bind it all the same.
    data = request.POST if request.method == "POST" else None
    form = CommitmentsForm(data, measures=measures, commitments=current)
    if request.method == "POST" and form.is_valid():
        changed, removed, kept = services.commitments_update(
            company=company, chosen=form.chosen(), claims=form.claims(), user=request.user
        )
        messages.success(
            request,
            _("Commitments saved: %(changed)s added or changed, %(removed)s removed.")
            % {"changed": changed, "removed": removed},
        )
        for measure in kept:
            messages.warning(
                request,
                _(
                    "The commitment to %(code)s is kept: a report already answers it. "
                    "Ask the committee if it must go."
                )
                % {"code": measure.code},
            )
        return redirect(reverse("followup:company_detail", args=[company.pk]) + "#commitments")
    return render(request, "followup/commitments_form.html", {"company": company, "form": form})


# --- Reports -----------------------------------------------------------------------------


def _visible_campaign(campaign_id: int) -> Campaign:
    return get_object_or_404(Campaign.objects.visible_to_reporters(), pk=campaign_id)


@login_required
@require_http_methods(["GET", "POST"])
def report_edit(request: HttpRequest, company_id: int, campaign_id: int) -> HttpResponse:
    company = access_company(request.user, company_id)
    campaign = _visible_campaign(campaign_id)
    return _report_page(request, campaign=campaign, company=company)


@login_required
@require_POST
def report_receipt(request: HttpRequest, company_id: int, campaign_id: int) -> HttpResponse:
    """The company's contributors have the receipt of its submitted (or validated) report
    sent to them again, with its PDF; within the e-mail limits (accounts.throttle), 429
    beyond."""
    company = access_company(request.user, company_id, write=True)
    campaign = _visible_campaign(campaign_id)
    report = Report.objects.filter(campaign=campaign, company=company).first()
    back = reverse("followup:report_edit", args=[company.pk, campaign.pk])
    if report is None or report.status not in (Report.Status.SUBMITTED, Report.Status.VALIDATED):
        messages.error(request, _("Only a submitted report has a receipt."))
        return redirect(back)
    if refusal := email_sending_refusal(request, to=request.user.email, account=request.user):
        context = {"company": company, "campaign": campaign, "back": back}
        return refused_response(request, refusal, "followup/receipt_refused.html", context)
    _say_receipt_sent(request, services.receipt_send(report=report, base_url=site_url(request)))
    return redirect(back)


def _say_receipt_sent(request: HttpRequest, sent: int) -> None:
    if not sent:  # the mail server failed (logged)
        messages.error(request, _("The receipt could not be sent; try again in a moment."))
        return
    message = ngettext(
        "The receipt was sent again to %(count)s person.",
        "The receipt was sent again to %(count)s people.",
        sent,
    )
    messages.success(request, message % {"count": sent})


@login_required
def signatory_detail(request: HttpRequest, signatory_id: int) -> HttpResponse:
    signatory = access_signatory(request.user, signatory_id)
    return render(
        request,
        "followup/signatory_detail.html",
        {
            "signatory": signatory,
            "buyer": is_buyer(signatory),
            **selectors.signatory_space(signatory),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def signatory_report_edit(
    request: HttpRequest, signatory_id: int, campaign_id: int
) -> HttpResponse:
    signatory = access_signatory(request.user, signatory_id)
    campaign = _visible_campaign(campaign_id)
    return _report_page(request, campaign=campaign, signatory=signatory)


@committee_required
@require_GET
def committee_detail(request: HttpRequest) -> HttpResponse:
    """The measures bound to the committee as a whole and its reports, one per campaign."""
    return render(request, "followup/committee_detail.html", selectors.committee_space())


@committee_required
@require_http_methods(["GET", "POST"])
def committee_report_edit(request: HttpRequest, campaign_id: int) -> HttpResponse:
    """The committee's report: its members write it together, another member reviews it."""
    campaign = _visible_campaign(campaign_id)
    return _report_page(request, campaign=campaign, committee=True)


@dataclass
class _ReportPage:
    """One report's page: its campaign, whose report it is (``subject``: the company, the
    signatory and whether it is the committee's, one of them set), the report if started,
    and who reads it."""

    campaign: Campaign
    subject: dict
    report: Report | None
    measures: list
    writer: bool
    editable: bool
    form_kwargs: dict


def _report_page(
    request: HttpRequest, *, campaign: Campaign, company=None, signatory=None, committee=False
) -> HttpResponse:
    """Show, save, submit or pre-fill one report. Only the company's contributors (or the
    signatory's representatives) write; the committee reads, and writes its own report."""
    page = _page_of(
        request, campaign=campaign, company=company, signatory=signatory, committee=committee
    )
    if request.method != "POST":
        form = ReportForm(
            initial=initial_from_report(page.report, page.measures), **page.form_kwargs
        )
        return _render_report(request, page, form)
    if not page.writer:
        raise PermissionDenied(_("The committee reads reports; it does not edit them."))
    if not page.editable:
        return _refuse_closed(request, campaign)
    action = request.POST.get("action", "save")
    if action == "copy":
        return _copy_previous(request, campaign=campaign, subject=page.subject)
    return _post_answers(request, page, submitting=action == "submit")


def _page_of(
    request: HttpRequest, *, campaign: Campaign, company, signatory, committee
) -> _ReportPage:
    """The report with its answers, the measures it covers, and whether the reader writes
    it and may now. Ten queries at most (one for the answers on the relations)."""
    subject = {"company": company, "signatory": signatory, "committee": committee}
    report = selectors.report_with_answers(campaign=campaign, **subject)
    measures = services.measures_for(**subject)
    writer = committee or can_write(request.user, company or signatory)
    editable = writer and campaign.report_editable(report)
    return _ReportPage(
        campaign=campaign,
        subject=subject,
        report=report,
        measures=measures,
        writer=writer,
        editable=editable,
        form_kwargs={
            "campaign": campaign,
            "measures": measures,
            "evidence_by_measure": selectors.evidence_by_measure(report),
            "comments_by_measure": selectors.comments_by_measure(report),
            "register": register_figures(signatory, campaign),
            # While the company writes its report, its answers on 3.2 to 3.5 are its
            # attestations' as they stand; once sent, the report's as they were then.
            "attested": own_practice_figures(company, campaign) if company and editable else None,
        },
    )


def _post_answers(request: HttpRequest, page: _ReportPage, *, submitting: bool) -> HttpResponse:
    """Save the answers posted, then submit them when asked. A submission refused for
    missing answers still keeps what was typed: the answers that pass a draft's checks are
    saved as a draft, and the page lists what is missing."""
    form = ReportForm(request.POST, request.FILES, submitting=submitting, **page.form_kwargs)
    draft = form
    if submitting and not form.is_valid():
        draft = ReportForm(request.POST, request.FILES, **page.form_kwargs)
    if not draft.is_valid():
        return _render_report(request, page, form)
    try:
        _save(
            request, draft, page=page, submit=submitting and draft is form, announce=draft is form
        )
    except services.StaleReport as stale:
        return _render_conflict(request, page, draft, stale.report, submitting=submitting)
    except (services.ReportClosed, services.TransitionNotAllowed):
        return _refuse_closed(request, page.campaign)
    if draft is form:
        return redirect(request.path)
    page.report = selectors.report_with_answers(campaign=page.campaign, **page.subject)
    return _render_report(
        request, page, _refused_submission(request, page.report, page.form_kwargs)
    )


def _render_conflict(
    request: HttpRequest,
    page: _ReportPage,
    draft: ReportForm,
    current: Report | None,
    *,
    submitting: bool,
) -> HttpResponse:
    """The page again (409) with everything typed and how it differs from the newer save;
    the next save knowingly replaces the newer version."""
    conflict = _conflict(draft, current, page.measures)
    data = request.POST.copy()
    data["version"] = current.version if current else 0
    form = ReportForm(data, submitting=submitting, **page.form_kwargs)
    form.is_valid()
    return _render_report(request, page, form, conflict=conflict)


def _render_report(
    request: HttpRequest, page: _ReportPage, form: ReportForm, conflict: dict | None = None
) -> HttpResponse:
    report = page.report
    previous = None
    if page.editable and (report is None or not selectors.has_answers(report)):
        previous = services.previous_report(campaign=page.campaign, **page.subject)
    return render(
        request,
        "followup/report_form.html",
        {
            "campaign": page.campaign,
            **page.subject,
            "subject": page.subject["company"]
            or page.subject["signatory"]
            or _("the follow-up committee"),
            "report": report,
            "form": form,
            "blocks": form.blocks(),
            "editable": page.editable,
            "writer": page.writer,
            "campaign_opened": page.campaign.has_opened(),
            "conflict": conflict,
            "previous": previous,
            "events": report.events.all() if report else [],
            "last_return": selectors.last_return(report),
        },
        status=409 if conflict else 200,
    )


def _refuse_closed(request: HttpRequest, campaign: Campaign) -> HttpResponse:
    messages.error(request, _closed_message(campaign))
    return redirect(request.path)


def _closed_message(campaign: Campaign) -> str:
    """Why a report cannot be changed: its campaign has not opened yet, or no longer
    accepts it (or the report is submitted or validated)."""
    if not campaign.has_opened():
        return _("The campaign opens on %(day)s: the report can be filled in from that day.") % {
            "day": written_date(campaign.opens_on)
        }
    return _("This report can no longer be changed.")


def _refused_submission(request: HttpRequest, report: Report, form_kwargs: dict) -> ReportForm:
    """The submission's form again, at the draft's new version, with the evidence just
    saved, its errors saying what is missing; the message says the answers are kept."""
    form_kwargs["evidence_by_measure"] = selectors.evidence_by_measure(report)
    data = request.POST.copy()
    data["version"] = report.version
    form = ReportForm(data, submitting=True, **form_kwargs)
    form.is_valid()
    messages.warning(
        request,
        ngettext(
            "Your answers are saved as a draft; %(count)s answer is missing before you can "
            "submit the report.",
            "Your answers are saved as a draft; %(count)s answers are missing before you can "
            "submit the report.",
            form.missing_count,
        )
        % {"count": form.missing_count},
    )
    return form


def _save(
    request: HttpRequest, form: ReportForm, *, page: _ReportPage, submit: bool, announce: bool
) -> None:
    """Save the valid form's answers, then submit when asked; ``announce`` says so in a
    message. Raises what the services raise (StaleReport, ReportClosed,
    TransitionNotAllowed)."""
    report = services.report_save(
        campaign=page.campaign,
        expected_version=form.cleaned_data["version"],
        progress=form.progress_values(),
        values=form.indicator_values(),
        files=form.evidence_files(),
        user=request.user,
        **page.subject,
    )
    if submit:
        services.report_submit(report=report, user=request.user, base_url=site_url(request))
        messages.success(
            request,
            _("The report is submitted. The committee will review it; you will be told by e-mail."),
        )
    elif announce:
        messages.success(request, _("Draft saved. You can come back to it at any time."))


def _copy_previous(request: HttpRequest, *, campaign, subject: dict) -> HttpResponse:
    try:
        copied = services.report_copy_previous(
            campaign=campaign,
            expected_version=_posted_version(request),
            user=request.user,
            **subject,
        )
    except services.StaleReport:
        messages.error(request, _("Someone saved this report meanwhile; nothing was copied."))
        return redirect(request.path)
    if copied is None:
        messages.error(request, _("There is no earlier report to start from."))
    else:
        messages.success(
            request,
            _("The answers of the previous campaign are copied. Check and update them."),
        )
    return redirect(request.path)


def _posted_version(request: HttpRequest) -> int:
    try:
        return int(request.POST.get("version", 0))
    except ValueError:
        return -1


def _conflict(form: ReportForm, current: Report | None, measures) -> dict:
    """What the newer saved version holds where it differs from what this person typed."""
    saved = initial_from_report(current, measures) if current else {}
    differences = []
    for name, value in form.cleaned_data.items():
        if name == "version" or name.endswith("_evidence"):
            continue
        before = saved.get(name)
        if describe(before) != describe(value):
            differences.append(
                {
                    "label": form.fields[name].label,
                    "saved": describe(before),
                    "typed": describe(value),
                }
            )
    return {
        "by": current.updated_by if current else None,
        "at": current.updated_at if current else None,
        "differences": differences,
    }


# --- Evidence ----------------------------------------------------------------------------


NOT_REMOVABLE = gettext_lazy(
    "“%(name)s” cannot be removed: only a file of a draft or returned report, while the "
    "campaign accepts reports, can be. Nothing was changed."
)
REMOVED = gettext_lazy("“%(name)s” is removed from the report. The committee's history keeps it.")


@login_required
@require_POST
def evidence_remove(request: HttpRequest, evidence_id: int) -> HttpResponse:
    """Remove a file from an answer of a draft or returned report: only the company's
    contributors (or the signatory's representatives); the committee reads (403),
    outsiders get 404. The file stays in the report's history."""
    evidence = access_evidence(request.user, evidence_id, write=True)
    report = evidence.progress.report if evidence.progress_id else None
    back = services.report_url(report) if report else reverse("followup:space")
    try:
        services.evidence_remove(evidence=evidence, user=request.user)
    except services.EvidenceNotRemovable:
        messages.error(request, isolated(NOT_REMOVABLE, name=evidence.display_name))
    else:
        messages.success(request, isolated(REMOVED, name=evidence.display_name))
    return redirect(back)


@login_required
def evidence_download(request: HttpRequest, evidence_id: int) -> HttpResponse:
    evidence = access_evidence(request.user, evidence_id)
    return protected_file_response(
        evidence.file, filename=evidence.display_name, content_type=evidence.content_type
    )
