"""The data the security tests work on.

Two companies (A, read by ``contributor_a``; B, read by ``contributor_b``) and two
signatories (SP2C, the ``representative``'s; AFRC, represented by someone else), each with
everything a URL of the site can name: sites, certifications, evidence, reports in several
states, review comments, invitations, PDF documents; plus adhesion applications and
published results.

``make_people`` makes the people of the permission table (tests/security/permissions.py):
the two companies' contributors, SP2C's representative, a committee member, an
administrator who is a member, and two administrators who are not.

Text that people type on A's side (and on the public and committee side) carries script
payloads, each with its own label (see ``xss``), so that a page showing a field can be
checked for the escaped form of that very field. Text on B's and AFRC's side is made of
secrets: words that must never reach someone who may not read them.
"""

import datetime
import secrets
from dataclasses import dataclass, field
from decimal import Decimal

from axes.models import AccessAttempt, AccessFailureLog
from django.contrib.auth.models import Group
from django.contrib.auth.tokens import default_token_generator
from django.core.files.base import ContentFile
from django.utils import timezone
from django.utils.encoding import force_bytes
from django.utils.html import escape
from django.utils.http import urlsafe_base64_encode

from accounts.models import Invitation, SignatoryRepresentative
from accounts.services import token_digest
from callnumbers.models import CallNumber
from charter.models import Indicator, Measure, WorkingPaper, WorkingPaperVersion
from documents.models import Document
from followup.models import (
    Attestation,
    Campaign,
    Evidence,
    IndicatorValue,
    Progress,
    Report,
    ReportEvent,
    ReviewComment,
    Settlement,
)
from meetings.models import Attendance, Decision, Meeting, VotingRule, WorkStream
from procurement.models import PublicContract
from relations.models import Relation
from results.models import Publication, ScoringMethod
from results.selectors.barometer import barometer_publication_data
from results.selectors.palmares import palmares_compute
from results.selectors.scorecards import scorecards_publication
from signatories.models import AdhesionApplication, Certification, Commitment, Signatory
from tests.factories import (
    CampaignFactory,
    CertificationFactory,
    CompanyFactory,
    MembershipFactory,
    SiteFactory,
    UserFactory,
    pdf_bytes,
    siren_for,
)

# --- Payloads --------------------------------------------------------------------------------

# Labels are single words: a PDF may break a line at a hyphen, never inside a word.
LABELS = (
    "companyName",
    "userName",
    "siteName",
    "siteCity",
    "certScheme",
    "certNumber",
    "certIssuer",
    "commitmentTarget",
    "campaignName",
    "progressComment",
    "indicatorText",
    "reviewComment",
    "returnReason",
    "answerMessage",
    "signatoryComment",
    "invitationEmail",
    "documentStep",
    "applicationName",
    "applicationContact",
    "applicationMessage",
    "applicationSite",
    "refusalReason",
    "evidenceName",
    "requestedName",
    "relationName",
    "attestationComment",
    "settlementNote",
    "numberLabel",
)


def xss(label: str) -> str:
    """A script that would run if a page printed the text unescaped."""
    if label == "evidenceName":
        # A shown file name keeps no "/" (it is cut at the last one): an image tag instead.
        return f'<img src=x onerror=alert("{label}")>.pdf'
    return f'<script>alert("{label}")</script>'


def escaped(label: str) -> str:
    """The payload as an HTML page must print it."""
    return escape(xss(label))


# What no HTML page may ever contain: the start of a payload as live markup.
RAW_MARKERS = ('<script>alert("', '<img src=x onerror=alert("')

# --- Secrets of B and of AFRC: never in a response to someone who may not read them ----------

SECRET_FIGURE = 8675309  # jobs created by B, as typed in its report


def figure_forms(number: int) -> set[str]:
    """The ways a page may print ``number``: bare or grouped by thousands."""
    grouped = f"{number:,}"
    return {str(number)} | {grouped.replace(",", sep) for sep in (" ", "\u202f", "\xa0", ".", ",")}


