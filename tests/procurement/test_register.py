"""The register of public contracts: the verdict on the label, bad input, access, the
figures of measure 4.1 and where they show (the State's report, the dashboard)."""

import datetime

import pytest
from django.urls import reverse

from accounts.models import SignatoryRepresentative
from charter.models import Indicator, Measure
from followup.models import IndicatorValue, Report
from followup.selectors import dashboard
from procurement import selectors
from procurement.models import PublicContract
from procurement.views import PER_PAGE
from signatories.models import Certification, Signatory
from tests.factories import (
    CampaignFactory,
    CertificationFactory,
    CompanyFactory,
    PublicContractFactory,
    UserFactory,
)

D = datetime.date
pytestmark = pytest.mark.django_db


@pytest.fixture
def state():
    return Signatory.objects.get(acronym="État")


@pytest.fixture
def state_rep(state):
    user = UserFactory(email="etat@example.org")
    SignatoryRepresentative.objects.create(user=user, signatory=state)
    return user


def _labelled(company, start=None, until=None, status="valid"):
    return CertificationFactory(
        company=company,
        scheme=Certification.Scheme.LRS,
        number="LRS-1",
        valid_from=start or D(2024, 1, 1),
        valid_until=until or D(2025, 12, 31),
        status=status,
    )


def _form(**changes):
    data = {
        "reference": "2024-RC-9",
        "subject": "Accueil téléphonique",
        "awarded_on": "2024-06-01",
        "duration_months": "24",
        "value_band": "40k_215k",
        "provider_siren": "",
        "provider_name": "",
        "no_label_reason": "",
        "no_label_detail": "",
    }
    return {**data, **changes}


# --- The verdict ---------------------------------------------------------------------


def test_a_provider_labelled_on_the_award_date_gives_a_labelled_contract():
    provider = CompanyFactory()
    _labelled(provider)
    contract = PublicContractFactory(provider_siren=provider.siren)
    assert contract.labelled and contract.label_number == "LRS-1"
    assert contract.provider == provider and contract.no_label_reason == ""


@pytest.mark.parametrize(
    "certification",
    [
        {"until": D(2024, 5, 31)},  # ended before the award
        {"start": D(2024, 6, 2)},  # began after it
        {"status": "withdrawn"},
        {"status": "expired"},
    ],
)
def test_a_label_that_does_not_count_on_the_award_date_gives_no_verdict(certification):
    provider = CompanyFactory()
    _labelled(provider, **certification)
    contract = PublicContractFactory(provider_siren=provider.siren)
    assert not contract.labelled and contract.no_label_reason == "no_labelled_bidder"


def test_another_scheme_is_not_the_label():
    provider = CompanyFactory()
    CertificationFactory(company=provider)  # NF Service
    assert not PublicContractFactory(provider_siren=provider.siren).labelled


def test_the_verdict_stays_when_certifications_change_and_moves_with_the_award_date():
    provider = CompanyFactory()
    label = _labelled(provider)
    contract = PublicContractFactory(provider_siren=provider.siren)
    label.status = Certification.Status.WITHDRAWN
    label.save()
    contract.subject = "Autre objet"
    contract.full_clean()
    contract.save()
    contract.refresh_from_db()
    assert contract.labelled  # kept as it was settled
    contract.awarded_on = D(2024, 7, 1)
    contract.no_label_reason = "below_threshold"
    contract.full_clean()
    assert not contract.labelled  # the award date changed: looked up again


# --- Pages and bad input --------------------------------------------------------------


def test_a_representative_of_the_state_records_a_contract(client, state, state_rep):
    provider = CompanyFactory()
    _labelled(provider)
    client.force_login(state_rep)
    url = reverse("procurement:contract_create", args=[state.pk])
    response = client.post(url, _form(provider_siren=provider.siren_display))
    assert response.status_code == 302
    contract = PublicContract.objects.get()
    assert contract.buyer == state and contract.labelled and contract.provider == provider
    assert contract.created_by == state_rep
    assert contract.history.first().history_user == state_rep
    page = client.get(reverse("procurement:contract_list", args=[state.pk]))
    assert "2024-RC-9" in page.content.decode()


BAD = [
    ({"provider_siren": "552 100 555"}, "provider_siren", "check digit"),
    ({"provider_siren": "12345"}, "provider_siren", "9 digits"),
    ({"provider_siren": "552100554"}, "provider_name", "No company of the base"),
    ({"awarded_on": "2099-01-01"}, "awarded_on", "in the future"),
    ({"awarded_on": "2010-11-08"}, "awarded_on", "9 November 2010"),
    ({"awarded_on": "2024-06-01"}, "no_label_reason", "choose why"),
    ({"no_label_reason": "other"}, "no_label_detail", "other reason"),
]


