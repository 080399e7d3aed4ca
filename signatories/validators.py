"""Checks on identifiers that the forms and the models share."""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _


def luhn_is_valid(digits: str) -> bool:
    """Luhn checksum, as INSEE uses it for SIREN numbers."""
    total = 0
    for index, char in enumerate(reversed(digits)):
        value = int(char)
        if index % 2 == 1:
            value *= 2
            if value > 9:
                value -= 9
        total += value
    return total % 10 == 0


def normalize_siren(value: str) -> str:
    """Drop the spaces, dots and dashes people type inside a SIREN: '552 100 554' -> '552100554'."""
    return "".join(ch for ch in str(value) if ch not in " .-\u00a0\u202f")


def grouped_siren(value: str) -> str:
    """A SIREN grouped by three, as printed on a Kbis: '552100554' -> '552 100 554'."""
    return f"{value[:3]} {value[3:6]} {value[6:]}" if len(value) == 9 else value


def validate_siren(value: str) -> None:
    if not (len(value) == 9 and value.isascii() and value.isdigit()):
        raise ValidationError(
            _("A SIREN number has exactly 9 digits, such as 552 100 554."), code="siren_format"
        )
    if not luhn_is_valid(value):
        raise ValidationError(
            _(
                "This SIREN number fails its check digit: one digit is probably mistyped. "
                "Copy it again from the company's Kbis extract or the INSEE directory."
            ),
            code="siren_checksum",
        )
