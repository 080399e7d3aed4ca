"""What other apps add to an axis's public page. The charter's reference data is a lower
layer than the apps that follow the axes: it imports none of them. An app above registers,
for an axis number, a function of the request that gives a section (a template to include
and its context); ``axis_detail`` shows the sections registered for its axis, in order."""

from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass

from django.http import HttpRequest


@dataclass
class AxisSection:
    template: str
    context: dict


Section = Callable[[HttpRequest], AxisSection | None]

_sections: dict[int, list[Section]] = defaultdict(list)


def register_axis_section(number: int, section: Section) -> None:
    """Show on axis ``number``'s page what ``section`` gives (None: nothing). Called from
    an app's ``ready()``, once."""
    if section not in _sections[number]:
        _sections[number].append(section)


def sections_of(request: HttpRequest, number: int) -> list[AxisSection]:
    """The sections the apps give for axis ``number``, in the order they registered."""
    made = (section(request) for section in _sections.get(number, ()))
    return [section for section in made if section is not None]
