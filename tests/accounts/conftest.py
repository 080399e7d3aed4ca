import datetime
import re
import secrets

import pytest
from django.core import mail
from django.utils import timezone

from accounts.models import Invitation
from accounts.services import token_digest


@pytest.fixture
def english(client):
    """The client reads the site in English, so tests can assert English text."""
    client.cookies["django_language"] = "en"
    return client


@pytest.fixture
def make_invitation(db):
    """An invitation and its token, made without e-mail: ``make_invitation(company=...)``."""

    def make(
        *,
        email: str = "new@example.org",
        expires_in: datetime.timedelta = datetime.timedelta(days=7),
        **fields,
    ) -> tuple[Invitation, str]:
        token = secrets.token_urlsafe(32)
        invitation = Invitation.objects.create(
            email=email,
            token_digest=token_digest(token),
            expires_at=timezone.now() + expires_in,
            **fields,
        )
        return invitation, token

    return make


def link_in(message, path_start: str) -> str:
    """The path of the first absolute link in the text body that starts with ``path_start``,
    checking that the HTML part carries the same link."""
    match = re.search(r"https?://[^/\s]+(" + re.escape(path_start) + r"[^\s]*)", message.body)
    assert match, message.body
    html = message.alternatives[0][0]
    assert match.group(0) in html
    return match.group(1)


def only_mail_to(address: str):
    sent = [m for m in mail.outbox if m.to == [address]]
    assert len(sent) == 1, [m.to for m in mail.outbox]
    return sent[0]
