"""Reading every page of the site as every role, for the read-only and escaping tests."""

from dataclasses import dataclass, field

from django.urls import reverse

from .helpers import body, changes, database_state, is_html
from .routes import ROUTES, admin_urls, fill, site_patterns
from .world import LABELS, RAW_MARKERS, World, escaped

# Whose objects fill the URLs each role reads: its own where it has some.
OWNER_OF = {
    "anonymous": "a",
    "contributor_a": "a",
    "contributor_b": "b",
    "representative": "s1",
    "committee": "a",
    "admin": "a",
}


def _owner_for(route, world: World, role: str) -> str:
    """The role's own objects, else company A's (or SP2C's for a signatory's URL)."""
    kinds = [k for k in route.kwargs.values() if k not in world.shared and not k.startswith("=")]
    for owner in (OWNER_OF[role], "a", "s1"):
        if all(kind in world.ids[owner] for kind in kinds):
            return owner
    raise AssertionError(f"no owner for {route}")


def site_paths(world: World, role: str) -> list[str]:
    """Every URL of the site that answers GET, filled for ``role``."""
    return [
        reverse(name, kwargs=fill(route, world, _owner_for(route, world, role)) or None)
        for name, route in ROUTES.items()
        if route.get
    ]


def admin_paths() -> list[str]:
    """Every admin URL, filled with existing objects."""
    return [path for p in site_patterns() if p.in_admin for path in admin_urls(p) or []]


@dataclass
class Reading:
    """What reading every page as every role gave."""

    changed: dict[str, dict] = field(default_factory=dict)  # path -> tables changed
    raw: dict[str, list] = field(default_factory=dict)  # path -> payloads printed raw
    escaped_seen: dict[str, list] = field(default_factory=dict)  # label -> paths
    untyped: dict[str, str] = field(default_factory=dict)  # path -> what is wrong
    pages: int = 0

    @property
    def labels_never_shown(self) -> list[str]:
        return [label for label in LABELS if label not in self.escaped_seen]


def read_every_page(clients: dict, paths: dict[str, list[str]]) -> Reading:
    """GET ``paths[role]`` as each role and record what changed in the database (per role,
    then per request for a role whose reading changed something), the payloads a page
    printed raw or escaped, and responses without the headers that say what they are."""
    reading = Reading()
    for role, client in clients.items():
        before = database_state()
        for path in paths.get(role, []):
            _inspect(reading, role, path, client.get(path))
        if changes(before, database_state()):
            for path in paths[role]:  # find the requests that write
                start = database_state()
                client.get(path)
                if changed := changes(start, database_state()):
                    reading.changed[f"{role} GET {path}"] = changed
    return reading


def _inspect(reading: Reading, role: str, path: str, response) -> None:
    reading.pages += 1
    where = f"{role} GET {path}"
    if response.get("X-Content-Type-Options") != "nosniff":
        reading.untyped[where] = "no X-Content-Type-Options: nosniff"
    if not is_html(response):
        if not response.get("Content-Type"):
            reading.untyped[where] = "no Content-Type"
        return
    text = body(response)
    if found := [marker for marker in RAW_MARKERS if marker in text]:
        reading.raw[where] = found
    for label in LABELS:
        if escaped(label) in text:
            reading.escaped_seen.setdefault(label, []).append(where)
