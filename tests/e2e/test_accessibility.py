"""axe-core (through axe-playwright-python) on every kind of page, public, company and
committee: no violation of WCAG 2.1 A or AA with a serious or critical impact, and no id
used twice on a page.

Each test walks a group of pages over the demo data set (companies of every kind,
reports in every state, published results) plus the states the demo lacks (a returned
report with the committee's comment, PDF documents made or failed), and reports every
violation it met at once.
"""

import datetime
import re

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.core import mail
from django.utils import timezone

from tests.e2e.pages import e2e, log_in

pytestmark = e2e

AXE_OPTIONS = {
    "runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]},
    "resultTypes": ["violations"],
}
BLOCKING = {"serious", "critical"}

COMMITTEE = ("comite@demo.example.org", "demo-comite-charte-2010")
CONTRIBUTOR = ("contributeur@demo.example.org", "demo-entreprise-2010")
REPRESENTATIVE = "sp2c@example.org"

DUPLICATE_IDS = """() => {
  const seen = {};
  for (const { id } of document.querySelectorAll("[id]")) seen[id] = (seen[id] || 0) + 1;
  return Object.keys(seen).filter((id) => seen[id] > 1);
}"""


@pytest.fixture(scope="module")
def axe() -> Axe:
    return Axe()


def _returned_report(company, campaign, committee, base_url: str):
    """The company's report for ``campaign``, submitted then returned with a reason and a
    comment on its first commitment, as the committee would."""
    from followup.models import Progress, Report, ReportEvent, ReviewComment
    from followup.services.review import report_return

    report = Report.objects.create(
        campaign=campaign,
        company=company,
        status=Report.Status.SUBMITTED,
        submitted_at=timezone.now() - datetime.timedelta(days=2),
    )
    for commitment in company.commitments.all():
        Progress.objects.create(
            report=report, measure=commitment.measure, status="in_progress", percent=40
        )
    ReportEvent.objects.create(report=report, action=ReportEvent.Action.SUBMITTED)
    report_return(
        report=report, user=committee, reason="Merci de préciser les sites.", base_url=base_url
    )
    ReviewComment.objects.create(
        progress=report.progress.first(), author=committee, text="Joindre le plan de formation."
    )
    return report


@pytest.fixture
def demo(live_server):
    """The demo data set, small: 12 companies, two campaigns (the latest open, the other
    closed with its barometer and palmarès published), adhesion applications and the demo
    accounts. The demo contributor's report for the open campaign is returned to it; a
    report is waiting for review; SP2C has a representative; the company has a certificate
    made and another that failed."""
    from accounts.models import SignatoryRepresentative
    from charter.models import Measure
    from documents.models import Document
    from followup.models import Campaign, Report
    from results.demo import seed_demo
    from signatories.demo import committee_user, contributor_company
    from signatories.models import Signatory
    from tests.factories import UserFactory

    seed_demo(companies=12, campaigns=2, seed=2010, today=timezone.localdate())
    company = contributor_company()
    committee = committee_user()
    campaign = Campaign.objects.get(status="open")
    returned = _returned_report(company, campaign, committee, live_server.url)
    submitted = (
        Report.objects.filter(status="submitted", company__isnull=False)
        .exclude(company=company)
        .first()
    )
    if submitted is None:  # the seed decides; do not depend on it
        submitted = (
            Report.objects.filter(campaign=campaign, company__isnull=False)
            .exclude(company=company)
            .first()
        )
        submitted.status, submitted.submitted_at = Report.Status.SUBMITTED, timezone.now()
        submitted.save()
    signatory = Signatory.objects.get(acronym="SP2C")
    SignatoryRepresentative.objects.create(
        user=UserFactory(email=REPRESENTATIVE), signatory=signatory
    )
    documents = [
        Document.objects.create(
            kind=Document.Kind.CERTIFICATE,
            company=company,
            language="fr",
            requested_by=committee,
            status=status,
            progress=100,
            pages=1,
            size=24_000,
        )
        for status in ("done", "failed")
    ]
    Document.objects.create(
        kind=Document.Kind.CAMPAIGN_REPORT, campaign=campaign, language="fr", status="done"
    )
    return {
        "url": live_server.url,
        "company": company,
        "campaign": campaign,
        "returned": returned,
        "submitted": submitted,
        "signatory": signatory,
        "documents": documents,
        "measure": Measure.objects.get(code="2.1"),
    }


