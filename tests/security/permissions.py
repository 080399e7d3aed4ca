"""The permission table: every URL of the site, and what each role gets from it, GET and POST.

One row per URL, by the URL's name without its namespace (the namespace follows the app the
view lives in; the name and the path stay). The resolver is walked by test_permissions.py:
a URL without a row fails there, so a new URL cannot be added without saying who may use it.
The other security tests (CSRF, cross-company, odd input, escaping, HTML validity) try the
URLs of this table too.

The roles (people made by world.py; their objects fill the URLs):

    anonymous        nobody logged in
    contributor_a    reports for company A, whose objects fill company URLs
    contributor_b    reports for company B: another company
    representative   reports for SP2C, whose objects fill signatory URLs
    committee        a member of the follow-up committee
    admin            an administrator made a committee member, as the committee's are
    staff            may sign in to the admin, without any permission there: no member
    superuser        every permission of the admin, but no member

What each role gets, by the URL's scope, where ``ok`` is the row's ``get`` or ``post``:

    scope      anonymous  contributor_a  representative  committee, admin  the others
    PUBLIC     ok         ok             ok              ok                ok
    USER       login      ok             ok              ok                ok
    TOKEN      ok         403            403             403               403
    COMPANY    login      ok             404             ok (GET), 403     404
    SIGNATORY  login      404            ok              ok (GET), 403     404
    COMMITTEE  login      403            403             ok                403

"login" is a redirect to the login page. Outsiders get 404 so that nothing says whether an
object exists; a company's or signatory's reader who may not write gets 403 (the committee
reads every company's data, and writes none of it unless ``committee`` says otherwise).
A method the view does not take (``get`` or ``post`` is None) answers 405 to everyone past
the login; on a committee URL, to the committee only (the others get their 403 first).
``but`` sets the outcome of a few roles by hand.

Every row is also tried with an id that names nothing (one per parameter that takes an id):
whoever reaches the URL then gets 404, and whoever is refused gets the same refusal.
``also`` lists other cases of the same URL: another object, another format, another state
of the data (world.STATES), other form data.
"""

from dataclasses import dataclass, field, replace
from typing import NamedTuple

# The practices of measures 3.2 to 3.5 an attestation answers (followup.Attestation).
PRACTICES = ("contributes_costs", "minimum_billing", "prices_follow_costs", "retro_discounts")

LOGIN = "login"
Outcome = int | str
REFUSALS = (LOGIN, 403, 404, 405)

ROLES = (
    "anonymous",
    "contributor_a",
    "contributor_b",
    "representative",
    "committee",
    "admin",
    "staff",
    "superuser",
)
LOGGED_IN = ROLES[1:]
MEMBERS = ("committee", "admin")

PUBLIC = "public"  # anyone, logged in or not
USER = "user"  # any logged-in person, about their own account or space
TOKEN = "token"  # whoever holds an e-mailed link, not logged in
COMPANY = "company"  # the company's contributors; the committee reads
SIGNATORY = "signatory"  # the signatory's representatives; the committee reads
COMMITTEE = "committee"  # committee members only

# The role that may use a scope's URLs, and whose objects fill them (world.py).
ACTOR = {
    PUBLIC: ("anonymous", "a"),
    TOKEN: ("anonymous", "a"),
    USER: ("contributor_a", "a"),
    COMPANY: ("contributor_a", "a"),
    SIGNATORY: ("representative", "s1"),
    COMMITTEE: ("committee", "a"),
}
# Whose objects each role reads as its own (world.py).
OWNER = {"contributor_a": "a", "contributor_b": "b", "representative": "s1"}

# Form data that says "confirmed" to a publishing form: the preview's own fields, read from
# the page the committee confirms (test_permissions.py reads it).
CONFIRMED = "confirmed"


@dataclass(frozen=True)
class Of:
    """A value of the world (world.py) in a query string or form data: ``Of("measure")``."""

    kind: str


