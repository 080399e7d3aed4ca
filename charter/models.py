"""What was promised: the charter, its axes, their measures and the indicators that follow
each measure. Loaded from the real charter by a data migration and kept in the admin."""

import re
import uuid

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.db import models
from django.db.models.functions import Length
from django.utils import timezone
from django.utils.translation import gettext, pgettext_lazy
from django.utils.translation import gettext_lazy as _

from core.history import HistoricalRecords
from core.uploads import check_size, clean_file_name, sniff

from .translation import Translated, is_english

AXIS_COUNT = 5


class Charter(models.Model):
    title = models.CharField(_("title (French)"), max_length=300)
    title_en = models.CharField(_("title (English)"), max_length=300, blank=True)
    short_title = models.CharField(_("short title (French)"), max_length=120)
    short_title_en = models.CharField(_("short title (English)"), max_length=120, blank=True)
    signed_on = models.DateField(_("date signed"))
    summary = models.TextField(_("summary (French)"), blank=True)
    summary_en = models.TextField(_("summary (English)"), blank=True)

    history = HistoricalRecords()

    title_i18n = Translated("title")
    short_title_i18n = Translated("short_title")
    summary_i18n = Translated("summary")

    class Meta:
        verbose_name = _("charter")
        verbose_name_plural = _("charters")
        ordering = ["-signed_on"]

    def __str__(self) -> str:
        return self.short_title_i18n


class Axis(models.Model):
    charter = models.ForeignKey(
        Charter, on_delete=models.PROTECT, related_name="axes", verbose_name=_("charter")
    )
    number = models.PositiveSmallIntegerField(
        _("number"),
        validators=[MinValueValidator(1), MaxValueValidator(AXIS_COUNT)],
        help_text=_("From 1 to 5, once per charter."),
    )
    title = models.CharField(_("title (French)"), max_length=200)
    title_en = models.CharField(_("title (English)"), max_length=200, blank=True)
    summary = models.CharField(_("summary (French)"), max_length=400, blank=True)
    summary_en = models.CharField(_("summary (English)"), max_length=400, blank=True)
    description = models.TextField(_("description (French)"), blank=True)
    description_en = models.TextField(_("description (English)"), blank=True)

    history = HistoricalRecords()

    title_i18n = Translated("title")
    summary_i18n = Translated("summary")
    description_i18n = Translated("description")

    class Meta:
        verbose_name = _("axis")
        verbose_name_plural = _("axes")
        ordering = ["charter", "number"]
        constraints = [
            models.UniqueConstraint(
                fields=["charter", "number"],
                name="axis_number_unique_per_charter",
                violation_error_message=_("This charter already has an axis with this number."),
            ),
            models.CheckConstraint(
                condition=models.Q(number__gte=1, number__lte=AXIS_COUNT),
                name="axis_number_between_1_and_5",
                violation_error_message=_("An axis number goes from 1 to 5."),
            ),
        ]

    def __str__(self) -> str:
        return _("Axis %(number)s: %(title)s") % {"number": self.number, "title": self.title_i18n}


class MeasureQuerySet(models.QuerySet["Measure"]):
    def active(self) -> "MeasureQuerySet":
        return self.filter(active=True)

    def for_companies(self) -> "MeasureQuerySet":
        """Measures that bind every adhering company."""
        return self.filter(bound=Measure.Bound.COMPANIES)

    def mandatory_for_companies(self) -> "MeasureQuerySet":
        """Measures that apply to every adhering company (the company may only claim,
        with a justification, that one does not apply)."""
        return self.for_companies().filter(optional=False)

    def for_signatory(self, signatory) -> "MeasureQuerySet":
        return self.filter(owner=signatory)


MEASURE_CODE_RE = re.compile(r"^(\d)\.(\d{1,2})$")


