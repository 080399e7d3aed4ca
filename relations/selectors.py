"""Reads of relations."""

from signatories.models import Company

from .models import Relation


def company_relations(company: Company) -> dict[str, list[Relation]]:
    """The relations of ``company``, as client and as provider, newest first, each with
    ``side`` (the company's), ``other_name`` and ``other_siren`` set, ``other_outside``
    (the other party is not in the base) and ``awaits`` (its answer is wanted). One query."""
    relations = {Relation.Side.CLIENT: [], Relation.Side.PROVIDER: []}
    for relation in Relation.objects.involving(company).select_related("client", "provider"):
        relation.side = relation.side_of(company)
        other = Relation.other(relation.side)
        relation.other_name = relation.party_name(other)
        relation.other_siren = relation.party_siren_display(other)
        relation.other_outside = relation.party(other) is None
        relation.awaits = relation.awaits_answer_from(company)
        relations[relation.side].append(relation)
    return {"as_client": relations["client"], "as_provider": relations["provider"]}
