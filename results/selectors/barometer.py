"""The employment barometer (measure 5.3): jobs created in and outside France, their share
in France against the threshold in force for each kind of company, and headcounts.

Only validated company reports count. A company is counted in a group when its validated
report gives at least one of the barometer's figures. Which groups are hidden, and why, is
decided by ``results.disclosure`` from each company's figures: a group of fewer than
``MIN_GROUP_SIZE`` companies, or where one company holds more than 85% of the jobs
created or of the headcount, and enough other groups that no hidden one can be computed
from the published ones. The committee sees every figure with the groups to hide marked;
a publication keeps of a hidden group only its key and the reason.

Every function returns plain data (int, float, str, lists and dicts, dates as ISO
strings) so that a publication can freeze it as JSON as it is.
"""

import datetime
from decimal import Decimal
from functools import reduce
from operator import or_

from django.db.models import Count, F, FilteredRelation, OuterRef, Q, Subquery, Sum, Value
from django.db.models.functions import Coalesce
from django.utils.dateparse import parse_date
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from charter.models import Indicator
from followup.models import Campaign, Report
from signatories.models import Company, CompanyKind, LocationThreshold

from .. import disclosure
from ..models import Publication
from . import practices

MIN_GROUP_SIZE = disclosure.MIN_CONTRIBUTORS
# 2: hidden groups carry a reason and are protected against subtraction (``disclosure``);
# a publication of version 1 hid only the groups of fewer than 3 companies.
DATA_VERSION = 2

JOBS_TOTAL = "jobs_created_total"
JOBS_FRANCE = "jobs_created_france"
HEADCOUNT_FRANCE = "headcount_france"
HEADCOUNT_ABROAD = "headcount_abroad"
CODES = (JOBS_TOTAL, JOBS_FRANCE, HEADCOUNT_FRANCE, HEADCOUNT_ABROAD)
SUMS = ("companies", "jobs_total", "jobs_france", "headcount_france", "headcount_abroad")

OVERALL = "all"
KINDS = tuple(CompanyKind.values)
FEDERATIONS = tuple(Company.Federation.values)
FIGURE_SUMS = ("jobs_total", "jobs_france", "headcount_france", "headcount_abroad")


def _cell(table: str, key: str) -> str:
    """A group's name in the disclosure table and in ``Publication.contributors``."""
    return key if table == OVERALL else f"{table}:{key}"


FIGURES = "figures"  # a report's values of the barometer's indicators (``_figures_of``)


def _figure_ids() -> dict[str, int]:
    """The ids of the barometer's indicators, by code. One query."""
    return dict(Indicator.objects.filter(code__in=CODES).values_list("code", "pk"))


def _figures_of(values: str, ids: dict[str, int]) -> FilteredRelation:
    """``values`` (a report's values) restricted to the barometer's indicators, as a LEFT
    JOIN on them alone: the aggregates read four values per report instead of every
    answer of every report (a report without them still counts as a report)."""
    return FilteredRelation(
        values, condition=Q(**{f"{values}__indicator__in": list(ids.values()) or [0]})
    )


def _sums(ids: dict[str, int], company: str = "company", only: Q | None = None) -> dict:
    """Conditional aggregates of the barometer's figures over ``FIGURES`` (``_figures_of``
    with the indicators' ``ids``), restricted to the rows that match ``only`` (a condition
    on the report, when aggregating from a campaign); ``company`` is the path to the
    report's company."""

    def where(**lookups) -> Q:
        condition = Q(**{f"{FIGURES}__{name}": value for name, value in lookups.items()})
        return condition & only if only is not None else condition

    def total(code: str) -> Sum:
        return Sum(f"{FIGURES}__number", filter=where(indicator=ids.get(code, 0)))

    return {
        "companies": Count(company, distinct=True, filter=where(number__isnull=False)),
        "jobs_total": total(JOBS_TOTAL),
        "jobs_france": total(JOBS_FRANCE),
        "headcount_france": total(HEADCOUNT_FRANCE),
        "headcount_abroad": total(HEADCOUNT_ABROAD),
    }


def _number(value) -> int | float:
    """A database sum as JSON: a whole number as int, anything else as float."""
    value = Decimal(value or 0)
    return int(value) if value == value.to_integral_value() else float(value)


def _share(part, whole) -> float | None:
    """``part`` as a percentage of ``whole``, to one decimal; None when ``whole`` is 0."""
    whole = Decimal(whole or 0)
    if whole <= 0:
        return None
    return float(round(Decimal(part or 0) * 100 / whole, 1))


