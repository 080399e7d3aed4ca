"""Every object URL, tried by someone who may not read the object: enumerated ids of other
companies' and signatories' objects, ids that do not exist, and mixes of one's own ids with
someone else's.

The answer never depends on whether the object exists: a company or signatory URL answers
404 (405 where the view does not take the method), a committee URL 403 for everyone
outside the committee, a public URL 404 for an unknown id. No response carries the other
side's data, and no request, GET or POST, changes anything.

Admin URLs are left out: the admin lets in staff only, who may read everything; anyone
else gets the admin's login page before any object is looked up (tests/test_admin.py).
"""

import pytest
from django.conf import settings
from django.db.models import Max, Q
from django.urls import reverse

from accounts.models import Invitation
from charter.models import Axis, Measure
from documents.models import Document
from followup.models import Campaign, Evidence, Report
from relations.models import Relation
from results.models import Publication
from signatories.models import AdhesionApplication, Certification, Company, Signatory, Site

from .helpers import body, changes, database_state, logged_in
from .permissions import COMMITTEE, PUBLIC, TABLE, Row
from .resolver import at, fill, url
from .world import OWNED_KINDS, World

pytestmark = pytest.mark.django_db

# The models whose ids each kind of URL parameter takes.
MODELS = {
    "company": Company,
    "site": Site,
    "certification": Certification,
    "invitation": Invitation,
    "evidence": Evidence,
    "document": Document,
    "report": Report,
    "signatory": Signatory,
    # Any signatory, on the pages that every signatory has alike (its scorecard).
    "any_signatory": Signatory,
    "campaign": Campaign,
    "measure": Measure,
    "application": AdhesionApplication,
    "barometer_publication": Publication,
    "palmares_publication": Publication,
    "relation": Relation,
    "outside_relation": Relation,
}

# Ids no row has: the first one free is added per model. 2**31 overflows a 32-bit integer
# column, 2**63 a 64-bit one (the ids).
MISSING = (0, 2**31, 2**63)

# What a POST carries: a plausible answer to every form of the site.
POST_DATA = {
    "name": "Site pirate",
    "city": "Nulle part",
    "country": "FR",
    "seats": "1",
    "headcount": "1",
    "legal_name": "Pirate SAS",
    "kind": "outsourcer",
    "federation": "none",
    "email": "pirate@example.org",
    "language": "fr",
    "action": "save",
    "version": "3",
    "text": "Commentaire pirate",
    "reason": "Raison pirate",
    "message": "Message pirate",
    "campagne": "1",
}

# Who tries, and the owner of the objects that role may read.
ATTACKERS = {"contributor_a": "a", "representative": "s1"}


def readable(user) -> dict[str, set]:
    """The ids of each owned kind ``user`` may read as a contributor or representative."""
    companies = set(Company.objects.filter(memberships__user=user).values_list("pk", flat=True))
    signatories = set(
        Signatory.objects.filter(representatives__user=user).values_list("pk", flat=True)
    )
    either = Q(company__in=companies) | Q(signatory__in=signatories)
    relations = {
        pk
        for company in Company.objects.filter(pk__in=companies)
        for pk in Relation.objects.involving(company).values_list("pk", flat=True)
    }
    return {
        "company": companies,
        "signatory": signatories,
        "site": set(Site.objects.filter(company__in=companies).values_list("pk", flat=True)),
        "certification": set(
            Certification.objects.filter(company__in=companies).values_list("pk", flat=True)
        ),
        "invitation": set(
            Invitation.objects.filter(company__in=companies).values_list("pk", flat=True)
        ),
        "document": set(
            Document.objects.filter(company__in=companies).values_list("pk", flat=True)
        ),
        "evidence": set(Evidence.objects.filter(either).values_list("pk", flat=True)),
        "report": set(Report.objects.filter(either).values_list("pk", flat=True)),
        "relation": relations,
        "outside_relation": relations,
    }


