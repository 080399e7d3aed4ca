"""Numbers as people type them: French ones accepted with spaces, dots, dashes or +33 and
kept as the digits dialled in France; anything else refused with its reason."""

import pytest
from django.core.exceptions import ValidationError

from callnumbers.models import grouped
from callnumbers.parsing import french_number


@pytest.mark.parametrize(
    ("typed", "digits"),
    [
        ("0123456789", "0123456789"),
        ("01 23 45 67 89", "0123456789"),
        ("01.23.45.67.89", "0123456789"),
        ("01-23-45-67-89", "0123456789"),
        (" +33 1 23 45 67 89 ", "0123456789"),
        ("0033 1 23 45 67 89", "0123456789"),
        ("+33 (0)1 23 45 67 89", "0123456789"),
        ("0800 12 34 56", "0800123456"),
        ("06 12 34 56 78", "0612345678"),
        ("3949", "3949"),
    ],
)
def test_french_numbers_are_accepted_and_normalised(typed, digits):
    assert french_number(typed) == digits


@pytest.mark.parametrize(
    ("typed", "code"),
    [
        ("pas un numéro", "unreadable"),
        ("<script>", "unreadable"),
        ("012345", "unreadable"),
        ("01234567890123", "unreadable"),
        ("+44 20 7946 0958", "foreign"),
        ("+32 2 123 45 67", "foreign"),
        ("07 12 34 56 78", "not_assigned"),
        ("15", "short"),
        ("1010", "short"),
    ],
)
def test_other_input_is_refused_with_its_reason(typed, code):
    with pytest.raises(ValidationError) as refused:
        french_number(typed)
    assert refused.value.code == code


def test_numbers_are_shown_grouped_by_two_digits():
    assert grouped("0123456789") == "01 23 45 67 89"
    assert grouped("3949") == "3949"
