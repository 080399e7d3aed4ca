"""Small factories: each makes the least a test needs; tests say what matters to them."""

import datetime
from decimal import Decimal

import factory
from django.contrib.auth import get_user_model

from accounts.models import Membership
from charter.models import Indicator, Measure
from followup.models import IndicatorValue, Progress, Report
from procurement.models import PublicContract
from signatories.models import Certification, Commitment, Company, CompanyKind, Signatory, Site
from signatories.validators import luhn_is_valid


def siren_for(number: int) -> str:
    """The n-th SIREN with a valid check digit, from 10000000: stable and unique per n."""
    body = f"{10_000_000 + number:08d}"
    return next(body + str(d) for d in range(10) if luhn_is_valid(body + str(d)))


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ("email",)

    email = factory.Sequence(lambda n: f"user{n}@example.org")
    full_name = factory.Sequence(lambda n: f"Personne {n}")
    password = factory.django.Password("correct-horse-battery")


class CompanyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Company

    legal_name = factory.Sequence(lambda n: f"Entreprise {n:04d} SAS")
    siren = factory.Sequence(siren_for)
    kind = CompanyKind.OUTSOURCER
    federation = Company.Federation.SP2C
    status = Company.Status.ACTIVE
    adhered_on = datetime.date(2011, 3, 1)


class SiteFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Site

    company = factory.SubFactory(CompanyFactory)
    name = factory.Sequence(lambda n: f"Site {n}")
    city = "Lille"
    country = "FR"
    seats = 100
    headcount = 130


class CertificationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Certification

    company = factory.SubFactory(CompanyFactory)
    scheme = Certification.Scheme.NF_SERVICE
    number = factory.Sequence(lambda n: f"NF-{n:06d}")
    issuer = "AFNOR Certification"
    valid_from = datetime.date(2024, 1, 1)
    valid_until = datetime.date(2027, 1, 1)


class CommitmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Commitment

    company = factory.SubFactory(CompanyFactory)
    measure = factory.LazyFunction(lambda: Measure.objects.for_companies().first())


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Membership

    user = factory.SubFactory(UserFactory)
    company = factory.SubFactory(CompanyFactory)


class CampaignFactory(factory.django.DjangoModelFactory):
    """An open campaign over last year whose reporting window includes today."""

    class Meta:
        model = "followup.Campaign"

    name = factory.Sequence(lambda n: f"Campagne test {n}")
    period_start = factory.LazyFunction(lambda: datetime.date(datetime.date.today().year - 1, 1, 1))
    period_end = factory.LazyFunction(lambda: datetime.date(datetime.date.today().year - 1, 12, 31))
    opens_on = factory.LazyFunction(lambda: datetime.date.today() - datetime.timedelta(days=10))
    deadline = factory.LazyFunction(lambda: datetime.date.today() + datetime.timedelta(days=30))
    grace_days = 15
    status = "open"


def pdf_bytes(text: str = "preuve") -> bytes:
    """A tiny but well-formed PDF file."""
    return (
        b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n"
        b"2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\ntrailer<</Root 1 0 R>>\n%% "
        + text.encode()
        + b"\n%%EOF\n"
    )


PNG_BYTES = (
    b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00"
    b"\x1f\x15\xc4\x89\x00\x00\x00\rIDATx\x9cc\xf8\x0f\x00\x00\x01\x01\x00\x05\x18\xd8N\x00"
    b"\x00\x00\x00IEND\xaeB`\x82"
)


def report_with_answers(company, campaign, status, progress=(), values=None) -> Report:
    """A report in ``status`` with (measure code, status, percent) answers and indicator
    values by code; the company commits to each measure answered."""
    made = Report.objects.create(campaign=campaign, company=company, status=status)
    for code, state, percent in progress:
        measure = Measure.objects.get(code=code)
        Commitment.objects.get_or_create(company=company, measure=measure)
        Progress.objects.create(report=made, measure=measure, status=state, percent=percent)
    for code, number in (values or {}).items():
        IndicatorValue.objects.create(
            report=made, indicator=Indicator.objects.get(code=code), number=Decimal(number)
        )
    return made


def report_form_data(version=0, progress=None, values=None, action="save") -> dict:
    """POST data of the report form: ``progress`` by measure code -> (status, percent,
    comment); ``values`` by indicator code -> value as typed."""
    data = {"version": version, "action": action}
    for code, (status, percent, comment) in (progress or {}).items():
        pk = Measure.objects.get(code=code).pk
        data[f"p{pk}_status"] = status
        data[f"p{pk}_percent"] = "" if percent is None else percent
        data[f"p{pk}_comment"] = comment
    for code, value in (values or {}).items():
        data[f"i{Indicator.objects.get(code=code).pk}"] = value
    return data


class PublicContractFactory(factory.django.DjangoModelFactory):
    """A contract of the State's register; its verdict is settled as the form settles it
    (``PublicContract.clean``)."""

    class Meta:
        model = PublicContract

    buyer = factory.LazyFunction(lambda: Signatory.objects.get(acronym="État"))
    reference = factory.Sequence(lambda n: f"RC-{n:04d}")
    subject = "Centre de contacts des usagers"
    awarded_on = datetime.date(2024, 6, 1)
    duration_months = 24
    value_band = PublicContract.ValueBand.TO_215K
    provider_siren = factory.LazyAttribute(lambda o: CompanyFactory().siren)
    no_label_reason = PublicContract.NoLabelReason.NO_LABELLED_BIDDER

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        contract = model_class(*args, **kwargs)
        contract.full_clean()
        contract.save()
        return contract
