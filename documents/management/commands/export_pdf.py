"""python manage.py export_pdf --campaign <id> [--company <SIREN>] -o <file.pdf>
[--language fr|en]"""

import time
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser

from followup.models import Campaign
from signatories.models import Company
from signatories.validators import normalize_siren

from ...pdf import render_campaign_report, render_company_card


class Command(BaseCommand):
    help = (
        "Write a campaign's report for the committee as a PDF file, or with --company one "
        "company's report card for that campaign."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--campaign", required=True, metavar="ID", help="the campaign's id (see the admin)"
        )
        parser.add_argument(
            "--company",
            metavar="SIREN",
            help="a company's SIREN: its report card instead of the campaign report",
        )
        parser.add_argument(
            "-o", "--output", required=True, metavar="FILE", help="the PDF file to write"
        )
        parser.add_argument(
            "--language",
            choices=[code for code, _name in settings.LANGUAGES],
            default=settings.LANGUAGE_CODE,
            help="language of the document (default: %(default)s)",
        )

    def handle(
        self, *args, campaign: str, company: str | None, output: str, language: str, **options
    ) -> None:
        chosen = _campaign(campaign)
        subject = _company(company) if company else None
        path = _writable(Path(output))
        started = time.perf_counter()
        if subject is None:
            rendered = render_campaign_report(campaign=chosen, language=language)
        else:
            rendered = render_company_card(company=subject, campaign=chosen, language=language)
        try:
            path.write_bytes(rendered.content)
        except OSError as error:
            raise CommandError(f"Could not write {path}: {error.strerror or error}.") from error
        seconds = time.perf_counter() - started
        what = f"the report card of {subject.legal_name}" if subject else "the campaign report"
        self.stdout.write(
            self.style.SUCCESS(
                f"Wrote {path}: {what} for {chosen.name}, {rendered.pages} "
                f"page{'s' if rendered.pages != 1 else ''}, {len(rendered.content):,} bytes, "
                f"in {seconds:.2f} s."
            )
        )


def _campaign(value: str) -> Campaign:
    if not (value.strip().isdigit() and value.strip().isascii()):
        raise CommandError(f"--campaign takes a campaign's id, a whole number; got {value!r}.")
    campaign = Campaign.objects.filter(pk=int(value)).first()
    if campaign is None:
        known = ", ".join(f"{c.pk} ({c.name})" for c in Campaign.objects.order_by("-period_end"))
        raise CommandError(
            f"No campaign has the id {value}. "
            + (f"Campaigns: {known}." if known else "There is no campaign yet.")
        )
    return campaign


def _company(value: str) -> Company:
    siren = normalize_siren(value)
    if not (siren.isdigit() and len(siren) == 9):
        raise CommandError(f"--company takes a SIREN number, 9 digits; got {value!r}.")
    company = Company.objects.holding_siren(siren)
    if company is None:
        raise CommandError(f"No company has the SIREN {siren}.")
    return company


def _writable(path: Path) -> Path:
    """``path`` when a file can be written there, tried before the (long) rendering."""
    if path.is_dir():
        raise CommandError(f"{path} is a folder: give the name of the PDF file to write.")
    folder = path.parent
    if not folder.is_dir():
        raise CommandError(f"Cannot write {path}: the folder {folder} does not exist.")
    existed = path.exists()
    try:
        with path.open("ab"):
            pass
    except OSError as error:
        raise CommandError(f"Cannot write {path}: {error.strerror or error}.") from error
    if not existed:
        path.unlink(missing_ok=True)
    return path