@dataclass(frozen=True)
class Row:
    """How a URL answers each role; see the module's docstring.

    ``kwargs``: each parameter of the URL and the kind of world object that fills it (see
    ``World.value``), or ``=text`` for a literal; ``owner``: whose objects, by default the
    scope's (``ACTOR``). ``query`` and ``data``: the query string and the POST's form data,
    values as typed or ``Of(kind)``. ``state``: a state of the world set first
    (world.STATES). ``never_cache``: a public page that tells caches not to keep it, read
    anonymously too (Django's never_cache). ``shows_no_company``: no response names a
    company. ``refusal_shows``: texts of someone else's that a refusal shows all the same
    (world.LABELS).
    """

    scope: str
    get: Outcome | None
    post: Outcome | None
    committee: tuple[Outcome | None, Outcome | None] | None = None
    but: dict[str, dict[str, Outcome]] = field(default_factory=dict)
    kwargs: dict[str, str] = field(default_factory=dict)
    owner: str = ""
    query: dict[str, object] = field(default_factory=dict)
    data: dict[str, object] | str | None = None
    state: str = ""
    never_cache: bool = False
    shows_no_company: bool = False
    refusal_shows: tuple[str, ...] = ()
    also: tuple["Case", ...] = ()

    def outcome(self, method: str, role: str) -> Outcome:
        """What ``role`` gets from this URL with ``method`` ("GET" or "POST")."""
        if role in self.but.get(method, {}):
            return self.but[method][role]
        ok = self.get if method == "GET" else self.post
        if role == "anonymous":
            if self.scope in (PUBLIC, TOKEN):
                return 405 if ok is None else ok
            return LOGIN
        if self.scope == COMMITTEE and role not in MEMBERS:
            return 403
        if ok is None:
            return 405
        if self.scope in (PUBLIC, USER):
            return ok
        if self.scope == TOKEN:
            return 403
        if self.scope == COMMITTEE:
            return ok
        reader = "contributor_a" if self.scope == COMPANY else "representative"
        if role == reader:
            return ok
        if role in MEMBERS:
            committee = self.committee or (self.get, 403)
            return committee[0 if method == "GET" else 1]
        return 404


@dataclass(frozen=True)
class Case:
    """Another case of a row: what differs from it (``changes``: any field of Row)."""

    label: str
    changes: dict[str, object]

    def of(self, row: Row) -> Row:
        return replace(row, **self.changes)


def case(label: str, **changes) -> Case:
    return Case(label, changes)


def _company(**kwargs: str) -> dict[str, str]:
    return {"company_id": "company", **kwargs}


# What the publishing forms post: the campaign and the palmarès method's version. It is
# sent to every URL whose row gives no data of its own.
DATA = {"campagne": Of("closed_campaign"), "methode": 1}

CLOSED = {"campagne": Of("closed_campaign")}
EVERYONE_LOGGED_IN = dict.fromkeys(LOGGED_IN, 302)
# A company's forms, for the company's contributors only: the committee reads the
# company's pages and exports but never writes.
COMPANY_ONLY = (403, 403)

