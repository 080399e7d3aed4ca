"""Every URL pattern of the site, read from the resolver, and the URLs the security tests
try: the rows of the permission table (permissions.py) filled with objects of the test world
(world.py), and the admin's patterns, filled from the model each one serves (``admin_urls``).
"""

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from functools import cache
from urllib.parse import urlencode

from django.contrib import admin
from django.contrib.contenttypes.models import ContentType
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from signatories.models import Company

from .permissions import TABLE, Of, Row, owner_of
from .world import World

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


@cache
def full_names() -> dict[str, str]:
    """The namespaced name of each of the site's own patterns, by name without namespace."""
    names = {}
    for pattern in public_patterns():
        names.setdefault(pattern.name.rsplit(":", 1)[-1], []).append(pattern.name)
    return {bare: full[0] if len(full) == 1 else full for bare, full in names.items()}


# --- Filling a site URL ----------------------------------------------------------------------


def value(world: World, of: object, owner: str) -> object:
    """``of`` as typed, or the world's ``Of(kind)``."""
    return world.value(of.kind, owner) if isinstance(of, Of) else of


def fill(row: Row, world: World, owner: str, **override: object) -> dict[str, object]:
    """The URL's parameters, from ``owner``'s objects (or shared ones), then ``override``."""
    values = {}
    for name, kind in row.kwargs.items():
        values[name] = kind[1:] if kind.startswith("=") else world.value(kind, owner)
    values.update(override)
    return values


def path(name: str, row: Row, world: World, owner: str | None = None, **override) -> str:
    """The path of ``row`` (the row of the URL ``name``, or one of its cases), query string
    included."""
    who = owner or owner_of(row)
    where = at(name, **fill(row, world, who, **override))
    query = {key: value(world, of, who) for key, of in row.query.items()}
    return f"{where}?{urlencode(query)}" if query else where


def url(name: str, world: World, owner: str | None = None, **override: object) -> str:
    """The path of the row ``name`` (no query string), with ``owner``'s objects."""
    row = TABLE[name]
    return at(name, **fill(row, world, owner or owner_of(row), **override))


def at(name: str, **kwargs: object) -> str:
    """The path of the URL ``name`` (without namespace) with these parameters."""
    return reverse(full_names()[name], kwargs=kwargs or None)


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
