"""The pages benchmark (`make bench`): how long the committee's pages take on a large data
set, how many queries each runs, and how the dashboard compares with its floor.

The data set is the demo's (``seed_demo --companies 2000 --campaigns 6 --seed 1``) in a
PostgreSQL database of its own. It is made once and kept: a table of the benchmark's,
``bench_dataset``, records the arguments it was made with, a fingerprint of the demo code
and the row counts, and a later run seeds again only when one of them differs (other
options, a changed demo, rows changed since), in a new year (the campaigns' years follow
the day of seeding) or with ``--reseed``.

Each page is asked for through Django's test client, in process, with every middleware
(session, authentication, the request's transaction...), by a committee member logged in
with ``force_login``; the database connection is kept between requests, as with
``CONN_MAX_AGE``, and ``DEBUG`` is off while timing (seeding needs it on). Each is asked
for ``--warmup`` times untimed, then ``--runs`` times timed (p50 and p95 of those), then
once more inside ``CaptureQueriesContext`` to count its queries:

- ``dashboard``: /suivi/, the latest campaign (headline figures, progress per axis, the
  first page of 50 companies);
- ``company_page``: /suivi/entreprises/<id>/ of the company with the most reports, then
  the most commitments;
- ``measure_page``: /suivi/mesures/<id>/ of the measure with the most indicators, then the
  most answers in the latest campaign;
- ``barometer``: /suivi/barometre/, the latest campaign and the trend over all of them;
- ``palmares``: ``palmares_compute`` (the ranking itself, no page) for the latest closed
  campaign under the latest method; ``palmares_page`` is /suivi/palmares/ for the same;
- ``csv_export``: /suivi/export.csv, the dashboard's whole table of companies.

The floor is the dashboard's figures by hand: seven SQL statements through
``connection.cursor()`` (headline counts with the previous campaign's, the certification
counts, progress per axis over every reporter's answers, measure 4.1 from the register of
public contracts, measure 5.1 from the committee's work streams, the first page
of the table of companies with its progress per axis, jobs created and current
certifications), rows fetched, timed the same way. The run
checks first that the floor's figures are exactly those the page shows (in the page's
template context), else it stops with an error. The ratio is the dashboard's p95 over the
floor's p95, shown for reading, not as a target. Target: dashboard p95 at most 250 ms; a
change compares its pages with `make bench` on the commit before it (docs/benchmarks.md).

The results are printed as a table and written to bench/results.json. The database is
BENCH_DATABASE_URL (default postgres://postgres@127.0.0.1:5432/charte_bench, created when
missing), never the developer's DATABASE_URL: seeding replaces every company.

    python bench/pages.py [--warmup 5] [--runs 100] [--reseed] [--output bench/results.json]
                          [--pages dashboard,csv_export]
"""

import argparse
import gc
import hashlib
import io
import json
import os
import platform
import statistics
import sys
import time
import warnings
from pathlib import Path
from urllib.parse import urlsplit

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_DATABASE = "postgres://postgres@127.0.0.1:5432/charte_bench"
RESERVED_DATABASES = {"postgres", "template0", "template1"}
DATASET = {"companies": 2000, "campaigns": 6, "seed": 1}
TARGET_P95_MS = 250
COMMITTEE_EMAIL = "comite@demo.example.org"  # seed_demo's committee member
PAGE_SIZE = 50  # the dashboard's page of companies
PAGES = (
    "dashboard",
    "company_page",
    "measure_page",
    "barometer",
    "palmares",
    "palmares_page",
    "csv_export",
)


def fail(message: str) -> None:
    sys.exit(f"bench: {message}")


# --- The database ---------------------------------------------------------------------------


def _same_database(a: str, b: str) -> bool:
    one, other = urlsplit(a), urlsplit(b)
    local = {"localhost", "127.0.0.1", "::1", None, ""}
    same_host = one.hostname == other.hostname or (
        one.hostname in local and other.hostname in local
    )
    return (
        same_host
        and (one.port or 5432) == (other.port or 5432)
        and one.path.lstrip("/") == other.path.lstrip("/")
    )


