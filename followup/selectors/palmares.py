"""The palmarès: each company's score out of 100 from its validated report for a campaign,
under one version of the scoring method (``ScoringMethod``; version 1 is loaded by the
migration ``0003_palmares_method_version_1``).

For each axis whose weight is above zero::

    axis score = (progress weight × mean % progress on the axis's measures
                  + Σ criterion weight × criterion score)
                 / (progress weight + Σ criterion weights)

The mean progress leaves out "not applicable" answers and is 0 when there is none. A
criterion scores 0-100: ``higher`` the value (or the value divided by its denominator, as a
percentage), clamped to 0-100; ``lower`` 100 minus that; ``yes`` 100 for yes; ``no`` 100
for no; a missing answer scores 0. The final score is the mean of the axis scores weighted
by the axes' weights, rounded to one decimal. Equal scores share a rank (1, 2, 2, 4).

``palmares_compute`` returns the whole palmarès as plain JSON-ready data: the committee
page shows it, the export writes it, and publishing freezes it as it is. Every page then
reads that data (``palmares_display``, ``company_breakdown``, ``open_data``) without
computing anything again.
"""

from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Avg, Exists, IntegerField, OuterRef, Prefetch, Q
from django.db.models.functions import Coalesce
from django.utils.translation import gettext as _

from charter.translation import is_english
from signatories.models import Company, CompanyKind

from ..charts import HorizontalBarChart, horizontal_bars
from ..models import (
    AxisWeight,
    Campaign,
    Criterion,
    IndicatorValue,
    Progress,
    Publication,
    Report,
    ScoringMethod,
)

DATA_FORMAT = 1
CHART_SIZE = 20
ZERO = Decimal(0)
HUNDRED = Decimal(100)
TENTH = Decimal("0.1")
Rule = Criterion.Rule


# --- Texts in two languages ----------------------------------------------------------------


def translated(source, field: str) -> str:
    """``field`` or ``field_en`` of a model or of a dict, as ``Translated`` reads them."""
    values = source if isinstance(source, dict) else vars(source)
    if is_english() and values.get(f"{field}_en"):
        return values[f"{field}_en"]
    return values.get(field) or ""


def method_name(method: ScoringMethod) -> str:
    return translated(method, "name")


def method_description(method: ScoringMethod) -> str:
    return translated(method, "description")


# --- Choices of the committee page ---------------------------------------------------------


def palmares_campaigns() -> list[Campaign]:
    """Campaigns a palmarès can be computed for: open or closed, newest first. One query."""
    return list(Campaign.objects.visible_to_reporters())


def scoring_methods() -> list[ScoringMethod]:
    """Every version of the method, newest first, with ``name_i18n``. One query."""
    methods = list(ScoringMethod.objects.order_by("-version"))
    for method in methods:
        method.name_i18n = method_name(method)
    return methods


# --- Scoring ---------------------------------------------------------------------------------


def _decimal(value) -> Decimal | None:
    if value is None or isinstance(value, Decimal):
        return value
    return Decimal(str(value))


def _round(value: Decimal) -> Decimal:
    return value.quantize(TENTH, rounding=ROUND_HALF_UP)


def _float(value: Decimal | None) -> float | None:
    return None if value is None else float(_round(value))


def _json_value(value):
    """An answer as JSON holds it: a bool, a number or None."""
    if isinstance(value, bool) or value is None:
        return value
    return float(value)


def criterion_score(
    *, rule: str, value, denominator=None, divided: bool = False
) -> tuple[Decimal | None, Decimal]:
    """(share used, score from 0 to 100) of one criterion for one company.

    ``value`` is the answer (a bool for yes / no rules, a number otherwise); ``divided``
    says the criterion has a denominator, whose answer is ``denominator``. A missing
    answer, or a division by a missing or zero denominator, scores 0 whatever the rule.
    """
    if rule in (Rule.YES, Rule.NO):
        if not isinstance(value, bool):
            return None, ZERO
        return None, HUNDRED if value == (rule == Rule.YES) else ZERO
    if value is None or isinstance(value, bool):
        return None, ZERO
    share = _decimal(value)
    if divided:
        if not denominator:
            return None, ZERO
        share = share / _decimal(denominator) * HUNDRED
    share = min(max(share, ZERO), HUNDRED)
    return share, share if rule == Rule.HIGHER else HUNDRED - share


def _method_parts(method: ScoringMethod) -> tuple[list[AxisWeight], list[Criterion]]:
    """The axes that count (weight above 0) and their criteria. Two queries."""
    axes = list(method.axis_weights.filter(weight__gt=0).select_related("axis"))
    counted = {weight.axis_id for weight in axes}
    criteria = [
        criterion
        for criterion in method.criteria.select_related(
            "indicator", "indicator__measure", "denominator"
        )
        if criterion.indicator.measure.axis_id in counted
    ]
    return axes, criteria


