"""Back up or restore the database and the uploaded files (``make backup``, ``make restore``).

    python scripts/backup.py backup [--output var/backups/charte-YYYYMMDD-HHMMSS.tar]
    python scripts/backup.py restore ARCHIVE [--replace]

The database is the one the settings name (DATABASE_URL); the files are MEDIA_ROOT's
(with MEDIA_STORAGE=s3 the files are in the bucket, and only the database is archived).
See config/backup.py for what an archive holds and how a restoration is checked.
"""

import argparse
import os
import sys
from datetime import UTC, datetime
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(BASE_DIR))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    commands = parser.add_subparsers(dest="command", required=True)
    make = commands.add_parser("backup", help="write an archive of the database and the files")
    make.add_argument("--output", type=Path, help="the archive to write")
    back = commands.add_parser("restore", help="restore an archive, then check it")
    back.add_argument("archive", type=Path)
    back.add_argument(
        "--replace", action="store_true", help="replace a database that already holds data"
    )
    arguments = parser.parse_args()

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    import django
    from django.conf import settings

    django.setup()
    from config.backup import BackupError, Database, backup, restore

    if getattr(settings, "MEDIA_STORAGE", "filesystem") != "filesystem":
        print(
            f"Note: MEDIA_STORAGE={settings.MEDIA_STORAGE}: the uploaded files are in the object "
            "store, not under MEDIA_ROOT; this archive holds the database only. Keep the "
            "bucket's own copies (versioning, replication; docs/deployment.md).",
            file=sys.stderr,
        )
    try:
        database = Database.from_settings(settings.DATABASES["default"])
        if arguments.command == "backup":
            stamp = datetime.now(UTC).strftime("%Y%m%d-%H%M%S")
            output = arguments.output or BASE_DIR / "var" / "backups" / f"charte-{stamp}.tar"
            manifest = backup(database, Path(settings.MEDIA_ROOT), output)
            print(f"Backup written to {output}: {_summary(manifest)}.")
        else:
            manifest = restore(
                arguments.archive, database, Path(settings.MEDIA_ROOT), replace=arguments.replace
            )
            print(
                f"Restored {arguments.archive} (made {manifest['created_at']}) and checked: "
                f"{_summary(manifest)}."
            )
    except BackupError as error:
        print(f"Error: {error}", file=sys.stderr)
        return 1
    return 0


def _summary(manifest: dict) -> str:
    tables = manifest["tables"]
    return f"{len(tables)} tables, {sum(tables.values())} rows, {len(manifest['media'])} files"


if __name__ == "__main__":
    sys.exit(main())
