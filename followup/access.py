"""Who may read an evidence file: whoever may read the company or signatory it belongs to."""

from django.http import Http404

from signatories.access import access_company, access_signatory

from .models import Evidence


def access_evidence(user, evidence_id: int) -> Evidence:
    """The evidence, if ``user`` may read its owner; Http404 otherwise. Three queries."""
    try:
        evidence = Evidence.objects.get(pk=evidence_id)
    except (Evidence.DoesNotExist, ValueError, TypeError):
        raise Http404("No such file.") from None
    if evidence.company_id:
        access_company(user, evidence.company_id)
    else:
        access_signatory(user, evidence.signatory_id)
    return evidence
