"""Tables as downloadable files: CSV (UTF-8 with a byte-order mark, so spreadsheet programs
read the accents) or XLSX, through tablib.

Text typed by companies ends up in these files. A spreadsheet program takes a cell that
starts with ``=``, ``+``, ``-`` or ``@`` for a formula (and openpyxl writes it as one), so
such text is prefixed with an apostrophe, which spreadsheets show as text: the name
``=HYPERLINK(...)`` cannot run in the committee's spreadsheet."""

from collections.abc import Iterable, Sequence

import tablib
from django.http import Http404, HttpResponse

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")

FORMATS = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


def as_text_cell(value):
    """``value``, with text that a spreadsheet would run as a formula made inert. Numbers,
    dates and a lone dash stay as they are."""
    if isinstance(value, str) and len(value) > 1 and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def table_response(
    *, headers: Sequence[str], rows: Iterable[Sequence], fmt: str, filename: str, title: str = ""
) -> HttpResponse:
    """A download of ``rows`` under ``headers`` as ``filename.<fmt>``. Unknown format: 404."""
    if fmt not in FORMATS:
        raise Http404("Unknown export format.")
    dataset = tablib.Dataset(
        *[[as_text_cell(value) for value in row] for row in rows],
        headers=[str(h) for h in headers],
    )
    if title:
        dataset.title = str(title)[:31]  # a spreadsheet tab name holds 31 characters
    if fmt == "csv":
        content = ("\ufeff" + dataset.export("csv")).encode()
    else:
        content = dataset.export("xlsx")
    response = HttpResponse(content, content_type=FORMATS[fmt])
    response["Content-Disposition"] = f'attachment; filename="{filename}.{fmt}"'
    response["X-Content-Type-Options"] = "nosniff"
    return response
