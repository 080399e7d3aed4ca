"""The PDF documents, drawn by WeasyPrint from the templates in ``templates/pdf/`` and the
print stylesheet ``static/css/print.css``:

- the campaign report, for the committee (``render_campaign_report``);
- a company's report card for a campaign (``render_company_card``);
- a company's adhesion certificate (``render_adhesion_certificate``).

Each function reads its data first (``documents.selectors``, a fixed number of
queries, in one snapshot on PostgreSQL), then lays out and writes the PDF in the
language asked for. It reports its progress to ``on_progress(percent, step)`` when given
one, and returns the PDF with its number of pages and the moment its data was read.
Nothing is fetched from outside: the stylesheet is read from disk, the charts are inline
SVG, fonts are the system's, and any other URL is refused.
"""

import logging
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from urllib.parse import urlsplit
from urllib.request import url2pathname

from django.conf import settings
from django.contrib.staticfiles import finders
from django.db import connection, transaction
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.formats import number_format
from django.utils.safestring import SafeString, mark_safe
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from charter.models import Indicator
from core.bidi import without_direction_controls
from core.charts import HorizontalBarChart, axis_progress_chart, horizontal_bars
from core.dates import written_date
from followup.models import Campaign, IndicatorValue, Progress, Report, ReportEvent
from results.selectors.palmares import palmares_display, score_chart
from results.selectors.practices import practice_display
from signatories.models import Company, CompanyKind

from . import selectors

ProgressCallback = Callable[[int, str], None]

PRINT_CSS = "css/print.css"
# The charts are drawn wider (in SVG units) than on the pages: WeasyPrint gives SVG text
# its 12pt default size, which then prints at about 7pt on a 16 cm wide chart.
CHART_WIDTH = 1000
CHART_LABEL_WIDTH = 330
# WeasyPrint logs a line per page laid out: thousands for a campaign report. They only
# feed the progress reports below, never the application's logs.
PROGRESS_LOGGER = logging.getLogger("weasyprint.progress")
PROGRESS_LOGGER.propagate = False


@dataclass(frozen=True)
class RenderedPdf:
    content: bytes  # the PDF
    pages: int
    data_read_at: datetime  # timezone-aware moment the data was read (before rendering)


# --- The three documents -----------------------------------------------------------------


def render_campaign_report(
    *, campaign: Campaign, language: str, on_progress: ProgressCallback | None = None
) -> RenderedPdf:
    """The campaign report for the committee: cover, contents, the campaign's figures,
    the employment barometer, the palmarès published for the campaign, the synthesis per
    measure and an appendix with every expected company. Thirty queries, whatever the
    number of companies; the layout takes about a minute for 2,000 companies."""
    report = _Progress(on_progress)
    with translation.override(language):
        report(5, _("Reading the data"))
        data_read_at = timezone.now()
        with _snapshot():
            data = selectors.campaign_report_data(campaign)
        label_appendix(data["companies"])
        palmares = data["palmares"]
        charter = data["charter"]
        context = {
            **data,
            "campaign": campaign,
            "axis_chart": axis_progress_chart(data["axes"], width=CHART_WIDTH, label_width=120),
            "barometer": _readable_barometer(data["barometer"]),
            "palmares_view": palmares_display(palmares.data) if palmares else None,
            "title": _("Campaign report: %(campaign)s") % {"campaign": campaign.name},
            "running": _running(charter, campaign.name),
            "data_read_at": data_read_at,
        }
        context["barometer_chart"] = _barometer_chart(context["barometer"])
        if palmares and context["palmares_view"]["rows"]:
            context["palmares_view"]["chart"] = score_chart(
                context["palmares_view"]["rows"], width=CHART_WIDTH, label_width=CHART_LABEL_WIDTH
            )
        ranked = len(context["palmares_view"]["rows"]) if palmares else 0
        lines = sum(len(company.lines) + 3 for company in data["companies"])
        content, pages = _write(
            "pdf/campaign_report.html",
            context,
            report,
            estimated_pages=12 + len(data["measures"]) // 8 + ranked // 45 + lines // 52,
        )
    return RenderedPdf(content=content, pages=pages, data_read_at=data_read_at)