def _use_bench_database() -> str:
    """Point Django at the bench's database before it reads its settings; refuse the
    database the developer works with."""
    import environ

    environ.Env.read_env(ROOT / ".env")  # the developer's DATABASE_URL may be there
    url = os.environ.get("BENCH_DATABASE_URL") or DEFAULT_DATABASE
    parts = urlsplit(url)
    if parts.scheme not in ("postgres", "postgresql", "pgsql"):
        fail("BENCH_DATABASE_URL must be a postgres:// URL: the benchmark runs on PostgreSQL.")
    name = parts.path.lstrip("/")
    if not name or name in RESERVED_DATABASES:
        fail("BENCH_DATABASE_URL must name a database of its own.")
    developer = os.environ.get("DATABASE_URL")
    if developer and _same_database(developer, url):
        fail(
            "BENCH_DATABASE_URL is the same as DATABASE_URL: the benchmark replaces every "
            "company in its database. Give it a database of its own."
        )
    os.environ["DATABASE_URL"] = url
    os.environ["DATABASE_REPLICA_URL"] = ""  # every read from the bench's database
    os.environ["DEBUG"] = "true"  # development settings; DEBUG is turned off once loaded
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    return url


def _create_database(url: str) -> None:
    """Create the bench's database when it does not exist yet (never drops one)."""
    import psycopg
    from psycopg import sql

    parts = urlsplit(url)
    with psycopg.connect(
        host=parts.hostname or "127.0.0.1",
        port=parts.port or 5432,
        user=parts.username or "postgres",
        password=parts.password or None,
        dbname="postgres",
        autocommit=True,
    ) as connection:
        name = parts.path.lstrip("/")
        found = connection.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name])
        if found.fetchone() is None:
            connection.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
            print(f"Created the database {name}.")


# --- The data set, made once ----------------------------------------------------------------


def _counts() -> dict[str, int]:
    from followup.models import Campaign, IndicatorValue, Progress, Report
    from signatories.models import Certification, Company, Site

    return {
        "companies": Company.objects.count(),
        "sites": Site.objects.count(),
        "certifications": Certification.objects.count(),
        "campaigns": Campaign.objects.count(),
        "reports": Report.objects.count(),
        "progress": Progress.objects.count(),
        "indicator_values": IndicatorValue.objects.count(),
    }


def _recorded() -> dict | None:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(
            "CREATE TABLE IF NOT EXISTS bench_dataset "
            "(arguments jsonb NOT NULL, counts jsonb NOT NULL, seeded_on date NOT NULL)"
        )
        cursor.execute("SELECT arguments, counts, seeded_on FROM bench_dataset")
        row = cursor.fetchone()
    if row is None:
        return None
    arguments, counts, seeded_on = (
        json.loads(value) if isinstance(value, str) else value for value in row
    )
    return {"arguments": arguments, "counts": counts, "seeded_on": seeded_on.isoformat()}


def _record(arguments: dict, counts: dict) -> None:
    from django.db import connection, transaction
    from django.utils import timezone

    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("DELETE FROM bench_dataset")
        cursor.execute(
            "INSERT INTO bench_dataset (arguments, counts, seeded_on) VALUES (%s, %s, %s)",
            [json.dumps(arguments), json.dumps(counts), timezone.localdate()],
        )


def demo_code() -> str:
    """A fingerprint of the code that makes the demo data: another version of it makes
    another data set."""
    digest = hashlib.sha256()
    for module in ("signatories/demo.py", "followup/demo.py", "results/demo.py"):
        digest.update((ROOT / module).read_bytes())
    return digest.hexdigest()[:16]


