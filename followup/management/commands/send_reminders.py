"""python manage.py send_reminders [--date YYYY-MM-DD]: the day's notices and reminders of
the campaigns that accept reports (followup.services.reminders). Run daily by
deploy/systemd/charte-reminders.timer; run twice, it sends nothing twice."""

import datetime

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from core.emails import site_url

from ...services.reminders import reminders_send


class Command(BaseCommand):
    help = (
        "Send the companies that have not submitted their report the notices and reminders "
        "due today; those already sent are not sent again."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--date",
            type=datetime.date.fromisoformat,
            metavar="YYYY-MM-DD",
            help="the day to act as if it were (default: today)",
        )

    def handle(self, *args, date: datetime.date | None, **options) -> None:
        today = date or timezone.localdate()
        try:
            base_url = site_url()
        except ValueError as error:
            raise CommandError(f"{error} The e-mails link to the companies' reports.") from error
        run = reminders_send(base_url=base_url, today=today)
        if not run.campaigns:
            self.stdout.write(f"No campaign accepts reports on {today}: nothing to send.")
            return
        names = ", ".join(campaign.name for campaign in run.campaigns)
        self.stdout.write(
            self.style.SUCCESS(
                f"{today}, {names}: {run.sent} reminder{'s' if run.sent != 1 else ''} sent."
            )
        )
        if run.failed:
            raise CommandError(
                f"{run.failed} could not be sent (see the log); the next run tries again."
            )
