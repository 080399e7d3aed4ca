"""Odd input through every form of the site and every parameter of its URLs: very long
text (10,000 characters), NUL bytes, emoji, right-to-left scripts and the right-to-left
override (U+202E).

Whatever comes in, the answer is a page (a form error, a 404), never a server error; a
refused form keeps everything else that was typed; accepted text is stored exactly as
typed; nothing is saved from a refused form.
"""

from collections.abc import Callable
from dataclasses import dataclass

import pytest
from django import forms
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.test import Client
from django.utils.html import escape

from accounts.models import User
from callnumbers.models import CallNumber
from charter.models import Indicator, Measure
from followup.models import Evidence, Progress, ReportEvent, ReviewComment
from signatories.models import AdhesionApplication, Certification, Commitment, Company, Site
from tests.factories import pdf_bytes, siren_for

from .helpers import body, changes, database_state
from .permissions import ACTOR, TABLE
from .resolver import at, fill, url
from .world import World

pytestmark = pytest.mark.django_db

LONG = ("Très long ✓ " * 1000)[:10_000]
NUL = "avant\x00après"
EMOJI = "Centre d'appels 🎧📞 équipe 👩🏽‍💻 ❤️"
RTL = "مركز الاتصال שירות לקוחות \u202efdp.exe"  # Arabic, Hebrew, then the RTL override
ODD = {"long": LONG, "nul": NUL, "emoji": EMOJI, "rtl": RTL}
# For URLs, the emoji and right-to-left text repeated to 10,000 characters: one value for
# three kinds of oddity, since every page is read for each value. (The free-text search
# gets all 10,000 characters; the other query parameters its first 300.)
MIXED = ((EMOJI + " " + RTL + " ") * 300)[:10_000]

APP_LABELS = (
    "accounts",
    "charter",
    "signatories",
    "callnumbers",
    "followup",
    "results",
    "documents",
)


def app_state() -> dict[str, str]:
    """The application's tables (not the login-throttling records a wrong password adds)."""
    return {k: v for k, v in database_state().items() if k.split(".")[0] in APP_LABELS}


def posted_back(form: forms.Form) -> dict:
    """A form's current values as a browser posts them back (files left out)."""
    data = {}
    for name, field in form.fields.items():
        value = form[name].value()
        if isinstance(field, forms.FileField) or value is None or value is False:
            continue
        data[name] = "on" if value is True else str(value)
    return data


def _measure(code: str) -> int:
    return Measure.objects.get(code=code).pk


def _indicator(code: str) -> int:
    return Indicator.objects.get(code=code).pk


@dataclass
class FormCase:
    """One form: who posts it, where, a complete answer, the text field that gets the odd
    value, another text field whose typed value must survive a refusal, where an accepted
    value is stored, and where the form is in the page's context."""

    role: str
    path: Callable[[World], str]
    data: Callable[[World, Client, str], dict]
    field: str
    kept: tuple[str, str] | None
    stored: Callable[[World], str] | None
    context: Callable[[dict], forms.Form] = lambda context: context["form"]
    # Where a refusal may show besides the field: a login refuses a long password as a
    # wrong password, for the whole form.
    errors_on: tuple[str, ...] = ()


def _current(client: Client, path: str, **changes) -> dict:
    return {**posted_back(client.get(path).context["form"]), **changes}


def _comment_form(context) -> forms.Form:
    return next(b.comment_form for b in context["blocks"] if b.comment_form.is_bound)


PASSWORD = "Un-mot-de-passe-solide-2024"

