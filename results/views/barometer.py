"""The employment barometer (measure 5.3): the committee's page and its export
(/suivi/barometre/), its publication, and the published barometer with its open data
(/barometre/).

The committee's pages are behind ``committee_required`` (anonymous users get the login
page, anyone else 403). The public pages read only frozen publications
(``Publication.data``), never a live figure, so nothing unpublished is ever shown, and
never ``Publication.contributors``. Which groups are hidden, and why, is decided by the
selector (``followup.disclosure``); the pages and files only say it.
"""

from django.db.models.fields.json import KT
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from core.charts import horizontal_bars
from core.exports import FORMATS, table_response
from core.routers import reads_from_replica
from followup.models import Campaign
from followup.views.choices import chosen_campaign
from signatories.access import committee_required

from ..models import Publication
from ..selectors.barometer import (
    barometer_display,
    barometer_figures,
    barometer_publication,
    barometer_table,
)
from .publication import publish_with_preview, shown_publication, withdrawn_response

CAMPAIGN_PARAM = "campagne"
PUBLICATION_PARAM = "publication"
OPEN_DATA_FORMATS = ("csv", "json")


# --- Presentation shared by the committee's and the public pages ---------------------------


def _charts(data: dict) -> dict:
    """The two charts; each one's figures are in a table of the page."""
    groups = [row for row in (data["overall"], *data["by_kind"]) if not row["suppressed"]]
    shares = [
        row for row in data["trend"] if not row["suppressed"] and row["share_france"] is not None
    ]
    return {
        "jobs": horizontal_bars(
            title=_("Jobs created in France and outside France"),
            rows=[(row["label"], [row["jobs_france"], row["jobs_abroad"]]) for row in groups],
            series=[_("In France"), _("Outside France")],
        )
        if groups
        else None,
        "share": horizontal_bars(
            title=_("Share of the jobs created located in France, by campaign"),
            rows=[(row["label"], [row["share_france"]]) for row in shares],
            series=[_("Share in France")],
            maximum=100,
            unit="%",
        )
        if shares
        else None,
    }


# --- /suivi/barometre/: the committee's barometer ----------------------------------------


def _earlier(campaign: Campaign) -> list[Publication]:
    """Every barometer publication of ``campaign``, newest first, with the companies of
    each group it showed but not its figures. One query."""
    return list(Publication.objects.barometer().filter(campaign=campaign).defer("data"))


def _live(
    request: HttpRequest,
) -> tuple[list[Campaign], Campaign | None, dict | None, list[Publication]]:
    """The campaigns, the chosen one, its figures with the groups a publication would hide
    marked and the trend, and its publications so far. Eight queries."""
    campaigns = list(Campaign.objects.visible_to_reporters())
    campaign = chosen_campaign(campaigns, request.GET.get(CAMPAIGN_PARAM))
    if campaign is None:
        return campaigns, None, None, []
    earlier = _earlier(campaign)
    data = barometer_display(barometer_figures(campaign, earlier=earlier))
    return campaigns, campaign, data, earlier


@committee_required
@require_GET
@reads_from_replica
def barometer(request: HttpRequest) -> HttpResponse:
    """The barometer of a campaign (?campagne=<id>, the latest by default) from validated
    reports, with the companies below the threshold by name, the groups a publication would
    hide marked with the reason, and the trend across campaigns. Eight queries besides the
    session's."""
    campaigns, campaign, data, earlier = _live(request)
    context = {"campaigns": campaigns, "campaign": campaign, "data": data}
    if campaign is not None:
        context["charts"] = _charts(data)
        context["last_publication"] = next((p for p in earlier if p.is_current), None)
    return render(request, "results/barometer/committee.html", context)


