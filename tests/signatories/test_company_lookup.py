"""The company directory (signatories.directory): the adhesion form's "Look up" button and
the admin's action fill the empty details from a local server that answers like
"Recherche d'entreprises"; never the network."""

import threading
import time

import pytest
from django.urls import reverse
from werkzeug import Response

from signatories import directory
from signatories.models import AdhesionApplication, Company
from tests.factories import CompanyFactory
from tests.signatories.test_application_create import SIREN, _post, form_data

pytestmark = pytest.mark.django_db
URL = reverse("signatories:application_create")


def found(siren: str = SIREN, **overrides) -> dict:
    """The directory's answer for one company, as the real one reads (the fields used)."""
    result = {
        "siren": siren,
        "nom_complet": "GAMMA APPELS",
        "siege": {"adresse": "12 RUE DES PLATEAUX 59000 LILLE", "siret": siren + "00012"},
        "activite_principale": "82.20Z",
        "tranche_effectif_salarie": "12",
    } | overrides
    return {"results": [result], "total_results": 1, "page": 1, "per_page": 10}


@pytest.fixture
def directory_server(httpserver, settings):
    settings.COMPANY_DIRECTORY_URL = httpserver.url_for("/").rstrip("/")
    settings.COMPANY_DIRECTORY_TIMEOUT = 0.5
    return httpserver


def answers(server, **kwargs):
    server.expect_request("/search", query_string={"q": SIREN}).respond_with_json(**kwargs)


def lookup(client, **overrides):
    return client.post(URL, form_data(action="lookup", **overrides))


def test_a_lookup_fills_the_empty_fields_and_keeps_what_was_typed(client, directory_server):
    answers(directory_server, response_json=found())
    response = lookup(client, legal_name="Gamma (typed)", address="")
    assert response.status_code == 200
    form = response.context["form"]
    assert not form.is_bound  # nothing is checked, nothing sent
    assert form["legal_name"].value() == "Gamma (typed)"  # never overwritten
    assert form["address"].value() == "12 RUE DES PLATEAUX 59000 LILLE"
    assert form["naf_code"].value() == "82.20Z"
    assert form["headcount_band"].value() == "12"
    assert form["site1_city"].value() == "Lille"
    assert form["contact_email"].value() == "Lea.Martin@Gamma.example"
    page = response.content.decode()
    assert "Les champs vides ont été remplis" in page
    assert 'tabindex="-1" data-focus-on-load' in page  # read first (error-summary.js)
    assert 'name="action" value="lookup"' in page
    assert not AdhesionApplication.objects.exists()


def test_an_empty_legal_name_is_filled(client, directory_server):
    answers(directory_server, response_json=found())
    response = lookup(client, legal_name="")
    assert response.context["form"]["legal_name"].value() == "GAMMA APPELS"


def test_the_filled_form_is_sent_with_the_details(
    client, directory_server, django_capture_on_commit_callbacks
):
    answers(directory_server, response_json=found())
    lookup(client, address="")
    response = _post(
        client,
        django_capture_on_commit_callbacks,
        address="12 rue des Plateaux  59000 Lille",
        naf_code="82.20z",
        headcount_band="12",
    )
    assert response.status_code == 302
    application = AdhesionApplication.objects.get()
    assert application.address == "12 rue des Plateaux 59000 Lille"
    assert application.naf_code == "82.20Z"
    assert application.get_headcount_band_display() == "20 à 49 salariés"


@pytest.mark.parametrize(
    ("respond", "message"),
    [
        ({"response_json": {"results": [], "total_results": 0}}, "ne connaît pas ce numéro"),
        ({"response_json": found(siren="732829320")}, "ne connaît pas ce numéro"),
        ({"response_json": {"erreur": "x"}, "status": 500}, "ne peut pas être joint"),
        ({"response_json": {"results": "none"}}, "ne peut pas être joint"),
    ],
    ids=["unknown", "another-siren", "error-500", "unexpected-shape"],
)
def test_a_failed_lookup_says_so_and_keeps_everything(client, directory_server, respond, message):
    answers(directory_server, **respond)
    response = lookup(client, address="typed by hand")
    assert response.status_code == 200
    assert message in response.content.decode()
    form = response.context["form"]
    assert form["address"].value() == "typed by hand"
    assert form["legal_name"].value() == "Gamma Appels SAS"


def test_malformed_json_is_unavailable(client, directory_server):
    directory_server.expect_request("/search").respond_with_data(
        "{not json", content_type="application/json"
    )
    response = lookup(client)
    assert "ne peut pas être joint" in response.content.decode()


def test_a_slow_directory_is_given_up(client, directory_server):
    answered = threading.Event()

    def slow(request):
        time.sleep(1.5)
        answered.set()
        return Response("{}", content_type="application/json")

    directory_server.expect_request("/search").respond_with_handler(slow)
    started = time.monotonic()
    response = lookup(client)
    assert time.monotonic() - started < 1.4  # the timeout (0.5 s), not the answer
    assert "ne peut pas être joint" in response.content.decode()
    answered.wait(5)  # the late answer is not logged in the next test


