"""Numbers and dates of the tables built in Python are written exactly as the template
filters write them, in both languages."""

import datetime
from decimal import Decimal

import pytest
from django.template.defaultfilters import date as date_filter
from django.template.defaultfilters import floatformat
from django.utils import translation
from hypothesis import given, settings
from hypothesis import strategies as st

from followup.formatting import Formatter

D = datetime.date
NUMBERS = [0, 0.04, -0.04, 0.05, 0.5, 1.5, 2.5, 2.45, 49.999, 50.5, 72.25, 99.95, 100, 12345.5]
DECIMALS = [
    Decimal("80.00"),
    Decimal("33.333"),
    Decimal("66.5"),
    Decimal("-0.4"),
    Decimal("-2.5"),
    Decimal("0.05"),
    Decimal("1E+2"),
    Decimal("7"),
]


@pytest.mark.parametrize("language", ["fr", "en"])
def test_numbers_and_dates_as_the_filters_write_them(language):
    with translation.override(language):
        write = Formatter()
        for value in [*NUMBERS, *DECIMALS]:
            assert write.whole(value) == floatformat(value, 0), value
            assert write.tenths(value) == floatformat(value, 1), value
            assert write.whole(value) == write.whole(value)  # kept, the same
        assert write.tenths(None) == floatformat(None, 1) == ""
        for day in [D(1, 1, 1), D(2027, 1, 1), D(2027, 5, 27), D(2028, 2, 29), D(9999, 12, 31)]:
            assert write.day(day) == date_filter(day, "j F Y"), day


@settings(max_examples=300, deadline=None)
@given(
    st.one_of(
        # floatformat gives back as it is a number of more than 200 digits and exponent
        # (3e-222): no figure of the application comes near.
        st.floats(min_value=-1e9, max_value=1e9, allow_nan=False).filter(
            lambda x: x == 0 or abs(x) >= 1e-9
        ),
        st.decimals(min_value=-(10**9), max_value=10**9, places=4, allow_nan=False),
    ),
    st.sampled_from(["fr", "en"]),
)
def test_any_number_is_written_as_floatformat_writes_it(value, language):
    with translation.override(language):
        write = Formatter()
        assert write.whole(value) == floatformat(value, 0)
        assert write.tenths(value) == floatformat(value, 1)


def test_labels_are_escaped_once():
    write = Formatter()
    assert write.escaped('A & <B> "C"') == "A &amp; &lt;B&gt; &quot;C&quot;"
    assert write.escaped("&amp;") == "&amp;amp;"
