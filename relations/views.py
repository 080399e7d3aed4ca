"""A company's relations in its space (/espace/entreprises/<id>/relations/): the list,
declaring one, and the other side's answer. Every view reaches the company through
``signatories.access.access_company`` and the relation through ``relations.access``."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from core.bidi import isolated
from signatories.access import access_company, can_write

from . import selectors, services
from .access import access_relation
from .forms import RelationAnswerForm, RelationForm


@login_required
@require_GET
def relation_list(request: HttpRequest, company_id: int) -> HttpResponse:
    company = access_company(request.user, company_id)
    context = selectors.company_relations(company)
    context["can_write"] = can_write(request.user, company)
    return render(request, "relations/relation_list.html", {"company": company, **context})


@login_required
@require_http_methods(["GET", "POST"])
def relation_create(request: HttpRequest, company_id: int) -> HttpResponse:
    company = access_company(request.user, company_id, write=True)
    form = RelationForm(request.POST or None, company=company)
    if request.method == "POST" and form.is_valid():
        relation = services.relation_declare(form.declaration(), request.user)
        other = relation.party_name(relation.other(relation.declared_by))
        messages.success(
            request,
            isolated(
                _("The relation with “%(name)s” is recorded: it awaits their answer."), name=other
            ),
        )
        return redirect("relations:relation_list", company_id=company.pk)
    return render(request, "relations/relation_form.html", {"company": company, "form": form})


@login_required
@require_http_methods(["GET", "POST"])
def relation_answer(request: HttpRequest, company_id: int, relation_id: int) -> HttpResponse:
    """The relation's page for the company: the other side answers it here (a POST from
    the declaring side is refused)."""
    company = access_company(request.user, company_id, write=True)
    relation = access_relation(company, relation_id, answer=request.method == "POST")
    form = RelationAnswerForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        services.relation_answer(
            relation,
            company,
            confirm=form.confirms,
            reason=form.cleaned_data["reason"].strip(),
            user=request.user,
        )
        messages.success(request, _("Your answer is recorded."))
        return redirect("relations:relation_list", company_id=company.pk)
    side = relation.side_of(company)
    context = {
        "company": company,
        "relation": relation,
        "form": form,
        "awaits": relation.awaits_answer_from(company),
        "other_name": relation.party_name(relation.other(side)),
        "other_siren": relation.party_siren_display(relation.other(side)),
        "side": side,
    }
    return render(request, "relations/relation_answer.html", context)