@pytest.mark.parametrize(("changes", "field", "says"), BAD)
def test_bad_input_gets_a_clear_error_and_keeps_what_was_typed(
    client, state, state_rep, changes, field, says
):
    provider = CompanyFactory()
    data = {**_form(provider_siren=provider.siren), **changes}
    client.force_login(state_rep)
    client.cookies["django_language"] = "en"
    response = client.post(reverse("procurement:contract_create", args=[state.pk]), data)
    assert response.status_code == 200
    form = response.context["form"]
    assert field in form.errors and says in " ".join(form.errors[field])
    assert form["provider_siren"].value() == data["provider_siren"]
    assert form["subject"].value() == data["subject"]
    assert not PublicContract.objects.exists()


def test_a_provider_outside_the_base_is_kept_by_siren_and_name(client, state, state_rep):
    client.force_login(state_rep)
    data = _form(
        provider_siren="552100554",
        provider_name="Hors Base SA",
        no_label_reason="other",
        no_label_detail="Marché ancien",
    )
    response = client.post(reverse("procurement:contract_create", args=[state.pk]), data)
    assert response.status_code == 302
    contract = PublicContract.objects.get()
    assert contract.provider is None and contract.provider_label == "Hors Base SA"
    assert not contract.labelled


def test_the_same_reference_twice_for_a_buyer_is_refused(client, state, state_rep):
    PublicContractFactory(reference="2024-RC-9")
    client.force_login(state_rep)
    response = client.post(
        reverse("procurement:contract_create", args=[state.pk]),
        _form(provider_siren=CompanyFactory().siren, no_label_reason="below_threshold"),
    )
    assert "reference" in response.context["form"].errors


def test_access(client, state, state_rep, representative, contributor_a, committee_member):
    contract = PublicContractFactory()
    edit = reverse("procurement:contract_edit", args=[state.pk, contract.pk])
    listing = reverse("procurement:contract_list", args=[state.pk])
    client.force_login(state_rep)
    assert client.get(edit).status_code == 200
    for outsider in (representative, contributor_a):  # SP2C's representative, a company
        client.force_login(outsider)
        assert client.get(listing).status_code == 404
        assert client.get(edit).status_code == 404
    client.force_login(committee_member)
    assert client.get(listing).status_code == 200
    assert client.get(edit).status_code == 403
    sp2c = Signatory.objects.get(acronym="SP2C")
    client.force_login(representative)
    assert client.get(reverse("procurement:contract_list", args=[sp2c.pk])).status_code == 404


def test_a_contract_of_another_buyer_is_not_found(client, state, state_rep):
    other = Signatory.objects.create(
        charter=state.charter,
        acronym="AP",
        name="Acheteur public",
        college="public",
        signed_on=D(2012, 1, 1),
    )
    contract = PublicContractFactory(buyer=other)
    client.force_login(state_rep)
    url = reverse("procurement:contract_edit", args=[state.pk, contract.pk])
    assert client.get(url).status_code == 404
    assert client.get(reverse("procurement:contract_list", args=[other.pk])).status_code == 404


def test_the_committee_filters_the_register_by_buyer_and_year(
    client, committee_member, state, django_assert_num_queries
):
    PublicContractFactory(reference="A-2023", awarded_on=D(2023, 3, 1))
    PublicContractFactory(reference="A-2024", awarded_on=D(2024, 3, 1))
    client.force_login(committee_member)
    url = reverse("procurement:register")
    # session, user, savepoint and release, years, buyers, the count and the page of
    # contracts, figures and their buyers
    with django_assert_num_queries(10):
        response = client.get(url, {"annee": 2024, "acheteur": state.pk})
    assert [c.reference for c in response.context["page"]] == ["A-2024"]
    for _ in range(5):
        PublicContractFactory(awarded_on=D(2024, 4, 1))
    with django_assert_num_queries(10):
        client.get(url, {"annee": 2024})
    assert len(client.get(url, {"annee": "nonsense"}).context["page"]) == 7


def test_the_buyers_list_runs_a_fixed_number_of_queries(
    client, state, state_rep, django_assert_num_queries
):
    provider = CompanyFactory()
    PublicContractFactory(provider_siren=provider.siren)
    client.force_login(state_rep)
    url = reverse("procurement:contract_list", args=[state.pk])
    # session, user, savepoint and release, the buyer, its representative (twice: access
    # and the right to write), the count and the page of contracts, figures and their buyers
    with django_assert_num_queries(11):
        client.get(url)
    for _ in range(PER_PAGE + 5):
        PublicContractFactory(provider_siren=provider.siren)
    for page in (1, 2):
        with django_assert_num_queries(11):
            client.get(url, {"page": page})


def test_the_buyers_list_is_paginated_and_keeps_its_query_string(client, state, state_rep):
    provider = CompanyFactory()
    for number in range(PER_PAGE + 1):
        PublicContractFactory(reference=f"RC-{number:03d}", provider_siren=provider.siren)
    client.force_login(state_rep)
    url = reverse("procurement:contract_list", args=[state.pk])
    first = client.get(url, {"vue": "x"})
    assert len(first.context["page"].object_list) == PER_PAGE
    assert "vue=x&amp;page=2" in first.content.decode()
    second = client.get(url, {"page": 2})
    assert [c.reference for c in second.context["page"]] == [f"RC-{PER_PAGE:03d}"]
    assert "RC-000" not in second.content.decode()
    for bad in ("nonsense", "0", "-1", "999", "2.5", ""):
        response = client.get(url, {"page": bad})
        assert response.status_code == 200, bad
        assert response.context["page"].object_list, bad


