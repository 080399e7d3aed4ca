"""python manage.py export_pdf: the campaign report or a company's card, written to a file;
clear errors on bad input."""

import datetime
import io
import os
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from pypdf import PdfReader

from followup.models import Report
from tests.factories import CampaignFactory, CompanyFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def campaign(db):
    return CampaignFactory(
        name="Campagne 2024",
        period_start=datetime.date(2024, 1, 1),
        period_end=datetime.date(2024, 12, 31),
        opens_on=datetime.date(2025, 1, 15),
        deadline=datetime.date(2025, 3, 31),
        status="closed",
    )


def export(*args) -> str:
    out = io.StringIO()
    call_command("export_pdf", *args, stdout=out)
    return out.getvalue()


def text_of(path) -> str:
    reader = PdfReader(path)
    return " ".join(" ".join(page.extract_text().split()) for page in reader.pages)


def test_it_writes_the_campaign_report(campaign, tmp_path):
    Report.objects.create(campaign=campaign, company=CompanyFactory(), status="validated")
    output = tmp_path / "rapport.pdf"

    said = export("--campaign", str(campaign.pk), "-o", str(output))

    reader = PdfReader(output)
    assert len(reader.pages) > 3
    assert reader.metadata.title.endswith("Campagne 2024")
    assert f"{len(reader.pages)} pages" in said and " s." in said


def test_it_writes_a_company_card_in_english(campaign, tmp_path):
    company = CompanyFactory(legal_name="Carte Contact SAS", siren="732829320")
    # A former record of the SIREN, withdrawn: the command takes the one that adheres.
    CompanyFactory(legal_name="Ancien Contact SA", siren="732829320", status="withdrawn")
    Report.objects.create(campaign=campaign, company=company, status="validated")
    output = tmp_path / "fiche.pdf"

    said = export(
        "--campaign", str(campaign.pk), "--company", "732 829 320", "-o", str(output),
        "--language", "en",
    )  # fmt: skip

    text = text_of(output)
    assert "Carte Contact SAS" in text and "732 829 320" in text
    assert "Ancien Contact SA" not in text
    assert "Report card, Campagne 2024" in text
    assert "Carte Contact SAS" in said and "1 page" in said


@pytest.mark.parametrize(
    ("arguments", "message"),
    [
        (["--campaign", "999"], "No campaign has the id 999. Campaigns: "),
        (["--campaign", "un"], "a whole number"),
        (["--company", "123"], "9 digits"),
        (["--company", "552100554"], "No company has the SIREN 552100554."),
    ],
)
def test_it_fails_clearly_on_bad_input(campaign, tmp_path, arguments, message):
    output = tmp_path / "x.pdf"
    defaults = {"--campaign": str(campaign.pk)}
    pairs = dict(zip(arguments[::2], arguments[1::2], strict=True))
    args = [item for key, value in {**defaults, **pairs}.items() for item in (key, value)]

    with pytest.raises(CommandError, match=message):
        export(*args, "-o", str(output))
    assert not output.exists()


def test_it_fails_clearly_on_an_unwritable_output(campaign, tmp_path):
    with pytest.raises(CommandError, match="does not exist"):
        export("--campaign", str(campaign.pk), "-o", str(tmp_path / "nowhere" / "x.pdf"))
    with pytest.raises(CommandError, match="is a folder"):
        export("--campaign", str(campaign.pk), "-o", str(tmp_path))


@pytest.mark.skipif(os.geteuid() == 0, reason="root writes in any folder")
def test_it_fails_clearly_on_a_folder_it_may_not_write_in(campaign, tmp_path):
    locked = tmp_path / "locked"
    locked.mkdir()
    locked.chmod(0o500)
    try:
        with pytest.raises(CommandError, match="Cannot write .*Permission denied"):
            export("--campaign", str(campaign.pk), "-o", str(locked / "x.pdf"))
    finally:
        locked.chmod(0o700)


@pytest.mark.skipif(not Path("/dev/full").exists(), reason="needs Linux's /dev/full")
def test_it_fails_clearly_when_the_file_cannot_be_written(campaign):
    """Once the document is made (a company's card: the campaign report takes longer to
    make, and is written the same way)."""
    company = CompanyFactory()
    with pytest.raises(CommandError, match="Could not write /dev/full"):
        export("--campaign", str(campaign.pk), "--company", company.siren, "-o", "/dev/full")


def test_an_unknown_language_is_refused(campaign, tmp_path):
    with pytest.raises(CommandError, match="invalid choice"):
        export("--campaign", str(campaign.pk), "-o", str(tmp_path / "x.pdf"), "--language", "de")
