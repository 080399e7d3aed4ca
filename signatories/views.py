from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Case, F, IntegerField, Value, When
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views.decorators.http import require_POST, require_safe

from accounts import services as accounts_services
from accounts.forms import InvitationForm
from accounts.throttle import company_lookup_refusal, email_sending_refusal, refused_response
from charter.selectors import current_charter
from core.bidi import isolated
from core.emails import site_url
from core.uploads import clean_file_name

from . import directory, imports, selectors, services
from .access import access_company, can_write, committee_required
from .forms import (
    ApplicationForm,
    CompanySearchForm,
    ImportForm,
    RefusalForm,
    RequestRefusalForm,
    SirenLookupForm,
    filled_from_directory,
)
from .models import AdhesionApplication, Company, CompanyKind

COMPANIES_PER_PAGE = 50
APPLICATIONS_PER_PAGE = 30


def signatory_list(request: HttpRequest) -> HttpResponse:
    """The signatories and the active adhering companies, searchable and paginated."""
    charter = current_charter()
    form = CompanySearchForm(request.GET or None)
    search, kind = "", ""
    if form.is_valid():
        search, kind = form.cleaned_data["q"], form.cleaned_data["kind"]
    companies = selectors.active_companies(search=search, kind=kind)
    page = Paginator(companies, COMPANIES_PER_PAGE).get_page(request.GET.get("page"))
    per_kind = selectors.active_companies_per_kind()
    return render(
        request,
        "signatories/signatory_list.html",
        {
            "charter": charter,
            "signatories": selectors.signatories_of(charter) if charter else [],
            "form": form,
            "page": page,
            "kind_counts": [
                (label, per_kind.get(value, 0)) for value, label in CompanyKind.choices
            ],
            "active_total": sum(per_kind.values()),
        },
    )


# --- /adherer/: the public adhesion form -------------------------------------------------


def application_create(request: HttpRequest) -> HttpResponse:
    """The public form to apply; on success, to the thank-you page. Everything typed is
    kept when the form comes back with errors, or refused (429) because too many e-mails
    were asked for (accounts.throttle). The "Look up" button fills the company's details
    from the directory instead (application_lookup)."""
    if request.method == "POST" and request.POST.get("action") == "lookup":
        return application_lookup(request)
    form = ApplicationForm(request.POST if request.method == "POST" else None)
    context = {"form": form, "lookup_enabled": directory.directory_enabled()}
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        refusal = email_sending_refusal(request, to=data["contact_email"])
        if refusal:
            return refused_response(request, refusal, "signatories/application_form.html", context)
        try:
            services.application_create(
                **{name: data[name] for name in ApplicationForm.Meta.fields},
                sites=form.cleaned_sites,
                language=request.LANGUAGE_CODE,
                base_url=site_url(request),
            )
        except services.ApplicationError:
            form.add_error("siren", ValidationError(ALREADY_PENDING, code="already_pending"))
        else:
            return redirect("signatories:application_done")
    return render(request, "signatories/application_form.html", context)


LOOKUP_MESSAGES = {
    "unavailable": gettext_lazy(
        "The company directory cannot be reached just now: type the company's details "
        "yourself, or try the look-up again later."
    ),
    "unknown": gettext_lazy(
        "The company directory does not know this SIREN number: check it, or type the "
        "company's details yourself."
    ),
    "nothing": gettext_lazy(
        "The company directory knows this company; every detail it gives was already typed, "
        "so nothing was changed."
    ),
}


def application_lookup(request: HttpRequest) -> HttpResponse:
    """The adhesion form again, its empty company fields filled from the company directory
    for the SIREN typed; what was typed is kept, and nothing is sent. Limited per client
    (accounts.throttle)."""
    lookup = SirenLookupForm(request.POST)
    typed, status, failed = request.POST.dict(), 200, True
    if not lookup.is_valid():
        message = " ".join(lookup.errors["siren"])
    elif refusal := company_lookup_refusal(request):
        message = ngettext(
            "Too many look-ups from your connection: type the company's details yourself, "
            "or try again in %(minutes)s minute.",
            "Too many look-ups from your connection: type the company's details yourself, "
            "or try again in %(minutes)s minutes.",
            refusal.minutes,
        ) % {"minutes": refusal.minutes}
        status = 429
    else:
        try:
            found = directory.company_lookup(lookup.cleaned_data["siren"])
        except directory.DirectoryError as error:
            message = LOOKUP_MESSAGES[error.code]
        else:
            typed, filled = filled_from_directory(typed, found.as_fields())
            failed = False
            message = _LOOKUP_FILLED if filled else LOOKUP_MESSAGES["nothing"]
    form = ApplicationForm(initial=typed)
    context = {"form": form, "lookup_enabled": True, "lookup_message": message}
    context["lookup_failed"] = failed
    return render(request, "signatories/application_form.html", context, status=status)


