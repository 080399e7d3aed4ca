"""PDF documents, tried as every role: a campaign report is the committee's; a company's
card and certificate are its users' and the committee's; anyone else gets 404."""

import pytest
from django.core.files.base import ContentFile
from django.urls import reverse

from documents.models import Document
from tests.permissions import LOGIN, walk

pytestmark = pytest.mark.django_db

COMMITTEE = {
    "anonymous": LOGIN,
    "contributor_a": 403,
    "contributor_b": 403,
    "representative": 403,
    "committee": 200,
    "admin": 200,
}
CAMPAIGN_DOCUMENT = {
    "anonymous": LOGIN,
    "contributor_a": 404,
    "contributor_b": 404,
    "representative": 404,
    "committee": 200,
    "admin": 200,
}
COMPANY_A = {
    "anonymous": LOGIN,
    "contributor_a": 200,
    "contributor_b": 404,
    "representative": 404,
    "committee": 200,
    "admin": 200,
}


def _document(**fields) -> Document:
    document = Document.objects.create(language="fr", status="done", pages=1, **fields)
    document.file.save("x.pdf", ContentFile(b"%PDF-1.7 Alpha Contact SAS"), save=True)
    return document


@pytest.fixture
def documents(company_a, campaign):
    return {
        "campaign": _document(kind="campaign", campaign=campaign),
        "card": _document(kind="card", company=company_a, campaign=campaign),
    }


def test_the_list_of_campaign_reports(client, roles):
    walk(client, roles, "get", reverse("documents:document_list"), COMMITTEE)


def test_asking_for_a_campaign_report(client, roles, campaign, monkeypatch):
    monkeypatch.setattr("documents.services.document_request", _no_task)
    url = reverse("documents:campaign_report_request", args=[campaign.pk])
    walk(client, roles, "post", url, {**COMMITTEE, "committee": 302, "admin": 302})
    walk(client, roles, "get", url, {"anonymous": LOGIN, "contributor_a": 403, "committee": 405})


def test_a_companys_documents_page(client, roles, company_a):
    walk(
        client,
        roles,
        "get",
        reverse("documents:company_documents", args=[company_a.pk]),
        COMPANY_A,
        hidden="Alpha Contact SAS",
    )


def test_asking_for_a_companys_document(client, roles, company_a, monkeypatch):
    monkeypatch.setattr("documents.services.document_request", _no_task)
    for kind in ("fiche", "attestation"):
        url = reverse("documents:company_document_request", args=[company_a.pk, kind])
        walk(
            client,
            roles,
            "post",
            url,
            {**COMPANY_A, "contributor_a": 302, "committee": 302, "admin": 302},
            hidden="Alpha Contact SAS",
        )


@pytest.mark.parametrize("name", ["documents:document_detail", "documents:document_download"])
def test_a_campaign_report_is_the_committees(client, roles, documents, name):
    walk(client, roles, "get", reverse(name, args=[documents["campaign"].pk]), CAMPAIGN_DOCUMENT)


@pytest.mark.parametrize("name", ["documents:document_detail", "documents:document_download"])
def test_a_companys_card_is_its_users_and_the_committees(client, roles, documents, name):
    walk(
        client,
        roles,
        "get",
        reverse(name, args=[documents["card"].pk]),
        COMPANY_A,
        hidden="Alpha Contact SAS",
    )


def test_retrying_follows_the_same_rules(client, roles, documents, monkeypatch):
    monkeypatch.setattr("documents.services.document_request", _no_task)
    url = reverse("documents:document_retry", args=[documents["campaign"].pk])
    walk(client, roles, "post", url, {**CAMPAIGN_DOCUMENT, "committee": 302, "admin": 302})


def test_enumerated_document_ids_answer_404(client, contributor_b, documents):
    client.force_login(contributor_b)
    for document in documents.values():
        for pk in (document.pk, document.pk + 1, document.pk + 100):
            assert client.get(reverse("documents:document_download", args=[pk])).status_code == 404


def _no_task(**kwargs):
    """Record the request without rendering: these tests are about who may ask."""
    return Document.objects.create(
        status="queued",
        requested_by=kwargs["user"],
        language=kwargs["language"],
        kind=kwargs["kind"],
        campaign=kwargs.get("campaign"),
        company=kwargs.get("company"),
    )
