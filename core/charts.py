"""Server-side SVG charts: the geometry is computed here and drawn by the templates in
``templates/includes/charts/``, so the page and the PDF show the same chart. Every chart
comes with a table of the same figures, and a text alternative."""

from dataclasses import dataclass, field
from decimal import Decimal

from .bidi import without_direction_controls

# Fills with at least 3:1 contrast against white and distinguishable without colour
# (each series also gets a pattern class and its label in the legend and the table).
SERIES_COLOURS = ["#1c3d7a", "#b35c00", "#2e7d32", "#6a1b9a", "#4f4f4f"]


@dataclass
class Segment:
    label: str
    value: float
    x: float
    width: float
    colour: str
    index: int


@dataclass
class Bar:
    label: str
    total: float
    y: float
    segments: list[Segment] = field(default_factory=list)


@dataclass
class HorizontalBarChart:
    """Horizontal bars, each split in segments (one series per segment)."""

    title: str
    series: list[tuple[str, str]]  # (label, colour)
    bars: list[Bar]
    width: int
    height: int
    label_width: int
    plot_width: int
    bar_height: int
    maximum: float
    unit: str
    ticks: list[tuple[float, str]]


def _number(value) -> float:
    if value is None:
        return 0.0
    return float(value) if isinstance(value, Decimal | int | float) else 0.0


def horizontal_bars(
    *,
    title: str,
    rows: list[tuple[str, list[float]]],
    series: list[str],
    maximum: float | None = None,
    unit: str = "",
    width: int = 640,
    label_width: int = 230,
    bar_height: int = 22,
    gap: int = 10,
    colours: list[str] | None = None,
) -> HorizontalBarChart:
    """Bars for ``rows`` = [(label, [value per series])], stacked from left to right.

    ``maximum`` fixes the scale (100 for percentages); by default the largest total.
    ``colours`` gives one fill per series instead of the default palette.
    """
    palette = colours or SERIES_COLOURS
    totals = [sum(_number(v) for v in values) for _label, values in rows]
    top = maximum if maximum is not None else (max(totals) if totals else 0) or 1
    plot_width = width - label_width - 50
    bars = []
    for index, (label, values) in enumerate(rows):
        y = 30 + index * (bar_height + gap)
        x = float(label_width)
        segments = []
        for serie, value in enumerate(values):
            size = plot_width * _number(value) / top
            segments.append(
                Segment(
                    label=series[serie],
                    value=_number(value),
                    x=round(x, 1),
                    width=round(max(size, 0), 1),
                    colour=palette[serie % len(palette)],
                    index=serie,
                )
            )
            x += size
        # A bar's label may be a company's name: an SVG label can hold no <bdi>, so a
        # direction control in it would reorder the tooltip's words after it.
        label = without_direction_controls(label)
        bars.append(Bar(label=label, total=totals[index], y=y, segments=segments))
    ticks = [(label_width + plot_width * f, _tick(top * f)) for f in (0, 0.25, 0.5, 0.75, 1)]
    return HorizontalBarChart(
        title=title,
        series=[(name, palette[i % len(palette)]) for i, name in enumerate(series)],
        bars=bars,
        width=width,
        height=40 + len(rows) * (bar_height + gap),
        label_width=label_width,
        plot_width=plot_width,
        bar_height=bar_height,
        maximum=top,
        unit=unit,
        ticks=ticks,
    )


def _tick(value: float) -> str:
    return f"{value:.0f}" if value >= 10 or value == int(value) else f"{value:.1f}"


def axis_progress_chart(axes, *, width: int = 640, label_width: int = 90) -> HorizontalBarChart:
    """Commitments achieved / in progress / not started per axis, in % of those answered
    (``followup.selectors.dashboard.AxisProgress`` rows): the dashboard and the campaign
    report draw the same chart."""
    from django.utils.translation import gettext as _

    return horizontal_bars(
        title=_("Commitments per axis: achieved, in progress, not started (%)"),
        rows=[
            (
                _("Axis %(number)s") % {"number": row.axis.number},
                [row.achieved_share, row.in_progress_share, row.not_started_share],
            )
            for row in axes
        ],
        series=[_("achieved"), _("in progress"), _("not started")],
        colours=["#2e7d32", "#b35c00", "#6b6b6b"],
        maximum=100,
        unit="%",
        width=width,
        label_width=label_width,
    )
