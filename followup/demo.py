"""Demo campaigns and reports: yearly campaigns (the latest open, the others closed) and
reports in every state with plausible answers, drawn from the same ``random.Random``; the
signatories' and the committee's reports on the measures they carry."""

import datetime
import random
from decimal import Decimal

from simple_history.utils import bulk_create_with_history

from charter.models import Indicator, Measure
from followup.models import (
    Attestation,
    Campaign,
    IndicatorValue,
    Progress,
    Report,
    ReportEvent,
    ReviewComment,
    Settlement,
)
from followup.services.reports import attested_answers_apply
from signatories.models import (
    REGISTRY_CHECKED_INDICATORS,
    Certification,
    Commitment,
    Company,
    CompanyKind,
)

STATUS_WEIGHTS_CLOSED = {
    Report.Status.VALIDATED: 80,
    Report.Status.RETURNED: 4,
    Report.Status.SUBMITTED: 4,
    Report.Status.DRAFT: 3,  # started, never submitted: non-communicating
    None: 9,  # no report: non-communicating
}
STATUS_WEIGHTS_OPEN = {
    Report.Status.DRAFT: 30,
    Report.Status.SUBMITTED: 20,
    Report.Status.RETURNED: 8,
    Report.Status.VALIDATED: 17,
    None: 25,
}
REVIEW_COMMENTS = [
    "Le pourcentage d'avancement paraît élevé au regard du commentaire ; merci de le justifier.",
    "Pouvez-vous joindre une pièce justificative (plan de formation, certificat) ?",
    "Précisez les sites concernés par cet engagement.",
]
RETURN_REASONS = [
    "Les emplois créés en France ne correspondent pas aux effectifs déclarés ; merci de vérifier.",
    "La justification de la mesure non applicable est à préciser.",
    "Merci de joindre le certificat de la certification déclarée.",
]


def raw_delete_all(*models) -> None:
    """Empty tables, and their history tables, without per-row signals: the demo reset
    replaces demo data wholesale, and its history is of no interest (kept, it would be
    mistaken for the history of new rows that reuse the ids on SQLite). Development
    databases only."""
    for model in models:
        model.objects.all()._raw_delete(model.objects.db)
        history = getattr(model, "history", None)
        if history is not None:
            history.model.objects.all()._raw_delete(history.model.objects.db)


def make_campaigns(count: int, today: datetime.date) -> list[Campaign]:
    """``count`` yearly campaigns: the latest covers last year and is open."""
    campaigns = []
    for index in range(count):
        year = today.year - 1 - (count - 1 - index)
        is_open = index == count - 1
        opens_on = datetime.date(year + 1, 1, 15)
        deadline = (
            max(today + datetime.timedelta(days=30), datetime.date(year + 1, 3, 31))
            if is_open
            else datetime.date(year + 1, 3, 31)
        )
        campaigns.append(
            Campaign.objects.create(
                name=f"Campagne {year}",
                period_start=datetime.date(year, 1, 1),
                period_end=datetime.date(year, 12, 31),
                opens_on=min(opens_on, today) if is_open else opens_on,
                deadline=deadline,
                grace_days=15,
                status=Campaign.Status.OPEN if is_open else Campaign.Status.CLOSED,
            )
        )
    return campaigns


def _progress(rng: random.Random, measure_id: int, maturity: float) -> Progress:
    roll = rng.random()
    if roll < 0.05:
        return Progress(
            measure_id=measure_id,
            status=Progress.Status.NOT_APPLICABLE,
            comment="Activité sans appels sortants : la mesure ne s'applique pas.",
        )
    if roll < maturity:
        return Progress(measure_id=measure_id, status=Progress.Status.ACHIEVED, percent=100)
    if roll < maturity + 0.3:
        return Progress(
            measure_id=measure_id,
            status=Progress.Status.IN_PROGRESS,
            percent=rng.randrange(10, 95, 5),
            comment="Plan d'action engagé sur l'ensemble des sites.",
        )
    return Progress(measure_id=measure_id, status=Progress.Status.NOT_STARTED, percent=0)


