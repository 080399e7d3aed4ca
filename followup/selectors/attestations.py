"""Reads of the attestations on client–provider relations.

Confidentiality: what a company reads is built by ``company_attestations`` and
``own_attestation``, which only ever read the company's own side. Both sides, and the
disagreements between them, are read by the committee's selectors only
(``disagreements``, ``relation_review``); no page of the company space calls them."""

from dataclasses import dataclass, field

from django.db.models import Q

from relations.models import Relation
from signatories.models import Company

from ..models import Attestation, Campaign, Report, Settlement


def report_of(company: Company, campaign: Campaign) -> Report | None:
    """The company's report for ``campaign``, if started. One query."""
    return Report.objects.filter(company=company, campaign=campaign).first()


def company_attestations(company: Company, campaign: Campaign) -> list[Relation]:
    """The relations of ``company`` its side may attest to (any but a disputed one), each
    with ``side`` (the company's), ``other_name`` and ``own`` (its own side's attestation
    for ``campaign``, or None). Never the other side's. Two queries."""
    relations = list(
        Relation.objects.involving(company)
        .exclude(status=Relation.Status.DISPUTED)
        .select_related("client", "provider")
        .order_by("pk")
    )
    own_sides = Q()
    for relation in relations:
        relation.side = relation.side_of(company)
        relation.other_name = relation.party_name(relation.other(relation.side))
        own_sides |= Q(relation=relation, side=relation.side)
    own = {}
    if relations:
        for attestation in Attestation.objects.filter(own_sides, campaign=campaign):
            own[attestation.relation_id] = attestation
    for relation in relations:
        relation.own = own.get(relation.pk)
    return relations


def own_attestation(relation: Relation, campaign: Campaign, side: str) -> Attestation | None:
    """One side's attestation (the company's own). One query."""
    return Attestation.objects.filter(relation=relation, campaign=campaign, side=side).first()


# --- The committee's reads: both sides ---------------------------------------------------------


@dataclass
class Disagreement:
    """A relation whose two sides answered differently for a campaign: the practices they
    differ on, both answers, and the committee's notes (newest first)."""

    relation: Relation
    campaign: Campaign
    client: Attestation
    provider: Attestation
    practices: list[str]
    notes: list[Settlement] = field(default_factory=list)

    @property
    def rows(self) -> list[tuple[str, str, str, str]]:
        """(measure, practice's label, client's answer, provider's answer) for each
        practice the sides differ on."""
        return [
            (
                Attestation.MEASURES[practice],
                Attestation._meta.get_field(practice).verbose_name,
                getattr(self.client, f"get_{practice}_display")(),
                getattr(self.provider, f"get_{practice}_display")(),
            )
            for practice in self.practices
        ]

    @property
    def settled(self) -> bool:
        """A note was written since either side last changed its answers."""
        latest = max(self.client.updated_at, self.provider.updated_at)
        return bool(self.notes) and self.notes[0].written_at >= latest


def disagreements(
    campaign: Campaign | None = None,
    *,
    company: Company | None = None,
    relation: Relation | None = None,
) -> list[Disagreement]:
    """The disagreements of ``campaign`` (all campaigns when None), of ``company``'s
    relations or of one ``relation`` when given, by relation. For the committee only. Two
    queries whatever their number."""
    attestations = Attestation.objects.select_related(
        "campaign", "relation__client", "relation__provider"
    )
    if campaign is not None:
        attestations = attestations.filter(campaign=campaign)
    if company is not None:
        attestations = attestations.filter(relation__in=Relation.objects.involving(company))
    if relation is not None:
        attestations = attestations.filter(relation=relation)
    pairs: dict[tuple[int, int], dict[str, Attestation]] = {}
    for attestation in attestations.order_by("relation_id", "campaign_id"):
        pairs.setdefault((attestation.relation_id, attestation.campaign_id), {})[
            attestation.side
        ] = attestation
    found = []
    for sides in pairs.values():
        client, provider = sides.get("client"), sides.get("provider")
        if practices := Attestation.disagreement(client, provider):
            found.append(
                Disagreement(client.relation, client.campaign, client, provider, practices)
            )
    _attach_notes(found)
    return found


def _attach_notes(found: list[Disagreement]) -> None:
    if not found:
        return
    wanted = Q()
    for disagreement in found:
        wanted |= Q(relation=disagreement.relation, campaign=disagreement.campaign)
    by_pair: dict[tuple[int, int], list[Settlement]] = {}
    for note in Settlement.objects.filter(wanted).select_related("written_by"):
        by_pair.setdefault((note.relation_id, note.campaign_id), []).append(note)
    for disagreement in found:
        key = (disagreement.relation.pk, disagreement.campaign.pk)
        disagreement.notes = by_pair.get(key, [])


def relation_review(relation: Relation) -> list[dict]:
    """For the committee: per campaign (newest first), both sides' attestations (None
    where a side has not answered) and the disagreement if any. Three queries."""
    by_campaign: dict[int, dict] = {}
    attestations = relation.attestations.select_related("campaign", "updated_by")
    for attestation in attestations.order_by("-campaign__period_end", "side"):
        row = by_campaign.setdefault(
            attestation.campaign_id,
            {"campaign": attestation.campaign, "client": None, "provider": None},
        )
        row[attestation.side] = attestation
    found = {d.campaign.pk: d for d in disagreements(relation=relation)}
    rows = list(by_campaign.values())
    for row in rows:
        row["disagreement"] = found.get(row["campaign"].pk)
        row["answers"] = [
            (
                Attestation.MEASURES[practice],
                Attestation._meta.get_field(practice).verbose_name,
                row["client"] and getattr(row["client"], f"get_{practice}_display")(),
                row["provider"] and getattr(row["provider"], f"get_{practice}_display")(),
            )
            for practice in Attestation.PRACTICES
        ]
    return rows
