"""python manage.py seed_demo [--companies N] [--campaigns M] [--seed S] [--reset]"""

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from signatories.demo import DEMO_ACCOUNTS
from signatories.models import Company

from ...demo import seed_demo


class Command(BaseCommand):
    help = (
        "Fill the database with a reproducible demo data set and four demo accounts. "
        "Development only: refuses to run when DEBUG is off."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--companies", type=int, default=60, help="companies to make (60)")
        parser.add_argument(
            "--campaigns",
            type=int,
            default=3,
            help="yearly campaigns to make, the latest open (3)",
        )
        parser.add_argument("--seed", type=int, default=2010, help="random seed (2010)")
        parser.add_argument(
            "--reset",
            action="store_true",
            help="replace the companies already in the database instead of stopping",
        )

    def handle(
        self, *args, companies: int, campaigns: int, seed: int, reset: bool, **options
    ) -> None:
        if not settings.DEBUG:
            raise CommandError(
                "seed_demo only runs with DEBUG on: it replaces every company. "
                "Set DEBUG=true for a development database."
            )
        if companies < 1:
            raise CommandError("--companies must be at least 1.")
        if not 0 <= campaigns <= 20:
            raise CommandError("--campaigns goes from 0 to 20.")
        if Company.objects.exists() and not reset:
            self.stdout.write(
                "The database already holds companies: nothing done. "
                "Run seed_demo --reset to replace them with demo data."
            )
            return
        counts = seed_demo(
            companies=companies, campaigns=campaigns, seed=seed, today=timezone.localdate()
        )
        self.stdout.write(
            self.style.SUCCESS(
                "Demo data made (seed {seed}): {companies} companies, {sites} sites, "
                "{certifications} certifications, {commitments} commitments, "
                "{campaigns} campaigns, {reports} reports, "
                "{public_contracts} public contracts, {call_numbers} customer-service numbers, "
                "{meetings} committee meetings, {work_streams} work streams.".format(
                    seed=seed, **counts
                )
            )
        )
        self.stdout.write("Demo accounts (e-mail / password):")
        for account in DEMO_ACCOUNTS:
            self.stdout.write(f"  {account.role:<20} {account.email:<32} {account.password}")
