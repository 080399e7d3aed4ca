"""Property-based tests (hypothesis) of the forms' cleaning, the report form first.

Whatever a browser (or anyone with curl) posts, cleaning gives an answer or form errors,
never an exception; and what a valid form gives respects the model's constraints: the
database accepts it as it is.

Each test is a plain test with database fixtures that runs a hypothesis-decorated inner
function: the fixtures (the campaign, the measures) are made once and only read by the
examples, and every example that writes does so in a transaction rolled back at its end,
so examples never see each other. This is why no health check needs to be silenced.
"""

import datetime
from decimal import Decimal

import pytest
from django import forms
from django.db import transaction
from hypothesis import given, settings
from hypothesis import strategies as st

from charter.models import Indicator, Measure
from followup import services
from followup.forms import TEXT_MAX, DashboardFilterForm, ReportForm
from followup.models import Progress
from followup.review_forms import AnswerForm, ReturnForm, ReviewCommentForm
from signatories.forms import CompanySearchForm
from tests.factories import CampaignFactory, CompanyFactory

pytestmark = pytest.mark.django_db

# Bounded: the whole security package stays well under a minute. No example database:
# nothing is written to the working tree.
BOUNDED = settings(max_examples=100, deadline=None, database=None)
SMALL = settings(max_examples=50, deadline=None, database=None)

# --- What people (and scripts) type --------------------------------------------------------

ODD_NUMBERS = [
    "",
    " ",
    "-0",
    "-1",
    "0",
    "100",
    "101",
    "1000000000",
    "1000000001",
    "0.005",
    "99.995",
    "12,5",
    "1 234,56",
    "1\u202f234",
    "1_000",
    "1e3",
    "1E-2",
    "1e999999",
    "NaN",
    "sNaN",
    "Infinity",
    "-inf",
    "0x10",
    "٣٤",  # Arabic-Indic digits
    "１２",  # full-width digits
    "9" * 5000,
    "12\x00",
]
ODD_DATES = ["2024-02-30", "31/12/2024", "0000-00-00", "9999-12-31", "-2024-01-01", "2024-1-1"]

texts = st.text(max_size=60) | st.builds(
    lambda char, count: char * count, st.characters(), st.integers(TEXT_MAX - 5, TEXT_MAX + 5)
)
numberish = (
    st.sampled_from(ODD_NUMBERS)
    | st.integers(-(10**12), 10**12).map(str)
    | st.decimals(allow_nan=True, allow_infinity=True).map(str)
    | st.floats().map(repr)
    | st.from_regex(r"\A[-+]?[0-9 .,]{0,18}([eE][-+]?[0-9]{1,4})?\Z")
    | texts
)
dateish = st.dates().map(datetime.date.isoformat) | st.sampled_from(ODD_DATES) | texts


def anything_for(field: forms.Field, name: str) -> st.SearchStrategy[str]:
    """Any string, biased towards what a field of this kind is sent."""
    if isinstance(field, forms.IntegerField | forms.DecimalField):
        return numberish
    if isinstance(field, forms.DateField):
        return dateish
    if isinstance(field, forms.ChoiceField):
        return st.sampled_from([str(value) for value, _ in field.choices]) | texts
    return texts


def plausible_for(field: forms.Field, campaign) -> st.SearchStrategy[str]:
    """Values near the edges of what the field accepts, so that many forms are valid."""
    if isinstance(field, forms.IntegerField):
        top = field.max_value or 10**9
        return st.integers(-1, top + 1).map(str) | st.sampled_from(["0", str(top)])
    if isinstance(field, forms.DecimalField):
        top = int(field.max_value or 10**9)
        return st.decimals(-1, top + 1, places=3).map(str) | st.sampled_from(["0", str(top)])
    if isinstance(field, forms.DateField):
        day = datetime.timedelta(days=1)
        return st.dates(campaign.period_start - day, campaign.period_end + day).map(str)
    if isinstance(field, forms.ChoiceField):
        return st.sampled_from([str(value) for value, _ in field.choices])
    return st.text(max_size=20)


def posted(form_fields: dict, strategy) -> st.SearchStrategy[dict]:
    """A POST: each field sent (with a value from ``strategy``) or left out."""
    return st.fixed_dictionaries(
        {},
        optional={name: strategy(field, name) for name, field in form_fields.items()},
    )


# --- The report form -------------------------------------------------------------------------


@pytest.fixture
def campaign(db):
    return CampaignFactory()


@pytest.fixture
def measures(db):
    """Every active measure with its indicators: every kind of indicator (whole number,
    decimal, percentage, yes / no, choice, date, text) and the capped ones."""
    return list(Measure.objects.active().select_related("axis").prefetch_related("indicators"))


def report_form(campaign, measures, data, *, submitting=False) -> ReportForm:
    return ReportForm(data, campaign=campaign, measures=measures, submitting=submitting)


