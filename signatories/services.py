"""Writes with side effects on signatories and companies: adhesion applications, from the
public form to the committee's decision."""

from functools import partial

from django.contrib.auth import get_user_model
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from accounts.emails import send_templated_email, send_to_users
from accounts.history import attribute_to
from accounts.models import Membership
from accounts.services import invitation_create, invitation_revoke

from .models import AdhesionApplication, Company, Site


class ApplicationError(Exception):
    """The application cannot take this step. ``code`` says why: ``already_pending`` (on
    submission), ``already_decided`` or ``already_adheres`` (on acceptance)."""

    def __init__(self, code: str) -> None:
        super().__init__(code)
        self.code = code


def _committee_members():
    return get_user_model().objects.filter(is_committee_member=True, is_active=True)


def _after_commit(func, /, **kwargs) -> None:
    # E-mails leave once the data is saved; a mail server failure is logged, not shown.
    transaction.on_commit(partial(func, **kwargs), robust=True)


def application_create(
    *,
    legal_name: str,
    siren: str,
    kind: str,
    federation: str,
    contact_name: str,
    contact_email: str,
    message: str = "",
    sites: list[dict],
    language: str,
    base_url: str,
) -> AdhesionApplication:
    """Record an application made on the public form.

    Raises ApplicationError("already_pending") when another one for the SIREN arrived
    in the meantime. Side effects, after commit: "application_received" to the contact, in
    ``language``; "application_submitted_committee" to every active committee member.
    """
    application = AdhesionApplication(
        legal_name=legal_name,
        siren=siren,
        kind=kind,
        federation=federation,
        contact_name=contact_name,
        contact_email=contact_email,
        message=message,
        sites=sites,
        language=language,
    )
    try:
        with transaction.atomic():  # a savepoint: the request's transaction survives
            application.save()
    except IntegrityError:  # the partial unique constraint on pending SIRENs
        raise ApplicationError("already_pending") from None
    context = {"application": application}
    _after_commit(
        send_templated_email,
        name="application_received",
        to=[application.contact_email],
        context=context,
        language=application.language,
    )
    _after_commit(
        send_to_users,
        name="application_submitted_committee",
        users=_committee_members(),
        context={
            **context,
            "detail_url": base_url.rstrip("/")
            + reverse("signatories:application_detail", args=[application.pk]),
        },
    )
    return application


def _lock_pending(application: AdhesionApplication) -> AdhesionApplication:
    locked = AdhesionApplication.objects.select_for_update().get(pk=application.pk)
    if locked.status != AdhesionApplication.Status.PENDING:
        raise ApplicationError("already_decided")
    return locked


def _decide(locked: AdhesionApplication, application: AdhesionApplication, **fields) -> None:
    fields |= {"decided_at": timezone.now()}
    for name, value in fields.items():
        setattr(locked, name, value)
        setattr(application, name, value)
    attribute_to(fields.get("decided_by"), locked)
    locked.save(update_fields=list(fields))


@transaction.atomic
def application_accept(*, application: AdhesionApplication, decided_by, base_url: str) -> Company:
    """Accept the application: the company adheres today.

    Creates the company (active, adhered today) or reactivates the one with this SIREN
    when it is an applicant or withdrew, adds the sites typed on the form (a site with
    the same name and city is not added twice), links the application to it and invites
    the contact as a contributor (unless they already are one).

    Raises ApplicationError("already_decided") or ("already_adheres"); nothing changes
    then. Side effects, after commit: "application_accepted" then "invitation" to the
    contact.
    """
    locked = _lock_pending(application)
    today = timezone.localdate()
    company = Company.objects.select_for_update().filter(siren=locked.siren).first()
    if company is None:
        company = Company(siren=locked.siren)
    elif company.status not in (Company.Status.APPLICANT, Company.Status.WITHDRAWN):
        raise ApplicationError("already_adheres")
    company.legal_name = locked.legal_name
    company.kind = locked.kind
    company.federation = locked.federation
    company.status = Company.Status.ACTIVE
    company.adhered_on = today
    company.full_clean()
    attribute_to(decided_by, company)
    company.save()

    existing = {
        (name.casefold(), city.casefold())
        for name, city in company.sites.values_list("name", "city")
    }
    for site in locked.sites:
        if (site["name"].casefold(), site["city"].casefold()) in existing:
            continue
        added = Site(
            company=company,
            name=site["name"],
            city=site["city"],
            country=site["country"],
            seats=site["seats"],
            headcount=site["headcount"],
        )
        attribute_to(decided_by, added)
        added.save(force_insert=True)

    _decide(
        locked,
        application,
        status=AdhesionApplication.Status.ACCEPTED,
        decided_by=decided_by,
        company=company,
    )
    already_member = Membership.objects.filter(
        company=company, user__email__iexact=locked.contact_email
    ).exists()
    # Registered first, so the acceptance arrives before the invitation it announces.
    _after_commit(
        send_templated_email,
        name="application_accepted",
        to=[locked.contact_email],
        language=locked.language,
        context={
            "application": locked,
            "company": company,
            "invited": not already_member,
            "login_url": base_url.rstrip("/") + reverse("accounts:login"),
        },
    )
    if not already_member:
        # An older invitation of the same person to this company gives way to this one.
        for earlier in company.invitations.pending().filter(email__iexact=locked.contact_email):
            invitation_revoke(invitation=earlier, by=decided_by)
        invitation_create(
            email=locked.contact_email,
            company=company,
            invited_by=decided_by,
            language=locked.language,
            base_url=base_url,
        )
    return company


@transaction.atomic
def application_refuse(*, application: AdhesionApplication, decided_by, reason: str) -> None:
    """Refuse the application with ``reason``, which the contact receives.

    Raises ApplicationError("already_decided"); nothing changes then. Side effect, after
    commit: "application_refused" to the contact.
    """
    locked = _lock_pending(application)
    _decide(
        locked,
        application,
        status=AdhesionApplication.Status.REFUSED,
        decided_by=decided_by,
        refusal_reason=reason,
    )
    _after_commit(
        send_templated_email,
        name="application_refused",
        to=[locked.contact_email],
        language=locked.language,
        context={"application": locked},
    )
