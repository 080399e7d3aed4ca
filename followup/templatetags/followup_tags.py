"""Template helpers of the followup pages: thin wrappers around tested functions."""

from django import template
from django.utils.html import format_html

register = template.Library()


def sort_state(current: str, key: str) -> tuple[str, str]:
    """For a column ``key`` and the current ``?tri=`` value: the sort its header link
    asks for (ascending first, then descending) and its aria-sort value."""
    if current == key:
        return f"-{key}", "ascending"
    if current == f"-{key}":
        return key, "descending"
    return key, "none"


@register.simple_tag(takes_context=True)
def sortable_header(context, key: str, label: str, css: str = "") -> str:
    """A <th> whose link sorts the table by ``key``, keeping the other filters."""
    current = context["request"].GET.get("tri", "name")
    target, aria = sort_state(current, key)
    query = context.get("sort_query", "")
    href = f"?{query}&tri={target}" if query else f"?tri={target}"
    arrow = {"ascending": " ▲", "descending": " ▼"}.get(aria, "")
    return format_html(
        '<th scope="col" aria-sort="{}" class="{}"><a href="{}">{}</a>{}</th>',
        aria,
        css,
        href,
        label,
        arrow,
    )