class Walk:
    """Visits pages and keeps, by page, every blocking violation and repeated id."""

    def __init__(self, axe: Axe, page, base_url: str) -> None:
        self.axe, self.page, self.base_url = axe, page, base_url
        self.found: dict[str, list[str]] = {}

    def check(self, label: str) -> None:
        lines = []
        if self.page.locator("main").count() != 1:
            lines.append("  no single <main> landmark")
        width = self.page.viewport_size["width"]
        if width <= 400:  # a small screen: nothing wider than it (tables scroll inside)
            scroll_width = self.page.evaluate("document.documentElement.scrollWidth")
            if scroll_width > width:
                lines.append(f"  wider than the screen: {scroll_width} px for {width}")
        duplicates = self.page.evaluate(DUPLICATE_IDS)
        if duplicates:
            lines.append(f"  duplicate-id: {', '.join(duplicates)}")
        results = self.axe.run(self.page, options=AXE_OPTIONS)
        for violation in results.response["violations"]:
            if violation["impact"] not in BLOCKING:
                continue
            nodes = "; ".join(
                " ".join(map(str, node["target"])) + f" ({node.get('failureSummary', '')})"
                for node in violation["nodes"][:5]
            )
            lines.append(
                f"  {violation['id']} [{violation['impact']}] {violation['help']}"
                f" ({len(violation['nodes'])} nodes): {nodes}"
            )
        if lines:
            self.found[f"{label} ({self.page.url})"] = lines

    def visit(self, path: str, label: str | None = None, status: int = 200) -> None:
        response = self.page.goto(self.base_url + path)
        assert response.status == status, f"{path} answered {response.status}"
        self.check(label or path)

    def submit(self, button: str, label: str) -> None:
        """Click a form's button and check the page that answers (with its errors)."""
        with self.page.expect_navigation():
            self.page.locator(button).click()
        self.page.locator(".error-summary").wait_for()
        self.check(label)

    def assert_clean(self) -> None:
        report = "\n".join(f"{page}:\n" + "\n".join(lines) for page, lines in self.found.items())
        assert not self.found, "accessibility violations (serious or critical):\n" + report


def choose_english(page) -> None:
    page.locator("#language-select").select_option("en")
    with page.expect_navigation():
        page.locator(".language-switcher button").click()
    assert page.locator("html").get_attribute("lang") == "en"


def invitation_path(demo) -> str:
    """Invite someone to the demo company; the path of the link e-mailed to them."""
    from accounts.services import invitation_create

    invitation_create(
        email="nouvelle@example.org",
        company=demo["company"],
        invited_by=None,
        language="fr",
        base_url=demo["url"],
    )
    link = re.search(r"https?://\S+/invitation/\S+/", mail.outbox[-1].body).group(0)
    return link.removeprefix(demo["url"])


PUBLIC = (
    "/",
    "/axes/1/",
    "/axes/5/",
    "/signataires/",
    "/signataires/?q=zzzz",
    "/signataires/bilans/",
    "/adherer/",
    "/palmares/",
    "/palmares/methode/",
    "/barometre/",
    "/connexion/",
    "/mot-de-passe/oubli/",
)


def test_public_pages(axe, page, demo):
    walk = Walk(axe, page, demo["url"])
    for path in PUBLIC:
        walk.visit(path)
    walk.visit(f"/signataires/{demo['signatory'].pk}/")
    walk.visit("/adherer/")
    walk.submit("main form button[type=submit]", "/adherer/ with errors")
    walk.visit("/adherer/merci/")
    walk.visit("/connexion/")
    page.locator("#id_username").fill("personne@example.org")
    page.locator("#id_password").fill("not the password")
    walk.submit("main form button[type=submit]", "/connexion/ with errors")
    # an invitation: the page that creates the account, with errors; an unknown link
    walk.visit(invitation_path(demo))
    walk.submit("main form button[type=submit]", "invitation form with errors")
    walk.visit("/invitation/not-a-token/", status=404)
    # the same pages in English
    page.goto(demo["url"] + "/")
    choose_english(page)
    for path in PUBLIC:
        walk.visit(path, f"{path} in English")
    walk.assert_clean()


