"""Writes with side effects on signatories and companies: adhesion applications, from the
public form to the committee's decision; the commitments every adhering company has to the
mandatory measures, and the committee's review of a claim that one does not apply."""

from functools import partial

from django.contrib.auth import get_user_model
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from simple_history.utils import bulk_create_with_history

from accounts.models import Membership
from accounts.services import invitation_create, invitation_revoke
from charter.models import Measure
from core.emails import send_templated_email, send_to_users
from core.history import attribute_to

from .models import AdhesionApplication, Commitment, Company, Site


class ApplicationError(Exception):
    """The application cannot take this step. ``code`` says why: ``already_pending`` (on
    submission), ``already_decided``, ``already_adheres`` or ``former_choice_needed`` (on
    acceptance)."""

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
    address: str = "",
    naf_code: str = "",
    headcount_band: str = "",
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
        address=address,
        naf_code=naf_code,
        headcount_band=headcount_band,
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


class Former:
    """What accepting an application does with a company that withdrew under the same SIREN:
    the committee's explicit choice, never a default."""

    REACTIVATE = "reactivate"  # the former record adheres again, with its whole history
    NEW = "new"  # a new record: the former one stays withdrawn, with its history

    CHOICES = (REACTIVATE, NEW)


def former_company(siren: str) -> Company | None:
    """The latest company that withdrew with this SIREN, if no other record holds it. One
    query."""
    company = Company.objects.holding_siren(siren)
    return company if company and company.status == Company.Status.WITHDRAWN else None


@transaction.atomic
def application_accept(
    *, application: AdhesionApplication, decided_by, base_url: str, former: str = ""
) -> Company:
    """Accept the application: the company adheres today.

    Creates the company (active, adhered today) or reactivates the one with this SIREN
    when it is an applicant, adds the sites typed on the form (a site with the same name
    and city is not added twice), links the application to it and invites the contact as a
    contributor (unless they already are one).

    When the SIREN is that of a company that withdrew, ``former`` must say what becomes of
    it (``Former.REACTIVATE``: it adheres again with its history, reports and contributors;
    ``Former.NEW``: a new record starts, the former one keeps its history, withdrawn).

    Raises ApplicationError("already_decided"), ("already_adheres") or
    ("former_choice_needed"); nothing changes then. Side effects, after commit:
    "application_accepted" then "invitation" to the contact.
    """
    locked = _lock_pending(application)
    today = timezone.localdate()
    records = list(Company.objects.select_for_update().filter(siren=locked.siren).order_by("-pk"))
    current = [company for company in records if company.status != Company.Status.WITHDRAWN]
    if current:
        company = current[0]
        if company.status != Company.Status.APPLICANT:
            raise ApplicationError("already_adheres")
    elif records:
        if former not in Former.CHOICES:
            raise ApplicationError("former_choice_needed")
        company = records[0] if former == Former.REACTIVATE else Company(siren=locked.siren)
    else:
        company = Company(siren=locked.siren)
    company.legal_name = locked.legal_name
    company.kind = locked.kind
    company.federation = locked.federation
    for name in ("address", "naf_code", "headcount_band"):
        # A former record keeps what it had when the application says nothing.
        setattr(company, name, getattr(locked, name) or getattr(company, name))
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

    commitments_ensure(company=company, user=decided_by)
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


# --- The company's legal name, reviewed by the committee --------------------------------------


class NameChangeError(Exception):
    """No name change waits for a decision: another committee member decided it, or the
    company withdrew its request."""


def _company_users(company: Company):
    return get_user_model().objects.filter(memberships__company=company, is_active=True).distinct()


