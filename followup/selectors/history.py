"""The history of one report, for the committee: every change to the report, its answers on
the commitments, its figures, its evidence files and the committee's comments, newest first,
with when, who, what kind of change and, for a change, the differences field by field.

The rows come from django-simple-history's tables, which keep the rows of deleted answers and
files too. A page of it costs a fixed number of queries whatever the number of changes: the
count and the page of one UNION over the five history tables (each row knows its previous
version through a window function), then at most one query per kind of record on the page,
one for the answers' measures, one for the measures, one for the indicators, one for the
people and one per model that a shown foreign key points to (none of the fields shown today
is one).
"""

import dataclasses
import datetime
from collections.abc import Iterable
from pathlib import PurePath

from django.contrib.auth import get_user_model
from django.db import models
from django.db.models import CharField, F, QuerySet, Value, Window
from django.db.models.functions import Lag
from django.utils import timezone
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from charter.models import Indicator, Measure
from core.dates import written_date

from ..forms import describe, stored_to_form
from ..models import Evidence, IndicatorValue, Progress, Report, ReviewComment

CREATED, CHANGED, DELETED = "created", "changed", "deleted"
ACTIONS = {"+": CREATED, "~": CHANGED, "-": DELETED}
NOTHING = "—"


@dataclasses.dataclass(frozen=True)
class Kind:
    """A kind of record in a report's history: its model and the fields whose changes are
    shown, in this order (the others are the record's place, such as its report, or say
    again who and when)."""

    model: type[models.Model]
    fields: tuple[str, ...]

    @property
    def history(self) -> QuerySet:
        return self.model.history.model.objects.all()


KINDS = {
    "report": Kind(Report, ("status", "submitted_at", "version")),
    "progress": Kind(Progress, ("status", "percent", "comment")),
    "value": Kind(IndicatorValue, ("number", "boolean", "text", "date")),
    "evidence": Kind(Evidence, ("original_name", "content_type", "size", "removed_at")),
    "comment": Kind(ReviewComment, ("text",)),
}


@dataclasses.dataclass(frozen=True)
class Difference:
    label: str
    old: str
    new: str
    long: bool = False  # a text, shown as blocks rather than on one line


@dataclasses.dataclass
class Entry:
    """One change: ``action`` is created, changed or deleted; ``user`` is None for a deleted
    account (``user_deleted``) or a change made by no one (a command)."""

    at: datetime.datetime
    action: str
    kind: str
    subject: str
    user: object | None
    user_deleted: bool
    differences: list[Difference]
    earlier_unknown: bool = False  # a change whose previous version was never recorded


def report_history(report: Report) -> QuerySet:
    """Every history row of the report, of its answers, figures, evidence and comments
    (deleted ones included), newest first, as dicts with ``kind``, ``history_id``,
    ``history_date`` and ``previous_id`` (the same record's previous version, or None).
    A queryset to paginate: one query per evaluation (two once paginated)."""
    answers = KINDS["progress"].history.filter(report_id=report.pk).order_by().values("id")
    scopes = {
        "report": {"id": report.pk},
        "progress": {"report_id": report.pk},
        "value": {"report_id": report.pk},
        "evidence": {"progress_id__in": answers},
        "comment": {"progress_id__in": answers},
    }
    branches = [
        kind.history.filter(**scopes[name])
        .annotate(
            kind=Value(name, output_field=CharField()),
            previous_id=Window(
                Lag("history_id"),
                partition_by=[F("id")],
                order_by=[F("history_date").asc(), F("history_id").asc()],
            ),
        )
        .values("history_id", "history_date", "kind", "previous_id")
        .order_by()
        for name, kind in KINDS.items()
    ]
    return branches[0].union(*branches[1:], all=True).order_by("-history_date", "-history_id")


def history_entries(report: Report, rows: Iterable[dict]) -> list[Entry]:
    """The entries of a page of ``report_history(report)``, in the same order. At most one
    query per kind of record on the page, plus one each for the answers' measures (when
    evidence or comments are on the page), the measures, the indicators, the people and
    each model a shown foreign key points to."""
    rows = list(rows)
    wanted: dict[str, set[int]] = {}
    for row in rows:
        ids = wanted.setdefault(row["kind"], set())
        ids.add(row["history_id"])
        if row["previous_id"] is not None:
            ids.add(row["previous_id"])
    records = {
        name: {r.history_id: r for r in KINDS[name].history.filter(history_id__in=ids)}
        for name, ids in wanted.items()
    }
    page = [records[row["kind"]][row["history_id"]] for row in rows]

    measure_of_answer: dict[int, int] = {}
    if wanted.keys() & {"evidence", "comment"}:
        measure_of_answer = dict(
            KINDS["progress"]
            .history.filter(report_id=report.pk)
            .order_by()
            .values_list("id", "measure_id")
            .distinct()
        )
    measure_ids = {r.measure_id for r in records.get("progress", {}).values()}
    measure_ids |= set(measure_of_answer.values())
    measures = Measure.objects.in_bulk(measure_ids) if measure_ids else {}
    indicator_ids = {r.indicator_id for r in records.get("value", {}).values()}
    indicators = (
        Indicator.objects.select_related("measure").in_bulk(indicator_ids) if indicator_ids else {}
    )
    user_ids = {r.history_user_id for r in page if r.history_user_id is not None}
    users = get_user_model().objects.in_bulk(user_ids) if user_ids else {}
    related = _related_objects(records)

    def subject(kind: str, record) -> str:
        if kind == "report":
            return _("The report")
        if kind == "value":
            indicator = indicators.get(record.indicator_id)
            return _("Figure: %(indicator)s") % {
                "indicator": indicator or _("indicator no. %(id)s") % {"id": record.indicator_id}
            }
        measure_id = (
            record.measure_id if kind == "progress" else measure_of_answer.get(record.progress_id)
        )
        measure = measures.get(measure_id)
        named = f"{measure.code} {measure.title_i18n}" if measure else NOTHING
        if kind == "progress":
            return _("Answer on %(measure)s") % {"measure": named}
        if kind == "evidence":
            return _("Evidence for %(measure)s: %(name)s") % {
                "measure": named,
                "name": PurePath(record.original_name).name,
            }
        return _("Committee comment on %(measure)s") % {"measure": named}

    entries = []
    for row, record in zip(rows, page, strict=True):
        kind = row["kind"]
        action = ACTIONS[record.history_type]
        previous = records[kind].get(row["previous_id"])
        if kind == "value":
            differences = _figure_differences(
                indicators.get(record.indicator_id), action, record, previous
            )
        else:
            differences = _differences(KINDS[kind], action, record, previous, related)
        entries.append(
            Entry(
                at=record.history_date,
                action=action,
                kind=kind,
                subject=subject(kind, record),
                user=users.get(record.history_user_id),
                user_deleted=record.history_user_id is not None
                and record.history_user_id not in users,
                differences=differences,
                earlier_unknown=action == CHANGED and previous is None,
            )
        )
    return entries


