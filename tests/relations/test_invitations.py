"""Inviting a party outside the base: the e-mail sent when a relation is declared with an
address, what it says and does not say, when it left, sending it again (at most once every
7 days) and a mail server that fails."""

import datetime
import html
from smtplib import SMTPException

import pytest
from django.core import mail
from django.core.mail.backends.base import BaseEmailBackend
from django.urls import reverse
from django.utils import timezone
from django.utils.html import strip_tags

from followup.models import Attestation
from relations.models import Relation
from relations.services import INVITATION_INTERVAL
from tests.factories import CampaignFactory, CompanyFactory, siren_for

pytestmark = pytest.mark.django_db

SITE = "https://charte.example.org"
OUTSIDE = siren_for(7100)
TYPED_NAME = "Oméga Achats Nom Tapé"


class FailingBackend(BaseEmailBackend):
    """A mail server that cannot be reached."""

    def send_messages(self, email_messages):
        raise SMTPException("Connection refused")


@pytest.fixture(autouse=True)
def _site(settings):
    settings.SITE_URL = SITE


@pytest.fixture
def failing_mail(settings):
    settings.EMAIL_BACKEND = f"{__name__}.FailingBackend"


def _declare(client, company, capture, **data):
    data = {"side": "client", "siren": OUTSIDE, "name": TYPED_NAME, **data}
    with capture(execute=True):
        return client.post(reverse("relations:relation_create", args=[company.pk]), data)


def _outside(company, *, invited_at=None, email="achats@omega.example", **fields) -> Relation:
    """A relation ``company`` declared as the client of a provider not in the base."""
    fields = {"provider_siren": OUTSIDE, "provider_name": TYPED_NAME, **fields}
    return Relation.objects.create(
        client=company,
        client_siren=company.siren,
        declared_by=Relation.Side.CLIENT,
        invite_email=email,
        invited_at=invited_at,
        **fields,
    )


def _invite_url(company, relation) -> str:
    return reverse("relations:relation_invite", args=[company.pk, relation.pk])


def _resend(client, company, relation, capture, email="achats@omega.example"):
    with capture(execute=True):
        return client.post(_invite_url(company, relation), {"invite_email": email})


def _messages(response) -> str:
    """The messages the request left for the next page (added once the invitation was
    tried, after the commit), as read."""
    return " ".join(
        html.unescape(strip_tags(str(message))) for message in response.wsgi_request._messages
    )


def _text(response) -> str:
    return html.unescape(response.content.decode())


# --- Declaring sends the invitation ----------------------------------------------------------


def test_declaring_a_party_outside_the_base_sends_the_invitation(
    client, contributor_a, company_a, django_capture_on_commit_callbacks, settings
):
    settings.COMMITTEE_EMAIL = "Comité de suivi <comite@charte.example>"
    client.force_login(contributor_a)
    response = _declare(
        client, company_a, django_capture_on_commit_callbacks, invite_email="achats@omega.example"
    )
    assert response.status_code == 302
    relation = Relation.objects.get()
    assert relation.invited_at is not None
    assert relation.history.first().history_user == contributor_a
    [message] = mail.outbox
    assert message.to == ["achats@omega.example"]
    assert message.reply_to == ["Comité de suivi <comite@charte.example>"]
    assert message.subject == (
        "Charte de la relation client\u00a0: Alpha Contact SAS a déclaré une relation avec "
        "votre entreprise / Customer-relations charter: Alpha Contact SAS declared a relation "
        "with your company"
    )
    text, (html, kind) = message.body, message.alternatives[0]
    assert kind == "text/html"
    for body in (text, html):
        # French first, then English; who declared it and on which side; how to adhere.
        french = body.index("Alpha Contact SAS (SIREN")
        english = body.index("declared your company")
        assert french < english
        assert f"déclaré votre entreprise (SIREN {relation.provider_siren_display})" in body
        assert "comme son prestataire" in body and "as its provider" in body
        assert "9 novembre 2010" in body and "9 November 2010" in body
        assert f"{SITE}/" in body and f"{SITE}/axes/3/" in body and f"{SITE}/adherer/" in body
    assert '<div lang="en">' in html
    assert "Une invitation a été envoyée à achats@omega.example." in _messages(response)


