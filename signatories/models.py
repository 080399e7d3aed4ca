"""Who promised what: the signatories of the charter, the companies that adhere to it,
their sites and certifications, the measures they commit to, and the thresholds of jobs
to keep in France."""

import datetime
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_countries.fields import CountryField

from charter.translation import Translated
from core import periods
from core.history import HistoricalRecords

from .validators import grouped_siren, normalize_siren, validate_siren


class Signatory(models.Model):
    class College(models.TextChoices):
        PUBLIC_AUTHORITY = "public", _("public authority")
        EMPLOYERS = "employers", _("employers and profession")
        EMPLOYEES = "employees", _("employees")

    charter = models.ForeignKey(
        "charter.Charter",
        on_delete=models.PROTECT,
        related_name="signatories",
        verbose_name=_("charter"),
    )
    name = models.CharField(_("name (French)"), max_length=200)
    name_en = models.CharField(_("name (English)"), max_length=200, blank=True)
    acronym = models.CharField(_("acronym"), max_length=20)
    college = models.CharField(_("college"), max_length=12, choices=College.choices)
    signed_on = models.DateField(_("date signed"))
    representative = models.CharField(
        _("representative"),
        max_length=200,
        blank=True,
        help_text=_("The person or office that represents the signatory on the committee."),
    )
    website = models.URLField(_("website"), blank=True)
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    history = HistoricalRecords()

    name_i18n = Translated("name")

    class Meta:
        verbose_name = _("signatory")
        verbose_name_plural = _("signatories")
        ordering = ["charter", "position", "acronym"]
        constraints = [
            models.UniqueConstraint(
                fields=["charter", "acronym"],
                name="signatory_acronym_unique_per_charter",
                violation_error_message=_(
                    "This charter already has a signatory with this acronym."
                ),
            )
        ]

    def __str__(self) -> str:
        return self.acronym


class CompanyKind(models.TextChoices):
    CLIENT = "client", _("client company")
    IN_HOUSE = "in_house", _("in-house contact centre")
    OUTSOURCER = "outsourcer", _("outsourcer")


class HeadcountBand(models.TextChoices):
    """INSEE's bands of salaried headcount (tranche d'effectif salarié), by their code."""

    NONE = "NN", _("no employees (non-employing unit)")
    ZERO = "00", _("0 employees")
    B01 = "01", _("1 or 2 employees")
    B02 = "02", _("3 to 5 employees")
    B03 = "03", _("6 to 9 employees")
    B11 = "11", _("10 to 19 employees")
    B12 = "12", _("20 to 49 employees")
    B21 = "21", _("50 to 99 employees")
    B22 = "22", _("100 to 199 employees")
    B31 = "31", _("200 to 249 employees")
    B32 = "32", _("250 to 499 employees")
    B41 = "41", _("500 to 999 employees")
    B42 = "42", _("1,000 to 1,999 employees")
    B51 = "51", _("2,000 to 4,999 employees")
    B52 = "52", _("5,000 to 9,999 employees")
    B53 = "53", _("10,000 employees or more")


def address_field() -> models.CharField:
    return models.CharField(_("registered office address"), max_length=300, blank=True)


def naf_code_field() -> models.CharField:
    return models.CharField(
        _("activity code (NAF)"),
        max_length=6,
        blank=True,
        help_text=_("The main activity, as INSEE records it, such as 82.20Z."),
    )


def headcount_band_field() -> models.CharField:
    return models.CharField(
        _("headcount band"), max_length=2, choices=HeadcountBand.choices, blank=True
    )


