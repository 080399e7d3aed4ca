"""A reproducible, realistic demo data set: companies of every kind and federation, their
sites in France and abroad, certifications, commitments, and the demo accounts
(``DEMO_ACCOUNTS``; the State's representative is made by ``procurement.demo``).

Everything is drawn from ``random.Random(seed)``; dates are set from ``today`` so that
certifications expire around the day the data is made. The same seed and the same day
give the same data.
"""

import datetime
import random
from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone
from simple_history.utils import bulk_create_with_history

from accounts.models import Invitation, Membership, SignatoryRepresentative
from charter.models import Measure

from .models import AdhesionApplication, Certification, Commitment, Company, CompanyKind, Site
from .validators import luhn_is_valid

DEMO_DOMAIN = "demo.example.org"


@dataclass(frozen=True)
class DemoAccount:
    role: str
    email: str
    password: str


DEMO_ACCOUNTS = [
    DemoAccount("administrator", f"admin@{DEMO_DOMAIN}", "demo-admin-charte-2010"),
    DemoAccount("committee member", f"comite@{DEMO_DOMAIN}", "demo-comite-charte-2010"),
    DemoAccount("company contributor", f"contributeur@{DEMO_DOMAIN}", "demo-entreprise-2010"),
    DemoAccount("State representative", f"etat@{DEMO_DOMAIN}", "demo-etat-charte-2010"),
]

NAME_STEMS = [
    "Armor",
    "Azur",
    "Boréal",
    "Cèdre",
    "Concorde",
    "Dauphiné",
    "Estuaire",
    "Étoile",
    "Flandre",
    "Garonne",
    "Hexa",
    "Iroise",
    "Jura",
    "Lumière",
    "Mistral",
    "Navarre",
    "Opale",
    "Provence",
    "Quartz",
    "Rhône",
    "Saphir",
    "Tilleul",
    "Ubaye",
    "Vendée",
    "Vercors",
    "Alizé",
    "Beffroi",
    "Calanque",
    "Dordogne",
    "Émeraude",
    "Falaise",
    "Goéland",
    "Horizon",
    "Ivoire",
    "Lavande",
    "Loire",
    "Marine",
    "Nacre",
    "Olivier",
    "Pyrène",
]
NAME_PATTERNS = {
    CompanyKind.OUTSOURCER: [
        "{stem} Contact",
        "{stem} Relation Client",
        "Centre d'appels {stem}",
        "{stem} Teleservices",
        "{stem} Multicanal",
    ],
    CompanyKind.CLIENT: [
        "Mutuelle {stem}",
        "{stem} Énergie",
        "Banque {stem}",
        "{stem} Télécom",
        "Assurances {stem}",
        "{stem} Distribution",
    ],
    CompanyKind.IN_HOUSE: [
        "{stem} Services Clients",
        "Centre de relation {stem}",
        "{stem} Assistance",
        "{stem} Conseil Clientèle",
    ],
}
LEGAL_FORMS = ["SA", "SAS", "SARL", "SCOP", "SASU"]
FRENCH_CITIES = [
    "Amiens",
    "Angers",
    "Arras",
    "Bordeaux",
    "Brest",
    "Caen",
    "Dijon",
    "Grenoble",
    "Le Mans",
    "Lille",
    "Limoges",
    "Lyon",
    "Marseille",
    "Metz",
    "Montpellier",
    "Mulhouse",
    "Nancy",
    "Nantes",
    "Niort",
    "Orléans",
    "Paris",
    "Poitiers",
    "Reims",
    "Rennes",
    "Roubaix",
    "Rouen",
    "Saint-Étienne",
    "Strasbourg",
    "Toulouse",
    "Tours",
    "Valenciennes",
]
ABROAD_CITIES = [
    ("MA", "Casablanca"),
    ("MA", "Rabat"),
    ("MA", "Fès"),
    ("TN", "Tunis"),
    ("TN", "Sousse"),
    ("SN", "Dakar"),
    ("MG", "Antananarivo"),
    ("MU", "Port-Louis"),
    ("PT", "Lisbonne"),
    ("RO", "Bucarest"),
    ("CI", "Abidjan"),
]
ISSUERS = {
    Certification.Scheme.NF_SERVICE: "AFNOR Certification",
    Certification.Scheme.ISO_18295: "AFNOR Certification",
    Certification.Scheme.ISO_9001: "Bureau Veritas Certification",
    Certification.Scheme.LRS: "Comité du Label de Responsabilité Sociale",
    Certification.Scheme.OTHER: "SGS ICS",
}
TARGETS = {
    "1.1": "Certification de service sur tous les sites d'ici la fin de l'année",
    "1.5": "Aucun appel sortant automatisé",
    "1.6": "Moins de 20 % des appels traités sans conseiller",
    "2.1": "Au moins 35 heures de formation par conseiller et par an",
    "2.2": "Au moins 60 % des emplois créés situés en France",
    "3.5": "Aucune remise rétroactive demandée",
}
CHARTER_START = datetime.date(2010, 11, 9)


