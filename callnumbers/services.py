"""Writes of customer-service numbers, with who made them in their history."""

from core.history import attribute_to

from .models import CallNumber


def call_number_save(call_number: CallNumber, user) -> CallNumber:
    """Save a number the form checked."""
    attribute_to(user, call_number)
    call_number.save()
    return call_number


def call_number_remove(call_number: CallNumber, user) -> None:
    attribute_to(user, call_number)
    call_number.delete()