def _row(key: str, sums: dict | None, reason: str | None = None) -> dict:
    """One group's figures, marked ``suppressed`` with the ``reason`` when it is to be
    hidden (``disclosure.REASONS``); ``_published`` drops a hidden group's figures."""
    sums = sums or {}
    total = sums.get("jobs_total") or Decimal(0)
    france = sums.get("jobs_france") or Decimal(0)
    return {
        "key": key,
        "suppressed": reason is not None,
        **({"reason": reason} if reason else {}),
        "companies": sums.get("companies") or 0,
        "jobs_total": _number(total),
        "jobs_france": _number(france),
        "jobs_abroad": _number(total - france),
        "share_france": _share(france, total),
        "headcount_france": _number(sums.get("headcount_france")),
        "headcount_abroad": _number(sums.get("headcount_abroad")),
    }


def _published(row: dict) -> dict:
    """What a publication keeps of a group: every figure, or for a hidden one only its
    key, the reason and the threshold in force (the company count is hidden too)."""
    if not row["suppressed"]:
        return row
    kept = ("campaign", "key", "suppressed", "reason", "threshold")
    return {name: value for name, value in row.items() if name in kept}


def _campaign(campaign: Campaign) -> dict:
    return {
        "id": campaign.pk,
        "name": campaign.name,
        "period_start": campaign.period_start.isoformat(),
        "period_end": campaign.period_end.isoformat(),
        "status": campaign.status,
    }


def thresholds_in_force(on: datetime.date) -> dict[str, float]:
    """The minimum share in France (%) in force on ``on``, per kind of company; a kind
    without a threshold that day is absent. One query."""
    in_force = reduce(or_, (LocationThreshold.objects.in_force(kind, on) for kind in KINDS))
    thresholds: dict[str, float] = {}
    for kind, share in in_force.values_list("company_kind", "min_share_france"):
        # Ordered newest first: should two overlap, the newest one counts.
        thresholds.setdefault(kind, float(share))
    return thresholds


def companies_below_threshold(campaign: Campaign, ids: dict[str, int] | None = None) -> list[dict]:
    """Companies whose validated report puts the share of jobs created in France below the
    threshold in force for their kind on the last day of the campaign's period. A company
    that created no job, or whose kind has no threshold that day, is never below.
    One query (the threshold is a subquery per kind, the comparison is in SQL), two
    without the indicators' ``ids`` (``_figure_ids``)."""
    threshold = LocationThreshold.objects.in_force(OuterRef("company__kind"), campaign.period_end)
    ids = _figure_ids() if ids is None else ids
    sums = _sums(ids)
    rows = (
        campaign.validated_company_reports()
        .alias(**{FIGURES: _figures_of("values", ids)})
        .annotate(
            jobs_total=sums["jobs_total"],
            jobs_france=Coalesce(sums["jobs_france"], Value(Decimal(0))),
            threshold=Subquery(threshold.values("min_share_france")[:1]),
        )
        .alias(
            share_100=F("jobs_france") * Value(Decimal(100)),
            floor_100=F("threshold") * F("jobs_total"),
        )
        .filter(threshold__isnull=False, jobs_total__gt=0, share_100__lt=F("floor_100"))
        .values(
            "company_id",
            "company__legal_name",
            "company__kind",
            "jobs_total",
            "jobs_france",
            "threshold",
        )
        .order_by("company__legal_name", "company_id")
    )
    return [
        {
            "company_id": row["company_id"],
            "company": row["company__legal_name"],
            "kind": row["company__kind"],
            "jobs_total": _number(row["jobs_total"]),
            "jobs_france": _number(row["jobs_france"]),
            "share_france": _share(row["jobs_france"], row["jobs_total"]),
            "threshold": float(row["threshold"]),
        }
        for row in rows
    ]


def _company_figures(campaign: Campaign, ids: dict[str, int]) -> list[dict]:
    """Each company's figures from its validated report (``companies`` is 0 when it gave
    none): the disclosure rules need them one by one (dominance), and the groups are added
    up from them. One query, one row per validated report."""
    return list(
        campaign.validated_company_reports()
        .alias(**{FIGURES: _figures_of("values", ids)})
        .values("company_id", "company__kind", "company__federation")
        .annotate(**_sums(ids))
        .order_by("company_id")
    )