def _mean_progress(campaign: Campaign, axes: list[AxisWeight]) -> dict[int, dict[int, Decimal]]:
    """{company id: {axis id: mean % progress}} over validated reports, "not applicable"
    left out, an empty percentage read as 0. One query, grouped by company."""
    if not axes:
        return {}
    counted = ~Q(status=Progress.Status.NOT_APPLICABLE)
    percent = Coalesce("percent", 0, output_field=IntegerField())
    rows = (
        Progress.objects.filter(
            report__campaign=campaign,
            report__status=Report.Status.VALIDATED,
            report__company__isnull=False,
        )
        .values("report__company_id")
        .annotate(
            **{
                f"axis_{weight.axis_id}": Avg(
                    percent, filter=counted & Q(measure__axis_id=weight.axis_id)
                )
                for weight in axes
            }
        )
        .order_by()
    )
    return {
        row["report__company_id"]: {
            weight.axis_id: _decimal(row[f"axis_{weight.axis_id}"]) for weight in axes
        }
        for row in rows
    }


def _answers(campaign: Campaign, criteria: list[Criterion]) -> dict[tuple[int, int], object]:
    """{(company id, indicator id): answer} for the criteria's indicators and their
    denominators, from validated reports: a bool or a Decimal. One query."""
    indicator_ids = {c.indicator_id for c in criteria} | {
        c.denominator_id for c in criteria if c.denominator_id
    }
    if not indicator_ids:
        return {}
    rows = IndicatorValue.objects.filter(
        report__campaign=campaign,
        report__status=Report.Status.VALIDATED,
        report__company__isnull=False,
        indicator_id__in=indicator_ids,
    ).values_list("report__company_id", "indicator_id", "number", "boolean")
    return {
        (company_id, indicator_id): boolean if boolean is not None else number
        for company_id, indicator_id, number, boolean in rows
    }


def _company_score(
    *,
    company_id: int,
    method: ScoringMethod,
    axes: list[AxisWeight],
    criteria: list[Criterion],
    progress: dict[int, Decimal],
    answers: dict[tuple[int, int], object],
) -> dict:
    """One company's score, axis scores and criterion breakdown (no query)."""
    progress_weight = method.progress_weight
    details = []
    sums = {weight.axis_id: [ZERO, ZERO] for weight in axes}  # [weighted sum, weights]
    for weight in axes:
        mean = progress.get(weight.axis_id) or ZERO
        sums[weight.axis_id][0] += progress_weight * mean
        sums[weight.axis_id][1] += progress_weight
    for criterion in criteria:
        value = answers.get((company_id, criterion.indicator_id))
        denominator = (
            answers.get((company_id, criterion.denominator_id))
            if criterion.denominator_id
            else None
        )
        share, score = criterion_score(
            rule=criterion.rule,
            value=value,
            denominator=denominator,
            divided=bool(criterion.denominator_id),
        )
        axis_id = criterion.indicator.measure.axis_id
        sums[axis_id][0] += criterion.weight * score
        sums[axis_id][1] += criterion.weight
        details.append(
            {
                "value": _json_value(value),
                "denominator_value": _json_value(denominator),
                "share": _float(share),
                "score": _float(score),
            }
        )
    axis_scores = [
        sums[w.axis_id][0] / sums[w.axis_id][1] if sums[w.axis_id][1] else ZERO for w in axes
    ]
    total_weight = sum((w.weight for w in axes), ZERO)
    final = (
        sum((w.weight * s for w, s in zip(axes, axis_scores, strict=True)), ZERO) / total_weight
        if total_weight
        else ZERO
    )
    return {
        "score": _round(final),
        "axes": [_float(score) for score in axis_scores],
        "progress": [_float(progress.get(w.axis_id) or ZERO) for w in axes],
        "criteria": details,
    }


def rank(rows: list[dict]) -> list[dict]:
    """Sort by score (highest first, then by name) and give standard competition ranks:
    equal scores share a rank and the next rank skips (1, 2, 2, 4)."""
    rows.sort(key=lambda row: (-row["score"], row["company"].casefold(), row["company_id"]))
    for position, row in enumerate(rows):
        if position and row["score"] == rows[position - 1]["score"]:
            row["rank"] = rows[position - 1]["rank"]
        else:
            row["rank"] = position + 1
    return rows


