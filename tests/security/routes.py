"""Every URL pattern of the site, read from the resolver, and how the security tests try it.

``ROUTES`` says, for each named pattern outside the Django admin, who may reach it
(``scope``), which methods the view answers, and which object of the test world fills each
of its parameters. A pattern missing from the table fails ``test_routes.py``: a new URL
cannot escape the security tests, its author has to say how it is protected.

Admin patterns are filled generically from the model each one serves (see ``admin_urls``).
"""

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field

from django.contrib import admin
from django.contrib.contenttypes.models import ContentType
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from signatories.models import Company

from .world import World

# --- Who may reach a URL ---------------------------------------------------------------------

PUBLIC = "public"  # anyone, logged in or not
USER = "user"  # any logged-in person, about their own account or space
TOKEN = "token"  # whoever holds an e-mailed link (invitation, password reset)
COMPANY = "company"  # the company's contributors and the committee; outsiders get 404
SIGNATORY = "signatory"  # the signatory's representatives and the committee; others 404
COMMITTEE = "committee"  # committee members only (an administrator too once made one); others 403


@dataclass(frozen=True)
class Route:
    """How a URL is protected and filled.

    ``get`` / ``post``: whether the view answers the method (anything but 405).
    ``kwargs``: each parameter and the kind of world object that fills it (see
    ``World.value``), or ``=text`` for a literal.
    """

    scope: str
    get: bool = True
    post: bool = False
    kwargs: dict[str, str] = field(default_factory=dict)


def _company(**kwargs: str) -> dict[str, str]:
    return {"company_id": "company", **kwargs}


