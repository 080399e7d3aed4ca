"""Forms of the company space: profile, sites, certifications, commitments, and the
campaign report, whose fields are built from the measures and indicators that apply."""

import datetime
from dataclasses import dataclass, field
from decimal import Decimal

from django import forms
from django.core.validators import MaxValueValidator, MinValueValidator
from django.utils.formats import number_format
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from charter.models import Indicator, Measure
from core.dates import written_date
from core.widgets import DateInput, WholeNumberInput
from procurement.selectors import REGISTER_INDICATORS
from signatories.models import Certification, Company, CompanyKind, Site

from .evidence import ACCEPT, CheckedFile, KeptFile, check_evidence, check_report_evidence
from .models import Campaign, Progress, Report
from .selectors.dashboard import MISSING, NON_COMMUNICATING, SORTS, CompanyFilters

TEXT_MAX = 5000


class EvidenceField(forms.FileField):
    """An optional PDF, PNG or JPEG file; cleans to a CheckedFile."""

    def __init__(self, **kwargs) -> None:
        kwargs.setdefault("required", False)
        kwargs.setdefault("label", _("Evidence file"))
        kwargs.setdefault("help_text", _("PDF, PNG or JPEG, 10 MB at most."))
        super().__init__(**kwargs)
        self.widget.attrs["accept"] = ACCEPT

    def clean(self, data, initial=None) -> CheckedFile | None:
        upload = super().clean(data, initial)
        return check_evidence(upload) if upload else None


class CompanyProfileForm(forms.ModelForm):
    """The profile a contributor edits. The legal name is not saved on the company: a new
    one waits for the committee (``signatories.services.company_name_request``). The SIREN
    is not a field at all, so a forged one is ignored."""

    legal_name = forms.CharField(
        label=_("Legal name"),
        max_length=200,
        help_text=_(
            "A new legal name is shown once the follow-up committee approves it; until "
            "then, the current one stays on every page and document."
        ),
    )

    class Meta:
        model = Company
        fields = ["kind", "federation", "website"]

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        company = self.instance
        self.fields["legal_name"].initial = company.requested_legal_name or company.legal_name
        self.order_fields(["legal_name", *self._meta.fields])

    def clean_legal_name(self) -> str:
        return " ".join(self.cleaned_data["legal_name"].split())


class SiteForm(forms.ModelForm):
    class Meta:
        model = Site
        fields = ["name", "city", "country", "seats", "headcount"]
        widgets = {"seats": WholeNumberInput(), "headcount": WholeNumberInput()}


class CertificationForm(forms.ModelForm):
    evidence = EvidenceField(
        label=_("Certificate"), help_text=_("PDF, PNG or JPEG, 10 MB at most.")
    )

    class Meta:
        model = Certification
        fields = [
            "scheme",
            "scheme_other",
            "number",
            "issuer",
            "valid_from",
            "valid_until",
            "status",
        ]
        widgets = {
            "valid_from": DateInput(),
            "valid_until": DateInput(),
        }


