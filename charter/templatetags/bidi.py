"""Bidirectional-text isolation for values typed by users.

A company, an applicant or a contributor types its names and texts freely: they can be
written right to left (Arabic, Hebrew) or hold Unicode direction controls, such as the
right-to-left override U+202E. Printed as a bare text node inside a sentence of the
interface, such a value reorders the rest of the sentence: a company could make
"validé", a date or a figure that follows its name read backwards. ``<bdi>`` isolates the
value and takes its direction from its own content, so the sentence around it keeps its
order.
"""

from django import template
from django.utils.html import format_html

register = template.Library()


@register.filter
def isolate(value):
    """Wrap a value typed by a user in ``<bdi>`` for printing inside running text.

    The value is escaped once, and a value already marked safe is not escaped again;
    ``None`` and ``""`` give ``""`` (so ``|isolate|default:"—"`` still works). The result
    is safe, so ``{% blocktranslate with name=company.legal_name|isolate %}`` keeps its
    msgid and does not escape the markup.
    """
    if value is None or value == "":
        return ""
    return format_html("<bdi>{}</bdi>", value)
