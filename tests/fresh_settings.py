"""config/settings.py read afresh, as a process started with a given environment reads it.
Django reads its settings once per process; reading the module again in the test's process
takes milliseconds, starting Python for each case most of a second."""

import os
import runpy
from pathlib import Path
from unittest import mock

SETTINGS = Path(__file__).resolve().parent.parent / "config" / "settings.py"


def read_settings(environment: dict[str, str]) -> dict:
    """The names config/settings.py defines when the environment is exactly
    ``environment``; its errors (ImproperlyConfigured) are raised as they are at start."""
    with mock.patch.dict(os.environ, environment, clear=True):
        return runpy.run_path(str(SETTINGS), run_name="settings_read_afresh")
