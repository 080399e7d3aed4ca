"""Every active adhering company has a commitment to every mandatory company measure; a
company may claim one does not apply, with a justification, and the committee decides."""

import pytest
from django.urls import reverse

from charter.models import Axis, Measure
from signatories import services
from signatories.models import Commitment, Company
from tests.factories import CompanyFactory
from tests.signatories.test_application_services import BASE, make_application

pytestmark = pytest.mark.django_db

NA = Commitment.NotApplicable
MANDATORY = {"1.1", "1.5", "1.6", "2.1", "2.2", "3.2", "3.3", "3.4", "3.5"}


def codes(company) -> set[str]:
    return set(company.commitments.values_list("measure__code", flat=True))


# --- The 2010 charter's measures -------------------------------------------------------------


def test_every_company_measure_of_the_charter_is_mandatory():
    assert set(Measure.objects.mandatory_for_companies().values_list("code", flat=True)) == (
        MANDATORY
    )
    assert not Measure.objects.filter(optional=True).exists()


def test_only_a_company_measure_can_be_optional():
    from django.core.exceptions import ValidationError

    measure = Measure.objects.get(code="1.4")  # the State's
    measure.optional = True
    with pytest.raises(ValidationError) as error:
        measure.full_clean()
    assert "optional" in error.value.message_dict


# --- commitments_ensure -------------------------------------------------------------------------


def test_it_gives_an_active_company_every_mandatory_measure_once(company_a):
    Measure.objects.filter(code="2.1").update(optional=True)
    Measure.objects.filter(code="3.5").update(active=False)
    Commitment.objects.create(
        company=company_a, measure=Measure.objects.get(code="1.1"), target="x"
    )
    assert services.commitments_ensure(company=company_a) == len(MANDATORY) - 3
    assert codes(company_a) == MANDATORY - {"2.1", "3.5"}
    assert company_a.commitments.get(measure__code="1.1").target == "x"  # kept as it was
    assert services.commitments_ensure(company=company_a) == 0
    # with their history
    assert Commitment.history.filter(company_id=company_a.pk).count() == len(MANDATORY) - 2


def test_it_leaves_companies_that_do_not_adhere_alone():
    for status in (Company.Status.APPLICANT, Company.Status.SUSPENDED, Company.Status.WITHDRAWN):
        company = CompanyFactory(status=status)
        assert services.commitments_ensure(company=company) == 0
        assert not company.commitments.exists()


def test_accepting_an_application_gives_the_mandatory_commitments(
    django_capture_on_commit_callbacks, committee_member
):
    with django_capture_on_commit_callbacks(execute=True):
        company = services.application_accept(
            application=make_application(), decided_by=committee_member, base_url=BASE
        )
    assert codes(company) == MANDATORY
    assert Commitment.history.filter(company_id=company.pk).first().history_user == (
        committee_member
    )


def test_a_company_created_in_the_admin_gets_its_commitments(client, admin_user):
    client.force_login(admin_user)
    prefix = {"sites": 0, "certifications": 0, "commitments": 0}
    data = {
        "legal_name": "Delta Relation SAS",
        "siren": "732829320",
        "kind": "client",
        "federation": "none",
        "status": "active",
        "adhered_on": "2020-01-01",
    }
    for name in prefix:
        data |= {f"{name}-TOTAL_FORMS": 0, f"{name}-INITIAL_FORMS": 0}
    response = client.post(reverse("admin:signatories_company_add"), data)
    assert response.status_code == 302, response.context["errors"]
    assert codes(Company.objects.get(siren="732829320")) == MANDATORY


def test_a_mandatory_measure_added_in_the_admin_binds_every_active_company(
    client, admin_user, company_a, company_b
):
    withdrawn = CompanyFactory(status=Company.Status.WITHDRAWN)
    client.force_login(admin_user)
    data = {
        "axis": Axis.objects.get(number=2).pk,
        "code": "2.9",
        "bound": "companies",
        "active": "on",
        "title": "Accueillir des apprentis",
        "indicators-TOTAL_FORMS": 0,
        "indicators-INITIAL_FORMS": 0,
    }
    response = client.post(reverse("admin:charter_measure_add"), data)
    assert response.status_code == 302, response.context["errors"]
    assert "2.9" in codes(company_a) and "2.9" in codes(company_b)
    assert "2.9" not in codes(withdrawn)
    data |= {"code": "2.8", "optional": "on"}
    client.post(reverse("admin:charter_measure_add"), data)
    assert "2.8" not in codes(company_a)  # optional: the company chooses


# --- Claims that a measure does not apply -------------------------------------------------------


