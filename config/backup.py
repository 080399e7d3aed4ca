"""Backups: the database and the uploaded files in one archive, and their restoration.

An archive is a tar file holding:

- ``manifest.json``: when and from what engine it was made, the number of rows of every
  table and the size and SHA-256 of every file, so that a restoration can be checked;
- ``database.dump`` (PostgreSQL, ``pg_dump --format=custom``) or ``database.sqlite3``
  (SQLite, a consistent copy made with SQLite's online backup);
- ``media/``: everything under ``MEDIA_ROOT`` (evidence files, generated documents).

Restoring replaces the database's content with the archive's and puts the files back;
the files that were in ``MEDIA_ROOT`` before are moved aside, never deleted. It then
counts the rows and checks the files against the manifest. Used by ``scripts/backup.py``
(``make backup`` and ``make restore``).
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import sqlite3
import subprocess
import tarfile
import tempfile
from contextlib import closing
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

FORMAT = 1
MANIFEST = "manifest.json"


class BackupError(Exception):
    """A backup or restoration that cannot go on; the message says why and what to do."""


@dataclass(frozen=True)
class Database:
    """What the backup needs to know of a database: Django's settings of it."""

    engine: str  # "postgresql" or "sqlite"
    name: str
    user: str = ""
    password: str = ""
    host: str = ""
    port: str = ""

    @classmethod
    def from_settings(cls, settings_dict: dict) -> Database:
        engine = settings_dict["ENGINE"].rsplit(".", 1)[-1]
        if engine not in ("postgresql", "sqlite3"):
            raise BackupError(f"Backups support PostgreSQL and SQLite, not {engine}.")
        return cls(
            engine="sqlite" if engine == "sqlite3" else engine,
            name=str(settings_dict["NAME"]),
            user=settings_dict.get("USER") or "",
            password=settings_dict.get("PASSWORD") or "",
            host=settings_dict.get("HOST") or "",
            port=str(settings_dict.get("PORT") or ""),
        )

    # PostgreSQL's command-line tools read the connection from these variables, which
    # keeps the password out of the process list.
    def pg_environment(self) -> dict[str, str]:
        variables = {"PGDATABASE": self.name, "PGUSER": self.user, "PGPASSWORD": self.password}
        variables |= {"PGHOST": self.host, "PGPORT": self.port}
        return {**os.environ, **{key: value for key, value in variables.items() if value}}

    def connect(self):
        """A plain DB-API connection, outside Django's, for counting and checking."""
        if self.engine == "sqlite":
            return sqlite3.connect(self.name, uri=self.name.startswith("file:"))
        import psycopg

        return psycopg.connect(
            dbname=self.name,
            user=self.user or None,
            password=self.password or None,
            host=self.host or None,
            port=self.port or None,
        )


# --- What a database holds ---------------------------------------------------------------


def table_names(connection, engine: str) -> list[str]:
    with closing(connection.cursor()) as cursor:
        if engine == "sqlite":
            cursor.execute(
                "SELECT name FROM sqlite_master WHERE type = 'table' "
                "AND name NOT LIKE 'sqlite_%' ORDER BY name"
            )
        else:
            cursor.execute(
                "SELECT tablename FROM pg_tables WHERE schemaname = current_schema() "
                "ORDER BY tablename"
            )
        return [row[0] for row in cursor.fetchall()]


def row_counts(database: Database) -> dict[str, int]:
    """The number of rows of every table."""
    with closing(database.connect()) as connection:
        counts = {}
        for table in table_names(connection, database.engine):
            with closing(connection.cursor()) as cursor:
                cursor.execute(f'SELECT COUNT(*) FROM "{table}"')  # noqa: S608 (catalogue names)
                counts[table] = cursor.fetchone()[0]
        return counts


def fingerprint(database: Database) -> dict[str, str]:
    """A SHA-256 of every table's rows in key order: two databases with the same
    fingerprint hold the same data, value for value."""
    with closing(database.connect()) as connection:
        result = {}
        for table in table_names(connection, database.engine):
            digest = hashlib.sha256()
            with closing(connection.cursor()) as cursor:
                cursor.execute(f'SELECT * FROM "{table}" ORDER BY 1')  # noqa: S608
                for row in cursor.fetchall():
                    digest.update(repr(tuple(row)).encode())
            result[table] = digest.hexdigest()
        return result


def media_files(root: Path) -> dict[str, dict]:
    """Size and SHA-256 of every file under ``root``, by relative path."""
    files = {}
    if root.is_dir():
        for path in sorted(p for p in root.rglob("*") if p.is_file()):
            digest = hashlib.sha256()
            with path.open("rb") as handle:
                for chunk in iter(lambda: handle.read(1 << 20), b""):
                    digest.update(chunk)
            relative = path.relative_to(root).as_posix()
            files[relative] = {"size": path.stat().st_size, "sha256": digest.hexdigest()}
    return files


# --- Backup --------------------------------------------------------------------------------