_LOOKUP_FILLED = gettext_lazy(
    "The empty fields were filled from the company directory. Check them before sending."
)


ALREADY_PENDING = gettext_lazy(
    "An application for this SIREN number is already being examined; the committee will "
    "answer it. There is no need to apply again."
)


def application_done(request: HttpRequest) -> HttpResponse:
    return render(request, "signatories/application_done.html")


# --- /suivi/adhesions/: the committee decides ---------------------------------------------


@committee_required
def application_list(request: HttpRequest) -> HttpResponse:
    """Pending applications first (oldest first: the queue), then the decided ones (latest
    decision first). Three queries: the count, the page, the number pending."""
    applications = (
        AdhesionApplication.objects.select_related("decided_by", "company")
        .annotate(
            decided=Case(
                When(status=AdhesionApplication.Status.PENDING, then=Value(0)),
                default=Value(1),
                output_field=IntegerField(),
            )
        )
        .order_by("decided", F("decided_at").desc(nulls_last=True), "created_at", "pk")
    )
    page = Paginator(applications, APPLICATIONS_PER_PAGE).get_page(request.GET.get("page"))
    return render(
        request,
        "signatories/application_list.html",
        {"page": page, "pending_count": AdhesionApplication.objects.pending().count()},
    )


def _detail(
    request: HttpRequest, application: AdhesionApplication, refusal_form: RefusalForm
) -> HttpResponse:
    return render(
        request,
        "signatories/application_detail.html",
        {
            "application": application,
            "refusal_form": refusal_form,
            "same_siren": Company.objects.filter(siren=application.siren)
            .exclude(status=Company.Status.WITHDRAWN)
            .first(),
            "former": services.former_company(application.siren),
            "former_choices": services.Former,
            "is_pending": application.status == AdhesionApplication.Status.PENDING,
        },
    )


@committee_required
def application_detail(request: HttpRequest, pk: int) -> HttpResponse:
    application = get_object_or_404(
        AdhesionApplication.objects.select_related("decided_by", "company"), pk=pk
    )
    return _detail(request, application, RefusalForm())


NOT_DECIDED = {
    "already_decided": gettext_lazy("This application was already decided; nothing was changed."),
    "already_adheres": gettext_lazy(
        "A company with this SIREN number already adheres to the charter, so the application "
        "cannot be accepted; refuse it with that reason, or check the company in the "
        "administration."
    ),
    "former_choice_needed": gettext_lazy(
        "A company with this SIREN number withdrew from the charter: choose whether it adheres "
        "again with its history or a new record starts, then accept again."
    ),
}


@committee_required
@require_POST
def application_accept(request: HttpRequest, pk: int) -> HttpResponse:
    application = get_object_or_404(AdhesionApplication, pk=pk)
    try:
        company = services.application_accept(
            application=application,
            decided_by=request.user,
            base_url=site_url(request),
            former=request.POST.get("former", ""),
        )
    except services.ApplicationError as error:
        messages.error(request, NOT_DECIDED[error.code])
    else:
        messages.success(
            request,
            isolated(
                _(
                    "The application is accepted: %(name)s adheres to the charter from today. "
                    "%(email)s was told by e-mail."
                ),
                name=company.legal_name,
                email=application.contact_email,
            ),
        )
    return redirect("signatories:application_detail", pk=application.pk)


@committee_required
@require_POST
def application_refuse(request: HttpRequest, pk: int) -> HttpResponse:
    application = get_object_or_404(
        AdhesionApplication.objects.select_related("decided_by", "company"), pk=pk
    )
    form = RefusalForm(request.POST)
    if not form.is_valid():
        return _detail(request, application, form)
    try:
        services.application_refuse(
            application=application, decided_by=request.user, reason=form.cleaned_data["reason"]
        )
    except services.ApplicationError as error:
        messages.error(request, NOT_DECIDED[error.code])
    else:
        messages.success(
            request,
            isolated(
                _("The application is refused; %(email)s was sent the reason."),
                email=application.contact_email,
            ),
        )
    return redirect("signatories:application_detail", pk=application.pk)


