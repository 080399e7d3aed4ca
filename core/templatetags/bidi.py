"""Template filters for text typed by users inside the interface's text (core.bidi):
``{{ name|isolate }}`` in a sentence, ``{% filter without_direction_controls %}`` where
no markup is possible (the page's title)."""

from django import template

from core import bidi

register = template.Library()


@register.filter
def isolate(value):
    """``value`` in ``<bdi>``, escaped once; "" for None and "". The result is safe, so
    ``{% blocktranslate with name=company.legal_name|isolate %}`` keeps its msgid and does
    not escape the markup."""
    return bidi.isolate(value)


@register.filter(is_safe=True)
def without_direction_controls(text):
    """``text`` without explicit direction controls (U+202A-U+202E, U+2066-U+2069)."""
    return bidi.without_direction_controls(text)
