"""What was done: reporting campaigns, each company's (or signatory's) report for a
campaign, its answers per commitment and per indicator, evidence files, and the log of
the report's workflow."""

import datetime
import uuid
from pathlib import PurePath

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.history import HistoricalRecords


class CampaignQuerySet(models.QuerySet["Campaign"]):
    def visible_to_reporters(self) -> "CampaignQuerySet":
        """Campaigns companies see: open or closed, never drafts."""
        return self.exclude(status=Campaign.Status.DRAFT)


class Campaign(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", _("draft")
        OPEN = "open", _("open")
        CLOSED = "closed", _("closed")

    name = models.CharField(_("name"), max_length=150, unique=True)
    period_start = models.DateField(_("start of the period covered"))
    period_end = models.DateField(_("end of the period covered"))
    opens_on = models.DateField(_("opening date"))
    deadline = models.DateField(_("deadline"))
    grace_days = models.PositiveSmallIntegerField(
        _("grace period (days)"),
        default=15,
        validators=[MaxValueValidator(365)],
        help_text=_(
            "Days after the deadline during which reports are still accepted; after them, "
            "a company that has not submitted is non-communicating."
        ),
    )
    status = models.CharField(
        _("status"), max_length=8, choices=Status.choices, default=Status.DRAFT
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    history = HistoricalRecords()
    objects = CampaignQuerySet.as_manager()

    class Meta:
        verbose_name = _("campaign")
        verbose_name_plural = _("campaigns")
        ordering = ["-period_end", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(period_end__gte=models.F("period_start")),
                name="campaign_period_in_order",
                violation_error_message=_("The period ends before it starts."),
            ),
            models.CheckConstraint(
                condition=models.Q(deadline__gte=models.F("opens_on")),
                name="campaign_deadline_after_opening",
                violation_error_message=_("The deadline comes before the opening date."),
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        super().clean()
        errors = {}
        if self.period_start and self.period_end and self.period_end < self.period_start:
            errors["period_end"] = _("The end of the period must come after its start.")
        if self.opens_on and self.deadline and self.deadline < self.opens_on:
            errors["deadline"] = _("The deadline must come after the opening date.")
        if self.opens_on and self.period_start and self.opens_on < self.period_start:
            errors["opens_on"] = _("A campaign cannot open before the period it covers starts.")
        if errors:
            raise ValidationError(errors)

    @staticmethod
    def default_among(campaigns, today: datetime.date | None = None):
        """The campaign a page shows when none is asked for, among ``campaigns`` (newest
        first): the latest one that has opened, so that a campaign prepared for next year
        does not hide the current one; the newest when none has opened yet. No query."""
        today = today or timezone.localdate()
        campaigns = list(campaigns)
        opened = [campaign for campaign in campaigns if campaign.has_opened(today)]
        return (opened or campaigns or [None])[0]

    @property
    def closes_on(self) -> datetime.date:
        """The last day a report is accepted: the deadline plus the grace period."""
        return self.deadline + datetime.timedelta(days=self.grace_days)

    def accepts_reports(self, today: datetime.date | None = None) -> bool:
        today = today or timezone.localdate()
        return self.status == self.Status.OPEN and self.opens_on <= today <= self.closes_on

    def has_opened(self, today: datetime.date | None = None) -> bool:
        return self.opens_on <= (today or timezone.localdate())

    def is_past_grace(self, today: datetime.date | None = None) -> bool:
        return (today or timezone.localdate()) > self.closes_on

    def validated_company_reports(self) -> "models.QuerySet[Report]":
        """The company reports of this campaign that the committee validated: the only ones
        the barometer and the palmarès count. Lazy: a query when read, or a subquery."""
        return Report.objects.filter(
            campaign=self, company__isnull=False, status=Report.Status.VALIDATED
        )

    def is_non_communicating(
        self, report_status: str | None, today: datetime.date | None = None
    ) -> bool:
        """Whether a company whose report for this campaign is ``report_status`` (None: no
        report) is non-communicating: the deadline and grace period are over and it never
        submitted. The one definition; the dashboard's SQL filter mirrors it (tested)."""
        return self.is_past_grace(today) and report_status in NOT_COMMUNICATED


# A company's report states that say nothing to the committee: no report, or a draft.
NOT_COMMUNICATED = (None, "", "draft")


class Report(models.Model):
    """One company's report for a campaign, or one signatory's report on the measures it
    carries. ``version`` grows at every save and guards against overwriting a newer save."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("draft")
        SUBMITTED = "submitted", _("submitted")
        RETURNED = "returned", _("returned for changes")
        VALIDATED = "validated", _("validated")

    campaign = models.ForeignKey(
        Campaign, on_delete=models.PROTECT, related_name="reports", verbose_name=_("campaign")
    )
    company = models.ForeignKey(
        "signatories.Company",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="reports",
        verbose_name=_("company"),
    )
    signatory = models.ForeignKey(
        "signatories.Signatory",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="reports",
        verbose_name=_("signatory"),
    )
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.DRAFT
    )
    version = models.PositiveIntegerField(_("version"), default=1, editable=False)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("last saved"), auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("last saved by"),
    )
    submitted_at = models.DateTimeField(_("submitted"), null=True, blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("report")
        verbose_name_plural = _("reports")
        ordering = ["-campaign__period_end", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["campaign", "company"],
                name="one_report_per_company_and_campaign",
                violation_error_message=_("This company already has a report for this campaign."),
            ),
            models.UniqueConstraint(
                fields=["campaign", "signatory"],
                name="one_report_per_signatory_and_campaign",
                violation_error_message=_("This signatory already has a report for this campaign."),
            ),
            models.CheckConstraint(
                condition=models.Q(company__isnull=False, signatory__isnull=True)
                | models.Q(company__isnull=True, signatory__isnull=False),
                name="report_for_a_company_or_a_signatory",
                violation_error_message=_("A report is for a company or for a signatory."),
            ),
        ]
        indexes = [models.Index(fields=["campaign", "status"], name="report_campaign_status_idx")]

    def __str__(self) -> str:
        return f"{self.subject} · {self.campaign}"

    @property
    def subject(self):
        """The company or the signatory that reports."""
        return self.company or self.signatory

    @property
    def is_open_to_reporter(self) -> bool:
        """Whether the company (or signatory) may still change its answers."""
        return self.status in (self.Status.DRAFT, self.Status.RETURNED)


class Progress(models.Model):
    """A report's answer for one commitment (or one measure a signatory carries)."""

    class Status(models.TextChoices):
        NOT_STARTED = "not_started", _("not started")
        IN_PROGRESS = "in_progress", _("in progress")
        ACHIEVED = "achieved", _("achieved")
        NOT_APPLICABLE = "not_applicable", _("not applicable")

    report = models.ForeignKey(
        Report, on_delete=models.PROTECT, related_name="progress", verbose_name=_("report")
    )
    measure = models.ForeignKey(
        "charter.Measure",
        on_delete=models.PROTECT,
        related_name="progress",
        verbose_name=_("measure"),
    )
    status = models.CharField(_("status"), max_length=16, choices=Status.choices, blank=True)
    percent = models.PositiveSmallIntegerField(
        _("progress (%)"), null=True, blank=True, validators=[MaxValueValidator(100)]
    )
    comment = models.TextField(_("comment"), blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("progress on a commitment")
        verbose_name_plural = _("progress on commitments")
        ordering = ["report", "measure__axis__number", "measure__code"]
        constraints = [
            models.UniqueConstraint(
                fields=["report", "measure"], name="one_progress_per_report_and_measure"
            ),
            models.CheckConstraint(
                condition=models.Q(percent__isnull=True) | models.Q(percent__lte=100),
                name="progress_percent_at_most_100",
                violation_error_message=_("Progress goes from 0 to 100%%."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.report} · {self.measure.code}"


class IndicatorValue(models.Model):
    """A report's value for one indicator, in the column that suits its type, so that
    sums and shares are computed by the database."""

    report = models.ForeignKey(
        Report, on_delete=models.PROTECT, related_name="values", verbose_name=_("report")
    )
    indicator = models.ForeignKey(
        "charter.Indicator",
        on_delete=models.PROTECT,
        related_name="values",
        verbose_name=_("indicator"),
    )
    number = models.DecimalField(
        _("number"), max_digits=14, decimal_places=2, null=True, blank=True
    )
    boolean = models.BooleanField(_("yes / no"), null=True, blank=True)
    text = models.TextField(_("text"), blank=True)
    date = models.DateField(_("date"), null=True, blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("indicator value")
        verbose_name_plural = _("indicator values")
        ordering = ["report", "indicator"]
        constraints = [
            models.UniqueConstraint(
                fields=["report", "indicator"], name="one_value_per_report_and_indicator"
            )
        ]
        indexes = [models.Index(fields=["indicator", "report"], name="value_indicator_idx")]

    def __str__(self) -> str:
        return f"{self.report} · {self.indicator.code}"


def evidence_path(instance: "Evidence", filename: str) -> str:
    """A generated name: nothing of what the uploader typed reaches the file system."""
    extension = {"application/pdf": "pdf", "image/png": "png", "image/jpeg": "jpg"}.get(
        instance.content_type, "bin"
    )
    return f"evidence/{timezone.now():%Y/%m}/{uuid.uuid4().hex}.{extension}"


class EvidenceQuerySet(models.QuerySet["Evidence"]):
    def kept(self) -> "EvidenceQuerySet":
        """Files not removed: the ones a report lists and its company may download."""
        return self.filter(removed_at__isnull=True)


class Evidence(models.Model):
    """A file that backs an answer (a commitment's progress) or a certification. A file
    removed by the company is kept (``removed_at``): its history shows the removal."""

    company = models.ForeignKey(
        "signatories.Company",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="evidence",
        verbose_name=_("company"),
    )
    signatory = models.ForeignKey(
        "signatories.Signatory",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="evidence",
        verbose_name=_("signatory"),
    )
    progress = models.ForeignKey(
        Progress,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="evidence",
        verbose_name=_("progress on a commitment"),
    )
    certification = models.ForeignKey(
        "signatories.Certification",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="evidence",
        verbose_name=_("certification"),
    )
    file = models.FileField(_("file"), upload_to=evidence_path, max_length=200)
    original_name = models.CharField(_("file name"), max_length=200)
    content_type = models.CharField(_("type"), max_length=40)
    size = models.PositiveIntegerField(_("size (bytes)"))
    sha256 = models.CharField(_("SHA-256"), max_length=64)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("uploaded by"),
    )
    uploaded_at = models.DateTimeField(_("uploaded"), auto_now_add=True)
    removed_at = models.DateTimeField(_("removed"), null=True, blank=True)
    removed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("removed by"),
    )

    history = HistoricalRecords()
    objects = EvidenceQuerySet.as_manager()

    class Meta:
        verbose_name = _("evidence")
        verbose_name_plural = _("evidence")
        ordering = ["-uploaded_at"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(progress__isnull=False, certification__isnull=True)
                | models.Q(progress__isnull=True, certification__isnull=False),
                name="evidence_backs_one_thing",
                violation_error_message=_("Evidence backs a commitment or a certification."),
            ),
            models.CheckConstraint(
                condition=models.Q(company__isnull=False) | models.Q(signatory__isnull=False),
                name="evidence_has_an_owner",
            ),
        ]

    def __str__(self) -> str:
        return self.original_name

    @property
    def display_name(self) -> str:
        return PurePath(self.original_name).name

    @property
    def short_sha256(self) -> str:
        """The first characters of the file's SHA-256: tells apart two files of one name."""
        return self.sha256[:8]


class ReportEvent(models.Model):
    """The explicit log of a report's workflow: who did what, when, and why. A returned
    report's reason and the company's answer are the event's message."""

    class Action(models.TextChoices):
        SUBMITTED = "submitted", _("submitted")
        RETURNED = "returned", _("returned for changes")
        ANSWERED = "answered", _("answered the committee")
        RESUBMITTED = "resubmitted", _("submitted again")
        VALIDATED = "validated", _("validated")

    report = models.ForeignKey(
        Report, on_delete=models.PROTECT, related_name="events", verbose_name=_("report")
    )
    action = models.CharField(_("action"), max_length=12, choices=Action.choices)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("by"),
    )
    at = models.DateTimeField(_("when"), default=timezone.now)
    message = models.TextField(_("message"), blank=True)

    class Meta:
        verbose_name = _("report event")
        verbose_name_plural = _("report events")
        ordering = ["report", "at", "pk"]

    def __str__(self) -> str:
        return f"{self.report} · {self.get_action_display()}"


class ReviewComment(models.Model):
    """A committee member's remark on one commitment of a report, shown to the company."""

    progress = models.ForeignKey(
        Progress,
        on_delete=models.PROTECT,
        related_name="review_comments",
        verbose_name=_("progress on a commitment"),
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("author"),
    )
    text = models.TextField(_("comment"))
    created_at = models.DateTimeField(_("written"), auto_now_add=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("review comment")
        verbose_name_plural = _("review comments")
        ordering = ["progress", "created_at"]

    def __str__(self) -> str:
        return f"{self.progress} · {self.created_at:%Y-%m-%d}"


# --- The palmarès ------------------------------------------------------------------------


class ScoringMethod(models.Model):
    """A version of the palmarès's scoring method. Once a palmarès is published with it,
    the version is frozen: a change makes a new version."""

    version = models.PositiveIntegerField(_("version"), unique=True)
    name = models.CharField(_("name (French)"), max_length=150)
    name_en = models.CharField(_("name (English)"), max_length=150, blank=True)
    description = models.TextField(_("explanation (French)"), blank=True)
    description_en = models.TextField(_("explanation (English)"), blank=True)
    progress_weight = models.DecimalField(
        _("weight of the mean progress"),
        max_digits=6,
        decimal_places=2,
        default=1,
        help_text=_(
            "Inside each axis, the weight of the mean progress of the company's commitments "
            "against the weights of the indicators below."
        ),
    )
    applicability_rules = models.BooleanField(
        _("applicability and registry rules"),
        default=False,
        help_text=_(
            "Leave out of a company's score the criteria whose measure does not apply to it, "
            "and score a certification claimed in a report only when the certification "
            "registry holds it on the campaign's last day (from version 2)."
        ),
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("palmarès scoring method")
        verbose_name_plural = _("palmarès scoring methods")
        ordering = ["-version"]

    def __str__(self) -> str:
        return _("%(name)s (version %(version)s)") % {"name": self.name, "version": self.version}

    @property
    def is_frozen(self) -> bool:
        """Whether a published palmarès used this version: it can no longer change."""
        return self.publications.exists()


class AxisWeight(models.Model):
    method = models.ForeignKey(
        ScoringMethod,
        on_delete=models.CASCADE,
        related_name="axis_weights",
        verbose_name=_("method"),
    )
    axis = models.ForeignKey(
        "charter.Axis", on_delete=models.PROTECT, related_name="+", verbose_name=_("axis")
    )
    weight = models.DecimalField(_("weight"), max_digits=6, decimal_places=2, default=1)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("weight of an axis")
        verbose_name_plural = _("weights of the axes")
        ordering = ["method", "axis__number"]
        constraints = [
            models.UniqueConstraint(fields=["method", "axis"], name="one_weight_per_method_axis"),
            models.CheckConstraint(
                condition=models.Q(weight__gte=0), name="axis_weight_not_negative"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.axis}: {self.weight}"


class Criterion(models.Model):
    """An indicator that counts in the palmarès, and how its value becomes a score 0-100."""

    class Rule(models.TextChoices):
        HIGHER = "higher", _("the higher the better (a share, 0 to 100)")
        LOWER = "lower", _("the lower the better (a share, 0 to 100)")
        YES = "yes", _("'yes' scores 100, 'no' 0")
        NO = "no", _("'no' scores 100, 'yes' 0")

    method = models.ForeignKey(
        ScoringMethod, on_delete=models.CASCADE, related_name="criteria", verbose_name=_("method")
    )
    indicator = models.ForeignKey(
        "charter.Indicator", on_delete=models.PROTECT, related_name="+", verbose_name=_("indicator")
    )
    denominator = models.ForeignKey(
        "charter.Indicator",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("divided by"),
        help_text=_(
            "To score a share: the indicator is divided by this one and read as a percentage "
            "(jobs created in France divided by all jobs created)."
        ),
    )
    rule = models.CharField(_("rule"), max_length=8, choices=Rule.choices)
    weight = models.DecimalField(_("weight"), max_digits=6, decimal_places=2, default=1)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("criterion")
        verbose_name_plural = _("criteria")
        ordering = ["method", "indicator__measure__axis__number", "indicator__code"]
        constraints = [
            models.UniqueConstraint(
                fields=["method", "indicator"], name="one_criterion_per_method_indicator"
            ),
            models.CheckConstraint(
                condition=models.Q(weight__gte=0), name="criterion_weight_not_negative"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.indicator.code} ({self.get_rule_display()})"

    def clean(self) -> None:
        super().clean()
        from charter.models import Indicator

        if not self.indicator_id:
            return
        boolean = self.indicator.value_type == Indicator.ValueType.BOOLEAN
        if self.rule in (self.Rule.YES, self.Rule.NO) and not boolean:
            raise ValidationError({"rule": _("'Yes' and 'no' rules are for yes / no indicators.")})
        if self.rule in (self.Rule.HIGHER, self.Rule.LOWER) and not self.indicator.is_numeric:
            raise ValidationError({"rule": _("A share rule needs a number indicator.")})
        if self.denominator_id and not self.denominator.is_numeric:
            raise ValidationError({"denominator": _("Divide by a number indicator.")})


class PublicationQuerySet(models.QuerySet["Publication"]):
    def palmares(self) -> "PublicationQuerySet":
        return self.filter(kind=Publication.Kind.PALMARES)

    def barometer(self) -> "PublicationQuerySet":
        return self.filter(kind=Publication.Kind.BAROMETER)

    def current(self) -> "PublicationQuerySet":
        """Publications that still stand: neither superseded by a later version of the
        same campaign nor withdrawn."""
        return self.filter(superseded_by__isnull=True, withdrawn_at__isnull=True)


class Publication(models.Model):
    """A frozen snapshot of results the committee made public: its figures are copied at
    publication and never computed again, so later changes do not alter what was said."""

    class Kind(models.TextChoices):
        PALMARES = "palmares", _("palmarès")
        BAROMETER = "barometer", _("employment barometer")

    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    campaign = models.ForeignKey(
        Campaign, on_delete=models.PROTECT, related_name="publications", verbose_name=_("campaign")
    )
    method = models.ForeignKey(
        ScoringMethod,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="publications",
        verbose_name=_("scoring method"),
    )
    version = models.PositiveIntegerField(
        _("version"),
        default=1,
        help_text=_("Publishing the same campaign again makes its next version."),
    )
    provisional = models.BooleanField(
        _("provisional"),
        default=False,
        help_text=_(
            "Published before the campaign's deadline and grace period were over: its "
            "figures may still change."
        ),
    )
    data = models.JSONField(_("figures"), default=dict)
    # The companies counted in each group a barometer publication shows (group -> sorted
    # ids): never shown nor exported, kept so that a later version of the same campaign
    # hides a group whose companies differ by one or two (``followup.disclosure``).
    contributors = models.JSONField(_("contributors"), default=dict, blank=True, editable=False)
    published_at = models.DateTimeField(_("published"), default=timezone.now)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("published by"),
    )
    superseded_by = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("superseded by"),
    )
    withdrawn_at = models.DateTimeField(_("withdrawn"), null=True, blank=True)
    withdrawn_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("withdrawn by"),
    )
    withdrawal_reason = models.TextField(
        _("reason for the withdrawal"),
        blank=True,
        help_text=_("Shown on the public page in place of the figures."),
    )

    history = HistoricalRecords()
    objects = PublicationQuerySet.as_manager()

    class Meta:
        verbose_name = _("publication")
        verbose_name_plural = _("publications")
        ordering = ["-published_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(kind="barometer", method__isnull=True)
                | models.Q(kind="palmares", method__isnull=False),
                name="publication_method_for_palmares_only",
            ),
            models.UniqueConstraint(
                fields=["kind", "campaign", "version"],
                name="one_publication_per_kind_campaign_version",
            ),
            models.CheckConstraint(
                condition=models.Q(withdrawn_at__isnull=True, withdrawal_reason="")
                | (models.Q(withdrawn_at__isnull=False) & ~models.Q(withdrawal_reason="")),
                name="publication_withdrawn_with_a_reason",
            ),
        ]

    def __str__(self) -> str:
        return _("%(kind)s · %(campaign)s (version %(version)s)") % {
            "kind": self.get_kind_display(),
            "campaign": self.campaign,
            "version": self.version,
        }

    @property
    def is_withdrawn(self) -> bool:
        return self.withdrawn_at is not None

    @property
    def is_superseded(self) -> bool:
        return self.superseded_by_id is not None

    @property
    def is_current(self) -> bool:
        """Whether it still stands; ``PublicationQuerySet.current`` is the same rule in SQL."""
        return not (self.is_withdrawn or self.is_superseded)

    @property
    def public_url(self) -> str:
        """The public page that shows this publication, whatever its state: a superseded
        one is marked so, a withdrawn one shows its reason."""
        page = {
            self.Kind.BAROMETER: "followup:barometer_public",
            self.Kind.PALMARES: "followup:palmares_public",
        }[self.kind]
        return f"{reverse(page)}?publication={self.pk}"

    def public_facts(self) -> dict:
        """What open data says of the publication itself: its version, whether it is
        provisional, and the publication that superseded it (a withdrawn one serves no
        figures)."""
        return {
            "id": self.pk,
            "version": self.version,
            "published_at": self.published_at.isoformat(),
            "provisional": self.provisional,
            "superseded_by": self.superseded_by_id,
        }


# --- PDF documents ------------------------------------------------------------------------


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
