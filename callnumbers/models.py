"""Axis 1's customer-service numbers: the numbers a company's customers call, each with a
purpose, and the tariff families of the French numbering plan that classify them.

The families and their prefixes are dated data (``TariffPrefix``): the regulator's
decisions change them, so a number is classified by the rows in force on a given day, the
longest prefix winning. A surcharged number used for after-sales, complaints or contract
execution is flagged: French consumer law requires these lines not to be surcharged."""

import datetime

from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.db import models
from django.db.models.functions import Length
from django.db.models.lookups import StartsWith
from django.utils.translation import gettext_lazy as _

from core import periods
from core.history import HistoricalRecords

digits_only = RegexValidator(r"^[0-9]+$", _("Digits only, without spaces: 0800, 081, 3."))


class Family(models.TextChoices):
    FREE = "free", _("free")
    ORDINARY = "ordinary", _("ordinary rate")
    SHARED_COST = "shared_cost", _("shared cost (low surcharge)")
    PREMIUM = "premium", _("premium rate")
    SHORT = "short", _("short number (3BPQ)")


class TariffPrefixQuerySet(models.QuerySet["TariffPrefix"]):
    def in_force(self, on: datetime.date) -> "TariffPrefixQuerySet":
        return self.filter(periods.in_force_on(on))

    def matching(self, number) -> "TariffPrefixQuerySet":
        """The rows whose prefix starts ``number`` (an expression: ``Value`` for a number
        typed, ``OuterRef`` for a column), the longest prefix first."""
        return self.filter(StartsWith(number, models.F("prefix"))).order_by(
            Length("prefix").desc(), "pk"
        )


class TariffPrefix(models.Model):
    """A prefix of the French numbering plan, its tariff family and whether a call to it
    costs more than an ordinary call, over a period."""

    prefix = models.CharField(
        _("prefix"),
        max_length=10,
        validators=[digits_only],
        help_text=_("The number's first digits, with the leading 0: 0800, 081, 01; 3 for 3BPQ."),
    )
    family = models.CharField(_("tariff family"), max_length=12, choices=Family.choices)
    surcharged = models.BooleanField(
        _("surcharged"), help_text=_("A call costs more than an ordinary call.")
    )
    valid_from = models.DateField(_("valid from"))
    valid_until = models.DateField(
        _("valid until"), null=True, blank=True, help_text=_("Empty while it is in force.")
    )
    source = models.CharField(
        _("source"), max_length=300, blank=True, help_text=_("The decision that sets it.")
    )

    history = HistoricalRecords()
    objects = TariffPrefixQuerySet.as_manager()

    class Meta:
        verbose_name = _("tariff prefix")
        verbose_name_plural = _("tariff prefixes")
        ordering = ["prefix", "-valid_from"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(valid_until__isnull=True)
                | models.Q(valid_until__gte=models.F("valid_from")),
                name="tariff_prefix_dates_in_order",
                violation_error_message=_("The end of validity comes before its start."),
            ),
        ]

    def __str__(self) -> str:
        return _("%(prefix)s: %(family)s from %(start)s") % {
            "prefix": self.prefix,
            "family": self.get_family_display(),
            "start": self.valid_from,
        }

    def clean(self) -> None:
        super().clean()
        periods.check_order(self.valid_from, self.valid_until)
        if not (self.prefix and self.valid_from):
            return
        overlapping = periods.overlapping(
            TariffPrefix.objects.filter(prefix=self.prefix).exclude(pk=self.pk),
            self.valid_from,
            self.valid_until,
        )
        if overlapping:
            raise ValidationError(
                _(
                    "Another row for this prefix is in force over the same days (%(other)s). "
                    "End it before this one starts."
                )
                % {"other": overlapping}
            )


def tariff_of(number: str, on: datetime.date) -> TariffPrefix | None:
    """The row that classifies ``number`` (digits) on ``on``: the longest prefix in force
    that starts it; None when no row does. One query."""
    called = models.Value(number, output_field=models.CharField())
    return TariffPrefix.objects.in_force(on).matching(called).first()


class Purpose(models.TextChoices):
    AFTER_SALES = "after_sales", _("after-sales service")
    COMPLAINTS = "complaints", _("complaints")
    CONTRACT = "contract", _("contract execution")
    SALES = "sales", _("sales")


# The lines French consumer law requires not to be surcharged.
PROTECTED_PURPOSES = (Purpose.AFTER_SALES, Purpose.CONTRACT, Purpose.COMPLAINTS)


class CallNumberQuerySet(models.QuerySet["CallNumber"]):
    def with_tariff(self, on: datetime.date) -> "CallNumberQuerySet":
        """Each number with ``family`` and ``surcharged`` as the rows in force on ``on``
        classify it (``tariff_of``, in SQL); both None when no row does."""
        rows = TariffPrefix.objects.in_force(on).matching(models.OuterRef("number"))
        return self.annotate(
            family=models.Subquery(rows.values("family")[:1]),
            surcharged=models.Subquery(rows.values("surcharged")[:1]),
        )

    def flagged(self, on: datetime.date) -> "CallNumberQuerySet":
        """The surcharged numbers of the lines that must not be (``PROTECTED_PURPOSES``)."""
        return self.with_tariff(on).filter(purpose__in=PROTECTED_PURPOSES, surcharged=True)


class CallNumber(models.Model):
    """A number a company's customers call, for one purpose, and the site that answers."""

    company = models.ForeignKey(
        "signatories.Company",
        on_delete=models.PROTECT,
        related_name="call_numbers",
        verbose_name=_("company"),
    )
    number = models.CharField(
        _("number"),
        max_length=10,
        validators=[digits_only],
        help_text=_("Digits as dialled in France: 0123456789, or 3BPQ."),
    )
    purpose = models.CharField(_("purpose"), max_length=12, choices=Purpose.choices)
    site = models.ForeignKey(
        "signatories.Site",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="call_numbers",
        verbose_name=_("site that answers"),
    )
    label = models.CharField(
        _("label"),
        max_length=120,
        blank=True,
        help_text=_("Optional: the service as customers know it, such as “Service clients”."),
    )

    history = HistoricalRecords()
    objects = CallNumberQuerySet.as_manager()

    class Meta:
        verbose_name = _("customer-service number")
        verbose_name_plural = _("customer-service numbers")
        ordering = ["number", "purpose", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["company", "number", "purpose"],
                name="one_call_number_per_company_and_purpose",
                violation_error_message=_("This number is already listed for this purpose."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.display} ({self.get_purpose_display()})"

    @property
    def display(self) -> str:
        """Grouped by two digits, as French numbers are written: 01 23 45 67 89; a short
        number as it is: 3949."""
        return grouped(self.number)

    @property
    def family_label(self) -> str:
        """The family of ``with_tariff``'s annotation, as read; empty when unclassified."""
        family = getattr(self, "family", None)
        return Family(family).label if family else ""

    @property
    def flagged(self) -> bool:
        """Surcharged on a protected line (``with_tariff``'s annotation needed): the rule
        of ``CallNumber.objects.flagged``."""
        return bool(getattr(self, "surcharged", False)) and self.purpose in PROTECTED_PURPOSES


def grouped(number: str) -> str:
    if len(number) != 10:
        return number
    return " ".join(number[i : i + 2] for i in range(0, 10, 2))
