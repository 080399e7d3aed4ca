from django import forms
from django.core.exceptions import ValidationError
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _
from django_countries import countries
from django_countries.fields import LazyTypedChoiceField

from core.widgets import WholeNumberInput

from .models import AdhesionApplication, Company, CompanyKind
from .validators import normalize_siren, validate_siren


class CompanySearchForm(forms.Form):
    q = forms.CharField(label=_("Name or SIREN"), required=False, max_length=200, strip=True)
    kind = forms.ChoiceField(
        label=_("Kind of company"),
        required=False,
        choices=[("", _("All kinds"))]
        + [(value, capfirst(label)) for value, label in CompanyKind.choices],
    )


# --- Adhesion -----------------------------------------------------------------------------

MAX_SITES = 3
MESSAGE_MAX_LENGTH = 5000
REASON_MAX_LENGTH = 5000


SITE_FIELDS = ("name", "city", "country", "seats", "headcount")


def _site_fields(number: int) -> dict[str, forms.Field]:
    """The fields of one main site. The first site is required; the others only once
    started (see ApplicationForm.clean)."""
    required = number == 1
    count = {
        "min_value": 0,
        "max_value": 100_000,
        "required": required,
        "widget": WholeNumberInput(),
    }
    return {
        f"site{number}_name": forms.CharField(max_length=200, required=required),
        f"site{number}_city": forms.CharField(max_length=120, required=required),
        f"site{number}_country": LazyTypedChoiceField(
            choices=countries, initial="FR", required=required
        ),
        f"site{number}_seats": forms.IntegerField(**count),
        f"site{number}_headcount": forms.IntegerField(**count),
    }


class ApplicationForm(forms.ModelForm):
    """The public adhesion form, with up to three main sites (``site_rows`` to show them,
    ``cleaned_sites`` once valid).

    Normalises the SIREN and refuses one that already adheres or is being examined. Each
    site's fields are fields of this form, so that every error sits beside its field and
    the summary links to it; a blank second or third site is ignored.
    """

    siren = forms.CharField(
        label=_("SIREN"),
        max_length=20,  # the 9 digits with the spaces or dots people type between them
        help_text=_("The 9 digits of the company's SIREN number, spaces allowed."),
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
    )
    message = forms.CharField(
        label=_("Message to the committee"),
        required=False,
        max_length=MESSAGE_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("Optional. Anything the committee should know about the application."),
    )

    class Meta:
        model = AdhesionApplication
        fields = (
            "legal_name",
            "siren",
            "kind",
            "federation",
            "address",
            "naf_code",
            "headcount_band",
            "contact_name",
            "contact_email",
            "message",
        )
        labels = {
            "legal_name": _("Legal name of the company"),
            "kind": _("Kind of company"),
            "federation": _("Federation"),
            "address": _("Registered office address"),
            "naf_code": _("Activity code (NAF)"),
            "headcount_band": _("Headcount band"),
            "contact_name": _("Your full name"),
            "contact_email": _("Your e-mail address"),
        }
        help_texts = {
            "legal_name": _("As written on the company's Kbis extract."),
            "contact_email": _(
                "We write to you at this address, and invite you to the company's space "
                "once the application is accepted."
            ),
        }
        widgets = {
            "legal_name": forms.TextInput(attrs={"autocomplete": "organization"}),
            "address": forms.TextInput(attrs={"autocomplete": "off"}),
            "contact_name": forms.TextInput(attrs={"autocomplete": "name"}),
            "contact_email": forms.EmailInput(attrs={"autocomplete": "email"}),
        }

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        for name in ("kind", "federation", "headcount_band"):
            field = self.fields[name]
            field.choices = [(v, capfirst(label)) for v, label in field.choices]
        # Labels name the site, so that the error summary says which one is wrong.
        labels = {
            "name": _("Name of site %(number)s"),
            "city": _("City of site %(number)s"),
            "country": _("Country of site %(number)s"),
            "seats": _("Seats on site %(number)s"),
            "headcount": _("Headcount of site %(number)s"),
        }
        help_texts = {
            "seats": _("Number of workstations on the site."),
            "headcount": _("People working on the site."),
        }
        for number in range(1, MAX_SITES + 1):
            for name, field in _site_fields(number).items():
                part = name.split("_", 1)[1]
                field.label = labels[part] % {"number": number}
                field.help_text = help_texts.get(part, "")
                self.fields[name] = field

    @property
    def site_rows(self) -> list[list[forms.BoundField]]:
        return [
            [self[f"site{number}_{part}"] for part in SITE_FIELDS]
            for number in range(1, MAX_SITES + 1)
        ]

    def _site_started(self, number: int) -> bool:
        return number == 1 or any(
            str(self.data.get(self.add_prefix(f"site{number}_{part}"), "")).strip()
            for part in ("name", "city", "seats", "headcount")
        )

    def clean_legal_name(self) -> str:
        return " ".join(self.cleaned_data["legal_name"].split())

    def clean_address(self) -> str:
        return " ".join(self.cleaned_data["address"].split())

    def clean_naf_code(self) -> str:
        return self.cleaned_data["naf_code"].strip().upper()

    def clean_contact_name(self) -> str:
        return " ".join(self.cleaned_data["contact_name"].split())

    def clean_contact_email(self) -> str:
        return self.cleaned_data["contact_email"].strip().lower()

    def clean_siren(self) -> str:
        siren = normalize_siren(self.cleaned_data["siren"])
        validate_siren(siren)
        adhering = Company.objects.filter(
            siren=siren, status__in=[Company.Status.ACTIVE, Company.Status.SUSPENDED]
        ).first()
        if adhering:
            raise ValidationError(
                _(
                    "%(name)s, with this SIREN number, already adheres to the charter. "
                    "Its contributors can invite you from the company's space."
                ),
                code="already_adheres",
                params={"name": adhering.legal_name},
            )
        if AdhesionApplication.objects.pending().filter(siren=siren).exists():
            raise ValidationError(
                _(
                    "An application for this SIREN number is already being examined; the "
                    "committee will answer it. There is no need to apply again."
                ),
                code="already_pending",
            )
        return siren

    def clean(self) -> dict:
        cleaned = super().clean()
        for number in range(1, MAX_SITES + 1):
            for part in ("name", "city"):
                name = f"site{number}_{part}"
                if cleaned.get(name):
                    cleaned[name] = " ".join(cleaned[name].split())
            if number > 1 and self._site_started(number):
                self._require_every_field_of_site(number)
        return cleaned

    def _require_every_field_of_site(self, number: int) -> None:
        """A started second or third site needs every field, like the first."""
        for part in SITE_FIELDS:
            name = f"site{number}_{part}"
            if name not in self.errors and self.cleaned_data.get(name) in (None, ""):
                self.add_error(
                    name,
                    ValidationError(
                        _("Complete this site, or empty all of its fields."), code="required"
                    ),
                )

    @property
    def cleaned_sites(self) -> list[dict]:
        """The sites typed, blank ones left out, as stored on the application."""
        return [
            {
                "name": self.cleaned_data[f"site{number}_name"],
                "city": self.cleaned_data[f"site{number}_city"],
                "country": str(self.cleaned_data[f"site{number}_country"]),
                "seats": self.cleaned_data[f"site{number}_seats"],
                "headcount": self.cleaned_data[f"site{number}_headcount"],
            }
            for number in range(1, MAX_SITES + 1)
            if self._site_started(number)
        ]