def ensure_dataset(arguments: dict, reseed: bool) -> dict:
    """Seed the data set unless the database holds it already, as recorded: the same
    arguments and demo code, the same row counts, seeded this year (the campaigns' years
    follow the day of seeding). Returns the record (arguments, row counts, day seeded)."""
    from django.core.management import call_command
    from django.db import connection
    from django.test import override_settings
    from django.utils import timezone

    arguments = {**arguments, "demo_code": demo_code()}
    recorded = _recorded()
    if recorded and not reseed:
        if recorded["arguments"] != arguments:
            print(f"The database holds {recorded['arguments']}: seeding {arguments} instead.")
        elif recorded["counts"] != _counts():
            print("The data set changed since it was seeded: seeding it again.")
        elif recorded["seeded_on"][:4] != str(timezone.localdate().year):
            print(f"The data set was seeded on {recorded['seeded_on']}: seeding it again.")
        else:
            print(f"Data set {arguments}, seeded on {recorded['seeded_on']}: kept.")
            return recorded
    started = time.perf_counter()
    options = {key: arguments[key] for key in ("companies", "campaigns", "seed")}
    with override_settings(DEBUG=True):  # seed_demo runs only with DEBUG on
        call_command("seed_demo", reset=True, stdout=io.StringIO(), **options)
    seconds = time.perf_counter() - started
    _record(arguments, _counts())
    print(f"Seeded {arguments} in {seconds:.1f} s.")
    with connection.cursor() as cursor:
        # The rows the seed replaced are dead: compact the tables and gather statistics, so
        # that a data set seeded again reads like one seeded in a new database.
        cursor.execute("VACUUM (FULL, ANALYZE)")
    return _recorded()


# --- Timing -----------------------------------------------------------------------------------


def percentiles(times: list[float]) -> tuple[float, float]:
    """p50 and p95 (linear interpolation between the closest ranks) of ``times``."""
    if len(times) == 1:
        return times[0], times[0]
    cuts = statistics.quantiles(times, n=20, method="inclusive")
    return statistics.median(times), cuts[18]


def timed(function, warmup: int, runs: int) -> list[float]:
    """Milliseconds of each of ``runs`` calls, after ``warmup`` untimed ones."""
    for _ in range(warmup):
        function()
    gc.collect()
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        function()
        times.append((time.perf_counter() - started) * 1000)
    return times


def count_queries(function) -> int:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as captured:
        function()
    return len(captured)


def time_in_database(function, runs: int) -> float:
    """The median milliseconds that ``function`` spends in the database's statements
    (sent, run, rows received), over ``runs`` calls."""
    from django.db import connection

    spent = 0.0

    def wrapper(execute, sql, params, many, context):
        nonlocal spent
        started = time.perf_counter()
        try:
            return execute(sql, params, many, context)
        finally:
            spent += time.perf_counter() - started

    times = []
    with connection.execute_wrapper(wrapper):
        for _ in range(runs):
            spent = 0.0
            function()
            times.append(spent * 1000)
    return statistics.median(times)


def get(client, url: str):
    """A function asking for ``url``, failing on anything but a 200."""

    def call():
        response = client.get(url)
        if response.status_code != 200:
            fail(f"{url} answered {response.status_code}.")
        if response.streaming:
            b"".join(response.streaming_content)
        return response

    return call


def with_context(client, url: str):
    """The response to ``url`` with its template context, as in Django's tests."""
    from django.template import Template
    from django.test.utils import instrumented_test_render

    original = Template._render
    Template._render = instrumented_test_render
    try:
        return client.get(url)
    finally:
        Template._render = original


# --- The dashboard's floor ------------------------------------------------------------------

CAMPAIGN_SQL = """
SELECT c.period_end, c.deadline + c.grace_days, p.id, p.period_end, p.deadline + p.grace_days,
       c.period_start
FROM followup_campaign c
LEFT JOIN LATERAL (
    SELECT id, period_end, deadline, grace_days FROM followup_campaign
    WHERE status <> 'draft' AND period_end < c.period_start
    ORDER BY period_end DESC, id DESC
    LIMIT 1
) p ON TRUE
WHERE c.id = %(campaign)s
"""