class Measure(models.Model):
    class Bound(models.TextChoices):
        COMPANIES = "companies", _("every adhering company")
        SIGNATORY = "signatory", _("one signatory")
        COMMITTEE = "committee", _("the follow-up committee (every signatory)")

    axis = models.ForeignKey(
        Axis, on_delete=models.PROTECT, related_name="measures", verbose_name=_("axis")
    )
    code = models.CharField(
        _("code"),
        max_length=5,
        validators=[
            RegexValidator(
                MEASURE_CODE_RE,
                _("Write the code as the axis number, a dot and a number, such as 1.4."),
            )
        ],
        help_text=_("The axis number, a dot and the measure's number, such as 1.4."),
    )
    title = models.CharField(_("title (French)"), max_length=300)
    title_en = models.CharField(_("title (English)"), max_length=300, blank=True)
    description = models.TextField(_("description (French)"), blank=True)
    description_en = models.TextField(_("description (English)"), blank=True)
    bound = models.CharField(
        _("who is bound"),
        max_length=10,
        choices=Bound.choices,
        default=Bound.COMPANIES,
        help_text=_("Every adhering company, one signatory, or the committee as a whole."),
    )
    owner = models.ForeignKey(
        "signatories.Signatory",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="owned_measures",
        verbose_name=_("owned by"),
        help_text=_("The signatory that carries the measure, when one signatory is bound."),
    )
    active = models.BooleanField(
        _("active"),
        default=True,
        help_text=_("An inactive measure is no longer offered to companies or reported on."),
    )
    optional = models.BooleanField(
        _("optional"),
        default=False,
        help_text=_(
            "Only for a measure that binds every adhering company. A measure that is not "
            "optional applies to every adhering company, which can only claim that it does "
            "not apply, with a justification the committee reviews; an optional measure is "
            "one a company chooses to commit to."
        ),
    )
    history = HistoricalRecords()
    objects = MeasureQuerySet.as_manager()

    title_i18n = Translated("title")
    description_i18n = Translated("description")

    class Meta:
        verbose_name = _("measure")
        verbose_name_plural = _("measures")
        # 1.10 after 1.9: shorter codes first, then in order.
        ordering = ["axis__number", Length("code"), "code"]
        constraints = [
            models.UniqueConstraint(
                fields=["axis", "code"],
                name="measure_code_unique_per_axis",
                violation_error_message=_("This axis already has a measure with this code."),
            ),
            models.CheckConstraint(
                condition=models.Q(bound="signatory", owner__isnull=False)
                | (~models.Q(bound="signatory") & models.Q(owner__isnull=True)),
                name="measure_owner_iff_bound_to_signatory",
                violation_error_message=_(
                    "A measure has an owning signatory exactly when one signatory is bound."
                ),
            ),
            models.CheckConstraint(
                condition=models.Q(optional=False) | models.Q(bound="companies"),
                name="measure_optional_only_for_companies",
                violation_error_message=_(
                    "Only a measure that binds every adhering company can be optional."
                ),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.title_i18n}"

    def clean(self) -> None:
        super().clean()
        if self.bound == self.Bound.SIGNATORY and not self.owner_id:
            raise ValidationError({"owner": _("Choose the signatory that carries this measure.")})
        if self.bound != self.Bound.SIGNATORY and self.owner_id:
            raise ValidationError(
                {"owner": _("Only a measure bound to one signatory has an owner; empty this.")}
            )
        if self.optional and self.bound != self.Bound.COMPANIES:
            raise ValidationError(
                {
                    "optional": _(
                        "Only a measure that binds every adhering company can be optional; "
                        "untick this."
                    )
                }
            )
        match = MEASURE_CODE_RE.match(self.code or "")
        if match and self.axis_id and int(match.group(1)) != self.axis.number:
            raise ValidationError(
                {
                    "code": _(
                        "The code must start with the number of its axis (%(number)s), "
                        "such as %(number)s.1."
                    )
                    % {"number": self.axis.number}
                }
            )

    @property
    def binds_companies(self) -> bool:
        return self.bound == self.Bound.COMPANIES

    @property
    def bound_display(self) -> str:
        """Who keeps the measure, in words: a signatory's name or the bound group."""
        if self.bound == self.Bound.SIGNATORY and self.owner:
            return f"{self.owner.name_i18n} ({self.owner.acronym})"
        return str(self.get_bound_display())


class Indicator(models.Model):
    class ValueType(models.TextChoices):
        INTEGER = "integer", _("whole number")
        DECIMAL = "decimal", _("decimal number")
        PERCENTAGE = "percentage", _("percentage")
        BOOLEAN = "boolean", _("yes / no")
        CHOICE = "choice", _("choice in a list")
        TEXT = "text", _("text")
        DATE = "date", _("date")

    class Direction(models.TextChoices):
        HIGHER = "higher", _("higher is better")
        LOWER = "lower", _("lower is better")
        NEUTRAL = "neutral", _("neither")

    measure = models.ForeignKey(
        Measure, on_delete=models.PROTECT, related_name="indicators", verbose_name=_("measure")
    )
    code = models.SlugField(
        _("code"),
        max_length=60,
        unique=True,
        help_text=_(
            "Stable identifier used by exports and cross-checks, such as jobs_created_france. "
            "Lower-case letters, digits and underscores."
        ),
    )
    label = models.CharField(_("label (French)"), max_length=300)
    label_en = models.CharField(_("label (English)"), max_length=300, blank=True)
    help_text = models.TextField(_("help text (French)"), blank=True)
    help_text_en = models.TextField(_("help text (English)"), blank=True)
    value_type = models.CharField(_("type of value"), max_length=12, choices=ValueType.choices)
    unit = models.CharField(_("unit (French)"), max_length=40, blank=True)
    unit_en = models.CharField(_("unit (English)"), max_length=40, blank=True)
    direction = models.CharField(
        _("direction"), max_length=8, choices=Direction.choices, default=Direction.NEUTRAL
    )
    required = models.BooleanField(
        _("required"),
        default=False,
        help_text=_("A report cannot be submitted while a required indicator is unanswered."),
    )
    choices = models.TextField(
        _("choices"),
        blank=True,
        help_text=_(
            "Only for a choice in a list: one option a line, written "
            "code | French label | English label."
        ),
    )
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    not_above = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("not above"),
        help_text=_(
            "Another indicator that this one can never exceed in a report, such as the jobs "
            "created in all for the jobs created in France."
        ),
    )

    history = HistoricalRecords()

    label_i18n = Translated("label")
    help_text_i18n = Translated("help_text")
    unit_i18n = Translated("unit")

    class Meta:
        verbose_name = _("indicator")
        verbose_name_plural = _("indicators")
        ordering = ["measure__axis__number", Length("measure__code"), "measure__code", "position"]

    def __str__(self) -> str:
        return f"{self.measure.code} {self.label_i18n}"

    def parsed_choices(self) -> list[tuple[str, str, str]]:
        """The options as (code, French label, English label); raises ValueError on a bad line."""
        options = []
        for number, line in enumerate(self.choices.splitlines(), start=1):
            if not line.strip():
                continue
            parts = [part.strip() for part in line.split("|")]
            if len(parts) not in (2, 3) or not all(parts[:2]):
                raise ValueError(number)
            code, french = parts[0], parts[1]
            english = parts[2] if len(parts) == 3 and parts[2] else french
            options.append((code, french, english))
        return options

    def choice_list(self) -> list[tuple[str, str]]:
        """The options as (code, label in the active language), for a form's select."""
        english = is_english()
        return [(code, en if english else fr) for code, fr, en in self.parsed_choices()]

    def clean(self) -> None:
        super().clean()
        if self.value_type == self.ValueType.CHOICE:
            try:
                options = self.parsed_choices()
            except ValueError as error:
                raise ValidationError(
                    {
                        "choices": _(
                            "Line %(line)s is not written code | French label | English label."
                        )
                        % {"line": error.args[0]}
                    }
                ) from error
            codes = [code for code, _fr, _en in options]
            if len(options) < 2:
                raise ValidationError(
                    {"choices": _("A choice in a list needs at least two options, one a line.")}
                )
            if len(set(codes)) != len(codes):
                raise ValidationError({"choices": _("Two options have the same code.")})
        elif self.choices.strip():
            raise ValidationError(
                {"choices": _("Options are only for the type 'choice in a list'; empty this.")}
            )
        if self.not_above_id and (self.not_above_id == self.pk or not self.is_numeric):
            raise ValidationError(
                {"not_above": _("Only a number can be capped, and by another indicator.")}
            )
        if self.value_type == self.ValueType.PERCENTAGE and self.unit not in ("", "%"):
            raise ValidationError({"unit": _("A percentage has % as its unit; empty this.")})

    @property
    def is_numeric(self) -> bool:
        return self.value_type in {
            self.ValueType.INTEGER,
            self.ValueType.DECIMAL,
            self.ValueType.PERCENTAGE,
        }


