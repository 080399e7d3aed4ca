"""Who may reach a number: the company's contributors write it, the committee reads it
(``signatories.access.access_company`` first); another company's number is unknown (404)."""

from django.shortcuts import get_object_or_404

from .models import CallNumber


def access_call_number(company, number_id: int) -> CallNumber:
    """The number ``number_id`` of ``company`` (already reached). One query."""
    return get_object_or_404(CallNumber.objects.filter(company=company), pk=number_id)
