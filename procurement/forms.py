"""The form of a public contract, and the committee's filters of the register."""

from django import forms
from django.utils.translation import gettext_lazy as _

from core.widgets import DateInput, WholeNumberInput

from .models import PublicContract


class PublicContractForm(forms.ModelForm):
    """A buyer's contract. The buyer is the page's; the verdict on the label is the
    model's (``PublicContract.clean``), which the form shows beside the reason asked."""

    provider_siren = forms.CharField(
        label=_("Provider's SIREN"),
        max_length=20,  # the 9 digits with the spaces or dots people type between them
        help_text=_("The 9 digits of the provider's SIREN number, spaces allowed."),
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
    )

    class Meta:
        model = PublicContract
        fields = [
            "reference",
            "subject",
            "awarded_on",
            "duration_months",
            "value_band",
            "provider_siren",
            "provider_name",
            "no_label_reason",
            "no_label_detail",
        ]
        widgets = {
            "awarded_on": DateInput(),
            "duration_months": WholeNumberInput(),
            "subject": forms.TextInput(),
        }
        help_texts = {
            "no_label_reason": _(
                "Asked only when the provider held no current Social Responsibility Label "
                "on the award date."
            ),
        }

    def clean_reference(self) -> str:
        """Unique per buyer: the database says so too, but the buyer is not a field of the
        form, so the form asks first to say it beside the field."""
        reference = " ".join(self.cleaned_data["reference"].split())
        others = PublicContract.objects.filter(buyer=self.instance.buyer, reference=reference)
        if self.instance.pk:
            others = others.exclude(pk=self.instance.pk)
        if others.exists():
            raise forms.ValidationError(
                _(
                    "This buyer already has a contract with this reference: check it, or "
                    "open that contract to change it."
                )
            )
        return reference


class RegisterFilterForm(forms.Form):
    """The committee's filters: a buyer, a year of award."""

    acheteur = forms.TypedChoiceField(
        label=_("Buyer"), required=False, coerce=int, empty_value=None
    )
    annee = forms.TypedChoiceField(label=_("Year"), required=False, coerce=int, empty_value=None)

    def __init__(self, *args, buyers, years, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.buyers = {buyer.pk: buyer for buyer in buyers}
        self.fields["acheteur"].choices = [("", _("All buyers"))] + [
            (buyer.pk, buyer.acronym) for buyer in buyers
        ]
        self.fields["annee"].choices = [("", _("All years"))] + [(y, y) for y in years]

    def chosen(self) -> tuple:
        """The buyer and the year chosen (None for all); wrong values choose all."""
        if not self.is_valid():
            return None, None
        return self.buyers.get(self.cleaned_data["acheteur"]), self.cleaned_data["annee"]
