"""The Nu HTML checker (vnu): validate HTML documents, all in one run of Java.

vnu comes from the npm registry (package.json, installed by ``npm ci``) and runs with the
machine's Java. Where either is missing the tests that need it are skipped, with the reason,
except in CI (``CI`` set), where they fail: CI installs both (.ci/run).
"""

import json
import os
import shutil
import subprocess
import tempfile
from pathlib import Path

import pytest

JAR = (
    Path(__file__).resolve().parent.parent
    / "node_modules"
    / "vnu-jar"
    / "build"
    / "dist"
    / "vnu.jar"
)


def require_vnu() -> str:
    """The java command, or a skip (a failure in CI) saying what is missing."""
    java = shutil.which("java")
    missing = [
        what for what, ok in (("Java", java), (f"vnu ({JAR.name}: npm ci)", JAR.exists())) if not ok
    ]
    if missing:
        message = f"The HTML checker needs {' and '.join(missing)}."
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    return java


def html_errors(documents: dict[str, str]) -> dict[str, list[str]]:
    """Each document's errors (name -> "line N: message"), documents without error left out.
    One Java run whatever the number of documents."""
    java = require_vnu()
    with tempfile.TemporaryDirectory() as folder:
        files = {}
        for index, (name, html) in enumerate(documents.items()):
            path = Path(folder) / f"{index:04}.html"
            path.write_text(html, encoding="utf-8")
            files[path.name] = name
        run = subprocess.run(  # noqa: S603 - our own files, a fixed command
            [
                java,
                "-Xss4m",
                # A run of seconds: the quick compiler only and one collector thread leave
                # the cores to the other test processes.
                "-XX:TieredStopAtLevel=1",
                "-XX:+UseSerialGC",
                "-jar",
                str(JAR),
                "--errors-only",
                "--format",
                "json",
                *map(str, sorted(Path(folder).iterdir())),
            ],
            capture_output=True,
            text=True,
            timeout=600,
            check=False,
        )
    report = json.loads(run.stderr or run.stdout or '{"messages": []}')
    errors: dict[str, list[str]] = {}
    for message in report.get("messages", []):
        url = message.get("url", "")
        name = files.get(url.rsplit("/", 1)[-1], url)
        errors.setdefault(name, []).append(
            f"line {message.get('lastLine')}: {message.get('message')}"
        )
    return errors
