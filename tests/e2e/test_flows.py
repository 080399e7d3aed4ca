"""The charter tracker's main flows in a real browser: invitation, the campaign report over
two visits, evidence, the committee's review and the right of reply, the dashboard, the
campaign PDF, the palmarès; English; the keyboard; a 360 px screen; no JavaScript."""

import re

import pytest
from django.core import mail
from playwright.sync_api import expect

from tests.e2e.pages import PASSWORD, e2e, log_in, log_out
from tests.factories import pdf_bytes, siren_for

pytestmark = e2e

NEW_PASSWORD = "relation-client-2010!"
COMPLETE_VALUES = {
    "training_hours": "1200",
    "employees_trained": "80",
    "jobs_created_total": "20",
    "jobs_created_france": "14",
    "headcount_france": "300",
    "headcount_abroad": "40",
}


@pytest.fixture
def ids(data) -> dict[str, str]:
    """CSS selectors of the report form's fields, read before any page opens: the test's
    thread then stays off the database the live server is using."""
    from charter.models import Indicator

    selectors = {
        f"{code}_{part}": f"#id_p{measure.pk}_{part}"
        for code, measure in data.measures.items()
        for part in ("status", "percent", "comment", "evidence")
    }
    for indicator in Indicator.objects.filter(code__in=COMPLETE_VALUES):
        selectors[indicator.code] = f"#id_i{indicator.pk}"
    return selectors


def report_path(data) -> str:
    return f"/espace/entreprises/{data.company.pk}/campagnes/{data.campaign.pk}/"


def submit(page, selector: str) -> None:
    """Click a submit button and wait for the page that answers."""
    with page.expect_navigation():
        page.locator(selector).click()


def fill_complete_report(page, ids: dict) -> None:
    page.locator(ids["2.1_status"]).select_option("achieved")
    page.locator(ids["2.1_percent"]).fill("100")
    page.locator(ids["2.1_comment"]).fill("Plan de formation tenu sur les trois sites.")
    page.locator(ids["2.2_status"]).select_option("in_progress")
    page.locator(ids["2.2_percent"]).fill("60")
    for code, value in COMPLETE_VALUES.items():
        page.locator(ids[code]).fill(value)


def messages(page):
    return page.locator(".messages")