def test_pages_on_a_small_screen(axe, page, open_context, demo):
    """360 px wide: the layout changes (reflow; tables scroll sideways), and so may contrast
    and overlaps."""
    page.set_viewport_size({"width": 360, "height": 740})
    walk = Walk(axe, page, demo["url"])
    for path in ("/", "/axes/2/", "/signataires/", "/adherer/", "/palmares/", "/barometre/"):
        walk.visit(path, f"{path} at 360 px")
    company, campaign = demo["company"].pk, demo["campaign"].pk
    log_in(page, demo["url"], *CONTRIBUTOR)
    for path in (
        f"/espace/entreprises/{company}/",
        f"/espace/entreprises/{company}/equipe/",
        f"/espace/entreprises/{company}/campagnes/{campaign}/",
        f"/espace/entreprises/{company}/relations/",
        f"/espace/entreprises/{company}/campagnes/{campaign}/relations/",
    ):
        walk.visit(path, f"{path} at 360 px")
    committee = open_context(viewport={"width": 360, "height": 740}).new_page()
    log_in(committee, demo["url"], *COMMITTEE)
    walk.page = committee
    for path in (
        "/suivi/",
        "/suivi/barometre/",
        f"/suivi/rapports/{demo['submitted'].pk}/",
        "/suivi/relations/desaccords/",
        "/suivi/marches-publics/",
    ):
        walk.visit(path, f"{path} at 360 px")
    walk.assert_clean()


def test_company_space(axe, page, demo):
    company, campaign = demo["company"].pk, demo["campaign"].pk
    report = f"/espace/entreprises/{company}/campagnes/{campaign}/"
    closed = demo["company"].reports.exclude(campaign_id=campaign).first()
    site = demo["company"].sites.first()
    certification = demo["company"].certifications.first()
    log_in(page, demo["url"], *CONTRIBUTOR)
    walk = Walk(axe, page, demo["url"])
    paths = [
        "/espace/",
        f"/espace/entreprises/{company}/",
        f"/espace/entreprises/{company}/profil/",
        f"/espace/entreprises/{company}/sites/ajouter/",
        f"/espace/entreprises/{company}/certifications/ajouter/",
        f"/espace/entreprises/{company}/engagements/",
        f"/espace/entreprises/{company}/equipe/",
        f"/espace/entreprises/{company}/documents/",
        f"/espace/entreprises/{company}/palmares/",
        f"{report}reponse/",
        "/mot-de-passe/changer/",
        report,
    ]
    paths += [f"/espace/documents/{document.pk}/" for document in demo["documents"]]
    if closed:
        paths.append(f"/espace/entreprises/{company}/campagnes/{closed.campaign_id}/")
    if site:
        paths.append(f"/espace/entreprises/{company}/sites/{site.pk}/")
    if certification:
        paths.append(f"/espace/entreprises/{company}/certifications/{certification.pk}/")
    for path in paths:
        walk.visit(path)
    # the report form showing its errors after a bad submission
    walk.visit(report)
    first_number = page.locator(".report-form input[inputmode=numeric]").first
    first_number.fill("-5")
    walk.submit("main form button[name=action][value=submit]", "report form with errors")
    # the profile, site and team forms with errors
    walk.visit(f"/espace/entreprises/{company}/profil/")
    page.locator("#id_legal_name").fill("")
    walk.submit("main form button[type=submit]", "profile form with errors")
    walk.visit(f"/espace/entreprises/{company}/sites/ajouter/")
    walk.submit("main form button[type=submit]", "site form with errors")
    walk.visit(f"/espace/entreprises/{company}/equipe/")
    walk.submit("main form button[type=submit] >> nth=-1", "team page with errors")
    walk.visit(f"{report}reponse/")
    walk.submit("main form button[type=submit]", "answer form with errors")
    walk.visit("/mot-de-passe/changer/")
    walk.submit("main form button[type=submit]", "password change with errors")
    walk.assert_clean()


