from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from charter.selectors import current_charter

from . import selectors
from .forms import CompanySearchForm
from .models import CompanyKind

COMPANIES_PER_PAGE = 50


def signatory_list(request: HttpRequest) -> HttpResponse:
    """The signatories and the active adhering companies, searchable and paginated."""
    charter = current_charter()
    form = CompanySearchForm(request.GET or None)
    search, kind = "", ""
    if form.is_valid():
        search, kind = form.cleaned_data["q"], form.cleaned_data["kind"]
    companies = selectors.active_companies(search=search, kind=kind)
    page = Paginator(companies, COMPANIES_PER_PAGE).get_page(request.GET.get("page"))
    per_kind = selectors.active_companies_per_kind()
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "signatories/signatory_list.html",
        {
            "charter": charter,
            "signatories": selectors.signatories_of(charter) if charter else [],
            "form": form,
            "page": page,
            "query": query.urlencode(),
            "kind_counts": [
                (label, per_kind.get(value, 0)) for value, label in CompanyKind.choices
            ],
            "active_total": sum(per_kind.values()),
        },
    )