def _protected_groups(
    companies: list[dict], earlier: list[Publication]
) -> tuple[dict[str, dict], dict[str, str], dict[str, list]]:
    """The groups' sums (by ``_cell`` name), the ones to hide with their reason, and the
    contributors of the others."""
    members: dict[str, list[dict]] = {OVERALL: companies}
    for company in companies:
        members.setdefault(_cell("kind", company["company__kind"]), []).append(company)
        members.setdefault(_cell("federation", company["company__federation"]), []).append(company)
    cells = {_cell("kind", kind): {} for kind in KINDS}
    cells |= {_cell("federation", key): {} for key in FEDERATIONS}
    cells[OVERALL] = {}
    sums: dict[str, dict] = {}
    for cell, rows in members.items():
        # Dominance looks at the jobs created and at the headcount (France and outside).
        cells[cell] = {
            row["company_id"]: (
                row["jobs_total"] or 0,
                (row["headcount_france"] or 0) + (row["headcount_abroad"] or 0),
            )
            for row in rows
        }
        sums[cell] = {
            "companies": len(rows),
            **{name: sum((row[name] or 0 for row in rows), Decimal(0)) for name in FIGURE_SUMS},
        }
    hidden = disclosure.protect(
        cells,
        totals={OVERALL},
        earlier=[
            {
                key: ids
                for key, ids in publication.contributors.items()
                if not key.startswith(practices.PREFIX)
            }
            for publication in earlier
            if publication.contributors
        ],
    )
    contributors = {cell: sorted(ids) for cell, ids in cells.items() if cell not in hidden}
    return sums, hidden, contributors


def _figures(campaign: Campaign, earlier: list[Publication]) -> tuple[dict, dict]:
    """The live figures with the groups to hide marked, and the contributors of each
    group that would be published (``Publication.contributors``). Five queries."""
    ids = _figure_ids()
    waiting = Report.objects.filter(
        campaign=campaign,
        company__isnull=False,
        status__in=[Report.Status.SUBMITTED, Report.Status.RETURNED],
    ).count()
    validated = _company_figures(campaign, ids)
    companies = [row for row in validated if row["companies"]]
    sums, hidden, contributors = _protected_groups(companies, earlier)
    versions = [publication.contributors for publication in earlier if publication.contributors]
    relations, relation_contributors = practices.practice_figures(campaign, versions)
    contributors |= relation_contributors
    thresholds = thresholds_in_force(campaign.period_end)
    below = companies_below_threshold(campaign, ids)

    def row(table: str, key: str) -> dict:
        cell = _cell(table, key)
        return _row(key, sums.get(cell), hidden.get(cell))

    figures = {
        "version": DATA_VERSION,
        "campaign": _campaign(campaign),
        "min_group_size": MIN_GROUP_SIZE,
        "dominance_share": disclosure.DOMINANCE_PERCENT,
        "validated_reports": len(validated),
        "waiting_reports": waiting,
        "companies": len(companies),
        "overall": row(OVERALL, OVERALL),
        "by_kind": [{**row("kind", kind), "threshold": thresholds.get(kind)} for kind in KINDS],
        "by_federation": [row("federation", key) for key in FEDERATIONS],
        "thresholds_on": campaign.period_end.isoformat(),
        "below_threshold_count": len(below),
        "below_threshold": below,
        "practices": relations,
    }
    figures["trend"] = barometer_trend(campaign, figures["overall"])
    return figures, contributors


def barometer_figures(campaign: Campaign, *, earlier: list[Publication] = ()) -> dict:
    """The campaign's barometer for the committee: how many reports were validated (and
    how many still wait), the figures overall, by kind of company and by federation (every
    figure, the groups a publication would hide marked ``suppressed`` with the reason),
    the thresholds in force on the last day of the period, the companies below them by
    name, and the trend (``barometer_trend``). ``earlier``: the campaign's barometer
    publications, whose versions a new one must not be compared with to reveal a company.
    Eight queries, whatever the number of companies (two for axis 3's practices)."""
    return _figures(campaign, list(earlier))[0]


def published_barometers():
    """The barometer publications that stand (neither superseded by a later version nor
    withdrawn), newest first: what the trend across campaigns reads."""
    return Publication.objects.barometer().current()


