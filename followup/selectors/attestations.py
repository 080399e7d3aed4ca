"""Reads of the attestations on client–provider relations.

Confidentiality: what a company reads is built by ``company_attestations`` and
``own_attestation``, which only ever read the company's own side. Both sides, and the
disagreements between them, are read by the committee's selectors only
(``disagreements``, ``relation_review``); no page of the company space calls them."""

from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Count, Q

from relations.models import Relation, on_side
from signatories.models import Company

from ..models import Attestation, Campaign, Progress, Report, Settlement


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


# --- A company's figures on measures 3.2 to 3.5 -----------------------------------------------


@dataclass(frozen=True)
class PracticeFigures:
    """A company's figures on one practice of measures 3.2 to 3.5 for a campaign, from its
    own side's attestations on its relations that count (any but a disputed one): how many
    relations it attested, and how many it answered "yes" and "no" ("not known" is the
    rest). The one rule of what a company's report answers on these measures: its status
    and progress (the share of relations where the commitment is kept, ``Attestation.KEPT``)
    and its indicator (``Attestation.INDICATORS``). No query."""

    practice: str
    attested: int = 0
    yes: int = 0
    no: int = 0

    @property
    def measure_code(self) -> str:
        return Attestation.MEASURES[self.practice]

    @property
    def indicator_code(self) -> str:
        return Attestation.INDICATORS[self.practice]

    @property
    def unknown(self) -> int:
        return self.attested - self.yes - self.no

    @property
    def kept(self) -> int:
        """Relations where the commitment is kept ("not known" does not keep it)."""
        return self.yes if Attestation.KEPT[self.practice] == "yes" else self.no

    @property
    def status(self) -> str:
        """Not applicable without any relation attested; achieved when every relation
        keeps the commitment, not started when none does, in progress in between."""
        if not self.attested:
            return Progress.Status.NOT_APPLICABLE
        if self.kept == self.attested:
            return Progress.Status.ACHIEVED
        return Progress.Status.NOT_STARTED if not self.kept else Progress.Status.IN_PROGRESS

    @property
    def percent(self) -> int | None:
        """The share of relations that keep the commitment, in whole percent; never 0 or
        100 while in progress (``Progress.clean``'s rule)."""
        if not self.attested:
            return None
        share = round(100 * self.kept / self.attested)
        if self.status == Progress.Status.IN_PROGRESS:
            return min(max(share, 1), 99)
        return share

    @property
    def value(self) -> Decimal | bool | None:
        """The indicator's answer: for 3.2 to 3.4, the share of relations answered "yes"
        (%, two decimals); for 3.5, whether any relation had retroactive discounts (yes),
        none did (every answer "no"), or it is not known. None without any relation."""
        if not self.attested:
            return None
        if self.practice == "retro_discounts":
            if self.yes:
                return True
            return False if self.no == self.attested else None
        share = Decimal(100 * self.yes) / Decimal(self.attested)
        return share.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


def _practice_counts() -> dict:
    counts = {"attested": Count("pk")}
    for practice in Attestation.PRACTICES:
        counts[f"{practice}_yes"] = Count("pk", filter=Q(**{practice: Attestation.Answer.YES}))
        counts[f"{practice}_no"] = Count("pk", filter=Q(**{practice: Attestation.Answer.NO}))
    return counts


def _figures_from(row: dict) -> dict[str, PracticeFigures]:
    return {
        Attestation.MEASURES[practice]: PracticeFigures(
            practice,
            attested=row["attested"] or 0,
            yes=row[f"{practice}_yes"] or 0,
            no=row[f"{practice}_no"] or 0,
        )
        for practice in Attestation.PRACTICES
    }


def own_practice_figures(company: Company, campaign: Campaign) -> dict[str, PracticeFigures]:
    """{measure code (3.2 to 3.5): ``PracticeFigures``} of ``company`` for ``campaign``,
    from its own side's attestations only. One query."""
    own = Attestation.objects.filter(campaign=campaign).exclude(
        relation__status=Relation.Status.DISPUTED
    )
    own = own.filter(
        (Q(side=Relation.Side.CLIENT) & on_side(company, "client", "relation__"))
        | (Q(side=Relation.Side.PROVIDER) & on_side(company, "provider", "relation__"))
    )
    return _figures_from(own.aggregate(**_practice_counts()))


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
