"""Publishing, shared by the barometer and the palmarès: the preview that shows what will
become public and asks for confirmation, and the committee's list of publications with
their withdrawal (/suivi/publications/).

The rules (when a campaign may be published, versions, withdrawal) are in
``results.services.publication``; these views only show them and report refusals.
"""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_safe

from followup.models import Campaign
from signatories.access import committee_required

from ..forms import PublishForm, WithdrawForm
from ..models import Publication, ScoringMethod
from ..services.publication import (
    current_publication,
    fingerprint,
    publication_create,
    publication_withdraw,
)

PUBLIC_PAGES = {
    Publication.Kind.BAROMETER: "results:barometer_public",
    Publication.Kind.PALMARES: "results:palmares_public",
}


def public_url(publication: Publication) -> str:
    return f"{reverse(PUBLIC_PAGES[publication.kind])}?publication={publication.pk}"


def withdrawn_response(request: HttpRequest, publication: Publication) -> HttpResponse:
    """410 Gone for the figures of a withdrawn publication, with the public reason."""
    return render(
        request,
        "followup/publications/withdrawn.html",
        {"publication": publication, "public_url": public_url(publication)},
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
    request: HttpRequest,
    *,
    kind: str,
    campaign: Campaign,
    data: dict,
    template: str,
    context: dict,
    method: ScoringMethod | None = None,
    contributors: dict | None = None,
) -> HttpResponse:
    """GET: ``template`` shows ``data`` as it would be published, what it supersedes and
    the confirmation form. POST: publish ``data`` (with a barometer's ``contributors``,
    kept apart) if it is still what was shown and the service accepts it, then go to the
    public page; otherwise show the preview again with the reason (the figures as they are
    now, the choices kept)."""
    standing = current_publication(kind=kind, campaign=campaign)
    digest = fingerprint(data)
    initial = {"replaces": standing.pk if standing else None, "fingerprint": digest}
    if request.method == "POST":
        form = PublishForm(request.POST, initial=initial)
        if form.is_valid():
            try:
                if form.cleaned_data["fingerprint"] != digest:
                    raise ValidationError(
                        _(
                            "The figures changed since you looked at them (a report was "
                            "reviewed meanwhile): nothing was published. Check them below, "
                            "then confirm again."
                        ),
                        code="figures_changed",
                    )
                publication = publication_create(
                    kind=kind,
                    campaign=campaign,
                    method=method,
                    data=data,
                    contributors=contributors,
                    user=request.user,
                    provisional=form.cleaned_data["provisional"],
                    replaces=form.cleaned_data["replaces"],
                )
            except ValidationError as error:
                form.add_error(None, error)
                # What is shown again is today's state: confirm against it.
                form.data = form.data.copy()
                form.data.update(initial)
            else:
                messages.success(
                    request,
                    _(
                        "Version %(version)s of this publication of %(campaign)s is public. "
                        "Its figures are frozen: later reviews will not change them."
                    )
                    % {"version": publication.version, "campaign": campaign.name},
                )
                return redirect(public_url(publication))
    else:
        form = PublishForm(initial={**initial, "provisional": not campaign.is_past_grace()})
    return render(
        request,
        template,
        {
            **context,
            "campaign": campaign,
            "form": form,
            "standing": standing,
            "standing_url": public_url(standing) if standing else None,
            "past_grace": campaign.is_past_grace(),
        },
    )


@committee_required
@require_safe
def publication_list(request: HttpRequest) -> HttpResponse:
    """Every publication, newest first, with its state and a way to withdraw it."""
    publications = (
        Publication.objects.select_related("campaign", "method", "superseded_by")
        .defer("data", "superseded_by__data")
        .order_by("-published_at", "-pk")
    )
    return render(request, "followup/publications/list.html", {"publications": publications})


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
        "followup/publications/withdraw.html",
        {"publication": publication, "form": form, "public_url": public_url(publication)},
    )
