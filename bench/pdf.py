"""The PDF benchmark (`make bench-pdf`): how long the campaign report takes for 100, 500 and
2,000 companies, against a floor, and how long a company's report card takes.

For each size, the demo data is made afresh (``seed_demo --reset --companies N
--campaigns 2 --seed 1``) in a database of its own, then:

- the campaign report of the latest closed campaign is made with
  ``documents.pdf.render_campaign_report`` (data reads, template, layout and PDF), best of
  3 runs (of 1 or 2 for 2,000 companies, whose run is long);
- the floor is what WeasyPrint alone takes to lay out and write a bare HTML table of the
  same rows as the report's appendix: one row per company and commitment with the same
  columns (company, SIREN, kind, report status, measure, status, progress), no CSS;
- the ratio is the report's time over the floor's.

On the largest data set, a company's report card is timed too (best of 5). The results
are printed as a table and written to bench/pdf-results.json.

The database is BENCH_DATABASE_URL (default sqlite:///var/bench.sqlite3), never the
developer's DATABASE_URL nor var/db.sqlite3: seed_demo --reset replaces every company.

    python bench/pdf.py [--sizes 100,500,2000] [--output bench/pdf-results.json]
"""

import argparse
import html
import io
import json
import os
import platform
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_DATABASE = "sqlite:///var/bench.sqlite3"
DEVELOPER_DATABASE = ROOT / "var" / "db.sqlite3"
LONG_RUN = 120  # seconds: past this, a size gets one run instead of two or three


def _use_bench_database() -> str:
    """Point Django at the bench's database before it reads its settings; refuse any
    database the developer works with."""
    url = os.environ.get("BENCH_DATABASE_URL") or DEFAULT_DATABASE
    developer = os.environ.get("DATABASE_URL")
    if developer and developer == url:
        sys.exit(
            "BENCH_DATABASE_URL is the same as DATABASE_URL: the benchmark replaces every "
            "company in its database. Give it a database of its own."
        )
    os.environ["DATABASE_URL"] = url
    os.environ["DEBUG"] = "true"  # seed_demo only runs with DEBUG on
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    return url


def _check_database() -> None:
    from django.db import connection

    name = connection.settings_dict["NAME"]
    if connection.vendor == "sqlite" and Path(str(name)).resolve() == DEVELOPER_DATABASE.resolve():
        sys.exit("The benchmark would use var/db.sqlite3, the developer's database: refused.")


def _seed(companies: int) -> None:
    from django.core.management import call_command

    call_command(
        "seed_demo",
        reset=True,
        companies=companies,
        campaigns=2,
        seed=1,
        stdout=io.StringIO(),
    )


def _best(function, runs: int) -> tuple[float, object]:
    """The shortest of ``runs`` timed calls, and the last call's result. A first run that
    takes longer than LONG_RUN is not repeated."""
    best, result = float("inf"), None
    for run in range(runs):
        started = time.perf_counter()
        result = function()
        elapsed = time.perf_counter() - started
        best = min(best, elapsed)
        if run == 0 and elapsed > LONG_RUN:
            break
    return best, result


def floor_html(campaign) -> tuple[str, int]:
    """The appendix's rows as a bare HTML table without any CSS, and how many rows."""
    from django.utils import translation

    from documents import selectors
    from documents.pdf import label_appendix

    with translation.override("fr"):
        measures = selectors.charter_measures(selectors.current_charter())
        companies = selectors.appendix(campaign, measures)
        label_appendix(companies)
        rows = []
        for company in companies:
            name = html.escape(company.name)
            for line in company.lines:
                percent = "—" if line.percent is None else f"{line.percent} %"
                rows.append(
                    f"<tr><td>{name}</td><td>{company.siren_display}</td>"
                    f"<td>{html.escape(company.kind_label)}</td>"
                    f"<td>{html.escape(company.report_label)}</td>"
                    f"<td>{line.measure.code} {html.escape(line.measure.title_i18n)}</td>"
                    f"<td>{html.escape(line.status_label)}</td><td>{percent}</td></tr>"
                )
    head = "".join(
        f"<th>{title}</th>"
        for title in ("Entreprise", "SIREN", "Type", "Rapport", "Mesure", "Statut", "Avancement")
    )
    return (
        '<!DOCTYPE html><html lang="fr"><head><meta charset="utf-8"><title>Floor</title>'
        f"</head><body><table><thead><tr>{head}</tr></thead><tbody>{''.join(rows)}</tbody>"
        "</table></body></html>"
    ), len(rows)


