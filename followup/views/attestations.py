"""The company's answers, per campaign and relation, on the practices of measures 3.2 to
3.5 (/espace/entreprises/<id>/campagnes/<id>/relations/). A company reads and writes its
own side only: the other side's answers are never read here (see
``selectors.attestations``)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from relations.access import access_relation
from signatories.access import access_company, can_write

from ..attestation_forms import AttestationForm
from ..models import Campaign
from ..selectors import attestations as selectors
from ..services.attestations import ReportClosed, attestation_editable, attestation_save


def _campaign(campaign_id: int) -> Campaign:
    return get_object_or_404(Campaign.objects.visible_to_reporters(), pk=campaign_id)


@login_required
@require_GET
def attestation_list(request: HttpRequest, company_id: int, campaign_id: int) -> HttpResponse:
    company = access_company(request.user, company_id)
    campaign = _campaign(campaign_id)
    report = selectors.report_of(company, campaign)
    context = {
        "company": company,
        "campaign": campaign,
        "relations": selectors.company_attestations(company, campaign),
        "editable": can_write(request.user, company) and campaign.report_editable(report),
    }
    return render(request, "followup/attestations/list.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def attestation_edit(
    request: HttpRequest, company_id: int, campaign_id: int, relation_id: int
) -> HttpResponse:
    """The company's own side's answers on one relation for the campaign."""
    company = access_company(request.user, company_id, write=request.method == "POST")
    campaign = _campaign(campaign_id)
    relation = access_relation(company, relation_id)
    side, report = relation.side_of(company), selectors.report_of(company, campaign)
    own = selectors.own_attestation(relation, campaign, side)
    form = AttestationForm(request.POST or None, instance=own)
    if request.method == "POST" and form.is_valid():
        _save(request, relation, campaign, side, report, form)
        return redirect("followup:attestation_list", company_id=company.pk, campaign_id=campaign.pk)
    editable = can_write(request.user, company) and attestation_editable(campaign, report, relation)
    context = {
        "company": company,
        "campaign": campaign,
        "relation": relation,
        "side": side,
        "other_name": relation.party_name(relation.other(side)),
        "form": form,
        "own": own,
        "editable": editable,
    }
    return render(request, "followup/attestations/form.html", context)


def _save(request, relation, campaign, side, report, form) -> None:
    try:
        attestation_save(
            relation=relation,
            campaign=campaign,
            side=side,
            report=report,
            answers=form.answers(),
            user=request.user,
        )
    except ReportClosed:
        messages.error(request, _("This campaign no longer takes answers: nothing was saved."))
    else:
        messages.success(request, _("Your answers are saved."))
