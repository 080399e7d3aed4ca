"""`make backup` and `make restore`: a round trip loses nothing, and bad cases are refused
with a message saying what to do."""

import tarfile
import uuid
from pathlib import Path

import pytest
from django.core.management import call_command
from django.db import connection

from config.backup import (
    BackupError,
    Database,
    backup,
    fingerprint,
    media_files,
    read_manifest,
    restore,
)

# The data must be committed for pg_dump, which reads from its own connection.
pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


@pytest.fixture
def source():
    return Database.from_settings(connection.settings_dict)


@pytest.fixture
def empty_target(source, tmp_path):
    """A second, empty database of the same engine to restore into."""
    if source.engine == "sqlite":
        yield Database(engine="sqlite", name=str(tmp_path / "restored.sqlite3"))
        return
    name = f"{source.name}_restore_{uuid.uuid4().hex[:8]}"
    with connection.cursor() as cursor:
        cursor.execute(f'CREATE DATABASE "{name}"')
    yield Database(**{**source.__dict__, "name": name})
    with connection.cursor() as cursor:
        cursor.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.fixture
def data(media, settings):
    """Companies, reports in every state with answers, evidence files, history rows, and
    text no encoding should lose."""
    settings.DEBUG = True  # seed_demo only runs on a development database
    call_command("seed_demo", companies=6, campaigns=2, seed=7, verbosity=0)
    from signatories.models import Company

    company = Company.objects.order_by("pk").first()
    company.legal_name = "Société « Ĳssel » 🧭 עברית"
    company.save()
    extra = Path(media) / "documents" / "note.txt"
    extra.parent.mkdir(parents=True, exist_ok=True)
    extra.write_bytes(b"\x00\x01binary\xff")


def test_a_round_trip_restores_every_row_and_every_file(
    data, media, source, empty_target, tmp_path
):
    archive = tmp_path / "backup.tar"
    manifest = backup(source, Path(media), archive)
    assert sum(manifest["tables"].values()) > 100
    assert manifest["media"], "the demo data has evidence files"
    assert manifest["tables"]["signatories_historicalcompany"] > 0

    restored_media = tmp_path / "restored-media"
    restore(archive, empty_target, restored_media, replace=False)

    assert fingerprint(empty_target) == fingerprint(source)
    assert media_files(restored_media) == media_files(Path(media))


def test_restoring_over_data_needs_replace_and_keeps_the_old_files(data, media, source, tmp_path):
    archive = tmp_path / "backup.tar"
    backup(source, Path(media), archive)
    before = fingerprint(source)
    with pytest.raises(BackupError, match="already holds data"):
        restore(archive, source, Path(media), replace=False)

    # Lose a file and change a row, then restore over them.
    from signatories.models import Company

    Company.objects.update(legal_name="changed")
    (Path(media) / "documents" / "note.txt").unlink()
    restore(archive, source, Path(media), replace=True)
    assert fingerprint(source) == before
    assert (Path(media) / "documents" / "note.txt").read_bytes() == b"\x00\x01binary\xff"
    aside = [p for p in Path(media).parent.iterdir() if ".before-restore-" in p.name]
    assert len(aside) == 1  # the files that were there are moved aside, not deleted


def test_an_archive_of_another_engine_is_refused(data, media, source, tmp_path):
    archive = tmp_path / "backup.tar"
    backup(source, Path(media), archive)
    other = Database(
        engine="postgresql" if source.engine == "sqlite" else "sqlite",
        name=str(tmp_path / "x"),
    )
    with pytest.raises(BackupError, match="comes from"):
        restore(archive, other, tmp_path / "m", replace=True)


def test_a_file_that_is_not_a_backup_is_refused(tmp_path):
    bogus = tmp_path / "bogus.tar"
    bogus.write_bytes(b"not a tar file")
    with pytest.raises(BackupError, match="not a backup"):
        read_manifest(bogus)
    empty = tmp_path / "empty.tar"
    with tarfile.open(empty, "w"):
        pass
    with pytest.raises(BackupError, match="not a backup"):
        read_manifest(empty)


def test_a_restored_database_that_differs_is_reported(data, media, source, tmp_path):
    archive = tmp_path / "backup.tar"
    manifest = backup(source, Path(media), archive)
    manifest["tables"]["signatories_company"] += 1
    from config.backup import verify

    with pytest.raises(BackupError, match="signatories_company: .* expected"):
        verify(manifest, source, Path(media))
