"""Writes of the committee's review and of the company's right of reply. Each function is
one transaction; e-mails leave after it commits, and a mail server failure is logged
without losing the decision."""

from functools import partial

from django.db import transaction
from django.urls import reverse

from charter.models import Measure
from core.emails import send_to_users, site_url
from core.history import attribute_to

from ..models import Progress, Report, ReportEvent, ReviewComment
from .reports import TransitionNotAllowed, _committee_members, _reporters_of, report_url


class ReviewNotAllowed(TransitionNotAllowed):
    """The report's status does not allow this review step. ``code`` says why:

    - ``not_submitted``: only a submitted report is validated or returned;
    - ``draft``: a draft is not commented on (the company has not submitted it);
    - ``not_returned``: the company answers only a report returned to it;
    - ``not_in_report``: the commitment commented on is not part of this report;
    - ``own_submission``: a committee member does not validate the committee's report they
      submitted themselves.
    """

    def __init__(self, code: str) -> None:
        super().__init__(code)
        self.code = code


def _lock(report: Report) -> Report:
    """The report's row, locked until the transaction ends, so that two decisions made at
    the same moment cannot both pass the status check."""
    return Report.objects.select_for_update().get(pk=report.pk)


def _after_commit(func, /, **kwargs) -> None:
    transaction.on_commit(partial(func, **kwargs), robust=True)


def _context(report: Report, user, base_url: str, link: str, **extra) -> dict:
    return {
        "report": report,
        "subject": report.subject,
        "campaign": report.campaign,
        "by": user,
        "link": base_url.rstrip("/") + link,
        **extra,
    }


def _decide(report: Report, *, user, action: str, message: str = "") -> ReportEvent:
    """Move a submitted report to the status that ``action`` gives it and log the event.
    Raises ReviewNotAllowed("not_submitted"); nothing changes then."""
    locked = _lock(report)
    if locked.status != Report.Status.SUBMITTED:
        raise ReviewNotAllowed("not_submitted")
    status = {
        ReportEvent.Action.VALIDATED: Report.Status.VALIDATED,
        ReportEvent.Action.RETURNED: Report.Status.RETURNED,
    }[action]
    locked.status = report.status = status
    attribute_to(user, locked)
    locked.save(update_fields=["status"])
    return ReportEvent.objects.create(report=report, action=action, user=user, message=message)


def submitted_by(report: Report):
    """The id of the person who last submitted the report (None when unknown). One
    query."""
    return (
        report.events.filter(
            action__in=(ReportEvent.Action.SUBMITTED, ReportEvent.Action.RESUBMITTED)
        )
        .order_by("-at", "-pk")
        .values_list("user", flat=True)
        .first()
    )


@transaction.atomic
def report_validate(*, report: Report, user, base_url: str | None = None) -> ReportEvent:
    """Validate a submitted report: it stays read-only and counts in the results.

    Raises ReviewNotAllowed("not_submitted") for any other status, and
    ReviewNotAllowed("own_submission") when ``user`` submitted the committee's report
    (its members report together; another one validates). Side effects: a
    ReportEvent "validated"; after commit, "report_validated" to the company's contributors
    (or the signatory's representatives) in their language, linking to their report page.
    ``base_url`` starts the link (``site_url()`` when not given). The event's
    ``recipients`` are the people e-mailed (none when the subject has no active one).
    """
    if report.committee and submitted_by(report) == user.pk:
        raise ReviewNotAllowed("own_submission")
    event = _decide(report, user=user, action=ReportEvent.Action.VALIDATED)
    event.recipients = list(_reporters_of(report))
    _after_commit(
        send_to_users,
        name="report_validated",
        users=event.recipients,
        context=_context(report, user, base_url or site_url(), report_url(report), event=event),
    )
    return event


@transaction.atomic
def report_return(*, report: Report, user, reason: str, base_url: str | None = None) -> ReportEvent:
    """Return a submitted report to the company with the committee's reason: the company can
    change its answers, answer the committee and submit again.

    Raises ReviewNotAllowed("not_submitted") for any other status, ValueError for an empty
    reason. Side effects: a ReportEvent "returned" whose message is the reason; after
    commit, "report_returned" (with the reason) to the company's contributors (or the
    signatory's representatives) in their language, linking to their report page. The
    event's ``recipients`` are the people e-mailed.
    """
    reason = reason.strip()
    if not reason:
        raise ValueError("A report is returned with a reason.")
    event = _decide(report, user=user, action=ReportEvent.Action.RETURNED, message=reason)
    event.recipients = list(_reporters_of(report))
    _after_commit(
        send_to_users,
        name="report_returned",
        users=event.recipients,
        context=_context(report, user, base_url or site_url(), report_url(report), event=event),
    )
    return event