def test_the_whole_workflow_in_french(data, ids, page, open_context, tmp_path):
    url, company = data.url, data.company

    # A contributor invites a colleague from the team page.
    inviter = open_context().new_page()
    log_in(inviter, url, data.contributor.email)
    inviter.goto(f"{url}/espace/entreprises/{company.pk}/equipe/")
    inviter.locator("#id_email").fill("noe.nouveau@example.org")
    inviter.locator("#id_language").select_option("fr")
    submit(inviter, "main form button[type=submit] >> text=Envoyer l'invitation")
    expect(messages(inviter)).to_contain_text("noe.nouveau@example.org")
    invitation = mail.outbox[-1]
    assert invitation.to == ["noe.nouveau@example.org"]
    link = re.search(r"http://\S+/invitation/\S+/", invitation.body).group(0)
    assert link.startswith(url)

    # The colleague opens the link, chooses a name and a password, lands in the space.
    page.goto(link)
    expect(page.locator("#id_email")).to_have_value("noe.nouveau@example.org")
    page.locator("#id_full_name").fill("Noé Nouveau")
    page.locator("#id_password1").fill(NEW_PASSWORD)
    page.locator("#id_password2").fill(NEW_PASSWORD)
    submit(page, "main form button[type=submit]")
    expect(messages(page)).to_contain_text("Bienvenue")
    expect(page.locator("h1")).to_have_text("Alpha Contact SAS")

    # First visit: a partial draft.
    page.get_by_role("link", name=re.compile("Remplir le rapport")).click()
    expect(page.locator("h1")).to_contain_text("Campagne e2e")
    page.locator(ids["2.1_status"]).select_option("in_progress")
    page.locator(ids["2.1_percent"]).fill("40")
    page.locator(ids["training_hours"]).fill("300")
    submit(page, "button[name=action][value=save]")
    expect(messages(page)).to_contain_text("Brouillon enregistré")
    log_out(page)

    # Second visit: the draft is kept; complete it, attach evidence, submit.
    log_in(page, url, "noe.nouveau@example.org", NEW_PASSWORD)
    page.goto(url + report_path(data))
    expect(page.locator(ids["2.1_status"])).to_have_value("in_progress")
    expect(page.locator(ids["2.1_percent"])).to_have_value("40")
    expect(page.locator(ids["training_hours"])).to_have_value("300")
    fill_complete_report(page, ids)
    evidence = tmp_path / "plan-de-formation.pdf"
    evidence.write_bytes(pdf_bytes("plan de formation"))
    page.locator(ids["2.1_evidence"]).set_input_files(evidence)
    submit(page, "button[name=action][value=submit]")
    expect(messages(page)).to_contain_text("Le rapport est soumis")
    expect(page.locator(".evidence-list")).to_contain_text("plan-de-formation.pdf")
    expect(page.locator("button[name=action]")).to_have_count(0)  # read-only now
    assert {"comite@example.org", "noe.nouveau@example.org"} <= {m.to[0] for m in mail.outbox}

    # The committee returns it with a reason.
    committee = open_context().new_page()
    log_in(committee, url, data.committee.email)
    committee.goto(f"{url}/suivi/revue/")
    committee.get_by_role("link", name="Alpha Contact SAS").click()
    expect(committee.locator("h1")).to_contain_text("Campagne e2e")
    expect(committee.locator(".evidence-list")).to_contain_text("plan-de-formation.pdf")
    reason = "Merci de détailler les heures de formation par site."
    committee.locator("#id_reason").fill(reason)
    submit(committee, "form[action$='/renvoyer/'] button[type=submit]")
    expect(messages(committee)).to_contain_text("Le rapport est renvoyé à l'entreprise")
    told = [m.body for m in mail.outbox if m.to == ["noe.nouveau@example.org"]]
    assert reason in told[-1]  # the contributors are e-mailed the reason

    # The contributor reads the reason, answers the committee, changes and resubmits.
    page.goto(url + report_path(data))
    expect(page.locator("#returned-title")).to_have_text("Le comité a renvoyé ce rapport")
    expect(page.locator("section[aria-labelledby=returned-title]")).to_contain_text(reason)
    page.locator("#id_answer_message").fill("Le détail par site est dans le plan joint.")
    submit(page, "form[action$='/reponse/'] button[type=submit]")
    expect(messages(page)).to_contain_text("Votre réponse est envoyée au comité")
    page.goto(url + report_path(data))
    page.locator(ids["training_hours"]).fill("1500")
    submit(page, "button[name=action][value=submit]")
    expect(messages(page)).to_contain_text("Le rapport est soumis")

    # The committee sees the answer in the timeline and validates.
    committee.reload()
    expect(committee.locator(".timeline")).to_contain_text("Le détail par site est dans")
    submit(committee, "form[action$='/valider/'] button[type=submit]")
    expect(messages(committee)).to_contain_text("Le rapport est validé")

    # The dashboard shows it validated.
    committee.goto(f"{url}/suivi/")
    row = committee.locator("#companies tbody tr", has_text="Alpha Contact SAS")
    expect(row.locator(".status")).to_have_text("Validé")

    # The palmarès, published; the public sees the company in it.
    committee.goto(f"{url}/suivi/palmares/")
    expect(committee.locator("main table")).to_contain_text("Alpha Contact SAS")
    with committee.expect_navigation():
        committee.get_by_role("link", name="Préparer la publication").click()
    # the preview names who will be public, then the committee confirms
    expect(committee.locator("main table")).to_contain_text("Alpha Contact SAS")
    submit(committee, "form[action$='/palmares/publier/'] button[type=submit]")
    expect(messages(committee)).to_contain_text("est publique")
    public = open_context().new_page()
    public.goto(f"{url}/palmares/")
    expect(public.locator("h1")).to_have_text("Palmarès de la charte de la relation client")
    expect(public.locator("main table")).to_contain_text("Alpha Contact SAS")
    expect(public.locator("form[action='/deconnexion/']")).to_have_count(0)  # anonymous

    # Last, the campaign report in PDF (with the palmarès just published), made at once
    # by the immediate task backend, downloaded.
    make_and_download_the_campaign_pdf(committee, url, tmp_path)


