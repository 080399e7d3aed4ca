"""Every e-mail the application sends: a subject, a text body and an HTML body, rendered
in the recipient's language from ``templates/emails/<name>_subject.txt``, ``<name>.txt``
and ``<name>.html``."""

import re
from collections.abc import Iterable

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.http import HttpRequest
from django.template.loader import render_to_string
from django.utils import translation

from .bidi import without_direction_controls


def site_url(request: HttpRequest | None = None) -> str:
    """The scheme and host that links in e-mails start with, without a trailing slash.

    ``settings.SITE_URL`` when set (the public address behind a proxy), else the address
    of ``request``, whose host Django has already checked against ALLOWED_HOSTS.
    """
    if settings.SITE_URL:
        return settings.SITE_URL
    if request is None:
        raise ValueError("Set SITE_URL to build links outside a request.")
    return request.build_absolute_uri("/").rstrip("/")


def send_templated_email(
    *,
    name: str,
    to: Iterable[str],
    context: dict,
    language: str | None = None,
    reply_to: Iterable[str] = (),
    attachments: Iterable[tuple[str, bytes, str]] = (),
) -> int:
    """Send the e-mail ``name`` to each address in ``to`` (one message per address, so
    recipients do not see each other), without Unicode direction controls; answers go to
    ``reply_to`` when given; ``attachments`` are (file name, content, type). Returns how
    many were sent. Side effect: e-mail."""
    language = language or settings.LANGUAGE_CODE
    sent = 0
    with translation.override(language):
        # One line, the template's line breaks and indents joined; a non-breaking space
        # stays (French typography: before ":" and "%", inside « »).
        subject = " ".join(
            re.split(r"[ \t\r\n]+", render_to_string(f"emails/{name}_subject.txt", context))
        ).strip()
        text = render_to_string(f"emails/{name}.txt", context)
        html = render_to_string(f"emails/{name}.html", context)
    # A name typed with a right-to-left override would reorder the e-mail's own words
    # after it (mail programs isolate nothing): the controls are taken out of all three.
    subject, text, html = map(without_direction_controls, (subject, text, html))
    for address in dict.fromkeys(to):  # once per address, in order
        message = EmailMultiAlternatives(
            subject, text, settings.DEFAULT_FROM_EMAIL, [address], reply_to=list(reply_to)
        )
        message.attach_alternative(html, "text/html")
        for attachment in attachments:
            message.attach(*attachment)
        sent += message.send()
    return sent


def send_to_users(*, name: str, users: Iterable, context: dict) -> int:
    """Send ``name`` to each user in their preferred language. Side effect: e-mail."""
    sent = 0
    for user in users:
        sent += send_templated_email(
            name=name,
            to=[user.email],
            context={**context, "recipient": user},
            language=user.language,
        )
    return sent
