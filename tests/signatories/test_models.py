import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from charter.models import Measure
from signatories.models import Certification, Commitment, Company, LocationThreshold
from signatories.validators import grouped_siren, luhn_is_valid, normalize_siren
from tests.factories import CertificationFactory, CompanyFactory

pytestmark = pytest.mark.django_db


def _company(**fields) -> Company:
    defaults = {
        "legal_name": "Exemple SAS",
        "siren": "552100554",
        "kind": "outsourcer",
        "status": "applicant",
    }
    return Company(**{**defaults, **fields})


def test_a_valid_siren_passes():
    _company().full_clean()


def test_it_refuses_a_siren_whose_check_digit_is_wrong():
    with pytest.raises(ValidationError) as error:
        _company(siren="552100555").full_clean()
    assert "clé de contrôle" in error.value.message_dict["siren"][0]


@pytest.mark.parametrize("siren", ["55210055", "5521005540", "55210055A", "５５２１００５５４"])
def test_it_refuses_a_siren_that_is_not_nine_digits(siren):
    with pytest.raises(ValidationError) as error:
        _company(siren=siren).full_clean()
    assert "exactement 9 chiffres" in error.value.message_dict["siren"][0]


def test_it_accepts_a_siren_typed_with_spaces():
    company = _company(siren="552 100 554")
    company.full_clean()
    assert company.siren == "552100554"
    assert company.siren_display == "552 100 554"


def test_a_siren_is_grouped_by_three_wherever_it_is_shown():
    """One rule for a company's, a relation's and a public contract's SIREN."""
    from procurement.models import PublicContract
    from relations.models import Relation

    assert grouped_siren("552100554") == "552 100 554"
    assert grouped_siren("55210") == "55210"  # not a SIREN: shown as typed
    relation = Relation(client_siren="552100554", provider_siren="732829320")
    assert (relation.client_siren_display, relation.provider_siren_display) == (
        "552 100 554",
        "732 829 320",
    )
    assert relation.party_siren_display(Relation.Side.PROVIDER) == "732 829 320"
    assert PublicContract(provider_siren="732829320").provider_siren_display == "732 829 320"


def test_it_refuses_a_siren_already_registered():
    CompanyFactory(siren="552100554")
    with pytest.raises(ValidationError) as error:
        _company(siren="552100554").full_clean()
    assert "déjà enregistrée" in str(error.value.messages)


def test_the_siren_of_a_company_that_withdrew_may_start_a_new_record():
    CompanyFactory(siren="552100554", status=Company.Status.WITHDRAWN)
    _company(siren="552100554").full_clean()
    CompanyFactory(siren="552100554", status=Company.Status.ACTIVE)
    # ... but the former record cannot adhere again beside the new one.
    with pytest.raises(IntegrityError), transaction.atomic():
        CompanyFactory(siren="552100554", status=Company.Status.ACTIVE)


def test_luhn_on_known_sirens():
    assert luhn_is_valid("732829320")
    assert luhn_is_valid("356000000")  # La Poste
    assert not luhn_is_valid("732829321")
    assert normalize_siren("732.829-320") == "732829320"


def test_an_active_company_needs_its_adhesion_date():
    with pytest.raises(ValidationError) as error:
        _company(status="active", adhered_on=None).full_clean()
    assert "adhered_on" in error.value.message_dict


def test_an_adhesion_date_cannot_be_in_the_future():
    tomorrow = datetime.date.today() + datetime.timedelta(days=2)
    with pytest.raises(ValidationError) as error:
        _company(status="active", adhered_on=tomorrow).full_clean()
    assert "adhered_on" in error.value.message_dict


@pytest.mark.parametrize("share", ["-0.01", "100.01", "250"])
def test_it_refuses_a_threshold_outside_0_to_100_percent(share):
    threshold = LocationThreshold(
        company_kind="client", min_share_france=Decimal(share), valid_from="2030-01-01"
    )
    with pytest.raises(ValidationError) as error:
        threshold.full_clean()
    assert "min_share_france" in error.value.message_dict


def test_the_database_refuses_a_threshold_above_100_percent_too():
    with pytest.raises(IntegrityError):
        LocationThreshold.objects.create(
            company_kind="client", min_share_france=Decimal("120"), valid_from="2030-01-01"
        )


