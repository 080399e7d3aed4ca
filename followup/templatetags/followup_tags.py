"""Template helpers of the followup pages: thin wrappers around tested functions."""

import html

from django import template
from django.template.defaulttags import querystring
from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.text import capfirst

from ..formatting import Formatter

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
    """A <th> whose link sorts the table by ``key``, keeping the other filters (the first
    page: ``{% querystring page=None tri=... %}``)."""
    current = context["request"].GET.get("tri", "name")
    target, aria = sort_state(current, key)
    href = querystring(context, page=None, tri=target)
    arrow = {"ascending": " ▲", "descending": " ▼"}.get(aria, "")
    return format_html(
        '<th scope="col" aria-sort="{}" class="{}"><a href="{}">{}</a>{}</th>',
        aria,
        css,
        href,
        label,
        arrow,
    )


@register.simple_tag
def ranking_rows(rows: list[dict]) -> SafeString:
    """The ``<tr>`` of each row of a palmarès's ranking (``palmares_display``): rank,
    company, kind, score and the score of each axis, to one decimal. Written here rather
    than by the template: a ranking holds every company, and 1,300 rows of 9 cells took
    100 ms through the template engine. The company's name is escaped in every row."""
    write = Formatter()
    return mark_safe(  # noqa: S308 - every value is escaped or formatted as a number
        "".join(
            f'<tr><td class="num">{write.escaped(row["rank"])}</td>'
            f'<th scope="row">{html.escape(str(row["company"]))}</th>'
            f"<td>{write.escaped(capfirst(row['kind_label']))}</td>"
            f'<td class="num"><strong>{write.tenths(row["score"])}</strong></td>'
            + "".join(
                f'<td class="num">{write.tenths(score)}</td>' for _, score in row["axis_scores"]
            )
            + "</tr>"
            for row in rows
        )
    )
