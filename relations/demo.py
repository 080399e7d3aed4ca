"""Demo client–provider relations between demo companies: confirmed, awaiting the other
side, disputed, and a few with a party not in the base."""

import random

from signatories.demo import make_siren
from signatories.models import Company, CompanyKind

from .models import Relation

STATUS_WEIGHTS = {
    Relation.Status.CONFIRMED: 60,
    Relation.Status.PENDING: 25,
    Relation.Status.DISPUTED: 15,
}
DISPUTE_REASONS = [
    "Nous n'avons aucun contrat avec cette entreprise.",
    "Le contrat a pris fin avant la période couverte.",
]
OUTSIDE_NAMES = ["Oméga Services Clients SAS", "Sigma Appels SARL"]


def make_relations(
    rng: random.Random, contributor_company: Company | None, count: int = 40
) -> list[Relation]:
    """About ``count`` relations between active client companies (or in-house centres)
    and outsourcers, the demo contributor's company in a few, and two with a party not in
    the base."""
    companies = list(Company.objects.active().order_by("siren"))
    providers = [c for c in companies if c.kind == CompanyKind.OUTSOURCER]
    clients = [c for c in companies if c.kind != CompanyKind.OUTSOURCER]
    if not providers or not clients:
        return []
    pairs = {(rng.choice(clients), rng.choice(providers)) for _ in range(count)}
    if contributor_company is not None:
        mine = contributor_company
        others = clients if mine.kind == CompanyKind.OUTSOURCER else providers
        for other in rng.sample(others, min(3, len(others))):
            pairs.add((other, mine) if mine.kind == CompanyKind.OUTSOURCER else (mine, other))
    made = []
    for client, provider in sorted(pairs, key=lambda pair: (pair[0].siren, pair[1].siren)):
        status = rng.choices(list(STATUS_WEIGHTS), weights=list(STATUS_WEIGHTS.values()))[0]
        made.append(
            Relation.objects.create(
                client=client,
                client_siren=client.siren,
                provider=provider,
                provider_siren=provider.siren,
                declared_by=rng.choice(list(Relation.Side)),
                status=status,
                dispute_reason=rng.choice(DISPUTE_REASONS) if status == "disputed" else "",
            )
        )
    taken = {company.siren for company in companies}
    for name in OUTSIDE_NAMES:
        client = rng.choice(clients)
        made.append(
            Relation.objects.create(
                client=client,
                client_siren=client.siren,
                provider_siren=make_siren(rng, taken),
                provider_name=name,
                declared_by=Relation.Side.CLIENT,
                invite_email="achats@example.org",
            )
        )
    return made
