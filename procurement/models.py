"""The register of public contracts (axis 4): each contract for customer-relations
services that a public buyer awarded, and whether its provider held the Social
Responsibility Label on the award date, as the certification registry said when the
contract was recorded."""

import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.history import HistoricalRecords
from signatories.models import Certification, Company, Signatory
from signatories.validators import grouped_siren, normalize_siren, validate_siren

# The charter was signed on this day: no contract of the register is older.
CHARTER_SIGNED_ON = datetime.date(2010, 11, 9)


def buyers() -> "models.QuerySet[Signatory]":
    """The signatories that award public contracts: those of the public-authority college
    (the State; public buyers that sign later join the same college)."""
    return Signatory.objects.filter(college=Signatory.College.PUBLIC_AUTHORITY)


def is_buyer(signatory: Signatory) -> bool:
    """Whether ``signatory`` awards public contracts (the rule of ``buyers``). No query."""
    return signatory.college == Signatory.College.PUBLIC_AUTHORITY


class PublicContractQuerySet(models.QuerySet["PublicContract"]):
    def awarded_between(self, start: datetime.date, end: datetime.date) -> "PublicContractQuerySet":
        """Contracts awarded from ``start`` to ``end``, both included (a campaign's period)."""
        return self.filter(awarded_on__gte=start, awarded_on__lte=end)


