"""Writes of the committee's work: a meeting with its agenda and the members present, a
decision, a work stream. Each records who changed it (``core.history.attribute_to``)."""

from django.db import transaction
from simple_history.utils import bulk_create_with_history

from core.history import attribute_to

from .models import AgendaItem, Attendance, Decision, Meeting, WorkStream


@transaction.atomic
def meeting_save(meeting: Meeting, user, *, agenda: list[str], present: dict) -> Meeting:
    """Save a meeting the form checked, then put its agenda (items in order) and the
    members present (each with the college they sat for) in place of the ones before."""
    if meeting.pk is None:
        meeting.created_by = user
    attribute_to(user, meeting)
    meeting.save()
    # The rows before go, each into its history with who changed them; the new ones come
    # in bulk, their history with them.
    for row in [*meeting.agenda_items.all(), *meeting.attendances.all()]:
        attribute_to(user, row)
        row.delete()
    bulk_create_with_history(
        [
            AgendaItem(meeting=meeting, position=number, title=title)
            for number, title in enumerate(agenda, start=1)
        ],
        AgendaItem,
        default_user=user,
    )
    bulk_create_with_history(
        [
            Attendance(meeting=meeting, member=member, college=college)
            for member, college in present.items()
        ],
        Attendance,
        default_user=user,
    )
    return meeting


@transaction.atomic
def decision_save(decision: Decision, user) -> Decision:
    attribute_to(user, decision)
    decision.save()
    return decision


@transaction.atomic
def work_stream_save(stream: WorkStream, user) -> WorkStream:
    attribute_to(user, stream)
    stream.save()
    return stream
