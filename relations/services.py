"""Writes on relations: declaring one, and the other side's answer."""

from dataclasses import dataclass

from django.utils import timezone
from django.utils.translation import gettext as _

from core.history import attribute_to
from signatories.models import Company

from .models import Relation


@dataclass
class Declaration:
    """What a company declares: its own side, and the other party by SIREN (with its name
    and an address to invite it when it is not in the base)."""

    company: Company
    side: str
    siren: str
    name: str = ""
    invite_email: str = ""


def other_party(siren: str) -> Company | None:
    """The company of the base that holds ``siren`` (not a withdrawn one). One query."""
    return Company.objects.exclude(status=Company.Status.WITHDRAWN).filter(siren=siren).first()


def declaration_problem(declaration: Declaration) -> tuple[str, str, Relation | None] | None:
    """Why ``declaration`` cannot be recorded, as (field, message, the relation already
    recorded), or None. The one place that says it; the form shows it. One query."""
    company = declaration.company
    if declaration.siren == company.siren:
        return (
            "siren",
            _(
                "This is your own company's SIREN: a relation is between a client and "
                "another company, its provider. Type the other company's SIREN."
            ),
            None,
        )
    client, provider = _sirens(declaration)
    existing = Relation.objects.between(client, provider).select_related("client", "provider")
    existing = existing.first()
    if existing is None:
        return None
    if existing.awaits_answer_from(company):
        message = _(
            "The other company has already declared this relation: you do not declare it "
            "again, you confirm it (or dispute it) on its page, linked below."
        )
    else:
        message = _("Your company has already declared this relation: it is in your list.")
    return ("siren", message, existing)


def _sirens(declaration: Declaration) -> tuple[str, str]:
    if declaration.side == Relation.Side.CLIENT:
        return declaration.company.siren, declaration.siren
    return declaration.siren, declaration.company.siren


def relation_declare(declaration: Declaration, user) -> Relation:
    """Record the relation, pending the other side's answer; the other party is linked to
    its record when it is in the base. The caller checked ``declaration_problem``."""
    client_siren, provider_siren = _sirens(declaration)
    other = other_party(declaration.siren)
    mine = declaration.side
    relation = Relation(
        client_siren=client_siren,
        provider_siren=provider_siren,
        declared_by=mine,
        declared_by_user=user,
        invite_email="" if other else declaration.invite_email,
    )
    parties = {mine: declaration.company, Relation.other(mine): other}
    names = {mine: "", Relation.other(mine): "" if other else declaration.name}
    relation.client, relation.provider = parties[Relation.Side.CLIENT], parties["provider"]
    relation.client_name, relation.provider_name = names["client"], names["provider"]
    relation.full_clean()
    attribute_to(user, relation)
    relation.save()
    return relation


def relation_answer(relation: Relation, company: Company, *, confirm: bool, reason: str, user):
    """The other side's answer: confirmed, or disputed with its reason. It may change its
    answer later. The company joins the relation by its record if it was named by SIREN."""
    side = relation.side_of(company)
    if side == Relation.Side.CLIENT:
        relation.client = company
    else:
        relation.provider = company
    relation.status = Relation.Status.CONFIRMED if confirm else Relation.Status.DISPUTED
    relation.dispute_reason = "" if confirm else reason
    relation.answered_by, relation.answered_at = user, timezone.now()
    attribute_to(user, relation)
    relation.save()
    return relation
