"""The shape the code keeps: short views, and no mark-up written in Python."""

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
APPS = (
    "accounts",
    "callnumbers",
    "charter",
    "core",
    "documents",
    "followup",
    "relations",
    "results",
    "signatories",
)
LONGEST_VIEW = 30


def view_modules() -> list[Path]:
    found = []
    for app in APPS:
        found += [ROOT / app / "views.py"] if (ROOT / app / "views.py").exists() else []
        found += sorted((ROOT / app / "views").glob("*.py"))
    return found


def functions(path: Path):
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
            first = min([d.lineno for d in node.decorator_list] + [node.lineno])
            yield node.name, node.end_lineno - first + 1


@pytest.mark.parametrize("path", view_modules(), ids=lambda p: str(p.relative_to(ROOT)))
def test_no_function_of_a_view_module_is_over_30_lines(path):
    long = {name: length for name, length in functions(path) if length > LONGEST_VIEW}
    assert not long, f"split these (lines, decorators included): {long}"


def test_no_mark_up_is_written_in_python():
    """Pages are templates: no format_html or mark_safe outside the one place that
    isolates typed text (core.bidi), the escaping of a CSS string for the PDFs
    (documents.pdf.css_string) and the admin's list columns."""
    allowed = {ROOT / "core" / "bidi.py", ROOT / "documents" / "pdf.py"}
    found = []
    for app in APPS:
        for path in (ROOT / app).rglob("*.py"):
            if path in allowed or path.name == "admin.py" or "migrations" in path.parts:
                continue
            text = path.read_text(encoding="utf-8")
            if "format_html" in text or "mark_safe" in text or "SafeString(" in text:
                found.append(str(path.relative_to(ROOT)))
    assert not found, found
