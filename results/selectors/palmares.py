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

A method with ``applicability_rules`` (version 2, migration
``0009_palmares_method_version_2``) adds two rules:

- a criterion whose measure does not apply to the company (an optional measure it did not
  choose, or a mandatory one the committee agreed does not apply:
  ``Commitment.measure_applies``) is left out: its weight leaves the axis's denominator.
  The progress part of an axis counts only when the report answers an applying measure of
  the axis; an axis left with nothing leaves the final mean (its weight leaves the
  denominator); a company to which nothing applies scores 0;
- a "yes" to an indicator that claims a certificate (``REGISTRY_CHECKED_INDICATORS``)
  scores only when the registry holds a certificate of its schemes current on the
  campaign's last day (``Certification.objects.current_on``); otherwise the answer scores
  0 and is a mismatch.

A method with ``attested_relations`` (version 3, migration
``results/0002_palmares_method_version_3``) also reads measures 3.2 to 3.5 as computed
from the company's attestations on its client–provider relations
(``followup.selectors.attestations.PracticeFigures``): a company that attested no
relation for the campaign (its answers are "not applicable" and its indicators empty) has
these criteria left out and these answers do not count as the axis's answers, instead of
scoring 0.

``palmares_compute`` returns the whole palmarès as plain JSON-ready data: the committee
page shows it, the export writes it, and publishing freezes it as it is. Every page then
reads that data (``palmares_display``, ``company_breakdown``, ``open_data``) without
computing anything again.
"""

import datetime
from decimal import ROUND_HALF_UP, Decimal
from typing import NamedTuple

from django.db.models import Avg, Count, Exists, IntegerField, OuterRef, Prefetch, Q
from django.db.models.functions import Coalesce
from django.utils.text import capfirst
from django.utils.translation import gettext as _

from charter.translation import is_english
from core.charts import HorizontalBarChart, horizontal_bars
from followup.models import Attestation, Campaign, IndicatorValue, Progress, Report
from followup.selectors.registry import registry_confirms
from signatories.models import (
    REGISTRY_CHECKED_INDICATORS,
    Certification,
    Commitment,
    Company,
    CompanyKind,
)

from ..models import AxisWeight, Criterion, Publication, ScoringMethod

DATA_FORMAT = 1
CHART_SIZE = 20
# What a criterion's detail says: scored as usual, left out because its measure does not
# apply to the company, or scored 0 because the certificate claimed is not in the registry.
SCORED = "scored"
LEFT_OUT = "not_applicable"
NO_CERTIFICATE = "no_certificate"
ZERO = Decimal(0)
HUNDRED = Decimal(100)
TENTH = Decimal("0.1")
Rule = Criterion.Rule
ATTESTED_MEASURES = tuple(Attestation.MEASURES.values())
ATTESTED_INDICATORS = frozenset(Attestation.INDICATORS.values())


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


def _mean_progress(
    campaign: Campaign,
    axes: list[AxisWeight],
    *,
    applicability: bool = False,
    attested: bool = False,
) -> dict[int, dict[int, Decimal | None]]:
    """{company id: {axis id: mean % progress}} over validated reports, "not applicable"
    left out, an empty percentage read as 0. One query, grouped by company.

    With ``applicability``, answers on a measure the committee agreed does not apply to
    the company are left out too, and an axis with no answer left has None (its progress
    part leaves the axis score). With ``attested``, the "not applicable" answers of
    measures 3.2 to 3.5 (no relation attested) are not answers either."""
    if not axes:
        return {}
    counted = ~Q(status=Progress.Status.NOT_APPLICABLE)
    percent = Coalesce("percent", 0, output_field=IntegerField())
    progress = Progress.objects.filter(report__in=campaign.validated_company_reports())
    counts = {}
    if applicability:
        progress = progress.exclude(
            Exists(
                Commitment.objects.not_applying().filter(
                    company_id=OuterRef("report__company_id"), measure_id=OuterRef("measure_id")
                )
            )
        )
        answer = Q()
        if attested:
            answer = ~Q(measure__code__in=ATTESTED_MEASURES, status=Progress.Status.NOT_APPLICABLE)
        counts = {
            f"answers_{weight.axis_id}": Count(
                "pk", filter=answer & Q(measure__axis_id=weight.axis_id)
            )
            for weight in axes
        }
    rows = (
        progress.values("report__company_id")
        .annotate(
            **{
                f"axis_{weight.axis_id}": Avg(
                    percent, filter=counted & Q(measure__axis_id=weight.axis_id)
                )
                for weight in axes
            },
            **counts,
        )
        .order_by()
    )
    result = {}
    for row in rows:
        means = {}
        for weight in axes:
            mean = _decimal(row[f"axis_{weight.axis_id}"])
            if applicability:
                means[weight.axis_id] = (mean or ZERO) if row[f"answers_{weight.axis_id}"] else None
            else:
                means[weight.axis_id] = mean
        result[row["report__company_id"]] = means
    return result


def _validated_companies(campaign: Campaign):
    """The ids of the companies with a validated report for ``campaign``, as a subquery."""
    return campaign.validated_company_reports().values("company_id")


def _applicability(campaign: Campaign, criteria: list[Criterion]) -> dict[tuple[int, int], str]:
    """{(company id, measure id): state of the company's commitment (``not_applicable``)}
    for the criteria's measures and the companies ranked. One query."""
    measure_ids = {c.indicator.measure_id for c in criteria}
    if not measure_ids:
        return {}
    rows = Commitment.objects.filter(
        company_id__in=_validated_companies(campaign), measure_id__in=measure_ids
    ).values_list("company_id", "measure_id", "not_applicable")
    return {(company_id, measure_id): state for company_id, measure_id, state in rows}


def _registry(campaign: Campaign) -> dict[int, set[str]]:
    """{company id: schemes of the certificates the registry holds current on the
    campaign's last day}, for the companies ranked. One query."""
    schemes = {scheme for group in REGISTRY_CHECKED_INDICATORS.values() for scheme in group}
    rows = (
        Certification.objects.current_on(campaign.period_end)
        .filter(company_id__in=_validated_companies(campaign), scheme__in=schemes)
        .values_list("company_id", "scheme")
        .distinct()
    )
    held: dict[int, set[str]] = {}
    for company_id, scheme in rows:
        held.setdefault(company_id, set()).add(scheme)
    return held


class _Facts(NamedTuple):
    """What scoring reads of a criterion for every company, read once from its related
    objects (reading them through Django's descriptors for each company cost more than the
    queries themselves)."""

    indicator_id: int
    denominator_id: int | None
    measure_id: int
    axis_id: int
    code: str
    rule: str
    weight: Decimal
    binds_companies: bool
    optional: bool


def _facts(criteria: list[Criterion]) -> list[_Facts]:
    return [
        _Facts(
            indicator_id=c.indicator_id,
            denominator_id=c.denominator_id,
            measure_id=c.indicator.measure_id,
            axis_id=c.indicator.measure.axis_id,
            code=c.indicator.code,
            rule=c.rule,
            weight=c.weight,
            binds_companies=c.indicator.measure.binds_companies,
            optional=c.indicator.measure.optional,
        )
        for c in criteria
    ]


def criterion_applies(fact: _Facts, state: str | None) -> bool:
    """Whether the criterion's measure applies to a company whose commitment to it is in
    ``state`` (None: no commitment). Only company measures can not apply."""
    if not fact.binds_companies:
        return True
    return Commitment.measure_applies(optional=fact.optional, not_applicable=state)


def _answers(campaign: Campaign, criteria: list[Criterion]) -> dict[tuple[int, int], object]:
    """{(company id, indicator id): answer} for the criteria's indicators and their
    denominators, from validated reports: a bool or a Decimal. One query."""
    indicator_ids = {c.indicator_id for c in criteria} | {
        c.denominator_id for c in criteria if c.denominator_id
    }
    if not indicator_ids:
        return {}
    rows = IndicatorValue.objects.filter(
        report__in=campaign.validated_company_reports(), indicator_id__in=indicator_ids
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
    criteria: list[_Facts],
    progress: dict[int, Decimal | None],
    answers: dict[tuple[int, int], object],
    applicability: dict[tuple[int, int], str] | None = None,
    held: set[str] | None = None,
) -> dict:
    """One company's score, axis scores and criterion breakdown (no query).

    ``applicability`` and ``held`` are given under a method with ``applicability_rules``:
    the states of the company's commitments and the schemes the registry holds for it."""
    rules = method.applicability_rules
    progress_weight = method.progress_weight
    details = []
    sums = {weight.axis_id: [ZERO, ZERO] for weight in axes}  # [weighted sum, weights]
    for weight in axes:
        mean = progress.get(weight.axis_id)
        if rules and mean is None:
            continue  # no answer on a measure of the axis that applies: left out
        sums[weight.axis_id][0] += progress_weight * (mean or ZERO)
        sums[weight.axis_id][1] += progress_weight
    for fact in criteria:
        value = answers.get((company_id, fact.indicator_id))
        denominator = None
        if fact.denominator_id:
            denominator = answers.get((company_id, fact.denominator_id))
        detail = {
            "value": _json_value(value),
            "denominator_value": _json_value(denominator),
            "share": None,
            "score": None,
        }
        if rules:  # version 1's data stays as it was
            detail["status"] = SCORED
        details.append(detail)
        if rules and fact.binds_companies:
            state = (applicability or {}).get((company_id, fact.measure_id))
            if not criterion_applies(fact, state):
                detail["status"] = LEFT_OUT
                continue
        if method.attested_relations and value is None and fact.code in ATTESTED_INDICATORS:
            detail["status"] = LEFT_OUT  # no relation attested: the measure does not apply
            continue
        share, score = criterion_score(
            rule=fact.rule,
            value=value,
            denominator=denominator,
            divided=bool(fact.denominator_id),
        )
        if rules and not registry_confirms(fact.code, value, held or set()):
            share, score = None, ZERO
            detail["status"] = NO_CERTIFICATE
        sums[fact.axis_id][0] += fact.weight * score
        sums[fact.axis_id][1] += fact.weight
        detail["share"], detail["score"] = _float(share), _float(score)
    if rules:
        axis_scores = [
            sums[w.axis_id][0] / sums[w.axis_id][1] if sums[w.axis_id][1] else None for w in axes
        ]
    else:
        axis_scores = [
            sums[w.axis_id][0] / sums[w.axis_id][1] if sums[w.axis_id][1] else ZERO for w in axes
        ]
    counted = [(w, s) for w, s in zip(axes, axis_scores, strict=True) if s is not None]
    total_weight = sum((w.weight for w, _s in counted), ZERO)
    final = sum((w.weight * s for w, s in counted), ZERO) / total_weight if total_weight else ZERO
    return {
        "score": _round(final),
        "axes": [_float(score) for score in axis_scores],
        "progress": [
            _float(progress.get(w.axis_id) if rules else progress.get(w.axis_id) or ZERO)
            for w in axes
        ],
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
    and criteria, the validated reports, the mean progress, the criteria's answers); seven
    under a method with ``applicability_rules`` (plus the companies' commitments to the
    criteria's measures and the registry's current certificates).
    """
    rules = method.applicability_rules
    axes, criteria = _method_parts(method)
    companies = list(
        campaign.validated_company_reports()
        .values_list("company_id", "company__legal_name", "company__siren", "company__kind")
        .order_by()
    )
    progress = _mean_progress(
        campaign, axes, applicability=rules, attested=method.attested_relations
    )
    answers = _answers(campaign, criteria)
    applicability = _applicability(campaign, criteria) if rules else None
    registry = _registry(campaign) if rules else {}
    rows = []
    facts = _facts(criteria)
    for company_id, name, siren, kind in companies:
        scored = _company_score(
            company_id=company_id,
            method=method,
            axes=axes,
            criteria=facts,
            progress=progress.get(company_id, {}),
            answers=answers,
            applicability=applicability,
            held=registry.get(company_id, set()),
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
            "applicability_rules": rules,
            "attested_relations": method.attested_relations,
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
    """What the ranking pages show of ``data``, in the reader's language: each row with
    its kind of company as a label, its axis scores (``axes``) in the order of ``axes``.
    No query."""
    axes = [{**axis, "title_i18n": translated(axis, "title")} for axis in data.get("axes", [])]
    rows = [
        {**row, "kind_label": capfirst(_kind_label(row["kind"]))} for row in data.get("rows", [])
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


def _registry_day(data: dict) -> datetime.date | None:
    try:
        return datetime.date.fromisoformat(data.get("campaign", {}).get("period_end", ""))
    except ValueError:
        return None


def company_breakdown(data: dict, company_id: int) -> dict | None:
    """One company's rank, score and, axis by axis, its mean progress and criteria with the
    values used; None when the company is not in the palmarès. No query.

    Each criterion says how it counted (``status``): scored, left out because its measure
    does not apply (``left_out``), or 0 because the certificate claimed was not in the
    registry on ``registry_day`` (``no_certificate``); data computed before version 2 has
    only scored criteria. An axis or a progress part left out has None."""
    row = next((r for r in data.get("rows", []) if r["company_id"] == company_id), None)
    if row is None:
        return None
    method = data.get("method", {})
    registry_day = _registry_day(data)
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
                "status": SCORED,
                **row["criteria"][position],
                "registry_day": registry_day,
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
