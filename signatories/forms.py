from django import forms
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from .models import CompanyKind


class CompanySearchForm(forms.Form):
    q = forms.CharField(label=_("Name or SIREN"), required=False, max_length=200, strip=True)
    kind = forms.ChoiceField(
        label=_("Kind of company"),
        required=False,
        choices=[("", _("All kinds"))]
        + [(value, capfirst(label)) for value, label in CompanyKind.choices],
    )
