"""Publishing as the committee does: open the preview, then confirm what it showed."""


def confirm_publication(client, url: str, params: dict, *, provisional: bool | None = None):
    """GET the preview of ``url`` with ``params``, then POST its confirmation, provisional
    as the preview proposes unless ``provisional`` says otherwise. Returns the POST's
    response, or the preview's when it is not a page with the confirmation form."""
    preview = client.get(url, params)
    if preview.status_code != 200:
        return preview
    form = preview.context["form"]
    data = {
        **params,
        "fingerprint": form.initial["fingerprint"],
        "replaces": form.initial["replaces"] or "",
    }
    if form.initial["provisional"] if provisional is None else provisional:
        data["provisional"] = "on"
    return client.post(url, data)


def publish_now(*, kind: str, campaign, data: dict, user, method=None):
    """``publication_create`` as a committee member who confirmed the preview now: the next
    version, provisional while the campaign still accepts reports."""
    from results.services.publication import current_publication, publication_create

    standing = current_publication(kind=kind, campaign=campaign)
    return publication_create(
        kind=kind,
        campaign=campaign,
        data=data,
        user=user,
        method=method,
        provisional=not campaign.is_past_grace(),
        replaces=standing.pk if standing else None,
    )
