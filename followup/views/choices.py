"""Choosing among a page's options from a query parameter (?campagne=, ?methode=...)."""

from collections.abc import Callable, Sequence
from typing import TypeVar

from django.http import Http404

from ..models import Campaign

T = TypeVar("T")


def choose(
    options: Sequence[T], raw: str | None, key: Callable[[T], int], *, required: bool = False
) -> T | None:
    """The option whose key is ``raw``; the first (the newest) when ``raw`` is empty and
    not required, or None when there is no option. Anything else, a typo included, is
    unknown: 404, never an error. No query."""
    raw = (raw or "").strip()
    if not raw and not required:
        return options[0] if options else None
    for option in options:
        if str(key(option)) == raw:
            return option
    raise Http404("Unknown choice.")


def chosen_campaign(
    options: Sequence[Campaign], raw: str | None, *, required: bool = False
) -> Campaign | None:
    """The campaign of ``?campagne=`` among ``options`` (newest first); without one, the
    latest that has opened (``Campaign.default_among``), or 404 when ``required``. No
    query."""
    if not required and not (raw or "").strip():
        return Campaign.default_among(options)
    return choose(options, raw, lambda campaign: campaign.pk, required=True)