def make_siren(rng: random.Random, taken: set[str]) -> str:
    """A random SIREN with a valid Luhn check digit, not already in ``taken``."""
    while True:
        body = f"{rng.randrange(10**7, 10**8):08d}"
        siren = next(body + str(d) for d in range(10) if luhn_is_valid(body + str(d)))
        if siren not in taken:
            taken.add(siren)
            return siren


def _pick_kind(rng: random.Random) -> str:
    return rng.choices(
        [CompanyKind.CLIENT, CompanyKind.IN_HOUSE, CompanyKind.OUTSOURCER], weights=[40, 25, 35]
    )[0]


def _pick_federation(rng: random.Random, kind: str) -> str:
    if kind == CompanyKind.OUTSOURCER:
        return rng.choices(["sp2c", "afrc", "none"], weights=[60, 10, 30])[0]
    return rng.choices(["afrc", "none"], weights=[55, 45])[0]


def _pick_status(rng: random.Random) -> str:
    return rng.choices(
        [
            Company.Status.ACTIVE,
            Company.Status.APPLICANT,
            Company.Status.SUSPENDED,
            Company.Status.WITHDRAWN,
        ],
        weights=[85, 7, 4, 4],
    )[0]


def _random_date(rng: random.Random, start: datetime.date, end: datetime.date) -> datetime.date:
    return start + datetime.timedelta(days=rng.randrange(max((end - start).days, 1)))


def build_companies(rng: random.Random, count: int, today: datetime.date) -> list[Company]:
    taken_sirens: set[str] = set(Company.objects.values_list("siren", flat=True))
    taken_names: set[str] = set()
    companies = []
    for index in range(count):
        kind = _pick_kind(rng)
        pattern = rng.choice(NAME_PATTERNS[kind])
        name = f"{pattern.format(stem=rng.choice(NAME_STEMS))} {rng.choice(LEGAL_FORMS)}"
        if name in taken_names:
            name = f"{name} {index + 1}"
        taken_names.add(name)
        status = _pick_status(rng)
        adhered_on = (
            None
            if status == Company.Status.APPLICANT
            else _random_date(rng, CHARTER_START, min(today, datetime.date(2024, 12, 31)))
        )
        slug = name.split(" ")[0].lower()
        companies.append(
            Company(
                legal_name=name,
                siren=make_siren(rng, taken_sirens),
                kind=kind,
                federation=_pick_federation(rng, kind),
                status=status,
                adhered_on=adhered_on,
                website=f"https://www.{slug}-{index + 1}.example.org" if rng.random() < 0.6 else "",
            )
        )
    return companies


def build_sites(rng: random.Random, company: Company) -> list[Site]:
    sites = []
    abroad_share = 0.35 if company.kind == CompanyKind.OUTSOURCER else 0.1
    for number in range(rng.randint(1, 5)):
        if number > 0 and rng.random() < abroad_share:
            country, city = rng.choice(ABROAD_CITIES)
        else:
            country, city = "FR", rng.choice(FRENCH_CITIES)
        seats = rng.randrange(20, 600, 10)
        sites.append(
            Site(
                company=company,
                name=f"Site de {city}",
                city=city,
                country=country,
                seats=seats,
                headcount=int(seats * rng.uniform(1.1, 1.6)),
            )
        )
    return sites