def test_a_provider_invites_its_client(
    client, contributor_a, company_a, django_capture_on_commit_callbacks
):
    client.force_login(contributor_a)
    _declare(
        client,
        company_a,
        django_capture_on_commit_callbacks,
        side="provider",
        invite_email="achats@omega.example",
    )
    [message] = mail.outbox
    assert "comme son client" in message.body and "as its client" in message.body
    assert "as its provider" not in message.body


def test_the_invitation_says_nothing_else(
    client, contributor_a, company_a, company_b, django_capture_on_commit_callbacks
):
    """Neither the name typed for the invited company (anyone could send their own text
    through it), nor the person who declared, nor any other relation, status or answer."""
    theirs = Relation.objects.create(
        client=company_a,
        client_siren=company_a.siren,
        provider=company_b,
        provider_siren=company_b.siren,
        declared_by=Relation.Side.CLIENT,
        status=Relation.Status.DISPUTED,
        dispute_reason="Raison confidentielle",
    )
    Attestation.objects.create(
        relation=theirs,
        campaign=CampaignFactory(),
        side="client",
        **dict.fromkeys(Attestation.PRACTICES, Attestation.Answer.YES),
        comment="Commentaire confidentiel",
    )
    _outside(company_a, provider_siren=siren_for(7200), provider_name="Autre Prestataire")
    client.force_login(contributor_a)
    _declare(
        client,
        company_a,
        django_capture_on_commit_callbacks,
        name="<b>Gagnez un iPhone</b> http://arnaque.example",
        invite_email="achats@omega.example",
    )
    [message] = mail.outbox
    everything = message.subject + message.body + message.alternatives[0][0]
    for secret in (
        "iPhone",
        "arnaque",
        company_b.legal_name,
        company_b.siren,
        "Raison confidentielle",
        "Commentaire confidentiel",
        "Autre Prestataire",
        siren_for(7200),
        contributor_a.email,
        contributor_a.get_full_name(),
        "/espace/",
    ):
        assert secret not in everything, secret


def test_no_address_no_e_mail(client, contributor_a, company_a, django_capture_on_commit_callbacks):
    client.force_login(contributor_a)
    _declare(client, company_a, django_capture_on_commit_callbacks)
    assert not mail.outbox
    assert Relation.objects.get().invited_at is None


def test_a_party_in_the_base_is_not_invited(
    client, contributor_a, company_a, company_b, django_capture_on_commit_callbacks
):
    client.force_login(contributor_a)
    _declare(
        client,
        company_a,
        django_capture_on_commit_callbacks,
        siren=company_b.siren,
        invite_email="achats@omega.example",
    )
    assert not mail.outbox
    relation = Relation.objects.get()
    assert relation.provider == company_b and relation.invite_email == ""


def test_declaring_counts_against_the_e_mail_limits(
    client, contributor_a, company_a, settings, django_capture_on_commit_callbacks
):
    settings.EMAIL_LIMIT_PER_ADDRESS = "1/h"
    client.force_login(contributor_a)
    _declare(client, company_a, django_capture_on_commit_callbacks, invite_email="x@omega.example")
    response = _declare(
        client,
        company_a,
        django_capture_on_commit_callbacks,
        siren=siren_for(7300),
        invite_email="x@omega.example",
    )
    assert response.status_code == 429
    assert "Trop de demandes" in _text(response)
    assert siren_for(7300) in _text(response)  # what was typed is kept
    assert len(mail.outbox) == 1 and Relation.objects.count() == 1


# --- When it left, on the declaring side's pages ---------------------------------------------


def test_the_list_and_the_page_say_when_it_left(client, contributor_a, company_a):
    sent = timezone.make_aware(datetime.datetime(2025, 12, 3, 10, 0))
    relation = _outside(company_a, invited_at=sent)
    client.force_login(contributor_a)
    listing = client.get(reverse("relations:relation_list", args=[company_a.pk]))
    assert "Invitation envoyée le 3 décembre 2025" in _text(listing)
    page = client.get(reverse("relations:relation_answer", args=[company_a.pk, relation.pk]))
    text = page.content.decode()
    assert "Invitation envoyée le 3 décembre 2025 (achats@omega.example)" in text
    assert 'value="achats@omega.example"' in text  # the form, with the address to correct


