"""PDF documents: asking for one (POST) queues its making; its page shows the progress and
then the download; every document made is listed and can be downloaded again."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_GET, require_POST

from core.downloads import protected_file_response
from followup.models import Campaign
from signatories.access import access_company, committee_required
from signatories.models import Company

from . import services
from .access import access_document
from .models import Document

DOCUMENTS_PER_PAGE = 30


def _language(request: HttpRequest) -> str:
    return getattr(request, "LANGUAGE_CODE", "fr")


def _quota_reached(request: HttpRequest, refusal: services.DocumentQuotaReached) -> HttpResponse:
    """To the progress of the user's oldest document still being made, saying why."""
    messages.warning(
        request,
        ngettext(
            "You already have %(count)s document being made: wait until it is ready "
            "before asking for another one. Here is its progress.",
            "You already have %(count)s documents being made: wait until one of them is "
            "ready before asking for another one. Here is the progress of the oldest.",
            settings.PDF_JOBS_PER_USER,
        )
        % {"count": settings.PDF_JOBS_PER_USER},
    )
    return _queued(request, refusal.document)


def _queued(request: HttpRequest, document: Document) -> HttpResponse:
    """To the document's page; while it is being made, the page follows its progress."""
    url = reverse("documents:document_detail", args=[document.pk])
    if document.status == Document.Status.DONE:
        messages.success(request, _("The document is ready."))
        return redirect(url)
    return redirect(f"{url}?suivre=1")


def _request_document(request: HttpRequest, *, back: str, **scope) -> HttpResponse:
    """Ask for the document of ``scope`` (its kind, campaign, company) and go to its page;
    a refusal goes ``back``, saying why."""
    try:
        document = services.document_request(
            user=request.user, language=_language(request), **scope
        )
    except services.DocumentQuotaReached as refusal:
        return _quota_reached(request, refusal)
    except services.DocumentRefused as refusal:
        messages.error(request, str(refusal))
        return redirect(back)
    return _queued(request, document)


# --- The committee's campaign reports ----------------------------------------------------


@committee_required
@require_GET
def document_list(request: HttpRequest) -> HttpResponse:
    """Every campaign report made, newest first, and a button per campaign to make one."""
    documents = Document.objects.filter(kind=Document.Kind.CAMPAIGN_REPORT).select_related(
        "campaign", "requested_by"
    )
    page = Paginator(documents, DOCUMENTS_PER_PAGE).get_page(request.GET.get("page"))
    return render(
        request,
        "documents/committee_list.html",
        {"page": page, "campaigns": Campaign.objects.visible_to_reporters()},
    )


@committee_required
@require_POST
def campaign_report_request(request: HttpRequest, campaign_id: int) -> HttpResponse:
    campaign = get_object_or_404(Campaign.objects.visible_to_reporters(), pk=campaign_id)
    return _request_document(
        request,
        kind=Document.Kind.CAMPAIGN_REPORT,
        campaign=campaign,
        back=reverse("documents:document_list"),
    )


# --- A company's report card and certificate ---------------------------------------------


@login_required
@require_GET
def company_documents(request: HttpRequest, company_id: int) -> HttpResponse:
    company = access_company(request.user, company_id)
    documents = company.documents.select_related("campaign", "requested_by")
    page = Paginator(documents, DOCUMENTS_PER_PAGE).get_page(request.GET.get("page"))
    return render(
        request,
        "documents/company_list.html",
        {
            "company": company,
            "page": page,
            "campaigns": _reported_campaigns(company),
        },
    )


def _reported_campaigns(company: Company):
    return Campaign.objects.visible_to_reporters().filter(reports__company=company)


# The documents a company asks for, by the name its URL gives them.
COMPANY_DOCUMENTS = {"fiche": Document.Kind.COMPANY_CARD, "attestation": Document.Kind.CERTIFICATE}


@login_required
@require_POST
def company_document_request(request: HttpRequest, company_id: int, kind: str) -> HttpResponse:
    """A report card (``fiche``) for a campaign the company reported in, or the adhesion
    certificate (``attestation``)."""
    company = access_company(request.user, company_id)
    if kind not in COMPANY_DOCUMENTS:
        raise Http404("No such document.")
    back = reverse("documents:company_documents", args=[company.pk])
    campaign = None
    if kind == "fiche" and request.POST.get("campagne"):
        campaign = _reported_campaigns(company).filter(pk=_posted_id(request)).first()
        if campaign is None:
            messages.error(request, _("Choose a campaign in which the company reported."))
            return redirect(back)
    return _request_document(
        request, kind=COMPANY_DOCUMENTS[kind], company=company, campaign=campaign, back=back
    )


def _posted_id(request: HttpRequest) -> int | None:
    try:
        return int(request.POST["campagne"])
    except ValueError:
        return None


# --- One document ------------------------------------------------------------------------


@login_required
@require_GET
def document_detail(request: HttpRequest, document_id: int) -> HttpResponse:
    """The document's progress while it is being made, then its download. The page
    refreshes itself only when the reader asks for it (``?suivre=1``): a page that reloads
    on its own is a barrier for screen-reader users (RGAA 13.1)."""
    document = access_document(request.user, document_id)
    return render(
        request,
        "documents/detail.html",
        {"document": document, "following": request.GET.get("suivre") == "1"},
    )


@login_required
@require_POST
def document_retry(request: HttpRequest, document_id: int) -> HttpResponse:
    """Ask again for a document that failed: a new document with the same scope."""
    document = access_document(request.user, document_id)
    return _request_document(
        request,
        kind=document.kind,
        campaign=document.campaign,
        company=document.company,
        back=reverse("documents:document_detail", args=[document.pk]),
    )


@login_required
@require_GET
def document_download(request: HttpRequest, document_id: int) -> HttpResponse:
    document = access_document(request.user, document_id)
    if document.status != Document.Status.DONE or not document.file:
        raise Http404("The document is not ready.")
    return protected_file_response(
        document.file, filename=services.download_name(document), content_type="application/pdf"
    )
