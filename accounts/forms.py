from __future__ import annotations

import logging
from typing import TYPE_CHECKING

from django import forms
from django.conf import settings
from django.contrib.auth import password_validation
from django.contrib.auth.forms import (
    AuthenticationForm,
    PasswordChangeForm,
    PasswordResetForm,
    SetPasswordForm,
    SetPasswordMixin,
)
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from core.emails import send_templated_email

from .models import Invitation, Membership, User

if TYPE_CHECKING:  # accounts sit below the companies: only the names are needed
    from signatories.models import Company

logger = logging.getLogger(__name__)


def _normalize_email(value: str) -> str:
    return User.objects.normalize_email(value or "").strip().lower()


class LoginForm(AuthenticationForm):
    """Login by e-mail; the address is matched without regard to case."""

    username = forms.EmailField(
        label=_("E-mail address"),
        widget=forms.EmailInput(attrs={"autofocus": True, "autocomplete": "email"}),
    )

    error_messages = {
        **AuthenticationForm.error_messages,
        "invalid_login": _(
            "This e-mail address and password do not match an active account. "
            "Check both and try again; passwords are case-sensitive."
        ),
    }


class PlainPasswordHelpMixin:
    """Django's password help is an HTML list, which cannot sit in our ``<p class="help">``:
    say the same rules as one sentence."""

    rules_field = "new_password1"

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        rules = password_validation.password_validators_help_texts()
        self.fields[self.rules_field].help_text = " ".join(str(rule) for rule in rules)


class NewPasswordForm(PlainPasswordHelpMixin, SetPasswordForm):
    """The new password chosen from a reset link."""


class ChangePasswordForm(PlainPasswordHelpMixin, PasswordChangeForm):
    """A logged-in person changes their password."""


class PasswordResetByEmailForm(PasswordResetForm):
    """Django's reset form, with our e-mail: text and HTML, in the user's language.

    It answers the same whether or not the address has an account; a mail server failure
    is logged, never shown, for the same reason.
    """

    email = forms.EmailField(
        label=_("E-mail address"),
        max_length=254,
        widget=forms.EmailInput(attrs={"autofocus": True, "autocomplete": "email"}),
    )

    def send_mail(
        self,
        subject_template_name,
        email_template_name,
        context,
        from_email,
        to_email,
        html_email_template_name=None,
    ) -> None:
        user = context["user"]
        base_url = settings.SITE_URL or f"{context['protocol']}://{context['domain']}"
        path = reverse(
            "accounts:password_reset_confirm",
            kwargs={"uidb64": context["uid"], "token": context["token"]},
        )
        try:
            send_templated_email(
                name="password_reset",
                to=[to_email],
                language=user.language,
                context={
                    "user": user,
                    "reset_url": base_url + path,
                    "valid_hours": settings.PASSWORD_RESET_TIMEOUT // 3600,
                    "login_url": base_url + reverse("accounts:login"),
                },
            )
        except Exception:
            logger.exception("Failed to send the password reset e-mail to user %s", user.pk)


def check_can_invite(email: str, company: Company | None) -> None:
    """Refuse to invite to ``company`` someone who already reports for it or who already
    has a pending invitation to it. Raises ValidationError. Two queries at most."""
    if company is None:
        return
    if Membership.objects.filter(company=company, user__email__iexact=email).exists():
        raise ValidationError(
            _("This person already reports for %(company)s: there is no need to invite them."),
            code="already_member",
            params={"company": company},
        )
    pending = company.invitations.pending().filter(email__iexact=email).first()
    if pending:
        raise ValidationError(
            _(
                "An invitation to this address is already waiting for an answer (it expires "
                "on %(date)s). Revoke it first if you want to send a new one."
            ),
            code="already_invited",
            params={"date": pending.expires_at.date()},
        )


class InvitationForm(forms.Form):
    """A contributor invites a colleague to the company's space."""

    email = forms.EmailField(
        label=_("E-mail address"),
        max_length=254,
        help_text=_("The invitation link is sent to this address; it becomes their login."),
        widget=forms.EmailInput(attrs={"autocomplete": "off"}),
    )
    language = forms.ChoiceField(label=_("Language of the e-mail"), choices=settings.LANGUAGES)

    def __init__(self, *args, company: Company, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.company = company

    def clean_email(self) -> str:
        email = _normalize_email(self.cleaned_data["email"])
        check_can_invite(email, self.company)
        return email


class InvitationAdminForm(forms.ModelForm):
    """The administration's form to send an invitation: no token field, the service makes
    the link and sends it."""

    class Meta:
        model = Invitation
        fields = ("email", "company", "signatory", "as_committee_member", "language")

    def clean_email(self) -> str:
        return _normalize_email(self.cleaned_data["email"])

    def clean(self) -> dict:
        cleaned = super().clean()
        company, signatory = cleaned.get("company"), cleaned.get("signatory")
        if not (company or signatory or cleaned.get("as_committee_member")):
            raise ValidationError(
                _(
                    "Choose what the invitation gives access to: a company, a signatory, "
                    "the committee, or several of them."
                ),
                code="nothing_granted",
            )
        email = cleaned.get("email")
        if email and company:
            try:
                check_can_invite(email, company)
            except ValidationError as error:
                self.add_error("email", error)
        return cleaned


class InvitationAcceptForm(PlainPasswordHelpMixin, SetPasswordMixin, forms.Form):
    """A new account made from an invitation: the address is the invited one, read-only."""

    rules_field = "password1"

    email = forms.EmailField(
        label=_("E-mail address"),
        required=False,
        disabled=True,
        help_text=_("The invitation was sent to this address; you will log in with it."),
        widget=forms.EmailInput(attrs={"autocomplete": "username"}),
    )
    full_name = forms.CharField(
        label=_("Full name"),
        max_length=150,
        widget=forms.TextInput(attrs={"autocomplete": "name", "autofocus": True}),
    )
    password1, password2 = SetPasswordMixin.create_password_fields(
        label1=_("Password"), label2=_("Password confirmation")
    )

    def __init__(self, *args, invitation: Invitation, **kwargs) -> None:
        kwargs.setdefault("initial", {})["email"] = invitation.email
        super().__init__(*args, **kwargs)
        self.invitation = invitation

    def clean_full_name(self) -> str:
        return " ".join(self.cleaned_data["full_name"].split())

    def clean(self) -> dict:
        cleaned = super().clean()
        self.validate_passwords()
        # The similarity check compares the password with the person's name and address.
        person = User(email=self.invitation.email, full_name=cleaned.get("full_name", ""))
        self.validate_password_for_user(person)
        return cleaned
