"""Plain-text e-mails are not HTML: names with & or < arrive as typed."""

import pytest
from django.core import mail

from accounts.emails import send_templated_email
from tests.factories import CampaignFactory, CompanyFactory

pytestmark = pytest.mark.django_db


def test_a_plain_text_e_mail_does_not_html_escape_names():
    company = CompanyFactory(legal_name="Dupont & Fils <Contact>")
    campaign = CampaignFactory(name="Campagne « 2025 »")
    send_templated_email(
        name="report_submitted",
        to=["a@example.org"],
        context={
            "report": None,
            "subject": company,
            "campaign": campaign,
            "by": "Claire",
            "link": "http://testserver/x/",
            "recipient": None,
        },
    )
    message = mail.outbox[0]
    assert "Dupont & Fils <Contact>" in message.subject
    assert "Dupont & Fils <Contact>" in message.body
    assert "Dupont &amp; Fils &lt;Contact&gt;" in message.alternatives[0][0]