def barometer_trend(campaign: Campaign, overall: dict) -> list[dict]:
    """The barometer across campaigns up to ``campaign``, oldest first: for each earlier
    campaign (period ending no later) the overall row of its latest standing publication,
    as it was published (figures computed again today would differ from it by the reports
    validated since, and the difference would be about those companies); then
    ``overall``, this campaign's own row. A campaign never published has no row. One
    query."""
    rows = (
        published_barometers()
        .filter(campaign__period_end__lte=campaign.period_end)
        .exclude(campaign=campaign)
        .order_by("campaign__period_end", "campaign_id", "-published_at", "-pk")
        .values("campaign_id", "campaign__period_end", "data__campaign", "data__overall")
    )
    latest: dict[int, dict] = {}
    for row in rows:
        latest.setdefault(row["campaign_id"], row)
    trend = [{"campaign": row["data__campaign"], **row["data__overall"]} for row in latest.values()]
    trend.append({"campaign": _campaign(campaign), **overall})
    return trend


def barometer_publication(
    campaign: Campaign, *, earlier: list[Publication] = ()
) -> tuple[dict, dict[str, list]]:
    """What a publication freezes, and the contributors of each group it shows (kept
    apart in ``Publication.contributors``, never published). The data is everything the
    public page shows, JSON as it is: a hidden group carries only its key and the reason;
    the trend is ``barometer_trend``'s; of the companies below the threshold, only their
    number, never their names. ``earlier``: every barometer publication of the campaign so
    far. Eight queries."""
    figures, contributors = _figures(campaign, list(earlier))
    del figures["below_threshold"], figures["waiting_reports"]
    for table in ("by_kind", "by_federation", "trend"):
        figures[table] = [_published(row) for row in figures[table]]
    figures["overall"] = _published(figures["overall"])
    figures["practices"] = practices.published(figures["practices"])
    if figures["overall"]["suppressed"]:
        figures["companies"] = None
    return figures, contributors


def barometer_publication_data(campaign: Campaign, *, earlier: list[Publication] = ()) -> dict:
    """The data of ``barometer_publication``, without the contributors. Eight queries."""
    return barometer_publication(campaign, earlier=earlier)[0]


# --- Reading a barometer (live or published): no query -------------------------------------

KIND_LABELS = dict(CompanyKind.choices)
FEDERATION_LABELS = {
    **dict(Company.Federation.choices),
    Company.Federation.NONE: gettext_lazy("no federation"),
}
# What a hidden group's cell says, by reason (``disclosure.REASONS``); a version 1
# publication hid groups for the threshold only and gave no reason.
HIDDEN_NOTES = {
    disclosure.THRESHOLD: gettext_lazy("hidden: fewer than %(number)s companies"),
    disclosure.DOMINANCE: gettext_lazy(
        "hidden: one company holds more than %(share)s%% of its jobs created or of its headcount"
    ),
    disclosure.SECONDARY: gettext_lazy("hidden so that another hidden group cannot be computed"),
    disclosure.REVISION: gettext_lazy(
        "hidden: with an earlier publication of this campaign it would reveal the companies "
        "counted since"
    ),
}
FILE_HEADERS = [
    gettext_lazy("Table"),
    gettext_lazy("Campaign"),
    gettext_lazy("Group"),
    gettext_lazy("Companies"),
    gettext_lazy("Jobs created"),
    gettext_lazy("Jobs created in France"),
    gettext_lazy("Jobs created outside France"),
    gettext_lazy("Share in France (%)"),
    gettext_lazy("Headcount in France"),
    gettext_lazy("Headcount outside France"),
    gettext_lazy("Threshold in force (%)"),
    gettext_lazy("Note"),
]
FILE_FIGURES = (
    "companies",
    "jobs_total",
    "jobs_france",
    "jobs_abroad",
    "share_france",
    "headcount_france",
    "headcount_abroad",
)


def _kind_label(kind: str) -> str:
    return capfirst(KIND_LABELS.get(kind, kind))


def _federation_label(federation: str) -> str:
    return capfirst(FEDERATION_LABELS.get(federation, federation))


def _dated(campaign: dict) -> dict:
    return {
        **campaign,
        "period_start": parse_date(campaign["period_start"]),
        "period_end": parse_date(campaign["period_end"]),
    }


def _noted(row: dict, label, numbers: dict) -> dict:
    """A group's row with its ``label`` and, when hidden, the ``note`` saying why."""
    note = HIDDEN_NOTES[row.get("reason", disclosure.THRESHOLD)] % numbers
    return {**row, "label": label, "note": note if row["suppressed"] else ""}


