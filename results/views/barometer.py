"""The employment barometer (measure 5.3): the committee's page and its export
(/suivi/barometre/), its publication, and the published barometer with its open data
(/barometre/).

The committee's pages are behind ``committee_required`` (anonymous users get the login
page, anyone else 403). The public pages read only frozen publications
(``Publication.data``), never a live figure, so nothing unpublished is ever shown, and
never ``Publication.contributors``. Which groups are hidden, and why, is decided by the
selector (``results.disclosure``); the pages and files only say it.
"""

from django.contrib import messages
from django.db.models.fields.json import KT
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.dateparse import parse_date
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods

from core.charts import horizontal_bars
from core.exports import FORMATS, table_response
from core.routers import reads_from_replica
from followup.models import Campaign
from followup.views.choices import chosen_campaign
from signatories.access import committee_required
from signatories.models import Company, CompanyKind

from ..models import Publication
from ..selectors.barometer import barometer_figures, barometer_publication
from .publication import publish_with_preview, shown_publication, withdrawn_response

CAMPAIGN_PARAM = "campagne"
PUBLICATION_PARAM = "publication"
OPEN_DATA_FORMATS = ("csv", "json")

KIND_LABELS = dict(CompanyKind.choices)
FEDERATION_LABELS = {
    **dict(Company.Federation.choices),
    Company.Federation.NONE: gettext_lazy("no federation"),
}

FILE_HEADERS = [
    gettext_lazy("Table"),
    gettext_lazy("Campaign"),
    gettext_lazy("Group"),
    gettext_lazy("Companies"),
    gettext_lazy("Jobs created"),
    gettext_lazy("Jobs created in France"),
    gettext_lazy("Jobs created outside France"),
    gettext_lazy("Share in France (%)"),
    gettext_lazy("Headcount in France"),
    gettext_lazy("Headcount outside France"),
    gettext_lazy("Threshold in force (%)"),
    gettext_lazy("Note"),
]
# What a hidden group's cell says, by reason (``results.disclosure.REASONS``); a version 1
# publication hid groups for the threshold only and gave no reason.
HIDDEN_NOTES = {
    "threshold": gettext_lazy("hidden: fewer than %(number)s companies"),
    "dominance": gettext_lazy(
        "hidden: one company holds more than %(share)s%% of its jobs created or of its headcount"
    ),
    "secondary": gettext_lazy("hidden so that another hidden group cannot be computed"),
    "revision": gettext_lazy(
        "hidden: with an earlier publication of this campaign it would reveal the companies "
        "counted since"
    ),
}

FILE_FIGURES = (
    "companies",
    "jobs_total",
    "jobs_france",
    "jobs_abroad",
    "share_france",
    "headcount_france",
    "headcount_abroad",
)


def _id(value: str | None) -> int | None:
    """A positive whole number from a query parameter; None when empty; 404 otherwise."""
    value = (value or "").strip()
    if not value:
        return None
    if not value.isdigit() or not value.isascii():
        raise Http404("Not an identifier.")
    return int(value)


# --- Presentation shared by the committee's and the public pages ---------------------------


def _campaign_dates(campaign: dict) -> dict:
    return {
        **campaign,
        "period_start": parse_date(campaign["period_start"]),
        "period_end": parse_date(campaign["period_end"]),
    }


def _readable(data: dict) -> dict:
    """``data`` (live figures or a publication's) with labels in the active language, the
    note of each hidden group and dates as dates, for the templates and the files. No
    query."""
    numbers = {"number": data["min_group_size"], "share": data.get("dominance_share", 85)}

    def noted(row: dict, label) -> dict:
        note = HIDDEN_NOTES[row.get("reason", "threshold")] % numbers
        return {**row, "label": label, "note": note if row["suppressed"] else ""}

    groups = [data["overall"], *data["by_kind"], *data["by_federation"]]
    hidden = {row.get("reason", "threshold") for row in groups if row["suppressed"]}
    return {
        **data,
        "campaign": _campaign_dates(data["campaign"]),
        "thresholds_on": parse_date(data["thresholds_on"]),
        "protected": data.get("version", 1) >= 2,
        "hidden_reasons": [reason for reason in HIDDEN_NOTES if reason in hidden],
        "overall": noted(data["overall"], _("All companies")),
        "by_kind": [
            noted(row, capfirst(KIND_LABELS.get(row["key"], row["key"]))) for row in data["by_kind"]
        ],
        "by_federation": [
            noted(row, capfirst(FEDERATION_LABELS.get(row["key"], row["key"])))
            for row in data["by_federation"]
        ],
        "below_threshold": [
            {**row, "kind_label": capfirst(KIND_LABELS.get(row["kind"], row["kind"]))}
            for row in data.get("below_threshold", [])
        ],
        "trend": [
            {**noted(row, row["campaign"]["name"]), "campaign": _campaign_dates(row["campaign"])}
            for row in data.get("trend", [])
        ],
    }


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


