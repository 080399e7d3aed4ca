"""Date and number fields sent back with an error hold only what their <input> can hold."""

import datetime

from django import forms

from core.widgets import DateInput, WholeNumberInput


class Form(forms.Form):
    day = forms.DateField(widget=DateInput())
    count = forms.IntegerField(widget=WholeNumberInput())


def rendered(data):
    form = Form(data)
    form.is_valid()
    return str(form["day"]), str(form["count"]), form.errors


def test_a_day_that_does_not_exist_is_shown_empty_with_its_error():
    day, count, errors = rendered({"day": "2024-02-31", "count": "12"})

    assert 'type="date"' in day and "value=" not in day
    assert set(errors) == {"day"}


def test_a_word_in_a_whole_number_field_is_kept_with_its_error():
    day, count, errors = rendered({"day": "2024-02-29", "count": "beaucoup"})

    assert 'type="text"' in count and 'inputmode="numeric"' in count
    assert 'value="beaucoup"' in count
    assert set(errors) == {"count"}


def test_valid_values_are_written_back():
    day, count, errors = rendered({"day": "2024-02-29", "count": "12"})

    assert 'value="2024-02-29"' in day and 'value="12"' in count
    assert not errors
    assert DateInput().format_value(datetime.date(2025, 1, 1)) == "2025-01-01"