ROUTES: dict[str, Route] = {
    "healthz": Route(PUBLIC),
    "set_language": Route(PUBLIC, get=False, post=True),
    # accounts
    "accounts:login": Route(PUBLIC, post=True),
    "accounts:logout": Route(USER, get=False, post=True),
    "accounts:password_reset": Route(PUBLIC, post=True),
    "accounts:password_reset_done": Route(PUBLIC),
    "accounts:password_reset_confirm": Route(
        TOKEN, post=True, kwargs={"uidb64": "reset_uid", "token": "reset_token"}
    ),
    "accounts:password_reset_complete": Route(PUBLIC),
    "accounts:password_change": Route(USER, post=True),
    "accounts:password_change_done": Route(USER),
    "accounts:invitation_accept": Route(TOKEN, post=True, kwargs={"token": "invitation_token"}),
    "signatories:team": Route(COMPANY, post=True, kwargs=_company()),
    "signatories:invitation_revoke": Route(
        COMPANY, get=False, post=True, kwargs=_company(invitation_id="invitation")
    ),
    # signatories
    "signatories:signatory_list": Route(PUBLIC, post=True),
    "signatories:application_create": Route(PUBLIC, post=True),
    "signatories:application_done": Route(PUBLIC, post=True),
    "signatories:application_list": Route(COMMITTEE, post=True),
    "signatories:application_detail": Route(COMMITTEE, post=True, kwargs={"pk": "application"}),
    "signatories:application_accept": Route(
        COMMITTEE, get=False, post=True, kwargs={"pk": "application"}
    ),
    "signatories:application_refuse": Route(
        COMMITTEE, get=False, post=True, kwargs={"pk": "application"}
    ),
    "signatories:name_change_list": Route(COMMITTEE),
    "signatories:name_change_accept": Route(COMMITTEE, get=False, post=True, kwargs=_company()),
    "signatories:name_change_refuse": Route(COMMITTEE, get=False, post=True, kwargs=_company()),
    # charter
    "charter:home": Route(PUBLIC, post=True),
    "charter:axis_detail": Route(PUBLIC, post=True, kwargs={"number": "axis"}),
    # followup: the company space
    "followup:space": Route(USER, post=True),
    "followup:company_detail": Route(COMPANY, post=True, kwargs=_company()),
    "followup:company_edit": Route(COMPANY, post=True, kwargs=_company()),
    "followup:site_create": Route(COMPANY, post=True, kwargs=_company()),
    "followup:site_edit": Route(COMPANY, post=True, kwargs=_company(site_id="site")),
    "followup:site_delete": Route(COMPANY, get=False, post=True, kwargs=_company(site_id="site")),
    "followup:certification_create": Route(COMPANY, post=True, kwargs=_company()),
    "followup:certification_edit": Route(
        COMPANY, post=True, kwargs=_company(certification_id="certification")
    ),
    "followup:commitments_edit": Route(COMPANY, post=True, kwargs=_company()),
    "followup:report_edit": Route(COMPANY, post=True, kwargs=_company(campaign_id="campaign")),
    "followup:report_answer": Route(COMPANY, post=True, kwargs=_company(campaign_id="campaign")),
    "results:company_score": Route(COMPANY, kwargs=_company()),
    "documents:company_documents": Route(COMPANY, kwargs=_company()),
    "documents:company_document_request": Route(
        COMPANY, get=False, post=True, kwargs=_company(kind="=fiche")
    ),
    "followup:evidence_download": Route(COMPANY, post=True, kwargs={"evidence_id": "evidence"}),
    "followup:evidence_remove": Route(
        COMPANY, get=False, post=True, kwargs={"evidence_id": "evidence"}
    ),
    "documents:document_detail": Route(COMPANY, kwargs={"document_id": "document"}),
    "documents:document_retry": Route(
        COMPANY, get=False, post=True, kwargs={"document_id": "document"}
    ),
    "documents:document_download": Route(COMPANY, kwargs={"document_id": "document"}),
    # followup: a signatory's space
    "followup:signatory_detail": Route(SIGNATORY, post=True, kwargs={"signatory_id": "signatory"}),
    "followup:signatory_report_edit": Route(
        SIGNATORY, post=True, kwargs={"signatory_id": "signatory", "campaign_id": "campaign"}
    ),
    "followup:signatory_report_answer": Route(
        SIGNATORY, post=True, kwargs={"signatory_id": "signatory", "campaign_id": "campaign"}
    ),
    # followup: the committee
    "followup:dashboard": Route(COMMITTEE),
    "followup:dashboard_export": Route(COMMITTEE, kwargs={"fmt": "=csv"}),
    "followup:company_follow_up": Route(COMMITTEE, kwargs=_company()),
    "followup:measure_detail": Route(COMMITTEE, kwargs={"measure_id": "measure"}),
    "followup:measure_export": Route(COMMITTEE, kwargs={"measure_id": "measure", "fmt": "=csv"}),
    "followup:certification_watch": Route(COMMITTEE),
    "followup:certification_export": Route(COMMITTEE, kwargs={"fmt": "=csv"}),
    "followup:review_queue": Route(COMMITTEE),
    "followup:report_review": Route(COMMITTEE, kwargs={"report_id": "report"}),
    "followup:report_history": Route(COMMITTEE, kwargs={"report_id": "report"}),
    "followup:report_validate": Route(
        COMMITTEE, get=False, post=True, kwargs={"report_id": "report"}
    ),
    "followup:report_return": Route(
        COMMITTEE, get=False, post=True, kwargs={"report_id": "report"}
    ),
    "followup:review_comment_create": Route(
        COMMITTEE, get=False, post=True, kwargs={"report_id": "report"}
    ),
    "results:barometer": Route(COMMITTEE),
    "results:barometer_export": Route(COMMITTEE, kwargs={"fmt": "=csv"}),
    "results:barometer_publish": Route(COMMITTEE, post=True),
    "results:palmares": Route(COMMITTEE),
    "results:palmares_export": Route(COMMITTEE, kwargs={"fmt": "=csv"}),
    "results:palmares_publish": Route(COMMITTEE, post=True),
    "results:publication_list": Route(COMMITTEE),
    "results:publication_withdraw": Route(
        COMMITTEE, post=True, kwargs={"publication_id": "palmares_publication"}
    ),
    "results:palmares_mismatches": Route(COMMITTEE),
    "followup:applicability_claims": Route(COMMITTEE),
    "followup:applicability_claim_accept": Route(
        COMMITTEE, get=False, post=True, kwargs={"commitment_id": "claim"}
    ),
    "followup:applicability_claim_refuse": Route(
        COMMITTEE, get=False, post=True, kwargs={"commitment_id": "claim"}
    ),
    "documents:document_list": Route(COMMITTEE),
    "documents:campaign_report_request": Route(
        COMMITTEE, get=False, post=True, kwargs={"campaign_id": "campaign"}
    ),
    # followup: published results
    "results:barometer_public": Route(PUBLIC),
    "results:barometer_open_data": Route(
        PUBLIC, kwargs={"publication_id": "barometer_publication", "fmt": "=json"}
    ),
    "results:palmares_public": Route(PUBLIC),
    "results:method_public": Route(PUBLIC),
    "results:palmares_open_data": Route(
        PUBLIC, kwargs={"publication_id": "palmares_publication", "fmt": "=json"}
    ),
}

# The role that may use each scope's URLs, and whose objects fill them.
ACTOR = {
    PUBLIC: ("anonymous", "a"),
    TOKEN: ("anonymous", "a"),
    USER: ("contributor_a", "a"),
    COMPANY: ("contributor_a", "a"),
    SIGNATORY: ("representative", "s1"),
    COMMITTEE: ("committee", "a"),
}

