"""Check what `make run` needs from the system before installing anything.

Python >= 3.11, venv, gettext's msgfmt (to compile the translations) and the Pango
libraries that WeasyPrint draws PDFs with. Says what to install when one is missing.
"""

import ctypes.util
import shutil
import sys

DEBIAN = "sudo apt-get install"
problems: list[str] = []

if sys.version_info < (3, 11):
    problems.append(
        f"Python 3.11 or newer is needed; this is {sys.version.split()[0]}. "
        f"Install it ({DEBIAN} python3) or run: make run PYTHON=python3.12"
    )
try:
    import ensurepip  # noqa: F401
    import venv  # noqa: F401
except ImportError:
    problems.append(f"Python's venv module is missing: {DEBIAN} python3-venv")
if not shutil.which("msgfmt"):
    problems.append(
        f"gettext is missing (msgfmt compiles the translations): {DEBIAN} gettext "
        "(macOS: brew install gettext)"
    )
for library, package in [("pango-1.0", "libpango-1.0-0"), ("pangoft2-1.0", "libpangoft2-1.0-0")]:
    if not ctypes.util.find_library(library):
        problems.append(
            f"WeasyPrint needs the {library} library for PDF reports: {DEBIAN} {package} "
            "(macOS: brew install pango)"
        )

if problems:
    print("Cannot go on; install what is missing first:", file=sys.stderr)
    for problem in problems:
        print(f"  - {problem}", file=sys.stderr)
    sys.exit(1)
