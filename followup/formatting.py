"""Numbers written as the template filters write them, for the palmarès's ranking built in
Python (``ranking_rows``): through the template engine, a ``floatformat`` per cell cost
more than the page's queries. A ``Formatter`` is made per rendering (in the reader's
language) and formats each distinct value once; tests compare it with the filters. Every
other page formats its numbers and dates in its templates (``config/formats``)."""

import html
from decimal import ROUND_HALF_UP, Decimal

from django.utils.formats import get_format

_TENTH = Decimal("0.1")


class Formatter:
    """Formats in the language active when it is made; each result is kept, so a value
    met again costs a dictionary lookup. The settings leave USE_THOUSAND_SEPARATOR off:
    no grouping."""

    def __init__(self) -> None:
        self.decimal_separator = get_format("DECIMAL_SEPARATOR")
        self._tenths: dict[object, str] = {}
        self._escaped: dict[str, str] = {}

    def tenths(self, value) -> str:
        """``value|floatformat:1``: one decimal, rounded half away from zero, with the
        language's decimal separator; "" for None."""
        try:
            return self._tenths[value]
        except KeyError:
            text = self._tenths[value] = self._format_tenths(value)
            return text

    def _format_tenths(self, value) -> str:
        if value is None:
            return ""
        rounded = Decimal(str(value)).quantize(_TENTH, rounding=ROUND_HALF_UP)
        if not rounded:
            rounded = abs(rounded)  # never "-0.0"
        units, _point, tenth = f"{rounded:f}".partition(".")
        return f"{units}{self.decimal_separator}{tenth}"

    def escaped(self, text) -> str:
        """``text`` HTML-escaped: for labels met on every row."""
        try:
            return self._escaped[text]
        except KeyError:
            escaped = self._escaped[text] = html.escape(str(text))
            return escaped