TABLE: dict[str, Row] = {
    # --- the site
    "healthz": Row(PUBLIC, get=200, post=None, never_cache=True),
    "set_language": Row(PUBLIC, get=None, post=302),
    # --- accounts
    "login": Row(
        PUBLIC,
        get=200,
        post=200,
        but={"GET": EVERYONE_LOGGED_IN, "POST": EVERYONE_LOGGED_IN},
        never_cache=True,
    ),
    # Logging out asks for no login: anyone may post it.
    "logout": Row(
        USER, get=None, post=302, but={"GET": {"anonymous": 405}, "POST": {"anonymous": 302}}
    ),
    "password_reset": Row(PUBLIC, get=200, post=302, data={"email": "a@example.org"}),
    "password_reset_done": Row(PUBLIC, get=200, post=None),
    # A link whose token is wrong (or was used): the page that says so, to everyone.
    "password_reset_confirm": Row(
        PUBLIC,
        get=200,
        post=200,
        kwargs={"uidb64": "reset_uid", "token": "=wrong-token"},
        never_cache=True,
    ),
    "password_reset_complete": Row(PUBLIC, get=200, post=None),
    "password_change": Row(USER, get=200, post=200),
    "password_change_done": Row(USER, get=200, post=None),
    # Anonymous: the form to create the account; anyone logged in is someone else.
    "invitation_accept": Row(
        TOKEN,
        get=200,
        post=200,
        kwargs={"token": "invitation_token"},
        data={},
        # The page tells whoever holds the link whom it is for.
        refusal_shows=("invitationEmail",),
        also=(
            case("an unknown link", scope=PUBLIC, kwargs={"token": "=unknown"}, get=404, post=404),
        ),
    ),
    "team": Row(
        COMPANY,
        get=200,
        post=302,
        kwargs=_company(),
        data={"email": "colleague@example.org", "language": "fr"},
    ),
    "invitation_revoke": Row(
        COMPANY, get=None, post=302, kwargs=_company(invitation_id="invitation")
    ),
    # --- signatories
    "signatory_list": Row(PUBLIC, get=200, post=200),
    "application_create": Row(PUBLIC, get=200, post=200),
    "application_done": Row(PUBLIC, get=200, post=200),
    "application_list": Row(COMMITTEE, get=200, post=200),
    "application_detail": Row(COMMITTEE, get=200, post=200, kwargs={"pk": "application"}),
    "application_accept": Row(COMMITTEE, get=None, post=302, kwargs={"pk": "application"}),
    "application_refuse": Row(
        COMMITTEE, get=None, post=302, kwargs={"pk": "application"}, data={"reason": "Non."}
    ),
    "name_change_list": Row(COMMITTEE, get=200, post=None),
    "name_change_accept": Row(COMMITTEE, get=None, post=302, kwargs=_company()),
    "name_change_refuse": Row(
        COMMITTEE, get=None, post=302, kwargs=_company(), data={"reason": "Non."}
    ),
    # A file sent shows its dry run; a confirmation without a kept file goes back.
    "import_companies": Row(
        COMMITTEE,
        get=200,
        post=200,
        data={},
        also=(case("confirmation, file not kept", data={"sha256": "0" * 64}, post=302),),
    ),
    "import_certifications": Row(
        COMMITTEE,
        get=200,
        post=200,
        data={},
        also=(case("confirmation, file not kept", data={"sha256": "0" * 64}, post=302),),
    ),
    # --- charter
    "home": Row(PUBLIC, get=200, post=200),
    "axis_detail": Row(
        PUBLIC,
        get=200,
        post=200,
        kwargs={"number": "axis"},
        also=(
            case("axis 3, with its published working paper", kwargs={"number": "=3"}),
            case(
                "axis 5, with the committee's meetings and public decisions",
                kwargs={"number": "=5"},
            ),
        ),
    ),
    # The latest version of a published paper is anyone's; any other, the committee's. A
    # file, never kept by a cache (core.downloads).
    "working_paper_download": Row(
        PUBLIC,
        get=200,
        post=None,
        kwargs={"version_id": "working_paper_version"},
        never_cache=True,
        also=(
            case(
                "an earlier version",
                kwargs={"version_id": "working_paper_old_version"},
                get=404,
                but={"GET": dict.fromkeys(MEMBERS, 200)},
            ),
            case(
                "a paper not published",
                state="the working paper not published",
                get=404,
                but={"GET": dict.fromkeys(MEMBERS, 200)},
            ),
        ),
    ),
    # --- the company space
    # Contributors and representatives are sent to their own company or signatory.
    "space": Row(
        USER,
        get=200,
        post=200,
        but={
            method: dict.fromkeys(("contributor_a", "contributor_b", "representative"), 302)
            for method in ("GET", "POST")
        },
    ),
    "company_detail": Row(COMPANY, get=200, post=200, committee=(200, 200), kwargs=_company()),
    "company_edit": Row(
        COMPANY,
        get=200,
        post=200,
        committee=COMPANY_ONLY,
        kwargs=_company(),
        data={"legal_name": "Pirate"},
    ),
    "site_create": Row(COMPANY, get=200, post=200, committee=COMPANY_ONLY, kwargs=_company()),
    "site_edit": Row(
        COMPANY, get=200, post=200, committee=COMPANY_ONLY, kwargs=_company(site_id="site")
    ),
    "site_delete": Row(COMPANY, get=None, post=302, kwargs=_company(site_id="site")),
    "certification_create": Row(
        COMPANY, get=200, post=200, committee=COMPANY_ONLY, kwargs=_company()
    ),
    "certification_edit": Row(
        COMPANY,
        get=200,
        post=200,
        committee=COMPANY_ONLY,
        kwargs=_company(certification_id="certification"),
    ),
    "commitments_edit": Row(COMPANY, get=200, post=302, committee=COMPANY_ONLY, kwargs=_company()),
    "report_edit": Row(COMPANY, get=200, post=200, kwargs=_company(campaign_id="campaign")),
    # A's contributors have the receipt of its submitted report sent again; the committee
    # sends none. A's report returned (the world as it is) has no receipt: back to it.
    "report_receipt": Row(
        COMPANY,
        get=None,
        post=302,
        committee=(405, 403),
        kwargs=_company(campaign_id="campaign"),
        state="A's report submitted",
        also=(case("A's report returned, without a receipt", state=""),),
    ),
    # A's report was returned: its contributors answer the committee.
    "report_answer": Row(
        COMPANY,
        get=200,
        post=302,
        committee=COMPANY_ONLY,
        kwargs=_company(campaign_id="campaign"),
        data={"message": "Notre réponse"},
        also=(
            case(
                "B's returned report, answered by B",
                owner="b",
                state="B's report returned",
                but={
                    "GET": {"contributor_a": 404, "contributor_b": 200},
                    "POST": {"contributor_a": 404, "contributor_b": 302},
                },
            ),
            case(
                "a report in a campaign still in draft",
                kwargs=_company(campaign_id="draft_campaign"),
                state="a report of A in the draft campaign",
                get=404,
                post=404,
            ),
        ),
    ),
    # --- customer-service numbers: A's complaints line is surcharged
    "number_list": Row(COMPANY, get=200, post=None, kwargs=_company()),
    "number_create": Row(
        COMPANY,
        get=200,
        post=200,
        committee=COMPANY_ONLY,
        kwargs=_company(),
        also=(
            case(
                "a number typed with dots",
                data={"number": "01.23.45.67.89", "purpose": "sales"},
                post=302,
            ),
        ),
    ),
    "number_edit": Row(
        COMPANY,
        get=200,
        post=200,
        committee=COMPANY_ONLY,
        kwargs=_company(number_id="call_number"),
    ),
    "number_remove": Row(COMPANY, get=None, post=302, kwargs=_company(number_id="call_number")),
    # --- client–provider relations: A is the client of B, which declared the relation
    "relation_list": Row(COMPANY, get=200, post=None, kwargs=_company()),
    "relation_create": Row(COMPANY, get=200, post=200, committee=COMPANY_ONLY, kwargs=_company()),
    "relation_answer": Row(
        COMPANY,
        get=200,
        post=302,
        committee=COMPANY_ONLY,
        kwargs=_company(relation_id="relation"),
        data={"answer": "confirm"},
        also=(
            # The other side of the relation, B, declared it: it reads it, answers nothing.
            case(
                "B, which declared it",
                owner="b",
                but={
                    "GET": {"contributor_a": 404, "contributor_b": 200},
                    "POST": {"contributor_a": 404, "contributor_b": 403},
                },
            ),
            # A declared it, with a provider not in the base: it reads it and may invite
            # the provider from it, and answers nothing.
            case(
                "A's provider not in the base",
                kwargs=_company(relation_id="outside_relation"),
                but={"POST": {"contributor_a": 403}},
            ),
        ),
    ),
    # A invites the provider it declared, which is not in the base; the other side of a
    # relation, and the side that declared one with a company in the base, invite no one.
    "relation_invite": Row(
        COMPANY,
        get=None,
        post=302,
        kwargs=_company(relation_id="outside_relation"),
        data={"invite_email": "achats.omega@example.org"},
        also=(
            case(
                "A, the other side of the relation B declared",
                kwargs=_company(relation_id="relation"),
                but={"POST": {"contributor_a": 403}},
            ),
            # The page says why (the other company is in the base); nothing is sent.
            case(
                "B, which declared it, with A in the base",
                owner="b",
                kwargs=_company(relation_id="relation"),
                but={"POST": {"contributor_a": 404, "contributor_b": 200}},
            ),
        ),
    ),
    "attestation_list": Row(COMPANY, get=200, post=None, kwargs=_company(campaign_id="campaign")),
    "attestation_edit": Row(
        COMPANY,
        get=200,
        post=302,
        kwargs=_company(campaign_id="campaign", relation_id="relation"),
        data={**dict.fromkeys(PRACTICES, "yes"), "comment": ""},
        also=(
            # The other side of the relation, B, on its own side (its report is submitted:
            # nothing is saved, and it is told so).
            case(
                "B, the other side, on its own answers",
                owner="b",
                but={
                    "GET": {"contributor_a": 404, "contributor_b": 200},
                    "POST": {"contributor_a": 404, "contributor_b": 302},
                },
            ),
            case(
                "a draft campaign",
                kwargs=_company(campaign_id="draft_campaign", relation_id="relation"),
                get=404,
                post=404,
            ),
        ),
    ),
    "company_score": Row(COMPANY, get=200, post=None, kwargs=_company()),
    "company_documents": Row(COMPANY, get=200, post=None, kwargs=_company()),
    "company_document_request": Row(
        COMPANY,
        get=None,
        post=302,
        committee=(None, 302),
        kwargs=_company(kind="=fiche"),
        also=(case("a certificate", kwargs=_company(kind="=attestation")),),
    ),
    "evidence_download": Row(
        COMPANY,
        get=200,
        post=200,
        committee=(200, 200),
        kwargs={"evidence_id": "evidence"},
        also=(
            case("a certification's file", kwargs={"evidence_id": "certification_evidence"}),
            # The committee still reads a file its company removed.
            case(
                "a removed file",
                state="A's file removed",
                but={"GET": {"contributor_a": 404}, "POST": {"contributor_a": 404}},
            ),
        ),
    ),
    "evidence_remove": Row(COMPANY, get=None, post=302, kwargs={"evidence_id": "evidence"}),
    # A's card; a campaign report is the committee's alone.
    "document_detail": Row(
        COMPANY,
        get=200,
        post=None,
        kwargs={"document_id": "document"},
        also=(
            case(
                "a campaign report",
                kwargs={"document_id": "campaign_document"},
                but={"GET": {"contributor_a": 404}},
            ),
        ),
    ),
    "document_retry": Row(
        COMPANY,
        get=None,
        post=302,
        committee=(None, 302),
        kwargs={"document_id": "document"},
        also=(
            case(
                "a campaign report",
                kwargs={"document_id": "campaign_document"},
                but={"POST": {"contributor_a": 404}},
            ),
        ),
    ),
    "document_download": Row(
        COMPANY,
        get=200,
        post=None,
        kwargs={"document_id": "document"},
        also=(
            case(
                "a campaign report",
                kwargs={"document_id": "campaign_document"},
                but={"GET": {"contributor_a": 404}},
            ),
        ),
    ),
    # --- a signatory's space
    "signatory_detail": Row(
        SIGNATORY, get=200, post=200, committee=(200, 200), kwargs={"signatory_id": "signatory"}
    ),
    "signatory_report_edit": Row(
        SIGNATORY,
        get=200,
        post=200,
        kwargs={"signatory_id": "signatory", "campaign_id": "campaign"},
    ),
    # SP2C's report is a draft: nothing to answer yet, back to the report.
    "signatory_report_answer": Row(
        SIGNATORY,
        get=302,
        post=302,
        committee=(403, 403),
        kwargs={"signatory_id": "signatory", "campaign_id": "campaign"},
        data={"message": "Notre réponse"},
        also=(case("SP2C's report returned", state="SP2C's report returned", get=200),),
    ),
    # --- the committee's own reports, and each signatory's scorecard (the committee's side)
    "committee_detail": Row(COMMITTEE, get=200, post=None),
    # The committee's report of the open campaign is submitted: a member reads it, and a
    # save is refused (back to the page).
    "committee_report_edit": Row(
        COMMITTEE,
        get=200,
        post=302,
        kwargs={"campaign_id": "campaign"},
        also=(
            case(
                "a campaign with no committee report yet",
                kwargs={"campaign_id": "closed_campaign"},
            ),
            case("a draft campaign", kwargs={"campaign_id": "draft_campaign"}, get=404, post=404),
        ),
    ),
    "signatory_scorecard": Row(
        COMMITTEE, get=200, post=None, kwargs={"signatory_id": "any_signatory"}
    ),
    # --- the register of public contracts: the State's representatives (none among the
    # roles: SP2C's representative is another signatory's, and gets 404); the committee reads
    "contract_list": Row(
        SIGNATORY,
        get=200,
        post=None,
        but={"GET": {"representative": 404}},
        kwargs={"signatory_id": "buyer"},
        also=(
            # SP2C awards no public contracts: no register, even to its representative.
            case(
                "SP2C has no register",
                kwargs={"signatory_id": "signatory"},
                but={"GET": {"representative": 404, "committee": 404, "admin": 404}},
            ),
        ),
    ),
    "contract_create": Row(
        SIGNATORY,
        get=200,
        post=200,
        committee=(403, 403),
        but={"GET": {"representative": 404}, "POST": {"representative": 404}},
        kwargs={"signatory_id": "buyer"},
        data={"reference": "", "provider_siren": "123"},
    ),
    "contract_edit": Row(
        SIGNATORY,
        get=200,
        post=200,
        committee=(403, 403),
        but={"GET": {"representative": 404}, "POST": {"representative": 404}},
        kwargs={"signatory_id": "buyer", "contract_id": "contract"},
        data={"reference": "", "provider_siren": "123"},
    ),
    "register": Row(COMMITTEE, get=200, post=None),
    # --- the committee's own work (axis 5): committee members read and write it
    "committee_work": Row(COMMITTEE, get=200, post=None),
    "meeting_create": Row(COMMITTEE, get=200, post=200, data={"held_on": "", "place": ""}),
    "meeting_edit": Row(
        COMMITTEE, get=200, post=200, kwargs={"meeting_id": "meeting"}, data={"held_on": ""}
    ),
    "meeting_minutes": Row(COMMITTEE, get=200, post=None, kwargs={"meeting_id": "meeting"}),
    "decision_create": Row(
        COMMITTEE, get=200, post=200, kwargs={"meeting_id": "meeting"}, data={"text": ""}
    ),
    "decision_edit": Row(
        COMMITTEE, get=200, post=200, kwargs={"decision_id": "decision"}, data={"text": ""}
    ),
    "work_stream_create": Row(COMMITTEE, get=200, post=200, data={"title": ""}),
    "work_stream_edit": Row(
        COMMITTEE, get=200, post=200, kwargs={"stream_id": "work_stream"}, data={"title": ""}
    ),
    # --- the committee: the dashboard
    "dashboard": Row(COMMITTEE, get=200, post=None),
    "dashboard_export": Row(
        COMMITTEE,
        get=200,
        post=None,
        kwargs={"fmt": "=csv"},
        also=(case("xlsx", kwargs={"fmt": "=xlsx"}),),
    ),
    "company_follow_up": Row(COMMITTEE, get=200, post=None, kwargs=_company()),
    "measure_detail": Row(COMMITTEE, get=200, post=None, kwargs={"measure_id": "measure"}),
    "measure_export": Row(
        COMMITTEE, get=200, post=None, kwargs={"measure_id": "measure", "fmt": "=csv"}
    ),
    "certification_watch": Row(COMMITTEE, get=200, post=None),
    "certification_export": Row(
        COMMITTEE,
        get=200,
        post=None,
        kwargs={"fmt": "=csv"},
        also=(case("xlsx", kwargs={"fmt": "=xlsx"}),),
    ),
    # --- the committee: the review
    "review_queue": Row(
        COMMITTEE,
        get=200,
        post=None,
        also=(case("a campaign that is not a number", query={"campagne": "x"}),),
    ),
    "report_review": Row(COMMITTEE, get=200, post=None, kwargs={"report_id": "report"}),
    # Whichever company the report is of, its users are refused alike.
    "report_history": Row(
        COMMITTEE,
        get=200,
        post=None,
        kwargs={"report_id": "report"},
        also=(case("B's report", owner="b"),),
    ),
    "report_validate": Row(COMMITTEE, get=None, post=302, kwargs={"report_id": "report"}),
    "report_return": Row(
        COMMITTEE,
        get=None,
        post=302,
        kwargs={"report_id": "report"},
        data={"reason": "Une raison"},
    ),
    "review_comment_create": Row(
        COMMITTEE,
        get=None,
        post=302,
        kwargs={"report_id": "report"},
        data={"text": "Un commentaire", "measure": Of("measure")},
    ),
    "disagreement_list": Row(COMMITTEE, get=200, post=None),
    "committee_numbers": Row(
        COMMITTEE,
        get=200,
        post=None,
        also=(
            case("flagged numbers only", query={"signales": "on", "usage": "complaints"}),
            case("filters that mean nothing", query={"famille": "x", "page": "x"}),
        ),
    ),
    "relation_review": Row(COMMITTEE, get=200, post=None, kwargs={"relation_id": "relation"}),
    "settlement_create": Row(
        COMMITTEE,
        get=None,
        post=302,
        kwargs={"relation_id": "relation", "campaign_id": "campaign"},
        data={"text": "Réglé après audition des deux parties."},
    ),
    "applicability_claims": Row(COMMITTEE, get=200, post=None),
    "applicability_claim_accept": Row(
        COMMITTEE, get=None, post=302, kwargs={"commitment_id": "claim"}
    ),
    "applicability_claim_refuse": Row(
        COMMITTEE, get=None, post=302, kwargs={"commitment_id": "claim"}, data={"reason": "Non."}
    ),
    # --- the committee: results and documents
    "barometer": Row(
        COMMITTEE,
        get=200,
        post=None,
        also=(
            case("the closed campaign", query=CLOSED),
            case("an unknown campaign", query={"campagne": 999999}, get=404),
        ),
    ),
    "barometer_export": Row(
        COMMITTEE,
        get=200,
        post=None,
        kwargs={"fmt": "=csv"},
        query=CLOSED,
        also=(
            case("xlsx", kwargs={"fmt": "=xlsx"}, query={}),
            case("a format it does not make", kwargs={"fmt": "=pdf"}, get=404),
        ),
    ),
    # The preview of what would be public; posted without the preview's confirmation,
    # the preview again.
    "barometer_publish": Row(
        COMMITTEE,
        get=200,
        post=200,
        query=CLOSED,
        also=(
            case("no campaign chosen", query={}, get=302),
            case("confirmed", data=CONFIRMED, post=302),
            case("an unknown campaign", data={"campagne": 999999}, post=404),
        ),
    ),
    "scorecards_publish": Row(
        COMMITTEE,
        get=200,
        post=200,
        query=CLOSED,
        also=(
            case("confirmed", data=CONFIRMED, post=302),
            case("an unknown campaign", data={"campagne": 999999}, post=404),
        ),
    ),
    "palmares": Row(COMMITTEE, get=200, post=None),
    "palmares_export": Row(
        COMMITTEE,
        get=200,
        post=None,
        kwargs={"fmt": "=csv"},
        also=(case("xlsx", kwargs={"fmt": "=xlsx"}),),
    ),
    "palmares_publish": Row(
        COMMITTEE,
        get=200,
        post=200,
        query={"campagne": Of("closed_campaign"), "methode": 1},
        also=(
            case("no campaign chosen", query={}, get=302),
            case("confirmed", data=CONFIRMED, post=302),
        ),
    ),
    "publication_list": Row(COMMITTEE, get=200, post=None),
    "publication_withdraw": Row(
        COMMITTEE, get=200, post=200, kwargs={"publication_id": "palmares_publication"}
    ),
    "palmares_mismatches": Row(COMMITTEE, get=200, post=None),
    "document_list": Row(COMMITTEE, get=200, post=None),
    "campaign_report_request": Row(
        COMMITTEE, get=None, post=302, kwargs={"campaign_id": "campaign"}
    ),
    # --- published results: they never name a company of the barometer
    "barometer_public": Row(
        PUBLIC,
        get=200,
        post=None,
        shows_no_company=True,
        also=(
            case("a publication", query={"publication": Of("barometer_publication")}),
            case("an unknown publication", query={"publication": 999999}, get=404),
            case("nothing published yet", state="nothing published"),
        ),
    ),
    "barometer_open_data": Row(
        PUBLIC,
        get=200,
        post=None,
        kwargs={"publication_id": "barometer_publication", "fmt": "=json"},
        shows_no_company=True,
        also=(
            case("csv", kwargs={"publication_id": "barometer_publication", "fmt": "=csv"}),
            case(
                "a format it does not make",
                kwargs={"publication_id": "barometer_publication", "fmt": "=xlsx"},
                get=404,
            ),
        ),
    ),
    "scorecards_public": Row(
        PUBLIC,
        get=200,
        post=None,
        also=(
            case("a publication", query={"publication": Of("scorecards_publication")}),
            case("an unknown publication", query={"publication": 999999}, get=404),
            case("nothing published yet", state="nothing published"),
        ),
    ),
    "signatory_scorecard_public": Row(
        PUBLIC,
        get=200,
        post=None,
        kwargs={"signatory_id": "any_signatory"},
        also=(case("nothing published yet", state="nothing published"),),
    ),
    "palmares_public": Row(
        PUBLIC, get=200, post=None, also=(case("nothing published yet", state="nothing published"),)
    ),
    "method_public": Row(PUBLIC, get=200, post=None),
    "palmares_open_data": Row(
        PUBLIC,
        get=200,
        post=None,
        kwargs={"publication_id": "palmares_publication", "fmt": "=json"},
        also=(case("csv", kwargs={"publication_id": "palmares_publication", "fmt": "=csv"}),),
    ),
}


