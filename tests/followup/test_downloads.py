"""Protected downloads (core.downloads): streamed by default; handed to nginx with
X-Accel-Redirect when PROTECTED_MEDIA_ACCEL_PREFIX is set; a signed, short-lived link with
S3 storage. Always after the rights check, always as an attachment with the same headers.
A storage without local paths (an object store) works for uploads, PDFs and downloads."""

import os
from urllib.parse import parse_qs, urlsplit

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import InMemoryStorage, default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.http import Http404
from django.urls import reverse
from django.utils._os import safe_join

from core.downloads import accel_path
from documents.models import Document
from followup.models import Evidence
from tests.factories import CertificationFactory, pdf_bytes

pytestmark = pytest.mark.django_db

PREFIX = "/protected-media/"
SANDBOX = "sandbox; default-src 'none'"


def _evidence(company, name="Rapport été 2024.pdf", content=None) -> Evidence:
    evidence = Evidence(
        company=company,
        certification=CertificationFactory(company=company),
        original_name=name,
        content_type="application/pdf",
        size=10,
        sha256="0" * 64,
    )
    evidence.file.save("x.pdf", ContentFile(content or pdf_bytes()), save=True)
    return evidence


def _document(company, campaign) -> Document:
    document = Document.objects.create(
        kind="card", company=company, campaign=campaign, language="fr", status="done", pages=1
    )
    document.file.save("x.pdf", ContentFile(b"%PDF-1.7 carte"), save=True)
    return document


def _assert_attachment(response, content_type: str, filename_part: str) -> None:
    assert response["Content-Type"] == content_type
    assert response["Content-Disposition"].startswith("attachment; ")
    assert filename_part in response["Content-Disposition"]
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Security-Policy"] == SANDBOX
    assert response["Cache-Control"] == "private, no-store"


# --- X-Accel-Redirect --------------------------------------------------------------------


@pytest.fixture
def accel(settings):
    settings.PROTECTED_MEDIA_ACCEL_PREFIX = PREFIX


def test_evidence_is_handed_to_nginx_after_the_rights_check(
    client, accel, contributor_a, company_a
):
    evidence = _evidence(company_a)
    client.force_login(contributor_a)
    response = client.get(reverse("followup:evidence_download", args=[evidence.pk]))
    assert response.status_code == 200
    assert response.content == b""
    assert response["X-Accel-Redirect"] == PREFIX + evidence.file.name
    assert evidence.file.name.startswith("evidence/")
    # The display name, non-ASCII, encoded as RFC 6266 says.
    _assert_attachment(
        response, "application/pdf", "filename*=utf-8''Rapport%20%C3%A9t%C3%A9%202024.pdf"
    )


def test_a_generated_document_is_handed_to_nginx(client, accel, contributor_a, company_a, campaign):
    document = _document(company_a, campaign)
    client.force_login(contributor_a)
    response = client.get(reverse("documents:document_download", args=[document.pk]))
    assert response.status_code == 200 and response.content == b""
    assert response["X-Accel-Redirect"] == PREFIX + document.file.name
    _assert_attachment(response, "application/pdf", f'filename="fiche-{company_a.siren}-')


def test_an_outsider_gets_no_file_path(client, accel, contributor_b, company_a, campaign):
    evidence, document = _evidence(company_a), _document(company_a, campaign)
    client.force_login(contributor_b)
    for url in (
        reverse("followup:evidence_download", args=[evidence.pk]),
        reverse("documents:document_download", args=[document.pk]),
    ):
        response = client.get(url)
        assert response.status_code == 404
        assert "X-Accel-Redirect" not in response
    client.logout()
    response = client.get(reverse("followup:evidence_download", args=[evidence.pk]))
    assert response.status_code == 302 and "X-Accel-Redirect" not in response


def test_a_file_missing_from_storage_is_a_404_not_a_redirect(
    client, accel, contributor_a, company_a
):
    evidence = _evidence(company_a)
    default_storage.delete(evidence.file.name)
    client.force_login(contributor_a)
    response = client.get(reverse("followup:evidence_download", args=[evidence.pk]))
    assert response.status_code == 404
    assert "X-Accel-Redirect" not in response


@pytest.mark.parametrize(
    "name", ["", "/etc/passwd", "evidence/../../etc/passwd", "evidence//x.pdf", "a\\b.pdf"]
)
def test_an_odd_stored_name_never_becomes_an_internal_path(settings, name):
    settings.PROTECTED_MEDIA_ACCEL_PREFIX = PREFIX
    with pytest.raises(Http404):
        accel_path(name)


def test_a_stored_name_is_quoted_in_the_internal_path(settings):
    settings.PROTECTED_MEDIA_ACCEL_PREFIX = PREFIX
    expected = "/protected-media/evidence/2025/01/a%20b%25.pdf"
    assert accel_path("evidence/2025/01/a b%.pdf") == expected


def test_without_the_prefix_the_file_is_streamed(client, contributor_a, company_a):
    evidence = _evidence(company_a, content=pdf_bytes("contenu"))
    client.force_login(contributor_a)
    response = client.get(reverse("followup:evidence_download", args=[evidence.pk]))
    assert "X-Accel-Redirect" not in response
    assert b"contenu" in b"".join(response.streaming_content)
    _assert_attachment(response, "application/pdf", "filename*=utf-8''Rapport")


# --- A storage without local paths ---------------------------------------------------------