class CompanyQuerySet(models.QuerySet["Company"]):
    def active(self) -> "CompanyQuerySet":
        return self.filter(status=Company.Status.ACTIVE)

    def expected_for(self, period_end: datetime.date) -> "CompanyQuerySet":
        """Companies that owe a report for a campaign whose period ends on ``period_end``:
        active, and adhering by that day (``Company.adhered_by``)."""
        return self.active().filter(Company.adhered_by(period_end))

    def holding_siren(self, siren: str) -> "Company | None":
        """The record that holds ``siren``: the one that has not withdrawn, else the latest
        that withdrew (a SIREN is unique only among companies that have not withdrawn)."""
        withdrawn_last = models.Case(
            models.When(status=Company.Status.WITHDRAWN, then=models.Value(1)),
            default=models.Value(0),
        )
        return self.filter(siren=siren).order_by(withdrawn_last, "-pk").first()

    def name_change_pending(self) -> "CompanyQuerySet":
        """Companies whose contributors asked for a new legal name the committee has not
        decided yet."""
        return self.exclude(requested_legal_name="")


class Company(models.Model):
    class Federation(models.TextChoices):
        AFRC = "afrc", "AFRC"
        SP2C = "sp2c", "SP2C"
        NONE = "none", _("none")

    class Status(models.TextChoices):
        APPLICANT = "applicant", _("applicant")
        ACTIVE = "active", _("active")
        SUSPENDED = "suspended", _("suspended")
        WITHDRAWN = "withdrawn", _("withdrawn")

    legal_name = models.CharField(_("legal name"), max_length=200)
    # Unique among the companies that have not withdrawn (see Meta.constraints): a company
    # that withdrew and applies again may start a new record without its former history.
    siren = models.CharField(
        _("SIREN"),
        max_length=9,
        validators=[validate_siren],
        help_text=_("The 9 digits of the company's SIREN number, spaces allowed."),
    )
    kind = models.CharField(_("kind of company"), max_length=12, choices=CompanyKind.choices)
    federation = models.CharField(
        _("federation"), max_length=6, choices=Federation.choices, default=Federation.NONE
    )
    adhered_on = models.DateField(
        _("date adhered"),
        null=True,
        blank=True,
        help_text=_("The day the company adhered to the charter."),
    )
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.APPLICANT
    )
    website = models.URLField(_("website"), blank=True)
    # As the company directory gives them (signatories.directory), or typed.
    address = address_field()
    naf_code = naf_code_field()
    headcount_band = headcount_band_field()
    # ``legal_name`` is the name the committee approved, the one every page and document
    # shows; a contributor's new name waits here until the committee decides.
    requested_legal_name = models.CharField(
        _("legal name waiting for approval"),
        max_length=200,
        blank=True,
        help_text=_("The new legal name a contributor asked for; empty when none waits."),
    )
    name_requested_by = models.ForeignKey(
        "accounts.User",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("name change asked by"),
    )
    name_requested_at = models.DateTimeField(_("name change asked"), null=True, blank=True)
    name_refusal_reason = models.TextField(
        _("reason the last name change was refused"),
        blank=True,
        help_text=_("The committee's reason, shown in the company space until a new request."),
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    history = HistoricalRecords()
    objects = CompanyQuerySet.as_manager()

    class Meta:
        verbose_name = _("company")
        verbose_name_plural = _("companies")
        ordering = ["legal_name"]
        indexes = [
            models.Index(fields=["status", "kind"], name="company_status_kind_idx"),
            # Lists of companies are sorted by name (then id, to be stable): a page of
            # them reads the first rows of this index instead of sorting them all.
            models.Index(fields=["legal_name", "id"], name="company_name_idx"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["siren"],
                condition=~models.Q(status="withdrawn"),
                name="company_siren_unique_unless_withdrawn",
                violation_error_message=_(
                    "A company with this SIREN number is already registered."
                ),
            )
        ]

    def __str__(self) -> str:
        return self.legal_name

    @staticmethod
    def adhered_by(day: datetime.date) -> models.Q:
        """The companies that adhered to the charter by ``day`` (a company without a date
        recorded too), as a filter."""
        return models.Q(adhered_on__isnull=True) | models.Q(adhered_on__lte=day)

    def clean_fields(self, exclude=None) -> None:
        # Normalise before the validators run, so that "552 100 554" is accepted.
        self.siren = normalize_siren(self.siren or "")
        super().clean_fields(exclude)

    def clean(self) -> None:
        super().clean()
        self.legal_name = " ".join((self.legal_name or "").split())
        if self.status == self.Status.ACTIVE and not self.adhered_on:
            raise ValidationError(
                {"adhered_on": _("An active company needs the date it adhered to the charter.")}
            )
        if self.adhered_on and self.adhered_on > timezone.localdate():
            raise ValidationError({"adhered_on": _("The date adhered cannot be in the future.")})

    @property
    def siren_display(self) -> str:
        """The SIREN grouped by three, as printed on a Kbis: 552 100 554."""
        return grouped_siren(self.siren)


class Site(models.Model):
    company = models.ForeignKey(
        Company, on_delete=models.PROTECT, related_name="sites", verbose_name=_("company")
    )
    name = models.CharField(_("name"), max_length=200)
    city = models.CharField(_("city"), max_length=120)
    country = CountryField(_("country"), default="FR")
    seats = models.PositiveIntegerField(
        _("seats"), default=0, help_text=_("Number of workstations on the site.")
    )
    headcount = models.PositiveIntegerField(
        _("headcount"), default=0, help_text=_("People working on the site.")
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("site")
        verbose_name_plural = _("sites")
        ordering = ["company", "name"]

    def __str__(self) -> str:
        return f"{self.name} ({self.city}, {self.country.code})"

    @property
    def in_france(self) -> bool:
        return self.country.code == "FR"


class CertificationQuerySet(models.QuerySet["Certification"]):
    def current_on(self, day: datetime.date) -> "CertificationQuerySet":
        """Certificates that count on ``day``: the same rule as ``Certification.is_current``."""
        return self.filter(
            status__in=Certification.COUNTING, valid_from__lte=day, valid_until__gte=day
        )


class Certification(models.Model):
    class Scheme(models.TextChoices):
        NF_SERVICE = "nf_service", _("NF Service (NF 345, EN 15838)")
        ISO_18295 = "iso_18295", _("ISO 18295-1 / -2")
        ISO_9001 = "iso_9001", "ISO 9001"
        LRS = "lrs", _("Social Responsibility Label (LRS)")
        OTHER = "other", _("other")

    class Status(models.TextChoices):
        VALID = "valid", _("valid")
        EXPIRED = "expired", _("expired")
        WITHDRAWN = "withdrawn", _("withdrawn")
        TEMPORARY = "temporary", _("temporary certificate")

    # The states under which a certificate counts, within its dates (``is_current``).
    COUNTING = (Status.VALID, Status.TEMPORARY)

    company = models.ForeignKey(
        Company,
        on_delete=models.PROTECT,
        related_name="certifications",
        verbose_name=_("company"),
    )
    scheme = models.CharField(_("scheme"), max_length=12, choices=Scheme.choices)
    scheme_other = models.CharField(
        _("name of the scheme"),
        max_length=120,
        blank=True,
        help_text=_("Only when the scheme is 'other'."),
    )
    number = models.CharField(_("certificate number"), max_length=80, blank=True)
    issuer = models.CharField(
        _("issuer"), max_length=200, help_text=_("The body that granted the certificate.")
    )
    valid_from = models.DateField(_("valid from"))
    valid_until = models.DateField(_("valid until"))
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.VALID
    )

    history = HistoricalRecords()
    objects = CertificationQuerySet.as_manager()

    class Meta:
        verbose_name = _("certification")
        verbose_name_plural = _("certifications")
        ordering = ["company", "valid_until"]
        indexes = [models.Index(fields=["valid_until"], name="certification_until_idx")]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(valid_until__gte=models.F("valid_from")),
                name="certification_dates_in_order",
                violation_error_message=_("The end of validity comes before its start."),
            )
        ]

    def __str__(self) -> str:
        return f"{self.scheme_label} ({self.company})"

    @property
    def scheme_label(self) -> str:
        if self.scheme == self.Scheme.OTHER and self.scheme_other:
            return self.scheme_other
        return self.get_scheme_display()

    def clean(self) -> None:
        super().clean()
        if self.valid_from and self.valid_until and self.valid_until < self.valid_from:
            raise ValidationError(
                {"valid_until": _("The end of validity must come after its start.")}
            )
        if self.scheme == self.Scheme.OTHER and not self.scheme_other.strip():
            raise ValidationError({"scheme_other": _("Name the scheme when you choose 'other'.")})
        if self.scheme != self.Scheme.OTHER and self.scheme_other.strip():
            raise ValidationError(
                {"scheme_other": _("Only name a scheme when you choose 'other'; empty this.")}
            )

    def is_current(self, on: datetime.date | None = None) -> bool:
        """Whether the certificate counts on that day: valid or temporary, within its dates."""
        on = on or timezone.localdate()
        return self.status in self.COUNTING and self.valid_from <= on <= self.valid_until

    def expires_within(self, days: int, on: datetime.date | None = None) -> bool:
        on = on or timezone.localdate()
        return self.is_current(on) and self.valid_until <= on + datetime.timedelta(days=days)

    @property
    def ends_soon(self) -> bool:
        """Whether the certificate counts today and ends within the warning period
        (``CERTIFICATION_WARNING_DAYS``): the company's space and the committee flag it."""
        return self.expires_within(settings.CERTIFICATION_WARNING_DAYS)

    @property
    def is_past_end_date(self) -> bool:
        """Whether the certificate's end of validity has passed while it is not withdrawn:
        the company's space and the committee flag it, "past its end date"."""
        return self.status != self.Status.WITHDRAWN and self.valid_until < timezone.localdate()