class PublicContract(models.Model):
    class ValueBand(models.TextChoices):
        UNDER_40K = "under_40k", _("under €40,000 excl. VAT")
        TO_215K = "40k_215k", _("€40,000 to €215,000 excl. VAT")
        TO_1M = "215k_1m", _("€215,000 to €1 million excl. VAT")
        OVER_1M = "over_1m", _("over €1 million excl. VAT")

    class NoLabelReason(models.TextChoices):
        NO_LABELLED_BIDDER = "no_labelled_bidder", _("no labelled provider bid")
        BELOW_THRESHOLD = "below_threshold", _("lot below the threshold")
        OTHER = "other", _("other reason")

    buyer = models.ForeignKey(
        Signatory,
        on_delete=models.PROTECT,
        related_name="public_contracts",
        verbose_name=_("buyer"),
        limit_choices_to={"college": Signatory.College.PUBLIC_AUTHORITY},
    )
    reference = models.CharField(
        _("reference"),
        max_length=80,
        help_text=_("The buyer's reference for the contract, unique among its contracts."),
    )
    subject = models.CharField(_("object of the contract"), max_length=300)
    awarded_on = models.DateField(_("award date"))
    duration_months = models.PositiveSmallIntegerField(
        _("duration (months)"), validators=[MinValueValidator(1), MaxValueValidator(240)]
    )
    value_band = models.CharField(_("value"), max_length=12, choices=ValueBand.choices)
    provider_siren = models.CharField(
        _("provider's SIREN"),
        max_length=9,
        validators=[validate_siren],
        help_text=_("The 9 digits of the provider's SIREN number, spaces allowed."),
    )
    provider = models.ForeignKey(
        Company,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="public_contracts",
        verbose_name=_("provider in the base"),
    )
    provider_name = models.CharField(
        _("provider's name"),
        max_length=200,
        blank=True,
        help_text=_("Only needed when the provider is not a company of the base."),
    )
    # The verdict, settled when the contract is recorded (and again only when its provider
    # or award date changes): later changes to the certifications never alter it.
    labelled = models.BooleanField(_("labelled on the award date"), default=False, editable=False)
    label_number = models.CharField(
        _("label certificate"), max_length=80, blank=True, editable=False
    )
    no_label_reason = models.CharField(
        _("why a provider without the label"),
        max_length=20,
        choices=NoLabelReason.choices,
        blank=True,
    )
    no_label_detail = models.CharField(
        _("the other reason"),
        max_length=500,
        blank=True,
        help_text=_("Only when the reason is 'other reason'."),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("recorded by"),
    )
    created_at = models.DateTimeField(_("recorded"), auto_now_add=True)
    updated_at = models.DateTimeField(_("last changed"), auto_now=True)

    history = HistoricalRecords()
    objects = PublicContractQuerySet.as_manager()

    class Meta:
        verbose_name = _("public contract")
        verbose_name_plural = _("public contracts")
        ordering = ["-awarded_on", "reference"]
        indexes = [models.Index(fields=["buyer", "awarded_on"], name="contract_buyer_awarded_idx")]
        constraints = [
            models.UniqueConstraint(
                fields=["buyer", "reference"],
                name="contract_reference_unique_per_buyer",
                violation_error_message=_("This buyer already has a contract with this reference."),
            ),
            models.CheckConstraint(
                condition=models.Q(awarded_on__gte=CHARTER_SIGNED_ON),
                name="contract_awarded_since_the_charter",
                violation_error_message=_(
                    "A contract of the register is awarded from 9 November 2010."
                ),
            ),
            models.CheckConstraint(
                condition=models.Q(labelled=True, no_label_reason="")
                | models.Q(labelled=False) & ~models.Q(no_label_reason=""),
                name="contract_reason_exactly_without_label",
                violation_error_message=_(
                    "A contract to a provider without the label says why; one with it does not."
                ),
            ),
            models.CheckConstraint(
                condition=~models.Q(provider__isnull=True, provider_name=""),
                name="contract_provider_named",
                violation_error_message=_("Name the provider."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.reference} ({self.buyer})"

    @property
    def provider_label(self) -> str:
        """The provider's name: the company's in the base, else the name typed."""
        return self.provider.legal_name if self.provider else self.provider_name

    @property
    def provider_siren_display(self) -> str:
        return grouped_siren(self.provider_siren)

    @staticmethod
    def label_on(provider: Company | None, day: datetime.date) -> Certification | None:
        """The provider's Social Responsibility Label that counts on ``day`` in the
        certification registry (``Certification.objects.current_on``), if any. One query."""
        if provider is None:
            return None
        return (
            Certification.objects.current_on(day)
            .filter(company=provider, scheme=Certification.Scheme.LRS)
            .order_by("-valid_until")
            .first()
        )

    def _verdict_due(self) -> bool:
        """Whether the verdict is to be settled: a new contract, or one whose provider or
        award date changed. One query for a stored contract."""
        if self.pk is None:
            return True
        stored = (
            PublicContract.objects.filter(pk=self.pk)
            .values_list("provider_siren", "awarded_on")
            .first()
        )
        return stored != (self.provider_siren, self.awarded_on)

    def settle_verdict(self) -> None:
        """Find the provider in the base by its SIREN and, when due, say whether it held
        the label on the award date; a labelled provider needs no reason."""
        self.provider = Company.objects.holding_siren(self.provider_siren)
        if self.provider is not None:
            self.provider_name = ""
        if self._verdict_due():
            label = self.label_on(self.provider, self.awarded_on)
            self.labelled = label is not None
            self.label_number = label.number if label else ""
        if self.labelled:
            self.no_label_reason, self.no_label_detail = "", ""

    def clean_fields(self, exclude=None) -> None:
        self.provider_siren = normalize_siren(self.provider_siren or "")
        super().clean_fields(exclude)

    def clean(self) -> None:
        """The award date is neither in the future nor before the charter; the provider is
        named; the verdict is settled, and a contract without the label says why."""
        super().clean()
        errors = {}
        if self.awarded_on:
            if self.awarded_on > timezone.localdate():
                errors["awarded_on"] = _(
                    "The award date cannot be in the future: record the contract once awarded."
                )
            elif self.awarded_on < CHARTER_SIGNED_ON:
                errors["awarded_on"] = _(
                    "The register starts with the charter: enter an award date from "
                    "9 November 2010."
                )
        try:
            validate_siren(self.provider_siren or "")
        except ValidationError:
            siren_wrong = True  # clean_fields says why
        else:
            siren_wrong = False
        if errors or siren_wrong or not self.awarded_on:
            raise ValidationError(errors)
        self.settle_verdict()
        self.provider_name = " ".join(self.provider_name.split())
        if self.provider is None and not self.provider_name:
            errors["provider_name"] = _(
                "No company of the base has this SIREN: check it, or type the provider's "
                "name to record it as it is."
            )
        if not self.labelled:
            if not self.no_label_reason:
                errors["no_label_reason"] = _(
                    "The provider held no current Social Responsibility Label on the award "
                    "date: choose why the contract went to it."
                )
            elif (
                self.no_label_reason == self.NoLabelReason.OTHER
                and not self.no_label_detail.strip()
            ):
                errors["no_label_detail"] = _("Say what the other reason is.")
        if self.no_label_reason != self.NoLabelReason.OTHER:
            self.no_label_detail = ""
        if errors:
            raise ValidationError(errors)
