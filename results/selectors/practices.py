"""Axis 3's published figures: for a campaign, the share of client–provider relations with
each practice of measures 3.2 to 3.5, over all companies and by kind of company. The
barometer carries them (``barometer._figures``), so that the committee's page, the preview,
the publication and the public page show them under the same small-group rule.

What is counted: the answers of the companies whose report for the campaign is
validated, on their relations that count (any but a disputed one). Each side's answer on
a relation counts once, in its own company's group: a relation both sides answered counts
twice overall, once as the client saw it and once as the provider did. A group's figures
are about its companies (at least ``disclosure.MIN_CONTRIBUTORS``, none holding more than
``disclosure.DOMINANCE_PERCENT`` of the group's relations), with complementary
suppression between the kinds and the total (``disclosure.protect``), and against the
campaign's earlier publications.
"""

from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from followup.models import Attestation, Campaign
from relations.models import Relation
from signatories.models import CompanyKind

from .. import disclosure

# The cells' names, kept apart from the barometer's in ``Publication.contributors``.
PREFIX = "practices:"
OVERALL = f"{PREFIX}all"
KINDS = tuple(CompanyKind.values)
PRACTICES = Attestation.PRACTICES


def _cell(kind: str) -> str:
    return f"{PREFIX}kind:{kind}"


def _answers(campaign: Campaign) -> dict[int, dict]:
    """{company id: its kind, how many relations it answered, and how many "yes" to each
    practice}, for the companies with a validated report that answered. Two queries."""
    validated = {
        row["company_id"]: row
        for row in campaign.validated_company_reports().values(
            "company_id", "company__siren", "company__kind"
        )
    }
    by_siren = {row["company__siren"]: company_id for company_id, row in validated.items()}
    rows = (
        Attestation.objects.filter(campaign=campaign)
        .exclude(relation__status=Relation.Status.DISPUTED)
        .values(
            "side",
            "relation__client_id",
            "relation__client_siren",
            "relation__provider_id",
            "relation__provider_siren",
            *PRACTICES,
        )
    )
    companies: dict[int, dict] = {}
    for row in rows:
        side = row["side"]
        company_id = row[f"relation__{side}_id"] or by_siren.get(row[f"relation__{side}_siren"])
        if company_id not in validated:
            continue
        counted = companies.setdefault(
            company_id,
            {
                "kind": validated[company_id]["company__kind"],
                "relations": 0,
                **dict.fromkeys(PRACTICES, 0),
            },
        )
        counted["relations"] += 1
        for practice in PRACTICES:
            counted[practice] += row[practice] == Attestation.Answer.YES
    return companies


def _share(part: int, whole: int) -> float | None:
    return round(100 * part / whole, 1) if whole else None


def _row(key: str, members: list[dict], reason: str | None) -> dict:
    relations = sum(member["relations"] for member in members)
    return {
        "key": key,
        "suppressed": reason is not None,
        **({"reason": reason} if reason else {}),
        "companies": len(members),
        "relations": relations,
        "shares": {
            practice: _share(sum(member[practice] for member in members), relations)
            for practice in PRACTICES
        },
    }


def practice_figures(
    campaign: Campaign, earlier: list[dict]
) -> tuple[dict | None, dict[str, list]]:
    """The live figures (every group, those a publication would hide marked
    ``suppressed`` with the reason) and the contributors of the groups shown; None when no
    company answered (a campaign before the relations were followed). ``earlier``: the
    contributors of each earlier publication of the campaign. Two queries."""
    companies = _answers(campaign)
    if not companies:
        return None, {}
    members: dict[str, list[dict]] = {OVERALL: list(companies.values())}
    members |= {_cell(kind): [] for kind in KINDS}
    cells: dict[str, dict] = {OVERALL: {}} | {_cell(kind): {} for kind in KINDS}
    for company_id, counted in companies.items():
        members[_cell(counted["kind"])].append(counted)
        for cell in (OVERALL, _cell(counted["kind"])):
            cells[cell][company_id] = (counted["relations"],)
    hidden = disclosure.protect(
        cells,
        totals={OVERALL},
        earlier=[
            {key: ids for key, ids in version.items() if key.startswith(PREFIX)}
            for version in earlier
        ],
    )
    figures = {
        "overall": _row("all", members[OVERALL], hidden.get(OVERALL)),
        "by_kind": [_row(kind, members[_cell(kind)], hidden.get(_cell(kind))) for kind in KINDS],
    }
    contributors = {cell: sorted(ids) for cell, ids in cells.items() if cell not in hidden}
    return figures, contributors


def published(figures: dict | None) -> dict | None:
    """What a publication keeps: every figure of a group shown; of a hidden one, only its
    key and the reason (not even its number of companies or relations)."""
    if figures is None:
        return None

    def kept(row: dict) -> dict:
        if not row["suppressed"]:
            return row
        return {name: row[name] for name in ("key", "suppressed", "reason")}

    return {"overall": kept(figures["overall"]), "by_kind": [kept(r) for r in figures["by_kind"]]}


# --- Reading them (live or published): no query --------------------------------------------

HIDDEN_NOTES = {
    disclosure.THRESHOLD: gettext_lazy("hidden: fewer than %(number)s companies"),
    disclosure.DOMINANCE: gettext_lazy(
        "hidden: one company gave more than %(share)s%% of the group's answers"
    ),
    disclosure.SECONDARY: gettext_lazy("hidden so that another hidden group cannot be computed"),
    disclosure.REVISION: gettext_lazy(
        "hidden: with an earlier publication of this campaign it would reveal the companies "
        "counted since"
    ),
}


def practice_display(figures: dict | None, numbers: dict) -> dict | None:
    """The figures as the pages read them: each group's label, its note when hidden, and
    its shares in the order of the measures (``cells``: (measure code, share))."""
    if not figures:
        return None

    def readable(row: dict, label) -> dict:
        note = HIDDEN_NOTES[row.get("reason", disclosure.THRESHOLD)] % numbers
        shares = row.get("shares") or {}
        return {
            **row,
            "label": label,
            "note": note if row["suppressed"] else "",
            "cells": [shares.get(practice) for practice in PRACTICES],
        }

    kinds = dict(CompanyKind.choices)
    return {
        "overall": readable(figures["overall"], _("All companies")),
        "by_kind": [
            readable(row, capfirst(kinds.get(row["key"], row["key"]))) for row in figures["by_kind"]
        ],
        "headers": [Attestation._meta.get_field(practice).verbose_name for practice in PRACTICES],
    }