CASES = {
    "report": FormCase(
        "contributor_a",
        lambda w: url("report_edit", w),
        lambda w, c, path: _current(
            c,
            path,
            action="save",
            **{f"i{_indicator('training_hours')}": "4321", f"p{_measure('2.1')}_comment": "x"},
        ),
        "p{2.1}_comment",
        ("i{training_hours}", "4321"),
        lambda w: Progress.objects.get(report=w.ids["a"]["report"], measure__code="2.1").comment,
    ),
    "company profile": FormCase(
        "contributor_a",
        lambda w: url("company_edit", w),
        lambda w, c, path: _current(c, path, website="https://garde.example.org/"),
        "legal_name",
        ("website", "https://garde.example.org/"),
        # A new legal name waits for the committee, stored as typed.
        lambda w: Company.objects.get(pk=w.ids["a"]["company"]).requested_legal_name,
    ),
    "site": FormCase(
        "contributor_a",
        lambda w: url("site_create", w),
        lambda w, c, path: {
            "name": "Site",
            "city": "Villegardée",
            "country": "FR",
            "seats": "10",
            "headcount": "12",
        },
        "name",
        ("city", "Villegardée"),
        lambda w: Site.objects.latest("pk").name,
    ),
    # Its label is free text; its number is refused unless it reads as a French number.
    "customer-service number": FormCase(
        "contributor_a",
        lambda w: url("number_create", w),
        lambda w, c, path: {"number": "01 23 45 67 89", "purpose": "sales", "label": "x"},
        "label",
        ("number", "01 23 45 67 89"),
        lambda w: CallNumber.objects.latest("pk").label,
    ),
    "customer-service number (the number)": FormCase(
        "contributor_a",
        lambda w: url("number_create", w),
        lambda w, c, path: {"purpose": "sales", "label": "Ligne gardée"},
        "number",
        ("label", "Ligne gardée"),
        None,
    ),
    "certification": FormCase(
        "contributor_a",
        lambda w: url("certification_create", w),
        lambda w, c, path: {
            "scheme": "nf_service",
            "number": "NF-1",
            "issuer": "Organisme gardé",
            "valid_from": "2024-01-01",
            "valid_until": "2027-01-01",
            "status": "valid",
        },
        "number",
        ("issuer", "Organisme gardé"),
        lambda w: Certification.objects.latest("pk").number,
    ),
    "commitments": FormCase(
        "contributor_a",
        lambda w: url("commitments_edit", w),
        lambda w, c, path: _current(c, path, **{f"m{_measure('2.2')}_target": "Cible gardée"}),
        "m{2.1}_target",
        ("m{2.2}_target", "Cible gardée"),
        lambda w: Commitment.objects.get(company=w.ids["a"]["company"], measure__code="2.1").target,
    ),
    "invitation": FormCase(
        "contributor_a",
        lambda w: url("team", w),
        lambda w, c, path: {"email": "x@example.org", "language": "en"},
        "email",
        None,
        None,
    ),
    "adhesion application": FormCase(
        "anonymous",
        lambda w: url("application_create", w),
        lambda w, c, path: {
            "legal_name": "Société gardée",
            "siren": siren_for(9100),
            "kind": "outsourcer",
            "federation": "none",
            "contact_name": "Camille",
            "contact_email": "camille@example.org",
            "site1_name": "Site 1",
            "site1_city": "Lyon",
            "site1_country": "FR",
            "site1_seats": "5",
            "site1_headcount": "6",
        },
        "contact_name",
        ("legal_name", "Société gardée"),
        lambda w: AdhesionApplication.objects.latest("pk").contact_name,
    ),
    "login": FormCase(
        "anonymous",
        lambda w: url("login", w),
        lambda w, c, path: {"username": "a@example.org", "password": "x"},
        "password",
        ("username", "a@example.org"),
        None,
        errors_on=(forms.forms.NON_FIELD_ERRORS,),
    ),
    "password reset": FormCase(
        "anonymous",
        lambda w: url("password_reset", w),
        lambda w, c, path: {"email": "a@example.org"},
        "email",
        None,
        None,
    ),
    "invitation sign-up": FormCase(
        "anonymous",
        # B's invitation: A's carries a payload in place of an address, which a sign-up
        # form (that shows the address) refuses.
        lambda w: url("invitation_accept", w, "b"),
        lambda w, c, path: {"full_name": "Nom", "password1": PASSWORD, "password2": PASSWORD},
        "full_name",
        None,
        lambda w: User.objects.latest("pk").full_name,
    ),
    "review comment": FormCase(
        "committee",
        lambda w: url("review_comment_create", w, "b"),
        lambda w, c, path: {"measure": str(_measure("2.1")), "text": "x"},
        "text",
        None,
        lambda w: ReviewComment.objects.latest("pk").text,
        _comment_form,
    ),
    "return": FormCase(
        "committee",
        lambda w: url("report_return", w, "b"),
        lambda w, c, path: {"reason": "x"},
        "reason",
        None,
        lambda w: ReportEvent.objects.latest("pk").message,
        lambda context: context["return_form"],
    ),
    "answer": FormCase(
        "contributor_a",
        lambda w: url("report_answer", w),
        lambda w, c, path: {"message": "x"},
        "message",
        None,
        lambda w: ReportEvent.objects.latest("pk").message,
    ),
    "refusal": FormCase(
        "committee",
        lambda w: url("application_refuse", w),
        lambda w, c, path: {"reason": "x"},
        "reason",
        None,
        lambda w: AdhesionApplication.objects.get(pk=w.shared["application"]).refusal_reason,
        lambda context: context["refusal_form"],
    ),
}


