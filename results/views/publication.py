"""Publishing, shared by the barometer and the palmarès: the preview that shows what will
become public and asks for confirmation, and the committee's list of publications with
their withdrawal (/suivi/publications/).

The rules (when a campaign may be published, versions, withdrawal) are in
``followup.services.publication``; these views only show them and report refusals.
"""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_safe

from followup.models import Campaign
from signatories.access import committee_required

from ..forms import PublishForm, WithdrawForm
from ..models import Publication
from ..services.publication import (
    current_publication,
    fingerprint,
    publication_create,
    publication_withdraw,
    publishable_check,
)


def withdrawn_response(request: HttpRequest, publication: Publication) -> HttpResponse:
    """410 Gone for the figures of a withdrawn publication, with the public reason."""
    return render(
        request,
        "results/publications/withdrawn.html",
        {"publication": publication},
        status=410,
    )


def shown_publication(publications: list[Publication], raw: str | None) -> dict:
    """Of ``publications`` (newest first, already read), the one a public page shows: the
    one whose id is ``raw`` (?publication=; 404 when unknown), else the newest that still
    stands; with the one that superseded it, if any. No query."""
    raw = (raw or "").strip()
    if raw:
        publication = next((p for p in publications if str(p.pk) == raw), None)
        if publication is None:
            raise Http404("No such publication.")
    else:
        publication = next((p for p in publications if p.is_current), None)
    successor = None
    if publication is not None and publication.superseded_by_id:
        successor = next((p for p in publications if p.pk == publication.superseded_by_id), None)
    return {"publication": publication, "successor": successor}


def publish_with_preview(
    request: HttpRequest, *, proposal: dict, template: str, context: dict, back_url: str
) -> HttpResponse:
    """``proposal``: what ``publication_create`` would publish (kind, campaign, data, and a
    palmarès's method or a barometer's contributors). GET: ``template`` shows the data as
    it would be published, what it supersedes and the confirmation form. POST: publish it
    if the service accepts, then go to the public page; otherwise show the preview again
    with the reason, the figures as they are now. With nothing to publish
    (``publishable_check``): back to ``back_url`` with the reason."""
    kind, campaign, data = proposal["kind"], proposal["campaign"], proposal["data"]
    try:
        publishable_check(kind=kind, campaign=campaign, data=data, method=proposal.get("method"))
    except ValidationError as refusal:
        messages.error(request, " ".join(refusal.messages))
        return redirect(back_url)
    standing = current_publication(kind=kind, campaign=campaign)
    form = _publish_form(request, campaign, standing, data)
    if request.method == "POST" and (publication := _confirm(request, form, proposal)):
        return _announce(request, publication)
    page = {**context, "campaign": campaign, "form": form, "standing": standing}
    page |= {"past_grace": campaign.is_past_grace(), "back_url": back_url}
    return render(request, template, page)


def _publish_form(
    request: HttpRequest, campaign: Campaign, standing: Publication | None, data: dict
) -> PublishForm:
    """The confirmation: bound to what was posted, else proposing provisional while the
    campaign still accepts reports. Both carry the standing publication and the figures'
    ``fingerprint`` as they are now."""
    initial = {"replaces": standing.pk if standing else None, "fingerprint": fingerprint(data)}
    if request.method == "POST":
        return PublishForm(request.POST, initial=initial)
    return PublishForm(initial={**initial, "provisional": not campaign.is_past_grace()})


def _confirm(request: HttpRequest, form: PublishForm, proposal: dict) -> Publication | None:
    """The publication made from a confirmation ``form``, or None with the form's errors
    (the service's refusal among them; the form then carries today's state, to confirm
    against it)."""
    if not form.is_valid():
        return None
    try:
        return publication_create(
            **proposal,
            user=request.user,
            provisional=form.cleaned_data["provisional"],
            replaces=form.cleaned_data["replaces"],
            seen=form.cleaned_data["fingerprint"],
        )
    except ValidationError as refusal:
        form.add_error(None, refusal)
        # What is shown again is today's state: confirm against it.
        form.data = form.data.copy()
        form.data.update(form.initial)
        return None


def _announce(request: HttpRequest, publication: Publication) -> HttpResponse:
    """Say that ``publication`` is public, and show it."""
    messages.success(
        request,
        _(
            "Version %(version)s of this publication of %(campaign)s is public. "
            "Its figures are frozen: later reviews will not change them."
        )
        % {"version": publication.version, "campaign": publication.campaign.name},
    )
    return redirect(publication.public_url)


@committee_required
@require_safe
def publication_list(request: HttpRequest) -> HttpResponse:
    """Every publication, newest first, with its state and a way to withdraw it."""
    publications = (
        Publication.objects.select_related("campaign", "method", "superseded_by")
        .defer("data", "superseded_by__data")
        .order_by("-published_at", "-pk")
    )
    return render(request, "results/publications/list.html", {"publications": publications})


@committee_required
@require_http_methods(["GET", "HEAD", "POST"])
def publication_withdraw_view(request: HttpRequest, publication_id: int) -> HttpResponse:
    """Withdraw a publication with a public reason; what was typed stays on refusal."""
    publication = get_object_or_404(
        Publication.objects.select_related("campaign", "method").defer("data"),
        pk=publication_id,
    )
    form = WithdrawForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            publication_withdraw(
                publication=publication, reason=form.cleaned_data["reason"], user=request.user
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(
                request,
                _(
                    "The publication is withdrawn: its public page now shows the reason in "
                    "place of the figures."
                ),
            )
            return redirect("results:publication_list")
    return render(
        request,
        "results/publications/withdraw.html",
        {"publication": publication, "form": form},
    )
