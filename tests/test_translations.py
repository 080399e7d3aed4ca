"""The French catalogue is complete; the English one exists for every string."""

import re
import shutil
import subprocess
from pathlib import Path

import pytest

LOCALE = Path(__file__).resolve().parent.parent / "locale"


def _msgids(po: Path) -> set[str]:
    return set(re.findall(r'^msgid "(.+)"$', po.read_text(), flags=re.MULTILINE))


@pytest.mark.skipif(not shutil.which("msgfmt"), reason="gettext is not installed")
@pytest.mark.parametrize("language", ["fr", "en"])
def test_each_catalogue_has_no_untranslated_or_fuzzy_string(language):
    po = LOCALE / language / "LC_MESSAGES" / "django.po"
    result = subprocess.run(  # noqa: S603
        ["msgfmt", "--check", "--statistics", "-o", "/dev/null", str(po)],  # noqa: S607
        capture_output=True,
        text=True,
        check=True,
    )
    assert "untranslated" not in result.stderr
    assert "fuzzy" not in result.stderr


def test_the_english_catalogue_covers_the_same_strings():
    french = _msgids(LOCALE / "fr" / "LC_MESSAGES" / "django.po")
    english = _msgids(LOCALE / "en" / "LC_MESSAGES" / "django.po")
    assert french == english
