"""Numbers classified by the dated rows of the French numbering plan: every family, the
rows in force on a day, the longest prefix, and the admin's refusal of two rows in force
for one prefix on the same day."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from callnumbers.models import CallNumber, Family, TariffPrefix, tariff_of
from callnumbers.selectors import company_numbers, flagged_company_count

pytestmark = pytest.mark.django_db

D = datetime.date
TODAY = D(2026, 6, 1)


@pytest.mark.parametrize(
    ("number", "family", "surcharged"),
    [
        ("0800123456", Family.FREE, False),
        ("0805123456", Family.FREE, False),
        ("0123456789", Family.ORDINARY, False),
        ("0512345678", Family.ORDINARY, False),
        ("0970123456", Family.ORDINARY, False),
        ("0612345678", Family.ORDINARY, False),
        ("0756123456", Family.ORDINARY, False),
        ("0806123456", Family.ORDINARY, False),
        ("0810123456", Family.SHARED_COST, True),
        ("0825123456", Family.SHARED_COST, True),
        ("0899123456", Family.PREMIUM, True),
        ("3949", Family.SHORT, True),
    ],
)
def test_every_family_of_the_plan_loaded_by_the_migration(company_a, number, family, surcharged):
    row = tariff_of(number, TODAY)
    assert (row.family, row.surcharged) == (family, surcharged)
    # The query's classification is the same rule.
    CallNumber.objects.create(company=company_a, number=number, purpose="sales")
    read = CallNumber.objects.with_tariff(TODAY).get(number=number)
    assert (read.family, read.surcharged) == (family, surcharged)


def test_rows_are_read_on_the_day_asked():
    # 0806 to 0809 are billed as an ordinary call since the reform of 1 October 2015.
    assert tariff_of("0806123456", D(2015, 9, 30)) is None
    assert tariff_of("0806123456", D(2015, 10, 1)).family == Family.ORDINARY
    # Nothing is classified before the plan's rows start.
    assert tariff_of("0123456789", D(2010, 11, 8)) is None


def test_a_decision_that_changes_a_family_from_a_date(company_a):
    TariffPrefix.objects.filter(prefix="081").update(valid_until=D(2027, 12, 31))
    TariffPrefix.objects.create(
        prefix="081", family=Family.ORDINARY, surcharged=False, valid_from=D(2028, 1, 1)
    )
    assert tariff_of("0810123456", D(2027, 12, 31)).surcharged
    assert not tariff_of("0810123456", D(2028, 1, 1)).surcharged
    CallNumber.objects.create(company=company_a, number="0810123456", purpose="complaints")
    assert CallNumber.objects.flagged(D(2027, 12, 31)).count() == 1
    assert CallNumber.objects.flagged(D(2028, 1, 1)).count() == 0


def test_the_longest_prefix_wins(company_a):
    TariffPrefix.objects.create(
        prefix="3900", family=Family.FREE, surcharged=False, valid_from=D(2020, 1, 1)
    )
    assert tariff_of("3900", TODAY).family == Family.FREE
    assert tariff_of("3949", TODAY).family == Family.SHORT
    CallNumber.objects.create(company=company_a, number="3900", purpose="complaints")
    CallNumber.objects.create(company=company_a, number="3949", purpose="complaints")
    numbers = {n.number: n for n in company_numbers(company_a, TODAY)}
    assert not numbers["3900"].flagged and numbers["3949"].flagged
    # Before the longer prefix's row starts, the shorter one classifies it.
    assert tariff_of("3900", D(2019, 12, 31)).family == Family.SHORT


def test_a_number_no_row_classifies_is_not_flagged(company_a):
    TariffPrefix.objects.filter(prefix="089").delete()
    CallNumber.objects.create(company=company_a, number="0899123456", purpose="complaints")
    (number,) = company_numbers(company_a, TODAY)
    assert number.family is None and number.family_label == "" and not number.flagged


@pytest.mark.parametrize(
    ("purpose", "flagged"),
    [("after_sales", True), ("complaints", True), ("contract", True), ("sales", False)],
)
def test_surcharged_lines_are_flagged_for_the_protected_purposes(company_a, purpose, flagged):
    CallNumber.objects.create(company=company_a, number="0899123456", purpose=purpose)
    CallNumber.objects.create(company=company_a, number="0800123456", purpose=purpose)
    assert [n.number for n in company_numbers(company_a, TODAY) if n.flagged] == (
        ["0899123456"] if flagged else []
    )
    assert CallNumber.objects.flagged(TODAY).count() == int(flagged)


def test_the_companies_with_a_flagged_number_are_counted_once(company_a, company_b):
    for number in ("0899123456", "0825123456"):
        CallNumber.objects.create(company=company_a, number=number, purpose="complaints")
    CallNumber.objects.create(company=company_b, number="0825123456", purpose="sales")
    assert flagged_company_count(TODAY) == 1


def test_two_rows_in_force_for_one_prefix_on_the_same_day_are_refused():
    row = TariffPrefix(prefix="089", family=Family.PREMIUM, surcharged=True, valid_from=TODAY)
    with pytest.raises(ValidationError, match="en vigueur pour ce préfixe"):
        row.full_clean()
    TariffPrefix.objects.filter(prefix="089").update(valid_until=TODAY - datetime.timedelta(1))
    row.full_clean()  # once the former row ends the day before, it is accepted
    other = TariffPrefix(prefix="0899", family=Family.PREMIUM, surcharged=True, valid_from=TODAY)
    other.full_clean()  # another prefix, even a longer one, is another row


def test_the_admin_refuses_an_overlapping_row_and_keeps_what_was_typed(client, admin_user):
    client.force_login(admin_user)
    data = {
        "prefix": "081",
        "family": "free",
        "surcharged": "",
        "valid_from": "2030-01-01",
        "valid_until": "",
        "source": "Décision imaginaire",
    }
    response = client.post(reverse("admin:callnumbers_tariffprefix_add"), data)
    assert response.status_code == 200
    page = response.content.decode()
    assert "Une autre ligne est en vigueur pour ce préfixe" in page
    assert 'value="Décision imaginaire"' in page
    row = TariffPrefix.objects.get(prefix="081")
    response = client.post(
        reverse("admin:callnumbers_tariffprefix_change", args=[row.pk]),
        {
            "prefix": "081",
            "family": "shared_cost",
            "surcharged": "on",
            "valid_from": row.valid_from.isoformat(),
            "valid_until": "2029-12-31",
            "source": row.source,
        },
    )
    assert response.status_code == 302
    assert client.post(reverse("admin:callnumbers_tariffprefix_add"), data).status_code == 302
    assert row.history.first().history_user == admin_user