def make_and_download_the_campaign_pdf(page, url: str, tmp_path) -> None:
    try:
        import documents.pdf  # noqa: F401
    except ImportError:
        pytest.skip("documents.pdf is not importable yet: the PDF feature is being finished")
    page.goto(f"{url}/suivi/documents/")
    button = page.locator("form[action$='/rapport-pdf/'] button", has_text="Campagne e2e")
    with page.expect_navigation(timeout=120_000):
        button.click()
    download_link = page.locator("a[href$='/pdf/']").first
    download_link.wait_for(timeout=120_000)  # the page refreshes itself until ready
    with page.expect_download() as info:
        download_link.click()
    saved = tmp_path / "rapport.pdf"
    info.value.save_as(saved)
    assert saved.read_bytes().startswith(b"%PDF")


def test_a_report_in_english(data, ids, page):
    url = data.url
    page.goto(f"{url}/connexion/")
    page.locator("#language-select").select_option("en")
    submit(page, ".language-switcher button")
    assert page.locator("html").get_attribute("lang") == "en"
    expect(page.locator("main h1")).to_have_text("Log in")
    log_in(page, url, data.contributor.email)
    page.goto(url + report_path(data))
    assert page.locator("html").get_attribute("lang") == "en"
    expect(page.locator(f"label[for={ids['2.1_percent'][1:]}]")).to_have_text("Progress (%)")
    expect(page.locator("button[name=action][value=save]")).to_have_text("Save the draft")
    fill_complete_report(page, ids)
    submit(page, "button[name=action][value=submit]")
    expect(messages(page)).to_contain_text("The report is submitted")
    expect(page.locator(".answers").first).to_contain_text("Achieved")


# Whether the element in focus is the one seen at its centre (no sticky bar over it).
NOT_OBSCURED = """(() => {
  const box = element.getBoundingClientRect();
  const seen = document.elementFromPoint(box.left + box.width / 2, box.top + box.height / 2);
  return seen !== null && (seen === element || element.contains(seen));
})()"""


def focused(page, expression: str):
    return page.evaluate(
        f"() => {{ const element = document.activeElement; return {expression}; }}"
    )


def tab_through_the_report(page, ids: dict, typing: dict | None = None) -> None:
    """From the first field to the first button with the Tab key, typing ``typing``'s
    text into the fields it names: the sticky bar of buttons never hides the field in
    focus."""
    typing = {ids[key][1:]: text for key, text in (typing or {}).items()}
    page.locator(ids["2.1_status"]).focus()
    while focused(page, "element.name") != "action":
        name = focused(page, "element.id")
        assert focused(page, NOT_OBSCURED), f"{name} is hidden under something else"
        if name in typing:
            page.keyboard.type(typing[name])
        page.keyboard.press("Tab")


def test_the_keyboard_reaches_the_content_and_submits_a_form(data, ids, page):
    # The skip link is the first Tab stop, visible and outlined when focused...
    page.goto(f"{data.url}/")
    page.keyboard.press("Tab")
    assert focused(page, "element.className") == "skip-link"
    assert focused(page, "element.textContent") == "Aller au contenu"
    assert focused(page, "getComputedStyle(element).outlineStyle") != "none"
    expect(page.locator(".skip-link")).to_be_in_viewport()
    # ...it moves the focus to the main content, where the next Tab stop is.
    page.keyboard.press("Enter")
    assert focused(page, "element.id") == "content"
    page.keyboard.press("Tab")
    assert focused(page, "document.querySelector('main').contains(element)")
    assert focused(page, "element.closest('.site-header')") is None

    # The login form, with the keyboard only: its first field has the focus.
    page.goto(f"{data.url}/connexion/")
    # autofocus is applied once the page is rendered: wait for it rather than race it
    expect(page.locator("#id_username")).to_be_focused()
    page.keyboard.type(data.contributor.email)
    page.keyboard.press("Tab")
    assert focused(page, "element.id") == "id_password"
    page.keyboard.type(PASSWORD)
    page.keyboard.press("Tab")
    assert focused(page, "element.type") == "submit"
    assert focused(page, "getComputedStyle(element).outlineStyle") != "none"
    with page.expect_navigation():
        page.keyboard.press("Enter")
    expect(page.locator("form[action='/deconnexion/'] button")).to_contain_text("Anne")

    # The report, with the keyboard: type a figure, reach "Save the draft", press Enter.
    page.goto(data.url + report_path(data))
    tab_through_the_report(page, ids, typing={"training_hours": "250"})
    assert focused(page, "element.value") == "save"
    with page.expect_navigation():
        page.keyboard.press("Enter")
    expect(messages(page)).to_contain_text("Brouillon enregistré")
    expect(page.locator(ids["training_hours"])).to_have_value("250")


