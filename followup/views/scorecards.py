"""A signatory's scorecard for the committee (/suivi/signataires/<id>/): its measures,
their status and progress campaign by campaign, and its reports. What the public reads is
the committee's publication of the scorecards (``results.views.scorecards``)."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_GET

from signatories.access import committee_required
from signatories.models import Signatory

from ..selectors.scorecards import signatory_scorecard as scorecard_of


@committee_required
@require_GET
def signatory_scorecard(request: HttpRequest, signatory_id: int) -> HttpResponse:
    signatory = get_object_or_404(Signatory, pk=signatory_id)
    return render(
        request,
        "followup/scorecard.html",
        {"signatory": signatory, **scorecard_of(signatory)},
    )