# --- The resolver ----------------------------------------------------------------------------


@dataclass(frozen=True)
class Pattern:
    name: str  # namespaced, as reverse() takes it
    route: str  # the pattern's text, prefixes included
    converters: dict[str, str]  # keyword parameter -> converter ("int", "str", "path"...)
    positional: int  # unnamed groups of a regular expression
    callback: Callable
    in_admin: bool


def _converter_name(converter) -> str:
    return type(converter).__name__.removesuffix("Converter").lower()


def _walk(entries, prefix: str, namespace: str, in_admin: bool) -> Iterator[Pattern]:
    for entry in entries:
        if isinstance(entry, URLResolver):
            inner = namespace
            if entry.namespace:
                inner = f"{namespace}:{entry.namespace}" if namespace else entry.namespace
            yield from _walk(
                entry.url_patterns,
                prefix + str(entry.pattern),
                inner,
                in_admin or entry.app_name == "admin",
            )
        elif isinstance(entry, URLPattern):
            pattern = entry.pattern
            converters = {
                k: _converter_name(c) for k, c in getattr(pattern, "converters", {}).items()
            }
            regex = pattern.regex
            converters.update({k: "regex" for k in regex.groupindex if k not in converters})
            name = f"{namespace}:{entry.name}" if namespace else str(entry.name)
            yield Pattern(
                name=name,
                route=prefix + str(pattern),
                converters=converters,
                positional=regex.groups - len(regex.groupindex),
                callback=entry.callback,
                in_admin=in_admin,
            )


def site_patterns() -> list[Pattern]:
    """Every URL pattern the resolver knows, the admin's included."""
    return list(_walk(get_resolver().url_patterns, "/", "", False))


def public_patterns() -> list[Pattern]:
    """The patterns outside the Django admin: the site's own pages."""
    return [p for p in site_patterns() if not p.in_admin]


# --- Filling a site URL ----------------------------------------------------------------------


def fill(route: Route, world: World, owner: str, **override: object) -> dict[str, object]:
    """The URL's parameters, from ``owner``'s objects (or shared ones), then ``override``."""
    values = {}
    for name, kind in route.kwargs.items():
        values[name] = kind[1:] if kind.startswith("=") else world.value(kind, owner)
    values.update(override)
    return values


def url(name: str, world: World, owner: str, **override: object) -> str:
    return reverse(name, kwargs=fill(ROUTES[name], world, owner, **override) or None)


# --- Filling an admin URL --------------------------------------------------------------------

# The admin's catch-all pattern answers anything its other patterns do not (a redirect to
# the login page, or a 404): it serves no page of its own.
ADMIN_WITHOUT_PAGE = {"admin:None"}


def _model_admin(callback) -> admin.ModelAdmin | None:
    """The ModelAdmin behind an admin view: Django marks its wrappers with ``model_admin``;
    other views (such as the history's) are bound methods wrapped by ``admin_view``."""
    seen = callback
    while seen is not None:
        if isinstance(getattr(seen, "model_admin", None), admin.ModelAdmin):
            return seen.model_admin
        if isinstance(getattr(seen, "__self__", None), admin.ModelAdmin):
            return seen.__self__
        seen = getattr(seen, "__wrapped__", None)
    return None


def admin_urls(pattern: Pattern) -> list[str] | None:
    """URLs that try ``pattern`` on existing objects ([] when its model has no object yet),
    or None when the pattern's parameters are unknown here: a new kind of admin URL must be
    taught to this function."""
    if pattern.name in ADMIN_WITHOUT_PAGE:
        return []
    params = set(pattern.converters)
    if not params and not pattern.positional:
        return [reverse(pattern.name)]
    if params == {"app_label"}:
        labels = sorted({model._meta.app_label for model in admin.site._registry})
        return [reverse(pattern.name, kwargs={"app_label": label}) for label in labels]
    if params == {"content_type_id", "object_id"}:
        company = Company.objects.order_by("pk").first()
        kind = ContentType.objects.get_for_model(Company)
        return [reverse(pattern.name, args=[kind.pk, company.pk])]
    model_admin = _model_admin(pattern.callback)
    if model_admin is None:
        return None
    first = model_admin.model._default_manager.order_by("pk").first()
    if params in ({"object_id"}, {"id"}) and not pattern.positional:
        return [reverse(pattern.name, args=[first.pk])] if first else []
    model = model_admin.model
    if not params and pattern.positional == 2 and hasattr(model, "history"):
        own_id = {model._meta.pk.attname: first.pk} if first else None
        record = model.history.filter(**own_id).first() if first else None
        return [reverse(pattern.name, args=[first.pk, record.history_id])] if record else []
    return None
