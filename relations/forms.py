from django import forms
from django.utils.translation import gettext_lazy as _

from signatories.validators import normalize_siren, validate_siren

from .models import Relation
from .services import Declaration, declaration_problem, invitation_problem, other_party

NAME_MAX = 200
REASON_MAX = 2000


class RelationForm(forms.Form):
    """A relation declared by ``company``: its side, the other party's SIREN, and its name
    (and an address to invite it) when it is not in the base. ``existing``: the relation
    already recorded, when the declaration repeats one."""

    side = forms.ChoiceField(
        label=_("Your company is"),
        choices=[
            (Relation.Side.CLIENT, _("the client: the other company is our provider")),
            (Relation.Side.PROVIDER, _("the provider: the other company is our client")),
        ],
    )
    siren = forms.CharField(
        label=_("The other company's SIREN"),
        max_length=20,
        help_text=_("9 digits, spaces allowed, such as 552 100 554."),
    )
    name = forms.CharField(
        label=_("The other company's name"),
        max_length=NAME_MAX,
        required=False,
        help_text=_("Needed only when the company has not adhered to the charter."),
    )
    invite_email = forms.EmailField(
        label=_("E-mail of a person to invite at the other company"),
        required=False,
        help_text=_(
            "Optional, when the company has not adhered: an e-mail invites it to adhere to "
            "the charter and to answer for its side."
        ),
    )

    def __init__(self, *args, company, **kwargs):
        super().__init__(*args, **kwargs)
        self.company = company
        self.existing: Relation | None = None

    def clean_siren(self) -> str:
        siren = normalize_siren(self.cleaned_data["siren"])
        validate_siren(siren)
        return siren

    def clean(self):
        data = super().clean()
        if self.errors:
            return data
        declaration = self.declaration()
        problem = declaration_problem(declaration)
        if problem:
            field, message, self.existing = problem
            self.add_error(field, message)
        elif not data.get("name", "").strip() and other_party(declaration.siren) is None:
            self.add_error(
                "name",
                _(
                    "No company of the base holds this SIREN: type the company's name so "
                    "that it is known until it adheres (and check the SIREN)."
                ),
            )
        return data

    def declaration(self) -> Declaration:
        data = self.cleaned_data
        return Declaration(
            company=self.company,
            side=data["side"],
            siren=data["siren"],
            name=" ".join(data.get("name", "").split()),
            invite_email=data.get("invite_email", ""),
        )


class RelationInviteForm(forms.Form):
    """The declaring side sends the invitation of ``relation`` again, to the address kept
    or to a corrected one; refused with ``services.invitation_problem``'s message."""

    invite_email = forms.EmailField(
        label=_("E-mail of the person to invite"),
        help_text=_("Correct it if the previous invitation went to a wrong address."),
    )

    def __init__(self, *args, relation: Relation, **kwargs):
        super().__init__(*args, initial={"invite_email": relation.invite_email}, **kwargs)
        self.relation = relation

    def clean(self):
        data = super().clean()
        if problem := invitation_problem(self.relation):
            raise forms.ValidationError(problem)
        return data


class RelationAnswerForm(forms.Form):
    """The other side's answer: confirm, or dispute with a reason."""

    answer = forms.ChoiceField(
        label=_("Your answer"),
        choices=[
            ("confirm", _("We confirm this relation")),
            ("dispute", _("We dispute this relation")),
        ],
    )
    reason = forms.CharField(
        label=_("Why you dispute it"),
        max_length=REASON_MAX,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Required to dispute: the declaring company and the committee read it."),
    )

    def clean(self):
        data = super().clean()
        if data.get("answer") == "dispute" and not data.get("reason", "").strip():
            self.add_error(
                "reason",
                _("Say why you dispute the relation (for instance: no contract with them)."),
            )
        return data

    @property
    def confirms(self) -> bool:
        return self.cleaned_data["answer"] == "confirm"
