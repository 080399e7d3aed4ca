"""The committee's review of the claims that a mandatory measure does not apply to a
company (/suivi/non-applicable/): accept, or refuse with a reason the company reads.

Behind ``committee_required``: anonymous users get the login page, anyone else 403.
"""

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST, require_safe

from core.bidi import isolated
from signatories.access import committee_required
from signatories.forms import RequestRefusalForm
from signatories.models import Commitment
from signatories.selectors import applicability_claims
from signatories.services import ClaimError, commitment_claim_accept, commitment_claim_refuse
from signatories.views import decided_meanwhile


def _page(request: HttpRequest, *, refused: Commitment | None = None, form=None) -> HttpResponse:
    claims = applicability_claims()
    for claim in claims["pending"]:
        claim.refusal_form = (
            form
            if refused is not None and claim.pk == refused.pk
            else RequestRefusalForm(about="claim", auto_id=f"id_claim{claim.pk}_%s")
        )
    return render(
        request,
        "followup/applicability/claims.html",
        claims,
        status=400 if form is not None else 200,
    )


CLAIM_NOT_PENDING = gettext_lazy(
    "This claim was decided meanwhile, or the company withdrew or changed it; nothing was "
    "changed. Read the claim as it is now below."
)


@committee_required
@require_safe
def claims(request: HttpRequest) -> HttpResponse:
    """The claims waiting for a decision, and the latest decided ones."""
    return _page(request)


@committee_required
@require_POST
def claim_accept(request: HttpRequest, commitment_id: int) -> HttpResponse:
    commitment = get_object_or_404(
        Commitment.objects.select_related("company", "measure"), pk=commitment_id
    )
    try:
        commitment_claim_accept(
            commitment=commitment, decided_by=request.user, seen=request.POST.get("seen")
        )
    except ClaimError:
        return decided_meanwhile(request, CLAIM_NOT_PENDING, "followup:applicability_claims")
    messages.success(
        request,
        isolated(
            _("Measure %(code)s no longer applies to “%(company)s”."),
            code=commitment.measure.code,
            company=commitment.company.legal_name,
        ),
    )
    return redirect("followup:applicability_claims")


@committee_required
@require_POST
def claim_refuse(request: HttpRequest, commitment_id: int) -> HttpResponse:
    commitment = get_object_or_404(
        Commitment.objects.select_related("company", "measure"), pk=commitment_id
    )
    form = RequestRefusalForm(request.POST, about="claim", auto_id=f"id_claim{commitment.pk}_%s")
    if not form.is_valid():
        return _page(request, refused=commitment, form=form)
    try:
        commitment_claim_refuse(
            commitment=commitment, decided_by=request.user, reason=form.cleaned_data["reason"]
        )
    except ClaimError:
        return decided_meanwhile(request, CLAIM_NOT_PENDING, "followup:applicability_claims")
    messages.success(
        request,
        isolated(
            _("The claim of “%(company)s” on measure %(code)s is refused: the measure applies."),
            code=commitment.measure.code,
            company=commitment.company.legal_name,
        ),
    )
    return redirect("followup:applicability_claims")
