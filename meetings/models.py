"""The follow-up committee's own work (axis 5): its meetings (agenda, members present and
the college each sat for, minutes), the decisions taken there and, when put to a vote,
each college's position; the voting rules in force, dated; the economic and social work
streams it runs. A vote's result is computed from the positions and the rule in force on
the meeting's date (``VotingRule.result``), never typed."""

import datetime
import uuid

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.text import Truncator
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from charter.models import validate_pdf
from core import periods
from core.dates import written_date
from core.history import HistoricalRecords
from signatories.models import Signatory

College = Signatory.College
COLLEGES = College.values  # every vote gives the position of each of them


def _day(day: datetime.date) -> str:
    return written_date(day, "DATE_FORMAT")


# --- Voting rules ------------------------------------------------------------------------


class VotingRuleQuerySet(models.QuerySet["VotingRule"]):
    def in_force(self, on: datetime.date) -> "VotingRuleQuerySet":
        return self.filter(periods.in_force_on(on))


class VotingRule(models.Model):
    """How the committee votes by college over a period: how many colleges must be
    present (the quorum) and what majority of the colleges present adopts a decision. A
    parameter with dates, never a constant: the committee may change its rules."""

    class Majority(models.TextChoices):
        MAJORITY = "majority", _("more than half of the colleges present vote for")
        UNANIMITY = "unanimity", _("every college present votes for")

    class Result(models.TextChoices):
        ADOPTED = "adopted", _("adopted")
        REJECTED = "rejected", _("rejected")
        NO_QUORUM = "no_quorum", _("quorum not met")

    valid_from = models.DateField(_("valid from"))
    valid_until = models.DateField(
        _("valid until"), null=True, blank=True, help_text=_("Empty while it is in force.")
    )
    quorum = models.PositiveSmallIntegerField(
        _("quorum (colleges present)"),
        validators=[
            MinValueValidator(1, _("At least one college must be present.")),
            MaxValueValidator(len(COLLEGES), _("The committee has three colleges.")),
        ],
        help_text=_("How many of the three colleges must be present for a vote to count."),
    )
    majority = models.CharField(_("majority"), max_length=12, choices=Majority.choices)
    source = models.CharField(
        _("source"),
        max_length=300,
        blank=True,
        help_text=_("The decision or text that sets this rule."),
    )

    history = HistoricalRecords()
    objects = VotingRuleQuerySet.as_manager()

    class Meta:
        verbose_name = _("voting rule")
        verbose_name_plural = _("voting rules")
        ordering = ["-valid_from"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(quorum__gte=1, quorum__lte=len(COLLEGES)),
                name="voting_rule_quorum_between_1_and_3",
                violation_error_message=_("The quorum goes from 1 to 3 colleges."),
            ),
            models.CheckConstraint(
                condition=models.Q(valid_until__isnull=True)
                | models.Q(valid_until__gte=models.F("valid_from")),
                name="voting_rule_dates_in_order",
                violation_error_message=_("The end of validity comes before its start."),
            ),
        ]

    def __str__(self) -> str:
        return gettext("%(quorum)s colleges present, %(majority)s, from %(start)s") % {
            "quorum": self.quorum,
            "majority": self.get_majority_display(),
            "start": _day(self.valid_from),
        }

    def clean(self) -> None:
        """Dates in order; no other rule in force on any of the same days."""
        super().clean()
        periods.check_order(self.valid_from, self.valid_until)
        if not self.valid_from:
            return
        overlapping = periods.overlapping(
            VotingRule.objects.exclude(pk=self.pk), self.valid_from, self.valid_until
        )
        if overlapping:
            raise ValidationError(
                _(
                    "Another voting rule is in force over the same days (%(other)s). End it "
                    "before this one starts."
                )
                % {"other": overlapping}
            )

    def result(self, positions: dict[str, str]) -> "VotingRule.Result":
        """The result of a vote: the quorum not met when fewer colleges than ``quorum``
        were present (any position but absent); else adopted when the majority votes
        for (an abstention is not a vote for), rejected otherwise. No query."""
        present = [p for p in positions.values() if p != Decision.Position.ABSENT]
        if len(present) < self.quorum:
            return self.Result.NO_QUORUM
        in_favour = present.count(Decision.Position.FOR)
        if self.majority == self.Majority.UNANIMITY:
            adopted = in_favour == len(present)
        else:
            adopted = 2 * in_favour > len(present)
        return self.Result.ADOPTED if adopted else self.Result.REJECTED


def rule_on(rules: list[VotingRule], day: datetime.date) -> VotingRule | None:
    """The rule of ``rules`` in force on ``day`` (``core.periods.is_in_force``). No query."""
    return next((rule for rule in rules if periods.is_in_force(rule, day)), None)


# --- Meetings ----------------------------------------------------------------------------


def minutes_path(instance: "Meeting", filename: str) -> str:
    """A generated name: nothing of what the uploader typed reaches the file system."""
    return f"minutes/{timezone.now():%Y/%m}/{uuid.uuid4().hex}.pdf"