def render_company_card(
    *,
    company: Company,
    campaign: Campaign | None,
    language: str,
    on_progress: ProgressCallback | None = None,
) -> RenderedPdf:
    """A company's report card for ``campaign`` (None: the latest campaign, drafts apart,
    for which the company has a report; with none, the card says so). Eleven queries at
    most; well under a second."""
    report = _Progress(on_progress)
    with translation.override(language):
        report(5, _("Reading the data"))
        data_read_at = timezone.now()
        with _snapshot():
            if campaign is None:
                campaign = selectors.card_campaign(company)
            data = selectors.company_card_data(company, campaign)
        _label_card(data)
        context = {
            **data,
            "title": _("Report card: %(company)s") % {"company": company.legal_name},
            "running": _running(data["charter"], company.legal_name),
            "data_read_at": data_read_at,
        }
        content, pages = _write("pdf/company_card.html", context, report, estimated_pages=3)
    return RenderedPdf(content=content, pages=pages, data_read_at=data_read_at)


def render_adhesion_certificate(
    *, company: Company, language: str, on_progress: ProgressCallback | None = None
) -> RenderedPdf:
    """The certificate that ``company`` adheres to the charter, on one page. Raises
    ValueError when the company is not active. Two queries."""
    if company.status != Company.Status.ACTIVE:
        raise ValueError(
            f"Only an active company has an adhesion certificate; {company.siren} is "
            f"{company.status}."
        )
    report = _Progress(on_progress)
    with translation.override(language):
        report(5, _("Reading the data"))
        data_read_at = timezone.now()
        data = selectors.certificate_data(company)
        context = {
            **data,
            "kind_label": capfirst(company.get_kind_display()),
            "title": _("Adhesion certificate: %(company)s") % {"company": company.legal_name},
            "running": "",
            "data_read_at": data_read_at,
        }
        content, pages = _write("pdf/adhesion_certificate.html", context, report, estimated_pages=1)
    return RenderedPdf(content=content, pages=pages, data_read_at=data_read_at)


# --- Rendering ---------------------------------------------------------------------------


def _write(
    template: str, context: dict, report: "_Progress", *, estimated_pages: int
) -> tuple[bytes, int]:
    """Render ``template`` to HTML, lay it out and write the PDF. Runs no query."""
    context = {
        **context,
        "language": translation.get_language(),
        "author": _("Follow-up committee of the customer-relations charter"),
        "page_word": css_string(_("page")),
        "running_css": css_string(context.get("running", "")),
        "created_iso": timezone.localtime(context["data_read_at"]).isoformat(timespec="seconds"),
    }
    # A name typed with a right-to-left override would reorder the document's own words
    # after it: the direction controls are taken out (core.bidi).
    html = without_direction_controls(render_to_string(template, context))
    report(25, _("Laying out the pages"))
    from weasyprint import CSS, HTML  # on first use: it loads Pango, and logs as it does

    static = print_stylesheet_path().parent.parent
    fetcher = local_files_only(static)
    with report.follow_layout(estimated_pages):
        document = HTML(string=html, base_url=str(static) + "/", url_fetcher=fetcher).render(
            stylesheets=[CSS(filename=str(print_stylesheet_path()), url_fetcher=fetcher)]
        )
    pages = len(document.pages)
    report(
        85,
        ngettext("Writing %(count)s page", "Writing %(count)s pages", pages) % {"count": pages},
    )
    content = document.write_pdf()
    report(100, _("Done"))
    return content, pages


def print_stylesheet_path() -> Path:
    """static/css/print.css, found as the static files finders find it."""
    found = finders.find(PRINT_CSS)
    if not found:
        return Path(settings.BASE_DIR) / "static" / PRINT_CSS
    return Path(found if isinstance(found, str) else found[0])


def local_files_only(root: Path):
    """A WeasyPrint URL fetcher that fetches files under ``root`` and nothing else: no
    network, no data: URL, no file elsewhere on the disk. A refused URL leaves its
    resource out (WeasyPrint logs a warning) and the document is still made."""
    from weasyprint.urls import URLFetcher

    class LocalFilesOnly(URLFetcher):
        def __init__(self) -> None:
            super().__init__(allowed_protocols=("file",), allow_redirects=False)
            self.root = root.resolve()

        def fetch(self, url: str, headers=None):
            parts = urlsplit(url)
            if parts.scheme != "file" or parts.netloc not in ("", "localhost"):
                raise ValueError(f"Refused a resource outside the static files: {url[:100]}")
            path = Path(url2pathname(parts.path)).resolve()
            if not path.is_relative_to(self.root):
                raise ValueError(f"Refused a file outside the static files: {url[:100]}")
            return super().fetch(url, headers)

    return LocalFilesOnly()


