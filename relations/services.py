"""Writes on relations: declaring one, inviting a party outside the base, and the other
side's answer."""

import datetime
import logging
from dataclasses import dataclass
from functools import partial
from smtplib import SMTPException

from django.conf import settings
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from core.dates import written_date
from core.emails import send_templated_email
from core.history import attribute_to
from signatories.models import Company

from .models import Relation

logger = logging.getLogger(__name__)

# The shortest time between two invitations of the same relation.
INVITATION_INTERVAL = datetime.timedelta(days=7)


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


def relation_declare(declaration: Declaration, user, *, base_url: str) -> Relation:
    """Record the relation, pending the other side's answer; the other party is linked to
    its record when it is in the base. The caller checked ``declaration_problem``. Side
    effect, when the other party is not in the base and an address was given: the e-mail
    "relation_invitation", once the transaction commits (``invitation_send``)."""
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
    if relation.invite_email:
        _invite_after_commit(relation, user=user, base_url=base_url)
    return relation


def invitation_problem(relation: Relation) -> str | None:
    """Why the declaring side cannot send the invitation of ``relation`` again, or None:
    the relation is disputed, the other party is in the base now, or the last invitation
    left less than ``INVITATION_INTERVAL`` ago. The one place that says it; the relation's
    page shows it. One query."""
    if relation.status == Relation.Status.DISPUTED:
        return _("The relation is disputed: no invitation is sent for it.")
    other = Relation.other(relation.declared_by)
    if relation.party(other) or other_party(relation.party_siren(other)):
        return _(
            "The other company has adhered to the charter: it answers in its own space, "
            "no invitation is needed."
        )
    if relation.invited_at and timezone.now() < relation.invited_at + INVITATION_INTERVAL:
        return _(
            "The invitation was sent on %(sent)s: it may be sent again from %(next)s, at "
            "most once every 7 days."
        ) % {
            "sent": written_date(timezone.localtime(relation.invited_at), "j F Y"),
            "next": written_date(
                timezone.localtime(relation.invited_at + INVITATION_INTERVAL), "j F Y"
            ),
        }
    return None


def invitation_resend(relation: Relation, *, email: str, user, base_url: str) -> Relation:
    """Send the invitation again, to ``email`` (which corrects the address kept). The
    caller checked ``invitation_problem``. Side effect: the e-mail "relation_invitation",
    once the transaction commits."""
    if email != relation.invite_email:
        relation.invite_email = email
        attribute_to(user, relation)
        relation.save(update_fields=["invite_email"])
    _invite_after_commit(relation, user=user, base_url=base_url)
    return relation


def _invite_after_commit(relation: Relation, *, user, base_url: str) -> None:
    transaction.on_commit(
        partial(invitation_send, relation, user=user, base_url=base_url), robust=True
    )


def invitation_send(relation: Relation, *, user, base_url: str) -> bool:
    """E-mail the invitation of ``relation`` to its address, in French then in English
    (the party is not in the base: its language is unknown), and record when it left.
    A mail server failure is logged and leaves ``invited_at`` as it was: the declaring
    side sees that the invitation did not leave and may send it again. Returns whether
    it left. The e-mail names the declaring company and the party's SIREN, never the name
    typed for it, nor anything else of the relation."""
    side = Relation.other(relation.declared_by)
    base_url = base_url.rstrip("/")
    context = {
        "declarer": relation.party(relation.declared_by),
        "declarer_siren": relation.party_siren_display(relation.declared_by),
        "invited_side": side,
        "invited_siren": relation.party_siren_display(side),
        "charter_url": base_url + reverse("charter:home"),
        "axis_url": base_url + reverse("charter:axis_detail", args=[3]),
        "adhesion_url": base_url + reverse("signatories:application_create"),
    }
    try:
        send_templated_email(
            name="relation_invitation",
            to=[relation.invite_email],
            context=context,
            language="fr",
            # The e-mail asks its reader to reply: the answer reaches the committee.
            reply_to=[settings.COMMITTEE_EMAIL] if settings.COMMITTEE_EMAIL else [],
        )
    except (SMTPException, OSError):  # the mail server refused or could not be reached
        logger.exception("The invitation of relation %s could not be sent.", relation.pk)
        return False
    relation.invited_at = timezone.now()
    attribute_to(user, relation)
    relation.save(update_fields=["invited_at"])
    return True


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