HEADLINE_SQL = """
SELECT count(*),
       count(*) FILTER (WHERE r.status = 'submitted'),
       count(*) FILTER (WHERE r.status = 'returned'),
       count(*) FILTER (WHERE r.status = 'validated'),
       count(*) FILTER (WHERE r.status = 'draft'),
       count(*) FILTER (WHERE r.status IS NULL OR r.status = 'draft'),
       count(*) FILTER (
           WHERE (r.status IS NULL OR r.status = 'draft')
             AND (pr.status IS NULL OR pr.status = 'draft')
             AND (co.adhered_on IS NULL OR co.adhered_on <= %(previous_end)s)
       )
FROM signatories_company co
LEFT JOIN followup_report r ON r.campaign_id = %(campaign)s AND r.company_id = co.id
LEFT JOIN followup_report pr ON pr.campaign_id = %(previous)s AND pr.company_id = co.id
WHERE co.status = 'active' AND (co.adhered_on IS NULL OR co.adhered_on <= %(period_end)s)
"""

CERTIFICATIONS_SQL = """
SELECT count(*) FILTER (
           WHERE ce.valid_until < %(today)s AND ce.status IN ('valid', 'temporary', 'expired')
       ),
       count(*) FILTER (
           WHERE ce.status IN ('valid', 'temporary')
             AND ce.valid_until BETWEEN %(today)s AND %(horizon)s
       )
FROM signatories_certification ce
JOIN signatories_company co ON co.id = ce.company_id AND co.status = 'active'
"""

AXES_SQL = """
SELECT a.number, s.achieved, s.in_progress, s.not_started, s.not_applicable, s.unanswered,
       s.percent_sum, s.percent_count
FROM charter_axis a
LEFT JOIN (
    SELECT m.axis_id,
           count(*) FILTER (WHERE p.status = 'achieved') AS achieved,
           count(*) FILTER (WHERE p.status = 'in_progress') AS in_progress,
           count(*) FILTER (WHERE p.status = 'not_started') AS not_started,
           count(*) FILTER (WHERE p.status = 'not_applicable') AS not_applicable,
           count(*) FILTER (WHERE p.status = '') AS unanswered,
           sum(p.percent) FILTER (WHERE p.status <> 'not_applicable') AS percent_sum,
           count(p.percent) FILTER (WHERE p.status <> 'not_applicable') AS percent_count
    FROM followup_progress p
    JOIN charter_measure m ON m.id = p.measure_id
    WHERE p.report_id = ANY(ARRAY(
        SELECT r.id FROM followup_report r
        WHERE r.campaign_id = %(campaign)s
          AND r.status IN ('submitted', 'returned', 'validated')
    ))
      AND m.code NOT IN ('4.1', '5.1')
    GROUP BY m.axis_id
) s ON s.axis_id = a.id
WHERE a.charter_id = (SELECT id FROM charter_charter ORDER BY signed_on DESC LIMIT 1)
ORDER BY a.number
"""

# Axis 4 from the register of public contracts: each buyer's contracts awarded during the
# campaign's period, and those whose provider held the label on the award date.
REGISTER_SQL = """
SELECT count(*), count(*) FILTER (WHERE labelled)
FROM procurement_publiccontract
WHERE awarded_on BETWEEN %(period_start)s AND %(period_end)s
GROUP BY buyer_id
"""

# Axis 5's measure 5.1 from the committee's work streams due during the campaign's period.
WORK_STREAMS_SQL = """
SELECT status, percent
FROM meetings_workstream
WHERE due_on BETWEEN %(period_start)s AND %(period_end)s
"""

