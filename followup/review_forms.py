"""Forms of the committee's review (a comment, a reason to return) and of the company's
answer to the committee."""

from django import forms
from django.utils.translation import gettext_lazy as _

from charter.models import Measure

from .forms import TEXT_MAX
from .models import Campaign


def _text_field(label, help_text, required_message, required: bool = True) -> forms.CharField:
    # CharField strips the text: blanks alone count as no text.
    return forms.CharField(
        label=label,
        max_length=TEXT_MAX,
        required=required,
        help_text=help_text,
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"required": required_message},
    )


# The review page's comment boxes belong to this one form, wherever they stand on the
# page: every button sends every comment typed, so none is lost.
COMMENTS_FORM_ID = "review-comments"


class ReviewCommentForm(forms.Form):
    """A comment on one commitment of the report; ``measures`` are the report's. Each box
    is optional: the view asks for a text (``require_text``) only when none was typed."""

    measure = forms.TypedChoiceField(
        coerce=int,
        widget=forms.HiddenInput,
        error_messages={
            "invalid_choice": _(
                "This commitment is not part of the report; reload the page and try again."
            )
        },
    )
    text = _text_field(
        _("Comment to the company"),
        _("The company reads it beside its answer on this commitment."),
        _("Write the comment before sending it."),
        required=False,
    )

    def __init__(self, *args, measures: list[Measure], **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.measures = {measure.pk: measure for measure in measures}
        self.fields["measure"].choices = [(pk, m.code) for pk, m in self.measures.items()]
        for field in self.fields.values():
            field.widget.attrs["form"] = COMMENTS_FORM_ID

    def require_text(self) -> None:
        """Mark the box empty where a comment was expected (nothing typed anywhere)."""
        field = self.fields["text"]
        self.add_error("text", forms.ValidationError(field.error_messages["required"], "required"))

    @property
    def chosen_measure(self) -> Measure:
        return self.measures[self.cleaned_data["measure"]]


class ReturnForm(forms.Form):
    reason = _text_field(
        _("Reason for returning the report"),
        _(
            "Sent by e-mail to the people who fill in the report and shown on it: say what "
            "to change or explain before it is submitted again."
        ),
        _("Give the reason: the company needs it to change its report."),
    )


class AnswerForm(forms.Form):
    message = _text_field(
        _("Your answer to the committee"),
        _(
            "Explain what you changed or why an answer stays as it is. The committee is told "
            "by e-mail; submit the report again when it is ready."
        ),
        _("Write your answer before sending it."),
    )


class QueueFilterForm(forms.Form):
    """The review queue's filter: ``?campagne=<id>``."""

    campagne = forms.ModelChoiceField(
        queryset=Campaign.objects.visible_to_reporters(),
        required=False,
        label=_("Campaign"),
        empty_label=_("All campaigns"),
        error_messages={"invalid_choice": _("Choose a campaign from the list.")},
    )