def test_the_other_side_never_reads_the_address(client, company_a, company_b, contributor_b):
    """B adhered after A named it by SIREN: the address A gave stays A's."""
    relation = _outside(company_a, provider_siren=company_b.siren, invited_at=timezone.now())
    client.force_login(contributor_b)
    listing = client.get(reverse("relations:relation_list", args=[company_b.pk]))
    page = client.get(reverse("relations:relation_answer", args=[company_b.pk, relation.pk]))
    for response in (listing, page):
        assert "achats@omega.example" not in response.content.decode()
        assert "Invitation" not in response.content.decode()


# --- A mail server that fails ----------------------------------------------------------------


def test_a_failing_mail_server_does_not_stop_the_declaration(
    client, contributor_a, company_a, failing_mail, django_capture_on_commit_callbacks, caplog
):
    client.force_login(contributor_a)
    response = _declare(
        client, company_a, django_capture_on_commit_callbacks, invite_email="achats@omega.example"
    )
    assert response.status_code == 302
    relation = Relation.objects.get()
    assert relation.invite_email == "achats@omega.example" and relation.invited_at is None
    assert "could not be sent" in caplog.text
    said = _messages(response)
    assert "La relation avec" in said
    assert "L'invitation à achats@omega.example n'a pas pu être envoyée" in said
    listing = client.get(reverse("relations:relation_list", args=[company_a.pk]))
    assert "Invitation non envoyée (achats@omega.example)" in listing.content.decode()
    page = client.get(reverse("relations:relation_answer", args=[company_a.pk, relation.pk]))
    assert "Envoyer l'invitation" in _text(page)


def test_an_invitation_that_did_not_leave_may_be_sent_at_once(
    client, contributor_a, company_a, django_capture_on_commit_callbacks
):
    relation = _outside(company_a)
    client.force_login(contributor_a)
    response = _resend(client, company_a, relation, django_capture_on_commit_callbacks)
    assert response.status_code == 302
    assert [message.to for message in mail.outbox] == [["achats@omega.example"]]
    relation.refresh_from_db()
    assert relation.invited_at is not None


def test_a_failed_resend_says_so_and_keeps_the_date(
    client, contributor_a, company_a, failing_mail, django_capture_on_commit_callbacks
):
    before = timezone.now() - INVITATION_INTERVAL - datetime.timedelta(hours=1)
    relation = _outside(company_a, invited_at=before)
    client.force_login(contributor_a)
    response = _resend(client, company_a, relation, django_capture_on_commit_callbacks)
    assert response.status_code == 302
    assert "n'a pas pu être envoyée" in _messages(response)
    relation.refresh_from_db()
    assert relation.invited_at == before


# --- Sending it again ------------------------------------------------------------------------


def test_it_is_sent_again_after_7_days_to_the_address_corrected(
    client, contributor_a, company_a, django_capture_on_commit_callbacks
):
    before = timezone.now() - INVITATION_INTERVAL - datetime.timedelta(minutes=1)
    relation = _outside(company_a, invited_at=before, email="achats@omgea.example")
    client.force_login(contributor_a)
    response = _resend(
        client, company_a, relation, django_capture_on_commit_callbacks, "achats@omega.example"
    )
    assert response.status_code == 302
    [message] = mail.outbox
    assert message.to == ["achats@omega.example"]
    relation.refresh_from_db()
    assert relation.invite_email == "achats@omega.example" and relation.invited_at > before
    assert "Une invitation a été envoyée à achats@omega.example." in _messages(response)


