"""Reference data in two languages: a French field and its English twin.

Reference texts (the charter, its axes, measures and indicators) are written in French in
``<name>`` and in English in ``<name>_en``. ``Translated("<name>")`` reads the one that
matches the active language, and falls back to French when the English is empty.
"""

from django.utils.translation import get_language


def is_english() -> bool:
    return (get_language() or "fr").startswith("en")


class Translated:
    """Descriptor: ``title_i18n = Translated("title")`` gives ``title`` or ``title_en``."""

    def __init__(self, field: str) -> None:
        self.field = field

    def __get__(self, obj, owner=None):
        if obj is None:
            return self
        if is_english():
            english = getattr(obj, f"{self.field}_en", "")
            if english:
                return english
        return getattr(obj, self.field)