def _related_objects(records: dict[str, dict]) -> dict:
    """The objects that the shown foreign keys of ``records`` (by kind) point to, by model
    and primary key: one query per model pointed to."""
    wanted: dict[type[models.Model], set] = {}
    for name, rows in records.items():
        opts = KINDS[name].history.model._meta
        keys = [opts.get_field(n) for n in KINDS[name].fields]
        keys = [f for f in keys if isinstance(f, models.ForeignKey)]
        for row in rows.values():
            for key in keys:
                if getattr(row, key.attname) is not None:
                    wanted.setdefault(key.related_model, set()).add(getattr(row, key.attname))
    return {model: model._default_manager.in_bulk(ids) for model, ids in wanted.items()}


def _differences(kind: Kind, action: str, record, previous, related: dict) -> list[Difference]:
    """The shown fields that changed (old → new); for a creation the values given, for a
    deletion the values lost."""
    opts = record._meta
    fields = [opts.get_field(n) for n in kind.fields]
    if action == CHANGED:
        if previous is None:
            return []
        # diff_against compares the fields a form could edit; the others (a report's
        # version) are compared here.
        editable = [f.name for f in fields if f.editable]
        changed = set(record.diff_against(previous, included_fields=editable).changed_fields)
        changed |= {
            f.name
            for f in fields
            if not f.editable and getattr(record, f.attname) != getattr(previous, f.attname)
        }
        pairs = [
            (f, getattr(previous, f.attname), getattr(record, f.attname))
            for f in fields
            if f.name in changed
        ]
    elif action == CREATED:
        pairs = [(f, None, getattr(record, f.attname)) for f in fields]
    else:
        pairs = [(f, getattr(record, f.attname), None) for f in fields]
    differences = []
    for field, old, new in pairs:
        if action != CHANGED and (old if action == DELETED else new) in (None, ""):
            continue  # nothing given, nothing lost
        objects = related.get(field.related_model, {}) if field.is_relation else None
        differences.append(
            Difference(
                label=capfirst(field.verbose_name),
                old=display_value(field, old, objects),
                new=display_value(field, new, objects),
                long=isinstance(field, models.TextField),
            )
        )
    return differences


def _figure_differences(
    indicator: Indicator | None, action: str, record, previous
) -> list[Difference]:
    """A figure's change as one value, read as its indicator's type (a figure is stored in
    the column of its type)."""
    if action == CHANGED and previous is None:
        return []
    old = _figure(indicator, record if action == DELETED else previous)
    new = NOTHING if action == DELETED else _figure(indicator, record)
    if old == new:
        return []
    text = indicator is not None and indicator.value_type == Indicator.ValueType.TEXT
    return [Difference(label=capfirst(_("value")), old=old, new=new, long=text)]


def _figure(indicator: Indicator | None, record) -> str:
    if record is None:
        return NOTHING
    if indicator is None:  # its indicator is gone: the first column filled in
        columns = (record.number, record.boolean, record.text, record.date)
        return describe(next((c for c in columns if c not in (None, "")), None))
    value = stored_to_form(indicator, record)
    if value in (None, ""):
        return NOTHING
    if indicator.value_type == Indicator.ValueType.CHOICE:
        return capfirst(dict(indicator.choice_list()).get(value, value))
    shown = describe(value)
    percentage = indicator.value_type == Indicator.ValueType.PERCENTAGE
    unit = indicator.unit_i18n or ("%" if percentage else "")
    return f"{shown} {unit}" if unit else shown


def display_value(field: models.Field, value, related: dict | None = None) -> str:
    """A stored value (a foreign key's id) as a reader says it: a choice's label, yes or
    no, a date in full, a number with its separators, a related object by its name (from
    ``related``, by primary key; "deleted" when it is not there any more)."""
    if value in (None, ""):
        return NOTHING
    if field.choices:
        return capfirst(str(dict(field.flatchoices).get(value, value)))
    if isinstance(field, models.BooleanField):
        return describe(bool(value))
    if isinstance(field, models.DateTimeField):
        return written_date(timezone.localtime(value), "j F Y, H:i")
    if isinstance(field, models.ForeignKey):
        obj = (related or {}).get(value)
        return str(obj) if obj is not None else DELETED_OBJECT % {"id": value}
    return describe(value)


DELETED_OBJECT = gettext_lazy("deleted (no. %(id)s)")
