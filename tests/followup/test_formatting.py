"""Dates and numbers as the pages write them, in both languages: Django's localisation with
the site's formats (``config/formats``)."""

import datetime
from decimal import Decimal

import pytest
from django.template import Context, Template
from django.utils import translation
from django.utils.dates import MONTHS

D = datetime.date
DAYS = [D(1, 1, 1), D(2027, 1, 1), D(2027, 5, 27), D(2028, 2, 29), D(9999, 12, 31)]


def render(text: str, language: str, **context) -> str:
    with translation.override(language):
        return Template("{% load humanize %}" + text).render(Context(context))


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        ("fr", ["1er janvier 2027", "1er mars 2027", "31 décembre 2027"]),
        ("en", ["1 January 2027", "1 March 2027", "31 December 2027"]),
    ],
)
def test_a_date_reads_day_month_year_in_both_languages(language, expected):
    days = [D(2027, 1, 1), D(2027, 3, 1), D(2027, 12, 31)]
    assert [render("{{ day|date }}", language, day=day) for day in days] == expected


@pytest.mark.parametrize("language", ["fr", "en"])
def test_a_date_is_written_as_the_tables_wrote_it(language):
    """DATE_FORMAT gives what ``date:"j F Y"`` gave, and what the dashboard's rows wrote in
    Python before: the day, the month's name, the year."""
    with translation.override(language):
        names = {number: str(name) for number, name in MONTHS.items()}
    for day in DAYS:
        written = render("{{ day|date }}", language, day=day)
        assert written == render('{{ day|date:"j F Y" }}', language, day=day)
        first = "1er" if language == "fr" and day.day == 1 else str(day.day)
        assert written == f"{first} {names[day.month]} {day.year:04d}"


def test_a_short_date_abbreviates_the_month_as_french_does():
    short = [
        render('{{ day|date:"SHORT_DATE_FORMAT" }}', "fr", day=D(2025, month, 1))
        for month in range(1, 13)
    ]
    assert short[0] == "1er janv. 2025"
    assert short[1] == "1er févr. 2025"
    assert short[2] == "1er mars 2025"
    assert short[11] == "1er déc. 2025"
    assert all(text == text.lower() for text in short)  # never "Jan" nor "Déc"
    assert render('{{ day|date:"SHORT_DATE_FORMAT" }}', "en", day=D(2025, 12, 1)) == "1 Dec 2025"


@pytest.mark.parametrize(
    ("day", "written"),
    [
        (D(2025, 5, 1), "1er mai 2025"),
        (D(2025, 5, 11), "11 mai 2025"),
        (D(2025, 5, 21), "21 mai 2025"),
    ],
)
def test_only_the_first_of_the_month_reads_1er(day, written):
    assert render("{{ day|date }}", "fr", day=day) == written


def test_python_writes_dates_as_the_templates_do():
    from core.dates import written_date

    with translation.override("fr"):
        assert written_date(D(2025, 1, 1), "j N Y") == "1er janv. 2025"
    with translation.override("en"):
        assert written_date(D(2025, 1, 1), "j F Y") == "1 January 2025"


def test_a_moment_reads_its_date_then_its_time():
    moment = datetime.datetime(2027, 3, 1, 14, 5)
    assert render('{{ at|date:"DATETIME_FORMAT" }}', "fr", at=moment) == "1er mars 2027, 14:05"
    assert render('{{ at|date:"DATETIME_FORMAT" }}', "en", at=moment) == "1 March 2027, 14:05"


@pytest.mark.parametrize(
    ("language", "expected"),
    [("fr", ["33,3", "75", "1\xa0683", "12345"]), ("en", ["33.3", "75", "1,683", "12345"])],
)
def test_numbers_in_each_language(language, expected):
    written = render(
        "{{ a|floatformat:1 }}|{{ b|floatformat:0 }}|{{ c|intcomma }}|{{ d|floatformat:0 }}",
        language,
        a=33.333,
        b=Decimal("75.00"),
        c=1683,
        d=Decimal("12345.2"),
    )
    assert written.split("|") == expected