def build_certifications(
    rng: random.Random, company: Company, today: datetime.date
) -> list[Certification]:
    certifications = []
    schemes = rng.sample(list(ISSUERS), k=rng.choice([0, 1, 1, 2, 2, 3]))
    for scheme in schemes:
        # Three-year certificates that started up to four years ago: some have expired,
        # some end within the next 90 days, most run on.
        valid_from = today - datetime.timedelta(days=rng.randrange(30, 4 * 365))
        valid_until = valid_from + datetime.timedelta(days=3 * 365)
        status = (
            Certification.Status.VALID if valid_until >= today else Certification.Status.EXPIRED
        )
        roll = rng.random()
        if roll < 0.04:
            status = Certification.Status.WITHDRAWN
        elif roll < 0.08 and valid_until >= today:
            status = Certification.Status.TEMPORARY
        certifications.append(
            Certification(
                company=company,
                scheme=scheme,
                scheme_other="Qualiopi" if scheme == Certification.Scheme.OTHER else "",
                number=f"{scheme[:3].upper()}-{rng.randrange(10**5, 10**6)}",
                issuer=ISSUERS[scheme],
                valid_from=valid_from,
                valid_until=valid_until,
                status=status,
            )
        )
    return certifications


def build_commitments(
    rng: random.Random, company: Company, measures: list[Measure], today: datetime.date
) -> list[Commitment]:
    """Every mandatory measure, and most optional ones."""
    commitments = []
    for measure in measures:
        if not measure.optional or rng.random() < 0.8:
            due_on = None
            if measure.code in TARGETS and rng.random() < 0.7:
                due_on = datetime.date(today.year + rng.randint(0, 2), 12, 31)
            commitments.append(
                Commitment(
                    company=company,
                    measure=measure,
                    target=TARGETS.get(measure.code, "") if rng.random() < 0.7 else "",
                    due_on=due_on,
                )
            )
    return commitments


def build_applications(rng: random.Random, count: int = 3) -> None:
    """A few adhesion applications waiting for the committee's decision."""
    taken = set(Company.objects.values_list("siren", flat=True))
    for index in range(count):
        kind = _pick_kind(rng)
        city = rng.choice(FRENCH_CITIES)
        AdhesionApplication.objects.create(
            legal_name=f"{rng.choice(NAME_PATTERNS[kind]).format(stem=rng.choice(NAME_STEMS))} "
            f"{rng.choice(LEGAL_FORMS)} (candidate {index + 1})",
            siren=make_siren(rng, taken),
            kind=kind,
            federation=_pick_federation(rng, kind),
            contact_name=rng.choice(["Sofia Benali", "Marc Lefèvre", "Inès Moreau", "Paul Girard"]),
            contact_email=f"candidature{index + 1}@{DEMO_DOMAIN}",
            sites=[
                {
                    "name": f"Site de {city}",
                    "city": city,
                    "country": "FR",
                    "seats": rng.randrange(20, 300, 10),
                    "headcount": rng.randrange(25, 400, 5),
                }
            ],
            message="Nous souhaitons adhérer à la charte et nous engager sur ses mesures.",
        )


# In-house contact centres have no provider: the practices between client companies and
# providers (axis 3) may not apply to them. (measure, justification, decision)
CLAIMS = [
    (
        "3.5",
        "Centre intégré : nous n'avons aucun prestataire, donc aucune remise de fin d'année "
        "à demander.",
        Commitment.NotApplicable.ACCEPTED,
    ),
    (
        "3.3",
        "Centre intégré sans contrat de prestation : pas de minima de facturation.",
        Commitment.NotApplicable.PENDING,
    ),
    (
        "1.5",
        "Nous n'appelons pas de prospects.",
        Commitment.NotApplicable.REFUSED,
    ),
]


