"""A company's customer-service numbers in its space (/espace/entreprises/<id>/numeros/):
the list with each number's tariff family and flag, adding, changing and removing one;
the committee's list of every company's numbers (/suivi/numeros/). Companies are reached
through ``signatories.access``, numbers through ``callnumbers.access``."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from signatories.access import access_company, can_write, committee_required

from . import selectors, services
from .access import access_call_number
from .forms import CallNumberForm, NumberFilterForm

PER_PAGE = 50


@login_required
@require_GET
def number_list(request: HttpRequest, company_id: int) -> HttpResponse:
    company = access_company(request.user, company_id)
    numbers = selectors.company_numbers(company, timezone.localdate())
    context = {
        "company": company,
        "numbers": numbers,
        "flagged": [number for number in numbers if number.flagged],
        "can_write": can_write(request.user, company),
    }
    return render(request, "callnumbers/number_list.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def number_edit(
    request: HttpRequest, company_id: int, number_id: int | None = None
) -> HttpResponse:
    company = access_company(request.user, company_id, write=True)
    # number_id 0 names no number: 404 like any unknown id, never the form of a new one.
    call_number = access_call_number(company, number_id) if number_id is not None else None
    form = CallNumberForm(request.POST or None, instance=call_number, company=company)
    if request.method == "POST" and form.is_valid():
        saved = services.call_number_save(form.instance, request.user)
        messages.success(request, _("The number %(number)s is saved.") % {"number": saved.display})
        return redirect("callnumbers:number_list", company_id=company.pk)
    context = {"company": company, "form": form, "call_number": call_number}
    return render(request, "callnumbers/number_form.html", context)


@login_required
@require_POST
def number_remove(request: HttpRequest, company_id: int, number_id: int) -> HttpResponse:
    company = access_company(request.user, company_id, write=True)
    call_number = access_call_number(company, number_id)
    services.call_number_remove(call_number, request.user)
    messages.success(
        request, _("The number %(number)s is removed.") % {"number": call_number.display}
    )
    return redirect("callnumbers:number_list", company_id=company.pk)


@committee_required
@require_GET
def committee_numbers(request: HttpRequest) -> HttpResponse:
    form = NumberFilterForm(request.GET)
    numbers = selectors.every_number(form.filters(), timezone.localdate())
    context = {
        "form": form,
        "page": Paginator(numbers, PER_PAGE).get_page(request.GET.get("page")),
    }
    return render(request, "callnumbers/committee_numbers.html", context)
