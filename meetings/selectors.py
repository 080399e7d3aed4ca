"""Reads of the committee's work: its meetings and their decisions with each vote's
result, its work streams, the public record of axis 5, and measure 5.1's figures over a
campaign's period (meetings held, decisions taken, work streams due and done on time) with
axis 5's roll-up for the dashboard. Every function runs a fixed number of queries,
whatever the number of meetings, decisions or work streams."""

import datetime
from dataclasses import dataclass

from django.db.models import Avg, Count, F, Q, QuerySet
from django.http import HttpRequest

from charter.sections import AxisSection

from .models import Decision, Meeting, VotingRule, WorkStream, rule_on

# Measure 5.1 (convene the committee, run the work streams) is computed from the records.
MEASURE_CODE = "5.1"
# Measure 5.1's indicator that the meetings held answer (nobody types it).
MEETINGS_INDICATOR = "committee_meetings"
AXIS_NUMBER = 5


def with_results(decisions: list[Decision]) -> list[Decision]:
    """``decisions`` (their meeting read with them), each given ``rule``, the rule in
    force on its meeting's date, and ``outcome``, its vote's result under it ("" without a
    vote), with ``outcome_label``. One query, for the rules."""
    rules = list(VotingRule.objects.order_by("-valid_from"))
    for decision in decisions:
        decision.rule = rule_on(rules, decision.meeting.held_on)
        decision.outcome = decision.result(decision.rule)
        decision.outcome_label = (
            VotingRule.Result(decision.outcome).label if decision.outcome else ""
        )
    return decisions


def meetings() -> QuerySet[Meeting]:
    """Every meeting, newest first, with how many members were present and how many
    decisions it took. One query when read."""
    return Meeting.objects.annotate(
        present=Count("attendances", distinct=True),
        decision_count=Count("decisions", distinct=True),
    ).order_by("-held_on", "-pk")


def meeting_record(meeting: Meeting) -> dict:
    """A meeting's agenda, members present and decisions with their results. Four
    queries."""
    decisions = list(meeting.decisions.select_related("meeting").order_by("pk"))
    return {
        "agenda": list(meeting.agenda_items.order_by("position")),
        "present": list(meeting.attendances.select_related("member")),
        "decisions": with_results(decisions),
    }


def work_streams() -> QuerySet[WorkStream]:
    """Every work stream, soonest due first, with its owner and the decisions that opened
    and closed it. One query when read."""
    return WorkStream.objects.select_related(
        "owner", "opened_by__meeting", "closed_by__meeting"
    ).order_by("due_on", "title", "pk")


def decisions_for_choice() -> list[Decision]:
    """The decisions a work stream may name, newest meeting first. One query."""
    return list(Decision.objects.select_related("meeting").order_by("-meeting__held_on", "-pk"))


# --- The public record of axis 5 -----------------------------------------------------------


def public_record(today: datetime.date | None = None) -> dict:
    """What the public reads on axis 5: the meetings held (date, place) and the decisions
    marked public, each with its vote's result. Three queries."""
    held = Meeting.objects.held(today)
    decisions = list(
        Decision.objects.filter(public=True, meeting__in=held)
        .select_related("meeting")
        .order_by("-meeting__held_on", "pk")
    )
    return {
        "meetings": list(held.order_by("-held_on", "-pk").only("held_on", "place", "link")),
        "decisions": with_results(decisions),
    }


def axis_section(request: HttpRequest) -> AxisSection:
    """Axis 5's section of the public charter page (``charter.sections``)."""
    return AxisSection("meetings/axis_section.html", public_record())


# --- Measure 5.1's figures ---------------------------------------------------------------


@dataclass
class Figures:
    """Measure 5.1 over a period: the meetings held in it; the decisions they took (adopted
    by a vote, or taken without one); the work streams due in it, and how many of them
    were done by their due date."""

    meetings: int
    decisions: int
    streams_due: int
    streams_on_time: int

    @property
    def on_time_share(self) -> float | None:
        """The share of work streams due in the period done on time (%), None without any."""
        return round(100 * self.streams_on_time / self.streams_due, 1) if self.streams_due else None


def _taken(decision: Decision) -> bool:
    return decision.outcome in ("", VotingRule.Result.ADOPTED)


def figures(start: datetime.date, end: datetime.date) -> Figures:
    """Measure 5.1's figures from ``start`` to ``end``, both included. Four queries."""
    held = Meeting.objects.held_between(start, end)
    decisions = with_results(
        list(Decision.objects.filter(meeting__in=held).select_related("meeting"))
    )
    streams = WorkStream.objects.filter(due_on__gte=start, due_on__lte=end).aggregate(
        due=Count("pk"), on_time=Count("pk", filter=Q(completed_on__lte=F("due_on")))
    )
    return Figures(
        meetings=held.count(),
        decisions=sum(_taken(decision) for decision in decisions),
        streams_due=streams["due"],
        streams_on_time=streams["on_time"],
    )


@dataclass
class Rollup:
    """Axis 5 as the dashboard rolls the axes up: each work stream due in the campaign's
    period is one commitment of measure 5.1, at its status and progress as recorded."""

    achieved: int
    in_progress: int
    not_started: int
    mean_percent: float | None


def rollup(start: datetime.date, end: datetime.date) -> Rollup:
    """Measure 5.1 over a period, one commitment per work stream due in it. One query."""
    Status = WorkStream.Status

    def counted(status: str) -> Count:
        return Count("pk", filter=Q(status=status))

    totals = WorkStream.objects.filter(due_on__gte=start, due_on__lte=end).aggregate(
        achieved=counted(Status.DONE),
        in_progress=counted(Status.IN_PROGRESS),
        not_started=counted(Status.NOT_STARTED),
        mean=Avg("percent"),
    )
    mean = totals.pop("mean")
    return Rollup(**totals, mean_percent=None if mean is None else round(float(mean), 1))