class MeetingQuerySet(models.QuerySet["Meeting"]):
    def held(self, today: datetime.date | None = None) -> "MeetingQuerySet":
        """Meetings whose day has come."""
        return self.filter(held_on__lte=today or timezone.localdate())

    def held_between(self, start: datetime.date, end: datetime.date) -> "MeetingQuerySet":
        """Meetings held from ``start`` to ``end``, both included (a campaign's period)."""
        return self.held().filter(held_on__gte=start, held_on__lte=end)


class Meeting(models.Model):
    held_on = models.DateField(_("date"))
    place = models.CharField(_("place"), max_length=200, blank=True)
    link = models.URLField(
        _("link"), blank=True, help_text=_("For a meeting held online, the address to join it.")
    )
    minutes = models.TextField(
        _("minutes"), blank=True, help_text=_("Once the meeting is held: what was said and done.")
    )
    minutes_file = models.FileField(
        _("minutes (PDF)"),
        upload_to=minutes_path,
        max_length=200,
        blank=True,
        validators=[validate_pdf],
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("recorded by"),
    )
    created_at = models.DateTimeField(_("recorded"), auto_now_add=True)
    updated_at = models.DateTimeField(_("last changed"), auto_now=True)

    history = HistoricalRecords()
    objects = MeetingQuerySet.as_manager()

    class Meta:
        verbose_name = _("committee meeting")
        verbose_name_plural = _("committee meetings")
        ordering = ["-held_on", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(place="", link=""),
                name="meeting_place_or_link",
                violation_error_message=_("Give the meeting's place or its link."),
            ),
        ]

    def __str__(self) -> str:
        return gettext("Meeting of %(date)s") % {"date": _day(self.held_on)}

    @property
    def is_held(self) -> bool:
        return self.held_on <= timezone.localdate()

    @property
    def has_minutes(self) -> bool:
        return bool(self.minutes.strip() or self.minutes_file)

    @property
    def download_name(self) -> str:
        return f"compte-rendu-{self.held_on:%Y-%m-%d}.pdf"

    def clean(self) -> None:
        """A place or a link; no minutes before the meeting is held."""
        super().clean()
        errors = {}
        self.place = " ".join(self.place.split())
        if not self.place and not self.link:
            errors["place"] = _("Give the meeting's place, or its link if it is held online.")
        if self.held_on and self.held_on > timezone.localdate() and self.has_minutes:
            message = _(
                "The meeting of %(date)s has not been held yet: its minutes can be recorded "
                "from that day."
            ) % {"date": _day(self.held_on)}
            errors["minutes" if self.minutes.strip() else "minutes_file"] = message
        if errors:
            raise ValidationError(errors)


