"""The palmarès: the committee's computed ranking (/suivi/palmares/), its export and its
publication; the published palmarès, its method and its open data (/palmares/); a
company's own breakdown (/espace/entreprises/<id>/palmares/).

Nothing computed is public: the public pages read only what a publication froze.
"""

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_safe

from core.exports import table_response
from core.routers import reads_from_replica
from followup.models import Campaign
from followup.selectors.registry import certification_mismatches
from followup.views.choices import choose, chosen_campaign
from signatories.access import access_company, committee_required

from ..models import Publication, ScoringMethod
from ..selectors import palmares as selectors
from ..services.publication import current_publication
from .publication import publish_with_preview, shown_publication, withdrawn_response


def _committee_choice(query) -> tuple[list, list, object, object]:
    """Campaigns, methods, and the campaign and method chosen in ``query``."""
    campaigns = selectors.palmares_campaigns()
    methods = selectors.scoring_methods()
    campaign = chosen_campaign(campaigns, query.get("campagne"))
    method = choose(methods, query.get("methode"), lambda m: m.version)
    return campaigns, methods, campaign, method


# --- /suivi/palmares/: the committee -------------------------------------------------------


@committee_required
@require_safe
@reads_from_replica
def palmares(request: HttpRequest) -> HttpResponse:
    """The ranking computed now from validated reports, to check before publishing."""
    campaigns, methods, campaign, method = _committee_choice(request.GET)
    context = {"campaigns": campaigns, "methods": methods, "campaign": campaign, "method": method}
    if campaign and method:
        data = selectors.palmares_compute(campaign=campaign, method=method)
        context |= selectors.palmares_display(data)
        context["standing"] = current_publication(kind=Publication.Kind.PALMARES, campaign=campaign)
        context["method_title"] = method.name_i18n
    return render(request, "results/palmares/committee.html", context)


@committee_required
@require_safe
@reads_from_replica
def palmares_export(request: HttpRequest, fmt: str) -> HttpResponse:
    """The computed ranking as CSV or XLSX (unknown format: 404)."""
    if fmt not in ("csv", "xlsx"):
        raise Http404("Unknown export format.")
    _campaigns, _methods, campaign, method = _committee_choice(request.GET)
    if not (campaign and method):
        raise Http404("Nothing to export.")
    data = selectors.palmares_compute(campaign=campaign, method=method)
    headers, rows = selectors.palmares_table(data)
    return table_response(
        headers=headers,
        rows=rows,
        fmt=fmt,
        filename=f"palmares-campagne-{campaign.pk}-methode-{method.version}",
        title=_("Palmarès"),
    )


@committee_required
@require_http_methods(["GET", "HEAD", "POST"])
def palmares_publish(request: HttpRequest) -> HttpResponse:
    """What publishing the ranking of the campaign and method version chosen (the latest
    by default; the confirmation names them) would make public, every company named with
    its rank and scores, and its confirmation (``publish_with_preview``)."""
    campaign, method = _chosen_to_publish(request)
    data = selectors.palmares_compute(campaign=campaign, method=method)
    return publish_with_preview(
        request,
        proposal={
            "kind": Publication.Kind.PALMARES,
            "campaign": campaign,
            "method": method,
            "data": data,
        },
        template="results/palmares/publish.html",
        context={
            **selectors.palmares_display(data),
            "method": method,
            "action": reverse("results:palmares_publish"),
            "hidden": [("campagne", campaign.pk), ("methode", method.version)],
        },
        back_url=f"{reverse('results:palmares')}?campagne={campaign.pk}&methode={method.version}",
    )


def _chosen_to_publish(request: HttpRequest) -> tuple[Campaign, ScoringMethod]:
    """The campaign and method version of the query (the latest by default), or of the
    confirmation posted (both required); 404 when unknown or when there is none."""
    posted = request.method == "POST"
    query = request.POST if posted else request.GET
    campaign = chosen_campaign(
        selectors.palmares_campaigns(), query.get("campagne"), required=posted
    )
    method = choose(
        selectors.scoring_methods(), query.get("methode"), lambda m: m.version, required=posted
    )
    if campaign is None or method is None:
        raise Http404("Nothing to publish.")
    return campaign, method


@committee_required
@require_safe
@reads_from_replica
def palmares_mismatches(request: HttpRequest) -> HttpResponse:
    """The certifications a campaign's reports claim and the registry does not hold on the
    campaign's last day (?campagne=<id>, the latest by default; unknown: 404)."""
    campaigns = selectors.palmares_campaigns()
    campaign = chosen_campaign(campaigns, request.GET.get("campagne"))
    mismatches = certification_mismatches(campaign=campaign) if campaign else []
    return render(
        request,
        "results/palmares/mismatches.html",
        {"campaigns": campaigns, "campaign": campaign, "mismatches": mismatches},
    )


# --- /palmares/: what the committee published ----------------------------------------------


@require_safe
def palmares_public(request: HttpRequest) -> HttpResponse:
    """The latest published palmarès that still stands, or another one (?publication=<id>,
    marked superseded, provisional or withdrawn); a withdrawn one shows its reason, not its
    figures."""
    publications = selectors.palmares_publications()
    context = {
        "publications": publications,
        **shown_publication(publications, request.GET.get("publication")),
    }
    chosen = context["publication"]
    if chosen is not None and not chosen.is_withdrawn:
        publication = selectors.palmares_publication(chosen.pk)
        context["publication"] = publication
        context |= selectors.palmares_display(publication.data)
    return render(request, "results/palmares/public.html", context)


@require_safe
def method_public(request: HttpRequest) -> HttpResponse:
    """The scoring method explained: the latest version and every version published."""
    methods = selectors.public_methods()
    return render(request, "results/palmares/method.html", {"methods": methods})


@require_safe
def palmares_open_data(request: HttpRequest, publication_id: int, fmt: str) -> HttpResponse:
    """A published palmarès as open data: CSV or JSON (unknown publication or format: 404)."""
    if fmt not in ("csv", "json"):
        raise Http404("Unknown open data format.")
    publication = selectors.palmares_publication(publication_id)
    if publication is None:
        raise Http404("No such palmarès.")
    if publication.is_withdrawn:
        return withdrawn_response(request, publication)
    if fmt == "json":
        method_url = request.build_absolute_uri(reverse("results:method_public"))
        response = JsonResponse(
            selectors.open_data(publication, method_url=method_url),
            json_dumps_params={"ensure_ascii": False, "indent": 2},
        )
        response["Content-Disposition"] = f'inline; filename="palmares-{publication.pk}.json"'
        response["X-Content-Type-Options"] = "nosniff"
        return response
    headers, rows = selectors.palmares_table(publication.data)
    return table_response(
        headers=headers, rows=rows, fmt=fmt, filename=f"palmares-{publication.pk}"
    )


# --- /espace/entreprises/<id>/palmares/: a company's own breakdown -------------------------


@login_required
@require_safe
def company_score(request: HttpRequest, company_id: int) -> HttpResponse:
    """The company's rank, score and criterion-by-criterion breakdown in the latest
    published palmarès; its contributors and the committee read it, others get 404."""
    company = access_company(request.user, company_id)
    context = selectors.company_palmares(company=company)
    return render(request, "results/palmares/company.html", {"company": company, **context})