def test_it_refuses_a_threshold_that_overlaps_another_for_the_same_kind():
    # The charter's 60% for outsourcers runs from 2010-11-09 with no end.
    threshold = LocationThreshold(
        company_kind="outsourcer", min_share_france=Decimal(50), valid_from="2015-01-01"
    )
    with pytest.raises(ValidationError) as error:
        threshold.full_clean()
    assert "mêmes jours" in str(error.value)


def test_a_threshold_can_follow_one_that_ended():
    LocationThreshold.objects.filter(company_kind="outsourcer").update(valid_until="2014-12-31")
    LocationThreshold(
        company_kind="outsourcer", min_share_france=Decimal(50), valid_from="2015-01-01"
    ).full_clean()


def test_the_threshold_in_force_depends_on_kind_and_date():
    LocationThreshold.objects.filter(company_kind="outsourcer").update(valid_until="2014-12-31")
    LocationThreshold.objects.create(
        company_kind="outsourcer", min_share_france=Decimal(50), valid_from="2015-01-01"
    )
    in_2012 = LocationThreshold.objects.in_force("outsourcer", datetime.date(2012, 6, 1)).get()
    in_2020 = LocationThreshold.objects.in_force("outsourcer", datetime.date(2020, 6, 1)).get()
    assert (in_2012.min_share_france, in_2020.min_share_france) == (60, 50)
    assert not LocationThreshold.objects.in_force("client", datetime.date(2009, 1, 1)).exists()


def test_a_certification_ends_after_it_starts():
    certification = CertificationFactory.build(
        company=CompanyFactory(), valid_from="2025-01-01", valid_until="2024-01-01"
    )
    with pytest.raises(ValidationError) as error:
        certification.full_clean()
    assert "valid_until" in error.value.message_dict


def test_an_other_certification_needs_its_name():
    certification = CertificationFactory.build(company=CompanyFactory(), scheme="other")
    with pytest.raises(ValidationError) as error:
        certification.full_clean()
    assert "scheme_other" in error.value.message_dict


def test_a_certification_counts_while_valid_or_temporary():
    certification = CertificationFactory.build(
        valid_from=datetime.date(2024, 1, 1), valid_until=datetime.date(2024, 12, 31)
    )
    assert certification.is_current(datetime.date(2024, 6, 1))
    assert not certification.is_current(datetime.date(2025, 1, 1))
    certification.status = Certification.Status.WITHDRAWN
    assert not certification.is_current(datetime.date(2024, 6, 1))
    certification.status = Certification.Status.TEMPORARY
    assert certification.expires_within(90, datetime.date(2024, 11, 1))
    assert not certification.expires_within(90, datetime.date(2024, 6, 1))


@pytest.mark.parametrize(
    ("days_left", "status", "past"),
    [
        (-1, "valid", True),
        (-1, "expired", True),
        (-1, "temporary", True),
        (-1, "withdrawn", False),  # withdrawn says more than past its end date
        (0, "valid", False),  # valid until the end of its last day
        (30, "valid", False),
    ],
)
def test_a_certification_is_past_its_end_date_unless_withdrawn(days_left, status, past):
    today = timezone.localdate()
    certification = CertificationFactory.build(
        valid_from=today - datetime.timedelta(days=400),
        valid_until=today + datetime.timedelta(days=days_left),
        status=status,
    )
    assert certification.is_past_end_date is past


def test_a_company_commits_once_per_measure():
    company = CompanyFactory()
    measure = Measure.objects.get(code="2.1")
    Commitment.objects.create(company=company, measure=measure)
    with pytest.raises(ValidationError) as error:
        Commitment(company=company, measure=measure).full_clean()
    assert "déjà engagée" in str(error.value)


def test_a_company_cannot_commit_to_a_signatory_measure():
    commitment = Commitment(company=CompanyFactory(), measure=Measure.objects.get(code="4.1"))
    with pytest.raises(ValidationError) as error:
        commitment.full_clean()
    assert "measure" in error.value.message_dict


def test_a_company_with_records_cannot_be_deleted():
    company = CompanyFactory()
    CertificationFactory(company=company)
    with pytest.raises(IntegrityError):
        company.delete()