@transaction.atomic
def company_name_request(*, company: Company, legal_name: str, user, base_url: str) -> bool:
    """Ask for ``legal_name`` as the company's new legal name.

    The approved name (``Company.legal_name``) does not change: the request waits for the
    committee. Typing the approved name again withdraws a waiting request. Returns whether a
    request waits afterwards. Side effect, after commit, on a new request:
    "name_change_requested" to every active committee member.
    """
    legal_name = " ".join(legal_name.split())
    locked = Company.objects.select_for_update().get(pk=company.pk)
    wanted = "" if legal_name == locked.legal_name else legal_name
    if wanted == locked.requested_legal_name:
        return bool(wanted)
    fields = {
        "requested_legal_name": wanted,
        "name_requested_by": user if wanted else None,
        "name_requested_at": timezone.now() if wanted else None,
        "name_refusal_reason": "",
    }
    _set(locked, company, fields, user)
    if wanted:
        _after_commit(
            send_to_users,
            name="name_change_requested",
            users=_committee_members(),
            context={
                "company": locked,
                "link": base_url.rstrip("/") + reverse("signatories:name_change_list"),
            },
        )
    return bool(wanted)


def _set(locked: Company, company: Company, fields: dict, user) -> None:
    for name, value in fields.items():
        setattr(locked, name, value)
        setattr(company, name, value)
    attribute_to(user, locked)
    locked.save(update_fields=[*fields, "updated_at"])


def _company_link(company: Company, base_url: str) -> str:
    return base_url.rstrip("/") + reverse("followup:company_detail", args=[company.pk])


def _lock_name_change(company: Company, seen: str | None = None) -> Company:
    """The company's row, locked; NameChangeError when no request waits, or when the name
    waiting is not ``seen``, the one the committee was shown (the contributor changed it
    meanwhile: the committee must read the new one first)."""
    locked = Company.objects.select_for_update().get(pk=company.pk)
    if not locked.requested_legal_name or seen not in (None, locked.requested_legal_name):
        raise NameChangeError
    return locked


@transaction.atomic
def company_name_accept(
    *, company: Company, decided_by, base_url: str, seen: str | None = None
) -> Company:
    """The requested name becomes the company's legal name, on every page and document from
    now on; the former one stays in the company's history.

    Raises NameChangeError when no request waits, or when the name waiting is not
    ``seen`` (the name the committee approved on its page). Side effect, after commit:
    "name_change_decided" to the company's active contributors.
    """
    locked = _lock_name_change(company, seen)
    former_name = locked.legal_name
    _set(
        locked,
        company,
        {
            "legal_name": locked.requested_legal_name,
            "requested_legal_name": "",
            "name_requested_by": None,
            "name_requested_at": None,
            "name_refusal_reason": "",
        },
        decided_by,
    )
    _after_commit(
        send_to_users,
        name="name_change_decided",
        users=_company_users(locked),
        context={
            "company": locked,
            "accepted": True,
            "former_name": former_name,
            "link": _company_link(locked, base_url),
        },
    )
    return locked


@transaction.atomic
def company_name_refuse(*, company: Company, decided_by, reason: str, base_url: str) -> Company:
    """Refuse the requested name with ``reason``: the legal name stays as it is.

    Raises NameChangeError when no request waits. Side effect, after commit:
    "name_change_decided" to the company's active contributors.
    """
    locked = _lock_name_change(company)
    requested = locked.requested_legal_name
    _set(
        locked,
        company,
        {
            "requested_legal_name": "",
            "name_requested_by": None,
            "name_requested_at": None,
            "name_refusal_reason": reason,
        },
        decided_by,
    )
    _after_commit(
        send_to_users,
        name="name_change_decided",
        users=_company_users(locked),
        context={
            "company": locked,
            "accepted": False,
            "requested": requested,
            "link": _company_link(locked, base_url),
        },
    )
    return locked


# --- Commitments to the mandatory measures --------------------------------------------------


