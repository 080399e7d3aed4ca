"""Writes on the attestations on client–provider relations, and the committee's notes of
how a disagreement was settled."""

from django.db import transaction

from core.history import attribute_to
from relations.models import Relation

from ..models import Attestation, Campaign, Settlement
from .reports import ReportClosed


def attestation_editable(campaign: Campaign, report, relation: Relation) -> bool:
    """Whether a side may still change its answers on ``relation`` for ``campaign``: as
    its report (``Campaign.report_editable``), and only on a relation that is not
    disputed. No query."""
    return relation.counts and campaign.report_editable(report)


@transaction.atomic
def attestation_save(
    *, relation: Relation, campaign: Campaign, side: str, report, answers: dict, user
) -> Attestation:
    """Create or update ``side``'s attestation with ``answers`` (the practices and the
    comment). Raises ReportClosed when the campaign no longer takes them."""
    if not attestation_editable(campaign, report, relation):
        raise ReportClosed
    attestation = (
        Attestation.objects.select_for_update()
        .filter(relation=relation, campaign=campaign, side=side)
        .first()
    ) or Attestation(relation=relation, campaign=campaign, side=side)
    for name, value in answers.items():
        setattr(attestation, name, value)
    attestation.updated_by = user
    attribute_to(user, attestation)
    attestation.save()
    return attestation


def settlement_add(*, relation: Relation, campaign: Campaign, text: str, user) -> Settlement:
    """Add the committee's note of how the disagreement was settled (earlier notes stay)."""
    settlement = Settlement(relation=relation, campaign=campaign, text=text, written_by=user)
    attribute_to(user, settlement)
    settlement.save()
    return settlement