def assert_respects_the_models(form: ReportForm, campaign) -> None:
    """What a valid report form gives fits the models' fields and rules."""
    cleaned = form.cleaned_data
    assert isinstance(cleaned["version"], int) and cleaned["version"] >= 0
    statuses = {"", *Progress.Status.values}
    for measure_id, answer in form.progress_values().items():
        assert answer["status"] in statuses
        percent = answer["percent"]
        assert percent is None or (isinstance(percent, int) and 0 <= percent <= 100)
        assert len(answer["comment"]) <= TEXT_MAX and "\x00" not in answer["comment"]
        if answer["status"] == Progress.Status.ACHIEVED:
            assert percent == 100
        if answer["status"] == Progress.Status.NOT_STARTED:
            assert percent == 0
        if answer["status"] == Progress.Status.NOT_APPLICABLE:
            assert percent is None and answer["comment"]
        if form.submitting:
            assert answer["status"], measure_id
    values = form.indicator_values()
    kinds = Indicator.ValueType
    for indicator in form.indicators:
        value = values[indicator.pk]
        if value is None or value == "":
            assert not (form.submitting and indicator.required), indicator.code
            continue
        if indicator.value_type == kinds.INTEGER:
            assert isinstance(value, int) and 0 <= value <= 10**9
        elif indicator.value_type in (kinds.DECIMAL, kinds.PERCENTAGE):
            top = 100 if indicator.value_type == kinds.PERCENTAGE else 10**9
            assert isinstance(value, Decimal) and value.is_finite() and 0 <= value <= top
            assert -value.as_tuple().exponent <= 2  # two decimal places at most
        elif indicator.value_type == kinds.BOOLEAN:
            assert value in (True, False)
        elif indicator.value_type == kinds.CHOICE:
            assert value in {code for code, _ in indicator.choice_list()}
        elif indicator.value_type == kinds.DATE:
            assert campaign.period_start <= value <= campaign.period_end
        else:
            assert len(value) <= TEXT_MAX and "\x00" not in value
        cap = indicator.not_above_id
        if cap in values and values[cap] is not None:
            assert value <= values[cap], indicator.code


def test_any_report_post_is_answered_or_refused_never_raises(campaign, measures):
    """Any strings (odd numbers, NUL bytes, 5,000-character texts, dates that do not exist)
    in any of the report's fields, with or without submitting: ``is_valid()`` answers True
    or False, a refused form has its errors, the page's blocks can still be built from what
    was typed, and a valid form's values respect the models. A few measures at a time, so
    that valid forms come up too."""

    @BOUNDED
    @given(
        chosen=st.lists(st.sampled_from(measures), min_size=1, max_size=4, unique=True),
        version=st.sampled_from(["0", "3"]) | numberish,
        submitting=st.booleans(),
        data=st.data(),
    )
    def check(chosen, version, submitting, data):
        fields = report_form(campaign, chosen, None).fields
        posted_data = data.draw(posted(fields, anything_for))
        form = report_form(
            campaign, chosen, {"version": version, **posted_data}, submitting=submitting
        )
        if form.is_valid():
            assert_respects_the_models(form, campaign)
        else:
            assert form.errors
            assert set(form.errors) <= {*form.fields, forms.forms.NON_FIELD_ERRORS}
        assert len(form.blocks()) == len(chosen)  # what the page shows, typed values kept

    check()


def test_a_valid_report_is_saved_as_the_database_accepts_it(campaign, measures):
    """Values near the edges of each field (bounds and one step past them, three decimal
    places, dates around the period covered, a few measures at a time): when the form is
    valid its values respect the models and the service saves them, the database's
    constraints included (each save is rolled back)."""
    company = CompanyFactory()

    @BOUNDED
    @given(
        chosen=st.lists(st.sampled_from(measures), min_size=1, max_size=3, unique=True),
        data=st.data(),
    )
    def check(chosen, data):
        fields = report_form(campaign, chosen, None).fields
        fields.pop("version")
        posted_data = data.draw(posted(fields, lambda field, name: plausible_for(field, campaign)))
        form = report_form(campaign, chosen, {**posted_data, "version": "0"})
        if not form.is_valid():
            assert form.errors
            return
        assert_respects_the_models(form, campaign)
        with transaction.atomic():
            report = services.report_save(
                campaign=campaign,
                company=company,
                expected_version=0,
                progress=form.progress_values(),
                values=form.indicator_values(),
                files={},
                user=None,
            )
            for progress in report.progress.all():
                progress.full_clean()
            for value in report.values.all():
                value.full_clean()
            transaction.set_rollback(True)

    check()


# --- The other forms anyone can post to ------------------------------------------------------


def test_the_committee_and_answer_forms_take_any_text(campaign, measures):
    """The review comment, the reason to return a report and the company's answer: any text
    is a valid answer of at most 5,000 characters without NUL, or a form error."""
    chosen = measures[:3]

    @SMALL
    @given(text=texts, measure=st.sampled_from([str(m.pk) for m in chosen]) | texts)
    def check(text, measure):
        for form, name in (
            (ReviewCommentForm({"measure": measure, "text": text}, measures=chosen), "text"),
            (ReturnForm({"reason": text}), "reason"),
            (AnswerForm({"message": text}), "message"),
        ):
            if form.is_valid():
                value = form.cleaned_data[name]
                # A comment box may stay empty (the page has one per commitment).
                assert value or isinstance(form, ReviewCommentForm)
                assert len(value) <= TEXT_MAX and "\x00" not in value
            else:
                assert form.errors

    check()


def test_search_and_filter_forms_never_raise(db):
    """The public search and the dashboard's filters read query strings anyone can write:
    any values give filters (the bad ones dropped), never an exception."""
    names = ["q", "kind", "federation", "status", "axis"]

    @SMALL
    @given(query=st.fixed_dictionaries({}, optional=dict.fromkeys(names, texts)), sort=texts)
    def check(query, sort):
        filters = DashboardFilterForm(query).filters(sort)
        assert filters.axis is None or 1 <= filters.axis <= 5
        assert "\x00" not in filters.search
        search = CompanySearchForm(query)
        if search.is_valid():
            assert "\x00" not in search.cleaned_data["q"]

    check()
