"""Writes of the company space and the report workflow. Each function that writes more than
one row is one transaction (also when called outside a request), and every row it writes goes
through ``save()`` or ``delete()`` so that its history records the change and who made it
(``core.history``)."""

from collections.abc import Callable
from decimal import Decimal
from functools import partial

from django.contrib.auth import get_user_model
from django.db import IntegrityError, transaction
from django.db.models import F, FilteredRelation, Q
from django.urls import reverse
from django.utils import timezone

from charter.models import Indicator, Measure
from core.emails import send_to_users
from core.history import attribute_to
from procurement.selectors import REGISTER_INDICATORS
from signatories.models import Certification, Commitment, Company, Signatory
from signatories.services import commitment_claim, commitments_ensure

from ..evidence import CheckedFile
from ..models import Campaign, Evidence, IndicatorValue, Progress, Report, ReportEvent
from ..selectors.attestations import own_practice_figures


class StaleReport(Exception):
    """Someone saved the report after the form was opened: the save is refused."""

    def __init__(self, report: Report | None) -> None:
        super().__init__("The report changed since the form was opened.")
        self.report = report


class TransitionNotAllowed(Exception):
    """The report's status does not allow this step."""


class ReportClosed(Exception):
    """The campaign no longer accepts this report's changes."""


# --- Company profile ----------------------------------------------------------------------


@transaction.atomic
def commitments_update(
    *,
    company: Company,
    chosen: dict[int, tuple[str, object]],
    claims: dict[int, str | None] | None = None,
    user=None,
) -> tuple[int, int, list[Measure]]:
    """Make the company's commitments to company measures match ``chosen`` (measure id ->
    (target, due date)), and record ``claims`` (measure id -> justification of a claim that
    a mandatory measure does not apply, or None: it applies).

    A commitment to a mandatory measure is never removed, whatever ``chosen`` says; the
    company may only claim that the measure does not apply. A commitment to an optional
    measure already reported on in a campaign is kept too (its answers must not lose their
    subject): it is returned in the third element so that the page can say so.
    Returns (added or changed, removed, kept). ``user`` is recorded in the history as the
    author of the changes (the request's user otherwise).
    """
    commitments_ensure(company=company, user=user)
    current = {c.measure_id: c for c in company.commitments.select_related("measure")}
    changed = 0
    for measure_id, (target, due_on) in chosen.items():
        commitment = current.get(measure_id)
        if commitment is None:
            commitment = Commitment(
                company=company, measure_id=measure_id, target=target, due_on=due_on
            )
            attribute_to(user, commitment)
            commitment.save(force_insert=True)
            changed += 1
        elif (commitment.target, commitment.due_on) != (target, due_on):
            commitment.target, commitment.due_on = target, due_on
            attribute_to(user, commitment)
            commitment.save(update_fields=["target", "due_on"])
            changed += 1
    for measure_id, justification in (claims or {}).items():
        commitment = current.get(measure_id)
        if commitment is not None and not commitment.measure.optional:
            changed += commitment_claim(
                commitment=commitment, justification=justification, user=user
            )
    dropped = [
        c for measure_id, c in current.items() if measure_id not in chosen and c.measure.optional
    ]
    reported = set(
        Progress.objects.filter(
            report__company=company, measure_id__in=[c.measure_id for c in dropped]
        ).values_list("measure_id", flat=True)
    )
    kept = [c.measure for c in dropped if c.measure_id in reported]
    removed = 0
    for commitment in dropped:
        if commitment.measure_id not in reported:
            attribute_to(user, commitment)
            commitment.delete()
            removed += 1
    return changed, removed, kept


def evidence_attach(
    *,
    checked: CheckedFile,
    user,
    company: Company | None = None,
    signatory: Signatory | None = None,
    progress: Progress | None = None,
    certification: Certification | None = None,
) -> Evidence:
    """Store an already checked file under a generated name. Side effect: a file."""
    evidence = Evidence(
        company=company,
        signatory=signatory,
        progress=progress,
        certification=certification,
        original_name=checked.name,
        content_type=checked.content_type,
        size=checked.size,
        sha256=checked.sha256,
        uploaded_by=user,
    )
    evidence.file.save(checked.name, checked.file, save=False)
    attribute_to(user, evidence)
    evidence.save()
    return evidence


class EvidenceNotRemovable(Exception):
    """The file backs no answer of a report open to its company, or is removed already."""