def forbidden_ids(kind: str, allowed: dict[str, set], world: World) -> list[int]:
    """Ids of ``kind`` that must be refused: for owned kinds, every existing id the user
    may not read (the enumeration); for the rest, ids that name nothing the URL shows."""
    if kind == "axis":
        top = Axis.objects.aggregate(top=Max("number"))["top"]
        return [top + 1, *MISSING]
    model = MODELS[kind]
    ids = list(model.objects.values_list("pk", flat=True))
    missing = [max(ids, default=0) + 1, *MISSING]
    if kind in OWNED_KINDS:
        return sorted(set(ids) - allowed[kind]) + missing
    if kind == "campaign":  # a draft campaign is hidden from companies
        return [world.objects["draft_campaign"].pk, *missing]
    if kind.endswith("_publication"):  # the other kind of publication
        wanted = kind.removesuffix("_publication")
        return [*model.objects.exclude(kind=wanted).values_list("pk", flat=True), *missing]
    return missing


def attempts(
    route: Row, world: World, owner: str, allowed: dict[str, set], *, sample: bool = False
):
    """Parameter sets that each name at least one object the user may not reach: the
    user's own parameters with one replaced by each forbidden id, and every parameter from
    someone else's objects. Where the refusal comes before any lookup (committee URLs, or
    ``sample`` for an anonymous visitor), an existing and a missing id are enough."""
    ids = {name: kind for name, kind in route.kwargs.items() if kind in MODELS or kind == "axis"}
    if not ids:
        return  # no parameter names an object by id (links carry random tokens)
    own = fill(route, world, _first_owner(route, world, owner))
    for name, kind in ids.items():
        forbidden = forbidden_ids(kind, allowed, world)
        if sample or route.scope == COMMITTEE:
            forbidden = [forbidden[0], forbidden[-1]]
        for forbidden_id in forbidden:
            yield {**own, name: forbidden_id}
    if not any(kind in OWNED_KINDS for kind in ids.values()):
        return
    for other in world.ids:
        if other != owner and all(
            kind not in OWNED_KINDS or kind in world.ids[other] for kind in ids.values()
        ):
            yield fill(route, world, other)


def _first_owner(route: Row, world: World, owner: str) -> str:
    """``owner`` when it has every object the route names, else the first owner that has."""
    for candidate in (owner, *world.ids):
        if all(k not in OWNED_KINDS or k in world.ids[candidate] for k in route.kwargs.values()):
            return candidate
    raise AssertionError(f"no owner has every object of {route}")


def expected(route: Row, method: str) -> int:
    if route.scope == COMMITTEE:
        return 403
    taken = route.get if method == "get" else route.post
    return 405 if taken is None else 404


@pytest.mark.parametrize("attacker", ATTACKERS)
@pytest.mark.parametrize("method", ["get", "post"])
def test_someone_elses_or_unknown_ids_get_the_same_refusal_and_no_data(
    world, roles, attacker, method
):
    """As a company contributor (or a signatory's representative), every URL that names
    an object answers the same refusal for someone else's object and for one that does not
    exist, shows none of the other side's data, and changes nothing."""
    owner = ATTACKERS[attacker]
    user = roles[attacker]
    client = logged_in(user)
    allowed = readable(user)
    hidden = world.not_theirs(owner)
    before = database_state()
    wrong, leaks, tried = {}, {}, 0
    for name, route in TABLE.items():
        for kwargs in attempts(route, world, owner, allowed):
            path = at(name, **kwargs)
            response = getattr(client, method)(path, POST_DATA if method == "post" else {})
            tried += 1
            want = expected(route, method)
            if response.status_code != want:
                wrong.setdefault(name, []).append((kwargs, response.status_code, want))
            seen = [text for text in hidden if text in body(response)]
            if seen:
                leaks[path] = seen
    assert not wrong, f"{method.upper()} as {attacker}: (parameters, got, expected) {wrong}"
    assert not leaks, f"{method.upper()} as {attacker}: other people's data shown {leaks}"
    assert not changes(before, database_state())
    assert tried > 100  # the enumeration did run


