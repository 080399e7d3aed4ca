"""Reads of signatories and companies for the public pages, and the claims that a
measure does not apply for the committee."""

from django.db.models import Count, Q, QuerySet

from .models import Commitment, Company, Signatory
from .validators import normalize_siren

DECIDED_CLAIMS_SHOWN = 50


def signatories_of(charter) -> QuerySet[Signatory]:
    return Signatory.objects.filter(charter=charter)


def active_companies(*, search: str = "", kind: str = "") -> QuerySet[Company]:
    """Active adhering companies, searched by name or SIREN and filtered by kind."""
    companies = Company.objects.active()
    if kind:
        companies = companies.filter(kind=kind)
    search = search.strip()
    if search:
        siren = normalize_siren(search)
        by_siren = Q(siren__startswith=siren) if siren.isdigit() else Q()
        companies = companies.filter(Q(legal_name__icontains=search) | by_siren)
    return companies.order_by("legal_name", "pk")


def active_companies_per_kind() -> dict[str, int]:
    """How many active companies of each kind. One query."""
    rows = Company.objects.active().values("kind").annotate(n=Count("pk")).order_by()
    return {row["kind"]: row["n"] for row in rows}


def applicability_claims() -> dict[str, list[Commitment]]:
    """The claims that a mandatory measure does not apply: those waiting for the committee
    (oldest first) and the latest decided ones (at most ``DECIDED_CLAIMS_SHOWN``, newest
    decision first). Two queries."""
    claims = Commitment.objects.select_related("company", "measure", "measure__axis")
    return {
        "pending": list(claims.claims_pending().order_by("claimed_at", "pk")),
        "decided": list(
            claims.filter(
                not_applicable__in=[
                    Commitment.NotApplicable.ACCEPTED,
                    Commitment.NotApplicable.REFUSED,
                ]
            )
            .select_related("decided_by")
            .order_by("-decided_at", "-pk")[:DECIDED_CLAIMS_SHOWN]
        ),
    }
