"""The register of public contracts: a buyer's representatives list, add and change its
contracts; the committee reads every buyer's. Access goes through ``procurement.access``
(``signatories.access`` underneath)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from core.bidi import isolated
from signatories.access import can_write, committee_required

from . import selectors, services
from .access import access_buyer, access_contract
from .forms import PublicContractForm, RegisterFilterForm
from .models import PublicContract, buyers

PER_PAGE = 50


@login_required
@require_GET
def contract_list(request: HttpRequest, signatory_id: int) -> HttpResponse:
    buyer = access_buyer(request.user, signatory_id)
    return render(
        request,
        "procurement/contract_list.html",
        {
            "buyer": buyer,
            "writer": can_write(request.user, buyer),
            "page": Paginator(selectors.register(buyer), PER_PAGE).get_page(
                request.GET.get("page")
            ),
            "years": selectors.figures_by_buyer_and_year(buyer),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def contract_edit(
    request: HttpRequest, signatory_id: int, contract_id: int | None = None
) -> HttpResponse:
    if contract_id is None:
        buyer = access_buyer(request.user, signatory_id, write=True)
        contract = PublicContract(buyer=buyer)
    else:
        buyer, contract = access_contract(request.user, signatory_id, contract_id, write=True)
    form = PublicContractForm(request.POST or None, instance=contract)
    if request.method == "POST" and form.is_valid():
        services.contract_save(form.instance, request.user)
        messages.success(
            request,
            isolated(_("The contract “%(reference)s” is saved."), reference=contract.reference),
        )
        return redirect("procurement:contract_list", signatory_id=buyer.pk)
    return render(
        request,
        "procurement/contract_form.html",
        {"buyer": buyer, "form": form, "contract": contract if contract.pk else None},
    )


@committee_required
@require_GET
def register(request: HttpRequest) -> HttpResponse:
    every_buyer = list(buyers())
    form = RegisterFilterForm(request.GET, buyers=every_buyer, years=selectors.award_years())
    buyer, year = form.chosen()
    return render(
        request,
        "procurement/register.html",
        {
            "form": form,
            "page": Paginator(selectors.register(buyer, year), PER_PAGE).get_page(
                request.GET.get("page")
            ),
            "years": selectors.figures_by_buyer_and_year(buyer, year),
        },
    )
