"""The data migration loads the real charter of 9 November 2010."""

import datetime
from decimal import Decimal

import pytest

from charter.models import Axis, Charter, Indicator, Measure
from signatories.models import CompanyKind, LocationThreshold, Signatory

pytestmark = pytest.mark.django_db


def test_it_loads_the_charter_signed_on_9_november_2010():
    charter = Charter.objects.get()
    assert charter.signed_on == datetime.date(2010, 11, 9)
    assert "relation client" in charter.title
    assert charter.title_en


def test_it_loads_five_axes_in_both_languages():
    axes = list(Axis.objects.order_by("number"))
    assert [axis.number for axis in axes] == [1, 2, 3, 4, 5]
    assert axes[0].title == "Qualité de service"
    assert axes[4].title_en == "Follow-up committee"
    for axis in axes:
        assert axis.title and axis.title_en and axis.summary and axis.summary_en
        assert axis.description and axis.description_en


def test_it_loads_the_five_signatories_with_their_colleges():
    colleges = dict(Signatory.objects.values_list("acronym", "college"))
    assert colleges == {
        "État": "public",
        "AFRC": "employers",
        "SP2C": "employers",
        "CFTC": "employees",
        "CFDT": "employees",
    }
    assert set(Signatory.objects.values_list("signed_on", flat=True)) == {
        datetime.date(2010, 11, 9)
    }


@pytest.mark.parametrize(
    ("code", "words", "bound", "owner"),
    [
        ("1.1", "certifications", "companies", None),
        ("1.2", "certifications", "signatory", "AFRC"),
        ("1.3", "certifications", "signatory", "SP2C"),
        ("1.4", "numéros", "signatory", "État"),
        ("1.5", "automates", "companies", None),
        ("1.6", "serveurs vocaux", "companies", None),
        ("2.1", "Former", "companies", None),
        ("2.2", "France", "companies", None),
        ("3.1", "document de travail", "committee", None),
        ("3.5", "remises rétroactives", "companies", None),
        ("4.1", "marchés publics", "signatory", "État"),
        ("5.2", "palmarès", "committee", None),
        ("5.3", "baromètre", "committee", None),
    ],
)
def test_it_loads_the_measures_the_charter_lists(code, words, bound, owner):
    measure = Measure.objects.select_related("owner").get(code=code)
    assert words in measure.title
    assert measure.bound == bound
    assert (measure.owner.acronym if measure.owner else None) == owner
    assert measure.title_en and measure.description and measure.description_en


def test_every_measure_can_be_followed_by_an_indicator():
    assert not Measure.objects.filter(indicators__isnull=True).exists()


@pytest.mark.parametrize(
    ("code", "value_type"),
    [
        ("jobs_created_total", "integer"),
        ("jobs_created_france", "integer"),
        ("headcount_france", "integer"),
        ("headcount_abroad", "integer"),
        ("training_hours", "integer"),
        ("automated_dialers_used", "boolean"),
        ("ivr_answered_share", "percentage"),
        ("service_certification_held", "boolean"),
        ("retroactive_discounts_asked", "boolean"),
        ("number_range_study_stage", "choice"),
        ("ranking_published_on", "date"),
        ("ivr_menu_depth", "decimal"),
        ("training_topics", "text"),
    ],
)
def test_it_loads_the_indicators_that_follow_the_measures(code, value_type):
    indicator = Indicator.objects.get(code=code)
    assert indicator.value_type == value_type
    assert indicator.label and indicator.label_en
    indicator.full_clean()


def test_it_loads_the_label_threshold_of_60_percent_for_every_kind():
    thresholds = LocationThreshold.objects.all()
    assert {t.company_kind for t in thresholds} == set(CompanyKind.values)
    for threshold in thresholds:
        assert threshold.min_share_france == Decimal("60.00")
        assert threshold.valid_from == datetime.date(2010, 11, 9)
        assert threshold.valid_until is None


def test_every_reference_row_passes_its_own_validation():
    for model in (Charter, Axis, Measure, Indicator, Signatory, LocationThreshold):
        for row in model.objects.all():
            row.full_clean()
