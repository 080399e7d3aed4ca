"""Template helpers of the followup pages: thin wrappers around tested functions."""

from django import template
from django.template.defaulttags import querystring

register = template.Library()


def sort_state(current: str, key: str) -> tuple[str, str]:
    """For a column ``key`` and the current ``?tri=`` value: the sort its header link
    asks for (ascending first, then descending) and its aria-sort value."""
    if current == key:
        return f"-{key}", "ascending"
    if current == f"-{key}":
        return key, "descending"
    return key, "none"


@register.inclusion_tag("followup/includes/sortable_header.html", takes_context=True)
def sortable_header(context, key: str, label: str, css: str = "") -> dict:
    """A <th> whose link sorts the table by ``key``, keeping the other filters (the first
    page: ``{% querystring page=None tri=... %}``)."""
    current = context["request"].GET.get("tri", "name")
    target, aria = sort_state(current, key)
    return {
        "aria": aria,
        "css": css,
        "href": querystring(context, page=None, tri=target),
        "label": label,
        "arrow": {"ascending": " ▲", "descending": " ▼"}.get(aria, ""),
    }