# --- /suivi/entreprises/noms/: the committee reviews new legal names -----------------------


def _name_changes(request: HttpRequest, *, refused: Company | None = None, form=None):
    """One query: the companies whose new legal name waits, oldest request first."""
    pending = list(
        Company.objects.name_change_pending()
        .select_related("name_requested_by")
        .order_by("name_requested_at", "pk")
    )
    for company in pending:
        company.refusal_form = (
            form
            if refused is not None and company.pk == refused.pk
            else RequestRefusalForm(about="name", auto_id=f"id_name{company.pk}_%s")
        )
    return render(
        request,
        "signatories/name_changes.html",
        {"pending": pending},
        status=400 if form is not None else 200,
    )


def decided_meanwhile(request: HttpRequest, message: str, to: str) -> HttpResponse:
    """The committee decided on a company's request (a new legal name, a claim that a
    measure does not apply) that was decided, withdrawn or changed meanwhile: nothing was
    changed; ``message`` says so on the list ``to`` (a URL name), which shows the request
    as it is now."""
    messages.error(request, message)
    return redirect(to)


NAME_NOT_PENDING = gettext_lazy(
    "This name change was decided, withdrawn or changed meanwhile; nothing was changed. "
    "Read the request as it is now below."
)


@committee_required
@require_safe
def name_change_list(request: HttpRequest) -> HttpResponse:
    return _name_changes(request)


@committee_required
@require_POST
def name_change_accept(request: HttpRequest, company_id: int) -> HttpResponse:
    company = get_object_or_404(Company, pk=company_id)
    try:
        company = services.company_name_accept(
            company=company,
            decided_by=request.user,
            base_url=site_url(request),
            seen=request.POST.get("seen"),
        )
    except services.NameChangeError:
        return decided_meanwhile(request, NAME_NOT_PENDING, "signatories:name_change_list")
    messages.success(
        request,
        isolated(
            _("The legal name is now “%(name)s” on every page and document."),
            name=company.legal_name,
        ),
    )
    return redirect("signatories:name_change_list")


@committee_required
@require_POST
def name_change_refuse(request: HttpRequest, company_id: int) -> HttpResponse:
    company = get_object_or_404(Company, pk=company_id)
    form = RequestRefusalForm(request.POST, about="name", auto_id=f"id_name{company.pk}_%s")
    if not form.is_valid():
        return _name_changes(request, refused=company, form=form)
    try:
        company = services.company_name_refuse(
            company=company,
            decided_by=request.user,
            reason=form.cleaned_data["reason"],
            base_url=site_url(request),
        )
    except services.NameChangeError:
        return decided_meanwhile(request, NAME_NOT_PENDING, "signatories:name_change_list")
    messages.success(
        request,
        isolated(
            _("The new name is refused: the company keeps the name “%(name)s”."),
            name=company.legal_name,
        ),
    )
    return redirect("signatories:name_change_list")


# --- /espace/entreprises/<company_id>/equipe/ ----------------------------------------------


@login_required
def team(request: HttpRequest, company_id: int) -> HttpResponse:
    """The company's contributors and pending invitations; contributors invite colleagues.
    Committee members and administrators read it; a POST from them is refused (403)."""
    company = access_company(request.user, company_id, write=request.method == "POST")
    can_invite = can_write(request.user, company)
    if request.method != "POST":
        form = InvitationForm(company=company, initial={"language": request.LANGUAGE_CODE})
        return render(request, "signatories/team.html", _team_context(company, form, can_invite))
    form = InvitationForm(request.POST, company=company)
    if not form.is_valid():
        return render(request, "signatories/team.html", _team_context(company, form, can_invite))
    refusal = email_sending_refusal(request, to=form.cleaned_data["email"], account=request.user)
    if refusal:
        context = _team_context(company, form, can_invite)
        return refused_response(request, refusal, "signatories/team.html", context)
    _invite(request, company, form)
    return redirect("signatories:team", company_id=company.pk)


