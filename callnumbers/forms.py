from django import forms
from django.utils.translation import gettext_lazy as _

from .models import CallNumber, Family, Purpose
from .parsing import french_number
from .selectors import NumberFilters


class CallNumberForm(forms.ModelForm):
    """A number of ``company``: typed as customers read it (spaces, dots, dashes, +33),
    kept as the digits dialled in France; the same number twice for one purpose refused."""

    number = forms.CharField(
        label=_("Number"),
        max_length=30,
        help_text=_("As customers dial it in France: 01 23 45 67 89, 0800 12 34 56 or 3949."),
    )

    class Meta:
        model = CallNumber
        fields = ("number", "purpose", "site", "label")

    def __init__(self, *args, company, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.company = company
        self.fields["site"].queryset = company.sites.order_by("name")
        self.fields["site"].empty_label = _("No site in particular")
        if self.instance.pk:
            self.initial["number"] = self.instance.display

    def clean_number(self) -> str:
        return french_number(self.cleaned_data["number"])

    def validate_unique(self) -> None:
        """The constraint's message on the number, where it was typed."""
        data = self.cleaned_data
        taken = (
            CallNumber.objects.filter(
                company=self.instance.company,
                number=data.get("number"),
                purpose=data.get("purpose"),
            )
            .exclude(pk=self.instance.pk)
            .exists()
        )
        if taken:
            self.add_error(
                "number",
                _("This number is already listed for this purpose: change that one instead."),
            )


class NumberFilterForm(forms.Form):
    """The committee's filters; wrong values filter nothing."""

    entreprise = forms.CharField(label=_("Company"), required=False, max_length=100)
    famille = forms.ChoiceField(label=_("Tariff family"), required=False)
    usage = forms.ChoiceField(label=_("Purpose"), required=False)
    signales = forms.BooleanField(label=_("Flagged numbers only"), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["famille"].choices = [("", _("All families")), *Family.choices]
        self.fields["usage"].choices = [("", _("All purposes")), *Purpose.choices]

    def filters(self) -> NumberFilters:
        if not self.is_valid():
            return NumberFilters()
        data = self.cleaned_data
        return NumberFilters(
            flagged=data["signales"],
            family=data["famille"],
            purpose=data["usage"],
            search=data["entreprise"].strip(),
        )
