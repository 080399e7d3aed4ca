"""Writes of the palmarès besides its publication (``publication.publication_create``)."""

from django.db import transaction
from django.db.models import Max
from simple_history.utils import bulk_create_with_history

from ..models import AxisWeight, Criterion, ScoringMethod


@transaction.atomic
def scoring_method_copy(*, method: ScoringMethod) -> ScoringMethod:
    """A new version of the method (the highest version + 1) with the same texts, progress
    weight, axis weights and criteria, to change what a frozen version cannot. A fixed
    number of queries whatever the number of weights and criteria; the new rows' history is
    written in bulk too (by the request's user, if any).
    """
    version = (ScoringMethod.objects.aggregate(top=Max("version"))["top"] or 0) + 1
    copy = ScoringMethod.objects.create(
        version=version,
        name=method.name,
        name_en=method.name_en,
        description=method.description,
        description_en=method.description_en,
        progress_weight=method.progress_weight,
        applicability_rules=method.applicability_rules,
        attested_relations=method.attested_relations,
    )
    bulk_create_with_history(
        [
            AxisWeight(method=copy, axis_id=weight.axis_id, weight=weight.weight)
            for weight in method.axis_weights.all()
        ],
        AxisWeight,
    )
    bulk_create_with_history(
        [
            Criterion(
                method=copy,
                indicator_id=criterion.indicator_id,
                denominator_id=criterion.denominator_id,
                rule=criterion.rule,
                weight=criterion.weight,
            )
            for criterion in method.criteria.all()
        ],
        Criterion,
    )
    return copy
