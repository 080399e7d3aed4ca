"""Typed text carrying a script is shown as text everywhere: in pages that
test_reading.py cannot reach by URL alone (states, forms sent back with errors, messages,
error messages quoting data), in the HTML part of e-mails, and in the PDF documents.
"""

import io

import pytest
from django import forms
from django.core import mail
from pypdf import PdfReader

from charter.models import Measure
from documents import pdf
from followup.models import Report

from .helpers import body, raw_payloads
from .resolver import url
from .world import escaped, xss

pytestmark = pytest.mark.django_db


def assert_escaped(response, *labels: str) -> None:
    """The page prints each label's payload escaped and no payload as markup."""
    text = body(response)
    assert not raw_payloads(text)
    missing = [label for label in labels if escaped(label) not in text]
    assert not missing, f"not shown escaped: {missing}"


def report_answers(client, path: str, **changes: str) -> dict:
    """The report form's current values as the browser would post them back, then
    ``changes``."""
    form = client.get(path).context["form"]
    data = {"action": "save"}
    for name, field in form.fields.items():
        if not isinstance(field, forms.FileField):
            value = form[name].value()
            data[name] = "" if value is None else str(value)
    return {**data, **changes}


def test_pages_of_states_no_listed_url_shows(world, clients):
    """A document being made shows its step; a refused application its reason."""
    running = world.objects["running_document"]
    refused = world.objects["refused_application"]

    assert_escaped(
        clients["contributor_a"].get(url("document_detail", world, document_id=running.pk)),
        "documentStep",
    )
    assert_escaped(
        clients["committee"].get(url("application_detail", world, pk=refused.pk)),
        "refusalReason",
    )


def test_forms_sent_back_with_errors_show_what_was_typed_escaped(world, clients):
    """A form refused for another field gives back the typed payload inside its input or
    textarea, escaped: the report, a site, the adhesion form, the login, an invitation and
    the committee's reason to return a report."""
    measure = Measure.objects.get(code="2.1").pk
    report_path = url("report_edit", world)
    client = clients["contributor_a"]
    sent = {
        "report": client.post(
            report_path,
            report_answers(
                client,
                report_path,
                **{f"p{measure}_comment": xss("typedComment"), f"p{measure}_percent": "150"},
            ),
        ),
        "site": client.post(
            url("site_create", world),
            {"name": xss("typedSite"), "city": "Lille", "country": "FR", "seats": "-1"},
        ),
        "invitation": client.post(
            url("team", world), {"email": xss("typedEmail"), "language": "fr"}
        ),
        "application": clients["anonymous"].post(
            url("application_create", world),
            {"legal_name": xss("typedApplication"), "siren": "123", "kind": "outsourcer"},
        ),
        "login": clients["anonymous"].post(
            url("login", world), {"username": xss("typedLogin"), "password": "x"}
        ),
        "return": clients["committee"].post(
            url("report_return", world, "b"),
            {"reason": xss("typedReason") + "a" * 5000},
        ),
    }
    labels = {
        "report": "typedComment",
        "site": "typedSite",
        "invitation": "typedEmail",
        "application": "typedApplication",
        "login": "typedLogin",
        "return": "typedReason",
    }
    for name, response in sent.items():
        assert response.status_code == 200, name
        form = response.context["return_form" if name == "return" else "form"]
        assert form.errors, name
        assert_escaped(response, labels[name])
    assert Report.objects.get(pk=world.ids["b"]["report"]).status == Report.Status.SUBMITTED


def test_messages_and_errors_quoting_typed_text_show_it_escaped(
    world, clients, django_capture_on_commit_callbacks
):
    """Messages after a save and form errors that quote stored text (a site's name, an
    applicant's company name, the name of the company that already holds a SIREN) print it
    escaped, and so do the HTML parts of the e-mails sent."""
    response = clients["contributor_a"].post(
        url("site_create", world),
        {"name": xss("savedSite"), "city": "Lille", "country": "FR", "seats": 1, "headcount": 1},
        follow=True,
    )
    assert_escaped(response, "savedSite")

    with django_capture_on_commit_callbacks(execute=True):
        response = clients["committee"].post(url("application_accept", world), follow=True)
    assert_escaped(response, "applicationName")

    company_a = world.objects["company_a"]
    response = clients["anonymous"].post(
        url("application_create", world),
        {"legal_name": "Autre SAS", "siren": company_a.siren, "kind": "outsourcer"},
    )
    assert "siren" in response.context["form"].errors
    assert_escaped(response, "companyName")

    with django_capture_on_commit_callbacks(execute=True):
        clients["committee"].post(url("report_return", world, "b"), {"reason": xss("mailedReason")})
    html_parts = [alternative[0] for message in mail.outbox for alternative in message.alternatives]
    assert html_parts, "the decisions sent e-mails"
    assert not [part for part in html_parts if raw_payloads(part)]
    assert any(escaped("mailedReason") in part for part in html_parts)
    assert any(escaped("applicationName") in part for part in html_parts)


def pdf_text(content: bytes) -> str:
    """The PDF's text without any white space: a payload holds none, and a PDF may break a
    long word across lines (after its "/", for instance)."""
    reader = PdfReader(io.BytesIO(content))
    return "".join("".join(page.extract_text().split()) for page in reader.pages)


def test_every_pdf_prints_typed_text_as_text(world):
    """The company's report card, the campaign report and the adhesion certificate print
    each payload they show literally, as text (a tag would have been taken as markup and
    not printed), and carry no JavaScript."""
    company, campaign = world.objects["company_a"], world.objects["campaign"]
    documents = {
        "card": (
            pdf.render_company_card(company=company, campaign=campaign, language="fr"),
            [
                "companyName",
                "userName",
                "campaignName",
                "certScheme",
                "certNumber",
                "certIssuer",
                "commitmentTarget",
                "progressComment",
                "indicatorText",
                "reviewComment",
                "returnReason",
                "answerMessage",
            ],
        ),
        "campaign report": (
            pdf.render_campaign_report(campaign=campaign, language="fr"),
            ["companyName", "campaignName"],
        ),
        "certificate": (
            pdf.render_adhesion_certificate(company=company, language="fr"),
            ["companyName"],
        ),
    }
    for name, (rendered, labels) in documents.items():
        text = pdf_text(rendered.content)
        missing = [label for label in labels if xss(label) not in text]
        assert not missing, f"{name}: not printed as text: {missing}"
        assert b"/JavaScript" not in rendered.content and b"/JS" not in rendered.content, name


def test_typed_text_is_stored_as_typed_and_escaped_only_when_shown(world, clients):
    """Escaping happens when printing, never when storing: what was typed is stored as
    typed (the report's comment keeps its angle brackets)."""
    measure = Measure.objects.get(code="2.1").pk
    path = url("report_edit", world)
    client = clients["contributor_a"]
    response = client.post(
        path, report_answers(client, path, **{f"p{measure}_comment": xss("storedComment")})
    )
    assert response.status_code == 302
    report = Report.objects.get(pk=world.ids["a"]["report"])
    assert report.progress.get(measure_id=measure).comment == xss("storedComment")
    assert_escaped(client.get(path), "storedComment")
