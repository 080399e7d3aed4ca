"""Who may read a PDF document: whoever may read what it is about."""

from django.http import Http404

from signatories.access import access_company, can_read_everything

from .models import Document


def access_document(user, document_id: int) -> Document:
    """A campaign report is the committee's; a company's card or certificate is read by the
    company's users and the committee. Anyone else gets 404. Three queries at most."""
    try:
        document = Document.objects.select_related("campaign", "company", "requested_by").get(
            pk=document_id
        )
    except (Document.DoesNotExist, ValueError, TypeError):
        raise Http404("No such document.") from None
    if document.company_id and document.kind != Document.Kind.CAMPAIGN_REPORT:
        access_company(user, document.company_id)
    elif not can_read_everything(user):
        raise Http404("No such document.")
    return document