def claim_not_applicable(committee) -> None:
    """A few claims that a measure does not apply, by in-house centres: one accepted, one
    waiting for the committee, one refused."""
    companies = list(
        Company.objects.active().filter(kind=CompanyKind.IN_HOUSE).order_by("pk")[: len(CLAIMS)]
    )
    now = timezone.now()
    for company, (code, justification, state) in zip(companies, CLAIMS, strict=False):
        commitment = Commitment.objects.filter(company=company, measure__code=code).first()
        if commitment is None:
            continue
        commitment.not_applicable = state
        commitment.justification = justification
        commitment.claimed_at = now
        if state != Commitment.NotApplicable.PENDING:
            commitment.decided_at, commitment.decided_by = now, committee
        if state == Commitment.NotApplicable.REFUSED:
            commitment.refusal_reason = (
                "La mesure vise aussi les appels sortants vers vos clients : elle s'applique."
            )
        commitment.save()


def delete_demo_data() -> None:
    """Remove every company and its records, and the demo accounts.

    Rows go without per-row signals, with their history: this replaces a development
    database's demo data wholesale, where thousands of history rows would only slow the
    reset.
    """
    for model in (
        Invitation,
        SignatoryRepresentative,
        Membership,
        AdhesionApplication,
        Commitment,
        Certification,
        Site,
        Company,
    ):
        model.objects.all()._raw_delete(model.objects.db)
        history = getattr(model, "history", None)
        if history is not None:  # else the new rows that reuse the ids would inherit it
            history.model.objects.all()._raw_delete(history.model.objects.db)
    get_user_model().objects.filter(email__endswith=f"@{DEMO_DOMAIN}").delete()


def contributor_company() -> Company | None:
    """The company the demo contributor reports for."""
    return Company.objects.filter(memberships__user__email=DEMO_ACCOUNTS[2].email).first()


def committee_user():
    return get_user_model().objects.filter(email=DEMO_ACCOUNTS[1].email).first()


def second_committee_member():
    """Another member of the committee, who cannot log in: the committee's own report is
    submitted by one member and validated by another."""
    email = f"comite2@{DEMO_DOMAIN}"
    User = get_user_model()
    return User.objects.filter(email=email).first() or User.objects.create_user(
        email, None, full_name="Dominique Comité", is_committee_member=True
    )


def create_demo_accounts(contributor_company: Company | None) -> None:
    User = get_user_model()
    admin, committee, contributor, _state = DEMO_ACCOUNTS  # the last: procurement.demo
    User.objects.create_superuser(admin.email, admin.password, full_name="Alice Administratrice")
    User.objects.create_user(
        committee.email, committee.password, full_name="Camille Comité", is_committee_member=True
    )
    user = User.objects.create_user(
        contributor.email, contributor.password, full_name="Claude Contributeur"
    )
    if contributor_company:
        Membership.objects.create(user=user, company=contributor_company)


@transaction.atomic
def seed_demo(*, companies: int, seed: int, today: datetime.date) -> dict[str, int]:
    """Replace the companies and demo accounts by a fresh data set. Returns counts."""
    rng = random.Random(seed)
    delete_demo_data()
    bulk_create_with_history(build_companies(rng, companies, today), Company, batch_size=1000)
    # Read the rows back: primary keys in insertion order, on every database.
    company_rows = list(Company.objects.order_by("pk"))
    measures = list(Measure.objects.active().for_companies().order_by("axis__number", "code"))
    sites, certifications, commitments = [], [], []
    for company in company_rows:
        sites += build_sites(rng, company)
        if company.status != Company.Status.APPLICANT:
            certifications += build_certifications(rng, company, today)
            commitments += build_commitments(rng, company, measures, today)
    bulk_create_with_history(sites, Site, batch_size=1000)
    bulk_create_with_history(certifications, Certification, batch_size=1000)
    bulk_create_with_history(commitments, Commitment, batch_size=1000)
    contributor_company = (
        Company.objects.active().filter(kind=CompanyKind.OUTSOURCER).order_by("pk").first()
        or Company.objects.active().order_by("pk").first()
    )
    create_demo_accounts(contributor_company)
    claim_not_applicable(committee_user())
    build_applications(rng)
    return {
        "companies": len(company_rows),
        "sites": len(sites),
        "certifications": len(certifications),
        "commitments": len(commitments),
    }
