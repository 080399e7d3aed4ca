"""A company's relations in its space (/espace/entreprises/<id>/relations/): the list,
declaring one, inviting a party outside the base, and the other side's answer. Every view
reaches the company through ``signatories.access.access_company`` and the relation through
``relations.access``."""

from functools import partial

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from accounts.throttle import email_sending_refusal, refused_response
from core.bidi import isolated
from core.emails import site_url
from signatories.access import access_company, can_write

from . import selectors, services
from .access import access_relation
from .forms import RelationAnswerForm, RelationForm, RelationInviteForm
from .models import Relation


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
    context = {"company": company, "form": form}
    if request.method != "POST" or not form.is_valid():
        return render(request, "relations/relation_form.html", context)
    declaration = form.declaration()
    if declaration.invite_email and services.other_party(declaration.siren) is None:
        refusal = email_sending_refusal(request, to=declaration.invite_email, account=request.user)
        if refusal:
            return refused_response(request, refusal, "relations/relation_form.html", context)
    relation = services.relation_declare(declaration, request.user, base_url=site_url(request))
    other = relation.party_name(relation.other(relation.declared_by))
    messages.success(
        request,
        isolated(
            _("The relation with “%(name)s” is recorded: it awaits their answer."), name=other
        ),
    )
    if relation.invite_email:
        _say_after_commit(request, relation, sent_before=None)
    return redirect("relations:relation_list", company_id=company.pk)


@login_required
@require_POST
def relation_invite(request: HttpRequest, company_id: int, relation_id: int) -> HttpResponse:
    """The declaring side sends the invitation to a party outside the base again, to the
    address kept or a corrected one: refused with a message while
    ``services.invitation_problem`` says so, and beyond the e-mail limits (429)."""
    company = access_company(request.user, company_id, write=True)
    relation = access_relation(company, relation_id, declared=True)
    form = RelationInviteForm(request.POST, relation=relation)
    template = "relations/relation_answer.html"
    if not form.is_valid():
        return render(request, template, _relation_context(company, relation, invite_form=form))
    email = form.cleaned_data["invite_email"]
    if refusal := email_sending_refusal(request, to=email, account=request.user):
        context = _relation_context(company, relation, invite_form=form)
        return refused_response(request, refusal, template, context)
    sent_before = relation.invited_at
    services.invitation_resend(relation, email=email, user=request.user, base_url=site_url(request))
    _say_after_commit(request, relation, sent_before=sent_before)
    return redirect("relations:relation_list", company_id=company.pk)


def _say_after_commit(request: HttpRequest, relation: Relation, *, sent_before) -> None:
    """Once the invitation was tried (after the commit), say whether it left."""
    transaction.on_commit(partial(_say_invitation, request, relation, sent_before), robust=True)


def _say_invitation(request: HttpRequest, relation: Relation, sent_before) -> None:
    email = relation.invite_email
    if relation.invited_at and relation.invited_at != sent_before:
        messages.success(request, isolated(_("An invitation was sent to %(email)s."), email=email))
    else:
        message = _(
            "The invitation to %(email)s could not be sent (the mail server did not answer). "
            "Send it again from the relation's page."
        )
        messages.warning(request, isolated(message, email=email))


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
    context = _relation_context(company, relation, form=form)
    return render(request, "relations/relation_answer.html", context)


def _relation_context(company, relation: Relation, *, form=None, invite_form=None) -> dict:
    """The relation's page: the other side's answer form, or for the declaring side, when
    the other party is outside the base, its invitation (the form to send it again, or
    why it may not be sent now). One query for the declaring side of such a relation."""
    side = relation.side_of(company)
    other = relation.other(side)
    awaits = relation.awaits_answer_from(company)
    invitable = (not awaits and relation.party(other) is None) or invite_form is not None
    problem = services.invitation_problem(relation) if invitable and not invite_form else None
    if invitable and not problem and not invite_form:
        invite_form = RelationInviteForm(relation=relation)
    return {
        "company": company,
        "relation": relation,
        "form": form,
        "awaits": awaits,
        "other_name": relation.party_name(other),
        "other_siren": relation.party_siren_display(other),
        "side": side,
        "invitable": invitable,
        "invite_form": invite_form,
        "invite_problem": problem,
    }
