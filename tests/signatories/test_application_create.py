from unittest import mock

import pytest
from django.core import mail
from django.urls import reverse

from signatories import services
from signatories.models import AdhesionApplication, Company
from tests.accounts.conftest import link_in, only_mail_to
from tests.factories import CompanyFactory, UserFactory, siren_for

pytestmark = pytest.mark.django_db
URL = reverse("signatories:application_create")
SIREN = "552100554"  # a valid SIREN that no factory makes


@pytest.fixture
def english(client):
    client.cookies["django_language"] = "en"
    return client


def form_data(**overrides) -> dict:
    """What a browser posts for a complete application with one site and two blank ones."""
    data = {
        "legal_name": "Gamma Appels SAS",
        "siren": "552 100 554",
        "kind": "outsourcer",
        "federation": "sp2c",
        "contact_name": "Léa Martin",
        "contact_email": "Lea.Martin@Gamma.example",
        "message": "",
    }
    for number in (1, 2, 3):
        data |= {
            f"site{number}_name": "",
            f"site{number}_city": "",
            f"site{number}_country": "FR",
            f"site{number}_seats": "",
            f"site{number}_headcount": "",
        }
    data |= {
        "site1_name": "Plateau de Lille",
        "site1_city": "Lille",
        "site1_seats": "120",
        "site1_headcount": "150",
    }
    return data | overrides


def _post(client, captured, **overrides):
    with captured(execute=True):
        return client.post(URL, form_data(**overrides))


def _codes(response, field: str) -> set[str]:
    return {e.code for e in response.context["form"].errors.as_data().get(field, [])}


def test_the_urls_are_french():
    assert URL == "/adherer/"
    assert reverse("signatories:application_done") == "/adherer/merci/"


def test_it_shows_the_form_with_three_site_rows(english):
    response = english.get(URL)
    page = response.content.decode()
    assert response.status_code == 200
    assert "<h1>Adhere to the charter</h1>" in page
    assert 'name="site3_city"' in page
    assert 'name="site4_city"' not in page
    assert "csrfmiddlewaretoken" in page