@pytest.mark.parametrize("method", ["get", "post"])
def test_an_anonymous_visitor_gets_the_same_answer_whatever_the_id(world, client, method):
    """Anonymous: every URL that names an object and is not public answers alike for
    every id, existing or not (the login page, or 405 where the method is refused first),
    shows no one's data, and changes nothing."""
    nothing = {kind: set() for kind in OWNED_KINDS}
    hidden = world.not_theirs(None)
    login = reverse(settings.LOGIN_URL)
    before = database_state()
    wrong = {}
    for name, route in TABLE.items():
        if route.scope == PUBLIC:
            continue
        answers = set()
        for kwargs in attempts(route, world, "a", nothing, sample=True):
            data = POST_DATA if method == "post" else {}
            response = getattr(client, method)(at(name, **kwargs), data)
            location = response.get("Location", "").split("?")[0]
            answers.add((response.status_code, location))
            assert not [text for text in hidden if text in body(response)], name
        if answers and answers not in ({(302, login)}, {(405, "")}):
            wrong[name] = answers
    assert not wrong
    assert not changes(before, database_state())


def test_the_enumeration_tries_every_object_url(world, roles):
    """Each URL that names an object gets attempts, including every other company's site
    (the enumeration is not an empty loop)."""
    allowed = readable(roles["contributor_a"])
    for name, route in TABLE.items():
        has_ids = any(kind in MODELS or kind == "axis" for kind in route.kwargs.values())
        assert bool(list(attempts(route, world, "a", allowed))) == has_ids, name
    sites = [
        kwargs["site_id"]
        for kwargs in attempts(TABLE["site_edit"], world, "a", allowed)
        if kwargs["company_id"] == world.ids["a"]["company"]
    ]
    assert world.ids["b"]["site"] in sites and world.ids["a"]["site"] not in sites


@pytest.mark.parametrize("method", ["get", "post"])
def test_unknown_ids_on_public_urls_are_not_found(world, client, method):
    """Public URLs that name an object (an axis, a publication) answer 404 for an id that
    names nothing, or a publication of the other kind, whatever its size."""
    wrong = {}
    for name, route in TABLE.items():
        if route.scope != PUBLIC or not route.kwargs:
            continue
        for kwargs in attempts(route, world, "a", {}):
            response = getattr(client, method)(at(name, **kwargs))
            if response.status_code != expected(route, method):
                wrong[at(name, **kwargs)] = response.status_code
    assert not wrong


def test_id_zero_names_no_site_and_no_certification(world, clients):
    """``.../sites/0/`` and ``.../certifications/0/`` are unknown ids like any other (404):
    they are not the forms for a new site or certification, and a POST creates nothing."""
    client = clients["contributor_a"]
    before = database_state()
    for name, param in (
        ("site_edit", "site_id"),
        ("certification_edit", "certification_id"),
    ):
        path = url(name, world, "a", **{param: 0})
        assert client.get(path).status_code == 404
        assert client.post(path, POST_DATA).status_code == 404
    assert not changes(before, database_state())


def test_the_hidden_texts_are_shown_to_their_own_readers(world, clients):
    """The words the cross-company test looks for are really on B's pages for B's
    contributor, so that their absence elsewhere means something."""
    b = "b"
    pages = "".join(
        body(clients["contributor_b"].get(url(name, world, b)))
        for name in ("company_detail", "report_edit", "team")
    )
    assert "Site confidentiel Bêta" in pages
    assert "Commentaire confidentiel de Bêta" in pages
    assert "invitation.beta@example.org" in pages
    assert any(figure in pages for figure in world.secrets["b"] if figure[0].isdigit())
