"""Text typed by users inside the interface's own text.

A company, an applicant or a contributor types its names and texts freely: they can be
written right to left (Arabic, Hebrew) or hold Unicode's explicit direction controls,
such as the right-to-left override U+202E. Printed inside a sentence of the interface,
such a value reorders the rest of the sentence: a company could make "validé", a date or
a figure that follows its name read backwards. Where markup is possible the value goes
in ``<bdi>``, which isolates it and takes its direction from its own content; where it is
not (a page's ``<title>``), the controls are taken out.
"""

import re

from django.utils.html import conditional_escape, format_html
from django.utils.safestring import SafeString, mark_safe

# Embeddings, overrides and isolates: U+202A to U+202E, U+2066 to U+2069.
DIRECTION_CONTROLS = re.compile("[\u202a-\u202e\u2066-\u2069]")


def isolate(value) -> SafeString | str:
    """``value`` escaped once (a value already marked safe is not escaped again) and
    wrapped in ``<bdi>``; "" for None and ""."""
    if value is None or value == "":
        return ""
    return format_html("<bdi>{}</bdi>", value)


def isolated(message: str, **values) -> SafeString:
    """``message % values`` for a message shown as HTML (a flash message): the message
    (translated, plain text) escaped, each value escaped and isolated."""
    return mark_safe(  # noqa: S308 - the message and every value are escaped
        conditional_escape(message) % {name: isolate(value) for name, value in values.items()}
    )


def without_direction_controls(text: str) -> str:
    """``text`` without explicit direction controls, for where no markup can isolate a
    value (a page's title): its letters keep their own direction."""
    return DIRECTION_CONTROLS.sub("", str(text))
