"""Publishing results: a frozen snapshot of the barometer or the palmarès."""

from django.db import transaction

from accounts.history import attribute_to

from ..models import Campaign, Publication, ScoringMethod


@transaction.atomic
def publication_create(
    *,
    kind: str,
    campaign: Campaign,
    data: dict,
    user,
    method: ScoringMethod | None = None,
    contributors: dict | None = None,
) -> Publication:
    """Freeze ``data`` (figures computed from validated reports) as published. The figures
    are never computed again: later changes to reports do not alter a publication.
    ``contributors`` (a barometer's companies per group shown) is kept, never published."""
    publication = Publication(
        kind=kind,
        campaign=campaign,
        method=method,
        data=data,
        contributors=contributors or {},
        published_by=user,
    )
    attribute_to(user, publication)
    publication.save(force_insert=True)
    return publication
