"""The committee's forms: a meeting (with its agenda and the members present), a decision
and its vote by college, a work stream. Their rules are the models'; a form sent back with
its errors keeps what was typed."""

from django import forms
from django.contrib.auth import get_user_model
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.widgets import DateInput, WholeNumberInput

from .models import College, Decision, Meeting, WorkStream

AGENDA_ITEM_MAX = 300


class MeetingForm(forms.ModelForm):
    """A meeting, its agenda (one item a line, in order) and, for each committee member,
    the college they sat for, or not present."""

    agenda = forms.CharField(
        label=_("Agenda"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("One item a line, in the order of the meeting."),
    )

    class Meta:
        model = Meeting
        fields = ["held_on", "place", "link", "agenda", "minutes", "minutes_file"]
        widgets = {
            "held_on": DateInput(),
            "minutes": forms.Textarea(attrs={"rows": 8}),
            "minutes_file": forms.ClearableFileInput(attrs={"accept": "application/pdf,.pdf"}),
        }

    def __init__(self, *args, members, agenda=(), present=None, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["agenda"].initial = "\n".join(item.title for item in agenda)
        present = present or {}
        choices = [("", _("not present")), *College.choices]
        self.members = {}
        for member in members:
            name = f"member_{member.pk}"
            self.members[name] = member
            self.fields[name] = forms.ChoiceField(
                label=str(member), choices=choices, required=False, initial=present.get(member.pk)
            )

    def member_fields(self) -> list:
        return [self[name] for name in self.members]

    def meeting_fields(self) -> list:
        return [field for field in self if field.name not in self.members]

    def clean_agenda(self) -> list[str]:
        items = [" ".join(line.split()) for line in self.cleaned_data["agenda"].splitlines()]
        items = [item for item in items if item]
        for number, item in enumerate(items, start=1):
            if len(item) > AGENDA_ITEM_MAX:
                raise forms.ValidationError(
                    _("Item %(number)s is longer than %(max)s characters: shorten it.")
                    % {"number": number, "max": AGENDA_ITEM_MAX}
                )
        return items

    def clean(self) -> dict:
        cleaned = super().clean()
        held_on = cleaned.get("held_on")
        if held_on and held_on > timezone.localdate() and self.present():
            first = next(name for name in self.members if cleaned.get(name))
            self.add_error(
                first,
                _("The meeting has not been held yet: record the members present from its day."),
            )
        return cleaned

    def present(self) -> dict:
        """The members present, each with the college they sat for."""
        return {
            member: self.cleaned_data[name]
            for name, member in self.members.items()
            if self.cleaned_data.get(name)
        }


def members_for_choice(meeting: Meeting | None) -> list:
    """The committee's active members, and anyone recorded present at ``meeting`` who is no
    longer one. One query."""
    users = get_user_model().objects.filter(is_committee_member=True, is_active=True)
    if meeting is not None and meeting.pk:
        users = users | get_user_model().objects.filter(pk__in=meeting.attendances.values("member"))
    return list(users.distinct().order_by("full_name", "email"))


POSITION_CHOICES = [("", _("no vote")), *Decision.Position.choices]


class DecisionForm(forms.ModelForm):
    """A decision, public or not, and, when put to a vote, every college's position."""

    class Meta:
        model = Decision
        fields = ["text", "public", "vote_public", "vote_employers", "vote_employees"]
        widgets = {"text": forms.Textarea(attrs={"rows": 4})}

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        for college in College.values:
            self.fields[f"vote_{college}"].choices = POSITION_CHOICES

    def vote_fields(self) -> list:
        return [self[f"vote_{college}"] for college in College.values]

    def decision_fields(self) -> list:
        return [self["text"], self["public"]]


class DecisionChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, decision: Decision) -> str:
        return f"{decision.meeting} · {decision}"


class WorkStreamForm(forms.ModelForm):
    class Meta:
        model = WorkStream
        fields = [
            "title",
            "owner",
            "due_on",
            "status",
            "percent",
            "completed_on",
            "opened_by",
            "closed_by",
        ]
        widgets = {
            "due_on": DateInput(),
            "completed_on": DateInput(),
            "percent": WholeNumberInput(),
        }
        field_classes = {"opened_by": DecisionChoiceField, "closed_by": DecisionChoiceField}

    def __init__(self, *args, decisions, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["owner"].empty_label = _("the committee")
        for name in ("opened_by", "closed_by"):
            field = self.fields[name]
            field.queryset = field.queryset.select_related("meeting")
            field.choices = [("", "—"), *((d.pk, field.label_from_instance(d)) for d in decisions)]