B_SECRETS = (
    "Bêta Relation Client SA",
    "Site confidentiel Bêta",
    "Roubaix-Bêta",
    "CERT-BETA-SECRET",
    "Commentaire confidentiel de Bêta",
    "invitation.beta@example.org",
    "Étape confidentielle Bêta",
    "preuve-beta.pdf",
    "Attestation confidentielle de Bêta",
    "Ligne confidentielle Bêta",
    *figure_forms(SECRET_FIGURE),
)
S2_SECRETS = ("Commentaire confidentiel de l'AFRC", "preuve-afrc.pdf")
# The companies' names, as the pages print them (A's by its payload's label).
COMPANY_NAMES = ("companyName", B_SECRETS[0], "Gamma Appels SARL")

# Kinds of object a URL names, and what each is; "owned" ones belong to one company or
# signatory and are enumerated by the cross-company tests.
OWNED_KINDS = (
    "company",
    "site",
    "certification",
    "invitation",
    "evidence",
    "document",
    "report",
    "signatory",
    "relation",
    "outside_relation",
    "call_number",
)


@dataclass
class World:
    ids: dict[str, dict[str, object]]  # owner ("a", "b", "s1", "s2") -> kind -> id
    shared: dict[str, object]  # kind -> id, for objects nobody owns
    secrets: dict[str, tuple[str, ...]]  # owner -> texts only its readers may see
    objects: dict[str, object] = field(default_factory=dict)

    def not_theirs(self, owner: str | None) -> list[str]:
        """Text of every owner but ``owner`` (None: no one's own): B's and AFRC's secrets,
        and A's payload labels (each label is a word found nowhere else)."""
        texts = [text for other, words in self.secrets.items() if other != owner for text in words]
        if owner != "a":  # A's texts are payloads, each with its own word
            texts += [label for label in LABELS if label != "campaignName"]
        return texts

    def value(self, kind: str, owner: str) -> object:
        """The id (or string) of ``kind`` that belongs to ``owner``, or the shared one."""
        if kind in self.ids.get(owner, {}):
            return self.ids[owner][kind]
        if kind in self.shared:
            return self.shared[kind]
        raise KeyError(f"No {kind} for {owner}")


def _evidence(*, name: str, owner: dict, progress=None, certification=None, user=None):
    evidence = Evidence(
        progress=progress,
        certification=certification,
        original_name=name,
        content_type="application/pdf",
        size=len(pdf_bytes()),
        sha256="0" * 64,
        uploaded_by=user,
        **owner,
    )
    evidence.file.save("preuve.pdf", ContentFile(pdf_bytes()), save=True)
    return evidence


def _report(*, campaign, status, answers, values=(), user=None, **subject) -> Report:
    """A report with (measure code, status, percent, comment) answers and (indicator code,
    value) values."""
    report = Report.objects.create(
        campaign=campaign, status=status, version=3, updated_by=user, **subject
    )
    for code, state, percent, comment in answers:
        Progress.objects.create(
            report=report,
            measure=Measure.objects.get(code=code),
            status=state,
            percent=percent,
            comment=comment,
        )
    for code, value in values:
        indicator = Indicator.objects.get(code=code)
        column = "text" if indicator.value_type == Indicator.ValueType.TEXT else "number"
        IndicatorValue.objects.create(
            report=report,
            indicator=indicator,
            **{column: value if column == "text" else Decimal(value)},
        )
    if status != Report.Status.DRAFT:
        report.submitted_at = timezone.now()
        report.save(update_fields=["submitted_at"])
    return report


def _invitation(*, email: str, company=None, signatory=None, by=None) -> tuple[Invitation, str]:
    token = secrets.token_urlsafe(32)
    invitation = Invitation.objects.create(
        email=email,
        company=company,
        signatory=signatory,
        invited_by=by,
        token_digest=token_digest(token),
        expires_at=timezone.now() + datetime.timedelta(days=7),
    )
    return invitation, token


def _document(*, kind, company=None, campaign=None, status=Document.Status.DONE, **extra):
    document = Document.objects.create(
        kind=kind, company=company, campaign=campaign, language="fr", status=status, **extra
    )
    if status == Document.Status.DONE:
        document.file.save("document.pdf", ContentFile(pdf_bytes("document")), save=True)
    return document