@pytest.fixture
def commitment(company_a):
    services.commitments_ensure(company=company_a)
    return company_a.commitments.select_related("measure").get(measure__code="3.5")


def test_a_claim_needs_a_justification(commitment):
    with pytest.raises(services.ClaimError) as error:
        services.commitment_claim(commitment=commitment, justification="  ")
    assert error.value.code == "no_justification"
    commitment.refresh_from_db()
    assert commitment.not_applicable == NA.NO and commitment.applies


def test_an_optional_measure_is_not_claimed_but_left(commitment):
    commitment.measure.optional = True
    with pytest.raises(services.ClaimError) as error:
        services.commitment_claim(commitment=commitment, justification="Sans objet")
    assert error.value.code == "optional"


def test_a_claim_waits_then_is_accepted(commitment, contributor_a, committee_member):
    assert services.commitment_claim(
        commitment=commitment, justification="Pas de prestataire.", user=contributor_a
    )
    commitment.refresh_from_db()
    assert (commitment.not_applicable, commitment.justification) == (
        NA.PENDING,
        "Pas de prestataire.",
    )
    assert commitment.applies  # until the committee decides
    assert commitment.claimed_at is not None
    services.commitment_claim_accept(commitment=commitment, decided_by=committee_member)
    commitment.refresh_from_db()
    assert commitment.not_applicable == NA.ACCEPTED and not commitment.applies
    assert commitment.decided_by == committee_member and commitment.decided_at
    assert not Commitment.objects.applying().filter(pk=commitment.pk).exists()
    # saving the same justification again keeps the decision
    assert not services.commitment_claim(commitment=commitment, justification="Pas de prestataire.")
    # a decided claim is not decided again
    with pytest.raises(services.ClaimError) as error:
        services.commitment_claim_accept(commitment=commitment, decided_by=committee_member)
    assert error.value.code == "not_pending"


def test_a_refusal_needs_a_reason_and_the_measure_keeps_applying(commitment, committee_member):
    services.commitment_claim(commitment=commitment, justification="Pas de prestataire.")
    with pytest.raises(services.ClaimError) as error:
        services.commitment_claim_refuse(
            commitment=commitment, decided_by=committee_member, reason=" "
        )
    assert error.value.code == "no_reason"
    services.commitment_claim_refuse(
        commitment=commitment, decided_by=committee_member, reason="Vous avez un prestataire."
    )
    commitment.refresh_from_db()
    assert commitment.not_applicable == NA.REFUSED and commitment.applies
    assert commitment.refusal_reason == "Vous avez un prestataire."
    # a new justification goes back to the committee
    assert services.commitment_claim(commitment=commitment, justification="Plus depuis 2024.")
    commitment.refresh_from_db()
    assert commitment.not_applicable == NA.PENDING and commitment.refusal_reason == ""
    # withdrawing the claim: the measure simply applies
    assert services.commitment_claim(commitment=commitment, justification=None)
    commitment.refresh_from_db()
    assert (commitment.not_applicable, commitment.justification) == (NA.NO, "")


def test_the_database_refuses_a_claim_without_justification(commitment):
    from django.db import IntegrityError, transaction

    commitment.not_applicable = NA.PENDING
    with pytest.raises(IntegrityError), transaction.atomic():
        commitment.save()


@pytest.mark.parametrize(
    ("optional", "state", "applies"),
    [
        (False, None, True),
        (False, NA.NO, True),
        (False, NA.PENDING, True),
        (False, NA.REFUSED, True),
        (False, NA.ACCEPTED, False),
        (True, None, False),
        (True, NA.NO, True),
        (True, NA.ACCEPTED, False),
    ],
)
def test_the_rule_of_what_applies(optional, state, applies):
    assert Commitment.measure_applies(optional=optional, not_applicable=state) is applies


def test_the_migration_backfills_the_mandatory_commitments_of_active_companies(company_a):
    import importlib

    from django.apps import apps

    migration = importlib.import_module("signatories.migrations.0005_commitment_applicability")
    applicant = CompanyFactory(status=Company.Status.APPLICANT)
    Commitment.objects.create(company=company_a, measure=Measure.objects.get(code="1.1"))
    migration.backfill(apps, None)
    assert codes(company_a) == MANDATORY
    assert not applicant.commitments.exists()
    added = Commitment.history.filter(company_id=company_a.pk, history_type="+")
    assert added.count() == len(MANDATORY)  # the one made here, and the eight added
    migration.backfill(apps, None)  # nothing twice
    assert company_a.commitments.count() == len(MANDATORY)