def _name(template: str) -> str:
    """Field names written with measure or indicator codes: ``p{2.1}_comment``."""
    if "{" not in template:
        return template
    head, rest = template.split("{", 1)
    code, tail = rest.split("}", 1)
    number = _measure(code) if head in ("p", "m") else _indicator(code)
    return f"{head}{number}{tail}"


def _post(world: World, clients: dict, case: FormCase, value: str):
    client = clients[case.role]
    path = case.path(world)
    data = case.data(world, client, path)
    data[_name(case.field)] = value
    return client.post(path, data)


@pytest.mark.parametrize("odd", ["nul", "long"])
def test_nul_bytes_and_very_long_text_are_form_errors_that_keep_the_rest(world, clients, odd):
    """In every form, a NUL byte or 10,000 characters in a text field give the form back
    (200) with an error on that field, keep the other values typed, and save nothing."""
    wrong = {}
    for name, case in CASES.items():
        before = app_state()
        response = _post(world, clients, case, ODD[odd])
        if response.status_code != 200:
            wrong[name] = f"status {response.status_code}"
            continue
        form = case.context(response.context)
        field = _name(case.field)
        if not {field, *case.errors_on} & set(form.errors):
            wrong[name] = f"no error on {field}: {form.errors.as_data()}"
        if case.kept:
            kept, value = _name(case.kept[0]), case.kept[1]
            if form[kept].value() != value or escape(value) not in body(response):
                wrong[name] = f"{kept} not kept"
        if changed := changes(before, app_state()):
            wrong[name] = f"saved: {sorted(changed)}"
    assert not wrong


@pytest.mark.parametrize("odd", ["emoji", "rtl"])
def test_emoji_and_right_to_left_text_is_stored_exactly_as_typed(world, clients, odd):
    """Emoji (with skin tone and joiner sequences) and Arabic and Hebrew text, with the
    right-to-left override, are accepted by every free-text field and stored unchanged;
    fields that hold an e-mail address or a password refuse them with a form error."""
    wrong = {}
    for name, case in CASES.items():
        with transaction.atomic():  # each form on the same world
            response = _post(world, clients, case, ODD[odd])
            if case.stored is None:
                if response.status_code != 200 or not case.context(response.context).errors:
                    wrong[name] = f"status {response.status_code}, no form error"
            elif response.status_code != 302:
                wrong[name] = f"status {response.status_code}: {response.context['form'].errors}"
            elif case.stored(world) != ODD[odd]:
                wrong[name] = f"stored as {case.stored(world)!r}"
            transaction.set_rollback(True)
    assert not wrong


