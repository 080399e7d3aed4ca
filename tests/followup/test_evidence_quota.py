"""A report keeps each evidence file once, and its files together within
EVIDENCE_REPORT_MAX_BYTES; a refused file says why and keeps what was typed."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from charter.models import Measure
from followup.models import Evidence
from tests.factories import pdf_bytes
from tests.factories import report_form_data as answers

pytestmark = pytest.mark.django_db


def url(company, campaign):
    return reverse("followup:report_edit", args=[company.pk, campaign.pk])


def field(code: str) -> str:
    return f"p{Measure.objects.get(code=code).pk}_evidence"


def pdf(name: str, content: bytes) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, "application/pdf")


def post(client, company, campaign, *, version: int, files: dict, comment: str = ""):
    data = answers(
        version=version,
        progress={"2.1": ("in_progress", 40, comment), "2.2": ("in_progress", 10, "")},
    )
    for code, upload in files.items():
        data[field(code)] = upload
    return client.post(url(company, campaign), data)


@pytest.fixture
def writer(client, contributor_a, committed_a):
    client.force_login(contributor_a)
    return client


def test_the_limit_of_a_reports_files_is_fifty_megabytes(settings):
    assert settings.EVIDENCE_REPORT_MAX_BYTES == 50 * 1024 * 1024


def test_a_file_the_report_has_already_is_refused_and_the_answers_kept(
    writer, committed_a, campaign, django_assert_max_num_queries
):
    content = pdf_bytes("plan de formation")
    response = post(
        writer, committed_a, campaign, version=0, files={"2.1": pdf("plan.pdf", content)}
    )
    assert response.status_code == 302
    with django_assert_max_num_queries(40):
        response = post(
            writer,
            committed_a,
            campaign,
            version=1,
            files={"2.2": pdf("copie.pdf", content)},
            comment="Formation des conseillers",
        )
    assert response.status_code == 200
    page = response.content.decode()
    assert "«\u00a0copie.pdf\u00a0» est déjà joint à ce rapport, pour la mesure 2.1" in page
    assert "Formation des conseillers" in page  # what was typed stays in the form
    assert Evidence.objects.count() == 1


def test_one_file_sent_twice_at_once_is_stored_once(writer, committed_a, campaign):
    content = pdf_bytes("plan de formation")
    response = post(
        writer,
        committed_a,
        campaign,
        version=0,
        files={"2.1": pdf("plan.pdf", content), "2.2": pdf("plan-bis.pdf", content)},
    )
    assert response.status_code == 200
    assert "«\u00a0plan-bis.pdf\u00a0» est déjà joint" in response.content.decode()
    assert Evidence.objects.count() == 0


def test_files_over_the_reports_limit_are_refused_with_the_reason(
    writer, committed_a, campaign, settings
):
    first, second = pdf_bytes("premier"), pdf_bytes("second fichier")
    settings.EVIDENCE_REPORT_MAX_BYTES = len(first) + len(second) - 1
    assert post(writer, committed_a, campaign, version=0, files={"2.1": pdf("a.pdf", first)})[
        "Location"
    ]
    response = post(
        writer,
        committed_a,
        campaign,
        version=1,
        files={"2.2": pdf("b.pdf", second)},
        comment="Texte tapé",
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert "«\u00a0b.pdf\u00a0» (" in page
    assert "la limite est de" in page
    assert "Retirez un fichier" in page
    assert "Texte tapé" in page
    assert Evidence.objects.count() == 1


def test_a_removed_file_frees_its_room_and_may_come_back(writer, committed_a, campaign, settings):
    content = pdf_bytes("premier")
    settings.EVIDENCE_REPORT_MAX_BYTES = len(content)
    post(writer, committed_a, campaign, version=0, files={"2.1": pdf("a.pdf", content)})
    writer.post(reverse("followup:evidence_remove", args=[Evidence.objects.get().pk]))
    response = post(writer, committed_a, campaign, version=1, files={"2.2": pdf("a.pdf", content)})
    assert response.status_code == 302
    assert Evidence.objects.kept().count() == 1
