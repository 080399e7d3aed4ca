"""The committee's forms to publish results and to withdraw a publication."""

from django import forms
from django.utils.translation import gettext_lazy as _


class PublishForm(forms.Form):
    """The confirmation of a publication previewed: whether it is provisional, the
    publication the committee saw standing (``replaces``) and the fingerprint of the
    figures it saw, so that what is published is exactly what was shown."""

    provisional = forms.BooleanField(
        label=_("Publish as provisional"),
        required=False,
        help_text=_(
            "The public page will say that the figures are provisional and may change. "
            "Required while the campaign still accepts reports."
        ),
    )
    replaces = forms.IntegerField(required=False, min_value=1, widget=forms.HiddenInput)
    fingerprint = forms.CharField(max_length=64, widget=forms.HiddenInput)


class WithdrawForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason for the withdrawal"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_(
            "Shown on the public page in place of the figures, such as: “An error in the "
            "figures of a company was found; a corrected version will follow.”"
        ),
        error_messages={
            "required": _("Say why the publication is withdrawn: the public reads it in its place.")
        },
    )
