"""What was done: reporting campaigns, each company's (or signatory's, or the follow-up
committee's) report for a campaign, its answers per commitment and per indicator, evidence
files, and the log of the report's workflow."""

import datetime
import uuid
from pathlib import PurePath

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.history import HistoricalRecords


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
    reminder_days = models.CharField(
        _("reminders (days before the deadline)"),
        max_length=60,
        blank=True,
        default="30,14,3",
        help_text=_(
            "Numbers of days before the deadline on which the companies that have not "
            "submitted are reminded, separated by commas (such as 30,14,3); empty: none."
        ),
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
        try:
            self.reminder_days = ",".join(map(str, self.reminder_day_counts))
        except ValueError:
            errors["reminder_days"] = _(
                "Write whole numbers of days between 1 and 365 separated by commas, such as "
                "30,14,3."
            )
        if errors:
            raise ValidationError(errors)

    @property
    def reminder_day_counts(self) -> list[int]:
        """The days before the deadline on which reminders go, largest first, each once.
        Raises ValueError when ``reminder_days`` is not such a list (``clean`` says so)."""
        parts = [part.strip() for part in (self.reminder_days or "").split(",")]
        parts = [part for part in parts if part]
        if not all(part.isdigit() and 1 <= int(part) <= 365 for part in parts):
            raise ValueError(self.reminder_days)
        return sorted({int(part) for part in parts}, reverse=True)

    def reminders_due(self, today: datetime.date | None = None) -> list[tuple[str, int]]:
        """The reminders (kind, days before the deadline) due on ``today`` while the
        campaign accepts reports: the notice of its opening (from its opening day on, for a
        company not told yet); the latest reminder before the deadline whose day has come
        (one whose day falls before the opening is never sent, and a day missed is caught
        up until the next reminder's); on the last day of the grace period, its end. No
        query; ``Reminder.Kind`` names the kinds."""
        today = today or timezone.localdate()
        if not self.accepts_reports(today):
            return []
        due = [(Reminder.Kind.NOTICE, 0)]
        days = [
            n
            for n in self.reminder_day_counts
            if self.opens_on <= self.deadline - datetime.timedelta(days=n) <= today
        ]
        if days and today <= self.deadline:
            due.append((Reminder.Kind.BEFORE_DEADLINE, days[-1]))
        if today == self.closes_on:
            due.append((Reminder.Kind.GRACE_END, 0))
        return due

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

    def report_editable(self, report: "Report | None", today: datetime.date | None = None) -> bool:
        """Whether the company (or signatory) may still change its report for this
        campaign (``report`` None: not started yet): the campaign accepts reports and the
        report is a draft or returned. Who may write is the access helpers' business
        (``signatories.access.can_write``). No query."""
        return self.accepts_reports(today) and (report is None or report.is_open_to_reporter)

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
        submitted (``Report.COMMUNICATED``)."""
        return self.is_past_grace(today) and report_status not in Report.COMMUNICATED


class ReportQuerySet(models.QuerySet["Report"]):
    def communicated(self) -> "ReportQuerySet":
        """Reports sent to the committee: submitted, returned or validated, never a draft.
        The rule of ``Report.is_communicated``."""
        return self.filter(status__in=Report.COMMUNICATED)


class Report(models.Model):
    """One company's report for a campaign, one signatory's report on the measures it
    carries, or the follow-up committee's report on the measures bound to the committee as
    a whole (``committee``). ``version`` grows at every save and guards against overwriting
    a newer save."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("draft")
        SUBMITTED = "submitted", _("submitted")
        RETURNED = "returned", _("returned for changes")
        VALIDATED = "validated", _("validated")

    # The states of a report sent to the committee: its answers count in the figures, and
    # its company is not non-communicating. A draft has not been sent.
    COMMUNICATED = (Status.SUBMITTED, Status.RETURNED, Status.VALIDATED)

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
    committee = models.BooleanField(
        _("the follow-up committee's report"),
        default=False,
        help_text=_("The report on the measures bound to the committee as a whole."),
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
    objects = ReportQuerySet.as_manager()

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
            models.UniqueConstraint(
                fields=["campaign"],
                condition=models.Q(committee=True),
                name="one_committee_report_per_campaign",
                violation_error_message=_("The committee already has a report for this campaign."),
            ),
            models.CheckConstraint(
                condition=models.Q(company__isnull=False, signatory__isnull=True, committee=False)
                | models.Q(company__isnull=True, signatory__isnull=False, committee=False)
                | models.Q(company__isnull=True, signatory__isnull=True, committee=True),
                name="report_for_a_company_a_signatory_or_the_committee",
                violation_error_message=_(
                    "A report is for a company, for a signatory or for the committee."
                ),
            ),
        ]
        indexes = [models.Index(fields=["campaign", "status"], name="report_campaign_status_idx")]

    def __str__(self) -> str:
        return f"{self.subject} · {self.campaign}"

    @property
    def subject(self):
        """The company or the signatory that reports; for the committee, its name."""
        if self.committee:
            return _("the follow-up committee")
        return self.company or self.signatory

    @property
    def is_communicated(self) -> bool:
        """Whether the report was sent to the committee (``ReportQuerySet.communicated``)."""
        return self.status in self.COMMUNICATED

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
            # The part of clean()'s rule that every stored answer keeps; the rest (100% is
            # achieved, not applicable has no progress and a comment) is clean()'s alone.
            models.CheckConstraint(
                condition=models.Q(status="achieved", percent__isnull=False, percent=100)
                | models.Q(status="not_started", percent__isnull=False, percent=0)
                | ~models.Q(status__in=["achieved", "not_started"]),
                name="progress_percent_agrees_with_status",
                violation_error_message=_(
                    "An achieved commitment is at 100%% and one not started at 0%%."
                ),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.report} · {self.measure.code}"

    def clean(self) -> None:
        """The status and the progress agree: achieved is 100% and 100% is achieved, not
        started is 0%, not applicable has no progress and says why in the comment. An
        empty progress is filled in from the status (100 when achieved, 0 when not
        started); a not applicable one is emptied."""
        super().clean()
        errors = {}
        comment = (self.comment or "").strip()
        if self.status == self.Status.ACHIEVED:
            if self.percent is None:
                self.percent = 100
            elif self.percent != 100:
                errors["percent"] = ValidationError(
                    _("An achieved commitment is at 100%; change the status or the progress."),
                    code="achieved_below_100",
                )
        elif self.percent == 100:
            errors["percent"] = ValidationError(
                _("100% means achieved: choose the status 'achieved' or lower the progress."),
                code="100_not_achieved",
            )
        elif self.status == self.Status.NOT_STARTED:
            if self.percent:
                errors["percent"] = ValidationError(
                    _("A commitment not started is at 0%; change the status or the progress."),
                    code="not_started_above_0",
                )
            self.percent = 0
        elif self.status == self.Status.NOT_APPLICABLE:
            self.percent = None
            if not comment:
                errors["comment"] = ValidationError(
                    _("Say in the comment why this measure does not apply to you."),
                    code="not_applicable_unexplained",
                )
        if errors:
            raise ValidationError(errors)


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
            # A file of the committee's report has no company nor signatory: its answer
            # (``progress``) says whose it is.
            models.CheckConstraint(
                condition=models.Q(company__isnull=False)
                | models.Q(signatory__isnull=False)
                | models.Q(progress__isnull=False),
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
        CORRECTED = "corrected", _("status corrected by an administrator")

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


class Attestation(models.Model):
    """One side's answers, for one campaign, on the practices of measures 3.2 to 3.5 in one
    client–provider relation (``relations.Relation``). The provider's answers are
    confidential: only the committee reads both sides; a company reads its own side only
    (``followup.selectors.attestations``)."""

    class Answer(models.TextChoices):
        YES = "yes", _("yes")
        NO = "no", _("no")
        UNKNOWN = "unknown", _("not known")

    # The practices, in the order of their measures (3.2 to 3.5).
    PRACTICES = ("contributes_costs", "minimum_billing", "prices_follow_costs", "retro_discounts")
    MEASURES = dict(zip(PRACTICES, ("3.2", "3.3", "3.4", "3.5"), strict=True))
    # The indicator each practice's figure answers on a company's report: a share of
    # relations (3.2 to 3.4), or whether any relation had the practice (3.5).
    INDICATORS = dict(
        zip(
            PRACTICES,
            (
                "contract_costs_shared_share",
                "billing_minimum_share",
                "price_review_clause_share",
                "retroactive_discounts_asked",
            ),
            strict=True,
        )
    )
    # The answer that keeps the charter's commitment: the practice is followed (3.2 to
    # 3.4), retroactive discounts are not (3.5).
    KEPT = {**dict.fromkeys(PRACTICES, "yes"), "retro_discounts": "no"}

    relation = models.ForeignKey(
        "relations.Relation",
        on_delete=models.PROTECT,
        related_name="attestations",
        verbose_name=_("relation"),
    )
    campaign = models.ForeignKey(
        Campaign, on_delete=models.PROTECT, related_name="attestations", verbose_name=_("campaign")
    )
    side = models.CharField(
        _("side"),
        max_length=8,
        choices=[("client", _("client")), ("provider", _("provider"))],
    )
    contributes_costs = models.CharField(
        _("3.2 The client contributes to the costs the contract requires"),
        max_length=7,
        choices=Answer.choices,
    )
    minimum_billing = models.CharField(
        _("3.3 A minimum billing is guaranteed to the provider"),
        max_length=7,
        choices=Answer.choices,
    )
    prices_follow_costs = models.CharField(
        _("3.4 Prices follow external cost factors"), max_length=7, choices=Answer.choices
    )
    retro_discounts = models.CharField(
        _("3.5 Retroactive end-of-year discounts were asked or granted"),
        max_length=7,
        choices=Answer.choices,
    )
    comment = models.TextField(_("comment"), blank=True)
    updated_at = models.DateTimeField(_("last saved"), auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("last saved by"),
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("attestation on a relation")
        verbose_name_plural = _("attestations on relations")
        ordering = ["campaign", "relation", "side"]
        constraints = [
            models.UniqueConstraint(
                fields=["relation", "campaign", "side"],
                name="one_attestation_per_relation_campaign_and_side",
                violation_error_message=_(
                    "This side has already answered for this relation and campaign."
                ),
            ),
            models.CheckConstraint(
                condition=models.Q(side__in=("client", "provider")),
                name="attestation_side_is_client_or_provider",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.relation} · {self.campaign} · {self.get_side_display()}"

    def answers(self) -> list[tuple[str, str]]:
        """(practice, answer) in the order of the measures. No query."""
        return [(practice, getattr(self, practice)) for practice in self.PRACTICES]

    @classmethod
    def disagreement(cls, client: "Attestation | None", provider: "Attestation | None") -> list:
        """The practices on which the two sides' answers differ (both answered, and the
        answers are not the same, "not known" included), in the order of the measures; empty
        when a side has not answered. The one rule of a disagreement. No query."""
        if client is None or provider is None:
            return []
        return [p for p in cls.PRACTICES if getattr(client, p) != getattr(provider, p)]


class Settlement(models.Model):
    """The committee's note of how a disagreement on a relation, for a campaign, was
    settled. Notes are added, never replaced: the latest is the standing one."""

    relation = models.ForeignKey(
        "relations.Relation",
        on_delete=models.PROTECT,
        related_name="settlements",
        verbose_name=_("relation"),
    )
    campaign = models.ForeignKey(
        Campaign, on_delete=models.PROTECT, related_name="settlements", verbose_name=_("campaign")
    )
    text = models.TextField(_("how it was settled"))
    written_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("written by"),
    )
    written_at = models.DateTimeField(_("written"), auto_now_add=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("settlement of a disagreement")
        verbose_name_plural = _("settlements of disagreements")
        ordering = ["-written_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.relation} · {self.campaign}"


class Reminder(models.Model):
    """An e-mail sent to a company's contributors about a campaign: the notice of its
    opening, a reminder before the deadline, the end of the grace period. Recorded once
    sent, so that the daily ``send_reminders`` never sends it twice."""

    class Kind(models.TextChoices):
        NOTICE = "notice", _("the campaign is open")
        BEFORE_DEADLINE = "before_deadline", _("reminder before the deadline")
        GRACE_END = "grace_end", _("the grace period ends")

    campaign = models.ForeignKey(
        Campaign, on_delete=models.PROTECT, related_name="reminders", verbose_name=_("campaign")
    )
    company = models.ForeignKey(
        "signatories.Company",
        on_delete=models.PROTECT,
        related_name="reminders",
        verbose_name=_("company"),
    )
    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices)
    days_before = models.PositiveSmallIntegerField(_("days before the deadline"), default=0)
    sent_at = models.DateTimeField(_("date sent"), default=timezone.now)

    class Meta:
        verbose_name = _("reminder")
        verbose_name_plural = _("reminders")
        ordering = ["campaign", "company", "sent_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["campaign", "company", "kind", "days_before"],
                name="one_reminder_of_a_kind_per_company_and_campaign",
            )
        ]

    def __str__(self) -> str:
        return f"{self.company} · {self.campaign} · {self.get_kind_display()}"