def _relations(company_a, company_b, third, *, campaign, users) -> dict[str, Relation]:
    """A client of B, which declared the relation (A is the other side, yet to answer), both
    having answered differently for ``campaign`` (B's answers are B's secrets: A, the client,
    never reads them); a provider of A not in the base, with the name A typed and an
    address to invite it; B a client of the third company, which A never reaches."""
    contributor_a, contributor_b = users
    ab = Relation.objects.create(
        client=company_a,
        client_siren=company_a.siren,
        provider=company_b,
        provider_siren=company_b.siren,
        declared_by=Relation.Side.PROVIDER,
        declared_by_user=contributor_b,
    )
    outside = Relation.objects.create(
        client=company_a,
        client_siren=company_a.siren,
        provider_siren=siren_for(9100),
        provider_name=xss("relationName"),
        declared_by=Relation.Side.CLIENT,
        declared_by_user=contributor_a,
        invite_email="achats.omega@example.org",
    )
    bg = Relation.objects.create(
        client=company_b,
        client_siren=company_b.siren,
        provider=third,
        provider_siren=third.siren,
        declared_by=Relation.Side.CLIENT,
    )
    yes, no = Attestation.Answer.YES, Attestation.Answer.NO
    for side, answer, comment, user in (
        ("client", yes, xss("attestationComment"), contributor_a),
        ("provider", no, "Attestation confidentielle de Bêta", contributor_b),
    ):
        Attestation.objects.create(
            relation=ab,
            campaign=campaign,
            side=side,
            **dict.fromkeys(Attestation.PRACTICES, answer),
            comment=comment,
            updated_by=user,
        )
    return {"ab": ab, "outside": outside, "bg": bg}


def make_people() -> dict:
    """The people of the permission table by role (``None``: the anonymous visitor), with
    the addresses the fixtures of tests/conftest.py give them; companies A and B with them."""
    contributor_a = MembershipFactory(
        company=CompanyFactory(legal_name="Alpha Contact SAS"), user__email="a@example.org"
    ).user
    contributor_b = MembershipFactory(
        company=CompanyFactory(legal_name=B_SECRETS[0]), user__email="b@example.org"
    ).user
    representative = UserFactory(email="sp2c@example.org")
    SignatoryRepresentative.objects.create(
        user=representative, signatory=Signatory.objects.get(acronym="SP2C")
    )
    return {
        "anonymous": None,
        "contributor_a": contributor_a,
        "contributor_b": contributor_b,
        "representative": representative,
        "committee": UserFactory(email="comite@example.org", is_committee_member=True),
        "admin": UserFactory(
            email="admin@example.org", is_staff=True, is_superuser=True, is_committee_member=True
        ),
        "staff": UserFactory(email="staff@example.org", is_staff=True),
        "superuser": UserFactory(email="root@example.org", is_staff=True, is_superuser=True),
    }


