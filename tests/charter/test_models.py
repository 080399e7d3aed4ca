import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError

from charter.models import Axis, Charter, Indicator, Measure
from signatories.models import Signatory

pytestmark = pytest.mark.django_db


@pytest.fixture
def charter():
    return Charter.objects.get()


def test_it_refuses_a_duplicate_axis_number(charter):
    axis = Axis(charter=charter, number=3, title="Doublon")
    with pytest.raises(ValidationError) as error:
        axis.full_clean()
    assert "a déjà un axe portant ce numéro" in str(error.value)


def test_the_database_refuses_a_duplicate_axis_number_too(charter):
    with pytest.raises(IntegrityError):
        Axis.objects.create(charter=charter, number=3, title="Doublon")


@pytest.mark.parametrize("number", [0, 6])
def test_it_refuses_an_axis_number_outside_1_to_5(number):
    other = Charter.objects.create(title="Autre", short_title="Autre", signed_on="2012-01-01")
    with pytest.raises(ValidationError) as error:
        Axis(charter=other, number=number, title="Hors cadre").full_clean()
    assert "number" in error.value.message_dict


def test_a_measure_code_must_start_with_its_axis_number(charter):
    axis = charter.axes.get(number=2)
    measure = Measure(axis=axis, code="1.9", title="Mauvais code")
    with pytest.raises(ValidationError) as error:
        measure.full_clean()
    assert "(2)" in error.value.message_dict["code"][0]


def test_a_measure_code_has_the_axis_a_dot_and_a_number(charter):
    measure = Measure(axis=charter.axes.get(number=2), code="2-9", title="Mauvais format")
    with pytest.raises(ValidationError) as error:
        measure.full_clean()
    assert "par exemple 1.4" in error.value.message_dict["code"][0]


def test_a_signatory_measure_needs_its_owner(charter):
    measure = Measure(
        axis=charter.axes.get(number=4), code="4.9", title="Sans porteur", bound="signatory"
    )
    with pytest.raises(ValidationError) as error:
        measure.full_clean()
    assert "owner" in error.value.message_dict


def test_a_company_measure_has_no_owner(charter):
    measure = Measure(
        axis=charter.axes.get(number=2),
        code="2.9",
        title="Porteur en trop",
        bound="companies",
        owner=Signatory.objects.get(acronym="CFDT"),
    )
    with pytest.raises(ValidationError) as error:
        measure.full_clean()
    assert "owner" in error.value.message_dict


def test_measures_are_ordered_by_number_not_by_text(charter):
    axis = charter.axes.get(number=1)
    Measure.objects.create(axis=axis, code="1.10", title="Dixième")
    codes = list(axis.measures.values_list("code", flat=True))
    assert codes[-2:] == ["1.6", "1.10"]


def _indicator(**fields):
    measure = Measure.objects.get(code="2.1")
    defaults = {"measure": measure, "code": "new_one", "label": "Nouveau", "value_type": "text"}
    return Indicator(**{**defaults, **fields})


def test_a_choice_indicator_needs_two_options():
    with pytest.raises(ValidationError) as error:
        _indicator(value_type="choice", choices="oui | Oui | Yes").full_clean()
    assert "au moins deux options" in error.value.message_dict["choices"][0]


def test_a_choice_indicator_names_the_bad_line():
    with pytest.raises(ValidationError) as error:
        _indicator(value_type="choice", choices="a | A\nsans libellé").full_clean()
    assert "La ligne 2" in error.value.message_dict["choices"][0]


def test_a_choice_indicator_refuses_two_options_with_one_code():
    with pytest.raises(ValidationError):
        _indicator(value_type="choice", choices="a | A\na | B").full_clean()


def test_options_are_only_for_choice_indicators():
    with pytest.raises(ValidationError) as error:
        _indicator(value_type="integer", choices="a | A\nb | B").full_clean()
    assert "choices" in error.value.message_dict


def test_a_choice_indicator_reads_its_options_in_the_active_language():
    from django.utils import translation

    indicator = Indicator.objects.get(code="number_range_study_stage")
    with translation.override("fr"):
        assert ("in_progress", "En cours") in indicator.choice_list()
    with translation.override("en"):
        assert ("in_progress", "In progress") in indicator.choice_list()
