"""The demo data set's register: public contracts of the State across the demo
campaigns' years, to labelled and unlabelled providers, each with its verdict settled as
the register settles it (``PublicContract.clean``), and the demo account of a
representative of the State, who records them. Called by ``results.demo``."""

import datetime
import random

from django.contrib.auth import get_user_model

from accounts.models import SignatoryRepresentative
from signatories.demo import DEMO_ACCOUNTS
from signatories.models import Certification, Company, CompanyKind, Signatory

from .models import PublicContract, buyers

SUBJECTS = (
    "Centre de contacts des usagers",
    "Assistance téléphonique aux allocataires",
    "Accueil téléphonique et courriels",
    "Service de rappel des demandeurs",
    "Relation usagers multicanale",
)


def delete_all() -> None:
    """Empty the register and its history, before the companies it names go."""
    PublicContract.objects.all()._raw_delete(PublicContract.objects.db)
    PublicContract.history.model.objects.all()._raw_delete(PublicContract.history.model.objects.db)


def demo_buyer() -> Signatory | None:
    """The buyer whose register the demo fills: the first (the State)."""
    return buyers().order_by("position", "pk").first()


def create_buyer_account() -> None:
    """The demo account of a representative of ``demo_buyer``, who records its contracts
    (the last of ``DEMO_ACCOUNTS``; ``signatories.demo`` deletes it with the others)."""
    buyer = demo_buyer()
    if buyer is None:
        return
    account = DEMO_ACCOUNTS[3]
    user = get_user_model().objects.create_user(
        account.email, account.password, full_name="Estelle État"
    )
    SignatoryRepresentative.objects.create(user=user, signatory=buyer)


def seed_contracts(rng: random.Random, years: list[int], today: datetime.date) -> int:
    """Four to six contracts a year of the first buyer (the State), each to an active
    outsourcer, some labelled on the award date, some not (with a reason), and one a year
    to a provider outside the base. Returns how many."""
    buyer = demo_buyer()
    providers = list(Company.objects.active().filter(kind=CompanyKind.OUTSOURCER).order_by("pk"))
    if buyer is None or not providers:
        return 0
    labelled = set(
        Certification.objects.filter(scheme=Certification.Scheme.LRS).values_list(
            "company_id", flat=True
        )
    )
    made = 0
    for year in years:
        for number in range(1, rng.randint(4, 6) + 1):
            awarded = min(datetime.date(year, rng.randint(1, 12), rng.randint(1, 28)), today)
            pool = [p for p in providers if (p.pk in labelled) == (number % 3 != 0)] or providers
            provider = rng.choice(pool)
            contract = PublicContract(
                buyer=buyer,
                reference=f"{year}-RC-{number:03d}",
                subject=rng.choice(SUBJECTS),
                awarded_on=awarded,
                duration_months=rng.choice((12, 24, 36, 48)),
                value_band=rng.choice(PublicContract.ValueBand.values),
                provider_siren=provider.siren,
                no_label_reason=rng.choice(
                    (
                        PublicContract.NoLabelReason.NO_LABELLED_BIDDER,
                        PublicContract.NoLabelReason.BELOW_THRESHOLD,
                    )
                ),
            )
            contract.full_clean()
            contract.save()
            made += 1
        outside = PublicContract(
            buyer=buyer,
            reference=f"{year}-RC-HB",
            subject="Numéro d'information du public",
            awarded_on=min(datetime.date(year, 6, 30), today),
            duration_months=12,
            value_band=PublicContract.ValueBand.UNDER_40K,
            provider_siren="732829320",
            provider_name="Appels Régionaux SARL",
            no_label_reason=PublicContract.NoLabelReason.OTHER,
            no_label_detail="Marché subséquent d'un accord-cadre antérieur à la charte",
        )
        outside.full_clean()
        outside.save()
        made += 1
    return made
