"""Plain-text e-mails are not HTML: names with & or < arrive as typed, without the
direction controls that would reorder the e-mail's own words."""

import pytest
from django.core import mail

from core.emails import send_templated_email
from tests.factories import CampaignFactory, CompanyFactory

pytestmark = pytest.mark.django_db


def _submitted(legal_name: str, *, by: str = "Claire", campaign_name: str = "Campagne 2025"):
    """The e-mail telling that a report of a company named ``legal_name`` was submitted."""
    send_templated_email(
        name="report_submitted",
        to=["a@example.org"],
        context={
            "report": None,
            "subject": CompanyFactory(legal_name=legal_name),
            "campaign": CampaignFactory(name=campaign_name),
            "by": by,
            "link": "http://testserver/x/",
            "recipient": None,
        },
    )
    return mail.outbox[-1]


def test_a_plain_text_e_mail_does_not_html_escape_names():
    message = _submitted("Dupont & Fils <Contact>", campaign_name="Campagne « 2025 »")
    assert "Dupont & Fils <Contact>" in message.subject
    assert "Dupont & Fils <Contact>" in message.body
    assert "Dupont &amp; Fils &lt;Contact&gt;" in message.alternatives[0][0]


def test_direction_controls_typed_in_a_name_are_taken_out_of_the_e_mail():
    """A right-to-left override in a name would reverse the e-mail's words after it."""
    message = _submitted("Alpha \u202eContact\u2066 SAS", by="Claire \u202e")
    for part in (message.subject, message.body, message.alternatives[0][0]):
        assert "Alpha Contact SAS" in part
        assert not {"\u202e", "\u2066"} & set(part)
