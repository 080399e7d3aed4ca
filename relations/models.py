"""Axis 3's client–provider relations: a client company and the provider that runs
customer-relations services for it. Each party is an adhering company or, when it is not
in the base, a SIREN and a name. A relation exists once, whichever side declared it
first; the other side confirms or disputes it."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from core.history import HistoricalRecords
from signatories.validators import grouped_siren, validate_siren


def on_side(company, side: str, prefix: str = "") -> models.Q:
    """The condition that ``company`` is the relation's ``side`` (``prefix``: the path to
    the relation from the model filtered, "relation__" for an attestation): by its record,
    or by its SIREN while the relation still names that side only by SIREN (declared
    before the company joined the base). The rule of ``Relation.side_of``."""
    return models.Q(**{f"{prefix}{side}": company}) | models.Q(
        **{f"{prefix}{side}__isnull": True, f"{prefix}{side}_siren": company.siren}
    )


class RelationQuerySet(models.QuerySet["Relation"]):
    def involving(self, company) -> "RelationQuerySet":
        """The relations ``company`` is a party to, as client or as provider
        (``on_side``)."""
        return self.filter(on_side(company, "client") | on_side(company, "provider"))

    def between(self, client_siren: str, provider_siren: str) -> "RelationQuerySet":
        return self.filter(client_siren=client_siren, provider_siren=provider_siren)


class Relation(models.Model):
    class Side(models.TextChoices):
        CLIENT = "client", _("client")
        PROVIDER = "provider", _("provider")

    class Status(models.TextChoices):
        PENDING = "pending", _("awaiting the other side")
        CONFIRMED = "confirmed", _("confirmed")
        DISPUTED = "disputed", _("disputed")

    client = models.ForeignKey(
        "signatories.Company",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="relations_as_client",
        verbose_name=_("client company"),
    )
    client_siren = models.CharField(_("client's SIREN"), max_length=9, validators=[validate_siren])
    client_name = models.CharField(
        _("client's name"),
        max_length=200,
        blank=True,
        help_text=_("As the declaring side typed it, when the client is not in the base."),
    )
    provider = models.ForeignKey(
        "signatories.Company",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="relations_as_provider",
        verbose_name=_("provider company"),
    )
    provider_siren = models.CharField(
        _("provider's SIREN"), max_length=9, validators=[validate_siren]
    )
    provider_name = models.CharField(
        _("provider's name"),
        max_length=200,
        blank=True,
        help_text=_("As the declaring side typed it, when the provider is not in the base."),
    )
    declared_by = models.CharField(_("declared by"), max_length=8, choices=Side.choices)
    status = models.CharField(
        _("status"), max_length=9, choices=Status.choices, default=Status.PENDING
    )
    dispute_reason = models.TextField(
        _("reason given by the other side"),
        blank=True,
        help_text=_("Why the other side disputes the relation; empty unless it is disputed."),
    )
    invite_email = models.EmailField(
        _("e-mail to invite the other side"),
        blank=True,
        help_text=_("Given by the declaring side when the other party is not in the base."),
    )
    invited_at = models.DateTimeField(
        _("invitation sent"),
        null=True,
        blank=True,
        help_text=_("When the invitation last left for that address; empty if it never did."),
    )
    declared_by_user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("declared by (person)"),
    )
    declared_at = models.DateTimeField(_("declared"), auto_now_add=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("answered by"),
    )
    answered_at = models.DateTimeField(_("answered"), null=True, blank=True)

    history = HistoricalRecords()
    objects = RelationQuerySet.as_manager()

    class Meta:
        verbose_name = _("client–provider relation")
        verbose_name_plural = _("client–provider relations")
        ordering = ["-declared_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["client_siren", "provider_siren"],
                name="one_relation_per_client_and_provider",
                violation_error_message=_(
                    "This relation between this client and this provider is already recorded."
                ),
            ),
            models.CheckConstraint(
                condition=~models.Q(client_siren=models.F("provider_siren")),
                name="relation_not_with_oneself",
                violation_error_message=_("A company cannot be its own client or provider."),
            ),
            models.CheckConstraint(
                condition=models.Q(declared_by="client", client__isnull=False)
                | models.Q(declared_by="provider", provider__isnull=False),
                name="relation_declared_by_a_company_in_the_base",
                violation_error_message=_("The declaring side must be a company in the base."),
            ),
            models.CheckConstraint(
                condition=models.Q(status="disputed", dispute_reason__gt="")
                | (~models.Q(status="disputed") & models.Q(dispute_reason="")),
                name="relation_dispute_has_a_reason",
                violation_error_message=_("A disputed relation needs the other side's reason."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.party_name(self.Side.CLIENT)} → {self.party_name(self.Side.PROVIDER)}"

    def clean(self) -> None:
        super().clean()
        if self.client_siren and self.client_siren == self.provider_siren:
            raise ValidationError(_("A company cannot be its own client or provider."))

    def party(self, side: str):
        """The company on ``side`` when it is in the base, else None. No query when the
        relation was read with ``select_related``."""
        return self.client if side == self.Side.CLIENT else self.provider

    def party_siren(self, side: str) -> str:
        return self.client_siren if side == self.Side.CLIENT else self.provider_siren

    def party_siren_display(self, side: str) -> str:
        """The party's SIREN grouped by three, as printed on a Kbis."""
        return grouped_siren(self.party_siren(side))

    @property
    def client_siren_display(self) -> str:
        return grouped_siren(self.client_siren)

    @property
    def provider_siren_display(self) -> str:
        return grouped_siren(self.provider_siren)

    def party_name(self, side: str) -> str:
        company = self.party(side)
        if company is not None:
            return company.legal_name
        return self.client_name if side == self.Side.CLIENT else self.provider_name

    @property
    def client_label(self) -> str:
        return self.party_name(self.Side.CLIENT)

    @property
    def provider_label(self) -> str:
        return self.party_name(self.Side.PROVIDER)

    @staticmethod
    def other(side: str) -> str:
        return Relation.Side.PROVIDER if side == Relation.Side.CLIENT else Relation.Side.CLIENT

    def side_of(self, company) -> str | None:
        """Which side ``company`` is on (None: not a party): by its record, or by its SIREN
        while the relation names that side only by SIREN. The rule of
        ``Relation.objects.involving``. No query."""
        for side, company_id, siren in (
            (self.Side.CLIENT, self.client_id, self.client_siren),
            (self.Side.PROVIDER, self.provider_id, self.provider_siren),
        ):
            if company_id == company.pk or (company_id is None and siren == company.siren):
                return side
        return None

    def awaits_answer_from(self, company) -> bool:
        """Whether ``company`` is the side that did not declare the relation: it confirms or
        disputes it (and may change its answer later)."""
        side = self.side_of(company)
        return side is not None and side != self.declared_by

    @property
    def counts(self) -> bool:
        """A relation whose sides may attest to its practices: any but a disputed one."""
        return self.status != self.Status.DISPUTED