class CommitmentsForm(forms.Form):
    """One row per measure that binds companies: a target and a due date. A mandatory
    measure is always kept and can be claimed not to apply, with a justification; only an
    optional measure has a box to commit to it."""

    def __init__(self, *args, measures: list[Measure], commitments: dict, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.measures = measures
        self.commitments = commitments
        for measure in measures:
            current = commitments.get(measure.pk)
            if measure.optional:
                self.fields[f"m{measure.pk}"] = forms.BooleanField(
                    label=f"{measure.code} {measure.title_i18n}",
                    required=False,
                    initial=current is not None,
                )
            else:
                claimed = current is not None and bool(current.not_applicable)
                self.fields[f"m{measure.pk}_na"] = forms.BooleanField(
                    label=_("This measure does not apply to our company"),
                    required=False,
                    initial=claimed,
                )
                self.fields[f"m{measure.pk}_why"] = forms.CharField(
                    label=_("Why it does not apply"),
                    required=False,
                    max_length=TEXT_MAX,
                    initial=current.justification if claimed else "",
                    widget=forms.Textarea(attrs={"rows": 2}),
                    help_text=_("The committee reviews the claim; meanwhile the measure applies."),
                )
            self.fields[f"m{measure.pk}_target"] = forms.CharField(
                label=_("Target"),
                required=False,
                max_length=300,
                initial=current.target if current else "",
            )
            self.fields[f"m{measure.pk}_due"] = forms.DateField(
                label=_("Due date"),
                required=False,
                initial=current.due_on if current else None,
                widget=DateInput(),
            )

    def rows(self):
        """(measure, its commitment or None, its fields by role) in the measures' order."""
        for measure in self.measures:
            pk = measure.pk
            fields = {"target": self[f"m{pk}_target"], "due": self[f"m{pk}_due"]}
            if measure.optional:
                fields["commit"] = self[f"m{pk}"]
            else:
                fields |= {"na": self[f"m{pk}_na"], "why": self[f"m{pk}_why"]}
            yield measure, self.commitments.get(pk), fields

    def clean(self):
        cleaned = super().clean()
        for measure in self.measures:
            pk = measure.pk
            if measure.optional:
                if not cleaned.get(f"m{pk}") and (
                    cleaned.get(f"m{pk}_target") or cleaned.get(f"m{pk}_due")
                ):
                    self.add_error(
                        f"m{pk}",
                        _("Tick the box to commit to this measure, or empty its target and date."),
                    )
                continue
            why = (cleaned.get(f"m{pk}_why") or "").strip()
            if cleaned.get(f"m{pk}_na") and not why:
                self.add_error(
                    f"m{pk}_why",
                    _(
                        "Explain why this measure does not apply to your company: the "
                        "committee reviews the claim. Or untick “does not apply”."
                    ),
                )
            elif why and not cleaned.get(f"m{pk}_na"):
                self.add_error(
                    f"m{pk}_na",
                    _(
                        "Tick “does not apply” to send this justification to the committee, "
                        "or empty it."
                    ),
                )
        return cleaned

    def chosen(self) -> dict[int, tuple[str, datetime.date | None]]:
        """Every mandatory measure and the optional ones ticked, with target and due date."""
        return {
            measure.pk: (
                self.cleaned_data[f"m{measure.pk}_target"],
                self.cleaned_data[f"m{measure.pk}_due"],
            )
            for measure in self.measures
            if not measure.optional or self.cleaned_data.get(f"m{measure.pk}")
        }

    def claims(self) -> dict[int, str | None]:
        """For each mandatory measure, the justification of a claim that it does not apply,
        or None when it applies."""
        return {
            measure.pk: (
                self.cleaned_data[f"m{measure.pk}_why"].strip()
                if self.cleaned_data.get(f"m{measure.pk}_na")
                else None
            )
            for measure in self.measures
            if not measure.optional
        }


# --- The report ---------------------------------------------------------------------------


@dataclass
class MeasureBlock:
    """What the report asks about one measure: its progress fields and its indicators."""

    measure: Measure
    status: forms.BoundField
    percent: forms.BoundField
    comment: forms.BoundField
    evidence: forms.BoundField | None
    indicators: list[tuple[Indicator, forms.BoundField]] = field(default_factory=list)
    existing_evidence: list = field(default_factory=list)
    comments: list = field(default_factory=list)
    # Measure 4.1: the register's figures for the period, and what a report typed before
    # the register computed them (kept readable, no longer asked).
    register: object = None
    typed_before: list = field(default_factory=list)
    # Measures 3.2 to 3.5 on a company's report: the figures its attestations give
    # (``followup.selectors.attestations.PracticeFigures``), which the report shows.
    attested: object = None


# The code of a submission's error that says an answer is missing (not wrong).
MISSING_ANSWER = "missing"


def _asked(measure: Measure, computed: frozenset = REGISTER_INDICATORS) -> list[Indicator]:
    """The measure's indicators a report asks: not those computed elsewhere (by the
    register of public contracts, ``procurement.selectors.REGISTER_INDICATORS``, and for
    a company by its relations' attestations)."""
    return [i for i in measure.indicators.all() if i.code not in computed]


def _required_to_submit(field: forms.Field) -> forms.Field:
    """Mark a field a submission needs, though a draft may leave it empty: the label says
    "required" (``includes/field.html``) and assistive technologies are told too."""
    field.required_to_submit = True
    field.widget.attrs["aria-required"] = "true"
    return field


def indicator_field(indicator: Indicator, campaign: Campaign) -> forms.Field:
    """A form field of the indicator's type, with the checks its type calls for."""
    unit = indicator.unit_i18n
    common = {
        "label": f"{indicator.label_i18n} ({unit})" if unit else indicator.label_i18n,
        "help_text": indicator.help_text_i18n,
        "required": False,  # required answers are checked on submission only
    }
    kind = Indicator.ValueType
    if indicator.value_type == kind.INTEGER:
        return forms.IntegerField(
            widget=WholeNumberInput(),
            min_value=0,
            max_value=10**9,
            error_messages={"min_value": _("Enter a whole number, 0 or more.")},
            **common,
        )
    if indicator.value_type == kind.DECIMAL:
        return forms.DecimalField(
            min_value=Decimal(0),
            max_value=Decimal(10**9),
            max_digits=14,
            decimal_places=2,
            localize=True,
            **common,
        )
    if indicator.value_type == kind.PERCENTAGE:
        return forms.DecimalField(
            min_value=Decimal(0),
            max_value=Decimal(100),
            max_digits=5,
            decimal_places=2,
            localize=True,
            error_messages={
                "min_value": _("A percentage goes from 0 to 100."),
                "max_value": _("A percentage goes from 0 to 100."),
            },
            **common,
        )
    if indicator.value_type == kind.BOOLEAN:
        return forms.TypedChoiceField(
            choices=[("", _("(no answer)")), ("yes", _("yes")), ("no", _("no"))],
            coerce=lambda value: value == "yes",
            empty_value=None,
            **common,
        )
    if indicator.value_type == kind.CHOICE:
        return forms.ChoiceField(
            choices=[("", _("(no answer)")), *indicator.choice_list()], **common
        )
    if indicator.value_type == kind.DATE:
        return forms.DateField(
            widget=DateInput(),
            validators=[
                MinValueValidator(
                    campaign.period_start,
                    _("Enter a date inside the period covered, from %(limit_value)s."),
                ),
                MaxValueValidator(
                    campaign.period_end,
                    _("Enter a date inside the period covered, until %(limit_value)s."),
                ),
            ],
            **common,
        )
    return forms.CharField(max_length=TEXT_MAX, widget=forms.Textarea(attrs={"rows": 3}), **common)


class ReportForm(forms.Form):
    """The whole report on one page. ``submitting`` adds the checks of a submission:
    every commitment has a status and every required indicator an answer."""

    version = forms.IntegerField(widget=forms.HiddenInput, min_value=0)

    def __init__(
        self,
        *args,
        campaign: Campaign,
        measures: list[Measure],
        submitting: bool = False,
        evidence_by_measure: dict | None = None,
        comments_by_measure: dict | None = None,
        register=None,
        attested: dict | None = None,
        **kwargs,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.comments_by_measure = comments_by_measure or {}
        self.register = register
        self.attested = attested or {}
        self.computed = REGISTER_INDICATORS | {f.indicator_code for f in self.attested.values()}
        self.campaign = campaign
        self.measures = measures
        self.submitting = submitting
        self.evidence_by_measure = evidence_by_measure or {}
        self.indicators: list[Indicator] = []
        self.measure_of: dict[str, Measure] = {}  # field name: the measure it answers
        for measure in measures:
            prefix = f"p{measure.pk}"
            self.fields[f"{prefix}_status"] = _required_to_submit(
                forms.ChoiceField(
                    label=_("Status"),
                    choices=[("", _("(no answer)")), *Progress.Status.choices],
                    required=False,
                )
            )
            self.fields[f"{prefix}_percent"] = forms.IntegerField(
                widget=WholeNumberInput(),
                label=_("Progress (%)"),
                min_value=0,
                max_value=100,
                required=False,
                error_messages={
                    "min_value": _("Progress goes from 0 to 100."),
                    "max_value": _("Progress goes from 0 to 100."),
                },
            )
            self.fields[f"{prefix}_comment"] = forms.CharField(
                label=_("Comment"),
                required=False,
                max_length=TEXT_MAX,
                widget=forms.Textarea(attrs={"rows": 3}),
                help_text=_("Required when the measure does not apply: say why."),
            )
            self.fields[f"{prefix}_evidence"] = EvidenceField()
            for name in ("status", "percent", "comment", "evidence"):
                self.measure_of[f"{prefix}_{name}"] = measure
            if measure.code in self.attested:
                self._from_attestations(prefix, self.attested[measure.code])
            for indicator in _asked(measure, self.computed):
                self.indicators.append(indicator)
                answer = indicator_field(indicator, campaign)
                self.fields[f"i{indicator.pk}"] = (
                    _required_to_submit(answer) if indicator.required else answer
                )
                self.measure_of[f"i{indicator.pk}"] = measure

    def blocks(self) -> list[MeasureBlock]:
        """The fields grouped by measure, in the charter's order, for the template. Each
        bound field also carries ``shown``: its value as a reader sees it."""
        for name in self.fields:
            bound = self[name]
            bound.shown = shown_value(bound)
        blocks = []
        for measure in self.measures:
            prefix = f"p{measure.pk}"
            blocks.append(
                MeasureBlock(
                    measure=measure,
                    status=self[f"{prefix}_status"],
                    percent=self[f"{prefix}_percent"],
                    comment=self[f"{prefix}_comment"],
                    evidence=self[f"{prefix}_evidence"],
                    indicators=[(i, self[f"i{i.pk}"]) for i in _asked(measure, self.computed)],
                    existing_evidence=self.evidence_by_measure.get(measure.pk, []),
                    comments=self.comments_by_measure.get(measure.pk, []),
                    attested=self.attested.get(measure.code),
                    **self._from_register(measure),
                )
            )
        return blocks

    def _from_attestations(self, prefix: str, figures) -> None:
        """Measures 3.2 to 3.5: the status and progress are the attestations', shown but
        not typed (a disabled field keeps its initial value whatever is posted)."""
        for name, value in (("status", figures.status), ("percent", figures.percent)):
            field_name = f"{prefix}_{name}"
            self.fields[field_name].disabled = True
            self.fields[field_name].help_text = _("Computed from your relations' attestations.")
            self.fields[field_name].initial = value
            self.initial[field_name] = value
        self.fields[f"{prefix}_comment"].help_text = _("Optional: anything the figures do not say.")

    def _from_register(self, measure: Measure) -> dict:
        """For measure 4.1: the register's figures and the values typed before them."""
        computed = [i for i in measure.indicators.all() if i.code in REGISTER_INDICATORS]
        if not computed:
            return {}
        typed = [(i, self.initial.get(f"i{i.pk}")) for i in computed]
        return {
            "register": self.register,
            "typed_before": [(i, value) for i, value in typed if value not in (None, "")],
        }

    def clean(self):
        cleaned = super().clean()
        for measure in self.measures:
            if measure.code not in self.attested:  # the attestations' answers are consistent
                self._clean_progress(cleaned, f"p{measure.pk}")
        self._clean_caps(cleaned)
        self._clean_evidence(cleaned)
        if self.submitting:
            self._clean_required(cleaned)
        return cleaned

    def _clean_evidence(self, cleaned: dict) -> None:
        """New files against the report's kept ones: each stored once, all together within
        the report's limit (followup.evidence)."""
        new = {
            f"p{measure.pk}_evidence": (cleaned[f"p{measure.pk}_evidence"], measure.code)
            for measure in self.measures
            if cleaned.get(f"p{measure.pk}_evidence")
        }
        if not new:
            return
        codes = {measure.pk: measure.code for measure in self.measures}
        kept = [
            KeptFile(e.original_name, e.size, e.sha256, codes.get(measure_id, ""))
            for measure_id, files in self.evidence_by_measure.items()
            for e in files
        ]
        for field_name, error in check_report_evidence(new, kept).items():
            self.add_error(field_name, error)

    def _clean_progress(self, cleaned: dict, prefix: str) -> None:
        """The status, progress and comment of one answer agree (``Progress.clean``, which
        also fills in the progress a status implies)."""
        percent = cleaned.get(f"{prefix}_percent")
        answer = Progress(
            status=cleaned.get(f"{prefix}_status") or "",
            percent=percent,
            comment=cleaned.get(f"{prefix}_comment") or "",
        )
        try:
            answer.clean()
        except forms.ValidationError as error:
            for name, errors in error.error_dict.items():
                self.add_error(f"{prefix}_{name}", errors)
        if answer.percent != percent:
            cleaned[f"{prefix}_percent"] = answer.percent

    def _clean_caps(self, cleaned: dict) -> None:
        by_id = {indicator.pk: indicator for indicator in self.indicators}
        for indicator in self.indicators:
            whole = by_id.get(indicator.not_above_id)
            part_value = cleaned.get(f"i{indicator.pk}")
            whole_value = cleaned.get(f"i{whole.pk}") if whole else None
            if part_value is not None and whole_value is not None and part_value > whole_value:
                self.add_error(
                    f"i{indicator.pk}",
                    _("This figure cannot exceed “%(whole)s” (%(value)s).")
                    % {"whole": whole.label_i18n, "value": whole_value},
                )

    def _clean_required(self, cleaned: dict) -> None:
        for measure in self.measures:
            field_name = f"p{measure.pk}_status"
            if not cleaned.get(field_name) and field_name not in self.errors:
                self.add_error(
                    field_name, forms.ValidationError(_("Choose a status."), MISSING_ANSWER)
                )
        for indicator in self.indicators:
            name = f"i{indicator.pk}"
            if indicator.required and cleaned.get(name) in (None, "") and name not in self.errors:
                self.add_error(
                    name,
                    forms.ValidationError(
                        _("Answer this question to submit the report."),
                        MISSING_ANSWER,
                    ),
                )

    @property
    def missing_count(self) -> int:
        """How many answers a submission lacks (errors other than missing answers apart)."""
        return sum(
            error.code == MISSING_ANSWER
            for errors in self.errors.as_data().values()
            for error in errors
        )

    def error_summary(self) -> list[dict]:
        """The form's errors in the page's order, each with its measure's code and the id
        of the measure's title to link to (a field of no measure links to itself)."""
        items = [
            {"anchor": "", "code": "", "label": "", "error": e} for e in self.non_field_errors()
        ]
        for name, form_field in self.fields.items():
            measure = self.measure_of.get(name)
            for error in self[name].errors:
                items.append(
                    {
                        "anchor": f"measure-{measure.pk}-title"
                        if measure
                        else self[name].id_for_label,
                        "code": measure.code if measure else "",
                        "label": form_field.label,
                        # After the label's colon, French goes on in lower case.
                        "error": error[:1].lower() + error[1:],
                    }
                )
        return items

    # Values as the services store them and as the form shows them.

    def progress_values(self) -> dict[int, dict]:
        return {
            measure.pk: {
                "status": self.cleaned_data.get(f"p{measure.pk}_status") or "",
                "percent": self.cleaned_data.get(f"p{measure.pk}_percent"),
                "comment": (self.cleaned_data.get(f"p{measure.pk}_comment") or "").strip(),
            }
            for measure in self.measures
        }

    def indicator_values(self) -> dict[int, object]:
        return {i.pk: self.cleaned_data.get(f"i{i.pk}") for i in self.indicators}

    def evidence_files(self) -> dict[int, CheckedFile]:
        return {
            measure.pk: self.cleaned_data[f"p{measure.pk}_evidence"]
            for measure in self.measures
            if self.cleaned_data.get(f"p{measure.pk}_evidence")
        }


def initial_from_report(report, measures: list[Measure]) -> dict:
    """The form's initial data from what the report holds (answers already prefetched)."""
    initial = {"version": report.version if report else 0}
    if report is None:
        return initial
    for progress in report.progress.all():
        prefix = f"p{progress.measure_id}"
        initial[f"{prefix}_status"] = progress.status
        initial[f"{prefix}_percent"] = progress.percent
        initial[f"{prefix}_comment"] = progress.comment
    types = {i.pk: i for m in measures for i in m.indicators.all()}
    for value in report.values.all():
        indicator = types.get(value.indicator_id)
        if indicator is not None:
            initial[f"i{indicator.pk}"] = stored_to_form(indicator, value)
    return initial


def stored_to_form(indicator: Indicator, value) -> object:
    kind = Indicator.ValueType
    if indicator.value_type == kind.INTEGER:
        return int(value.number) if value.number is not None else None
    if indicator.value_type in (kind.DECIMAL, kind.PERCENTAGE):
        return value.number
    if indicator.value_type == kind.BOOLEAN:
        return {True: "yes", False: "no"}.get(value.boolean, "")
    if indicator.value_type == kind.DATE:
        return value.date
    return value.text


def shown_value(bound: forms.BoundField) -> str:
    """A bound field's current value in words: a choice's label, a date in full."""
    value = bound.value()
    choices = getattr(bound.field, "choices", None)
    if choices is not None and value not in (None, ""):
        return capfirst(str(dict(choices).get(value, value)))
    if isinstance(value, str) and isinstance(bound.field, forms.DateField):
        try:
            value = datetime.date.fromisoformat(value)
        except ValueError:
            return value
    return describe(value)


def describe(value) -> str:
    """A value as a reader would type it, for the list of conflicting changes."""
    if value in (None, ""):
        return "—"
    if value is True or value == "yes":
        return str(_("yes"))
    if value is False or value == "no":
        return str(_("no"))
    if isinstance(value, datetime.date):
        return written_date(value)
    if isinstance(value, Decimal | int):
        if isinstance(value, Decimal) and value == value.to_integral_value():
            value = int(value)  # 8.00 reads 8
        return number_format(value, force_grouping=True)
    return str(value)


# --- The committee's dashboard -------------------------------------------------------------


class DashboardFilterForm(forms.Form):
    """Filters of the dashboard's table of companies. A value that is not a choice is
    ignored rather than answered with an error page: the table shows everything."""

    q = forms.CharField(label=_("Name or SIREN"), required=False, max_length=200)
    kind = forms.ChoiceField(
        label=_("Kind of company"),
        required=False,
        choices=[("", _("All kinds")), *[(v, capfirst(label)) for v, label in CompanyKind.choices]],
    )
    federation = forms.ChoiceField(
        label=_("Federation"),
        required=False,
        choices=[
            ("", _("All federations")),
            *[(v, capfirst(label)) for v, label in Company.Federation.choices],
        ],
    )
    status = forms.ChoiceField(
        label=_("Report"),
        required=False,
        choices=[
            ("", _("All states")),
            *[(v, capfirst(label)) for v, label in Report.Status.choices],
            (MISSING, _("not submitted")),
            (NON_COMMUNICATING, _("non-communicating")),
        ],
    )
    axis = forms.TypedChoiceField(
        label=_("Committed on axis"),
        required=False,
        coerce=int,
        empty_value=None,
        choices=[("", _("All axes"))] + [(n, n) for n in range(1, 6)],
    )

    def filters(self, sort: str) -> "CompanyFilters":
        """The valid filters; a field whose value is not a choice is left out."""
        data = {}
        if self.is_bound:
            self.is_valid()  # keeps the valid fields in cleaned_data and drops the others
            data = self.cleaned_data
        return CompanyFilters(
            search=(data.get("q") or "").strip(),
            kind=data.get("kind") or "",
            federation=data.get("federation") or "",
            status=data.get("status") or "",
            axis=data.get("axis"),
            sort=sort.lstrip("-") if sort.lstrip("-") in SORTS else "name",
            descending=sort.startswith("-"),
        )
