"""Dates as the site writes them: Django's localisation (the formats of ``config/formats``)
with the French rules its formats cannot say. The first day of a month is "1er"
("1er janvier 2025", "1er janv. 2025"), and January and February are shortened as French
shortens them ("janv.", "févr."; Django writes "jan.", "fév.")."""

import re

from django.template import defaultfilters
from django.utils import translation
from django.utils.formats import date_format

# "1" alone, then a month: a day written by a date format (never part of "11" or "21").
FIRST_OF_THE_MONTH = re.compile(r"(?<![\d])1(?= [a-zéû])")
SHORT_MONTHS = {"jan.": "janv.", "fév.": "févr."}
SHORT_MONTH = re.compile("|".join(re.escape(name) for name in SHORT_MONTHS))


def french(text: str) -> str:
    """``text``, a date written by Django in French, with French typography."""
    text = SHORT_MONTH.sub(lambda match: SHORT_MONTHS[match.group(0)], text)
    return FIRST_OF_THE_MONTH.sub("1er", text)


def in_language(text: str) -> str:
    language = translation.get_language() or ""
    return french(text) if language.startswith("fr") else text


def written_date(value, format: str | None = None) -> str:
    """``date_format`` for Python code (messages, PDFs), written as the templates write it."""
    return in_language(date_format(value, format))


def date_filter(value, arg=None) -> str:
    """Django's ``date`` filter, then the reader's language's rules."""
    return in_language(defaultfilters.date(value, arg))
