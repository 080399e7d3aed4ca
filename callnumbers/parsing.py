"""A number as typed, read with phonenumbers: French numbers (+33, 0033 or 0…) of the
numbering plan, and 3BPQ short numbers, kept as the digits dialled in France. Spaces, dots
and dashes are allowed."""

import re

import phonenumbers
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from phonenumbers import shortnumberinfo

FRANCE = "FR"
SHORT_3BPQ = re.compile(r"^3[0-9]{3}$")

UNREADABLE = _(
    "This is not a phone number. Type the ten digits dialled in France, such as "
    "01 23 45 67 89, or a short number such as 3949."
)
FOREIGN = _(
    "This number is not French (+33): only the numbers of the French numbering plan are "
    "followed here."
)
NOT_ASSIGNED = _(
    "This number does not exist in the French numbering plan: check its digits (ten "
    "digits, such as 01 23 45 67 89)."
)
SHORT_NOT_3BPQ = _(
    "Short numbers followed here have four digits and start with 3 (3BPQ), such as 3949."
)


def french_number(typed: str) -> str:
    """The digits dialled in France for ``typed`` (0123456789, or 3949 for a short
    number); ValidationError with the reason otherwise."""
    text = typed.strip()
    try:
        parsed = phonenumbers.parse(text, FRANCE)
    except phonenumbers.NumberParseException:
        raise ValidationError(UNREADABLE, code="unreadable") from None
    if parsed.country_code != phonenumbers.country_code_for_region(FRANCE):
        raise ValidationError(FOREIGN, code="foreign")
    national = str(parsed.national_number)
    if phonenumbers.is_valid_number_for_region(parsed, FRANCE):
        return "0" + national
    if shortnumberinfo.is_valid_short_number_for_region(parsed, FRANCE) and not text.startswith(
        "+"
    ):
        if SHORT_3BPQ.match(national):
            return national
        raise ValidationError(SHORT_NOT_3BPQ, code="short")
    if len(national) == 9:
        raise ValidationError(NOT_ASSIGNED, code="not_assigned")
    raise ValidationError(UNREADABLE, code="unreadable")