def _values(
    rng: random.Random,
    company: Company,
    headcount: dict,
    indicators,
    campaign,
    registry: set[str] = frozenset(),
) -> list:
    """Plausible figures, consistent with each other (France never above the total). A
    certification is said held when ``registry`` (the schemes the company holds current on
    the campaign's last day) has it, and now and then when it has not: a mismatch the
    committee sees."""
    france, abroad = headcount.get(company.pk, (100, 0))
    created = rng.randint(0, max(3, (france + abroad) // 8))
    share = (
        rng.uniform(0.45, 1.0) if company.kind == CompanyKind.OUTSOURCER else rng.uniform(0.6, 1.0)
    )
    figures = {
        "jobs_created_total": created,
        "jobs_created_france": round(created * share),
        "headcount_france": france,
        "headcount_abroad": abroad,
        "training_hours": (france + abroad) * rng.randint(12, 40),
        "employees_trained": round((france + abroad) * rng.uniform(0.5, 1.0)),
        "automated_dialers_used": rng.random() < 0.1,
        "ivr_answered_share": Decimal(rng.randrange(0, 45)),
        "ivr_menu_depth": Decimal(rng.randrange(10, 40)) / 10,
        "certified_sites_share": Decimal(rng.randrange(0, 101, 5)),
        "retroactive_discounts_asked": rng.random() < 0.15,
        "contract_costs_shared_share": Decimal(rng.randrange(20, 101, 5)),
        "billing_minimum_share": Decimal(rng.randrange(10, 101, 5)),
        "price_review_clause_share": Decimal(rng.randrange(10, 101, 5)),
        "training_topics": "Accueil, écoute active, outils CRM, prévention des risques.",
    }
    for code, schemes in REGISTRY_CHECKED_INDICATORS.items():
        figures[code] = bool(registry.intersection(schemes)) or rng.random() < 0.15
    rows = []
    for indicator in indicators:
        value = figures.get(indicator.code)
        if value is None:
            continue
        row = IndicatorValue(indicator=indicator)
        if indicator.value_type == Indicator.ValueType.BOOLEAN:
            row.boolean = value
        elif indicator.value_type == Indicator.ValueType.TEXT:
            row.text = value
        else:
            row.number = Decimal(value)
        rows.append(row)
    return rows


def seed_reports(
    *,
    rng: random.Random,
    campaigns: list[Campaign],
    contributor_company: Company | None,
    committee_user,
    today: datetime.date,
) -> int:
    """Reports of every active company for every campaign, in every state. Returns how
    many were made."""
    companies = list(Company.objects.active().order_by("pk"))
    commitments: dict[int, list[int]] = {}
    # Measures the committee agreed do not apply are not reported on.
    for company_id, measure_id in (
        Commitment.objects.applying()
        .filter(company__status=Company.Status.ACTIVE)
        .values_list("company_id", "measure_id")
        .order_by("company_id", "measure_id")  # a stable order keeps the seed reproducible
    ):
        commitments.setdefault(company_id, []).append(measure_id)
    certificates = list(
        Certification.objects.filter(company__status=Company.Status.ACTIVE).order_by("pk")
    )
    headcount: dict[int, tuple[int, int]] = {}
    for company in companies:
        headcount[company.pk] = (0, 0)
    for company_id, country, people in Company.objects.active().values_list(
        "pk", "sites__country", "sites__headcount"
    ):
        if people:
            france, abroad = headcount[company_id]
            headcount[company_id] = (
                (france + people, abroad) if country == "FR" else (france, abroad + people)
            )
    indicators_by_measure: dict[int, list[Indicator]] = {}
    for indicator in Indicator.objects.all():
        indicators_by_measure.setdefault(indicator.measure_id, []).append(indicator)

    made = 0
    for campaign in campaigns:
        is_open = campaign.status == Campaign.Status.OPEN
        weights = STATUS_WEIGHTS_OPEN if is_open else STATUS_WEIGHTS_CLOSED
        reports, pending = [], []
        for company in companies:
            if company.adhered_on and company.adhered_on > campaign.period_end:
                continue
            status = rng.choices(list(weights), weights=list(weights.values()))[0]
            if is_open and company == contributor_company:
                status = None  # the demo contributor fills this one in
            if status is None:
                continue
            report = Report(
                campaign=campaign,
                company=company,
                status=status,
                submitted_at=None
                if status == Report.Status.DRAFT
                else _moment(
                    campaign.opens_on + datetime.timedelta(days=rng.randrange(5, 60)), today
                ),
            )
            reports.append(report)
            pending.append(company)
        reports = bulk_create_with_history(reports, Report, batch_size=1000)
        progress_rows, value_rows, events = [], [], []
        maturity = 0.25 + 0.08 * campaigns.index(campaign)
        registry: dict[int, set[str]] = {}
        for certificate in certificates:
            if certificate.is_current(campaign.period_end):
                registry.setdefault(certificate.company_id, set()).add(certificate.scheme)
        for report, company in zip(reports, pending, strict=True):
            measure_ids = commitments.get(company.pk, [])
            for measure_id in measure_ids:
                row = _progress(rng, measure_id, maturity)
                row.report = report
                progress_rows.append(row)
                for value in _values(
                    rng,
                    company,
                    headcount,
                    indicators_by_measure.get(measure_id, []),
                    campaign,
                    registry.get(company.pk, set()),
                ):
                    value.report = report
                    value_rows.append(value)
            events += _events(rng, report, committee_user)
        bulk_create_with_history(progress_rows, Progress, batch_size=2000)
        bulk_create_with_history(value_rows, IndicatorValue, batch_size=2000)
        ReportEvent.objects.bulk_create(events, batch_size=2000)
        made += len(reports)
    return made


def _moment(day: datetime.date, today: datetime.date) -> datetime.datetime:
    day = min(day, today)
    return datetime.datetime.combine(day, datetime.time(10, 30), tzinfo=datetime.UTC)


def _events(rng: random.Random, report: Report, committee_user) -> list[ReportEvent]:
    if report.status == Report.Status.DRAFT:
        return []
    at = report.submitted_at
    events = [ReportEvent(report=report, action=ReportEvent.Action.SUBMITTED, at=at)]
    if report.status == Report.Status.RETURNED:
        events.append(
            ReportEvent(
                report=report,
                action=ReportEvent.Action.RETURNED,
                user=committee_user,
                at=at + datetime.timedelta(days=rng.randint(3, 20)),
                message=rng.choice(RETURN_REASONS),
            )
        )
    elif report.status == Report.Status.VALIDATED:
        events.append(
            ReportEvent(
                report=report,
                action=ReportEvent.Action.VALIDATED,
                user=committee_user,
                at=at + datetime.timedelta(days=rng.randint(3, 30)),
            )
        )
    return events


def comment_returned_reports(rng: random.Random, committee_user) -> None:
    """The committee's remark on the first commitment of each returned report."""
    first: dict[int, Progress] = {}
    for progress in Progress.objects.filter(report__status=Report.Status.RETURNED).order_by("pk"):
        first.setdefault(progress.report_id, progress)
    bulk_create_with_history(
        [
            ReviewComment(
                progress=progress, author=committee_user, text=rng.choice(REVIEW_COMMENTS)
            )
            for progress in first.values()
        ],
        ReviewComment,
        batch_size=1000,
        default_user=committee_user,
    )


def seed_attestations(rng: random.Random, campaign: Campaign, relations, committee_user) -> None:
    """Both sides' answers on the relations that count, for ``campaign``; on about one in
    three the provider says otherwise than its client, so that the committee has
    disagreements to settle (one of them already settled)."""
    answers = list(Attestation.Answer)
    pairs_answered = []
    for relation in relations:
        if not relation.counts or relation.client_id is None or relation.provider_id is None:
            continue
        client_answers = {p: rng.choice(answers[:2]) for p in Attestation.PRACTICES}
        provider_answers = dict(client_answers)
        if rng.random() < 0.35 or len(pairs_answered) < 3:
            for practice in rng.sample(Attestation.PRACTICES, rng.randint(1, 2)):
                provider_answers[practice] = "no" if client_answers[practice] == "yes" else "yes"
        for side, given in (("client", client_answers), ("provider", provider_answers)):
            Attestation.objects.create(relation=relation, campaign=campaign, side=side, **given)
        pairs_answered.append(relation)
        if client_answers != provider_answers and len(pairs_answered) == 1:
            Settlement.objects.create(
                relation=relation,
                campaign=campaign,
                text="Les deux parties ont été entendues : l'écart tient à un avenant signé "
                "en cours d'année.",
                written_by=committee_user,
            )


def apply_attested_answers(campaign: Campaign) -> None:
    """The company reports of ``campaign`` answer 3.2 to 3.5 from the attestations, as a
    save or a submission would have made them (``services.attested_answers_apply``)."""
    for report in Report.objects.filter(campaign=campaign, company__isnull=False).select_related(
        "company", "campaign"
    ):
        attested_answers_apply(report=report, user=None)


SIGNATORY_COMMENTS = [
    "Travaux menés avec les autres signataires ; un point d'étape est prévu au comité.",
    "Action engagée ; le calendrier est suivi en séance du comité de suivi.",
]


def seed_signatory_and_committee_reports(
    rng: random.Random, campaigns: list[Campaign], committee_user, submitter, today
) -> int:
    """Each signatory's report on the measures it carries and the committee's report on
    the measures bound to it as a whole, for every campaign: validated by
    ``committee_user`` for the closed ones; for the open one, the committee's report
    submitted by ``submitter`` (another member, so that ``committee_user`` may validate
    it) and the signatories' submitted, except the State's, left for its representative.
    Returns how many reports were made."""
    measures = list(
        Measure.objects.active().exclude(bound=Measure.Bound.COMPANIES).select_related("owner")
    )
    subjects = {("committee", None): [m for m in measures if m.bound == Measure.Bound.COMMITTEE]}
    for measure in measures:
        if measure.owner_id:
            subjects.setdefault(("signatory", measure.owner_id), []).append(measure)
    made = 0
    for index, campaign in enumerate(campaigns):
        is_open = campaign.status == Campaign.Status.OPEN
        for (kind, owner_id), owned in subjects.items():
            committee = kind == "committee"
            if is_open and not committee and owned[0].owner.acronym == "État":
                continue
            report = Report.objects.create(
                campaign=campaign,
                committee=committee,
                signatory_id=owner_id,
                status=Report.Status.SUBMITTED if is_open else Report.Status.VALIDATED,
                submitted_at=_moment(campaign.opens_on + datetime.timedelta(days=20), today),
            )
            maturity = 0.2 + 0.15 * index
            for measure in owned:
                row = _progress(rng, measure.pk, maturity)
                if row.status == Progress.Status.NOT_APPLICABLE:
                    row = Progress(
                        measure_id=measure.pk, status=Progress.Status.IN_PROGRESS, percent=50
                    )
                if row.status == Progress.Status.IN_PROGRESS:
                    row.comment = rng.choice(SIGNATORY_COMMENTS)
                row.report = report
                row.save()
            ReportEvent.objects.create(
                report=report,
                action=ReportEvent.Action.SUBMITTED,
                user=submitter if committee else None,
                at=report.submitted_at,
            )
            if not is_open:
                ReportEvent.objects.create(
                    report=report,
                    action=ReportEvent.Action.VALIDATED,
                    user=committee_user,
                    at=report.submitted_at + datetime.timedelta(days=10),
                )
            made += 1
    return made
