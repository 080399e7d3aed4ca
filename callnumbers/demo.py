"""Demo customer-service numbers: numbers of every tariff family for a share of the active
companies, some surcharged on lines that must not be, the demo contributor's company
among them."""

import random

from signatories.models import Company

from .models import CallNumber, Purpose

# Number patterns per family (X: a random digit), all valid in the French plan.
PATTERNS = {
    "free": ["0800XXXXXX", "0805XXXXXX"],
    "ordinary": ["014XXXXXXX", "0472XXXXXX", "0970XXXXXX", "0612XXXXXX"],
    "shared_cost": ["0810XXXXXX", "0820XXXXXX", "0825XXXXXX"],
    "premium": ["0891XXXXXX", "0899XXXXXX"],
    "short": ["3949", "3900", "3631"],
}
LABELS = {
    Purpose.AFTER_SALES: ["Service clients", "Assistance technique", ""],
    Purpose.COMPLAINTS: ["Service réclamations", "Service consommateurs", ""],
    Purpose.CONTRACT: ["Suivi de contrat", "Gestion de votre abonnement", ""],
    Purpose.SALES: ["Espace ventes", "Conseil avant achat", ""],
}


def delete_all() -> None:
    """Empty the numbers and their history, before the companies and sites they name go."""
    CallNumber.objects.all()._raw_delete(CallNumber.objects.db)
    CallNumber.history.model.objects.all()._raw_delete(CallNumber.history.model.objects.db)


def _number(rng: random.Random, family: str) -> str:
    pattern = rng.choice(PATTERNS[family])
    return "".join(str(rng.randrange(10)) if c == "X" else c for c in pattern)


def make_numbers(rng: random.Random, contributor_company: Company | None) -> int:
    """One to three numbers for about a third of the active companies, every family
    among them, and for the demo contributor's company a free after-sales line, an
    ordinary sales line and a surcharged complaints line (flagged). How many were made."""
    companies = list(Company.objects.active().prefetch_related("sites").order_by("siren"))
    chosen = [c for c in companies if rng.random() < 0.35 and c != contributor_company]
    rows: dict[tuple, CallNumber] = {}

    def add(company: Company, family: str, purpose: str) -> None:
        sites = list(company.sites.all())
        number = CallNumber(
            company=company,
            number=_number(rng, family),
            purpose=purpose,
            site=rng.choice(sites) if sites and rng.random() < 0.6 else None,
            label=rng.choice(LABELS[purpose]),
        )
        rows[(company.pk, number.number, purpose)] = number

    for index, company in enumerate(chosen):
        # The first number of each company goes round the families: every one appears.
        families = [list(PATTERNS)[index % len(PATTERNS)]]
        families += [rng.choice(list(PATTERNS)) for _ in range(rng.randint(0, 2))]
        for family in families:
            add(company, family, rng.choice(Purpose.values))
    if contributor_company is not None:
        add(contributor_company, "free", Purpose.AFTER_SALES)
        add(contributor_company, "ordinary", Purpose.SALES)
        add(contributor_company, "shared_cost", Purpose.COMPLAINTS)
    for number in rows.values():
        number.save()
    return len(rows)