def build_world(roles: dict) -> World:
    """Create the data described in the module's docstring; ``roles`` are the people of
    ``make_people`` (who made companies A and B and their contributors)."""
    contributor_a, contributor_b = roles["contributor_a"], roles["contributor_b"]
    committee, representative = roles["committee"], roles["representative"]
    company_a = contributor_a.memberships.get().company
    company_b = contributor_b.memberships.get().company
    company_a.legal_name = f"Alpha {xss('companyName')}"
    # A new legal name waiting for the committee: shown to A and the committee only.
    company_a.requested_legal_name = f"Alpha {xss('requestedName')}"
    company_a.save()
    contributor_a.full_name = xss("userName")
    contributor_a.save()

    today = timezone.localdate()
    closed = CampaignFactory(
        name="Campagne close",
        period_start=datetime.date(today.year - 2, 1, 1),
        period_end=datetime.date(today.year - 2, 12, 31),
        opens_on=datetime.date(today.year - 1, 1, 15),
        deadline=datetime.date(today.year - 1, 3, 31),
        status=Campaign.Status.CLOSED,
    )
    campaign = CampaignFactory(name=f"Campagne {xss('campaignName')}")
    draft = CampaignFactory(name="Campagne en préparation", status=Campaign.Status.DRAFT)

    # --- Company A: every user-entered text carries a payload
    site_a = SiteFactory(company=company_a, name=xss("siteName"), city=xss("siteCity"))
    certification_a = CertificationFactory(
        company=company_a,
        scheme=Certification.Scheme.OTHER,
        scheme_other=xss("certScheme"),
        number=xss("certNumber"),
        issuer=xss("certIssuer"),
        valid_from=today - datetime.timedelta(days=700),
        valid_until=today + datetime.timedelta(days=20),  # on the committee's watch
    )
    certification_evidence_a = _evidence(
        name="certificat.pdf", owner={"company": company_a}, certification=certification_a
    )
    for code in ("2.1", "2.2", "1.5", "1.6", "3.1"):
        Commitment.objects.create(
            company=company_a,
            measure=Measure.objects.get(code=code),
            target=xss("commitmentTarget") if code == "2.1" else "",
        )
    # A claim that a measure does not apply, waiting for the committee.
    claim_a = Commitment.objects.get(company=company_a, measure__code="1.5")
    claim_a.not_applicable = Commitment.NotApplicable.PENDING
    claim_a.justification = xss("claimJustification")
    claim_a.claimed_at = timezone.now()
    claim_a.save()
    report_a = _report(
        company=company_a,
        campaign=campaign,
        status=Report.Status.RETURNED,
        user=contributor_a,
        answers=[
            ("2.1", Progress.Status.IN_PROGRESS, 40, xss("progressComment")),
            ("2.2", Progress.Status.IN_PROGRESS, 10, ""),
        ],
        values=[
            ("training_hours", 120),
            ("training_topics", xss("indicatorText")),
            ("jobs_created_total", 50),
            ("jobs_created_france", 40),
        ],
    )
    progress_a = report_a.progress.get(measure__code="2.1")
    evidence_a = _evidence(
        name=xss("evidenceName"),
        owner={"company": company_a},
        progress=progress_a,
        user=contributor_a,
    )
    ReviewComment.objects.create(progress=progress_a, author=committee, text=xss("reviewComment"))
    for action, user, message in (
        (ReportEvent.Action.SUBMITTED, contributor_a, ""),
        (ReportEvent.Action.RETURNED, committee, xss("returnReason")),
        (ReportEvent.Action.ANSWERED, contributor_a, xss("answerMessage")),
    ):
        ReportEvent.objects.create(report=report_a, action=action, user=user, message=message)
    invitation_a, token_a = _invitation(
        email=f"{xss('invitationEmail')}@example.org", company=company_a, by=contributor_a
    )
    document_a = _document(
        kind=Document.Kind.COMPANY_CARD, company=company_a, campaign=closed, requested_by=committee
    )
    running_a = _document(
        kind=Document.Kind.CERTIFICATE,
        company=company_a,
        status=Document.Status.RUNNING,
        step=xss("documentStep"),
        requested_by=contributor_a,
    )

    # --- Company B: its secrets
    company_b.legal_name = B_SECRETS[0]
    company_b.save()
    site_b = SiteFactory(company=company_b, name="Site confidentiel Bêta", city="Roubaix-Bêta")
    certification_b = CertificationFactory(company=company_b, number="CERT-BETA-SECRET")
    for code in ("2.1", "2.2"):
        Commitment.objects.create(company=company_b, measure=Measure.objects.get(code=code))
    report_b = _report(
        company=company_b,
        campaign=campaign,
        status=Report.Status.SUBMITTED,
        user=contributor_b,
        answers=[
            ("2.1", Progress.Status.IN_PROGRESS, 60, "Commentaire confidentiel de Bêta"),
            ("2.2", Progress.Status.IN_PROGRESS, 20, ""),
        ],
        values=[("jobs_created_total", SECRET_FIGURE), ("jobs_created_france", 1000)],
    )
    evidence_b = _evidence(
        name="preuve-beta.pdf",
        owner={"company": company_b},
        progress=report_b.progress.get(measure__code="2.1"),
        user=contributor_b,
    )
    invitation_b, token_b = _invitation(
        email="invitation.beta@example.org", company=company_b, by=contributor_b
    )
    document_b = _document(
        kind=Document.Kind.COMPANY_CARD,
        company=company_b,
        campaign=campaign,
        status=Document.Status.RUNNING,
        step="Étape confidentielle Bêta",
        requested_by=contributor_b,
    )

    # --- Customer-service numbers: A's complaints line is surcharged (flagged)
    number_a = CallNumber.objects.create(
        company=company_a,
        number="0825123456",
        purpose="complaints",
        site=site_a,
        label=xss("numberLabel"),
    )
    number_b = CallNumber.objects.create(
        company=company_b,
        number="0800123456",
        purpose="after_sales",
        site=site_b,
        label="Ligne confidentielle Bêta",
    )

    # --- Validated reports of the closed campaign, and what the committee published
    third = CompanyFactory(legal_name="Gamma Appels SARL")
    for company, total, france in ((company_a, 30, 25), (company_b, 20, 10), (third, 10, 9)):
        Commitment.objects.get_or_create(company=company, measure=Measure.objects.get(code="2.2"))
        _report(
            company=company,
            campaign=closed,
            status=Report.Status.VALIDATED,
            answers=[("2.2", Progress.Status.IN_PROGRESS, 50, "")],
            values=[
                ("jobs_created_total", total),
                ("jobs_created_france", france),
                ("headcount_france", 100),
                ("headcount_abroad", 10),
            ],
        )
    relations = _relations(
        company_a, company_b, third, campaign=campaign, users=(contributor_a, contributor_b)
    )
    Settlement.objects.create(
        relation=relations["ab"],
        campaign=campaign,
        text=xss("settlementNote"),
        written_by=committee,
    )

    method = ScoringMethod.objects.get(version=1)
    palmares = Publication.objects.create(
        kind=Publication.Kind.PALMARES,
        campaign=closed,
        method=method,
        data=palmares_compute(campaign=closed, method=method),
        published_by=committee,
    )
    barometer = Publication.objects.create(
        kind=Publication.Kind.BAROMETER,
        campaign=closed,
        data=barometer_publication_data(closed),
        published_by=committee,
    )
    campaign_document = _document(
        kind=Document.Kind.CAMPAIGN_REPORT, campaign=closed, requested_by=committee
    )

    # --- Signatories: SP2C (the representative's) and AFRC (someone else's)
    sp2c = Signatory.objects.get(acronym="SP2C")
    afrc = Signatory.objects.get(acronym="AFRC")
    SignatoryRepresentative.objects.create(
        user=UserFactory(email="afrc@example.org"), signatory=afrc
    )
    report_s1 = _report(
        signatory=sp2c,
        campaign=campaign,
        status=Report.Status.DRAFT,
        user=representative,
        answers=[("1.3", Progress.Status.IN_PROGRESS, 30, xss("signatoryComment"))],
    )
    evidence_s1 = _evidence(
        name="preuve-sp2c.pdf",
        owner={"signatory": sp2c},
        progress=report_s1.progress.get(),
        user=representative,
    )
    report_s2 = _report(
        signatory=afrc,
        campaign=campaign,
        status=Report.Status.SUBMITTED,
        answers=[("1.2", Progress.Status.IN_PROGRESS, 30, S2_SECRETS[0])],
    )
    evidence_s2 = _evidence(
        name="preuve-afrc.pdf", owner={"signatory": afrc}, progress=report_s2.progress.get()
    )

    # --- SP2C's validated report of the closed campaign and the scorecards published from
    # it; the committee's own report of the open campaign, submitted by a member
    _report(
        signatory=sp2c,
        campaign=closed,
        status=Report.Status.VALIDATED,
        answers=[("1.3", Progress.Status.IN_PROGRESS, 60, "")],
    )
    scorecards = Publication.objects.create(
        kind=Publication.Kind.SCORECARDS,
        campaign=closed,
        data=scorecards_publication(closed),
        published_by=committee,
    )
    report_committee = _report(
        committee=True,
        campaign=campaign,
        status=Report.Status.SUBMITTED,
        user=committee,
        answers=[("5.1", Progress.Status.IN_PROGRESS, 40, "")],
    )
    ReportEvent.objects.create(
        report=report_committee, action=ReportEvent.Action.SUBMITTED, user=committee
    )

    # --- The State's register of public contracts: one contract, to a company of the base
    state = Signatory.objects.get(acronym="État")
    contract = PublicContract(
        buyer=state,
        reference="2024-RC-001",
        subject="Centre de contacts des usagers",
        awarded_on=closed.period_end,
        duration_months=24,
        value_band=PublicContract.ValueBand.TO_215K,
        provider_siren=third.siren,
        no_label_reason=PublicContract.NoLabelReason.NO_LABELLED_BIDDER,
    )
    contract.full_clean()
    contract.save()

    # --- Adhesion applications, as typed on the public form
    application = AdhesionApplication.objects.create(
        legal_name=xss("applicationName"),
        siren=siren_for(9000),
        kind="outsourcer",
        contact_name=xss("applicationContact"),
        contact_email="contact@example.org",
        message=xss("applicationMessage"),
        sites=[
            {
                "name": xss("applicationSite"),
                "city": "Lyon",
                "country": "FR",
                "seats": 10,
                "headcount": 12,
            }
        ],
    )
    refused = AdhesionApplication.objects.create(
        legal_name="Delta Refusée SAS",
        siren=siren_for(9001),
        kind="client",
        contact_name="Dora Delta",
        contact_email="dora@example.org",
        status=AdhesionApplication.Status.REFUSED,
        refusal_reason=xss("refusalReason"),
        decided_by=committee,
        decided_at=timezone.now(),
    )

    # Measure 3.1's working paper, published, in two versions: the public downloads the
    # latest only.
    paper = WorkingPaper.objects.create(
        measure=Measure.objects.get(code="3.1"),
        title="Pratiques contractuelles durables",
        title_en="Durable contract practices",
        status=WorkingPaper.Status.PUBLISHED,
        adopted_on=datetime.date(2025, 1, 1),
    )
    paper_versions = []
    for number in (1, 2):
        version = WorkingPaperVersion(paper=paper, number=number, summary=f"Version {number}.")
        version.file.save("document.pdf", ContentFile(pdf_bytes("paper")), save=True)
        paper_versions.append(version)

    # The committee's work (axis 5): a meeting held, with its minutes, the committee
    # member present, a public decision voted under the rule of the day, a work stream.
    VotingRule.objects.create(
        valid_from=datetime.date(2010, 11, 9), quorum=2, majority=VotingRule.Majority.MAJORITY
    )
    meeting = Meeting.objects.create(
        held_on=closed.period_end, place=xss("meetingPlace"), minutes=xss("meetingMinutes")
    )
    meeting.minutes_file.save("compte-rendu.pdf", ContentFile(pdf_bytes("minutes")), save=True)
    meeting.agenda_items.create(position=1, title=xss("agendaItem"))
    Attendance.objects.create(meeting=meeting, member=committee, college="employees")
    decision = Decision.objects.create(
        meeting=meeting,
        text=xss("decisionText"),
        public=True,
        vote_public="for",
        vote_employers="against",
        vote_employees="for",
    )
    stream = WorkStream.objects.create(
        title=xss("streamTitle"),
        due_on=closed.period_end,
        status="in_progress",
        percent=40,
        opened_by=decision,
    )

    # One of each kind of record the admin lists that the site does not make: a group of
    # permissions, and django-axes' records of a failed login from elsewhere.
    Group.objects.create(name="Comité de suivi")
    stranger = {
        "username": "intrus@example.org",
        "ip_address": "203.0.113.9",
        "user_agent": "curl/8.0",
        "http_accept": "*/*",
        "path_info": "/connexion/",
    }
    AccessAttempt.objects.create(**stranger, get_data="", post_data="", failures_since_start=1)
    AccessFailureLog.objects.create(**stranger)

    return World(
        ids={
            "a": {
                "company": company_a.pk,
                "site": site_a.pk,
                "certification": certification_a.pk,
                "invitation": invitation_a.pk,
                "invitation_token": token_a,
                "evidence": evidence_a.pk,
                "document": document_a.pk,
                "report": report_a.pk,
                "certification_evidence": certification_evidence_a.pk,
                "relation": relations["ab"].pk,
                "outside_relation": relations["outside"].pk,
                "call_number": number_a.pk,
            },
            "b": {
                "company": company_b.pk,
                "site": site_b.pk,
                "certification": certification_b.pk,
                "invitation": invitation_b.pk,
                "invitation_token": token_b,
                "evidence": evidence_b.pk,
                "document": document_b.pk,
                "report": report_b.pk,
                "relation": relations["ab"].pk,
                "call_number": number_b.pk,
            },
            "s1": {"signatory": sp2c.pk, "report": report_s1.pk, "evidence": evidence_s1.pk},
            "s2": {"signatory": afrc.pk, "report": report_s2.pk, "evidence": evidence_s2.pk},
        },
        shared={
            "campaign": campaign.pk,
            "measure": Measure.objects.get(code="2.1").pk,
            "application": application.pk,
            "barometer_publication": barometer.pk,
            "palmares_publication": palmares.pk,
            "scorecards_publication": scorecards.pk,
            "any_signatory": sp2c.pk,
            "committee_report": report_committee.pk,
            "claim": claim_a.pk,
            "closed_campaign": closed.pk,
            "draft_campaign": draft.pk,
            "campaign_document": campaign_document.pk,
            "axis": 2,
            "buyer": state.pk,
            "contract": contract.pk,
            "meeting": meeting.pk,
            "decision": decision.pk,
            "work_stream": stream.pk,
            "working_paper_version": paper_versions[1].pk,
            "working_paper_old_version": paper_versions[0].pk,
            "reset_uid": urlsafe_base64_encode(force_bytes(contributor_a.pk)),
            "reset_token": default_token_generator.make_token(contributor_a),
        },
        secrets={"b": B_SECRETS, "s2": S2_SECRETS},
        objects={
            "campaign": campaign,
            "closed_campaign": closed,
            "draft_campaign": draft,
            "company_a": company_a,
            "company_b": company_b,
            "report_a": report_a,
            "report_b": report_b,
            "campaign_document": campaign_document,
            "running_document": running_a,
            "refused_application": refused,
            "sp2c": sp2c,
            "afrc": afrc,
            "relations": relations,
        },
    )


