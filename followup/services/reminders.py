"""The campaign's e-mails to the companies that owe a report: the notice of its opening,
the reminders before the deadline (``Campaign.reminder_days``) and the end of the grace
period (``Campaign.reminders_due``). ``send_reminders`` runs every day; each e-mail sent is
recorded (``Reminder``), so that a second run the same day sends nothing again."""

import datetime
import logging
from dataclasses import dataclass, field

from django.contrib.auth import get_user_model
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from core.emails import send_to_users
from signatories.models import Company

from ..models import Campaign, Reminder, Report

logger = logging.getLogger(__name__)


@dataclass
class RemindersRun:
    """What a run did: the campaigns that accepted reports, the e-mails sent (one per
    company and kind) and the failures left for the next run."""

    campaigns: list[Campaign] = field(default_factory=list)
    sent: int = 0
    failed: int = 0


def _waiting_companies(campaign: Campaign, kind: str, days_before: int):
    """The companies expected to report for ``campaign`` that have not submitted and were
    not sent this reminder yet."""
    return (
        Company.objects.expected_for(campaign.period_end)
        .exclude(pk__in=Report.objects.communicated().filter(campaign=campaign).values("company"))
        .exclude(
            pk__in=Reminder.objects.filter(
                campaign=campaign, kind=kind, days_before=days_before
            ).values("company")
        )
        .order_by("pk")
    )


def _contributors(company: Company):
    return get_user_model().objects.filter(memberships__company=company, is_active=True)


def reminders_send(*, base_url: str, today: datetime.date | None = None) -> RemindersRun:
    """Send the reminders due ``today`` for every campaign that accepts reports. A company
    without an active contributor is skipped; a mail server failure is logged and nothing
    is recorded, so that the next run tries again. Side effects: e-mail, Reminder rows."""
    today = today or timezone.localdate()
    run = RemindersRun()
    for campaign in Campaign.objects.filter(status=Campaign.Status.OPEN).order_by("opens_on"):
        if not campaign.accepts_reports(today):
            continue
        run.campaigns.append(campaign)
        try:
            due = campaign.reminders_due(today)
        except ValueError:
            logger.error("The reminder days of campaign %s cannot be read", campaign.pk)
            due = [(Reminder.Kind.NOTICE, 0)]
        for kind, days_before in due:
            for company in _waiting_companies(campaign, kind, days_before):
                users = list(_contributors(company))
                if not users:
                    continue
                if _send(campaign, company, users, kind, days_before, base_url):
                    run.sent += 1
                else:
                    run.failed += 1
    return run


def _send(campaign, company, users, kind: str, days_before: int, base_url: str) -> bool:
    link = base_url + reverse("followup:report_edit", args=[company.pk, campaign.pk])
    context = {
        "campaign": campaign,
        "company": company,
        "kind": kind,
        "days_before": days_before,
        "link": link,
    }
    try:
        send_to_users(name=f"reminder_{kind}", users=users, context=context)
    except Exception:  # the mail server's failure: the next run tries again
        logger.exception(
            "The reminder %s (%s) of campaign %s to company %s could not be sent",
            kind,
            days_before,
            campaign.pk,
            company.pk,
        )
        return False
    try:
        with transaction.atomic():
            Reminder.objects.create(
                campaign=campaign, company=company, kind=kind, days_before=days_before
            )
    except IntegrityError:  # another run recorded it a moment ago
        pass
    return True