def test_an_application_is_saved_and_acknowledged(
    client, django_capture_on_commit_callbacks, committee_member
):
    UserFactory(email="gone@example.org", is_committee_member=True, is_active=False)
    client.cookies["django_language"] = "en"
    response = _post(
        client,
        django_capture_on_commit_callbacks,
        legal_name="  Gamma   Appels SAS ",
        message="Deux sites en France.",
        site3_name="Plateau de Tunis",
        site3_city=" Tunis ",
        site3_country="TN",
        site3_seats="80",
        site3_headcount="95",
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("signatories:application_done")
    application = AdhesionApplication.objects.get()
    assert application.legal_name == "Gamma Appels SAS"
    assert application.siren == SIREN
    assert application.contact_email == "lea.martin@gamma.example"
    assert application.status == AdhesionApplication.Status.PENDING
    assert application.language == "en"
    assert application.message == "Deux sites en France."
    assert application.sites == [
        {
            "name": "Plateau de Lille",
            "city": "Lille",
            "country": "FR",
            "seats": 120,
            "headcount": 150,
        },
        {
            "name": "Plateau de Tunis",
            "city": "Tunis",
            "country": "TN",
            "seats": 80,
            "headcount": 95,
        },
    ]
    assert not Company.objects.filter(siren=SIREN).exists()

    receipt = only_mail_to("lea.martin@gamma.example")
    assert receipt.subject == (
        "Automatic acknowledgement: application of Gamma Appels SAS to adhere to the charter"
    )
    assert receipt.alternatives[0][1] == "text/html"
    assert "This is an automatic acknowledgement" in receipt.body
    assert f"Gamma Appels SAS (SIREN {SIREN})" in receipt.body

    notice = only_mail_to(committee_member.email)
    assert "Gamma Appels SAS" in notice.subject
    assert notice.alternatives[0][1] == "text/html"
    assert len(mail.outbox) == 2  # not to the inactive committee member
    client.force_login(committee_member)
    response = client.get(link_in(notice, "/suivi/adhesions/"))
    assert response.status_code == 200
    assert response.context["application"] == application


def test_the_thank_you_page(english):
    response = english.get(reverse("signatories:application_done"))
    assert response.status_code == 200
    assert "<h1>Application sent</h1>" in response.content.decode()


@pytest.mark.parametrize(
    ("siren", "code"),
    [
        ("55210055", "siren_format"),
        ("5521005540", "siren_format"),
        ("55210055A", "siren_format"),
        ("５５２１００５５４", "siren_format"),
        ("552 100 555", "siren_checksum"),
        ("", "required"),
        ("1" * 10_000, "max_length"),
    ],
)
def test_a_bad_siren_is_refused_beside_the_field(client, siren, code):
    response = client.post(URL, form_data(siren=siren))
    assert response.status_code == 200
    assert _codes(response, "siren") == {code}
    assert not AdhesionApplication.objects.exists()
    assert mail.outbox == []


def test_the_error_is_in_the_summary_and_everything_typed_is_kept(english):
    response = english.post(
        URL, form_data(siren="552 100 555", message="Bonjour", site1_city="Roubaix")
    )
    page = response.content.decode()
    assert 'class="error-summary"' in page
    assert 'href="#id_siren"' in page
    assert "fails its check digit" in page
    for kept in ('value="552 100 555"', 'value="Gamma Appels SAS"', 'value="Roubaix"', "Bonjour"):
        assert kept in page
    assert '<option value="outsourcer" selected>' in page


@pytest.mark.parametrize("status", [Company.Status.ACTIVE, Company.Status.SUSPENDED])
def test_the_siren_of_an_adhering_company_is_refused(client, status):
    CompanyFactory(siren=SIREN, status=status, legal_name="Gamma historique")
    response = client.post(URL, form_data())
    assert _codes(response, "siren") == {"already_adheres"}
    assert not AdhesionApplication.objects.exists()


@pytest.mark.parametrize("status", [Company.Status.APPLICANT, Company.Status.WITHDRAWN])
def test_a_company_that_withdrew_may_apply_again(client, status):
    CompanyFactory(siren=SIREN, status=status, adhered_on=None)
    assert client.post(URL, form_data()).status_code == 302


def test_a_second_pending_application_for_the_siren_is_refused(
    client, django_capture_on_commit_callbacks
):
    _post(client, django_capture_on_commit_callbacks)
    response = client.post(URL, form_data(contact_email="other@gamma.example"))
    assert response.status_code == 200
    assert _codes(response, "siren") == {"already_pending"}
    assert AdhesionApplication.objects.count() == 1


def test_a_refused_application_does_not_block_a_new_one(client, django_capture_on_commit_callbacks):
    _post(client, django_capture_on_commit_callbacks)
    AdhesionApplication.objects.update(status=AdhesionApplication.Status.REFUSED)
    assert client.post(URL, form_data()).status_code == 302
    assert AdhesionApplication.objects.count() == 2


def test_an_application_that_arrives_in_between_is_refused_beside_the_siren(client):
    # The form found no pending application; another one was saved before this one.
    error = services.ApplicationError("already_pending")
    with mock.patch.object(services, "application_create", side_effect=error):
        response = client.post(URL, form_data())
    assert response.status_code == 200
    assert _codes(response, "siren") == {"already_pending"}


def test_the_service_refuses_a_duplicate_pending_siren(db):
    fields = {
        "legal_name": "Gamma",
        "siren": SIREN,
        "kind": "client",
        "federation": "none",
        "contact_name": "Léa",
        "contact_email": "lea@gamma.example",
        "sites": [],
        "language": "fr",
        "base_url": "https://charte.example.org",
    }
    services.application_create(**fields)
    with pytest.raises(services.ApplicationError) as error:
        services.application_create(**fields)
    assert error.value.code == "already_pending"
    assert AdhesionApplication.objects.count() == 1


def test_missing_fields_are_each_named(english):
    data = dict.fromkeys(form_data(), "")
    response = english.post(URL, data)
    assert response.status_code == 200
    errors = response.context["form"].errors.as_data()
    required = ["legal_name", "siren", "kind", "federation", "contact_name", "contact_email"]
    required += [f"site1_{part}" for part in ("name", "city", "country", "seats", "headcount")]
    assert sorted(errors) == sorted(required)
    assert {e.code for field in required for e in errors[field]} == {"required"}
    page = response.content.decode()
    assert f"The form has {len(required)} errors to correct" in page
    assert '<a href="#id_site1_city">City of site 1: This field is required.</a>' in page
    assert not AdhesionApplication.objects.exists()


def test_a_post_with_nothing_is_an_error_not_a_crash(client):
    response = client.post(URL, {})
    assert response.status_code == 200
    assert "siren" in response.context["form"].errors


def test_the_first_site_is_required(client):
    response = client.post(
        URL, form_data(site1_name="", site1_city="", site1_seats="", site1_headcount="")
    )
    assert response.status_code == 200
    errors = response.context["form"].errors.as_data()
    assert set(errors) == {"site1_name", "site1_city", "site1_seats", "site1_headcount"}
    assert not AdhesionApplication.objects.exists()


def test_a_half_filled_extra_site_must_be_completed(english):
    response = english.post(URL, form_data(site2_city="Arras", site2_country=""))
    assert response.status_code == 200
    errors = response.context["form"].errors.as_data()
    assert set(errors) == {"site2_name", "site2_country", "site2_seats", "site2_headcount"}
    assert {e.code for field in errors.values() for e in field} == {"required"}
    page = response.content.decode()
    assert 'value="Arras"' in page
    assert "Complete this site, or empty all of its fields." in page


def test_a_country_alone_does_not_start_a_site(client, django_capture_on_commit_callbacks):
    response = _post(client, django_capture_on_commit_callbacks, site2_country="BE")
    assert response.status_code == 302
    assert len(AdhesionApplication.objects.get().sites) == 1


@pytest.mark.parametrize(
    ("field", "value", "code"),
    [
        ("site1_seats", "-1", "min_value"),
        ("site1_seats", "1000000000000", "max_value"),
        ("site1_headcount", "many", "invalid"),
        ("site1_country", "XX", "invalid_choice"),
        ("site1_city", "L" * 10_000, "max_length"),
        ("site3_name", "N" * 10_000, "max_length"),
    ],
)
def test_a_bad_site_value_is_refused(client, field, value, code):
    response = client.post(URL, form_data(**{field: value}))
    assert response.status_code == 200
    assert code in _codes(response, field)
    assert not AdhesionApplication.objects.exists()


@pytest.mark.parametrize(
    ("field", "limit"),
    [("legal_name", 200), ("contact_name", 150), ("message", 5000)],
)
def test_over_long_text_is_refused(client, field, limit):
    response = client.post(URL, form_data(**{field: "x" * 10_000}))
    assert response.status_code == 200
    assert _codes(response, field) == {"max_length"}
    assert not AdhesionApplication.objects.exists()
    assert client.post(URL, form_data(**{field: "x" * limit})).status_code == 302


def test_markup_is_shown_escaped(client, django_capture_on_commit_callbacks, committee_member):
    script = "<script>alert('x')</script>"
    response = client.post(URL, form_data(legal_name=script, siren="bad"))
    page = response.content.decode()
    assert script not in page
    assert "&lt;script&gt;" in page

    _post(client, django_capture_on_commit_callbacks, legal_name=script, message=script)
    application = AdhesionApplication.objects.get()
    assert application.legal_name == script  # stored as typed, escaped when shown
    html = only_mail_to(committee_member.email).alternatives[0][0]
    assert script not in html and "&lt;script&gt;" in html
    client.force_login(committee_member)
    url = reverse("signatories:application_detail", args=[application.pk])
    page = client.get(url).content.decode()
    assert script not in page
    assert "&lt;script&gt;" in page


def test_the_text_e_mail_is_not_html_escaped(client, django_capture_on_commit_callbacks):
    _post(client, django_capture_on_commit_callbacks, legal_name="Dupont & Fils <Appels>")
    receipt = only_mail_to("lea.martin@gamma.example")
    assert "Dupont & Fils <Appels>" in receipt.subject
    assert "Dupont & Fils <Appels>" in receipt.body
    assert "Dupont &amp; Fils &lt;Appels&gt;" in receipt.alternatives[0][0]


@pytest.mark.parametrize(
    "text", ["Centre d’appels 📞✨ Zoé", "مركز الاتصال في الدار البيضاء", "מוקד שירות לקוחות"]
)
def test_emoji_and_right_to_left_text_are_kept(
    client, django_capture_on_commit_callbacks, committee_member, text
):
    response = _post(
        client,
        django_capture_on_commit_callbacks,
        legal_name=text,
        contact_name=text,
        message=text,
        site1_name=text,
        site1_city=text,
    )
    assert response.status_code == 302
    application = AdhesionApplication.objects.get()
    assert application.legal_name == application.message == text
    assert application.sites[0]["city"] == text
    client.force_login(committee_member)
    page = client.get(reverse("signatories:application_detail", args=[application.pk]))
    assert text in page.content.decode()


def test_a_logged_in_user_may_apply_too(client, contributor_a):
    client.force_login(contributor_a)
    assert client.post(URL, form_data()).status_code == 302


# --- No open relay: what the applicant receives, and how often ---------------------------

ADVERT = "Offre spéciale, appelez le 0899"


def test_the_acknowledgement_carries_nothing_typed_but_the_name_and_siren(
    client, django_capture_on_commit_callbacks, committee_member
):
    fields = ("contact_name", "message", "site1_name", "site1_city")
    _post(
        client,
        django_capture_on_commit_callbacks,
        legal_name="Gamma Appels SAS",
        **{field: f"{ADVERT} {field}" for field in fields},
    )
    receipt = only_mail_to("lea.martin@gamma.example")
    for part in (receipt.subject, receipt.body, receipt.alternatives[0][0]):
        assert "0899" not in part
    assert "Ceci est un accusé de réception automatique" in receipt.body
    assert f"Gamma Appels SAS (SIREN {SIREN})" in receipt.body
    # The committee's notice goes to the committee's own addresses only.
    assert sorted(m.to[0] for m in mail.outbox) == [
        committee_member.email,
        "lea.martin@gamma.example",
    ]


def _apply(client, captured, number: int, **overrides):
    return _post(client, captured, siren=siren_for(900 + number), **overrides)


def test_too_many_applications_from_one_client_are_refused_and_nothing_is_sent(
    client, django_capture_on_commit_callbacks, committee_member, settings
):
    settings.EMAIL_LIMIT_PER_CLIENT = "3/h"
    for number in range(3):
        response = _apply(
            client, django_capture_on_commit_callbacks, number, contact_email=f"c{number}@x.example"
        )
        assert response.status_code == 302
    mail.outbox.clear()

    response = _apply(
        client,
        django_capture_on_commit_callbacks,
        3,
        contact_email="victim@x.example",
        legal_name=ADVERT,
        message="Mon message",
    )
    assert response.status_code == 429
    assert 0 < int(response["Retry-After"]) <= 3600
    page = response.content.decode()
    assert "Trop de demandes\u00a0: rien n’a été envoyé" in page
    # What was typed is still in the form.
    assert f'value="{ADVERT}"' in page and "Mon message</textarea>" in page
    assert mail.outbox == []
    assert AdhesionApplication.objects.count() == 3


def test_too_many_applications_for_one_address_are_refused_from_any_client(
    english, django_capture_on_commit_callbacks, settings
):
    settings.EMAIL_LIMIT_PER_ADDRESS = "2/h"
    for number in range(2):
        english.defaults["REMOTE_ADDR"] = f"192.0.2.{number + 1}"
        assert _apply(english, django_capture_on_commit_callbacks, number).status_code == 302
    english.defaults["REMOTE_ADDR"] = "192.0.2.9"
    response = _apply(
        english, django_capture_on_commit_callbacks, 2, contact_email="LEA.martin@gamma.example"
    )
    assert response.status_code == 429
    assert "Too many requests: nothing was sent" in response.content.decode()
    assert "send the form again in" in response.content.decode()
    assert AdhesionApplication.objects.count() == 2