def test_right_to_left_text_is_shown_back_as_typed(world, clients):
    """The report page gives back an Arabic and Hebrew comment, with its override
    character, exactly: nothing is dropped or reordered on the way."""
    client = clients["contributor_a"]
    path = url("report_edit", world)
    data = _current(client, path, action="save", **{f"p{_measure('2.1')}_comment": RTL})
    assert client.post(path, data).status_code == 302
    assert RTL in body(client.get(path))


def test_an_evidence_file_name_loses_its_control_characters(world, clients):
    """A file name keeps its emoji and its Arabic, but not the right-to-left override that
    would show ``exe.pdf`` as ``fdp.exe``, nor a NUL byte; the download gives the cleaned
    name."""
    client = clients["contributor_a"]
    path = url("report_edit", world)
    measure = _measure("2.1")
    name = "rapport 🎧 مرحبا \u202efdp.exe\x00.pdf"
    data = _current(client, path, action="save")
    data[f"p{measure}_evidence"] = SimpleUploadedFile(name, pdf_bytes(), "application/pdf")

    assert client.post(path, data).status_code == 302

    evidence = Evidence.objects.latest("pk")
    assert evidence.original_name == "rapport 🎧 مرحبا fdp.exe.pdf"
    response = client.get(url("evidence_download", world, evidence_id=evidence.pk))
    assert response.status_code == 200
    assert "\u202e" not in response["Content-Disposition"]


def test_odd_numbers_in_the_report_are_form_errors(world, clients):
    """Figures that are not numbers a person means (a 10,000-digit number, an exponent,
    NaN, infinity, a negative count) are form errors on their own field; the page comes
    back with the rest, and nothing is saved."""
    client = clients["contributor_a"]
    path = url("report_edit", world)
    hours = f"i{_indicator('training_hours')}"
    share = f"i{_indicator('ivr_answered_share')}"
    depth = f"i{_indicator('ivr_menu_depth')}"
    before = app_state()
    for value in ("9" * 10_000, "1e999999", "NaN", "-Infinity", "-3", "12,5,5", "٣".ljust(30, "٣")):
        data = _current(client, path, action="save", **{hours: value, share: value, depth: value})
        response = client.post(path, data)
        assert response.status_code == 200, value
        errors = response.context["form"].errors
        assert {hours, share, depth} <= set(errors), (value, errors)
    assert not changes(before, app_state())


QUERY_PARAMETERS = (
    "q",
    "kind",
    "federation",
    "status",
    "statut",
    "axis",
    "page",
    "campagne",
    "methode",
    "publication",
    "quoi",
    "tri",
    "tableau",
    "suivre",
    "next",
)


@pytest.mark.parametrize("odd", ["nul", "mixed"])
def test_odd_query_strings_and_url_parameters_never_break_a_page(world, clients, odd):
    """Every URL that answers GET, with every query parameter the views read set to the
    odd value, answers a page (200, a redirect, or 404), never a server error; every text
    parameter of a URL (a file format, a document kind, a link's token) set to the odd
    value answers 404 or the page for an invalid link."""
    value = NUL if odd == "nul" else MIXED
    query = {**dict.fromkeys(QUERY_PARAMETERS, value[:300]), "q": value, "next": value}
    wrong = {}
    for name, row in TABLE.items():
        role, owner = ACTOR[row.scope]
        client = clients[role]
        kwargs = fill(row, world, owner)
        tries = []
        if row.get is not None:
            tries.append((at(name, **kwargs), query))
        for param, kind in row.kwargs.items():
            if kind.startswith("=") or kind in ("invitation_token", "reset_token", "reset_uid"):
                tries.append((at(name, **{**kwargs, param: value}), {}))
        for path, params in tries:
            method = client.get if row.get is not None else client.post
            status = method(path, params).status_code
            if status not in ((200, 302, 404) if params else (200, 404)):
                wrong[f"{name} {path[:80]}"] = status
    assert not wrong