@transaction.atomic
def review_comment_add(
    *, report: Report, measure_or_progress: Measure | Progress, user, text: str
) -> ReviewComment:
    """Add a committee member's comment on one commitment of the report; the company sees
    it on its report page.

    ``measure_or_progress`` is the report's answer on the commitment, or its measure: a
    measure the company has not answered yet gets an empty answer row to hang the comment
    on (the committee writes no answer). Raises ReviewNotAllowed("draft") on a draft,
    ("not_in_report") for an answer of another report, ValueError for an empty text.
    """
    text = text.strip()
    if not text:
        raise ValueError("A comment has a text.")
    locked = _lock(report)
    if not locked.is_communicated:
        raise ReviewNotAllowed("draft")
    if isinstance(measure_or_progress, Progress):
        progress = measure_or_progress
        if progress.report_id != report.pk:
            raise ReviewNotAllowed("not_in_report")
    else:
        progress = Progress.objects.filter(report=report, measure=measure_or_progress).first()
        if progress is None:
            progress = Progress(report=report, measure=measure_or_progress)
            attribute_to(user, progress)
            progress.save(force_insert=True)
    comment = ReviewComment(progress=progress, author=user, text=text)
    attribute_to(user, comment)
    comment.save(force_insert=True)
    return comment


@transaction.atomic
def report_answer(
    *, report: Report, user, message: str, base_url: str | None = None
) -> ReportEvent:
    """The company's answer to the committee about a returned report (its right of reply).
    Who may answer is the view's business (the company's contributors, the signatory's
    representatives).

    Raises ReviewNotAllowed("not_returned") unless the report is returned, ValueError for an
    empty message. Side effects: a ReportEvent "answered" whose message is the answer;
    after commit, "report_answered_committee" to every active committee member, linking to
    the report's review page.
    """
    message = message.strip()
    if not message:
        raise ValueError("An answer has a message.")
    locked = _lock(report)
    if locked.status != Report.Status.RETURNED:
        raise ReviewNotAllowed("not_returned")
    event = ReportEvent.objects.create(
        report=report, action=ReportEvent.Action.ANSWERED, user=user, message=message
    )
    _after_commit(
        send_to_users,
        name="report_answered_committee",
        users=_committee_members(),
        context=_context(
            report,
            user,
            base_url or site_url(),
            reverse("followup:report_review", args=[report.pk]),
            event=event,
        ),
    )
    return event


@transaction.atomic
def report_status_correct(*, report: Report, status: str, user, reason: str) -> ReportEvent | None:
    """An administrator's correction of the report's workflow status (the admin's change
    form), outside the steps of the workflow: no e-mail leaves, and the submission date is
    kept.

    Raises ValueError for an unknown status or an empty reason. Returns None, and logs
    nothing, when the report already has ``status``. Side effects: the report's history row
    (who and when) and a ReportEvent "corrected" whose message is the reason.
    """
    reason = reason.strip()
    if not reason:
        raise ValueError("A correction has a reason.")
    if status not in Report.Status.values:
        raise ValueError(f"No such status: {status!r}.")
    locked = _lock(report)
    if locked.status == status:
        return None
    locked.status = report.status = status
    attribute_to(user, locked)
    locked.save(update_fields=["status"])
    return ReportEvent.objects.create(
        report=report, action=ReportEvent.Action.CORRECTED, user=user, message=reason
    )


@transaction.atomic
def review_comments_add(
    *, report: Report, comments: list[tuple[Measure | Progress, str]], user
) -> list[ReviewComment]:
    """Several comments at once, ``comments`` being (the answer or its measure, the text)
    pairs, as the review page's boxes send them: all of them are added, or none. Raises
    what ``review_comment_add`` raises."""
    return [
        review_comment_add(report=report, measure_or_progress=target, user=user, text=text)
        for target, text in comments
    ]
