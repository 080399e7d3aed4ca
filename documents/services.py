"""PDF documents made in the background: asking for one queues a task; the task renders it
and keeps it, with the moment its data was read, to be downloaded again."""

import logging

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import override

from followup.models import Campaign
from signatories.models import Company

from .models import Document

logger = logging.getLogger(__name__)


class DocumentRefused(Exception):
    """The document cannot be made for this scope (such as a certificate for a company
    that does not adhere)."""


class DocumentQuotaReached(Exception):
    """The user already has ``PDF_JOBS_PER_USER`` documents waiting or being made;
    ``document`` is the oldest of them, whose progress they can follow."""

    def __init__(self, document: Document) -> None:
        super().__init__(document)
        self.document = document


@transaction.atomic
def document_request(
    *,
    kind: str,
    user,
    language: str,
    campaign: Campaign | None = None,
    company: Company | None = None,
) -> Document:
    """Record the request and queue the task that makes the PDF, in one transaction (with the
    database backend the task is a row too: a request is never left without its task).
    Side effect: a task (run at once by the immediate backend, later by `db_worker` with the
    database backend).

    Raises DocumentQuotaReached, with nothing created, when the user already has
    ``PDF_JOBS_PER_USER`` documents waiting or being made: one person cannot fill the
    workers' queue. The user's row is locked so that two requests at once count right."""
    from .tasks import build_document

    get_user_model().objects.select_for_update().filter(pk=user.pk).first()
    pending = Document.objects.unfinished().filter(requested_by=user).order_by("requested_at")
    if pending.count() >= settings.PDF_JOBS_PER_USER:
        raise DocumentQuotaReached(pending.first())
    if kind == Document.Kind.CERTIFICATE and company.status != Company.Status.ACTIVE:
        raise DocumentRefused(_("Only a company that adheres to the charter has a certificate."))
    document = Document.objects.create(
        kind=kind,
        campaign=campaign,
        company=company,
        language=language,
        requested_by=user,
        step=_("Waiting for a worker"),
    )
    result = build_document.enqueue(document.pk)
    Document.objects.filter(pk=document.pk).update(task_id=str(result.id)[:64])
    document.refresh_from_db()
    return document


def _report(document: Document, percent: int, step: str) -> None:
    """Record progress; seen at once by the progress page when the worker runs apart."""
    Document.objects.filter(pk=document.pk).update(progress=min(percent, 100), step=str(step)[:200])


def _render(document: Document):
    from . import pdf

    def progress(percent: int, step: str) -> None:
        _report(document, percent, step)

    if document.kind == Document.Kind.CAMPAIGN_REPORT:
        return pdf.render_campaign_report(
            campaign=document.campaign, language=document.language, on_progress=progress
        )
    if document.kind == Document.Kind.COMPANY_CARD:
        return pdf.render_company_card(
            company=document.company,
            campaign=document.campaign,
            language=document.language,
            on_progress=progress,
        )
    return pdf.render_adhesion_certificate(
        company=document.company, language=document.language, on_progress=progress
    )


def document_build(*, document_id: int) -> Document | None:
    """Render the document and store the file. A failure is recorded on the document (and
    logged) rather than lost: the page says so and offers to try again."""
    document = Document.objects.select_related("campaign", "company").filter(pk=document_id).first()
    if document is None or document.is_finished:
        return document
    Document.objects.filter(pk=document.pk).update(status=Document.Status.RUNNING, progress=1)
    try:
        with override(document.language):
            rendered = _render(document)
    except Exception as error:  # the document must say it failed, whatever the cause
        logger.exception("The PDF document %s could not be made", document.pk)
        Document.objects.filter(pk=document.pk).update(
            status=Document.Status.FAILED,
            error=f"{type(error).__name__}: {error}"[:2000],
            finished_at=timezone.now(),
        )
        document.refresh_from_db()
        return document
    with transaction.atomic():
        document.refresh_from_db()
        document.file.save("document.pdf", ContentFile(rendered.content), save=False)
        document.status = Document.Status.DONE
        document.progress = 100
        document.step = _("Ready")
        document.pages = rendered.pages
        document.size = len(rendered.content)
        document.data_read_at = rendered.data_read_at
        document.finished_at = timezone.now()
        document.save()
    return document


def download_name(document: Document) -> str:
    """The name offered on download; the stored name is generated."""
    stamp = f"{(document.data_read_at or document.requested_at):%Y-%m-%d}"
    if document.kind == Document.Kind.CAMPAIGN_REPORT:
        return f"rapport-{slugify(document.campaign.name)}-{stamp}.pdf"
    prefix = "fiche" if document.kind == Document.Kind.COMPANY_CARD else "attestation"
    return f"{prefix}-{document.company.siren}-{stamp}.pdf"
