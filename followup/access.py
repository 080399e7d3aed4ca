"""Who may read an evidence file: whoever may read the report it belongs to."""

from django.http import Http404

from signatories.access import access_company, access_signatory, can_read_everything

from .models import Evidence


def access_evidence(user, evidence_id: int, *, write: bool = False) -> Evidence:
    """The evidence, if ``user`` may read its owner (``write``: change it, else
    PermissionDenied for a reader such as the committee); Http404 otherwise. A removed
    file is the committee's only (it stays in the report's history). A file of the
    committee's own report is its members' (who write that report). Three queries, four
    with ``write``."""
    try:
        evidence = Evidence.objects.select_related("progress__report__campaign").get(pk=evidence_id)
    except (Evidence.DoesNotExist, ValueError, TypeError):
        raise Http404("No such file.") from None
    if evidence.company_id:
        access_company(user, evidence.company_id, write=write)
    elif evidence.signatory_id is None:
        if not can_read_everything(user):
            raise Http404("No such file.")
    else:
        access_signatory(user, evidence.signatory_id, write=write)
    if evidence.removed_at is not None and not can_read_everything(user):
        raise Http404("No such file.")
    return evidence