@transaction.atomic
def commitments_ensure(
    *, company: Company | None = None, measure: Measure | None = None, user=None
) -> int:
    """Give every active adhering company (or only ``company``) a commitment, without a
    target, to every active mandatory company measure (or only ``measure``) it lacks.

    Called when a company becomes active (an application accepted, the admin, the demo
    data) and when a mandatory measure is added or made mandatory (the admin). A company
    that is not active, or a measure that is optional or inactive, gets nothing. Returns
    how many commitments were added. Three queries, then the inserts with their history.
    """
    companies = Company.objects.active()
    if company is not None:
        companies = companies.filter(pk=company.pk)
    measures = Measure.objects.active().mandatory_for_companies()
    if measure is not None:
        measures = measures.filter(pk=measure.pk)
    measure_ids = list(measures.values_list("pk", flat=True))
    company_ids = list(companies.values_list("pk", flat=True))
    if not (measure_ids and company_ids):
        return 0
    existing = set(
        Commitment.objects.filter(
            company_id__in=company_ids, measure_id__in=measure_ids
        ).values_list("company_id", "measure_id")
    )
    missing = [
        Commitment(company_id=company_id, measure_id=measure_id)
        for company_id in company_ids
        for measure_id in measure_ids
        if (company_id, measure_id) not in existing
    ]
    bulk_create_with_history(missing, Commitment, batch_size=1000, default_user=user)
    return len(missing)


class ClaimError(Exception):
    """The claim that a measure does not apply cannot take this step. ``code`` says why:
    ``optional`` (an optional measure is simply not chosen), ``no_justification``,
    ``no_reason`` (a refusal says why) or ``not_pending`` (the committee decides only a
    claim waiting for it)."""

    def __init__(self, code: str) -> None:
        super().__init__(code)
        self.code = code


def commitment_claim(*, commitment: Commitment, justification: str | None, user=None) -> bool:
    """Record what the company says of a mandatory measure: ``justification`` claims that it
    does not apply (the claim waits for the committee), None that it applies.

    A claim already made with the same justification keeps its state (waiting, accepted or
    refused): saving the commitments page again does not send it back to the committee;
    a new justification does. Returns whether anything changed. Raises ClaimError.
    """
    NA = Commitment.NotApplicable
    if justification is None:
        if commitment.not_applicable == NA.NO:
            return False
        commitment.not_applicable, commitment.justification = NA.NO, ""
        commitment.claimed_at = commitment.decided_at = commitment.decided_by = None
        commitment.refusal_reason = ""
    else:
        justification = justification.strip()
        if commitment.measure.optional:
            raise ClaimError("optional")
        if not justification:
            raise ClaimError("no_justification")
        if commitment.not_applicable != NA.NO and commitment.justification == justification:
            return False
        commitment.not_applicable, commitment.justification = NA.PENDING, justification
        commitment.claimed_at = timezone.now()
        commitment.decided_at = commitment.decided_by = None
        commitment.refusal_reason = ""
    attribute_to(user, commitment)
    commitment.save()
    return True


def _decide_claim(
    commitment: Commitment, *, decided_by, seen: str | None = None, **fields
) -> Commitment:
    """Decide the pending claim; ClaimError("not_pending") when none waits, or when its
    justification is not ``seen``, the one the committee read (it changed meanwhile)."""
    locked = Commitment.objects.select_for_update().get(pk=commitment.pk)
    if locked.not_applicable != Commitment.NotApplicable.PENDING or seen not in (
        None,
        locked.justification,
    ):
        raise ClaimError("not_pending")
    fields |= {"decided_by": decided_by, "decided_at": timezone.now()}
    for name, value in fields.items():
        setattr(locked, name, value)
    attribute_to(decided_by, locked)
    locked.save(update_fields=list(fields))
    return locked


@transaction.atomic
def commitment_claim_accept(
    *, commitment: Commitment, decided_by, seen: str | None = None
) -> Commitment:
    """The committee agrees the measure does not apply to the company: it leaves the
    company's reports and its palmarès score. Raises ClaimError("not_pending"), also when
    the justification is no longer ``seen``, the one the committee read."""
    return _decide_claim(
        commitment,
        decided_by=decided_by,
        seen=seen,
        not_applicable=Commitment.NotApplicable.ACCEPTED,
    )


@transaction.atomic
def commitment_claim_refuse(*, commitment: Commitment, decided_by, reason: str) -> Commitment:
    """The committee refuses the claim, with ``reason`` (the company reads it): the measure
    keeps applying. Raises ClaimError("not_pending") or ("no_reason")."""
    if not reason.strip():
        raise ClaimError("no_reason")
    return _decide_claim(
        commitment,
        decided_by=decided_by,
        not_applicable=Commitment.NotApplicable.REFUSED,
        refusal_reason=reason.strip(),
    )