def test_signatory_space(axe, page, demo):
    signatory, campaign = demo["signatory"].pk, demo["campaign"].pk
    log_in(page, demo["url"], REPRESENTATIVE)
    walk = Walk(axe, page, demo["url"])
    walk.visit(f"/espace/signataires/{signatory}/")
    walk.visit(f"/espace/signataires/{signatory}/campagnes/{campaign}/")
    walk.assert_clean()


def test_committee_pages(axe, page, demo):
    from followup.models import Campaign, Report
    from signatories.models import Company

    submitted = f"/suivi/rapports/{demo['submitted'].pk}/"
    closed = Campaign.objects.get(status="closed")
    validated = Report.objects.filter(status="validated").first()
    Company.objects.filter(pk=demo["company"].pk).update(requested_legal_name="Nouveau Nom SAS")
    log_in(page, demo["url"], *COMMITTEE)
    walk = Walk(axe, page, demo["url"])
    paths = [
        "/suivi/",
        f"/suivi/?campagne={closed.pk}",
        "/suivi/?tri=-nom&statut=submitted",
        "/suivi/revue/",
        submitted,
        f"/suivi/rapports/{demo['returned'].pk}/",
        f"/suivi/rapports/{demo['returned'].pk}/historique/",
        "/suivi/barometre/",
        f"/suivi/barometre/?campagne={closed.pk}",
        "/suivi/palmares/",
        f"/suivi/palmares/?campagne={closed.pk}",
        "/suivi/certifications/",
        "/suivi/adhesions/",
        "/suivi/entreprises/noms/",
        f"/suivi/mesures/{demo['measure'].pk}/",
        f"/suivi/entreprises/{demo['company'].pk}/",
        "/suivi/documents/",
        f"/suivi/barometre/publier/?campagne={closed.pk}",
        f"/suivi/palmares/publier/?campagne={closed.pk}",
        "/suivi/publications/",
        "/suivi/comite/",
        "/suivi/comite/travaux/",
        "/suivi/numeros/",
        "/suivi/imports/entreprises/",
        "/suivi/imports/certifications/",
        f"/suivi/comite/campagnes/{demo['campaign'].pk}/",
        f"/suivi/comite/campagnes/{closed.pk}/",
        f"/suivi/signataires/{demo['signatory'].pk}/",
        f"/suivi/signataires/publier/?campagne={closed.pk}",
        f"/espace/entreprises/{demo['company'].pk}/",
    ]
    if validated:
        paths.append(f"/suivi/rapports/{validated.pk}/")
    for path in paths:
        walk.visit(path)
    # the return form showing its error: a return without a reason
    walk.visit(submitted)
    walk.submit("form[action$='/renvoyer/'] button[type=submit]", "review page with errors")
    # an adhesion application's page, and its refusal without a reason
    walk.visit("/suivi/adhesions/")
    with page.expect_navigation():
        page.locator("main table a").first.click()
    walk.check("an adhesion application")
    walk.submit("form[action$='/refuser/'] button[type=submit]", "refusal without a reason")
    # a new legal name refused without a reason
    walk.visit("/suivi/entreprises/noms/")
    walk.submit("form[action$='/nom/refuser/'] button[type=submit]", "name refusal, no reason")
    # a withdrawal without a reason
    walk.visit("/suivi/publications/")
    with page.expect_navigation():
        page.locator("main table a[href$='/retirer/']").first.click()
    walk.check("a publication's withdrawal")
    walk.submit("main form button[type=submit]", "withdrawal without a reason")
    walk.assert_clean()


def test_a_document_being_made(axe, page, data):
    from documents.models import Document

    document = Document.objects.create(
        kind=Document.Kind.CAMPAIGN_REPORT,
        campaign=data.campaign,
        language="fr",
        requested_by=data.committee,
        status=Document.Status.RUNNING,
        progress=40,
        step="Mise en page",
    )
    log_in(page, data.url, data.committee.email)
    walk = Walk(axe, page, data.url)
    walk.visit(f"/espace/documents/{document.pk}/")
    walk.assert_clean()