@transaction.atomic
def evidence_remove(*, evidence: Evidence, user) -> Evidence:
    """Remove a file from a report's answer while the report is a draft or returned. The
    file and its row stay (``removed_at``, ``removed_by``), so the report's history shows
    the removal; the company no longer lists nor downloads it. Who may remove is the
    view's business (the company's contributors, the signatory's representatives).

    Raises EvidenceNotRemovable for a certificate, a file already removed, or a report
    submitted or validated (or a campaign that no longer accepts reports)."""
    locked = Evidence.objects.select_for_update(of=("self",)).select_related(
        "progress__report__campaign"
    )
    evidence = locked.get(pk=evidence.pk)
    report = evidence.progress.report if evidence.progress_id else None
    if (
        report is None
        or evidence.removed_at is not None
        or not report.campaign.report_editable(report)
    ):
        raise EvidenceNotRemovable()
    evidence.removed_at, evidence.removed_by = timezone.now(), user
    attribute_to(user, evidence)
    evidence.save(update_fields=["removed_at", "removed_by"])
    return evidence


@transaction.atomic
def certification_save(
    *, certification: Certification, checked: CheckedFile | None, user
) -> Certification:
    attribute_to(user, certification)
    certification.save()
    if checked:
        evidence_attach(
            checked=checked, user=user, company=certification.company, certification=certification
        )
    return certification


# --- Reports -----------------------------------------------------------------------------


def measures_for(
    *, company: Company | None = None, signatory: Signatory | None = None, committee: bool = False
):
    """The active measures a report covers, with their indicators: a company's commitments
    (each measure with the commitment's ``commitment_target`` and ``commitment_due_on``)
    whose measure applies to it (one the committee agreed does not apply is left out), the
    measures a signatory carries, or (``committee``) those bound to the committee as a
    whole. Two queries."""
    measures = Measure.objects.active().select_related("axis").prefetch_related("indicators")
    if company is not None:
        applying = Commitment.objects.applying().filter(company=company)
        return list(
            measures.alias(
                commitment=FilteredRelation(
                    "commitments", condition=Q(commitments__company=company)
                )
            )
            .filter(commitment__isnull=False, pk__in=applying.values("measure_id"))
            .annotate(
                commitment_target=F("commitment__target"),
                commitment_due_on=F("commitment__due_on"),
            )
        )
    if committee:
        return list(measures.filter(bound=Measure.Bound.COMMITTEE))
    return list(measures.filter(owner=signatory))


def _store_value(indicator: Indicator, value) -> dict:
    kind = Indicator.ValueType
    columns = {"number": None, "boolean": None, "text": "", "date": None}
    if value in (None, ""):
        return columns
    if indicator.value_type in (kind.INTEGER, kind.DECIMAL, kind.PERCENTAGE):
        columns["number"] = Decimal(value)
    elif indicator.value_type == kind.BOOLEAN:
        columns["boolean"] = bool(value)
    elif indicator.value_type == kind.DATE:
        columns["date"] = value
    else:
        columns["text"] = str(value)
    return columns


def _lock_version(report: Report, expected_version: int, user) -> None:
    """Raise StaleReport unless the report is still at ``expected_version``; bump it.

    One conditional UPDATE (the check and the bump cannot be split by another save), which
    sends no signal: the new version is added to the report's history here."""
    now = timezone.now()
    updated = Report.objects.filter(pk=report.pk, version=expected_version).update(
        version=F("version") + 1, updated_by=user, updated_at=now
    )
    if not updated:
        raise StaleReport(Report.objects.filter(pk=report.pk).first())
    report.version, report.updated_by, report.updated_at = expected_version + 1, user, now
    attribute_to(user, report)
    Report.history.bulk_history_create([report], update=True)


@transaction.atomic
def report_save(
    *,
    campaign: Campaign,
    company: Company | None = None,
    signatory: Signatory | None = None,
    committee: bool = False,
    expected_version: int,
    progress: dict[int, dict],
    values: dict[int, object],
    files: dict[int, CheckedFile],
    user,
) -> Report:
    """Save a draft (or returned) report's answers; create the report on its first save.

    ``expected_version`` is the version the form was opened at (0 when no report existed):
    a newer save in between raises StaleReport and nothing is written.
    """
    if not campaign.accepts_reports():
        raise ReportClosed()
    subject = {"company": company, "signatory": signatory, "committee": committee}
    report = Report.objects.filter(campaign=campaign, **subject).first()
    if report is None:
        if expected_version != 0:
            raise StaleReport(None)
        try:
            with transaction.atomic():
                report = Report(campaign=campaign, **subject, updated_by=user)
                attribute_to(user, report)
                report.save(force_insert=True)
        except IntegrityError:  # someone else created it a moment ago
            raise StaleReport(Report.objects.filter(campaign=campaign, **subject).first()) from None
    else:
        if not report.is_open_to_reporter:
            raise TransitionNotAllowed()
        _lock_version(report, expected_version, user)

    existing = {p.measure_id: p for p in report.progress.all()}
    for measure_id, answer in progress.items():
        row = existing.get(measure_id)
        if row is None:
            if not (any(answer.values()) or answer["percent"] == 0 or measure_id in files):
                continue  # nothing to keep for this measure yet
            row = Progress(report=report, measure_id=measure_id, **answer)
            attribute_to(user, row)
            row.save(force_insert=True)
        elif (row.status, row.percent, row.comment) != (
            answer["status"],
            answer["percent"],
            answer["comment"],
        ):
            for name, value in answer.items():
                setattr(row, name, value)
            attribute_to(user, row)
            row.save()
        existing[measure_id] = row

    _write_values(report, Indicator.objects.in_bulk(list(values)), values, user)

    for measure_id, checked in files.items():
        evidence_attach(
            checked=checked,
            user=user,
            company=company,
            signatory=signatory,
            progress=existing[measure_id],
        )
    attested_answers_apply(report=report, user=user)
    return report