def _file_rows(data: dict, *, with_names: bool) -> list[list]:
    """The page's tables as one table, a row per group; figures as plain numbers."""
    campaign = data["campaign"]["name"]

    def line(table, row, *, campaign_name=campaign, group=None, threshold=None):
        figures = [row.get(name) for name in FILE_FIGURES]
        return [table, campaign_name, group or row["label"], *figures, threshold, row["note"]]

    rows = [line(_("Overall"), data["overall"])]
    rows += [line(_("By kind of company"), r, threshold=r["threshold"]) for r in data["by_kind"]]
    rows += [line(_("By federation"), r) for r in data["by_federation"]]
    rows.append(
        [_("Below the threshold"), campaign, _("Companies below the threshold in force")]
        + [data["below_threshold_count"]]
        + [None] * (len(FILE_FIGURES) - 1)
        + [None, ""]
    )
    if with_names:
        rows += [
            [
                _("Below the threshold"),
                campaign,
                company["company"],
                None,
                company["jobs_total"],
                company["jobs_france"],
                company["jobs_total"] - company["jobs_france"],
                company["share_france"],
                None,
                None,
                company["threshold"],
                company["kind_label"],
            ]
            for company in data["below_threshold"]
        ]
    everyone = data["overall"]["label"]
    rows += [
        line(_("Across campaigns"), r, campaign_name=r["label"], group=everyone)
        for r in data["trend"]
    ]
    return rows


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
    data = _readable(barometer_figures(campaign, earlier=earlier))
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
    return render(request, "followup/barometer/committee.html", context)


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
    return table_response(
        headers=FILE_HEADERS,
        rows=_file_rows(data, with_names=True),
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
    (``publish_with_preview``). Refused while fewer than 3 companies are counted: there
    would be nothing to show."""
    posted = request.method == "POST"
    query = request.POST if posted else request.GET
    campaign = chosen_campaign(
        list(Campaign.objects.visible_to_reporters()), query.get(CAMPAIGN_PARAM), required=posted
    )
    if campaign is None:
        raise Http404("No campaign yet.")
    data, contributors = barometer_publication(campaign, earlier=_earlier(campaign))
    if data["overall"].get("reason") == "threshold":
        messages.error(
            request,
            _(
                "Nothing can be published: the barometer needs validated reports with "
                "employment figures from at least %(minimum)s companies, and %(campaign)s "
                "has fewer."
            )
            % {"minimum": data["min_group_size"], "campaign": campaign.name},
        )
        return redirect(f"{reverse('results:barometer')}?{CAMPAIGN_PARAM}={campaign.pk}")
    readable = _readable(data)
    return publish_with_preview(
        request,
        kind=Publication.Kind.BAROMETER,
        campaign=campaign,
        data=data,
        contributors=contributors,
        template="followup/barometer/publish.html",
        context={
            "data": readable,
            "charts": _charts(readable),
            "action": reverse("results:barometer_publish"),
            "hidden": [(CAMPAIGN_PARAM, campaign.pk)],
            "back_url": f"{reverse('results:barometer')}?{CAMPAIGN_PARAM}={campaign.pk}",
        },
    )


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
        data = _readable(publication.data)  # the deferred figures: one query
        context.update(data=data, charts=_charts(data))
    return render(request, "followup/barometer/public.html", context)


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
    return table_response(
        headers=FILE_HEADERS,
        rows=_file_rows(_readable(publication.data), with_names=False),
        fmt=fmt,
        filename=f"barometre-emploi-{publication.pk}",
        title=_("Employment barometer"),
    )