# Yes / no indicators whose "yes" claims a certificate: the registry must hold a certificate
# of one of these schemes, current on the last day of the campaign's period, for the claim
# to count (the palmarès, the committee's list of mismatches). The one home of this mapping.
REGISTRY_CHECKED_INDICATORS: dict[str, tuple[str, ...]] = {
    "service_certification_held": (
        Certification.Scheme.NF_SERVICE,
        Certification.Scheme.ISO_18295,
    ),
    "iso_9001_held": (Certification.Scheme.ISO_9001,),
    "lrs_label_held": (Certification.Scheme.LRS,),
}


class CommitmentQuerySet(models.QuerySet["Commitment"]):
    def applying(self) -> "CommitmentQuerySet":
        """Commitments whose measure applies to the company (see ``Commitment.applies``)."""
        return self.exclude(not_applicable=Commitment.NotApplicable.ACCEPTED)

    def not_applying(self) -> "CommitmentQuerySet":
        return self.filter(not_applicable=Commitment.NotApplicable.ACCEPTED)

    def claims_pending(self) -> "CommitmentQuerySet":
        return self.filter(not_applicable=Commitment.NotApplicable.PENDING)


class Commitment(models.Model):
    """A company's commitment to a company measure. A mandatory measure has one for every
    active adhering company (``signatories.services.commitments_ensure``); an optional one
    only when the company chose it. The company may claim that a measure does not apply,
    with a justification; the committee accepts or refuses the claim."""

    class NotApplicable(models.TextChoices):
        NO = "", _("applies")
        PENDING = "pending", _("does not apply: claim waiting for the committee")
        ACCEPTED = "accepted", _("does not apply: accepted by the committee")
        REFUSED = "refused", _("does not apply: claim refused by the committee")

    company = models.ForeignKey(
        Company, on_delete=models.PROTECT, related_name="commitments", verbose_name=_("company")
    )
    measure = models.ForeignKey(
        "charter.Measure",
        on_delete=models.PROTECT,
        related_name="commitments",
        verbose_name=_("measure"),
    )
    target = models.CharField(
        _("target"),
        max_length=300,
        blank=True,
        help_text=_("What the company aims at, such as 'ISO 18295 on every site'."),
    )
    due_on = models.DateField(_("due date"), null=True, blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    not_applicable = models.CharField(
        _("not applicable"),
        max_length=10,
        choices=NotApplicable.choices,
        default=NotApplicable.NO,
        blank=True,
        help_text=_("Whether the company claims the measure does not apply, and the decision."),
    )
    justification = models.TextField(
        _("why it does not apply"),
        blank=True,
        help_text=_("The company's justification, which the committee reviews."),
    )
    claimed_at = models.DateTimeField(_("claimed"), null=True, blank=True)
    decided_at = models.DateTimeField(_("decided"), null=True, blank=True)
    decided_by = models.ForeignKey(
        "accounts.User",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("decided by"),
    )
    refusal_reason = models.TextField(_("reason for refusal"), blank=True)

    history = HistoricalRecords()
    objects = CommitmentQuerySet.as_manager()

    class Meta:
        verbose_name = _("commitment")
        verbose_name_plural = _("commitments")
        ordering = ["company", "measure__axis__number", "measure__code"]
        constraints = [
            models.UniqueConstraint(
                fields=["company", "measure"],
                name="commitment_unique_per_company_measure",
                violation_error_message=_("The company has already committed to this measure."),
            ),
            models.CheckConstraint(
                condition=models.Q(not_applicable="") | ~models.Q(justification=""),
                name="commitment_not_applicable_justified",
                violation_error_message=_(
                    "A claim that the measure does not apply needs a justification."
                ),
            ),
        ]
        indexes = [models.Index(fields=["not_applicable"], name="commitment_na_idx")]

    def __str__(self) -> str:
        return f"{self.company} → {self.measure.code}"

    @staticmethod
    def measure_applies(*, optional: bool, not_applicable: str | None) -> bool:
        """Whether a company measure applies to a company: the rule, in one place.

        ``not_applicable`` is the state of the company's commitment, None when it has none.
        A mandatory measure applies unless the committee accepted that it does not; an
        optional one only when the company committed to it (and no accepted claim says
        otherwise). While a claim waits or was refused, the measure applies.
        """
        if not_applicable is None:
            return not optional
        return not_applicable != Commitment.NotApplicable.ACCEPTED

    @property
    def applies(self) -> bool:
        return self.measure_applies(optional=False, not_applicable=self.not_applicable)

    def clean(self) -> None:
        super().clean()
        if self.measure_id and not self.measure.binds_companies:
            raise ValidationError(
                {
                    "measure": _(
                        "This measure is carried by a signatory, not by adhering companies; "
                        "choose a measure that binds every company."
                    )
                }
            )
        if self.not_applicable and not self.justification.strip():
            raise ValidationError(
                {
                    "justification": _(
                        "Explain why the measure does not apply to the company: the "
                        "committee reviews the claim."
                    )
                }
            )


percent_validators = [
    MinValueValidator(Decimal(0), _("A share cannot be below 0%%.")),
    MaxValueValidator(Decimal(100), _("A share cannot be above 100%%.")),
]


class LocationThresholdQuerySet(models.QuerySet["LocationThreshold"]):
    def in_force(self, kind: str, on: datetime.date) -> "LocationThresholdQuerySet":
        return self.filter(periods.in_force_on(on), company_kind=kind)


class LocationThreshold(models.Model):
    """The minimum share of jobs created that must be located in France, per kind of
    company and period. A parameter, never a constant: sources quote several values."""

    company_kind = models.CharField(
        _("kind of company"), max_length=12, choices=CompanyKind.choices
    )
    min_share_france = models.DecimalField(
        _("minimum share in France (%)"),
        max_digits=5,
        decimal_places=2,
        validators=percent_validators,
        help_text=_("Share of the jobs created in the period that must be located in France."),
    )
    valid_from = models.DateField(_("valid from"))
    valid_until = models.DateField(
        _("valid until"), null=True, blank=True, help_text=_("Empty while it is in force.")
    )
    source = models.CharField(
        _("source"),
        max_length=300,
        blank=True,
        help_text=_("The text that sets this threshold."),
    )

    history = HistoricalRecords()
    objects = LocationThresholdQuerySet.as_manager()

    class Meta:
        verbose_name = _("location threshold")
        verbose_name_plural = _("location thresholds")
        ordering = ["company_kind", "-valid_from"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(min_share_france__gte=0, min_share_france__lte=100),
                name="threshold_share_between_0_and_100",
                violation_error_message=_("A share goes from 0%% to 100%%."),
            ),
            models.CheckConstraint(
                condition=models.Q(valid_until__isnull=True)
                | models.Q(valid_until__gte=models.F("valid_from")),
                name="threshold_dates_in_order",
                violation_error_message=_("The end of validity comes before its start."),
            ),
        ]

    def __str__(self) -> str:
        return _("%(share)s%% in France for %(kind)s from %(start)s") % {
            "share": self.min_share_france.normalize(),
            "kind": self.get_company_kind_display(),
            "start": self.valid_from,
        }

    def clean(self) -> None:
        super().clean()
        periods.check_order(self.valid_from, self.valid_until)
        if not (self.company_kind and self.valid_from):
            return
        overlapping = periods.overlapping(
            LocationThreshold.objects.filter(company_kind=self.company_kind).exclude(pk=self.pk),
            self.valid_from,
            self.valid_until,
        )
        if overlapping:
            raise ValidationError(
                _(
                    "Another threshold for this kind of company is in force over the same "
                    "days (%(other)s). End it before this one starts."
                )
                % {"other": overlapping}
            )


