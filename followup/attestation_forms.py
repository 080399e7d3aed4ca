"""The forms of the attestations on relations (the company's side) and of the committee's
note of how a disagreement was settled."""

from django import forms
from django.utils.translation import gettext_lazy as _

from .models import Attestation

COMMENT_MAX = 2000


class AttestationForm(forms.ModelForm):
    """One side's answers on the four practices; each is required ("not known" is an
    answer)."""

    class Meta:
        model = Attestation
        fields = [*Attestation.PRACTICES, "comment"]
        widgets = {
            "comment": forms.Textarea(attrs={"rows": 3, "maxlength": COMMENT_MAX}),
        }
        error_messages = {
            practice: {"required": _("Answer yes, no or not known.")}
            for practice in Attestation.PRACTICES
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for practice in Attestation.PRACTICES:
            field = self.fields[practice]
            field.choices = [("", _("Choose an answer")), *field.choices[1:]]
        self.fields["comment"].required = False
        self.fields["comment"].help_text = _("Optional: what the committee should know.")

    def clean_comment(self) -> str:
        comment = self.cleaned_data.get("comment", "").strip()
        if len(comment) > COMMENT_MAX:
            raise forms.ValidationError(
                _("Keep the comment under %(max)d characters."), params={"max": COMMENT_MAX}
            )
        return comment

    def answers(self) -> dict:
        return {name: self.cleaned_data[name] for name in self.Meta.fields}


class SettlementForm(forms.Form):
    text = forms.CharField(
        label=_("How the disagreement was settled"),
        max_length=COMMENT_MAX,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={
            "required": _("Write how the disagreement was settled (who was heard, what holds)."),
        },
    )
