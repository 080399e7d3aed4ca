"""Tables as downloadable files: CSV (UTF-8 with a byte-order mark, so spreadsheet programs
read the accents) or XLSX, through tablib."""

from collections.abc import Iterable, Sequence

import tablib
from django.http import Http404, HttpResponse

FORMATS = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


def table_response(
    *, headers: Sequence[str], rows: Iterable[Sequence], fmt: str, filename: str, title: str = ""
) -> HttpResponse:
    """A download of ``rows`` under ``headers`` as ``filename.<fmt>``. Unknown format: 404."""
    if fmt not in FORMATS:
        raise Http404("Unknown export format.")
    dataset = tablib.Dataset(*[list(row) for row in rows], headers=[str(h) for h in headers])
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
