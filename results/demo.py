"""The whole demo data set: companies and accounts (``signatories.demo``), campaigns and
reports (``followup.demo``), measure 3.1's working paper (``charter.demo``), the
committee's meetings and work streams (``meetings.demo``), then the published results of
the closed campaigns."""

import datetime
import random

from django.db import transaction

from callnumbers import demo as numbers_demo
from charter import demo as charter_demo
from followup import demo as followup_demo
from followup.models import (
    Attestation,
    Campaign,
    Evidence,
    IndicatorValue,
    Progress,
    Report,
    ReportEvent,
    ReviewComment,
    Settlement,
)
from meetings import demo as meetings_demo
from procurement import demo as procurement_demo
from relations import demo as relations_demo
from relations.models import Relation
from signatories import demo as companies_demo

from .models import Publication, ScoringMethod
from .selectors.barometer import barometer_publication
from .selectors.palmares import palmares_compute
from .selectors.scorecards import scorecards_publication
from .services.publication import publication_create


def seed_demo(*, companies: int, campaigns: int, seed: int, today: datetime.date) -> dict[str, int]:
    """Replace every company, campaign and report by a fresh demo data set. One transaction."""
    with transaction.atomic():
        followup_demo.raw_delete_all(
            Settlement,
            Attestation,
            Relation,
            Publication,
            ReviewComment,
            Evidence,
            ReportEvent,
            IndicatorValue,
            Progress,
            Report,
            Campaign,
        )
        procurement_demo.delete_all()
        numbers_demo.delete_all()
        meetings_demo.delete_all()
        counts = companies_demo.seed_demo(companies=companies, seed=seed, today=today)
        procurement_demo.create_buyer_account()
        rng = random.Random(seed * 7919 + 1)
        committee = companies_demo.committee_user()
        made_campaigns = followup_demo.make_campaigns(campaigns, today) if campaigns else []
        made = followup_demo.seed_reports(
            rng=rng,
            campaigns=made_campaigns,
            contributor_company=companies_demo.contributor_company(),
            committee_user=committee,
            today=today,
        )
        followup_demo.comment_returned_reports(rng, committee)
        made += followup_demo.seed_signatory_and_committee_reports(
            rng,
            made_campaigns,
            committee,
            companies_demo.second_committee_member(),
            today,
        )
        contracts = procurement_demo.seed_contracts(
            rng, [c.period_end.year for c in made_campaigns], today
        )
        charter_demo.seed_working_paper(committee, today)
        committee_work = meetings_demo.seed_committee(
            random.Random(seed * 7919 + 5),
            committee,
            [c.period_end.year for c in made_campaigns],
            today,
        )
        relations = relations_demo.make_relations(rng, companies_demo.contributor_company())
        numbers = numbers_demo.make_numbers(rng, companies_demo.contributor_company())
        closed = [c for c in made_campaigns if c.status == Campaign.Status.CLOSED]
        # The relations answered for the latest campaign, and for the latest closed one,
        # whose publications then show axis 3's practices.
        answered = {
            max(campaigns, key=lambda c: c.period_end)
            for campaigns in (made_campaigns, closed)
            if campaigns
        }
        for campaign in sorted(answered, key=lambda c: c.period_end):
            followup_demo.seed_attestations(rng, campaign, relations, committee)
            followup_demo.apply_attested_answers(campaign)
        for campaign in sorted(closed, key=lambda c: c.period_end):
            publish_results(campaign, committee)
    return {
        **counts,
        "campaigns": campaigns,
        "reports": made,
        "public_contracts": contracts,
        "call_numbers": numbers,
        **committee_work,
    }


def publish_results(campaign: Campaign, committee_user) -> None:
    """Publish the barometer, the palmarès and the signatories' scorecards of ``campaign``,
    as the committee would (the first version of each; provisional if the campaign still
    accepts reports)."""
    provisional = not campaign.is_past_grace()
    barometer, contributors = barometer_publication(campaign)
    if not barometer["overall"]["suppressed"]:
        publication_create(
            kind=Publication.Kind.BAROMETER,
            campaign=campaign,
            data=barometer,
            contributors=contributors,
            user=committee_user,
            provisional=provisional,
        )
    method = ScoringMethod.objects.order_by("-version").first()
    palmares = palmares_compute(campaign=campaign, method=method) if method else None
    if palmares and palmares["rows"]:
        publication_create(
            kind=Publication.Kind.PALMARES,
            campaign=campaign,
            method=method,
            data=palmares,
            user=committee_user,
            provisional=provisional,
        )
    scorecards = scorecards_publication(campaign)
    if any(signatory["validated"] for signatory in scorecards["signatories"]):
        publication_create(
            kind=Publication.Kind.SCORECARDS,
            campaign=campaign,
            data=scorecards,
            user=committee_user,
            provisional=provisional,
        )
