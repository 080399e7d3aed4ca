"""Writes with side effects on accounts: invitations, which e-mail a one-time link that
lets a person create an account (or use theirs) and join a company, a signatory or the
committee."""

from __future__ import annotations

import datetime
import hashlib
import logging
import secrets
from functools import partial
from typing import TYPE_CHECKING

from django.conf import settings
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from core.emails import send_templated_email

from .models import Invitation, Membership, SignatoryRepresentative, User

if TYPE_CHECKING:  # accounts sit below the companies: only the names are needed
    from signatories.models import Company, Signatory

logger = logging.getLogger(__name__)

# Longer than any token we issue; anything longer is not worth hashing.
MAX_TOKEN_LENGTH = 128


class InvitationError(Exception):
    """The invitation cannot be used or changed. ``code`` says why: ``used``, ``revoked``,
    ``expired``, ``account_exists`` (log in first), ``wrong_account`` (logged in as someone
    else) or ``nothing_granted``."""

    def __init__(self, code: str) -> None:
        super().__init__(code)
        self.code = code


def token_digest(token: str) -> str:
    """What is stored of a token: its SHA-256, in hexadecimal."""
    return hashlib.sha256(token.encode()).hexdigest()


def invitation_link(invitation_token: str, *, base_url: str) -> str:
    return base_url.rstrip("/") + reverse("accounts:invitation_accept", args=[invitation_token])


def invitation_create(
    *,
    email: str,
    company: Company | None = None,
    signatory: Signatory | None = None,
    as_committee_member: bool = False,
    invited_by: User | None,
    language: str,
    base_url: str,
) -> Invitation:
    """Record an invitation and e-mail its link to ``email`` in ``language``.

    The token exists only in the e-mail: the database keeps its digest. Side effect: the
    e-mail "invitation", sent once the transaction commits. Two queries.
    """
    if not (company or signatory or as_committee_member):
        raise InvitationError("nothing_granted")
    token = secrets.token_urlsafe(32)
    invitation = Invitation.objects.create(
        email=User.objects.normalize_email(email).strip().lower(),
        company=company,
        signatory=signatory,
        as_committee_member=as_committee_member,
        language=language,
        token_digest=token_digest(token),
        invited_by=invited_by,
        expires_at=timezone.now() + datetime.timedelta(days=settings.INVITATION_VALID_DAYS),
    )
    transaction.on_commit(
        partial(
            send_templated_email,
            name="invitation",
            to=[invitation.email],
            language=invitation.language,
            context={
                "invitation": invitation,
                "accept_url": invitation_link(token, base_url=base_url),
                "invited_by": invited_by,
                "company": company,
                "signatory": signatory,
            },
        ),
        robust=True,  # a mail server failure is logged; the invitation can be sent again
    )
    return invitation


def invitation_from_token(token: str) -> Invitation | None:
    """The invitation whose link carries ``token``, in whatever state, or None. One query."""
    if not token or len(token) > MAX_TOKEN_LENGTH:
        return None
    return (
        Invitation.objects.select_related("company", "signatory", "invited_by")
        .filter(token_digest=token_digest(token))
        .first()
    )


def invitation_problem(invitation: Invitation) -> str | None:
    """Why the invitation can no longer be used (``used``, ``revoked``, ``expired``)."""
    if invitation.accepted_at:
        return "used"
    if invitation.revoked_at:
        return "revoked"
    if invitation.expires_at <= timezone.now():
        return "expired"
    return None


@transaction.atomic
def invitation_accept(
    *,
    invitation: Invitation,
    user: User | None = None,
    full_name: str = "",
    password: str = "",
) -> User:
    """Use the invitation, once: give its access to ``user``, or to a new account made
    with ``full_name`` and ``password`` when no account has the invited address.

    Raises InvitationError when the invitation is used, revoked or expired, when an
    account already has the address and ``user`` is not given (log in first), or when
    ``user`` has another address. Side effects: maybe a User, a Membership, a
    SignatoryRepresentative, the committee flag; the invitation is marked accepted. The
    row is locked, so two clicks cannot both use it.
    """
    locked = Invitation.objects.select_for_update().get(pk=invitation.pk)
    problem = invitation_problem(locked)
    if problem:
        raise InvitationError(problem)
    if user is None:
        if User.objects.filter(email__iexact=locked.email).exists():
            raise InvitationError("account_exists")
        user = User.objects.create_user(
            locked.email, password, full_name=full_name.strip(), language=locked.language
        )
    elif user.email.lower() != locked.email.lower():
        raise InvitationError("wrong_account")

    if locked.company_id:
        Membership.objects.get_or_create(user=user, company_id=locked.company_id)
    if locked.signatory_id:
        SignatoryRepresentative.objects.get_or_create(user=user, signatory_id=locked.signatory_id)
    if locked.as_committee_member and not user.is_committee_member:
        user.is_committee_member = True
        user.save(update_fields=["is_committee_member"])

    locked.accepted_at = timezone.now()
    locked.accepted_by = user
    locked.save(update_fields=["accepted_at", "accepted_by"])
    invitation.accepted_at, invitation.accepted_by = locked.accepted_at, user
    return user


@transaction.atomic
def invitation_revoke(*, invitation: Invitation, by: User) -> Invitation:
    """Make the link unusable. Raises InvitationError when it was already used, revoked or
    expired. Side effect: a line in the log naming who revoked it."""
    locked = Invitation.objects.select_for_update().get(pk=invitation.pk)
    problem = invitation_problem(locked)
    if problem:
        raise InvitationError(problem)
    locked.revoked_at = timezone.now()
    locked.save(update_fields=["revoked_at"])
    invitation.revoked_at = locked.revoked_at
    logger.info("Invitation %s for %s revoked by user %s", locked.pk, locked.email, by.pk)
    return invitation
