"""The signatories' scorecards: their publication by the committee
(/suivi/signataires/publier/), the published scorecards of a campaign (/signataires/bilans/)
and one signatory's over the campaigns (/signataires/<id>/). The public pages read frozen
publications only (``Publication.data``): what a signatory's validated report said when the
committee published it."""

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods, require_safe

from followup.models import Campaign
from followup.views.choices import chosen_campaign
from signatories.access import committee_required
from signatories.models import Signatory

from ..models import Publication
from ..selectors.scorecards import (
    published_scorecard,
    scorecards_display,
    scorecards_publication,
)
from .publication import publish_with_preview, shown_publication

CAMPAIGN_PARAM = "campagne"
PUBLICATION_PARAM = "publication"


@committee_required
@require_http_methods(["GET", "HEAD", "POST"])
def scorecards_publish(request: HttpRequest) -> HttpResponse:
    """What publishing the scorecards of the campaign (``?campagne=``, the latest by
    default) would make public, and its confirmation (``publish_with_preview``, which
    refuses when no signatory's report is validated)."""
    posted = request.method == "POST"
    query = request.POST if posted else request.GET
    campaigns = list(Campaign.objects.visible_to_reporters())
    campaign = chosen_campaign(campaigns, query.get(CAMPAIGN_PARAM), required=posted)
    if campaign is None:
        raise Http404("No campaign yet.")
    data = scorecards_publication(campaign)
    return publish_with_preview(
        request,
        proposal={"kind": Publication.Kind.SCORECARDS, "campaign": campaign, "data": data},
        template="results/scorecards/publish.html",
        context={
            "campaigns": campaigns,
            "data": scorecards_display(data),
            "action": reverse("results:scorecards_publish"),
            "hidden": [(CAMPAIGN_PARAM, campaign.pk)],
        },
        back_url=reverse("followup:committee_detail"),
    )


@require_safe
def scorecards_public(request: HttpRequest) -> HttpResponse:
    """The scorecards of the latest campaign published that still stand, or of another
    publication (?publication=<id>, marked superseded, provisional or withdrawn), and the
    list of every publication. Two queries when figures are shown, one otherwise."""
    publications = list(Publication.objects.scorecards().select_related("campaign").defer("data"))
    context = {
        "publications": publications,
        **shown_publication(publications, request.GET.get(PUBLICATION_PARAM)),
    }
    publication = context["publication"]
    if publication is not None and not publication.is_withdrawn:
        context["data"] = scorecards_display(publication.data)  # deferred: one query
    return render(request, "results/scorecards/public.html", context)


@require_safe
def signatory_scorecard_public(request: HttpRequest, signatory_id: int) -> HttpResponse:
    """One signatory's published scorecard: a row per campaign whose scorecards stand
    published. Two queries."""
    signatory = get_object_or_404(Signatory, pk=signatory_id)
    return render(
        request,
        "results/scorecards/signatory.html",
        {"signatory": signatory, **published_scorecard(signatory)},
    )
