from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth import views as auth_views
from django.contrib.auth.views import redirect_to_login
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse, reverse_lazy
from django.utils.translation import gettext as _
from django.views import i18n as i18n_views
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_POST

from . import services, tasks
from .access import can_read_everything
from .forms import InvitationAcceptForm, LoginForm, PasswordResetByEmailForm
from .models import Invitation, User
from .throttle import email_sending_refusal, refused_response

# --- /invitation/<token>/ ------------------------------------------------------------------

# An unknown link is 404; a link that existed but can no longer be used is 410 (Gone).
INVALID_STATUS = {"unknown": 404, "used": 410, "revoked": 410, "expired": 410}


def _invalid(request: HttpRequest, reason: str, invitation: Invitation | None) -> HttpResponse:
    return render(
        request,
        "accounts/invitation_invalid.html",
        {"reason": reason, "invitation": invitation},
        status=INVALID_STATUS[reason],
    )


def _accepted(request: HttpRequest, invitation: Invitation) -> HttpResponse:
    if invitation.company:
        message = _("Welcome! You now report for %(name)s.") % {"name": invitation.company}
    elif invitation.signatory:
        message = _("Welcome! You now report for %(name)s.") % {"name": invitation.signatory}
    else:
        message = _("Welcome! You are now a member of the follow-up committee.")
    messages.success(request, message)
    return redirect("followup:space")


@sensitive_post_parameters("password1", "password2")
def invitation_accept(request: HttpRequest, token: str) -> HttpResponse:
    """Use an invitation link: create an account, or add the access to one's own.

    - unknown link: 404; used, revoked or expired: 410, with what to do next;
    - logged in with the invited address: a button (POST) that accepts;
    - logged in as someone else: 403 with how to switch accounts;
    - anonymous, an account has the address: log in first (the link comes back here);
    - anonymous, no account: a form that creates it, logs in and opens the space.
    """
    invitation = services.invitation_from_token(token)
    if invitation is None:
        return _invalid(request, "unknown", None)
    problem = services.invitation_problem(invitation)
    if problem:
        return _invalid(request, problem, invitation)
    if request.user.is_authenticated:
        return _accept_as_user(request, invitation)
    if User.objects.filter(email__iexact=invitation.email).exists():
        if request.method == "POST":
            return redirect_to_login(request.get_full_path())
        return render(request, "accounts/invitation_login.html", {"invitation": invitation})
    return _accept_with_new_account(request, invitation)


def _accept_as_user(request: HttpRequest, invitation: Invitation) -> HttpResponse:
    """The logged-in person accepts (POST) or is asked to (GET), if the invitation is
    theirs; anyone else is told how to switch accounts (403)."""
    if request.user.email.lower() != invitation.email.lower():
        return render(
            request,
            "accounts/invitation_wrong_account.html",
            {"invitation": invitation},
            status=403,
        )
    if request.method != "POST":
        return render(request, "accounts/invitation_confirm.html", {"invitation": invitation})
    try:
        services.invitation_accept(invitation=invitation, user=request.user)
    except services.InvitationError as error:  # used in another tab meanwhile
        return _invalid(request, error.code, invitation)
    return _accepted(request, invitation)


def _accept_with_new_account(request: HttpRequest, invitation: Invitation) -> HttpResponse:
    """The form that creates the account (GET, or POST with errors); once valid, the
    account is made, logged in, and the space opens."""
    data = request.POST if request.method == "POST" else None
    form = InvitationAcceptForm(data, invitation=invitation)
    if not (request.method == "POST" and form.is_valid()):
        return render(
            request, "accounts/invitation_accept.html", {"invitation": invitation, "form": form}
        )
    try:
        user = services.invitation_accept(
            invitation=invitation,
            full_name=form.cleaned_data["full_name"],
            password=form.cleaned_data["password1"],
        )
    except services.InvitationError as error:
        # Someone made the account or used the link between the page and the click.
        if error.code == "account_exists":
            return redirect_to_login(request.get_full_path())
        return _invalid(request, error.code, invitation)
    login(request, user, backend="django.contrib.auth.backends.ModelBackend")
    return _accepted(request, invitation)


# --- /mot-de-passe/oubli/ ------------------------------------------------------------------


class PasswordResetView(auth_views.PasswordResetView):
    """Django's form to ask for a new password by e-mail, except that the view neither
    looks the address up nor sends anything: a background task does both
    (tasks.password_reset_send), so the answer is the same, and as quick, whether or not
    the address has an account. Refused (429) when too many e-mails were asked for."""

    template_name = "accounts/password_reset_form.html"
    form_class = PasswordResetByEmailForm
    success_url = reverse_lazy("accounts:password_reset_done")

    def form_valid(self, form: PasswordResetByEmailForm) -> HttpResponse:
        email = form.cleaned_data["email"]
        refusal = email_sending_refusal(self.request, to=email)
        if refusal:
            context = self.get_context_data(form=form)
            return refused_response(self.request, refusal, self.template_name, context)
        tasks.password_reset_send.enqueue(
            email=email, domain=self.request.get_host(), use_https=self.request.is_secure()
        )
        return redirect(self.get_success_url())


# --- The reader's language ---------------------------------------------------------------


class LoginView(auth_views.LoginView):
    """Django's login, which also brings back the language the person chose last; a
    language chosen with the switcher just before logging in is kept on the account."""

    template_name = "accounts/login.html"
    authentication_form = LoginForm
    redirect_authenticated_user = True

    def get_default_redirect_url(self) -> str:
        """Where a person lands when they asked for no page (``?next=``): their own space."""
        return landing_url(self.request.user)

    def form_valid(self, form):
        response = super().form_valid(form)
        user = form.get_user()
        chosen = self.request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
        if chosen in dict(settings.LANGUAGES):
            if chosen != user.language:
                User.objects.filter(pk=user.pk).update(language=chosen)
        else:
            remember_language(response, user.language)
        return response


def landing_url(user) -> str:
    """A logged-in person's own space: the committee's dashboard for committee members,
    the company space (straight to their company or signatory when
    they have only one) for contributors and representatives, the home page otherwise.
    Two queries at most."""
    if can_read_everything(user):
        return reverse("followup:dashboard")
    if user.memberships.exists() or user.representations.exists():
        return reverse("followup:space")
    return reverse("charter:home")


def remember_language(response: HttpResponse, language: str) -> None:
    """Set the language cookie the site reads (see config.middleware)."""
    response.set_cookie(
        settings.LANGUAGE_COOKIE_NAME,
        language,
        max_age=settings.LANGUAGE_COOKIE_AGE,
        samesite=settings.LANGUAGE_COOKIE_SAMESITE,
        secure=settings.LANGUAGE_COOKIE_SECURE,
        httponly=settings.LANGUAGE_COOKIE_HTTPONLY,
    )


@require_POST
def set_language(request: HttpRequest) -> HttpResponse:
    """Django's language switch; for a logged-in person the choice is also kept on the
    account, so that pages, e-mails and PDFs follow it on every device."""
    response = i18n_views.set_language(request)
    language = request.POST.get("language", "")
    if request.user.is_authenticated and language in dict(settings.LANGUAGES):
        User.objects.filter(pk=request.user.pk).update(language=language)
    return response