def barometer_display(data: dict) -> dict:
    """``data`` (live figures or a publication's) as the pages and files read it: labels in
    the active language, the note of each hidden group and the reasons met (in
    ``HIDDEN_NOTES``'s order), dates as dates. No query."""
    numbers = {
        "number": data["min_group_size"],
        "share": data.get("dominance_share", disclosure.DOMINANCE_PERCENT),
    }
    groups = [data["overall"], *data["by_kind"], *data["by_federation"]]
    hidden = {row.get("reason", disclosure.THRESHOLD) for row in groups if row["suppressed"]}
    return {
        **data,
        "campaign": _dated(data["campaign"]),
        "thresholds_on": parse_date(data["thresholds_on"]),
        "protected": data.get("version", 1) >= 2,
        "hidden_reasons": [reason for reason in HIDDEN_NOTES if reason in hidden],
        "overall": _noted(data["overall"], _("All companies"), numbers),
        "by_kind": [_noted(r, _kind_label(r["key"]), numbers) for r in data["by_kind"]],
        "by_federation": [
            _noted(r, _federation_label(r["key"]), numbers) for r in data["by_federation"]
        ],
        "below_threshold": [
            {**row, "kind_label": _kind_label(row["kind"])}
            for row in data.get("below_threshold", [])
        ],
        "trend": [
            {**_noted(row, row["campaign"]["name"], numbers), "campaign": _dated(row["campaign"])}
            for row in data.get("trend", [])
        ],
        # Axis 3's practices, in publications made since they were published.
        "practices": practices.practice_display(data.get("practices"), numbers),
    }


def _file_row(table, campaign: str, row: dict, *, group=None, threshold=None) -> list:
    figures = [row.get(name) for name in FILE_FIGURES]
    return [table, campaign, group or row["label"], *figures, threshold, row["note"]]


def _below_threshold_rows(data: dict, *, with_names: bool) -> list[list]:
    """How many companies are below the threshold and, ``with_names``, which."""
    campaign, table = data["campaign"]["name"], _("Below the threshold")
    rows = [
        [table, campaign, _("Companies below the threshold in force")]
        + [data["below_threshold_count"], *[None] * (len(FILE_FIGURES) - 1), None, ""]
    ]
    if with_names:
        rows += [_named_row(table, campaign, company) for company in data["below_threshold"]]
    return rows


def _named_row(table, campaign: str, company: dict) -> list:
    """A company below the threshold: its jobs, share in France, threshold and kind."""
    total, france = company["jobs_total"], company["jobs_france"]
    return [
        table,
        campaign,
        company["company"],
        None,
        total,
        france,
        total - france,
        company["share_france"],
        None,
        None,
        company["threshold"],
        company["kind_label"],
    ]


def barometer_table(data: dict, *, with_names: bool) -> tuple[list, list[list]]:
    """(headers, rows) of a barometer read through ``barometer_display``, for a CSV or XLSX
    file: its tables as one, a row per group, figures as plain numbers; the companies
    below the threshold by name only ``with_names`` (the committee's file). No query."""
    campaign = data["campaign"]["name"]
    rows = [_file_row(_("Overall"), campaign, data["overall"])]
    rows += [
        _file_row(_("By kind of company"), campaign, row, threshold=row["threshold"])
        for row in data["by_kind"]
    ]
    rows += [_file_row(_("By federation"), campaign, row) for row in data["by_federation"]]
    rows += _below_threshold_rows(data, with_names=with_names)
    everyone = data["overall"]["label"]
    rows += [
        _file_row(_("Across campaigns"), row["label"], row, group=everyone) for row in data["trend"]
    ]
    relations = data.get("practices")
    if not relations:
        return FILE_HEADERS, rows
    # Axis 3's practices in columns of their own, after the barometer's.
    headers = [*FILE_HEADERS, _("Relations answered"), *relations["headers"]]
    rows = [row + [None] * (len(headers) - len(row)) for row in rows]
    table = _("Practices between client companies and providers (axis 3)")
    for row in [relations["overall"], *relations["by_kind"]]:
        shown = not (row["suppressed"] and row.get("companies") is None)
        rows.append(
            [table, campaign, row["label"], row.get("companies")]
            + [None] * (len(FILE_FIGURES) - 1)
            + [None, row["note"], row.get("relations")]
            + (row["cells"] if shown else [None] * len(relations["headers"]))
        )
    return headers, rows