def test_a_directory_that_is_down_is_unavailable(client, settings):
    settings.COMPANY_DIRECTORY_URL = "http://127.0.0.1:9"  # nothing listens there
    response = lookup(client)
    assert "ne peut pas être joint" in response.content.decode()


def test_a_wrong_check_digit_is_refused_before_any_lookup(client, directory_server):
    response = lookup(client, siren="552 100 555")
    assert "clé de contrôle" in response.content.decode()
    assert directory_server.log == []


def test_lookups_are_limited_per_client(client, directory_server, settings):
    settings.COMPANY_LOOKUP_LIMIT_PER_CLIENT = "2/h"
    answers(directory_server, response_json=found())
    assert lookup(client).status_code == 200
    assert lookup(client).status_code == 200
    response = lookup(client, address="kept")
    assert response.status_code == 429
    assert "Trop de recherches" in response.content.decode()
    assert response.context["form"]["address"].value() == "kept"
    assert len(directory_server.log) == 2


def test_without_the_setting_nothing_is_looked_up(client, settings):
    settings.COMPANY_DIRECTORY_URL = ""
    assert 'value="lookup"' not in client.get(URL).content.decode()
    with pytest.raises(directory.DirectoryError):
        directory.company_lookup(SIREN)


def test_the_button_shows_with_the_setting(client, directory_server):
    page = client.get(URL).content.decode()
    assert 'value="lookup"' in page
    # Enter in a field submits with the form's first button: the one that sends.
    form = page[page.index('<form method="post"') :]
    first = form[form.index("<button") : form.index("</button>")]
    assert 'value="lookup"' not in first and 'type="submit"' in first


def test_in_english(client, directory_server):
    client.cookies["django_language"] = "en"
    answers(directory_server, response_json={"results": []})
    assert "does not know this SIREN number" in lookup(client).content.decode()


def test_an_unknown_headcount_band_is_left_out(directory_server):
    answers(directory_server, response_json=found(tranche_effectif_salarie="99", siege=None))
    company = directory.company_lookup(SIREN)
    assert company.headcount_band == "" and company.address == ""
    assert company.as_fields() == {"legal_name": "GAMMA APPELS", "naf_code": "82.20Z"}


def test_the_admin_action_fills_the_empty_details(client, admin_user, directory_server):
    company = CompanyFactory(siren=SIREN, naf_code="70.22Z")
    unknown = CompanyFactory()
    answers(directory_server, response_json=found())
    directory_server.expect_request("/search", query_string={"q": unknown.siren}).respond_with_json(
        {"results": []}
    )
    client.force_login(admin_user)
    response = client.post(
        reverse("admin:signatories_company_changelist"),
        {"action": "fill_from_directory", "_selected_action": [company.pk, unknown.pk]},
        follow=True,
    )
    assert response.status_code == 200
    company.refresh_from_db()
    assert company.address == "12 RUE DES PLATEAUX 59000 LILLE"
    assert company.naf_code == "70.22Z"  # recorded: kept
    assert company.headcount_band == "12"
    assert company.legal_name != "GAMMA APPELS"
    page = response.content.decode()
    assert unknown.legal_name in page
    assert Company.objects.get(pk=unknown.pk).address == ""


def test_the_committee_reads_the_details_and_accepting_keeps_them(
    client, directory_server, django_capture_on_commit_callbacks, admin_user
):
    _post(
        client,
        django_capture_on_commit_callbacks,
        address="1 rue A 75001 Paris",
        naf_code="82.20Z",
        headcount_band="21",
    )
    application = AdhesionApplication.objects.get()
    client.force_login(admin_user)
    page = client.get(
        reverse("signatories:application_detail", args=[application.pk])
    ).content.decode()
    assert "1 rue A 75001 Paris" in page and "50 à 99 salariés" in page
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("signatories:application_accept", args=[application.pk]))
    company = Company.objects.get(siren=SIREN)
    assert (company.address, company.naf_code, company.headcount_band) == (
        "1 rue A 75001 Paris",
        "82.20Z",
        "21",
    )


def test_the_admin_forms_show_the_details(client, admin_user):
    company = CompanyFactory(address="1 rue A 75001 Paris", naf_code="82.20Z")
    client.force_login(admin_user)
    page = client.get(
        reverse("admin:signatories_company_change", args=[company.pk])
    ).content.decode()
    assert "1 rue A 75001 Paris" in page and "Annuaire des entreprises" in page
    page = client.get(reverse("admin:signatories_adhesionapplication_add")).content.decode()
    assert 'name="naf_code"' in page and 'name="headcount_band"' in page
