"""A submitted report's receipt: the e-mail to its company's contributors, with the
company's report card for the campaign attached, the PDF the company downloads from its
documents (``pdf.render_company_card``). When the PDF cannot be drawn the e-mail leaves all
the same, without it, and says where to download it."""

import logging
from collections.abc import Iterable

from django.utils import timezone

from core.emails import send_templated_email
from followup.models import Report

logger = logging.getLogger(__name__)


def _card(report: Report, language: str) -> tuple[str, bytes, str] | None:
    """The report card as an attachment (name, content, type), or None when it fails."""
    from . import pdf

    try:
        rendered = pdf.render_company_card(
            company=report.company, campaign=report.campaign, language=language
        )
    except Exception:  # the receipt leaves without the PDF, whatever the cause
        logger.exception("The report card of report %s could not be drawn", report.pk)
        return None
    stamp = f"{timezone.localdate(rendered.data_read_at):%Y-%m-%d}"
    return (f"fiche-{report.company.siren}-{stamp}.pdf", rendered.content, "application/pdf")


def receipt_with_card(*, report: Report, users: Iterable, context: dict) -> int:
    """Send each of ``users`` the receipt in their language, the card drawn once per
    language (a company report only; a signatory's has no card); returns how many left. A
    mail server failure is logged and the others are still sent. Side effect: e-mail."""
    cards: dict[str, tuple[str, bytes, str] | None] = {}
    sent = 0
    for user in users:
        card = None
        if report.company_id:
            if user.language not in cards:
                cards[user.language] = _card(report, user.language)
            card = cards[user.language]
        try:
            sent += _send(report, user, context, card)
        except Exception:  # the mail server's failure: logged, the others still go
            logger.exception("The receipt of report %s could not be sent", report.pk)
    return sent


def _send(report: Report, user, context: dict, card: tuple[str, bytes, str] | None) -> int:
    return send_templated_email(
        name="report_submitted",
        to=[user.email],
        context={
            **context,
            "recipient": user,
            "attached": card is not None,
            "card_missing": bool(report.company_id) and card is None,
        },
        language=user.language,
        attachments=[card] if card else (),
    )
