"""The published results: the palmarès's scoring method (versioned, with its axis weights
and criteria) and the frozen publications of the barometer and the palmarès.

The tables keep the names they had in the followup app, where these models began."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.history import HistoricalRecords
from followup.models import Campaign

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
    attested_relations = models.BooleanField(
        _("axis 3 from the relations' attestations"),
        default=False,
        help_text=_(
            "Leave out of a company's score the criteria and progress of measures 3.2 to "
            "3.5 when it attested no client–provider relation for the campaign, instead of "
            "counting zero (from version 3)."
        ),
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    history = HistoricalRecords(table_name="followup_historicalscoringmethod")

    class Meta:
        db_table = "followup_scoringmethod"
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

    history = HistoricalRecords(table_name="followup_historicalaxisweight")

    class Meta:
        db_table = "followup_axisweight"
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

    history = HistoricalRecords(table_name="followup_historicalcriterion")

    class Meta:
        db_table = "followup_criterion"
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

    def scorecards(self) -> "PublicationQuerySet":
        return self.filter(kind=Publication.Kind.SCORECARDS)

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
        SCORECARDS = "scorecards", _("signatories' scorecards")

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

    history = HistoricalRecords(table_name="followup_historicalpublication")
    objects = PublicationQuerySet.as_manager()

    class Meta:
        db_table = "followup_publication"
        verbose_name = _("publication")
        verbose_name_plural = _("publications")
        ordering = ["-published_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(kind__in=("barometer", "scorecards"), method__isnull=True)
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
            self.Kind.BAROMETER: "results:barometer_public",
            self.Kind.PALMARES: "results:palmares_public",
            self.Kind.SCORECARDS: "results:scorecards_public",
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