def test_it_is_not_sent_again_within_7_days(
    client, contributor_a, company_a, django_capture_on_commit_callbacks
):
    sent = timezone.now() - datetime.timedelta(days=6, hours=23)
    relation = _outside(company_a, invited_at=sent)
    client.force_login(contributor_a)
    page = client.get(reverse("relations:relation_answer", args=[company_a.pk, relation.pk]))
    assert "au plus une fois tous les 7\u00a0jours" in _text(page)
    assert f'action="{_invite_url(company_a, relation)}"' not in page.content.decode()
    response = _resend(
        client, company_a, relation, django_capture_on_commit_callbacks, "autre@omega.example"
    )
    assert response.status_code == 200
    text = _text(response)
    assert "L'invitation a été envoyée le" in text and "à partir du" in text
    assert 'value="autre@omega.example"' in text  # kept as typed
    assert not mail.outbox
    relation.refresh_from_db()
    assert relation.invited_at == sent and relation.invite_email == "achats@omega.example"


@pytest.mark.parametrize("state", ["disputed", "adhered"])
def test_it_is_not_sent_once_disputed_or_once_the_party_adhered(
    client, contributor_a, company_a, state, django_capture_on_commit_callbacks
):
    relation = _outside(company_a)
    if state == "disputed":
        Relation.objects.filter(pk=relation.pk).update(status="disputed", dispute_reason="Non.")
        message = "La relation est contestée"
    else:
        CompanyFactory(siren=OUTSIDE)
        message = "L'autre entreprise a adhéré à la charte"
    client.force_login(contributor_a)
    response = _resend(client, company_a, relation, django_capture_on_commit_callbacks)
    assert response.status_code == 200
    assert message in _text(response)
    assert not mail.outbox


def test_an_address_is_required_to_send_again(
    client, contributor_a, company_a, django_capture_on_commit_callbacks
):
    relation = _outside(company_a, email="")
    client.force_login(contributor_a)
    response = _resend(client, company_a, relation, django_capture_on_commit_callbacks, "")
    assert response.status_code == 200
    assert "Ce champ est obligatoire" in response.content.decode()
    assert not mail.outbox


def test_sending_again_counts_against_the_e_mail_limits(
    client, contributor_a, company_a, settings, django_capture_on_commit_callbacks
):
    settings.EMAIL_LIMIT_PER_ACCOUNT = "0/h"
    relation = _outside(company_a)
    client.force_login(contributor_a)
    response = _resend(client, company_a, relation, django_capture_on_commit_callbacks)
    assert response.status_code == 429 and response["Retry-After"]
    assert 'value="achats@omega.example"' in response.content.decode()
    assert not mail.outbox


def test_only_the_declaring_company_sends_it_again(
    client,
    contributor_a,
    contributor_b,
    committee_member,
    company_a,
    company_b,
    django_capture_on_commit_callbacks,
):
    """Another company gets 404 (through its own space as through A's), the committee
    403; the side that did not declare a relation gets 403 (tests/security has every
    role)."""
    relation = _outside(company_a)
    theirs = Relation.objects.create(
        client=company_a,
        client_siren=company_a.siren,
        provider=company_b,
        provider_siren=company_b.siren,
        declared_by=Relation.Side.PROVIDER,
    )
    capture = django_capture_on_commit_callbacks
    client.force_login(contributor_b)
    assert _resend(client, company_a, relation, capture).status_code == 404
    assert _resend(client, company_b, relation, capture).status_code == 404
    client.force_login(committee_member)
    assert _resend(client, company_a, relation, capture).status_code == 403
    client.force_login(contributor_a)
    assert _resend(client, company_a, theirs, capture).status_code == 403
    assert client.get(_invite_url(company_a, relation)).status_code == 405
    assert not mail.outbox


def test_the_invitation_in_english_reads_the_same(
    client, contributor_a, company_a, django_capture_on_commit_callbacks
):
    """The recipient's language is unknown: the e-mail is in French then English whatever
    the declaring person's language."""
    client.cookies["django_language"] = "en"
    client.force_login(contributor_a)
    _declare(client, company_a, django_capture_on_commit_callbacks, invite_email="x@omega.example")
    [message] = mail.outbox
    assert message.subject.startswith("Charte de la relation client")
    assert message.body.index("Bonjour") < message.body.index("Hello")