# --- States the world is not in, for a few rows of the permission table ----------------------
# Each is set inside a transaction rolled back once the row is tried.


def _returned(report_id: int) -> None:
    Report.objects.filter(pk=report_id).update(status=Report.Status.RETURNED)


def _a_report_in_the_draft_campaign(world: World) -> None:
    _report(
        company=world.objects["company_a"],
        campaign=world.objects["draft_campaign"],
        status=Report.Status.RETURNED,
        answers=[],
    )


def _nothing_published(world: World) -> None:
    Publication.objects.all().delete()


def _evidence_removed(world: World) -> None:
    Evidence.objects.filter(pk=world.ids["a"]["evidence"]).update(removed_at=timezone.now())


def _working_paper_adopted(world: World) -> None:
    WorkingPaper.objects.update(status=WorkingPaper.Status.ADOPTED)


def _submitted(report_id: int) -> None:
    Report.objects.filter(pk=report_id).update(status=Report.Status.SUBMITTED)


STATES = {
    "A's report submitted": lambda world: _submitted(world.ids["a"]["report"]),
    "the working paper not published": _working_paper_adopted,
    "B's report returned": lambda world: _returned(world.ids["b"]["report"]),
    "SP2C's report returned": lambda world: _returned(world.ids["s1"]["report"]),
    "a report of A in the draft campaign": _a_report_in_the_draft_campaign,
    "nothing published": _nothing_published,
    "A's file removed": _evidence_removed,
}