def backup(database: Database, media_root: Path, output: Path) -> dict:
    """Write the archive ``output``; return its manifest."""
    output.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="backup-") as work:
        work = Path(work)
        if database.engine == "postgresql":
            dump = work / "database.dump"
            _run(
                ["pg_dump", "--format=custom", "--no-owner", "--no-privileges", "--file", dump],
                database,
                "pg_dump",
            )
        else:
            dump = work / "database.sqlite3"
            with closing(database.connect()) as source, closing(sqlite3.connect(dump)) as copy:
                source.backup(copy)
        manifest = {
            "format": FORMAT,
            "created_at": datetime.now(UTC).isoformat(timespec="seconds"),
            "engine": database.engine,
            "tables": row_counts(database),
            "media": media_files(media_root),
        }
        (work / MANIFEST).write_text(json.dumps(manifest, indent=2, sort_keys=True))
        partial = output.with_name(output.name + ".partial")
        with tarfile.open(partial, "w") as archive:
            archive.add(work / MANIFEST, arcname=MANIFEST)
            archive.add(dump, arcname=dump.name)
            if media_root.is_dir():
                archive.add(media_root, arcname="media")
        partial.replace(output)  # a crash never leaves a truncated archive under the name
    return manifest


# --- Restoration ---------------------------------------------------------------------------


def read_manifest(archive_path: Path) -> dict:
    try:
        with tarfile.open(archive_path) as archive:
            member = archive.extractfile(MANIFEST)
            manifest = json.load(member)
    except (OSError, tarfile.TarError, KeyError, ValueError) as error:
        raise BackupError(
            f"{archive_path} is not a backup made by `make backup` ({error})."
        ) from error
    if manifest.get("format") != FORMAT:
        raise BackupError(f"{archive_path} has format {manifest.get('format')}, not {FORMAT}.")
    return manifest


def holds_data(database: Database) -> bool:
    """Whether the database already has tables with rows (beyond Django's bookkeeping)."""
    counts = row_counts(database)
    return any(count for table, count in counts.items() if table != "django_migrations")


def restore(archive_path: Path, database: Database, media_root: Path, *, replace: bool) -> dict:
    """Restore the archive into ``database`` and ``media_root``, then check both against
    its manifest. ``replace`` must be true when the database already holds data.
    Returns the manifest; raises BackupError with what went wrong."""
    manifest = read_manifest(archive_path)
    if manifest["engine"] != database.engine:
        raise BackupError(
            f"This backup comes from {manifest['engine']}; the configured database is "
            f"{database.engine}. Set DATABASE_URL to a {manifest['engine']} database."
        )
    if not replace and _exists(database) and holds_data(database):
        raise BackupError(
            "The database already holds data, which the restoration would replace. "
            "Run again with --replace (make restore ... REPLACE=yes) if that is what you want."
        )
    with tempfile.TemporaryDirectory(prefix="restore-") as work:
        work = Path(work)
        with tarfile.open(archive_path) as archive:
            archive.extractall(work, filter="data")
        if database.engine == "postgresql":
            _run(
                [
                    "pg_restore",
                    "--clean",
                    "--if-exists",
                    "--no-owner",
                    "--no-privileges",
                    "--single-transaction",
                    "--exit-on-error",
                    "--dbname",
                    database.name,
                    work / "database.dump",
                ],
                database,
                "pg_restore",
            )
        else:
            with (
                closing(sqlite3.connect(work / "database.sqlite3")) as source,
                closing(database.connect()) as target,
            ):
                source.backup(target)
        _restore_media(work / "media", media_root)
    verify(manifest, database, media_root)
    return manifest


def verify(manifest: dict, database: Database, media_root: Path) -> None:
    """Raise BackupError unless the database and the files match the manifest."""
    counts = row_counts(database)
    wrong = {
        table: (expected, counts.get(table))
        for table, expected in manifest["tables"].items()
        if counts.get(table) != expected
    }
    if wrong:
        details = ", ".join(f"{t}: {e} expected, {f} found" for t, (e, f) in sorted(wrong.items()))
        raise BackupError(f"The restored database does not match the backup: {details}.")
    files = media_files(media_root)
    missing = [name for name, meta in manifest["media"].items() if files.get(name) != meta]
    if missing:
        raise BackupError(f"Restored files differ from the backup: {', '.join(missing[:10])}.")


def _restore_media(source: Path, media_root: Path) -> None:
    if media_root.exists() and any(media_root.iterdir()):
        stamp = datetime.now(UTC).strftime("%Y%m%d-%H%M%S")
        aside = media_root.with_name(f"{media_root.name}.before-restore-{stamp}")
        media_root.rename(aside)
    elif media_root.exists():
        media_root.rmdir()
    if source.is_dir():
        shutil.copytree(source, media_root)
    else:
        media_root.mkdir(parents=True)


def _exists(database: Database) -> bool:
    if database.engine == "sqlite":
        return database.name.startswith("file:") or Path(database.name).exists()
    return True


def _run(command: list, database: Database, tool: str) -> None:
    if shutil.which(tool) is None:
        raise BackupError(f"{tool} is not installed (Debian: apt-get install postgresql-client).")
    result = subprocess.run(  # noqa: S603 (fixed programs, our own arguments)
        [str(part) for part in command],
        env=database.pg_environment(),
        capture_output=True,
        text=True,
        check=False,
    )
    if result.returncode != 0:
        raise BackupError(f"{tool} failed: {result.stderr.strip() or result.returncode}")