def owner_of(row: Row) -> str:
    """Whose objects fill the row's URL."""
    return row.owner or ACTOR[row.scope][1]


def cases(name: str) -> list[tuple[str, Row]]:
    """The row of ``name`` and the rows of its other cases, each with a label."""
    row = TABLE[name]
    return [(name, row)] + [(f"{name} ({more.label})", more.of(row)) for more in row.also]


# --- Every case tried ------------------------------------------------------------------------

# Kinds of URL parameter that name an object by its id.
ID_KINDS = {
    "company",
    "site",
    "certification",
    "invitation",
    "evidence",
    "document",
    "report",
    "signatory",
    "any_signatory",
    "campaign",
    "measure",
    "application",
    "barometer_publication",
    "palmares_publication",
    "scorecards_publication",
    "claim",
    "axis",
    "buyer",
    "contract",
    "meeting",
    "decision",
    "work_stream",
    "relation",
    "outside_relation",
    "call_number",
}
# The objects whose access helper decides a company-side URL (signatories.access...):
# the committee, refused the right to write, gets 404 when they do not exist.
CHECKED_ON = {"company", "signatory", "buyer", "evidence", "document"}
NO_SUCH_ID = 999_999


class Tried(NamedTuple):
    """One case of a row of the table: the URL's name, a label, the row as the case makes
    it, the methods to try, and whether an id in it names nothing."""

    name: str
    label: str
    row: Row
    methods: tuple[str, ...] = ("GET", "POST")
    missing_id: bool = False