class PathlessStorage(InMemoryStorage):
    """Files in memory and no ``path()``, like an object store."""

    def path(self, name):
        raise NotImplementedError("This storage has no local paths.")

    def _relative_path(self, name):  # InMemoryStorage's own bookkeeping, not a local path
        return os.path.relpath(safe_join(self.location, name), self.location)

    def _resolve(self, name, *args, **kwargs):
        try:
            return super()._resolve(name, *args, **kwargs)
        except NotImplementedError:  # raised from path() on a missing file
            raise FileNotFoundError(name) from None


@pytest.fixture
def memory_storage(settings):
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {"BACKEND": f"{__name__}.PathlessStorage"},
    }
    with pytest.raises(NotImplementedError):
        default_storage.path("x")
    return default_storage


def test_evidence_uploads_and_downloads_without_local_paths(
    client, memory_storage, contributor_a, company_a
):
    client.force_login(contributor_a)
    upload = SimpleUploadedFile("certificat.pdf", pdf_bytes("en mémoire"), "application/pdf")
    response = client.post(
        reverse("followup:certification_create", args=[company_a.pk]),
        {
            "scheme": "iso_9001",
            "scheme_other": "",
            "number": "ISO-1",
            "issuer": "Bureau Veritas",
            "valid_from": "2024-01-01",
            "valid_until": "2027-01-01",
            "status": "valid",
            "evidence": upload,
        },
    )
    assert response.status_code == 302
    evidence = Evidence.objects.get()
    assert memory_storage.exists(evidence.file.name)
    download = client.get(reverse("followup:evidence_download", args=[evidence.pk]))
    assert b"en m\xc3\xa9moire" in b"".join(download.streaming_content)


def test_a_pdf_is_made_and_downloaded_without_local_paths(
    client, memory_storage, committee_member, campaign, monkeypatch
):
    from django.utils import timezone

    from documents import pdf

    monkeypatch.setattr(
        pdf,
        "render_campaign_report",
        lambda **kwargs: pdf.RenderedPdf(
            content=b"%PDF-1.7 rapport", pages=1, data_read_at=timezone.now()
        ),
    )
    client.force_login(committee_member)
    client.post(reverse("documents:campaign_report_request", args=[campaign.pk]))
    document = Document.objects.get()
    assert document.status == "done" and memory_storage.exists(document.file.name)
    download = client.get(reverse("documents:document_download", args=[document.pk]))
    assert b"".join(download.streaming_content) == b"%PDF-1.7 rapport"


# --- S3-compatible storage ---------------------------------------------------------------


@pytest.fixture
def s3(settings):
    """django-storages' S3 storage against an address nothing listens on: signing a link
    needs no network, so a redirection is checked without a store."""
    pytest.importorskip("storages.backends.s3")
    settings.MEDIA_STORAGE = "s3"
    settings.MEDIA_S3_DOWNLOAD = "redirect"
    settings.AWS_QUERYSTRING_EXPIRE = 60
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            "BACKEND": "storages.backends.s3.S3Storage",
            "OPTIONS": {
                "bucket_name": "charte-preuves",
                "endpoint_url": "http://127.0.0.1:9",
                "region_name": "eu-west-3",
                "access_key": "test-access-key",
                "secret_key": "test-secret-key",
                "default_acl": "private",
                "querystring_auth": True,
                "querystring_expire": 60,
                "file_overwrite": False,
                "signature_version": "s3v4",
                "addressing_style": "path",
            },
        },
    }


def _stored_evidence(company, name: str) -> Evidence:
    """An Evidence row whose file is in the bucket (not written: nothing listens)."""
    return Evidence.objects.create(
        company=company,
        certification=CertificationFactory(company=company),
        file="evidence/2025/01/0123abcd.pdf",
        original_name=name,
        content_type="application/pdf",
        size=10,
        sha256="0" * 64,
    )


def test_with_s3_the_reader_is_sent_to_a_signed_short_lived_link(
    client, s3, contributor_a, company_a
):
    evidence = _stored_evidence(company_a, "Rapport été.pdf")
    client.force_login(contributor_a)
    response = client.get(reverse("followup:evidence_download", args=[evidence.pk]))
    assert response.status_code == 302
    assert response["Cache-Control"] == "private, no-store"
    assert response["Referrer-Policy"] == "no-referrer"
    link = urlsplit(response["Location"])
    assert (link.scheme, link.netloc) == ("http", "127.0.0.1:9")
    assert link.path == "/charte-preuves/evidence/2025/01/0123abcd.pdf"
    query = parse_qs(link.query)
    assert query["X-Amz-Expires"] == ["60"]
    assert query["X-Amz-Signature"]
    assert query["response-content-type"] == ["application/pdf"]
    assert query["response-content-disposition"] == [
        "attachment; filename*=utf-8''Rapport%20%C3%A9t%C3%A9.pdf"
    ]
    assert query["response-cache-control"] == ["private, no-store"]


def test_with_s3_an_outsider_gets_no_link(client, s3, contributor_b, company_a):
    evidence = _stored_evidence(company_a, "a.pdf")
    client.force_login(contributor_b)
    response = client.get(reverse("followup:evidence_download", args=[evidence.pk]))
    assert response.status_code == 404
    assert "X-Amz-Signature" not in response.get("Location", "")


def test_with_s3_a_generated_document_is_a_signed_link_too(
    client, s3, committee_member, company_a, campaign
):
    document = Document.objects.create(
        kind="card",
        company=company_a,
        campaign=campaign,
        language="fr",
        status="done",
        pages=1,
        file="documents/2025/01/cafe.pdf",
    )
    client.force_login(committee_member)
    response = client.get(reverse("documents:document_download", args=[document.pk]))
    assert response.status_code == 302
    query = parse_qs(urlsplit(response["Location"]).query)
    assert query["response-content-disposition"][0].startswith('attachment; filename="fiche-')