@committee_required
@require_GET
@reads_from_replica
def barometer_export(request: HttpRequest, fmt: str) -> HttpResponse:
    """The committee page's tables as CSV or XLSX, companies below the threshold included."""
    if fmt not in FORMATS:
        raise Http404("Unknown export format.")
    _campaigns, campaign, data, _earlier_ones = _live(request)
    if campaign is None:
        raise Http404("No campaign yet.")
    headers, rows = barometer_table(data, with_names=True)
    return table_response(
        headers=headers,
        rows=rows,
        fmt=fmt,
        filename=f"barometre-{campaign.pk}",
        title=_("Employment barometer"),
    )


@committee_required
@require_http_methods(["GET", "HEAD", "POST"])
def barometer_publish(request: HttpRequest) -> HttpResponse:
    """What publishing the campaign's barometer (``?campagne=``, the latest by default; the
    confirmation names it) would make public, hidden groups included (earlier publications
    of the campaign count: ``barometer_publication``), and its confirmation
    (``publish_with_preview``, which refuses when the overall figures would be hidden:
    there would be nothing to show)."""
    campaign = _chosen_to_publish(request)
    data, contributors = barometer_publication(campaign, earlier=_earlier(campaign))
    readable = barometer_display(data)
    return publish_with_preview(
        request,
        proposal={
            "kind": Publication.Kind.BAROMETER,
            "campaign": campaign,
            "data": data,
            "contributors": contributors,
        },
        template="results/barometer/publish.html",
        context={
            "data": readable,
            "charts": _charts(readable),
            "action": reverse("results:barometer_publish"),
            "hidden": [(CAMPAIGN_PARAM, campaign.pk)],
        },
        back_url=f"{reverse('results:barometer')}?{CAMPAIGN_PARAM}={campaign.pk}",
    )


def _chosen_to_publish(request: HttpRequest) -> Campaign:
    """The campaign of the query (the latest by default) or of the confirmation posted
    (required); 404 when unknown or when there is none. One query."""
    posted = request.method == "POST"
    query = request.POST if posted else request.GET
    campaigns = list(Campaign.objects.visible_to_reporters())
    campaign = chosen_campaign(campaigns, query.get(CAMPAIGN_PARAM), required=posted)
    if campaign is None:
        raise Http404("No campaign yet.")
    return campaign


# --- /barometre/: the published barometer ------------------------------------------------


@require_GET
def barometer_public(request: HttpRequest) -> HttpResponse:
    """The latest published barometer that still stands, or another one (?publication=<id>,
    marked superseded, provisional or withdrawn), and the list of every publication. Two
    queries when figures are shown, one otherwise; a withdrawn one shows its reason, not
    its figures."""
    publications = list(
        Publication.objects.barometer()
        .defer("data", "contributors")
        .annotate(campaign_name=KT("data__campaign__name"))
    )
    context = {
        "publications": publications,
        **shown_publication(publications, request.GET.get(PUBLICATION_PARAM)),
    }
    publication = context["publication"]
    if publication is not None and not publication.is_withdrawn:
        data = barometer_display(publication.data)  # the deferred figures: one query
        context.update(data=data, charts=_charts(data))
    return render(request, "results/barometer/public.html", context)


@require_GET
def barometer_open_data(request: HttpRequest, publication_id: int, fmt: str) -> HttpResponse:
    """A publication's figures as CSV or JSON, as they were published. One query."""
    if fmt not in OPEN_DATA_FORMATS:
        raise Http404("Unknown open data format.")
    publication = get_object_or_404(
        Publication.objects.barometer().defer("contributors"), pk=publication_id
    )
    if publication.is_withdrawn:
        return withdrawn_response(request, publication)
    if fmt == "json":
        return JsonResponse(
            {
                "publication": publication.public_facts(),
                **publication.data,
            },
            json_dumps_params={"ensure_ascii": False, "indent": 2},
        )
    headers, rows = barometer_table(barometer_display(publication.data), with_names=False)
    return table_response(
        headers=headers,
        rows=rows,
        fmt=fmt,
        filename=f"barometre-emploi-{publication.pk}",
        title=_("Employment barometer"),
    )