def missing_ids(name: str, row: Row) -> list[Tried]:
    """The row with each parameter that takes an id set to one that names nothing, tried
    with the method the URL is for: whoever reached the URL gets 404, whoever was refused
    the same refusal; but the committee, refused the right to write a company's object,
    gets 404 when the object its right is checked on does not exist (it is looked up
    first)."""
    method = "GET" if row.get is not None else "POST"
    tried = []
    for param, kind in row.kwargs.items():
        if kind not in ID_KINDS:
            continue
        outcomes = {}
        for role in ROLES:
            outcome = row.outcome(method, role)
            checked_on = kind in CHECKED_ON and role in MEMBERS and outcome == 403
            outcomes[role] = 404 if outcome not in REFUSALS or checked_on else outcome
        missing = replace(
            row, kwargs={**row.kwargs, param: f"={NO_SUCH_ID}"}, but={method: outcomes}
        )
        tried.append(Tried(name, f"{name} (no such {kind})", missing, (method,), True))
    return tried


def tried_by(tried: Tried, role: str) -> bool:
    """Whether ``role`` tries the case: an id that names nothing is tried by those the
    URL's row does not refuse before looking anything up (the login page, a method the
    view does not take, a committee URL outside the committee); test_cross_company.py
    tries every id there is on those refusals."""
    if not tried.missing_id:
        return True
    main = TABLE[tried.name]
    outcome = main.outcome(tried.methods[0], role)
    return not (outcome in (LOGIN, 405) or (main.scope == COMMITTEE and outcome == 403))


def every_case() -> list[Tried]:
    """Every row, its other cases and its missing ids."""
    tried = []
    for name, row in TABLE.items():
        tried += [Tried(name, label, case) for label, case in cases(name)]
        tried += missing_ids(name, row)
    return tried
