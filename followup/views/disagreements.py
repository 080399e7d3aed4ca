"""The committee's view of client–provider relations (/suivi/relations/): a relation with
both sides' attestations, the disagreements of a campaign, and the notes of how each was
settled. Behind ``committee_required``: anonymous users get the login page, anyone else
403. Both sides' answers are shown here, and only here (and on the review pages)."""

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from relations.models import Relation
from signatories.access import committee_required

from ..attestation_forms import SettlementForm
from ..models import Campaign
from ..selectors import attestations as selectors
from ..selectors.dashboard import campaigns_for_choice
from ..services.attestations import settlement_add
from .choices import chosen_campaign


def _relation(relation_id: int) -> Relation:
    return get_object_or_404(Relation.objects.select_related("client", "provider"), pk=relation_id)


def _relation_page(request, relation: Relation, *, form=None, campaign_id=None) -> HttpResponse:
    rows = selectors.relation_review(relation)
    for row in rows:
        posted = form is not None and row["campaign"].pk == campaign_id
        row["form"] = form if posted else SettlementForm(auto_id=f"id_c{row['campaign'].pk}_%s")
    context = {
        "relation": relation,
        "rows": rows,
        "notes": relation.settlements.select_related("campaign", "written_by"),
    }
    return render(request, "followup/relations/relation.html", context, status=400 if form else 200)


@committee_required
@require_GET
def relation_review(request: HttpRequest, relation_id: int) -> HttpResponse:
    return _relation_page(request, _relation(relation_id))


@committee_required
@require_POST
def settlement_create(request: HttpRequest, relation_id: int, campaign_id: int) -> HttpResponse:
    relation = _relation(relation_id)
    campaign = get_object_or_404(Campaign, pk=campaign_id)
    form = SettlementForm(request.POST, auto_id=f"id_c{campaign.pk}_%s")
    if not form.is_valid():
        return _relation_page(request, relation, form=form, campaign_id=campaign.pk)
    settlement_add(
        relation=relation, campaign=campaign, text=form.cleaned_data["text"], user=request.user
    )
    messages.success(request, _("The note on how it was settled is recorded."))
    return redirect("followup:relation_review", relation_id=relation.pk)


@committee_required
@require_GET
def disagreement_list(request: HttpRequest) -> HttpResponse:
    """A campaign's disagreements (``?campagne=``, by default the one the dashboard shows).
    Four queries whatever their number."""
    campaigns = campaigns_for_choice()
    campaign = chosen_campaign(campaigns, request.GET.get("campagne"))
    found = selectors.disagreements(campaign) if campaign else []
    context = {"campaigns": campaigns, "campaign": campaign, "disagreements": found}
    return render(request, "followup/relations/disagreements.html", context)
