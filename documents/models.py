"""PDF documents made in the background and kept to be downloaded again.

The table keeps the name it had in the followup app, where the model began."""

import uuid

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from followup.models import Campaign


def document_path(instance: "Document", filename: str) -> str:
    """A generated name under documents/: nothing the requester typed reaches the disk."""
    return f"documents/{timezone.now():%Y/%m}/{uuid.uuid4().hex}.pdf"


class DocumentQuerySet(models.QuerySet["Document"]):
    def unfinished(self) -> "DocumentQuerySet":
        """Documents waiting for a worker or being made."""
        return self.filter(status__in=[Document.Status.QUEUED, Document.Status.RUNNING])


class Document(models.Model):
    """A PDF made in the background at someone's request, kept to be downloaded again:
    the campaign report, a company's report card or its adhesion certificate."""

    class Kind(models.TextChoices):
        CAMPAIGN_REPORT = "campaign", _("campaign report")
        COMPANY_CARD = "card", _("company report card")
        CERTIFICATE = "certificate", _("adhesion certificate")

    class Status(models.TextChoices):
        QUEUED = "queued", _("waiting")
        RUNNING = "running", _("being made")
        DONE = "done", _("ready")
        FAILED = "failed", _("failed")

    kind = models.CharField(_("document"), max_length=12, choices=Kind.choices)
    campaign = models.ForeignKey(
        Campaign,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="documents",
        verbose_name=_("campaign"),
    )
    company = models.ForeignKey(
        "signatories.Company",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="documents",
        verbose_name=_("company"),
    )
    language = models.CharField(_("language"), max_length=8, choices=settings.LANGUAGES)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("requested by"),
    )
    requested_at = models.DateTimeField(_("requested"), auto_now_add=True)
    status = models.CharField(
        _("status"), max_length=8, choices=Status.choices, default=Status.QUEUED
    )
    progress = models.PositiveSmallIntegerField(_("progress (%)"), default=0)
    step = models.CharField(_("step"), max_length=200, blank=True)
    data_read_at = models.DateTimeField(_("data read"), null=True, blank=True)
    finished_at = models.DateTimeField(_("finished"), null=True, blank=True)
    file = models.FileField(_("file"), upload_to=document_path, max_length=200, blank=True)
    size = models.PositiveIntegerField(_("size (bytes)"), default=0)
    pages = models.PositiveIntegerField(_("pages"), default=0)
    error = models.TextField(_("error"), blank=True)
    task_id = models.CharField(_("task"), max_length=64, blank=True)

    objects = DocumentQuerySet.as_manager()

    class Meta:
        db_table = "followup_document"
        verbose_name = _("PDF document")
        verbose_name_plural = _("PDF documents")
        ordering = ["-requested_at", "-pk"]
        indexes = [models.Index(fields=["kind", "campaign", "company"], name="document_scope_idx")]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(kind="campaign") | models.Q(campaign__isnull=False),
                name="campaign_report_has_a_campaign",
            ),
            models.CheckConstraint(
                condition=models.Q(kind="campaign") | models.Q(company__isnull=False),
                name="company_document_has_a_company",
            ),
        ]

    def __str__(self) -> str:
        scope = self.company or self.campaign
        return f"{self.get_kind_display()} · {scope}"

    @property
    def is_finished(self) -> bool:
        return self.status in (self.Status.DONE, self.Status.FAILED)