TABLE_SQL = """
WITH page AS (
    SELECT co.id, co.legal_name, co.siren, co.kind, co.federation
    FROM signatories_company co
    WHERE co.status = 'active' AND (co.adhered_on IS NULL OR co.adhered_on <= %(period_end)s)
    ORDER BY co.legal_name, co.id
    LIMIT %(size)s
)
SELECT page.id, page.legal_name, page.siren, page.kind, page.federation, r.id, r.status,
       ax.a1, ax.a2, ax.a3, ax.a4, ax.a5,
       jobs.total, jobs.france, jobs.france * 100 / NULLIF(jobs.total, 0),
       certs.ids, certs.schemes, certs.ends
FROM page
LEFT JOIN followup_report r ON r.campaign_id = %(campaign)s AND r.company_id = page.id
LEFT JOIN LATERAL (
    SELECT avg(p.percent) FILTER (WHERE a.number = 1) AS a1,
           avg(p.percent) FILTER (WHERE a.number = 2) AS a2,
           avg(p.percent) FILTER (WHERE a.number = 3) AS a3,
           avg(p.percent) FILTER (WHERE a.number = 4) AS a4,
           avg(p.percent) FILTER (WHERE a.number = 5) AS a5
    FROM followup_progress p
    JOIN charter_measure m ON m.id = p.measure_id
    JOIN charter_axis a ON a.id = m.axis_id
    WHERE p.report_id = r.id AND r.status IN ('submitted', 'returned', 'validated')
      AND p.percent IS NOT NULL AND p.status <> 'not_applicable'
) ax ON TRUE
LEFT JOIN LATERAL (
    SELECT max(v.number) FILTER (WHERE i.code = 'jobs_created_total') AS total,
           max(v.number) FILTER (WHERE i.code = 'jobs_created_france') AS france
    FROM followup_indicatorvalue v
    JOIN charter_indicator i ON i.id = v.indicator_id
    WHERE v.report_id = r.id AND r.status IN ('submitted', 'returned', 'validated')
      AND i.code IN ('jobs_created_total', 'jobs_created_france')
) jobs ON TRUE
LEFT JOIN LATERAL (
    SELECT array_agg(ce.id ORDER BY ce.valid_until, ce.id) AS ids,
           array_agg(ce.scheme ORDER BY ce.valid_until, ce.id) AS schemes,
           array_agg(ce.valid_until ORDER BY ce.valid_until, ce.id) AS ends
    FROM signatories_certification ce
    WHERE ce.company_id = page.id AND ce.status IN ('valid', 'temporary')
      AND ce.valid_from <= %(today)s AND ce.valid_until >= %(today)s
) certs ON TRUE
ORDER BY page.legal_name, page.id
"""


def floor(campaign_id: int, today, horizon) -> dict:
    """The dashboard's figures, by hand: six statements (the campaign and the one before
    it, headline counts, certification counts, progress per axis, axis 4 from the register
    of public contracts, the first page of the table), rows fetched."""
    from django.db import connection

    parameters = {"campaign": campaign_id, "today": today, "horizon": horizon, "size": PAGE_SIZE}
    with connection.cursor() as cursor:
        cursor.execute(CAMPAIGN_SQL, parameters)
        period_end, closes_on, previous, previous_end, previous_closes_on, period_start = (
            cursor.fetchone()
        )
        parameters.update(
            period_start=period_start,
            period_end=period_end,
            previous=previous,
            previous_end=previous_end,
        )
        cursor.execute(HEADLINE_SQL, parameters)
        headline = cursor.fetchone()
        cursor.execute(CERTIFICATIONS_SQL, parameters)
        certifications = cursor.fetchone()
        cursor.execute(AXES_SQL, parameters)
        axes = cursor.fetchall()
        cursor.execute(REGISTER_SQL, parameters)
        register = cursor.fetchall()
        cursor.execute(WORK_STREAMS_SQL, parameters)
        work_streams = cursor.fetchall()
        cursor.execute(TABLE_SQL, parameters)
        table = cursor.fetchall()
    return {
        "headline": headline,
        "past_grace": today > closes_on,
        "previous_past_grace": previous is not None and today > previous_closes_on,
        "certifications": certifications,
        "axes": axes,
        "register": register,
        "work_streams": work_streams,
        "table": table,
    }


def _number(value):
    """A figure as the page and the floor may both give it: float, rounded."""
    return None if value is None else round(float(value), 6)