def no_horizontal_scroll(page, width: int = 360) -> None:
    scroll_width = page.evaluate("document.documentElement.scrollWidth")
    assert scroll_width <= width + 1, f"{page.url} scrolls sideways: {scroll_width}px wide"


def inside_the_screen(locator, width: int = 360) -> None:
    box = locator.bounding_box()
    assert box and box["x"] >= 0 and box["x"] + box["width"] <= width + 1, (
        f"{locator} is outside the {width}px screen: {box}"
    )


def test_the_report_and_adhesion_forms_fit_a_360px_screen(data, ids, open_context):
    page = open_context(viewport={"width": 360, "height": 740}).new_page()
    url = data.url
    page.goto(f"{url}/adherer/")
    no_horizontal_scroll(page)
    fields = {
        "#id_legal_name": "Gamma Appels SARL",
        "#id_siren": siren_for(9_999),
        "#id_site1_name": "Plateau de Roubaix",
        "#id_site1_city": "Roubaix",
        "#id_site1_seats": "80",
        "#id_site1_headcount": "95",
        "#id_contact_name": "Inès Moreau",
        "#id_contact_email": "ines.moreau@example.org",
    }
    for selector, value in fields.items():
        field = page.locator(selector)
        field.fill(value)
        inside_the_screen(field)
    page.locator("#id_kind").select_option(index=1)
    page.locator("#id_federation").select_option(index=1)
    inside_the_screen(page.locator("main form button[type=submit]"))
    submit(page, "main form button[type=submit]")
    expect(page.locator("h1")).to_have_text("Demande envoyée")

    log_in(page, url, data.contributor.email)
    page.goto(url + report_path(data))
    no_horizontal_scroll(page)
    tab_through_the_report(page, ids)
    for key in ("2.1_status", "2.1_percent", "2.1_comment", "training_hours", "2.1_evidence"):
        inside_the_screen(page.locator(ids[key]))
    page.locator(ids["2.1_status"]).select_option("in_progress")
    page.locator(ids["2.1_percent"]).fill("25")
    save = page.locator("button[name=action][value=save]")
    inside_the_screen(save)
    submit(page, "button[name=action][value=save]")
    expect(messages(page)).to_contain_text("Brouillon enregistré")
    no_horizontal_scroll(page)
    expect(page.locator(ids["2.1_percent"])).to_have_value("25")


def test_log_in_and_save_a_draft_without_javascript(data, ids, open_context):
    page = open_context(java_script_enabled=False).new_page()
    page.set_content("<title>before</title><script>document.title = 'scripted'</script>")
    assert page.title() == "before"  # the page's scripts do not run
    log_in(page, data.url, data.contributor.email)
    page.goto(data.url + report_path(data))
    page.locator(ids["2.2_status"]).select_option("not_started")
    page.locator(ids["2.2_percent"]).fill("0")
    page.locator(ids["jobs_created_total"]).fill("12")
    submit(page, "button[name=action][value=save]")
    expect(messages(page)).to_contain_text("Brouillon enregistré")
    expect(page.locator(ids["jobs_created_total"])).to_have_value("12")
    expect(page.locator(ids["2.2_status"])).to_have_value("not_started")


def test_leaving_a_form_with_typed_text_asks_first(data, ids, page):
    """Text typed and not sent: leaving asks for confirmation; sending the form does not."""
    log_in(page, data.url, data.contributor.email)
    page.goto(data.url + report_path(data))
    dialogs = []

    def answer(dialog):
        dialogs.append(dialog.type)
        dialog.dismiss()  # stay on the page

    page.on("dialog", answer)
    page.locator(ids["training_hours"]).fill("300")
    page.evaluate("document.querySelector('header a').click()")
    page.wait_for_timeout(300)
    assert dialogs == ["beforeunload"]
    expect(page.locator(ids["training_hours"])).to_have_value("300")  # still there

    # Saving the draft leaves without a question, and nothing is pending afterwards.
    submit(page, "button[name=action][value=save]")
    expect(messages(page)).to_contain_text("Brouillon enregistré")
    page.goto(data.url + "/")
    assert dialogs == ["beforeunload"]