class SirenLookupForm(forms.Form):
    """The SIREN to look up in the company directory (the "Look up" button of the adhesion
    form): a SIREN that fails its check digit is refused before anything is asked."""

    siren = forms.CharField(max_length=20)

    def clean_siren(self) -> str:
        siren = normalize_siren(self.cleaned_data["siren"])
        validate_siren(siren)
        return siren


def filled_from_directory(typed: dict, found: dict[str, str]) -> tuple[dict, list[str]]:
    """What was typed, with the fields left empty filled from the directory's ``found``;
    never a field the person typed. Returns the values and the names of the fields
    filled."""
    values = dict(typed)
    filled = [name for name, value in found.items() if not str(values.get(name, "")).strip()]
    values.update({name: found[name] for name in filled})
    return values, filled


class RefusalForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason for refusal"),
        max_length=REASON_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Sent to the applicant in the e-mail that tells them of the decision."),
    )


class RequestRefusalForm(forms.Form):
    """The committee's reason for refusing what a company asked for: that a mandatory
    measure does not apply to it (``about="claim"``) or a new legal name
    (``about="name"``). The company reads the reason."""

    # By request: what the help says follows the refusal, and what a missing reason asks.
    TEXTS = {
        "claim": (
            _("The company reads it on its commitments; the measure keeps applying."),
            _("Say why the measure applies to the company: it reads the reason."),
        ),
        "name": (
            _("The company's contributors read it; the legal name stays as it is."),
            _("Say why the new name is refused: the company's contributors read it."),
        ),
    }

    reason = forms.CharField(
        label=_("Reason for refusal"),
        max_length=REASON_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, *args, about: str, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        help_text, required = self.TEXTS[about]
        field = self.fields["reason"]
        field.help_text = help_text
        field.error_messages = {**field.error_messages, "required": required}


class ImportForm(forms.Form):
    """A CSV or XLSX file of companies or certifications, read and checked as a whole
    (signatories.imports.read_table); its rows are checked by the dry run."""

    file = forms.FileField(
        label=_("File to import (CSV or XLSX)"),
        error_messages={"required": _("Choose the file to import.")},
    )

    def __init__(self, *args, kind: str, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.kind = kind
        self.content, self.name, self.dataset = b"", "", None

    def clean_file(self):
        from core.uploads import clean_file_name

        from .imports import read_table

        upload = self.cleaned_data["file"]
        self.name = clean_file_name(upload.name)
        self.content = upload.read()
        self.dataset = read_table(self.content, self.name, self.kind)
        return upload