def floor_figures(raw: dict) -> dict:
    """The floor's rows as the figures the dashboard shows."""
    expected, submitted, returned, validated, draft, missing, twice = raw["headline"]
    past, previous_past = raw["past_grace"], raw["previous_past_grace"]
    communicated = submitted + returned + validated
    axes = []
    for number, *counts, percent_sum, percent_count in raw["axes"]:
        achieved, in_progress, not_started, not_applicable, unanswered = (
            count or 0 for count in counts
        )
        total, count = float(percent_sum or 0), percent_count or 0
        records, mean = [], None  # measures 4.1 and 5.1: one commitment per record
        if number == 4:  # from the register: one per buyer, at its labelled share
            shares = [round(100 * labelled / awarded, 1) for awarded, labelled in raw["register"]]
            records = shares
            mean = round(sum(shares) / len(shares), 1) if shares else None
            achieved += sum(share == 100 for share in shares)
            in_progress += sum(0 < share < 100 for share in shares)
            not_started += sum(share == 0 for share in shares)
        if number == 5:  # from the work streams due in the period, at their progress
            statuses = [status for status, _percent in raw["work_streams"]]
            records = raw["work_streams"]
            percents = [percent for _status, percent in records if percent is not None]
            mean = round(sum(percents) / len(percents), 1) if percents else None
            achieved += statuses.count("done")
            in_progress += statuses.count("in_progress")
            not_started += statuses.count("not_started")
        if records:
            total += (mean or 0) * len(records)
            count += len(records)
        mean = round(total / count, 1) if count else None
        axes.append((number, achieved, in_progress, not_started, not_applicable, unanswered, mean))
    return {
        "headline": (
            expected,
            submitted,
            returned,
            validated,
            draft,
            missing,
            round(100 * communicated / expected, 1) if expected else None,
            bool(past),
            missing if past else 0,
            twice if past and previous_past else 0,
        ),
        "certifications": tuple(raw["certifications"]),
        "axes": axes,
        "table": [
            (
                company_id,
                name,
                siren,
                kind,
                federation,
                report_id,
                state,
                *[_number(value) for value in axis_values],
                _number(total),
                _number(france),
                _number(share),
                sorted(zip(ids or [], schemes or [], ends or [], strict=True)),
            )
            for (
                company_id,
                name,
                siren,
                kind,
                federation,
                report_id,
                state,
                *axis_values,
                total,
                france,
                share,
                ids,
                schemes,
                ends,
            ) in raw["table"]
        ],
    }


def page_figures(context) -> dict:
    """The same figures, read from the dashboard's template context."""
    headline = context["headline"]
    summary = context["certification_summary"]
    return {
        "headline": (
            headline.expected,
            headline.submitted,
            headline.returned,
            headline.validated,
            headline.draft,
            headline.missing,
            headline.response_rate,
            headline.past_grace,
            headline.non_communicating,
            headline.twice_non_communicating,
        ),
        "certifications": (summary["expired"], summary["soon"]),
        "axes": [
            (
                row.axis.number,
                row.achieved,
                row.in_progress,
                row.not_started,
                row.not_applicable,
                row.unanswered,
                row.mean_percent,
            )
            for row in context["axes"]
        ],
        "table": [
            (
                company.pk,
                company.legal_name,
                company.siren,
                company.kind,
                company.federation,
                company.report_id,
                company.state,
                *[_number(value) for value in company.axis_values],
                _number(company.jobs_total),
                _number(company.jobs_france),
                _number(company.share_france),
                sorted((c.pk, c.scheme, c.valid_until) for c in company.current_certifications),
            )
            for company in context["page"].object_list
        ],
    }


def check_floor(client, url: str, campaign, today, horizon) -> None:
    """Stop unless the floor yields exactly the figures the dashboard shows."""
    response = with_context(client, url)
    if response.status_code != 200 or response.context is None:
        fail(f"{url} answered {response.status_code} without a template context.")
    if response.context["campaign"].pk != campaign.pk:
        fail(f"{url} shows {response.context['campaign']}, the floor {campaign}.")
    expected = page_figures(response.context)
    found = floor_figures(floor(campaign.pk, today, horizon))
    for part, figures in expected.items():
        if found[part] != figures:
            fail(f"the floor's {part} differ from the dashboard's:\n{found[part]}\n{figures}")
    if len(found["table"]) != min(PAGE_SIZE, expected["headline"][0]):
        fail("the floor's page of companies is not a full page.")


