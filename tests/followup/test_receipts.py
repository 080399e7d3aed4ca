"""A submitted report's receipt: the contributors' e-mail carries the report card as
submitted (the PDF the company downloads); without it when the PDF fails. The company's
contributors can have it sent again, within the e-mail limits."""

from unittest import mock

import pytest
from django.core import mail
from django.urls import reverse

from followup.models import Report, ReportEvent
from tests.factories import report_form_data as answers

from .test_report import COMPLETE, url

pytestmark = pytest.mark.django_db


def submit(client, user, company, campaign, capture):
    client.force_login(user)
    with capture(execute=True):
        response = client.post(url(company, campaign), answers(action="submit", **COMPLETE))
    assert response.status_code == 302
    return next(m for m in mail.outbox if m.to == [user.email])


def test_the_receipt_carries_the_report_as_submitted(
    client, contributor_a, committed_a, campaign, django_capture_on_commit_callbacks
):
    capture = django_capture_on_commit_callbacks
    receipt = submit(client, contributor_a, committed_a, campaign, capture)
    ((name, content, kind),) = receipt.attachments
    assert name.startswith(f"fiche-{committed_a.siren}-") and name.endswith(".pdf")
    assert kind == "application/pdf" and content.startswith(b"%PDF")
    assert "ci-joint" in receipt.body
    # the committee's notice has no attachment
    assert all(not m.attachments for m in mail.outbox if m.to != [contributor_a.email])


def test_a_pdf_that_fails_leaves_the_receipt_without_it(
    client, contributor_a, committed_a, campaign, django_capture_on_commit_callbacks, caplog
):
    with mock.patch("documents.pdf.render_company_card", side_effect=OSError("no fonts")):
        receipt = submit(
            client, contributor_a, committed_a, campaign, django_capture_on_commit_callbacks
        )
    assert receipt.attachments == []
    documents = reverse("documents:company_documents", args=[committed_a.pk])
    assert "http://testserver" + documents in receipt.body
    assert "n’a pas pu être joint" in receipt.body
    assert "could not be drawn" in caplog.text
    assert Report.objects.get().status == "submitted"


def receipt_url(company, campaign):
    return reverse("followup:report_receipt", args=[company.pk, campaign.pk])


def submitted(company, campaign, user, status="submitted"):
    report = Report.objects.create(campaign=campaign, company=company, status=status)
    ReportEvent.objects.create(report=report, action="submitted", user=user)
    return report


def test_a_contributor_has_the_receipt_sent_again(client, contributor_a, committed_a, campaign):
    submitted(committed_a, campaign, contributor_a)
    client.force_login(contributor_a)
    page = client.get(url(committed_a, campaign)).content.decode()
    assert receipt_url(committed_a, campaign) in page
    with mock.patch("documents.pdf.render_company_card", side_effect=OSError("no fonts")):
        response = client.post(receipt_url(committed_a, campaign), follow=True)
    assert response.redirect_chain[-1][0] == url(committed_a, campaign)
    assert "L’accusé de réception a été renvoyé à 1\u00a0personne." in response.content.decode()
    (receipt,) = mail.outbox
    assert receipt.to == [contributor_a.email]
    assert contributor_a.full_name in receipt.body  # who submitted it


def test_a_report_not_submitted_has_no_receipt(client, contributor_a, committed_a, campaign):
    submitted(committed_a, campaign, contributor_a, status="returned")
    client.force_login(contributor_a)
    page = client.get(url(committed_a, campaign)).content.decode()
    assert receipt_url(committed_a, campaign) not in page
    response = client.post(receipt_url(committed_a, campaign), follow=True)
    assert "Seul un rapport soumis a un accusé de réception." in response.content.decode()
    assert mail.outbox == []


def test_the_resend_is_within_the_e_mail_limits(
    client, settings, contributor_a, committed_a, campaign
):
    settings.EMAIL_LIMIT_PER_ADDRESS = "2/h"
    submitted(committed_a, campaign, contributor_a)
    client.force_login(contributor_a)
    with mock.patch("documents.pdf.render_company_card", side_effect=OSError("no fonts")):
        for _ in range(2):
            assert client.post(receipt_url(committed_a, campaign)).status_code == 302
        refused = client.post(receipt_url(committed_a, campaign))
    assert refused.status_code == 429 and int(refused["Retry-After"]) > 0
    assert "l’accusé de réception n’a pas été renvoyé" in refused.content.decode()
    assert len(mail.outbox) == 2


def test_only_the_company_s_own_contributors_resend(
    client, contributor_a, contributor_b, committee_member, committed_a, campaign
):
    submitted(committed_a, campaign, contributor_a)
    client.force_login(contributor_b)
    assert client.post(receipt_url(committed_a, campaign)).status_code == 404
    client.force_login(committee_member)
    assert client.post(receipt_url(committed_a, campaign)).status_code == 403
    client.logout()
    assert client.post(receipt_url(committed_a, campaign)).status_code == 302  # to log in
    assert client.get(receipt_url(committed_a, campaign)).status_code == 302
    assert mail.outbox == []


def test_a_mail_server_failure_on_resend_says_so(client, contributor_a, committed_a, campaign):
    submitted(committed_a, campaign, contributor_a)
    client.force_login(contributor_a)
    with (
        mock.patch("documents.pdf.render_company_card", side_effect=OSError("no fonts")),
        mock.patch("core.emails.EmailMultiAlternatives.send", side_effect=OSError("down")),
    ):
        response = client.post(receipt_url(committed_a, campaign), follow=True)
    assert "L’accusé de réception n’a pas pu être envoyé" in response.content.decode()