def palmares_compute(*, campaign: Campaign, method: ScoringMethod) -> dict:
    """The palmarès of ``campaign`` under ``method``, from validated company reports only,
    as JSON-ready data (no Decimal, no lazy text): what the committee sees and what a
    publication freezes. Five queries whatever the number of companies (the method's axes
    and criteria, the validated reports, the mean progress, the criteria's answers).
    """
    axes, criteria = _method_parts(method)
    companies = list(
        Report.objects.filter(
            campaign=campaign, status=Report.Status.VALIDATED, company__isnull=False
        )
        .values_list("company_id", "company__legal_name", "company__siren", "company__kind")
        .order_by()
    )
    progress = _mean_progress(campaign, axes)
    answers = _answers(campaign, criteria)
    rows = []
    for company_id, name, siren, kind in companies:
        scored = _company_score(
            company_id=company_id,
            method=method,
            axes=axes,
            criteria=criteria,
            progress=progress.get(company_id, {}),
            answers=answers,
        )
        rows.append(
            {
                "rank": 0,
                "company_id": company_id,
                "company": name,
                "siren": siren,
                "kind": kind,
                **scored,
            }
        )
    for row in rank(rows):
        row["score"] = float(row["score"])
    axis_numbers = {w.axis_id: w.axis.number for w in axes}
    return {
        "format": DATA_FORMAT,
        "campaign": {
            "id": campaign.pk,
            "name": campaign.name,
            "period_start": campaign.period_start.isoformat(),
            "period_end": campaign.period_end.isoformat(),
        },
        "method": {
            "id": method.pk,
            "version": method.version,
            "name": method.name,
            "name_en": method.name_en,
            "progress_weight": float(method.progress_weight),
        },
        "axes": [
            {
                "number": w.axis.number,
                "title": w.axis.title,
                "title_en": w.axis.title_en,
                "weight": float(w.weight),
            }
            for w in axes
        ],
        "criteria": [
            {
                "axis": axis_numbers[c.indicator.measure.axis_id],
                "indicator": c.indicator.code,
                "label": c.indicator.label,
                "label_en": c.indicator.label_en,
                "unit": c.indicator.unit,
                "unit_en": c.indicator.unit_en,
                "rule": c.rule,
                "weight": float(c.weight),
                "denominator": c.denominator.code if c.denominator_id else None,
                "denominator_label": c.denominator.label if c.denominator_id else "",
                "denominator_label_en": c.denominator.label_en if c.denominator_id else "",
            }
            for c in criteria
        ],
        "rows": rows,
    }


# --- Reading a palmarès (computed or published): no query ---------------------------------


def _kind_label(kind: str) -> str:
    try:
        return str(CompanyKind(kind).label)
    except ValueError:
        return kind


def _rule_label(rule: str) -> str:
    try:
        return str(Rule(rule).label)
    except ValueError:
        return rule


def score_chart(rows: list[dict], **size) -> HorizontalBarChart:
    """Bars of the top scores (at most 20), on a scale of 100; ``size`` passes ``width`` and
    ``label_width`` on (the PDF draws it wider)."""
    top = rows[:CHART_SIZE]
    return horizontal_bars(
        title=_("The %(count)s best scores out of 100") % {"count": len(top)},
        rows=[(row["company"], [row["score"]]) for row in top],
        series=[_("Score")],
        maximum=100,
        **size,
    )


def palmares_display(data: dict) -> dict:
    """What the ranking pages show of ``data``, in the reader's language. No query."""
    axes = [{**axis, "title_i18n": translated(axis, "title")} for axis in data.get("axes", [])]
    rows = [
        {
            **row,
            "kind_label": _kind_label(row["kind"]),
            "axis_scores": list(zip(axes, row["axes"], strict=True)),
        }
        for row in data.get("rows", [])
    ]
    method = data.get("method", {})
    return {
        "axes": axes,
        "rows": rows,
        "chart": score_chart(rows) if rows else None,
        "method_version": method.get("version"),
        "method_title": translated(method, "name"),
        "campaign_name": data.get("campaign", {}).get("name", ""),
    }


def company_breakdown(data: dict, company_id: int) -> dict | None:
    """One company's rank, score and, axis by axis, its mean progress and criteria with the
    values used; None when the company is not in the palmarès. No query."""
    row = next((r for r in data.get("rows", []) if r["company_id"] == company_id), None)
    if row is None:
        return None
    method = data.get("method", {})
    axes = []
    for index, axis in enumerate(data.get("axes", [])):
        criteria = [
            {
                **criterion,
                "label_i18n": translated(criterion, "label"),
                "unit_i18n": translated(criterion, "unit"),
                "denominator_label_i18n": translated(criterion, "denominator_label"),
                "rule_label": _rule_label(criterion["rule"]),
                "is_yes_no": criterion["rule"] in (Rule.YES, Rule.NO),
                **row["criteria"][position],
            }
            for position, criterion in enumerate(data.get("criteria", []))
            if criterion["axis"] == axis["number"]
        ]
        axes.append(
            {
                **axis,
                "title_i18n": translated(axis, "title"),
                "score": row["axes"][index],
                "progress": row["progress"][index],
                "progress_weight": method.get("progress_weight"),
                "criteria": criteria,
            }
        )
    return {
        "rank": row["rank"],
        "score": row["score"],
        "count": len(data.get("rows", [])),
        "axes": axes,
    }