def _write_values(
    report: Report, indicators: dict[int, Indicator], values: dict[int, object], user
) -> None:
    """Store ``values`` ({indicator id: value}) on the report, writing only what changed."""
    stored = {v.indicator_id: v for v in report.values.filter(indicator__in=list(values))}
    for indicator_id, value in values.items():
        columns = _store_value(indicators[indicator_id], value)
        row = stored.get(indicator_id)
        if row is None:
            if any(v not in (None, "") for v in columns.values()):
                row = IndicatorValue(report=report, indicator_id=indicator_id, **columns)
                attribute_to(user, row)
                row.save(force_insert=True)
        elif any(getattr(row, name) != value for name, value in columns.items()):
            for name, value in columns.items():
                setattr(row, name, value)
            attribute_to(user, row)
            row.save()


def attested_answers_apply(*, report: Report, user) -> None:
    """Write a company report's answers on measures 3.2 to 3.5 from its own side's
    attestations on its relations (``own_practice_figures``): each measure's status and
    progress, and its indicator's value; the comment stays the company's. Every save and
    the submission call it, so that what the committee reviews is what the attestations
    said when the report was sent. A measure that does not apply to the company is left
    alone."""
    if report.company_id is None:
        return
    figures = own_practice_figures(report.company, report.campaign)
    measures = [m for m in measures_for(company=report.company) if m.code in figures]
    if not measures:
        return
    existing = {p.measure_id: p for p in report.progress.filter(measure__in=measures)}
    for measure in measures:
        practice = figures[measure.code]
        row = existing.get(measure.pk) or Progress(report=report, measure=measure)
        if row.pk is None or (row.status, row.percent) != (practice.status, practice.percent):
            row.status, row.percent = practice.status, practice.percent
            attribute_to(user, row)
            row.save()
    indicators = {
        i.pk: i
        for m in measures
        for i in m.indicators.all()
        if i.code in {f.indicator_code for f in figures.values()}
    }
    by_code = {f.indicator_code: f.value for f in figures.values()}
    _write_values(report, indicators, {pk: by_code[i.code] for pk, i in indicators.items()}, user)


def _committee_members():
    return get_user_model().objects.filter(is_committee_member=True, is_active=True)


def _reporters_of(report: Report):
    User = get_user_model()
    if report.committee:
        return _committee_members()
    if report.company_id:
        return User.objects.filter(memberships__company=report.company_id, is_active=True)
    return User.objects.filter(representations__signatory=report.signatory_id, is_active=True)


def report_url(report: Report) -> str:
    """The report's page, for links in e-mails (without the site address)."""
    if report.company_id:
        return reverse("followup:report_edit", args=[report.company_id, report.campaign_id])
    if report.committee:
        return reverse("followup:committee_report_edit", args=[report.campaign_id])
    return reverse("followup:signatory_report_edit", args=[report.signatory_id, report.campaign_id])


