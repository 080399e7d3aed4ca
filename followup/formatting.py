"""Numbers and dates written as the template filters write them, for tables of hundreds of
rows built in Python: through the template engine, a ``floatformat`` per cell cost more
than the page's queries. A ``Formatter`` is made per rendering (in the reader's language)
and formats each distinct value once; tests compare it with the filters."""

import datetime
import html
from decimal import ROUND_HALF_UP, Decimal

from django.utils.dates import MONTHS
from django.utils.formats import get_format

_ONE = Decimal(1)
_TENTH = Decimal("0.1")


class Formatter:
    """Formats in the language active when it is made; each result is kept, so a value
    met again costs a dictionary lookup. The settings leave USE_THOUSAND_SEPARATOR off:
    no grouping."""

    def __init__(self) -> None:
        self.decimal_separator = get_format("DECIMAL_SEPARATOR")
        self.months = {number: str(name) for number, name in MONTHS.items()}
        self._whole: dict[object, str] = {}
        self._tenths: dict[object, str] = {}
        self._days: dict[datetime.date, str] = {}
        self._escaped: dict[str, str] = {}

    def whole(self, value) -> str:
        """``value|floatformat:0``: rounded half away from zero."""
        try:
            return self._whole[value]
        except KeyError:
            rounded = Decimal(str(value)).quantize(_ONE, rounding=ROUND_HALF_UP)
            text = self._whole[value] = str(int(rounded))
            return text

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

    def day(self, value: datetime.date) -> str:
        """``value|date:"j F Y"``, HTML-escaped."""
        try:
            return self._days[value]
        except KeyError:
            month = self.months[value.month]
            text = self._days[value] = html.escape(f"{value.day} {month} {value.year:04d}")
            return text

    def escaped(self, text) -> str:
        """``text`` HTML-escaped: for labels met on every row."""
        try:
            return self._escaped[text]
        except KeyError:
            escaped = self._escaped[text] = html.escape(str(text))
            return escaped