# --- Published palmarès -------------------------------------------------------------------


def palmares_publications() -> list[Publication]:
    """Every published palmarès, newest first, without its figures. One query."""
    return list(
        Publication.objects.palmares()
        .select_related("campaign", "method")
        .defer("data")
        .order_by("-published_at", "-pk")
    )


def palmares_publication(publication_id: int) -> Publication | None:
    """One published palmarès with its figures. One query."""
    return (
        Publication.objects.palmares()
        .select_related("campaign", "method")
        .filter(pk=publication_id)
        .first()
    )


def latest_palmares() -> Publication | None:
    """The palmarès published last that still stands (neither superseded nor withdrawn),
    with its figures. One query."""
    return (
        Publication.objects.palmares()
        .current()
        .select_related("campaign", "method")
        .order_by("-published_at", "-pk")
        .first()
    )


def company_palmares(*, company: Company) -> dict:
    """The company's place in the latest published palmarès. Two queries: the publication,
    and, when the company is not ranked in it, its report for that campaign (to say why).
    """
    publication = latest_palmares()
    if publication is None:
        return {"publication": None}
    breakdown = company_breakdown(publication.data, company.pk)
    report = None
    if breakdown is None:
        report = Report.objects.filter(campaign_id=publication.campaign_id, company=company).first()
    return {
        "publication": publication,
        "breakdown": breakdown,
        "report": report,
        "method_title": translated(publication.data.get("method", {}), "name"),
    }


def public_methods() -> list[ScoringMethod]:
    """The latest version of the method and every version a publication used, newest
    first, with their axis weights, criteria and publications, their texts in the reader's
    language (``name_i18n``, ``description_i18n``) and the axes that count
    (``counted_axes``). Four queries."""
    used = Publication.objects.palmares().filter(method=OuterRef("pk"))
    latest = ScoringMethod.objects.order_by("-version").values("pk")[:1]
    methods = list(
        ScoringMethod.objects.filter(Q(pk__in=latest) | Exists(used))
        .order_by("-version")
        .prefetch_related(
            Prefetch(
                "axis_weights",
                queryset=AxisWeight.objects.select_related("axis").order_by("axis__number"),
            ),
            Prefetch(
                "criteria",
                queryset=Criterion.objects.select_related(
                    "indicator", "indicator__measure", "indicator__measure__axis", "denominator"
                ),
            ),
            Prefetch(
                "publications",
                queryset=Publication.objects.palmares()
                .select_related("campaign")
                .defer("data")
                .order_by("-published_at"),
            ),
        )
    )
    for method in methods:
        method.name_i18n = method_name(method)
        method.description_i18n = method_description(method)
        method.counted_axes = {w.axis_id for w in method.axis_weights.all() if w.weight > 0}
    return methods


def open_data(publication: Publication, *, method_url: str) -> dict:
    """The public figures of a published palmarès, for its JSON file (no query once the
    publication is loaded): no company's individual answers, only ranks and scores."""
    data = publication.data
    axes = data.get("axes", [])
    return {
        "publication": publication.pk,
        "published_at": publication.published_at.isoformat(),
        "version": publication.version,
        "provisional": publication.provisional,
        "superseded_by": publication.superseded_by_id,
        "campaign": data.get("campaign"),
        "method": {
            "version": data.get("method", {}).get("version"),
            "name": data.get("method", {}).get("name"),
            "name_en": data.get("method", {}).get("name_en"),
            "progress_weight": data.get("method", {}).get("progress_weight"),
            "explained_at": method_url,
        },
        "axes": [
            {key: axis[key] for key in ("number", "title", "title_en", "weight")} for axis in axes
        ],
        "companies": [
            {
                "rank": row["rank"],
                "name": row["company"],
                "siren": row["siren"],
                "kind": row["kind"],
                "score": row["score"],
                "axis_scores": {
                    str(axis["number"]): score
                    for axis, score in zip(axes, row["axes"], strict=True)
                },
            }
            for row in data.get("rows", [])
        ],
    }


def palmares_table(data: dict) -> tuple[list[str], list[list]]:
    """(headers, rows) of a palmarès for a CSV or XLSX file. No query."""
    axes = data.get("axes", [])
    headers = [_("Rank"), _("Company"), _("SIREN"), _("Kind of company"), _("Score")] + [
        _("Axis %(number)s") % {"number": axis["number"]} for axis in axes
    ]
    rows = [
        [
            row["rank"],
            row["company"],
            row["siren"],
            _kind_label(row["kind"]),
            row["score"],
            *row["axes"],
        ]
        for row in data.get("rows", [])
    ]
    return headers, rows