@transaction.atomic
def report_submit(*, report: Report, user, base_url: str) -> Report:
    """Lock the report for the committee's review and tell everyone concerned.

    Side effects: a ReportEvent, the receipt to the company's contributors (or the
    signatory's representatives) linking to their report (``receipt_send``), and a notice
    to the committee members linking to the review page.
    """
    # The row as saved, locked: two submissions at once cannot both pass the check, and the
    # history records the report as it is, not as the caller last read it.
    locked = Report.objects.select_for_update().get(pk=report.pk)
    if not locked.is_open_to_reporter:
        raise TransitionNotAllowed()
    if not report.campaign.accepts_reports():
        raise ReportClosed()
    again = locked.status == Report.Status.RETURNED
    attested_answers_apply(report=locked, user=user)
    locked.status = report.status = Report.Status.SUBMITTED
    locked.submitted_at = report.submitted_at = timezone.now()
    attribute_to(user, locked)
    locked.save(update_fields=["status", "submitted_at"])
    ReportEvent.objects.create(
        report=report,
        action=ReportEvent.Action.RESUBMITTED if again else ReportEvent.Action.SUBMITTED,
        user=user,
    )
    context = {
        "report": report,
        "subject": report.subject,
        "campaign": report.campaign,
        "by": user,
        "link": base_url + report_url(report),
    }
    # After the commit, and robustly: a mail server failure is logged, the submission stays.
    # The committee's own report: its members are told once, by the notice below.
    if not report.committee:
        transaction.on_commit(
            partial(receipt_send, report=report, base_url=base_url, by=user), robust=True
        )
    # The committee reviews the report: its link opens the review page, not the company's.
    review_link = base_url + reverse("followup:report_review", args=[report.pk])
    transaction.on_commit(
        partial(
            send_to_users,
            name="report_submitted_committee",
            users=_committee_members(),
            context={**context, "link": review_link},
        ),
        robust=True,
    )
    return report


# The acknowledgement a report's contributors get on its submission. The documents app,
# which draws PDFs, registers the sender that attaches the company's report card; followup
# only offers the hook (it may not import documents), and sends it without the PDF when
# nothing is registered.
_receipt_senders: list[Callable[..., int]] = []


def register_receipt_sender(sender: Callable[..., int]) -> None:
    """``sender(report=, users=, context=)`` sends the receipt and returns how many
    e-mails left."""
    _receipt_senders[:] = [sender]


def receipt_send(*, report: Report, base_url: str, by=None) -> int:
    """E-mail the report's contributors (or the signatory's representatives) that it was
    submitted, on ``report.submitted_at`` by ``by`` (None: whoever submitted it last), with
    a link to it. Side effect: e-mail."""
    if by is None:
        submission = (
            report.events.filter(
                action__in=(ReportEvent.Action.SUBMITTED, ReportEvent.Action.RESUBMITTED)
            )
            .select_related("user")
            .last()
        )
        by = submission.user if submission else None
    context = {
        "report": report,
        "subject": report.subject,
        "campaign": report.campaign,
        "by": by,
        "link": base_url + report_url(report),
    }
    if report.company_id:
        documents = reverse("documents:company_documents", args=[report.company_id])
        context["documents_link"] = base_url + documents
    users = _reporters_of(report)
    if _receipt_senders:
        return _receipt_senders[0](report=report, users=users, context=context)
    return send_to_users(name="report_submitted", users=users, context=context)


def previous_report(
    *, campaign: Campaign, company=None, signatory=None, committee: bool = False
) -> Report | None:
    """The same company's (or signatory's, or the committee's) report of the latest
    earlier campaign."""
    reports = Report.objects.filter(
        company=company,
        signatory=signatory,
        committee=committee,
        campaign__period_end__lt=campaign.period_start,
    )
    return reports.order_by("-campaign__period_end").first()


@transaction.atomic
def report_copy_previous(
    *,
    campaign: Campaign,
    company=None,
    signatory=None,
    committee: bool = False,
    expected_version: int,
    user,
) -> Report | None:
    """Fill a new or empty draft with the previous campaign's answers (statuses, progress,
    comments and indicator values of the measures still covered). Returns the report,
    or None when there is no previous report."""
    subject = {"company": company, "signatory": signatory, "committee": committee}
    source = previous_report(campaign=campaign, **subject)
    if source is None:
        return None
    measures = {m.pk for m in measures_for(**subject)}
    progress = {
        p.measure_id: {"status": p.status, "percent": p.percent, "comment": p.comment}
        for p in source.progress.filter(measure_id__in=measures)
    }
    values = {}
    for value in source.values.select_related("indicator").filter(
        indicator__measure_id__in=measures
    ):
        columns = {
            "number": value.number,
            "boolean": value.boolean,
            "text": value.text,
            "date": value.date,
        }
        indicator = value.indicator
        if indicator.value_type == Indicator.ValueType.DATE:
            continue  # dates belong to their own period
        if indicator.code in REGISTER_INDICATORS:
            continue  # the register of public contracts computes them
        values[indicator.pk] = next((v for v in columns.values() if v not in (None, "")), None)
    return report_save(
        campaign=campaign,
        **subject,
        expected_version=expected_version,
        progress=progress,
        values=values,
        files={},
        user=user,
    )
