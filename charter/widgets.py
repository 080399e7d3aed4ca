"""Form widgets of the site's forms: a field sent back with its error keeps a value its
``<input>`` can hold. A value a browser could not have sent (a word in a number field, a
day that does not exist in a date field) is shown empty, as a browser would show it, and
the field's error says what is wrong; writing it back would make the page invalid HTML."""

import datetime
from decimal import Decimal, InvalidOperation

from django import forms


class DateInput(forms.DateInput):
    """``<input type="date">`` with an ISO date, or empty."""

    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs, format="%Y-%m-%d")

    def format_value(self, value):
        if isinstance(value, str):
            try:
                return datetime.date.fromisoformat(value.strip()).isoformat()
            except ValueError:
                return None
        return super().format_value(value)


class NumberInput(forms.NumberInput):
    """``<input type="number">`` with a number, or empty."""

    def format_value(self, value):
        if isinstance(value, str):
            try:
                number = Decimal(value.strip())
            except InvalidOperation:
                return None
            return value.strip() if number.is_finite() else None
        return super().format_value(value)