# --- What is measured -----------------------------------------------------------------------


def subjects():
    """The campaign, company, measure and method the pages are asked about."""
    from django.db.models import Count, Q

    from charter.models import Measure
    from followup.models import Campaign, Report
    from results.models import ScoringMethod
    from signatories.models import Company

    latest = Campaign.objects.visible_to_reporters().first()
    closed = Campaign.objects.filter(status=Campaign.Status.CLOSED).first()
    if latest is None or closed is None:
        fail("the data set has no closed campaign: seed it with at least 2 campaigns.")
    company = (
        Company.objects.annotate(
            report_count=Count("reports", distinct=True),
            commitment_count=Count("commitments", distinct=True),
        )
        .order_by("-report_count", "-commitment_count", "pk")
        .first()
    )
    answered = ~Q(progress__report__status=Report.Status.DRAFT) & Q(
        progress__report__campaign=latest
    )
    measure = (
        Measure.objects.active()
        .for_companies()
        .annotate(
            indicator_count=Count("indicators", distinct=True),
            answer_count=Count("progress", filter=answered, distinct=True),
        )
        .order_by("-indicator_count", "-answer_count", "code")
        .first()
    )
    method = ScoringMethod.objects.order_by("-version").first()
    if method is None:
        fail("no scoring method: the migrations load version 1.")
    return latest, closed, company, measure, method


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--warmup", type=int, default=5, help="untimed runs of each (5)")
    parser.add_argument("--runs", type=int, default=100, help="timed runs of each (100)")
    parser.add_argument("--reseed", action="store_true", help="seed the data set again")
    parser.add_argument("--companies", type=int, default=DATASET["companies"])
    parser.add_argument("--campaigns", type=int, default=DATASET["campaigns"])
    parser.add_argument("--seed", type=int, default=DATASET["seed"])
    parser.add_argument("--output", default=str(ROOT / "bench" / "results.json"))
    parser.add_argument(
        "--pages",
        default=",".join(PAGES),
        help=f"the pages to time, separated by commas (all: {','.join(PAGES)})",
    )
    arguments = parser.parse_args()
    pages = [name.strip() for name in arguments.pages.split(",") if name.strip()]
    if not pages or set(pages) - set(PAGES):
        fail(f"--pages takes some of {', '.join(PAGES)}.")
    if arguments.runs < 1 or arguments.warmup < 0:
        fail("--runs must be at least 1 and --warmup at least 0.")

    sys.stdout.reconfigure(line_buffering=True)
    os.chdir(ROOT)
    sys.path.insert(0, str(ROOT))
    url = _use_bench_database()
    _create_database(url)
    import django

    django.setup()
    import datetime

    from django.conf import settings
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client
    from django.urls import reverse
    from django.utils import timezone

    from accounts.models import User
    from results.selectors.palmares import palmares_compute

    # Time as in production: DEBUG off (no query log, templates compiled without debug
    # information), from the start, since the checks of migrate build the template engine.
    # Only seeding runs with DEBUG on.
    settings.DEBUG = False
    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "testserver"]
    warnings.filterwarnings("ignore", message="No directory at")  # static files not collected
    call_command("migrate", verbosity=0, interactive=False)
    dataset = ensure_dataset(
        {
            "companies": arguments.companies,
            "campaigns": arguments.campaigns,
            "seed": arguments.seed,
        },
        arguments.reseed,
    )
    with connection.cursor() as cursor:
        cursor.execute("SHOW server_version")
        server = cursor.fetchone()[0]

    latest, closed, company, measure, method = subjects()
    user = User.objects.filter(email=COMMITTEE_EMAIL).first()
    if user is None:
        fail(f"no {COMMITTEE_EMAIL} in the data set.")
    client = Client()
    client.force_login(user)
    today = timezone.localdate()
    horizon = today + datetime.timedelta(days=settings.CERTIFICATION_WARNING_DAYS)

    dashboard = reverse("followup:dashboard")
    check_floor(client, dashboard, latest, today, horizon)
    print(f"The floor's figures are the dashboard's ({latest}).")

    subjects_run = {
        "dashboard": get(client, dashboard),
        "company_page": get(client, reverse("followup:company_follow_up", args=[company.pk])),
        "measure_page": get(client, reverse("followup:measure_detail", args=[measure.pk])),
        "barometer": get(client, reverse("results:barometer")),
        "palmares": lambda: palmares_compute(campaign=closed, method=method),
        "palmares_page": get(client, f"{reverse('results:palmares')}?campagne={closed.pk}"),
        "csv_export": get(client, reverse("followup:dashboard_export", args=["csv"])),
    }
    load = os.getloadavg()
    print(
        f"\nPages on PostgreSQL {server} ({url}), {os.cpu_count()} cores, load average "
        f"{load[0]:.2f}; {arguments.warmup} warm-up and {arguments.runs} timed runs each."
    )
    print(
        f"Company page: {company.legal_name}; measure page: {measure.code}; "
        f"palmarès: {closed} under version {method.version}."
    )
    results: dict[str, dict] = {}
    for name in pages:
        call = subjects_run[name]
        times = timed(call, arguments.warmup, arguments.runs)
        p50, p95 = percentiles(times)
        results[name] = {
            "p50_ms": round(p50, 1),
            "p95_ms": round(p95, 1),
            "queries": count_queries(call),
        }
        if name == "dashboard":
            floor_times = timed(
                lambda: floor(latest.pk, today, horizon), arguments.warmup, arguments.runs
            )
            floor_p50, floor_p95 = percentiles(floor_times)
            results[name]["floor_ms"] = round(floor_p95, 1)
            in_database = time_in_database(call, min(arguments.runs, 10))
            print(
                f"  floor: p50 {floor_p50:.1f} ms, p95 {floor_p95:.1f} ms; the dashboard's "
                f"statements (the whole request's): {in_database:.1f} ms (median)"
            )
        print(f"  {name}: p50 {p50:.1f} ms, p95 {p95:.1f} ms")

    results["dataset"] = {**dataset["arguments"], **dataset["counts"]}
    results["dataset"]["seeded_on"] = dataset["seeded_on"]
    load_after = os.getloadavg()
    results["machine"] = {
        "cores": os.cpu_count(),
        "python": platform.python_version(),
        "system": f"{platform.system()} {platform.machine()}",
        "database": f"{connection.vendor} {server}",
        "load_average": [round(load[0], 2), round(load_after[0], 2)],
        "warmup": arguments.warmup,
        "runs": arguments.runs,
    }
    _print_table(results)
    Path(arguments.output).write_text(json.dumps(results, indent=2) + "\n")
    print(f"\nWritten to {arguments.output}")


def _print_table(results: dict) -> None:
    print(
        f"\n{'page':<16}{'p50 (ms)':>10}{'p95 (ms)':>10}{'queries':>9}{'floor (ms)':>12}"
        f"{'ratio':>7}"
    )
    for key, row in results.items():
        if key in ("machine", "dataset"):
            continue
        floor_ms = f"{row['floor_ms']:.1f}" if "floor_ms" in row else ""
        ratio = f"{row['p95_ms'] / row['floor_ms']:.1f}" if "floor_ms" in row else ""
        print(
            f"{key:<16}{row['p50_ms']:>10.1f}{row['p95_ms']:>10.1f}{row['queries']:>9}"
            f"{floor_ms:>12}{ratio:>7}"
        )
    dashboard = results.get("dashboard")
    if dashboard:
        within = dashboard["p95_ms"] <= TARGET_P95_MS
        print(f"\nDashboard p95 at most {TARGET_P95_MS} ms: {'yes' if within else 'NO'}.")
    machine = results["machine"]
    print(
        f"Load average (1 min) {machine['load_average'][0]} before, "
        f"{machine['load_average'][1]} after: figures on a busy machine are not comparable."
    )


if __name__ == "__main__":
    main()
