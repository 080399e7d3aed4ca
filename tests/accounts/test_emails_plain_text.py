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


def test_direction_controls_typed_in_a_name_are_taken_out_of_the_e_mail():
    """A right-to-left override in a name would reverse the e-mail's words after it."""
    company = CompanyFactory(legal_name="Alpha \u202eContact\u2066 SAS")
    send_templated_email(
        name="report_submitted",
        to=["a@example.org"],
        context={
            "report": None,
            "subject": company,
            "campaign": CampaignFactory(),
            "by": "Claire \u202e",
            "link": "http://testserver/x/",
            "recipient": None,
        },
    )
    message = mail.outbox[0]
    for part in (message.subject, message.body, message.alternatives[0][0]):
        assert "Alpha Contact SAS" in part
        assert not {"\u202e", "\u2066"} & set(part)
