"""Publishing results: a frozen snapshot of the barometer or the palmarès, its versions and
its withdrawal. The rules of publication live here and nowhere else; the views only show
them and report the refusals (``ValidationError``, with a code per rule):

- only a campaign that companies report to is published (never a draft), and only with
  something to show: a palmarès with a company ranked, under the version of the method it
  was computed with; a barometer whose overall figures are not hidden for want of
  companies; the signatories' scorecards with a signatory's validated report
  (``publishable_check``);
- the figures published are exactly those the committee saw (``fingerprint``);
- only a campaign past its deadline and grace period is published, unless the committee
  marks the publication provisional (``publication_check``);
- publishing a campaign again makes its next version, which supersedes the one that
  stood; the committee confirms against the version it saw, so that a second click (or a
  colleague's publication meanwhile) never makes a duplicate (``publication_create``);
- a publication is withdrawn with a reason that the public reads in its place, once.
"""

import hashlib
import json

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from core.dates import written_date
from core.history import attribute_to
from followup.models import Campaign

from .. import disclosure
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


def publishable_check(
    *, kind: str, campaign: Campaign, data: dict, method: ScoringMethod | None = None
) -> None:
    """Raise ValidationError when ``data`` holds nothing the public may be shown: a
    palmarès needs a company ranked and the version of the method it was computed with (a
    barometer and the scorecards have none); a barometer needs its overall figures, which
    are hidden when fewer than ``disclosure.MIN_CONTRIBUTORS`` companies gave some; the
    scorecards need a signatory's validated report. No query."""
    if (kind == Publication.Kind.PALMARES) != (method is not None):
        raise ValidationError(
            _("A palmarès is published with a version of the method, a barometer without."),
            code="method_mismatch",
        )
    if kind == Publication.Kind.PALMARES and not data.get("rows"):
        raise ValidationError(
            _("No report of this campaign is validated yet: there is nothing to publish."),
            code="nothing_to_publish",
        )
    if kind == Publication.Kind.SCORECARDS and not any(
        signatory["validated"] for signatory in data.get("signatories", [])
    ):
        raise ValidationError(
            _(
                "No signatory's report of %(campaign)s is validated yet: there is no "
                "scorecard to publish."
            )
            % {"campaign": campaign.name},
            code="nothing_to_publish",
        )
    overall = data.get("overall")
    if kind == Publication.Kind.BAROMETER and (
        overall is None or overall.get("reason") == disclosure.THRESHOLD
    ):
        raise ValidationError(
            _(
                "Nothing can be published: the barometer needs validated reports with "
                "employment figures from at least %(minimum)s companies, and %(campaign)s "
                "has fewer."
            )
            % {"minimum": disclosure.MIN_CONTRIBUTORS, "campaign": campaign.name},
            code="nothing_to_publish",
        )


def publication_check(
    *,
    kind: str,
    campaign: Campaign,
    data: dict,
    provisional: bool,
    method: ScoringMethod | None = None,
    seen: str | None = None,
    today=None,
) -> None:
    """Raise ValidationError when ``data`` may not be published now: when
    ``publishable_check`` refuses it, when it is not the figures the committee saw (``seen``,
    their ``fingerprint``; None: not checked), or before the end of the campaign's deadline
    and grace period unless ``provisional``. No query."""
    publishable_check(kind=kind, campaign=campaign, data=data, method=method)
    if seen is not None and seen != fingerprint(data):
        raise ValidationError(
            _(
                "The figures changed since you looked at them (a report was reviewed "
                "meanwhile): nothing was published. Check them below, then confirm again."
            ),
            code="figures_changed",
        )
    if provisional or campaign.is_past_grace(today):
        return
    raise ValidationError(
        _(
            "%(campaign)s still accepts reports until %(date)s: publish it as provisional, "
            "or wait until that day is over."
        )
        % {"campaign": campaign.name, "date": written_date(campaign.closes_on, "j F Y")},
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
    seen: str | None = None,
    today=None,
    contributors: dict | None = None,
) -> Publication:
    """Freeze ``data`` (figures computed from validated reports) as the next version of the
    campaign's ``kind`` of publication, superseding the one that stood.

    Raises ValidationError when the campaign is a draft, when ``publication_check``
    refuses (``seen``: the fingerprint of the figures the committee saw), or when the
    publication standing now is not ``replaces``, the id of the one the committee saw
    standing when it confirmed (None: it saw none). The figures are never computed again:
    later changes to reports do not alter a publication. Four queries and the writes; the
    campaign's row is locked first so that two publications cannot cross.
    ``contributors`` (a barometer's companies per group shown) is kept, never published.
    """
    _lock_reported_campaign(campaign)
    publication_check(
        kind=kind,
        campaign=campaign,
        data=data,
        method=method,
        provisional=provisional,
        seen=seen,
        today=today,
    )
    standing = _standing_as_seen(kind=kind, campaign=campaign, replaces=replaces)
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


def _lock_reported_campaign(campaign: Campaign) -> None:
    """Lock the campaign's row until the transaction ends; raise ValidationError when it
    is a draft (not among ``Campaign.objects.visible_to_reporters``). One query."""
    reported = Campaign.objects.visible_to_reporters().select_for_update()
    if reported.filter(pk=campaign.pk).first() is not None:
        return
    raise ValidationError(
        _("%(campaign)s is still a draft: nothing of it can be published.")
        % {"campaign": campaign.name},
        code="campaign_draft",
    )


def _standing_as_seen(*, kind: str, campaign: Campaign, replaces: int | None):
    """The publication standing now, when it is the one the committee saw (``replaces``);
    otherwise ValidationError. One query."""
    standing = current_publication(kind=kind, campaign=campaign)
    if (standing.pk if standing else None) == replaces:
        return standing
    raise ValidationError(
        _(
            "This campaign was published meanwhile (version %(version)s): nothing more "
            "was published. Check the new version before publishing again."
        )
        % {"version": standing.version if standing else "—"},
        code="published_meanwhile",
    )


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
            % {"date": written_date(timezone.localtime(publication.withdrawn_at), "j F Y")},
            code="already_withdrawn",
        )
    publication.withdrawn_at = timezone.now()
    publication.withdrawn_by = user
    publication.withdrawal_reason = reason
    attribute_to(user, publication)
    publication.save(update_fields=["withdrawn_at", "withdrawn_by", "withdrawal_reason"])
    return publication