def _invite(request: HttpRequest, company, form: InvitationForm) -> None:
    """Send the invitation typed, and say so. Side effect: an e-mail."""
    invitation = accounts_services.invitation_create(
        email=form.cleaned_data["email"],
        company=company,
        invited_by=request.user,
        language=form.cleaned_data["language"],
        base_url=site_url(request),
    )
    days = settings.INVITATION_VALID_DAYS
    messages.success(
        request,
        isolated(
            ngettext(
                "An invitation was sent to %(email)s. The link works for %(days)s day.",
                "An invitation was sent to %(email)s. The link works for %(days)s days.",
                days,
            ),
            email=invitation.email,
            days=days,
        ),
    )


def _team_context(company, form: InvitationForm, can_invite: bool) -> dict:
    return {
        "company": company,
        "members": company.memberships.select_related("user").order_by(
            "user__full_name", "user__email"
        ),
        "invitations": company.invitations.pending()
        .select_related("invited_by")
        .order_by("created_at"),
        "form": form if can_invite else None,
        "can_invite": can_invite,
    }


NOT_REVOKED = {
    "used": gettext_lazy(
        "The invitation sent to %(email)s was already accepted; nothing was changed."
    ),
    "revoked": gettext_lazy("The invitation sent to %(email)s was already revoked."),
    "expired": gettext_lazy(
        "The invitation sent to %(email)s had already expired; nothing was changed."
    ),
}


@login_required
@require_POST
def invitation_revoke(request: HttpRequest, company_id: int, invitation_id: int) -> HttpResponse:
    company = access_company(request.user, company_id, write=True)
    invitation = get_object_or_404(company.invitations, pk=invitation_id)
    try:
        accounts_services.invitation_revoke(invitation=invitation, by=request.user)
    except accounts_services.InvitationError as error:
        messages.error(request, isolated(NOT_REVOKED[error.code], email=invitation.email))
    else:
        messages.success(
            request,
            isolated(
                _("The invitation sent to %(email)s is revoked: its link no longer works."),
                email=invitation.email,
            ),
        )
    return redirect("signatories:team", company_id=company.pk)


# --- /suivi/imports/: companies and certifications from a file -----------------------------

IMPORT_TEMPLATE = "signatories/import.html"
IMPORT_URLS = {
    "companies": "signatories:import_companies",
    "certifications": "signatories:import_certifications",
}


@committee_required
def import_file(request: HttpRequest, kind: str) -> HttpResponse:
    """A file sent shows its dry run: each row's problems, what would be created or
    changed; nothing is written. Without problems, the confirmation imports the kept file."""
    if request.method == "POST" and "sha256" in request.POST:
        return _import_confirm(request, kind)
    form = ImportForm(request.POST or None, request.FILES or None, kind=kind)
    context = {"kind": kind, "columns": imports.COLUMNS[kind], "form": form}
    if request.method == "POST" and form.is_valid():
        plan = imports.plan(form.dataset, kind)
        sha = "" if plan.problems else imports.keep(form.content)
        context.update(plan=plan, sha256=sha, file_name=form.name)
    return render(request, IMPORT_TEMPLATE, context)


def _import_confirm(request: HttpRequest, kind: str) -> HttpResponse:
    """Import the file previewed, all or nothing, if it still has no problem."""
    sha, name = request.POST["sha256"], clean_file_name(request.POST.get("name", ""))
    content = imports.kept(sha)
    try:
        plan = imports.plan(imports.read_table(content or b"", name, kind), kind)
    except ValidationError:
        plan = None
    if content is None or plan is None:
        messages.error(request, _("The file previewed is no longer here: send it again."))
        return redirect(IMPORT_URLS[kind])
    form = ImportForm(kind=kind)
    context = {"kind": kind, "columns": imports.COLUMNS[kind], "form": form, "plan": plan}
    context.update(sha256="" if plan.problems else sha, file_name=name)
    if plan.problems:
        return render(request, IMPORT_TEMPLATE, context)
    refusals = [
        email_sending_refusal(request, to=email, account=request.user) for email in plan.invitations
    ]
    if refusal := next((r for r in refusals if r), None):
        return refused_response(request, refusal, IMPORT_TEMPLATE, context)
    imports.apply(plan, by=request.user, file_name=name, sha=sha, base_url=site_url(request))
    imports.forget(sha)
    messages.success(request, _import_done(plan))
    return redirect(IMPORT_URLS[kind])


def _import_done(plan) -> str:
    return _(
        "Import done. Created: %(created)s; updated: %(updated)s; invitations sent: %(invited)s."
    ) % {"created": plan.created, "updated": plan.updated, "invited": len(plan.invitations)}
