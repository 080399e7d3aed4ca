"""Throughput (`make throughput`): requests per second of the committee's dashboard against
a trivial Django view, both served by the same gunicorn with 2 workers, measured with wrk
on the loopback interface.

The trivial view answers "ok" and touches nothing; it goes through the same middleware
(sessions, authentication, CSRF, language, security headers, logging), with the same
logged-in committee member's cookie, so the share measures what the dashboard itself
costs: its queries and its page. The dashboard is the latest campaign's, first page.

The data set is the benchmark's (bench/pages.py, BENCH_DATABASE_URL, by default
postgres://postgres@127.0.0.1:5432/charte_bench): ``seed_demo --companies 2000
--campaigns 6 --seed 1``, made when the database does not hold it yet and kept otherwise,
as ``make bench`` does. The results are printed and written to
bench/throughput-results.json.

    python bench/throughput.py [--seconds 20] [--connections 8] [--workers 2]
"""

import argparse
import json
import os
import platform
import re
import secrets
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

import load  # noqa: E402 (the load test's gunicorn runner, free port and settings)
import pages  # noqa: E402 (the benchmark's database and data set)

WORK = ROOT / "var" / "throughput"
TRIVIAL_PATH = "/bench/trivial/"
DASHBOARD_PATH = "/suivi/"
WRK_LATENCY = re.compile(r"^\s+(50|75|90|99)%\s+([\d.]+)(us|ms|s)\s*$", re.MULTILINE)
WRK_RATE = re.compile(r"^Requests/sec:\s+([\d.]+)", re.MULTILINE)
WRK_ERRORS = re.compile(r"Non-2xx or 3xx responses:\s+(\d+)")
WRK_SOCKET_ERRORS = re.compile(r"Socket errors: (.+)")


def prepare() -> str:
    """Migrate, make the data set if needed, collect the static files; return the cookie
    header of a logged-in committee member."""
    import django
    from django.conf import settings
    from django.core.management import call_command
    from django.db import connections
    from django.test import Client

    django.setup()
    call_command("migrate", interactive=False, verbosity=0)
    from accounts.models import User
    from signatories.models import Company

    pages.ensure_dataset(dict(pages.DATASET), reseed=False)
    call_command("collectstatic", interactive=False, verbosity=0)
    client = Client()
    client.force_login(User.objects.get(email=pages.COMMITTEE_EMAIL))
    cookie = client.cookies[settings.SESSION_COOKIE_NAME].value
    companies = Company.objects.count()
    connections.close_all()
    print(f"Data set: {companies} companies.")
    return f"{settings.SESSION_COOKIE_NAME}={cookie}"


def wrk(port: int, path: str, cookie: str, seconds: int, connections: int) -> dict:
    command = [
        "wrk",
        f"--threads={min(2, connections)}",
        f"--connections={connections}",
        f"--duration={seconds}s",
        "--timeout=30s",
        "--latency",
        "--header",
        f"Cookie: {cookie}",
        "--header",
        f"Host: {load.HOST}",
        f"http://{load.HOST}:{port}{path}",
    ]
    output = subprocess.run(command, capture_output=True, text=True, check=True).stdout  # noqa: S603
    latency = {
        f"p{share}_ms": round(float(value) * {"us": 0.001, "ms": 1, "s": 1000}[unit], 1)
        for share, value, unit in WRK_LATENCY.findall(output)
    }
    non_2xx = WRK_ERRORS.search(output)
    socket_errors = WRK_SOCKET_ERRORS.search(output)
    return {
        "requests_per_second": float(WRK_RATE.search(output).group(1)),
        **latency,
        "non_2xx": int(non_2xx.group(1)) if non_2xx else 0,
        "socket_errors": socket_errors.group(1) if socket_errors else "",
    }


def check_page(port: int, path: str, cookie: str, expected: str) -> None:
    """One request first: the page must answer 200 with its content (not a login page)."""
    import http.client

    connection = http.client.HTTPConnection(load.HOST, port, timeout=60)
    connection.request("GET", path, headers={"Cookie": cookie, "Host": load.HOST})
    response = connection.getresponse()
    body = response.read().decode(errors="replace")
    if response.status != 200 or expected not in body:
        sys.exit(f"{path} answered {response.status} without {expected!r}; see the gunicorn log.")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--seconds", type=int, default=20, help="seconds of wrk per page (20)")
    parser.add_argument("--connections", type=int, default=8, help="wrk connections (8)")
    parser.add_argument("--workers", type=int, default=2, help="gunicorn workers (2)")
    parser.add_argument("--output", type=Path, default=ROOT / "bench" / "throughput-results.json")
    args = parser.parse_args()
    if shutil.which("wrk") is None:
        sys.exit("wrk is not installed (Debian: apt-get install wrk).")

    os.chdir(ROOT)
    url = pages._use_bench_database()
    pages._create_database(url)
    WORK.mkdir(parents=True, exist_ok=True)
    environment = {
        **load.app_environment(url, secrets.token_urlsafe(40), conn_max_age=60),
        "DATABASE_REPLICA_URL": "",
        # The same settings with one more URL, the trivial view (bench/throughput_urls.py).
        "DJANGO_SETTINGS_MODULE": "throughput_settings",
        "PYTHONPATH": str(ROOT / "bench"),
        "STATIC_ROOT": str(WORK / "static"),
    }
    os.environ.update(environment)
    cookie = prepare()

    gunicorn = load.Gunicorn(environment, args.workers, WORK / "gunicorn.log")
    try:
        check_page(gunicorn.port, TRIVIAL_PATH, cookie, "ok")
        check_page(gunicorn.port, DASHBOARD_PATH, cookie, 'id="content"')
        results = {}
        for name, path in (("trivial", TRIVIAL_PATH), ("dashboard", DASHBOARD_PATH)):
            wrk(gunicorn.port, path, cookie, 3, args.connections)  # warm-up
            results[name] = wrk(gunicorn.port, path, cookie, args.seconds, args.connections)
    finally:
        gunicorn.stop()

    share = results["dashboard"]["requests_per_second"] / results["trivial"]["requests_per_second"]
    results["dashboard_share_of_trivial"] = round(share, 4)
    results["setup"] = {
        "gunicorn_workers": args.workers,
        "wrk_connections": args.connections,
        "seconds": args.seconds,
        "conn_max_age": 60,
    }
    results["machine"] = {
        "system": f"{platform.system()} {platform.machine()}",
        "processor": platform.processor() or platform.machine(),
        "cores": os.cpu_count(),
        "python": platform.python_version(),
    }
    print(f"\n{'page':<12} {'req/s':>8} {'p50 ms':>8} {'p90 ms':>8} {'p99 ms':>8} {'errors':>7}")
    for name in ("trivial", "dashboard"):
        row = results[name]
        print(
            f"{name:<12} {row['requests_per_second']:>8.1f} {row.get('p50_ms', 0):>8.1f} "
            f"{row.get('p90_ms', 0):>8.1f} {row.get('p99_ms', 0):>8.1f} {row['non_2xx']:>7}"
        )
    print(f"\nThe dashboard serves {100 * share:.1f}% of the trivial view's requests per second.")
    args.output.write_text(json.dumps(results, indent=2) + "\n")
    print(f"Written to {args.output.relative_to(ROOT)}.")
    if results["dashboard"]["non_2xx"] or results["trivial"]["non_2xx"]:
        sys.exit("Some answers were not 2xx: see var/throughput/gunicorn.log.")


if __name__ == "__main__":
    main()
