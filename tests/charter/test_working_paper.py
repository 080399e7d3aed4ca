"""Measure 3.1's working paper: kept by the committee in the admin, in versions, shown on
the axis 3 page once published, its latest file downloadable by anyone."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from charter.models import Measure, WorkingPaper, WorkingPaperVersion
from tests.factories import UserFactory, pdf_bytes

pytestmark = pytest.mark.django_db

ADOPTED = datetime.date(2025, 1, 1)


@pytest.fixture(autouse=True)
def _private_media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def make_paper(status=WorkingPaper.Status.PUBLISHED, adopted_on=ADOPTED, versions=2):
    paper = WorkingPaper.objects.create(
        measure=Measure.objects.get(code="3.1"),
        title="Pratiques contractuelles durables",
        title_en="Durable contract practices",
        status=status,
        adopted_on=adopted_on,
    )
    for number in range(1, versions + 1):
        version = WorkingPaperVersion(
            paper=paper,
            number=number,
            summary=f"Résumé de la version {number}.",
            summary_en=f"Summary of version {number}.",
        )
        version.file.save("doc.pdf", ContentFile(pdf_bytes(f"v{number}")), save=True)
    return paper


def unsaved(**fields):
    values = {
        "measure": Measure.objects.get(code="3.1"),
        "title": "Pratiques contractuelles durables",
        "status": WorkingPaper.Status.ADOPTED,
        "adopted_on": ADOPTED,
    }
    return WorkingPaper(**{**values, **fields})


# --- the paper's rules ---------------------------------------------------------------------


def test_a_well_formed_paper_is_valid():
    unsaved().full_clean()
    unsaved(status=WorkingPaper.Status.DRAFT, adopted_on=None).full_clean()


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"status": "adopted", "adopted_on": None}, "demande le jour où le comité l'a adopté"),
        ({"status": "published", "adopted_on": None}, "demande le jour où le comité l'a adopté"),
        ({"status": "draft"}, "Un brouillon n'a pas encore de date d'adoption"),
        (
            {"adopted_on": timezone.localdate() + datetime.timedelta(days=1)},
            "La date d'adoption est dans le futur",
        ),
    ],
)
def test_each_bad_status_or_date_is_refused_with_its_reason(fields, message):
    with pytest.raises(ValidationError) as error:
        unsaved(**fields).full_clean()
    assert message in " ".join(error.value.message_dict["adopted_on"])


@pytest.mark.parametrize(
    ("status", "adopted_on"),
    [("adopted", None), ("published", None), ("draft", ADOPTED)],
)
def test_the_database_holds_the_adoption_date_to_the_status(status, adopted_on):
    with pytest.raises(IntegrityError), transaction.atomic():
        unsaved(status=status, adopted_on=adopted_on).save()


def test_a_measure_has_one_published_paper_at_most():
    make_paper(versions=0)
    with pytest.raises(ValidationError) as error:
        unsaved(status="published").full_clean()
    assert "a déjà un document de travail publié" in str(error.value)
    with pytest.raises(IntegrityError), transaction.atomic():
        unsaved(status="published").save()


# --- the versions' rules -------------------------------------------------------------------


def version_of(paper, number=3, content=None, name="v.pdf"):
    version = WorkingPaperVersion(paper=paper, number=number, summary="Résumé.")
    version.file = SimpleUploadedFile(name, pdf_bytes() if content is None else content)
    return version


def test_a_new_pdf_version_after_the_latest_is_valid():
    version_of(make_paper()).full_clean()


def test_a_version_number_must_increase():
    paper = make_paper()
    with pytest.raises(ValidationError) as error:
        version_of(paper, number=2).full_clean()
    assert "après la dernière (2)\u00a0: numérotez-la 3 ou plus" in error.value.messages[0]
    with pytest.raises(ValidationError):
        version_of(paper, number=0).full_clean()


def test_the_database_keeps_version_numbers_unique_per_paper():
    paper = make_paper()
    with pytest.raises(IntegrityError), transaction.atomic():
        WorkingPaperVersion.objects.create(paper=paper, number=2, summary="x", file="x.pdf")


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("note.pdf", b"plain text, no PDF", "n'est pas un fichier PDF"),
        ("note.docx", None, "n'est pas un fichier PDF"),
        ("vide.pdf", b"", "est vide"),
    ],
)
def test_a_file_that_is_no_pdf_is_refused(name, content, message):
    with pytest.raises(ValidationError) as error:
        version_of(make_paper(), name=name, content=content).full_clean()
    assert message in " ".join(error.value.message_dict["file"])


def test_a_file_over_the_limit_is_refused(settings):
    settings.EVIDENCE_MAX_BYTES = 100
    with pytest.raises(ValidationError) as error:
        version_of(make_paper(), content=pdf_bytes("x" * 200)).full_clean()
    assert "la limite est de 100" in " ".join(error.value.message_dict["file"])


def test_a_version_keeps_its_history():
    paper = make_paper(versions=1)
    version = paper.versions.get()
    version.summary = "Nouveau résumé."
    version.save()
    assert version.history.count() == 2
    assert paper.history.count() == 1


# --- the axis 3 page -----------------------------------------------------------------------


def axis_3(client):
    return client.get(reverse("charter:axis_detail", args=[3]))


def test_the_axis_page_shows_the_published_paper_and_its_latest_version(
    client, django_assert_num_queries
):
    paper = make_paper()
    latest = paper.versions.get(number=2)
    # charter, axis, measures, their indicators, the published working papers, the other
    # axes; savepoint and release.
    with django_assert_num_queries(8):
        response = axis_3(client)
    page = response.content.decode()
    assert "Pratiques contractuelles durables" in page
    assert "Adopté par le comité de suivi le 1er janvier 2025\u00a0; version 2." in page
    assert "Résumé de la version 2." in page
    assert "Résumé de la version 1." not in page
    assert reverse("charter:working_paper_download", args=[latest.pk]) in page


def test_the_axis_page_speaks_the_readers_language(client):
    make_paper()
    client.post(reverse("set_language"), {"language": "en"})
    page = axis_3(client).content.decode()
    assert "Durable contract practices" in page
    assert "Summary of version 2." in page
    assert "Adopted by the follow-up committee on" in page


@pytest.mark.parametrize("status", ["draft", "adopted"])
def test_the_axis_page_shows_no_paper_that_is_not_published(client, status):
    make_paper(status=status, adopted_on=None if status == "draft" else ADOPTED)
    page = axis_3(client).content.decode()
    assert "Pratiques contractuelles durables" not in page
    assert "documents-de-travail" not in page


def test_the_axis_page_without_any_paper(client, django_assert_num_queries):
    with django_assert_num_queries(8):
        page = axis_3(client).content.decode()
    assert "documents-de-travail" not in page


# --- downloads -----------------------------------------------------------------------------


def download(client, version):
    return client.get(reverse("charter:working_paper_download", args=[version.pk]))


def test_anyone_downloads_the_latest_version_of_a_published_paper(client):
    latest = make_paper().versions.get(number=2)
    response = download(client, latest)
    assert response.status_code == 200
    assert b"".join(response.streaming_content).startswith(b"%PDF-")
    assert "document-de-travail-3.1-v2.pdf" in response["Content-Disposition"]
    assert response["Content-Type"] == "application/pdf"


@pytest.mark.parametrize(
    ("status", "number"),
    [("published", 1), ("adopted", 2), ("draft", 2)],
)
def test_only_the_committee_downloads_other_versions(client, status, number):
    paper = make_paper(status=status, adopted_on=None if status == "draft" else ADOPTED)
    version = paper.versions.get(number=number)
    assert download(client, version).status_code == 404
    client.force_login(UserFactory(email="autre@example.org"))
    assert download(client, version).status_code == 404
    client.force_login(UserFactory(email="comite@example.org", is_committee_member=True))
    assert download(client, version).status_code == 200


# --- the admin -----------------------------------------------------------------------------


def test_the_admin_lists_and_shows_papers(client, admin_user):
    paper = make_paper()
    client.force_login(admin_user)
    assert client.get(reverse("admin:charter_workingpaper_changelist")).status_code == 200
    assert client.get(reverse("admin:charter_workingpaper_add")).status_code == 200
    page = client.get(reverse("admin:charter_workingpaper_change", args=[paper.pk]))
    assert page.status_code == 200
    content = page.content.decode()
    assert "Résumé de la version 2." in content
    # Each kept file links to the view that sends it; files have no public address.
    for version in paper.versions.all():
        download = reverse("charter:working_paper_download", args=[version.pk])
        assert f'<a href="{download}">{version.download_name}</a>' in content
    assert "working-papers/" not in content


def admin_post(client, paper, versions, **fields):
    data = {
        "measure": paper.measure_id,
        "title": paper.title,
        "title_en": paper.title_en,
        "status": paper.status,
        "adopted_on": paper.adopted_on.isoformat() if paper.adopted_on else "",
        "versions-TOTAL_FORMS": len(versions) + paper.versions.count(),
        "versions-INITIAL_FORMS": paper.versions.count(),
        "versions-MIN_NUM_FORMS": 0,
        "versions-MAX_NUM_FORMS": 1000,
        **fields,
    }
    for index, version in enumerate(paper.versions.order_by("-number")):
        data[f"versions-{index}-id"] = version.pk
        data[f"versions-{index}-paper"] = paper.pk
        data[f"versions-{index}-number"] = version.number
        data[f"versions-{index}-summary"] = version.summary
    start = paper.versions.count()
    for index, version in enumerate(versions, start=start):
        for name, value in version.items():
            data[f"versions-{index}-{name}"] = value
    return client.post(reverse("admin:charter_workingpaper_change", args=[paper.pk]), data)


def test_the_admin_adds_a_version_and_records_who(client, admin_user):
    paper = make_paper()
    client.force_login(admin_user)
    upload = SimpleUploadedFile("v3.pdf", pdf_bytes("v3"), content_type="application/pdf")
    response = admin_post(client, paper, [{"number": 3, "summary": "Troisième.", "file": upload}])
    assert response.status_code == 302
    added = paper.versions.get(number=3)
    assert added.created_by == admin_user


def test_the_admin_says_what_is_wrong_and_keeps_what_was_typed(client, admin_user):
    paper = make_paper()
    client.force_login(admin_user)
    upload = SimpleUploadedFile("note.pdf", b"hello", content_type="application/pdf")
    response = admin_post(
        client,
        paper,
        [{"number": 1, "summary": "Résumé tapé.", "file": upload}],
        adopted_on=(timezone.localdate() + datetime.timedelta(days=3)).isoformat(),
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert "La date d&#x27;adoption est dans le futur" in page
    assert "n&#x27;est pas un fichier PDF" in page
    assert "Résumé tapé." in page
    assert not paper.versions.filter(number=1, summary="Résumé tapé.").exists()