class AgendaItem(models.Model):
    """One item of a meeting's agenda, in its order."""

    meeting = models.ForeignKey(
        Meeting, on_delete=models.CASCADE, related_name="agenda_items", verbose_name=_("meeting")
    )
    position = models.PositiveSmallIntegerField(_("position"))
    title = models.CharField(_("item"), max_length=300)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("agenda item")
        verbose_name_plural = _("agenda items")
        ordering = ["meeting", "position"]
        constraints = [
            models.UniqueConstraint(
                fields=["meeting", "position"], name="agenda_item_position_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.position}. {self.title}"


class Attendance(models.Model):
    """A committee member present at a meeting, and the college they sat for (an account
    has no college of its own: the same person may stand in for another college)."""

    meeting = models.ForeignKey(
        Meeting, on_delete=models.CASCADE, related_name="attendances", verbose_name=_("meeting")
    )
    member = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("member"),
    )
    college = models.CharField(_("college"), max_length=12, choices=College.choices)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("member present")
        verbose_name_plural = _("members present")
        ordering = ["meeting", "college", "member__full_name", "member__email"]
        constraints = [
            models.UniqueConstraint(
                fields=["meeting", "member"], name="attendance_unique_per_member"
            )
        ]

    def __str__(self) -> str:
        return f"{self.member} · {self.get_college_display()}"


# --- Decisions ---------------------------------------------------------------------------


class Decision(models.Model):
    """A decision of a meeting; put to a vote, it holds the position of every college."""

    class Position(models.TextChoices):
        FOR = "for", _("for")
        AGAINST = "against", _("against")
        ABSTAIN = "abstain", _("abstains")
        ABSENT = "absent", _("absent")

    meeting = models.ForeignKey(
        Meeting, on_delete=models.PROTECT, related_name="decisions", verbose_name=_("meeting")
    )
    text = models.TextField(_("decision"))
    public = models.BooleanField(
        _("public"),
        default=False,
        help_text=_("Shown, with its vote's result, on the public page of axis 5."),
    )
    # One field per college (Signatory.College): vote_<college>.
    vote_public = models.CharField(
        _("public authority college"), max_length=8, choices=Position.choices, blank=True
    )
    vote_employers = models.CharField(
        _("employers and profession college"), max_length=8, choices=Position.choices, blank=True
    )
    vote_employees = models.CharField(
        _("employees college"), max_length=8, choices=Position.choices, blank=True
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("decision")
        verbose_name_plural = _("decisions")
        ordering = ["meeting", "pk"]

    def __str__(self) -> str:
        return Truncator(self.text).chars(80)

    @property
    def positions(self) -> dict[str, str]:
        """Each college's position, "" where none was given."""
        return {college: getattr(self, f"vote_{college}") for college in COLLEGES}

    @property
    def voted(self) -> bool:
        return any(self.positions.values())

    def result(self, rule: VotingRule | None) -> str:
        """The vote's result under ``rule`` (the one in force on the meeting's date), ""
        when the decision was not put to a vote. No query."""
        if not self.voted or rule is None:
            return ""
        return rule.result(self.positions)

    def clean(self) -> None:
        """Taken at a meeting already held; a vote gives every college's position, under a
        rule in force on the meeting's date. One query with a vote."""
        super().clean()
        if not self.meeting_id:
            return
        if not self.meeting.is_held:
            raise ValidationError(
                _(
                    "The meeting of %(date)s has not been held yet: record its decisions from "
                    "that day."
                )
                % {"date": _day(self.meeting.held_on)}
            )
        if not self.voted:
            return
        missing = [
            f"vote_{college}" for college, position in self.positions.items() if not position
        ]
        if missing:
            raise ValidationError(
                dict.fromkeys(
                    missing,
                    _(
                        "A vote gives the position of every college: choose this one's "
                        "(absent if it was not there), or clear the others."
                    ),
                )
            )
        if not VotingRule.objects.in_force(self.meeting.held_on).exists():
            raise ValidationError(
                _(
                    "No voting rule is in force on %(date)s: an administrator adds the rule "
                    "of that day before the vote is recorded."
                )
                % {"date": _day(self.meeting.held_on)}
            )


# --- Work streams ------------------------------------------------------------------------


class WorkStream(models.Model):
    """One of the committee's economic and social work streams ("chantiers")."""

    class Status(models.TextChoices):
        NOT_STARTED = "not_started", _("not started")
        IN_PROGRESS = "in_progress", _("in progress")
        DONE = "done", _("done")

    title = models.CharField(_("title"), max_length=200)
    owner = models.ForeignKey(
        Signatory,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="work_streams",
        verbose_name=_("owner"),
        help_text=_("The signatory that leads it; empty when the committee itself does."),
    )
    due_on = models.DateField(_("due date"))
    status = models.CharField(
        _("status"), max_length=12, choices=Status.choices, default=Status.NOT_STARTED
    )
    percent = models.PositiveSmallIntegerField(
        _("progress (%)"),
        default=0,
        validators=[MaxValueValidator(100, _("Progress goes from 0 to 100%%."))],
    )
    completed_on = models.DateField(
        _("completed on"), null=True, blank=True, help_text=_("Only for a work stream done.")
    )
    opened_by = models.ForeignKey(
        Decision,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="streams_opened",
        verbose_name=_("opened by the decision"),
    )
    closed_by = models.ForeignKey(
        Decision,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="streams_closed",
        verbose_name=_("closed by the decision"),
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("work stream")
        verbose_name_plural = _("work streams")
        ordering = ["due_on", "title"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(status="not_started", percent=0)
                | models.Q(status="in_progress", percent__gt=0, percent__lt=100)
                | models.Q(status="done", percent=100, completed_on__isnull=False),
                name="work_stream_percent_agrees_with_status",
                violation_error_message=_(
                    "Not started is 0%%, done is 100%% with a completion date, in progress "
                    "is in between."
                ),
            ),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def owner_label(self) -> str:
        return self.owner.acronym if self.owner else gettext("the committee")

    @property
    def on_time(self) -> bool:
        """Done by its due date."""
        return self.completed_on is not None and self.completed_on <= self.due_on

    @property
    def late(self) -> bool:
        """Done after its due date, or past it without being done."""
        if self.completed_on:
            return self.completed_on > self.due_on
        return self.due_on < timezone.localdate()

    def clean(self) -> None:
        """The progress agrees with the status; a completion date exactly when done, not
        in the future; a closing decision only for a work stream done."""
        super().clean()
        errors = {}
        if self.status == self.Status.DONE:
            self.percent = 100
            if not self.completed_on:
                errors["completed_on"] = _("Give the day the work stream was completed.")
            elif self.completed_on > timezone.localdate():
                errors["completed_on"] = _("The completion date cannot be in the future.")
        else:
            self.completed_on = None
            if self.closed_by_id:
                errors["closed_by"] = _(
                    "Only a work stream done is closed by a decision: set its status to done, "
                    "or clear this."
                )
        if self.status == self.Status.NOT_STARTED and self.percent:
            errors["percent"] = _(
                "A work stream not started has made no progress yet: set it in progress."
            )
        if self.status == self.Status.IN_PROGRESS and not 0 < (self.percent or 0) < 100:
            errors["percent"] = _(
                "A work stream in progress has a progress between 1 and 99: at 0 it is not "
                "started, at 100 it is done."
            )
        if errors:
            raise ValidationError(errors)