def working_paper_path(instance: "WorkingPaperVersion", filename: str) -> str:
    """A generated name: nothing of what the uploader typed reaches the file system."""
    return f"working-papers/{timezone.now():%Y/%m}/{uuid.uuid4().hex}.pdf"


def validate_pdf(file) -> None:
    """A newly sent file must be a PDF (by its content and its name), not empty, and no
    larger than EVIDENCE_MAX_BYTES, like the evidence companies send. A file already
    stored is not read again."""
    if getattr(file, "_committed", True):
        return
    name = clean_file_name(file.name)
    check_size(name, file.size)
    file.seek(0)
    head = file.read(16)
    file.seek(0)
    if sniff(head) != "application/pdf" or not name.lower().endswith(".pdf"):
        raise ValidationError(
            gettext(
                "“%(name)s” is not a PDF file. Export the document as PDF (its name "
                "ending in .pdf) and send it again."
            )
            % {"name": name},
            code="bad_type",
        )


class WorkingPaperQuerySet(models.QuerySet["WorkingPaper"]):
    def published(self) -> "WorkingPaperQuerySet":
        return self.filter(status=WorkingPaper.Status.PUBLISHED)


class WorkingPaper(models.Model):
    """The committee's document for a measure, such as its paper on durable contract
    practices for measure 3.1: kept in versions, adopted on a date, then published on the
    measure's axis page."""

    class Status(models.TextChoices):
        DRAFT = "draft", pgettext_lazy("working paper", "draft")
        ADOPTED = "adopted", pgettext_lazy("working paper", "adopted")
        PUBLISHED = "published", pgettext_lazy("working paper", "published")

    measure = models.ForeignKey(
        Measure, on_delete=models.PROTECT, related_name="working_papers", verbose_name=_("measure")
    )
    title = models.CharField(_("title (French)"), max_length=300)
    title_en = models.CharField(_("title (English)"), max_length=300, blank=True)
    status = models.CharField(
        _("status"),
        max_length=10,
        choices=Status.choices,
        default=Status.DRAFT,
        help_text=_(
            "A draft is being written; an adopted paper has been approved by the committee; "
            "a published one is shown on its axis page, with its latest version."
        ),
    )
    adopted_on = models.DateField(
        _("adoption date"),
        null=True,
        blank=True,
        help_text=_("The day the committee adopted the paper; empty while it is a draft."),
    )

    history = HistoricalRecords()
    objects = WorkingPaperQuerySet.as_manager()

    title_i18n = Translated("title")

    class Meta:
        verbose_name = _("working paper")
        verbose_name_plural = _("working papers")
        ordering = ["measure__axis__number", Length("measure__code"), "measure__code", "title"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(status="draft", adopted_on__isnull=True)
                | (~models.Q(status="draft") & models.Q(adopted_on__isnull=False)),
                name="working_paper_adoption_date_iff_adopted",
                violation_error_message=_(
                    "An adopted or published paper has an adoption date; a draft has none."
                ),
            ),
            models.UniqueConstraint(
                fields=["measure"],
                condition=models.Q(status="published"),
                name="working_paper_one_published_per_measure",
                violation_error_message=_(
                    "This measure already has a published working paper. Set that one back "
                    "to adopted first."
                ),
            ),
        ]

    def __str__(self) -> str:
        return self.title_i18n

    def clean(self) -> None:
        super().clean()
        if self.status == self.Status.DRAFT:
            if self.adopted_on:
                raise ValidationError(
                    {
                        "adopted_on": _(
                            "A draft has no adoption date yet: empty it, or choose the "
                            "status adopted."
                        )
                    }
                )
            return
        if not self.adopted_on:
            raise ValidationError(
                {
                    "adopted_on": _(
                        "An adopted or published paper needs the day the committee adopted it."
                    )
                }
            )
        if self.adopted_on > timezone.localdate():
            raise ValidationError(
                {
                    "adopted_on": _(
                        "The adoption date is in the future: give the day the committee "
                        "adopted the paper, or keep it a draft until then."
                    )
                }
            )