def css_string(text: str) -> SafeString:
    """``text`` as a quoted CSS string, safe inside a <style> element: quotes and
    backslashes escaped, and anything that could close the element (<) or the string
    (line breaks) written as a CSS escape."""
    escaped = []
    for char in str(text):
        if char in '"\\<>&' or ord(char) < 0x20 or ord(char) == 0x7F:
            escaped.append(f"\\{ord(char):x} ")
        else:
            escaped.append(char)
    return mark_safe(f'"{"".join(escaped)}"')  # noqa: S308 - every special character escaped


@contextmanager
def _snapshot() -> Iterator[None]:
    """On PostgreSQL, outside any transaction: one read-only transaction at the repeatable
    read level, so that every figure of a document comes from the same moment."""
    if connection.vendor != "postgresql" or connection.in_atomic_block:
        yield
        return
    with transaction.atomic():
        with connection.cursor() as cursor:
            cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
        yield


class _Progress:
    """Calls ``on_progress(percent, step)``; during the layout, at most every half second,
    with the page being laid out against an estimate of the number of pages."""

    LAYOUT_FROM, LAYOUT_TO = 30, 80
    INTERVAL = 0.5

    def __init__(self, callback: ProgressCallback | None) -> None:
        self.callback = callback
        self.last = 0.0
        self.highest = 0

    def __call__(self, percent: int, step: str) -> None:
        if self.callback is not None:
            self.callback(percent, str(step))
            self.last = time.monotonic()
            self.highest = max(self.highest, percent)

    @contextmanager
    def follow_layout(self, estimated_pages: int) -> Iterator[None]:
        if self.callback is None:
            yield
            return
        handler = _LayoutHandler(self, max(estimated_pages, 1), threading.get_ident())
        PROGRESS_LOGGER.addHandler(handler)
        previous_level = PROGRESS_LOGGER.level
        if not PROGRESS_LOGGER.isEnabledFor(logging.INFO):
            PROGRESS_LOGGER.setLevel(logging.INFO)
        try:
            yield
        finally:
            PROGRESS_LOGGER.removeHandler(handler)
            PROGRESS_LOGGER.setLevel(previous_level)

    def page(self, number: int, estimate: int) -> None:
        if time.monotonic() - self.last < self.INTERVAL:
            return
        span = self.LAYOUT_TO - self.LAYOUT_FROM
        percent = self.LAYOUT_FROM + min(span, span * number // estimate)
        if percent < self.highest:
            return  # WeasyPrint lays pages out again: the progress never goes back
        self(percent, _("Laying out page %(page)s") % {"page": number})


class _LayoutHandler(logging.Handler):
    """Turns WeasyPrint's "Creating layout - Page N" lines of this thread into progress."""

    def __init__(self, progress: _Progress, estimate: int, thread: int) -> None:
        super().__init__(logging.INFO)
        self.progress, self.estimate, self.thread = progress, estimate, thread

    def emit(self, record: logging.LogRecord) -> None:
        if record.thread != self.thread or "Creating layout - Page" not in record.msg:
            return
        if record.args and isinstance(record.args[0], int):
            self.progress.page(record.args[0], self.estimate)


# --- What the templates show -------------------------------------------------------------


def _running(charter, subject: str) -> str:
    """The running header: the charter's short title and what the document is about."""
    return f"{charter.short_title_i18n} · {subject}" if charter else subject


def report_labels() -> dict[str, str]:
    return {
        Report.Status.DRAFT: _("Draft"),
        Report.Status.SUBMITTED: _("Submitted"),
        Report.Status.RETURNED: _("Returned"),
        Report.Status.VALIDATED: _("Validated"),
        selectors.MISSING: _("Nothing yet"),
    }


def _kind_labels() -> dict[str, str]:
    return {value: capfirst(str(label)) for value, label in CompanyKind.choices}


def _federation_labels() -> dict[str, str]:
    return {
        **{value: str(label) for value, label in Company.Federation.choices},
        Company.Federation.NONE: _("no federation"),
    }


def label_appendix(companies: list[selectors.CompanySection]) -> None:
    """Labels in the active language on every section and line (no query)."""
    reports, kinds, federations = report_labels(), _kind_labels(), _federation_labels()
    statuses = {value: str(label) for value, label in Progress.Status.choices}
    statuses[""] = "—"
    for company in companies:
        company.report_label = reports.get(company.report_status, company.report_status)
        company.kind_label = kinds.get(company.kind, company.kind)
        company.federation_label = federations.get(company.federation, company.federation)
        for line in company.lines:
            line.status_label = statuses.get(line.status, line.status)


def _label_card(data: dict) -> None:
    statuses = {value: str(label) for value, label in Progress.Status.choices}
    actions = {value: str(label) for value, label in ReportEvent.Action.choices}
    report = data["report"]
    data["report_label"] = (
        report_labels()[report.status] if report else report_labels()[selectors.MISSING]
    )
    data["kind_label"] = _kind_labels().get(data["company"].kind, data["company"].kind)
    data["federation_label"] = _federation_labels().get(data["company"].federation, "")
    for line in data["lines"]:
        line.status_label = statuses.get(line.progress.status, "—") if line.progress else "—"
        line.shown_values = [
            (indicator, value, value_display(indicator, value)) for indicator, value in line.values
        ]
        for indicator, _value in line.values:
            indicator.direction_label = (
                ""
                if indicator.direction == Indicator.Direction.NEUTRAL
                else capfirst(indicator.get_direction_display())
            )
    for event in data["events"]:
        event.action_label = actions.get(event.action, event.action)


def value_display(indicator: Indicator, value: IndicatorValue | None) -> str:
    """A report's answer to ``indicator`` in words, with its unit: "12 emplois", "oui",
    a choice's label, a date in full; "" when unanswered."""
    if value is None:
        return ""
    kind = Indicator.ValueType
    if indicator.value_type == kind.BOOLEAN:
        return "" if value.boolean is None else str(_("yes") if value.boolean else _("no"))
    if indicator.value_type == kind.DATE:
        return written_date(value.date, "j F Y") if value.date else ""
    if indicator.value_type == kind.CHOICE:
        return capfirst(dict(indicator.choice_list()).get(value.text, value.text))
    if indicator.value_type == kind.TEXT:
        return value.text
    if value.number is None:
        return ""
    number = value.number
    if number == number.to_integral_value():
        number = int(number)
    shown = number_format(number, force_grouping=True)
    unit = indicator.unit_i18n
    if indicator.value_type == kind.PERCENTAGE:
        return f"{shown} %"
    return f"{shown} {unit}" if unit else shown


def _readable_barometer(data: dict) -> dict:
    """The barometer's figures with labels in the active language (no query)."""
    kinds, federations = _kind_labels(), _federation_labels()
    overall = {**data["overall"], "label": _("All companies")}
    return {
        **data,
        "thresholds_on": datetime.fromisoformat(data["thresholds_on"]).date(),
        "overall": overall,
        "overall_rows": [overall],
        "by_kind": [{**row, "label": kinds.get(row["key"], row["key"])} for row in data["by_kind"]],
        "by_federation": [
            {**row, "label": capfirst(federations.get(row["key"], row["key"]))}
            for row in data["by_federation"]
        ],
        "below_threshold": [
            {**row, "kind_label": kinds.get(row["kind"], row["kind"])}
            for row in data["below_threshold"]
        ],
        "practices": practice_display(
            data.get("practices"),
            {"number": data["min_group_size"], "share": data["dominance_share"]},
        ),
    }


def _barometer_chart(data: dict) -> HorizontalBarChart | None:
    """The barometer page's chart of jobs created in and outside France, per group."""
    groups = [row for row in (data["overall"], *data["by_kind"]) if not row["suppressed"]]
    if not groups:
        return None
    return horizontal_bars(
        title=_("Jobs created in France and outside France"),
        rows=[(row["label"], [row["jobs_france"], row["jobs_abroad"]]) for row in groups],
        series=[_("In France"), _("Outside France")],
        width=CHART_WIDTH,
        label_width=CHART_LABEL_WIDTH,
    )