# --- Measure 4.1 from the register ----------------------------------------------------


def test_figures_by_buyer_and_year(state):
    provider = CompanyFactory()
    _labelled(provider)
    PublicContractFactory(provider_siren=provider.siren, awarded_on=D(2024, 2, 1))
    PublicContractFactory(awarded_on=D(2024, 3, 1))
    PublicContractFactory(awarded_on=D(2023, 3, 1))
    rows = selectors.figures_by_buyer_and_year()
    assert [(r.buyer, r.year, r.figures.awarded, r.figures.labelled) for r in rows] == [
        (state, 2024, 2, 1),
        (state, 2023, 1, 0),
    ]
    assert rows[0].figures.labelled_share == 50.0
    period = selectors.figures(D(2024, 1, 1), D(2024, 12, 31), state)
    assert (period.awarded, period.labelled) == (2, 1)


def test_axis_4_is_not_zero_on_the_dashboard_when_contracts_exist():
    campaign = CampaignFactory(period_start=D(2024, 1, 1), period_end=D(2024, 12, 31))
    axis4 = next(row for row in dashboard.axis_progress(campaign) if row.axis.number == 4)
    assert axis4.answered == 0
    provider = CompanyFactory()
    _labelled(provider)
    PublicContractFactory(provider_siren=provider.siren)
    PublicContractFactory()
    axis4 = next(row for row in dashboard.axis_progress(campaign) if row.axis.number == 4)
    assert (axis4.achieved, axis4.in_progress, axis4.not_started) == (0, 1, 0)
    assert axis4.mean_percent == 50.0 and axis4.in_progress_share == 100.0


def test_measure_4_1_on_the_dashboard_says_its_figures_come_from_the_register(
    client, committee_member
):
    CampaignFactory()
    client.force_login(committee_member)
    client.cookies["django_language"] = "en"
    register = f'href="{reverse("procurement:register")}"'
    for code, from_register in ((selectors.MEASURE_CODE, True), ("3.1", False), ("5.1", False)):
        measure = Measure.objects.get(code=code)
        response = client.get(reverse("followup:measure_detail", args=[measure.pk]))
        html = response.content.decode()
        assert response.context["from_register"] is from_register, code
        assert ("come from the register of public contracts" in html) is from_register, code
        # the committee's menu links to the register on every page; 4.1's page once more
        assert html.count(register) == 1 + from_register, code


def test_the_states_report_shows_the_register_and_keeps_old_typed_figures(client, state, state_rep):
    campaign = CampaignFactory(period_start=D(2024, 1, 1), period_end=D(2024, 12, 31))
    PublicContractFactory()
    PublicContractFactory(awarded_on=D(2023, 1, 1))  # outside the period
    report = Report.objects.create(campaign=campaign, signatory=state)
    IndicatorValue.objects.create(
        report=report, indicator=Indicator.objects.get(code="public_contracts_awarded"), number=12
    )
    client.force_login(state_rep)
    client.cookies["django_language"] = "en"
    response = client.get(reverse("followup:signatory_report_edit", args=[state.pk, campaign.pk]))
    form = response.context["form"]
    asked = {i.code for i in form.indicators}
    assert not asked & {"public_contracts_awarded", "public_contracts_labelled"}
    block = next(b for b in response.context["blocks"] if b.measure.code == "4.1")
    assert (block.register.awarded, block.register.labelled) == (1, 0)
    assert [value for _indicator, value in block.typed_before] == [12]
    html = response.content.decode()
    assert "From the register of public contracts" in html
    assert "Typed in this report before the register" in html


def test_the_committee_reads_the_register_figures_on_the_states_report(
    client, committee_member, state
):
    campaign = CampaignFactory(period_start=D(2024, 1, 1), period_end=D(2024, 12, 31))
    PublicContractFactory()
    report = Report.objects.create(campaign=campaign, signatory=state, status="submitted")
    client.force_login(committee_member)
    client.cookies["django_language"] = "en"
    response = client.get(reverse("followup:report_review", args=[report.pk]))
    block = next(b for b in response.context["blocks"] if b.measure.code == "4.1")
    assert block.register.awarded == 1
    assert "From the register of public contracts" in response.content.decode()


def test_seed_demo_makes_labelled_and_unlabelled_contracts():
    from results.demo import seed_demo

    counts = seed_demo(companies=30, campaigns=2, seed=3, today=D(2026, 6, 1))
    contracts = PublicContract.objects.all()
    assert counts["public_contracts"] == contracts.count() > 0
    assert contracts.filter(labelled=True).exists()
    assert contracts.filter(labelled=False).exclude(no_label_reason="").exists()
    assert contracts.filter(provider__isnull=True).exists()
    assert {c.awarded_on.year for c in contracts} == {2024, 2025}
