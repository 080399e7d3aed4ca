"""The signatories' scorecards as the committee publishes them: for one campaign, each
signatory's measures with the status and progress its validated report gave them. Only a
validated report's answers are frozen; a signatory whose report is not validated is
published as such, with no answer. The public pages read the frozen publications only
(``Publication.data``)."""

from django.utils.dateparse import parse_date

from charter.models import Measure
from charter.translation import is_english
from followup.models import Campaign, Progress, Report
from signatories.models import Signatory

from ..models import Publication

VERSION = 1  # of the data's layout, kept in every publication


def scorecards_publication(campaign: Campaign) -> dict:
    """What publishing the scorecards of ``campaign`` would freeze: every signatory, the
    active measures it carries and, when its report is validated, each one's status and
    progress. Four queries."""
    signatories = list(Signatory.objects.order_by("charter", "position", "acronym"))
    measures = list(Measure.objects.active().filter(owner__in=signatories))
    reports = {
        r.signatory_id: r
        for r in Report.objects.filter(
            campaign=campaign, signatory__isnull=False, status=Report.Status.VALIDATED
        )
    }
    answers = {
        (p.report_id, p.measure_id): p
        for p in Progress.objects.filter(report__in=list(reports.values()))
    }
    return {
        "version": VERSION,
        "campaign": {
            "id": campaign.pk,
            "name": campaign.name,
            "period_start": campaign.period_start.isoformat(),
            "period_end": campaign.period_end.isoformat(),
        },
        "signatories": [
            _signatory(
                signatory,
                [m for m in measures if m.owner_id == signatory.pk],
                reports.get(signatory.pk),
                answers,
            )
            for signatory in signatories
        ],
    }


def _signatory(signatory: Signatory, measures: list, report: Report | None, answers) -> dict:
    def answer(measure: Measure) -> dict:
        progress = answers.get((report.pk, measure.pk)) if report else None
        return {
            "code": measure.code,
            "title": measure.title,
            "title_en": measure.title_en,
            "status": progress.status if progress else "",
            "percent": progress.percent if progress else None,
        }

    return {
        "id": signatory.pk,
        "acronym": signatory.acronym,
        "name": signatory.name,
        "name_en": signatory.name_en,
        "validated": report is not None,
        "measures": [answer(measure) for measure in measures],
    }


def scorecards_display(data: dict) -> dict:
    """``data`` (live or a publication's) as the pages read it: names and titles in the
    active language, status labels, dates as dates. No query."""
    english = is_english()
    labels = dict(Progress.Status.choices)

    def measure(row: dict) -> dict:
        title = (english and row["title_en"]) or row["title"]
        return {**row, "title": title, "status_label": labels.get(row["status"], "")}

    return {
        **data,
        "campaign": {
            **data["campaign"],
            "period_start": parse_date(data["campaign"]["period_start"]),
            "period_end": parse_date(data["campaign"]["period_end"]),
        },
        "signatories": [
            {
                **row,
                "name": (english and row["name_en"]) or row["name"],
                "measures": [measure(m) for m in row["measures"]],
            }
            for row in data["signatories"]
        ],
    }


def published_scorecard(signatory: Signatory) -> dict:
    """The signatory's part of every scorecard publication that stands, one row per
    campaign, newest first, with the measures of those rows (by code, in order). One
    query."""
    publications = (
        Publication.objects.scorecards()
        .current()
        .select_related("campaign")
        .order_by("-campaign__period_end", "-campaign__pk")
    )
    rows = []
    for publication in publications:
        data = scorecards_display(publication.data)
        part = next((s for s in data["signatories"] if s["id"] == signatory.pk), None)
        if part is not None:
            rows.append({"publication": publication, "campaign": data["campaign"], **part})
    titles = {m["code"]: m["title"] for row in reversed(rows) for m in row["measures"]}
    codes = sorted(titles, key=_code_order)
    for row in rows:
        by_code = {m["code"]: m for m in row["measures"]}
        row["cells"] = [by_code.get(code) for code in codes]
    return {"measures": [{"code": code, "title": titles[code]} for code in codes], "rows": rows}


def _code_order(code: str) -> tuple:
    return tuple(int(part) if part.isdigit() else 0 for part in code.split("."))
