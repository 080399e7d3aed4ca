"""Publishing results: a frozen snapshot of the barometer or the palmarès, its versions and
its withdrawal. The rules of publication live here and nowhere else:

- only a campaign past its deadline and grace period is published, unless the committee
  marks the publication provisional;
- publishing a campaign again makes its next version, which supersedes the one that
  stood; the committee confirms against the version it saw, so that a second click (or a
  colleague's publication meanwhile) never makes a duplicate;
- a publication is withdrawn with a reason that the public reads in its place.
"""

import hashlib
import json

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from core.history import attribute_to
from followup.models import Campaign

from ..models import Publication, ScoringMethod


def fingerprint(data: dict) -> str:
    """A digest of figures about to be published: the confirmation carries the one of the
    figures the committee saw, and nothing is published if they changed since."""
    text = json.dumps(data, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(text.encode()).hexdigest()


def current_publication(*, kind: str, campaign: Campaign) -> Publication | None:
    """The publication of ``campaign`` that stands now (neither superseded nor withdrawn),
    without its figures. One query."""
    return (
        Publication.objects.filter(kind=kind, campaign=campaign)
        .current()
        .defer("data")
        .order_by("-version")
        .first()
    )


def publication_check(*, campaign: Campaign, provisional: bool, today=None) -> None:
    """Raise ValidationError when ``campaign`` may not be published now: before the end of
    its deadline and grace period, only a provisional publication is allowed."""
    if provisional or campaign.is_past_grace(today):
        return
    raise ValidationError(
        _(
            "%(campaign)s still accepts reports until %(date)s: publish it as provisional, "
            "or wait until that day is over."
        )
        % {"campaign": campaign.name, "date": date_format(campaign.closes_on, "j F Y")},
        code="campaign_still_open",
    )


@transaction.atomic
def publication_create(
    *,
    kind: str,
    campaign: Campaign,
    data: dict,
    user,
    method: ScoringMethod | None = None,
    provisional: bool = False,
    replaces: int | None = None,
    today=None,
    contributors: dict | None = None,
) -> Publication:
    """Freeze ``data`` (figures computed from validated reports) as the next version of the
    campaign's ``kind`` of publication, superseding the one that stood.

    ``replaces`` is the id of the publication the committee saw standing when it confirmed
    (None: it saw none). Raises ValidationError when another one stands now, or when the
    campaign may not be published yet (``publication_check``). The figures are never
    computed again: later changes to reports do not alter a publication. Four queries and
    the writes; the campaign's row is locked so that two publications cannot cross.
    ``contributors`` (a barometer's companies per group shown) is kept, never published.
    """
    publication_check(campaign=campaign, provisional=provisional, today=today)
    Campaign.objects.select_for_update().filter(pk=campaign.pk).first()
    standing = current_publication(kind=kind, campaign=campaign)
    if (standing.pk if standing else None) != replaces:
        raise ValidationError(
            _(
                "This campaign was published meanwhile (version %(version)s): nothing more "
                "was published. Check the new version before publishing again."
            )
            % {"version": standing.version if standing else "—"},
            code="published_meanwhile",
        )
    top = Publication.objects.filter(kind=kind, campaign=campaign).aggregate(top=Max("version"))
    publication = Publication(
        kind=kind,
        campaign=campaign,
        method=method,
        data=data,
        contributors=contributors or {},
        published_by=user,
        provisional=provisional,
        version=(top["top"] or 0) + 1,
    )
    attribute_to(user, publication)
    publication.save(force_insert=True)
    if standing is not None:
        standing.superseded_by = publication
        attribute_to(user, standing)
        standing.save(update_fields=["superseded_by"])
    return publication


@transaction.atomic
def publication_withdraw(*, publication: Publication, reason: str, user) -> Publication:
    """Withdraw ``publication`` from the public pages with a public ``reason``: its figures
    are no longer shown nor downloadable, the reason is. Raises ValidationError when the
    reason is empty or the publication is already withdrawn."""
    reason = reason.strip()
    if not reason:
        raise ValidationError(
            _("Say why the publication is withdrawn: the public reads it in its place."),
            code="reason_required",
        )
    publication = Publication.objects.select_for_update().get(pk=publication.pk)
    if publication.is_withdrawn:
        raise ValidationError(
            _("This publication was already withdrawn on %(date)s.")
            % {"date": date_format(timezone.localtime(publication.withdrawn_at), "j F Y")},
            code="already_withdrawn",
        )
    publication.withdrawn_at = timezone.now()
    publication.withdrawn_by = user
    publication.withdrawal_reason = reason
    attribute_to(user, publication)
    publication.save(update_fields=["withdrawn_at", "withdrawn_by", "withdrawal_reason"])
    return publication