class AdhesionApplicationQuerySet(models.QuerySet["AdhesionApplication"]):
    def pending(self) -> "AdhesionApplicationQuerySet":
        return self.filter(status=AdhesionApplication.Status.PENDING)


class AdhesionApplication(models.Model):
    """A company's request to adhere, made on the public form. The company itself is only
    created (or reactivated) when the application is accepted."""

    class Status(models.TextChoices):
        PENDING = "pending", _("waiting for a decision")
        ACCEPTED = "accepted", _("accepted")
        REFUSED = "refused", _("refused")

    legal_name = models.CharField(_("legal name"), max_length=200)
    siren = models.CharField(_("SIREN"), max_length=9, validators=[validate_siren])
    kind = models.CharField(_("kind of company"), max_length=12, choices=CompanyKind.choices)
    federation = models.CharField(
        _("federation"),
        max_length=6,
        choices=Company.Federation.choices,
        default=Company.Federation.NONE,
    )
    address = address_field()
    naf_code = naf_code_field()
    headcount_band = headcount_band_field()
    contact_name = models.CharField(_("contact name"), max_length=150)
    contact_email = models.EmailField(_("contact e-mail address"))
    language = models.CharField(_("language"), max_length=8, default="fr")
    sites = models.JSONField(
        _("main sites"),
        default=list,
        blank=True,
        help_text=_("As typed on the form: name, city, country, seats, headcount."),
    )
    message = models.TextField(_("message"), blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.PENDING
    )
    created_at = models.DateTimeField(_("received"), auto_now_add=True)
    decided_at = models.DateTimeField(_("decided"), null=True, blank=True)
    decided_by = models.ForeignKey(
        "accounts.User",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("decided by"),
    )
    refusal_reason = models.TextField(_("reason for refusal"), blank=True)
    company = models.ForeignKey(
        Company,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="applications",
        verbose_name=_("company"),
        help_text=_("The company created or reactivated when the application was accepted."),
    )

    history = HistoricalRecords()
    objects = AdhesionApplicationQuerySet.as_manager()

    class Meta:
        verbose_name = _("adhesion application")
        verbose_name_plural = _("adhesion applications")
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["siren"],
                condition=models.Q(status="pending"),
                name="one_pending_application_per_siren",
                violation_error_message=_(
                    "An application for this SIREN number is already being examined."
                ),
            )
        ]

    def __str__(self) -> str:
        return f"{self.legal_name} ({self.siren})"
