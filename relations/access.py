"""Who may reach a relation: the contributors of either party (through
``signatories.access.access_company``) and the committee, which reads. A relation the
company is no party to is unknown to it (404)."""

from django.core.exceptions import PermissionDenied
from django.http import Http404

from .models import Relation


def access_relation(
    company, relation_id: int, *, answer: bool = False, declared: bool = False
) -> Relation:
    """The relation ``relation_id`` if ``company`` (already reached through
    ``access_company``) is one of its parties; with ``answer``, only if it is the side that
    did not declare it (the declaring side gets 403); with ``declared``, only if it is the
    side that declared it (the other side gets 403). One query."""
    try:
        relation = (
            Relation.objects.involving(company)
            .select_related("client", "provider")
            .get(pk=relation_id)
        )
    except (Relation.DoesNotExist, ValueError, TypeError):
        raise Http404("No such relation.") from None
    if answer and not relation.awaits_answer_from(company):
        raise PermissionDenied("The side that declared a relation does not answer it.")
    if declared and relation.side_of(company) != relation.declared_by:
        raise PermissionDenied("Only the side that declared a relation invites the other.")
    return relation