def _floor(document: str) -> int:
    from weasyprint import HTML

    rendered = HTML(string=document).render()
    rendered.write_pdf()
    return len(rendered.pages)


def _card_company(campaign):
    """A company with a validated report for ``campaign`` and the most commitments."""
    from django.db.models import Count

    from signatories.models import Company

    return (
        Company.objects.filter(reports__campaign=campaign, reports__status="validated")
        .annotate(commitment_count=Count("commitments", distinct=True))
        .order_by("-commitment_count", "pk")
        .first()
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="100,500,2000", help="companies per run (100,500,2000)")
    parser.add_argument("--output", default=str(ROOT / "bench" / "pdf-results.json"))
    arguments = parser.parse_args()
    sizes = [int(size) for size in arguments.sizes.split(",") if size.strip()]

    sys.stdout.reconfigure(line_buffering=True)  # progress shows as it goes, even in a log
    os.chdir(ROOT)
    sys.path.insert(0, str(ROOT))
    url = _use_bench_database()
    import django

    django.setup()
    _check_database()
    from django.core.management import call_command
    from django.db import connection

    from documents.pdf import render_campaign_report, render_company_card
    from followup.models import Campaign

    call_command("migrate", verbosity=0, interactive=False)
    print(f"PDF benchmark on {connection.vendor} ({url}), {os.cpu_count()} cores")
    results: dict[str, dict] = {}
    campaign = None
    for size in sizes:
        started = time.perf_counter()
        _seed(size)
        campaign = (
            Campaign.objects.filter(status=Campaign.Status.CLOSED).order_by("-period_end").first()
        )
        if campaign is None:
            sys.exit("seed_demo made no closed campaign.")
        print(f"\n{size} companies: seeded in {time.perf_counter() - started:.1f} s; {campaign}")
        runs = 3 if size <= 500 else 2
        seconds, rendered = _best(
            lambda campaign=campaign: render_campaign_report(campaign=campaign, language="fr"),
            runs,
        )
        print(f"  campaign report: {seconds:.2f} s, {rendered.pages} pages")
        document, rows = floor_html(campaign)
        floor_seconds, floor_pages = _best(lambda document=document: _floor(document), runs)
        print(f"  floor ({rows} rows, bare table): {floor_seconds:.2f} s, {floor_pages} pages")
        results[f"campaign_report_{size}"] = {
            "seconds": round(seconds, 3),
            "pages": rendered.pages,
            "floor_seconds": round(floor_seconds, 3),
            "floor_rows": rows,
            "floor_pages": floor_pages,
            "ratio": round(seconds / floor_seconds, 3),
        }
    if campaign is not None:
        company = _card_company(campaign)
        seconds, rendered = _best(
            lambda: render_company_card(company=company, campaign=campaign, language="fr"), 5
        )
        results["company_card"] = {
            "seconds": round(seconds, 3),
            "pages": rendered.pages,
            "companies": sizes[-1],
        }
        print(f"\ncompany card ({company.legal_name}): {seconds:.3f} s, {rendered.pages} pages")

    results["machine"] = {
        "cores": os.cpu_count(),
        "python": platform.python_version(),
        "system": f"{platform.system()} {platform.machine()}",
        "database": connection.vendor,
    }
    _print_table(results)
    Path(arguments.output).write_text(json.dumps(results, indent=2) + "\n")
    print(f"\nWritten to {arguments.output}")


def _print_table(results: dict) -> None:
    print(f"\n{'document':<24}{'seconds':>10}{'pages':>8}{'floor (s)':>12}{'ratio':>8}")
    for key, row in results.items():
        if key == "machine":
            continue
        floor = f"{row['floor_seconds']:.2f}" if "floor_seconds" in row else ""
        ratio = f"{row['ratio']:.2f}" if "ratio" in row else ""
        print(f"{key:<24}{row['seconds']:>10.2f}{row['pages']:>8}{floor:>12}{ratio:>8}")


if __name__ == "__main__":
    main()
