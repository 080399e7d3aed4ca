"""seed_demo's working paper: measure 3.1's, published, in two versions whose files are
real PDFs the public page links to."""

import io

import pytest
from django.core.management import call_command
from django.urls import reverse

from charter.demo import pdf_bytes
from charter.models import WorkingPaper

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _private_media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.DEBUG = True


def test_the_demo_publishes_measure_3_1s_paper_in_two_versions(client):
    out = io.StringIO()
    call_command("seed_demo", companies=3, campaigns=0, seed=1, stdout=out)
    call_command("seed_demo", companies=3, campaigns=0, seed=1, reset=True, stdout=out)
    paper = WorkingPaper.objects.get()
    assert paper.measure.code == "3.1"
    assert paper.status == WorkingPaper.Status.PUBLISHED
    assert list(paper.versions.values_list("number", flat=True)) == [2, 1]
    latest = paper.versions.first()
    assert latest.created_by.email == "comite@demo.example.org"
    page = client.get(reverse("charter:axis_detail", args=[3])).content.decode()
    assert "Pratiques contractuelles durables" in page
    response = client.get(reverse("charter:working_paper_download", args=[latest.pk]))
    assert b"".join(response.streaming_content).startswith(b"%PDF-1.4")


def test_its_pdf_has_a_cross_reference_table_that_points_at_its_objects():
    content = pdf_bytes("Hello")
    start = int(content.rsplit(b"startxref\n", 1)[1].split(b"\n")[0])
    assert content[start:].startswith(b"xref\n0 6\n")
    offsets = content[start:].split(b"\n")[3:8]
    for number, line in enumerate(offsets, start=1):
        offset = int(line.split()[0])
        assert content[offset:].startswith(b"%d 0 obj" % number)
    assert content.endswith(b"%%EOF\n")