class WorkingPaperVersion(models.Model):
    """One version of a working paper: its file and a summary of what it says."""

    paper = models.ForeignKey(
        WorkingPaper,
        on_delete=models.PROTECT,
        related_name="versions",
        verbose_name=_("working paper"),
    )
    number = models.PositiveSmallIntegerField(
        _("version"),
        help_text=_("1 for the first version, then higher than every earlier one."),
    )
    file = models.FileField(
        _("file (PDF)"), upload_to=working_paper_path, max_length=200, validators=[validate_pdf]
    )
    summary = models.TextField(_("summary (French)"))
    summary_en = models.TextField(_("summary (English)"), blank=True)
    created_at = models.DateTimeField(_("added"), auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
        verbose_name=_("added by"),
    )

    history = HistoricalRecords()

    summary_i18n = Translated("summary")

    class Meta:
        verbose_name = _("working paper version")
        verbose_name_plural = _("working paper versions")
        ordering = ["paper", "-number"]
        constraints = [
            models.UniqueConstraint(
                fields=["paper", "number"],
                name="working_paper_version_number_unique",
                violation_error_message=_("This paper already has a version with this number."),
            ),
            models.CheckConstraint(
                condition=models.Q(number__gte=1),
                name="working_paper_version_number_from_1",
                violation_error_message=_("A version number starts at 1."),
            ),
        ]

    def __str__(self) -> str:
        return gettext("%(paper)s, version %(number)s") % {
            "paper": self.paper,
            "number": self.number,
        }

    def clean(self) -> None:
        super().clean()
        if self.pk is None and self.paper_id and self.number:
            highest = (
                WorkingPaperVersion.objects.filter(paper_id=self.paper_id).aggregate(
                    models.Max("number")
                )["number__max"]
                or 0
            )
            if self.number <= highest:
                raise ValidationError(
                    {
                        "number": _(
                            "A new version comes after the latest one (%(highest)s): "
                            "number it %(next)s or more."
                        )
                        % {"highest": highest, "next": highest + 1}
                    }
                )

    @property
    def download_name(self) -> str:
        return f"document-de-travail-{self.paper.measure.code}-v{self.number}.pdf"
