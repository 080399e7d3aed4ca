"""Form widgets of the site's forms, so that a field sent back with its error keeps a
value its ``<input>`` can hold (the page stays valid HTML) and nothing typed is lost."""

import datetime

from django import forms


class DateInput(forms.DateInput):
    """``<input type="date">`` with an ISO date, or empty: a browser's date field only ever
    sends a real date, so anything else (a day that does not exist, sent by another
    client) is shown empty, as a browser would show it, and the field's error says what is
    wrong."""

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


class WholeNumberInput(forms.TextInput):
    """A whole number in a text field with the numeric keyboard (``inputmode``), as the
    GOV.UK design system advises rather than ``type="number"``: whatever was typed, a word
    included, is written back with its error, and the page stays valid HTML."""

    def __init__(self, attrs=None):
        super().__init__({"inputmode": "numeric", **(attrs or {})})
