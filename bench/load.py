"""The load test (`make load`) and the fault test (`make load-fault`): simulated users
against gunicorn and PostgreSQL, then a check that the database holds exactly what they
did.

What a run does, on the loopback interface only:

1. drops and creates its own PostgreSQL database (LOAD_DATABASE_URL, by default
   postgres://postgres@127.0.0.1:5432/charte_load; never the DATABASE_URL you work with),
   migrates it, collects the static files under var/load/static and makes its data: the
   demo data set of ``seed_demo`` (200 companies, two campaigns, the latest open, reports
   in every state), then the users: four in five are contributors, one for each of as many
   active companies whose report of the open campaign is still theirs to write (40 for 50
   users), the others committee members (10);
2. starts gunicorn (``config.wsgi``, 4 workers, 127.0.0.1 on a free port, DEBUG off,
   e-mails built but not sent) with its output in var/load/gunicorn.log;
3. logs every user in once (the password hash is slow on purpose: logins are timed apart
   from the run), then for DURATION seconds, each user pausing THINK seconds on average
   (1 by default, from half to one and a half times that) between actions:

   - contributors open their report, save drafts (every answer changed, each save marked
     with a token of its own in the comments), and after a few saves submit it; while the
     committee has it they wait and look at their company's page; when it comes back they
     sometimes answer the committee, then save and submit again;
   - committee members read the dashboard (with a sort, a filter or a page now and then),
     and open the review queue, read a submitted report and return it with a reason (a
     token too), so that contributors keep going;
   - /healthz is polled four times a second;

4. stops gunicorn, prints requests, errors (by status) and p50/p95 per kind of request
   (over the answers that were not errors), where the CPU went, and checks against the
   database:

   - every submit, answer and return a client saw succeed is in the database once, and
     nothing the clients did not do: no report submitted twice (the events of each report
     follow the workflow, one submission between two decisions);
   - every report holds exactly what its contributor last saved (answers and figures),
     and its version counts exactly the saves the client made: nothing lost, nothing
     written twice;
   - no report is half-written: a submitted report is complete and dated, and no trace of
     a save that failed (its token) is anywhere in the database, history included;

   and exits with status 1 when a check fails.

The fault test (``--fault``) also makes PostgreSQL unreachable for OUTAGE seconds (5 by
default) OUTAGE_AT seconds into the run. The cluster is shared (tests run on it), so it is
not stopped: gunicorn reaches PostgreSQL through a small TCP proxy of this script's, which
for the outage closes every connection it carries and stops listening, then listens
again. Seen from the application this is a stopped server: open connections drop (psycopg
raises OperationalError, "server closed the connection unexpectedly"), new ones are
refused at once (OperationalError, "connection refused"), and PostgreSQL rolls back the
transactions of the connections it lost, as a fast shutdown does. The run then also checks:

- requests that needed the database meanwhile got the 503 page (with Retry-After), not a
  500; they are counted apart from errors, and only while the database was away;
- /healthz answered 503 {"status": "unavailable"} during the outage, 200 before and after;
- the application recovered by itself: requests succeed again after the outage, with no
  gunicorn worker restarted;
- a save, a submit, an answer or a return that got the 503 page was not applied (the
  client checks on the page, the database has no trace of it); a contributor sends the
  form again a second or two later, as the page asks. A write whose COMMIT was on its way
  when the connections dropped could have been applied although its answer was a 503 (as
  with a real stop): the client sees it on the page and does not send it again, and the
  check reports it, since the page said otherwise.

    python bench/load.py [--users 50] [--duration 60] [--fault] [--outage 5] [--outage-at 20]
        [--think 1.0] [--workers 4] [--conn-max-age 0] [--seed 2010]

Linux only: the fault test signals its proxy, and the CPU figures come from /proc.
"""

import argparse
import asyncio
import contextlib
import datetime
import http.client
import json
import os
import random
import re
import resource
import secrets
import signal
import socket
import subprocess
import sys
import threading
import time
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from http.cookies import CookieError, SimpleCookie
from pathlib import Path
from urllib.parse import urlencode, urlsplit

ROOT = Path(__file__).resolve().parent.parent
WORK = ROOT / "var" / "load"
DEFAULT_DATABASE = "postgres://postgres@127.0.0.1:5432/charte_load"
LOOPBACK = {"127.0.0.1", "localhost", "::1"}
RESERVED_DATABASES = {"postgres", "template0", "template1"}
HOST = "127.0.0.1"

PASSWORD = "load-test-charte-2010"  # noqa: S105 (accounts of the throwaway load database)
DEMO_COMPANIES = 200
COMMITTEE_SHARE = 5  # one user in five is a committee member
TIMEOUT = 120  # seconds a client waits for an answer
GRACE = 20  # seconds after the run to learn what became of a write sent before its end
SAVES_BEFORE_SUBMIT = (3, 6)
HEALTHZ_EVERY = 0.25
OUTAGE_MARGIN = 0.25  # seconds around the outage within which a 503 is expected

GET_KINDS = {
    "login page",
    "report page",
    "company page",
    "dashboard",
    "review queue",
    "review page",
    "healthz",
}
KINDS = [
    "login page",
    "login",
    "report page",
    "draft save",
    "submit",
    "answer",
    "company page",
    "dashboard",
    "review queue",
    "review page",
    "return",
    "healthz",
]


def fail(message: str) -> None:
    sys.exit(f"load: {message}")


# --- The database ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Database:
    host: str
    port: int
    user: str
    password: str
    name: str

    def url(self, port: int | None = None) -> str:
        secret = f":{self.password}" if self.password else ""
        return f"postgres://{self.user}{secret}@{self.host}:{port or self.port}/{self.name}"


def load_database() -> Database:
    """LOAD_DATABASE_URL, refused unless it is a PostgreSQL database of its own on this
    machine: the run drops and creates it."""
    url = os.environ.get("LOAD_DATABASE_URL") or DEFAULT_DATABASE
    parts = urlsplit(url)
    if parts.scheme not in ("postgres", "postgresql", "pgsql"):
        fail("LOAD_DATABASE_URL must be a postgres:// URL.")
    host = parts.hostname or HOST
    if host not in LOOPBACK:
        fail(f"LOAD_DATABASE_URL must be on this machine (loopback), not {host}.")
    database = Database(
        host="127.0.0.1" if host == "localhost" else host,
        port=parts.port or 5432,
        user=parts.username or "postgres",
        password=parts.password or "",
        name=parts.path.lstrip("/"),
    )
    if not database.name or database.name in RESERVED_DATABASES:
        fail("LOAD_DATABASE_URL must name a database of its own (it is dropped at each run).")
    developer = os.environ.get("DATABASE_URL")
    if developer:
        theirs = urlsplit(developer)
        if theirs.path.lstrip("/") == database.name and (theirs.port or 5432) == database.port:
            fail("LOAD_DATABASE_URL is the DATABASE_URL you work with: give the run its own.")
    return database


def recreate(database: Database) -> None:
    import psycopg
    from psycopg import sql

    with psycopg.connect(
        host=database.host,
        port=database.port,
        user=database.user,
        password=database.password or None,
        dbname="postgres",
        autocommit=True,
    ) as connection:
        name = sql.Identifier(database.name)
        connection.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(name))
        connection.execute(sql.SQL("CREATE DATABASE {}").format(name))


def app_environment(database_url: str, secret_key: str, conn_max_age: int) -> dict[str, str]:
    """The settings of the application under test, for gunicorn and for this script."""
    return {
        "DJANGO_SETTINGS_MODULE": "config.settings",
        "DATABASE_URL": database_url,
        "DEBUG": "false",
        "SECRET_KEY": secret_key,
        "ALLOWED_HOSTS": HOST,
        "SECURE_SSL_REDIRECT": "false",
        "SECURE_COOKIES": "false",
        "TASKS_BACKEND": "immediate",
        "STATIC_ROOT": str(WORK / "static"),
        "EMAIL_URL": "dummymail://",  # e-mails are built, not sent
        "CONN_MAX_AGE": str(conn_max_age),
        "LOG_LEVEL": "WARNING",
    }


# --- The data ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class IndicatorSpec:
    id: int
    kind: str
    required: bool
    not_above: int | None
    choices: tuple[str, ...]


@dataclass(frozen=True)
class CompanySpec:
    id: int
    report_path: str
    answer_path: str
    company_path: str
    measures: tuple[tuple[int, tuple[IndicatorSpec, ...]], ...]
    period: tuple[datetime.date, datetime.date]
    start_version: int


@dataclass(frozen=True)
class Account:
    index: int
    email: str
    company: CompanySpec | None  # None: a committee member


@dataclass(frozen=True)
class Scene:
    accounts: list[Account]
    campaign_id: int
    event_watermark: int


def make_data(users: int, seed: int) -> Scene:
    """The demo data set, then the load's accounts: contributors of companies whose open
    report is a draft or not started, and committee members."""
    from django.contrib.auth import get_user_model
    from django.contrib.auth.hashers import make_password
    from django.db.models import Max
    from django.urls import reverse
    from django.utils import timezone

    from accounts.models import Membership
    from followup.models import Campaign, Report, ReportEvent
    from followup.services.reports import measures_for
    from results import demo
    from signatories.demo import contributor_company
    from signatories.models import Company

    committee = max(1, users // COMMITTEE_SHARE)
    contributors = users - committee
    demo.seed_demo(
        companies=max(DEMO_COMPANIES, contributors * 5),
        campaigns=2,
        seed=seed,
        today=timezone.localdate(),
    )
    campaign = Campaign.objects.get(status=Campaign.Status.OPEN)
    taken = Report.objects.filter(campaign=campaign).exclude(status=Report.Status.DRAFT)
    demo_company = contributor_company()
    companies = list(
        Company.objects.active()
        .filter(commitments__isnull=False)
        .exclude(pk__in=taken.values("company_id"))
        .exclude(pk=demo_company.pk if demo_company else None)
        .distinct()
        .order_by("pk")[:contributors]
    )
    if len(companies) < contributors:
        fail(f"only {len(companies)} companies can report; ask for fewer users.")

    User = get_user_model()
    hashed = make_password(PASSWORD)  # one hash for all: the run makes no account slower
    people = [
        User(email=f"contributeur{n:03}@load.example.org", password=hashed, full_name=f"C{n}")
        for n in range(contributors)
    ] + [
        User(
            email=f"comite{n:03}@load.example.org",
            password=hashed,
            full_name=f"Comité {n}",
            is_committee_member=True,
        )
        for n in range(committee)
    ]
    User.objects.bulk_create(people)
    people = list(User.objects.filter(email__endswith="@load.example.org").order_by("email"))
    by_email = {person.email: person for person in people}
    Membership.objects.bulk_create(
        Membership(user=by_email[f"contributeur{n:03}@load.example.org"], company=company)
        for n, company in enumerate(companies)
    )
    versions = dict(
        Report.objects.filter(campaign=campaign, company__in=companies).values_list(
            "company_id", "version"
        )
    )
    accounts = []
    for n, company in enumerate(companies):
        measures = tuple(
            (
                measure.pk,
                tuple(
                    IndicatorSpec(
                        id=indicator.pk,
                        kind=indicator.value_type,
                        required=indicator.required,
                        not_above=indicator.not_above_id,
                        choices=tuple(key for key, _label in indicator.choice_list()),
                    )
                    for indicator in measure.indicators.all()
                ),
            )
            for measure in measures_for(company=company)
        )
        spec = CompanySpec(
            id=company.pk,
            report_path=reverse("followup:report_edit", args=[company.pk, campaign.pk]),
            answer_path=reverse("followup:report_answer", args=[company.pk, campaign.pk]),
            company_path=reverse("followup:company_detail", args=[company.pk]),
            measures=measures,
            period=(campaign.period_start, campaign.period_end),
            start_version=versions.get(company.pk, 0),
        )
        accounts.append(Account(n, f"contributeur{n:03}@load.example.org", spec))
    accounts += [
        Account(contributors + n, f"comite{n:03}@load.example.org", None) for n in range(committee)
    ]
    watermark = ReportEvent.objects.aggregate(last=Max("pk"))["last"] or 0
    return Scene(accounts=accounts, campaign_id=campaign.pk, event_watermark=watermark)


# --- The TCP proxy of the fault test -----------------------------------------------------------


class Proxy:
    """Carries TCP connections from 127.0.0.1:<port> to PostgreSQL; ``outage`` drops them
    all and refuses new ones (nothing listens) for a while."""

    def __init__(self, target: tuple[str, int]) -> None:
        self.target = target
        self.port = 0
        self.server: asyncio.Server | None = None
        self.links: set[tuple[asyncio.StreamWriter, asyncio.StreamWriter]] = set()

    async def listen(self) -> None:
        self.server = await asyncio.start_server(self._link, HOST, self.port, reuse_address=True)
        self.port = self.server.sockets[0].getsockname()[1]

    async def _link(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        try:
            upstream_reader, upstream_writer = await asyncio.open_connection(*self.target)
        except OSError:
            writer.transport.abort()
            return
        link = (writer, upstream_writer)
        self.links.add(link)
        try:
            await asyncio.gather(_pipe(reader, upstream_writer), _pipe(upstream_reader, writer))
        finally:
            self.links.discard(link)

    async def outage(self, seconds: float) -> None:
        self.server.close()  # new connections are refused from now on
        for client, upstream in list(self.links):
            client.transport.abort()  # a reset on both sides, as when a server dies
            upstream.transport.abort()
        self.links.clear()
        print(f"down {time.time():.6f}", flush=True)
        await asyncio.sleep(seconds)
        await self.listen()
        print(f"up {time.time():.6f}", flush=True)


async def _pipe(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
    try:
        while data := await reader.read(65536):
            writer.write(data)
            await writer.drain()
    except OSError:  # reset by the other side or by the outage
        pass
    finally:
        writer.close()


async def _serve_proxy(target: tuple[str, int], outage: float) -> None:
    proxy = Proxy(target)
    await proxy.listen()
    loop = asyncio.get_running_loop()
    stop = asyncio.Event()
    outages: set[asyncio.Task] = set()

    def start_outage() -> None:
        task = loop.create_task(proxy.outage(outage))
        outages.add(task)
        task.add_done_callback(outages.discard)

    loop.add_signal_handler(signal.SIGUSR1, start_outage)
    loop.add_signal_handler(signal.SIGTERM, stop.set)
    print(f"ready {proxy.port}", flush=True)
    await stop.wait()


class ProxyProcess:
    """The proxy in a process of its own, so that it does not share this one's
    interpreter lock with the simulated users."""

    def __init__(self, target: tuple[str, int], outage: float) -> None:
        self.events: list[tuple[str, float]] = []
        self.process = subprocess.Popen(  # noqa: S603 (this very script, fixed arguments)
            [sys.executable, __file__, "--serve-proxy", target[0], str(target[1]), str(outage)],
            stdout=subprocess.PIPE,
            text=True,
        )
        first = self.process.stdout.readline().split()
        if first[:1] != ["ready"]:
            fail("the database proxy did not start.")
        self.port = int(first[1])
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self) -> None:
        for line in self.process.stdout:
            what, at = line.split()
            self.events.append((what, float(at)))

    def outage(self) -> None:
        self.process.send_signal(signal.SIGUSR1)

    def window(self) -> tuple[float, float] | None:
        down = [at for what, at in self.events if what == "down"]
        up = [at for what, at in self.events if what == "up"]
        return (down[0], up[0]) if down and up else None

    def stop(self) -> None:
        self.process.terminate()
        self.process.wait(timeout=10)


# --- gunicorn ---------------------------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind((HOST, 0))
        return probe.getsockname()[1]


class Gunicorn:
    def __init__(self, environment: dict[str, str], workers: int, log: Path) -> None:
        self.port = free_port()
        self.log = log
        self.workers = workers
        with log.open("w") as output:
            self.process = subprocess.Popen(  # noqa: S603 (gunicorn of this interpreter)
                [
                    sys.executable,
                    "-m",
                    "gunicorn",
                    "config.wsgi",
                    "--workers",
                    str(workers),
                    "--bind",
                    f"{HOST}:{self.port}",
                    "--log-level",
                    "info",
                    *self._no_control_socket(),
                ],
                cwd=ROOT,
                env={**os.environ, **environment},
                stdout=output,
                stderr=subprocess.STDOUT,
            )
        try:
            self._wait_ready()
        except SystemExit:
            self.stop()
            raise

    @staticmethod
    def _no_control_socket() -> list[str]:
        """Recent gunicorns open a control socket in the home directory, which another
        gunicorn on the machine may be using: the run needs none."""
        usage = subprocess.run(  # noqa: S603 (gunicorn of this interpreter)
            [sys.executable, "-m", "gunicorn", "--help"], capture_output=True, text=True
        ).stdout
        return ["--no-control-socket"] if "--no-control-socket" in usage else []

    def _wait_ready(self) -> None:
        limit = time.monotonic() + 60
        while time.monotonic() < limit:
            if self.process.poll() is not None:
                fail(f"gunicorn stopped at start; see {self.log}.")
            with contextlib.suppress(OSError, http.client.HTTPException):
                connection = http.client.HTTPConnection(HOST, self.port, timeout=5)
                connection.request("GET", "/healthz", headers={"Host": HOST})
                if connection.getresponse().status == 200:
                    booted = self.booted_workers()
                    if booted >= self.workers:
                        return
            time.sleep(0.2)
        fail(f"gunicorn did not answer /healthz within 60 s; see {self.log}.")

    def booted_workers(self) -> int:
        return self.log.read_text(errors="replace").count("Booting worker")

    def stop(self) -> None:
        self.process.terminate()
        try:
            self.process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()


# --- The simulated users' HTTP ------------------------------------------------------------------


@dataclass
class Sample:
    kind: str
    start: float
    end: float
    status: int | None  # None: no answer (connection refused, reset, timeout)
    error: str = ""
    outage_page: bool = False  # a 503 with Retry-After and the page (or healthz's JSON)


@dataclass
class Answer:
    status: int
    headers: http.client.HTTPMessage
    body: str


OUTAGE_TITLE = "Service temporarily unavailable"


class Client:
    """One person's browser: cookies, CSRF token from the forms, no redirect followed
    unless asked. The language is English so that pages read the same whatever the
    catalogues hold."""

    def __init__(self, port: int, samples: list[Sample]) -> None:
        self.port = port
        self.origin = f"http://{HOST}:{port}"
        self.cookies: dict[str, str] = {"django_language": "en"}
        self.samples = samples

    def request(
        self, kind: str, method: str, path: str, fields: dict | None = None
    ) -> Answer | None:
        headers = {"Host": f"{HOST}:{self.port}", "User-Agent": "charte-load/1"}
        body = None
        if fields is not None:
            body = urlencode(fields).encode()
            headers["Content-Type"] = "application/x-www-form-urlencoded"
            headers["Origin"] = self.origin
            headers["Referer"] = self.origin + path
        headers["Cookie"] = "; ".join(f"{name}={value}" for name, value in self.cookies.items())
        start = time.time()
        connection = http.client.HTTPConnection(HOST, self.port, timeout=TIMEOUT)
        try:
            connection.request(method, path, body=body, headers=headers)
            response = connection.getresponse()
            content = response.read().decode("utf-8", "replace")
        except (OSError, http.client.HTTPException) as error:
            self.samples.append(Sample(kind, start, time.time(), None, type(error).__name__))
            return None
        finally:
            connection.close()
        self._keep_cookies(response.headers.get_all("Set-Cookie") or [])
        answer = Answer(response.status, response.headers, content)
        self.samples.append(
            Sample(kind, start, time.time(), response.status, outage_page=_outage_page(answer))
        )
        return answer

    def _keep_cookies(self, headers: list[str]) -> None:
        for header in headers:
            jar = SimpleCookie()
            try:
                jar.load(header)
            except CookieError:
                continue
            for name, morsel in jar.items():
                if morsel["max-age"] == "0" or "1970" in morsel["expires"]:
                    self.cookies.pop(name, None)
                else:
                    self.cookies[name] = morsel.coded_value

    def login(self, email: str) -> bool:
        page = self.request("login page", "GET", "/connexion/")
        if page is None or page.status != 200:
            return False
        answer = self.request(
            "login",
            "POST",
            "/connexion/",
            {"csrfmiddlewaretoken": csrf(page.body), "username": email, "password": PASSWORD},
        )
        return answer is not None and answer.status == 302 and "sessionid" in self.cookies


def _outage_page(answer: Answer) -> bool:
    if answer.status != 503:
        return False
    if answer.headers.get("Content-Type", "").startswith("application/json"):
        with contextlib.suppress(ValueError):
            return json.loads(answer.body).get("status") == "unavailable"
        return False
    return bool(answer.headers.get("Retry-After")) and OUTAGE_TITLE in answer.body


CSRF = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
VERSION = re.compile(r'name="version" value="(\d+)"')
MESSAGE = re.compile(r'class="message message--(\w+)"')
REVIEW_LINK = re.compile(r'href="/suivi/rapports/(\d+)/"')


def csrf(page: str) -> str:
    found = CSRF.search(page)
    return found.group(1) if found else ""


@dataclass
class ReportPage:
    version: int
    csrf: str
    editable: bool
    returned: bool
    messages: list[str]
    body: str

    @classmethod
    def read(cls, body: str) -> "ReportPage | None":
        form = body.find('class="report-form"')
        version = VERSION.search(body, form if form >= 0 else 0)
        if version is None:
            return None
        return cls(
            version=int(version.group(1)),
            csrf=csrf(body),
            editable='name="action" value="submit"' in body,
            returned='id="returned-title"' in body,
            messages=MESSAGE.findall(body),
            body=body,
        )


# --- The simulated users ----------------------------------------------------------------------


@dataclass
class Write:
    """A save or a submit a contributor sent, and what became of it."""

    token: str
    submit: bool
    status: int | None  # the answer to the POST (None: no answer)
    outcome: str = "unresolved"  # applied, not applied, unresolved
    expected: dict = field(default_factory=dict)


@dataclass
class Act:
    """An answer to the committee or a return, with its token and what became of it."""

    kind: str
    token: str
    company_id: int | None
    report_id: int | None
    status: int | None
    outcome: str = "unresolved"  # applied, not applied, refused, unresolved


class Clock:
    def __init__(self, duration: float) -> None:
        self.duration = duration
        self.start = self.deadline = 0.0

    def begin(self) -> None:
        self.start = time.time()
        self.deadline = self.start + self.duration

    def running(self) -> bool:
        return time.time() < self.deadline

    def in_grace(self) -> bool:
        return time.time() < self.deadline + GRACE


class User(threading.Thread):
    def __init__(self, account: Account, port: int, clock: Clock, barrier, think, seed) -> None:
        super().__init__(daemon=True)
        self.account = account
        self.samples: list[Sample] = []
        self.client = Client(port, self.samples)
        self.clock = clock
        self.barrier = barrier
        self.think = think
        self.rng = random.Random(seed * 1000 + account.index)  # noqa: S311 (not a secret)
        self.logged_in = False
        self.anomalies: list[str] = []

    def run(self) -> None:
        try:
            self.logged_in = self.client.login(self.account.email)
        finally:
            self.barrier.wait()
        if not self.logged_in:
            self.anomalies.append(f"{self.account.email} could not log in")
            return
        self.act()

    def act(self) -> None:
        raise NotImplementedError

    def pause(self, mean: float) -> None:
        time.sleep(
            max(0.0, min(self.rng.uniform(0.5, 1.5) * mean, self.clock.deadline - time.time()))
        )

    def retry_pause(self) -> None:
        # A person who read "try again in a moment" tries again after a second or two.
        time.sleep(self.rng.uniform(1.0, 2.0))

    def get(self, kind: str, path: str, *, until_grace: bool = True) -> Answer | None:
        """GET a page, again after a pause while the answer is a 503 or nothing."""
        while True:
            answer = self.client.request(kind, "GET", path)
            if answer is not None and answer.status != 503:
                return answer
            if not (self.clock.in_grace() if until_grace else self.clock.running()):
                return None
            self.retry_pause()


class Contributor(User):
    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.company = self.account.company
        self.writes: list[Write] = []
        self.acts: list[Act] = []
        self.saves_due = self.rng.randint(*SAVES_BEFORE_SUBMIT)
        self.answered = False

    def open_report(self) -> ReportPage | None:
        answer = self.get("report page", self.company.report_path)
        if answer is None:
            return None
        page = ReportPage.read(answer.body) if answer.status == 200 else None
        if page is None:
            self.anomalies.append(f"report page of company {self.company.id}: {answer.status}")
        return page

    def act(self) -> None:
        page = self.open_report()
        while self.clock.running():
            if page is None:
                self.retry_pause()
                page = self.open_report()
            elif not page.editable:  # with the committee: wait, look at the company's page
                self.pause(2 * self.think)
                if self.rng.random() < 0.3:
                    self.get("company page", self.company.company_path, until_grace=False)
                page = self.open_report()
            else:
                if page.returned and not self.answered and self.rng.random() < 0.4:
                    page = self.answer(page)
                    continue
                self.pause(self.think)  # typing
                if self.clock.running():
                    page = self.write(page, submit=self.saves_due <= 0)

    def write(self, page: ReportPage, *, submit: bool) -> ReportPage | None:
        token = f"u{self.account.index}w{len(self.writes)}"
        fields, expected = answers(self.rng, self.company, token, complete=submit)
        kind = "submit" if submit else "draft save"
        while True:
            sent = page.version
            posted = {
                **fields,
                "csrfmiddlewaretoken": page.csrf,
                "version": str(sent),
                "action": "submit" if submit else "save",
            }
            answer = self.client.request(kind, "POST", self.company.report_path, posted)
            write = Write(token, submit, answer.status if answer else None, expected=expected)
            self.writes.append(write)
            page = self.open_report()
            if page is None:
                return None  # unresolved: checked in the database only
            if page.version == sent + 1:
                write.outcome = "applied"
                self._applied(write, answer, page)
                return page
            write.outcome = "not applied"
            if page.version != sent:
                self.anomalies.append(f"{token}: version {sent} became {page.version}")
            if answer is not None and answer.status == 302:
                self.anomalies.append(f"{token}: redirected but not saved ({page.messages})")
                return page
            if answer is not None and answer.status != 503:
                self.anomalies.append(f"{token}: answered {answer.status}")
                return page
            # The 503 page (or no answer): the form still holds it; send it again.
            if not self.clock.running() or not page.editable:
                return page
            self.retry_pause()
            token = f"u{self.account.index}w{len(self.writes)}"
            fields = {name: _retokened(value, write.token, token) for name, value in fields.items()}
            expected = _retokened(expected, write.token, token)

    def _applied(self, write: Write, answer: Answer | None, page: ReportPage) -> None:
        if answer is not None and answer.status == 302 and "success" not in page.messages:
            self.anomalies.append(f"{write.token}: saved without the message saying so")
        if write.submit:
            if page.editable:
                self.anomalies.append(f"{write.token}: submitted but still editable")
            self.saves_due = self.rng.randint(*SAVES_BEFORE_SUBMIT)
            self.answered = False
        else:
            self.saves_due -= 1

    def answer(self, page: ReportPage) -> ReportPage | None:
        token = f"u{self.account.index}a{len(self.acts)}"
        message = f"Load test answer {token}: figures checked again."
        answer = self.client.request(
            "answer",
            "POST",
            self.company.answer_path,
            {"csrfmiddlewaretoken": page.csrf, "message": message},
        )
        act = Act("answer", token, self.company.id, None, answer.status if answer else None)
        self.acts.append(act)
        self.answered = True
        after = self.get("report page", self.company.report_path)
        if after is None or after.status != 200:
            return None
        act.outcome = "applied" if token in after.body else "not applied"
        if act.outcome == "not applied" and answer is not None and answer.status == 302:
            self.anomalies.append(f"{token}: answer redirected but not recorded")
        return ReportPage.read(after.body)


def _retokened(value, old: str, new: str):
    if isinstance(value, str):
        return value.replace(old, new)
    if isinstance(value, dict):
        return {key: _retokened(item, old, new) for key, item in value.items()}
    if isinstance(value, tuple):
        return tuple(_retokened(item, old, new) for item in value)
    return value


def answers(rng: random.Random, company: CompanySpec, token: str, *, complete: bool):
    """Form fields with new answers for every commitment, and what the database must hold
    after they are saved: {"progress": {measure: (status, percent, comment)},
    "values": {indicator: value}}. ``complete``: everything a submission requires."""
    fields: dict[str, str] = {}
    progress: dict[int, tuple] = {}
    values: dict[int, object] = {}
    numbers: dict[int, int] = {}
    for position, (measure_id, indicators) in enumerate(company.measures):
        prefix = f"p{measure_id}"
        if complete or position == 0 or rng.random() < 0.7:
            status = rng.choice(["not_started", "in_progress", "achieved", "not_applicable"])
            percent = {"not_started": 0, "achieved": 100, "not_applicable": None}.get(
                status, rng.randrange(5, 96)
            )
            comment = f"Load {token} on measure {measure_id}."
        else:
            status, percent, comment = "", None, ""
        fields[f"{prefix}_status"] = status
        fields[f"{prefix}_percent"] = "" if percent is None else str(percent)
        fields[f"{prefix}_comment"] = comment
        progress[measure_id] = (status, percent, comment)
        for indicator in indicators:
            name = f"i{indicator.id}"
            if not (complete and indicator.required) and rng.random() < 0.3:
                fields[name] = ""
                values[indicator.id] = None
                continue
            value = _indicator_value(rng, indicator, company.period, token)
            if indicator.kind == "integer":
                numbers[indicator.id] = value
            fields[name] = _typed(value)
            values[indicator.id] = value
    # A part never exceeds its whole (jobs created in France at most all jobs created).
    for _measure_id, indicators in company.measures:
        for indicator in indicators:
            whole = numbers.get(indicator.not_above)
            if whole is not None and values.get(indicator.id) is not None:
                part = min(values[indicator.id], whole)
                values[indicator.id] = part
                fields[f"i{indicator.id}"] = str(part)
    return fields, {"progress": progress, "values": values}


def _indicator_value(rng: random.Random, indicator: IndicatorSpec, period, token: str):
    if indicator.kind == "integer":
        return rng.randrange(0, 500)
    if indicator.kind == "decimal":
        return Decimal(rng.randrange(0, 400)) / 4
    if indicator.kind == "percentage":
        return Decimal(rng.randrange(0, 101))
    if indicator.kind == "boolean":
        return rng.random() < 0.5
    if indicator.kind == "choice":
        return rng.choice(indicator.choices)
    if indicator.kind == "date":
        start, end = period
        return start + datetime.timedelta(days=rng.randrange((end - start).days + 1))
    return f"Load {token}: training on listening and tools."


def _typed(value) -> str:
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, datetime.date):
        return value.isoformat()
    return str(value)


class CommitteeMember(User):
    DASHBOARD_VARIANTS = [
        "/suivi/",
        "/suivi/",
        "/suivi/",
        "/suivi/?tri=status",
        "/suivi/?status=submitted",
        "/suivi/?kind=outsourcer&tri=share",
        "/suivi/?page=2",
        "/suivi/?axis=2&tri=axis2",
    ]

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.acts: list[Act] = []

    def act(self) -> None:
        while self.clock.running():
            self.get("dashboard", self.rng.choice(self.DASHBOARD_VARIANTS), until_grace=False)
            self.pause(self.think)
            if self.clock.running() and self.rng.random() < 0.6:
                self.review()

    def review(self) -> None:
        queue = self.get("review queue", "/suivi/revue/", until_grace=False)
        reports = REVIEW_LINK.findall(queue.body) if queue and queue.status == 200 else []
        if not reports:
            return
        report_id = int(self.rng.choice(reports))
        path = f"/suivi/rapports/{report_id}/"
        page = self.get("review page", path, until_grace=False)
        if page is None or f'action="{path}renvoyer/"' not in page.body:
            return  # decided meanwhile
        self.pause(self.think)  # reading
        token = f"c{self.account.index}r{len(self.acts)}"
        reason = f"Load test return {token}: please check the figures of axis 2."
        answer = self.client.request(
            "return",
            "POST",
            f"{path}renvoyer/",
            {"csrfmiddlewaretoken": csrf(page.body), "reason": reason},
        )
        act = Act("return", token, None, report_id, answer.status if answer else None)
        self.acts.append(act)
        after = self.get("review page", path)
        if after is None or after.status != 200:
            return
        if token in after.body:
            act.outcome = "applied"
        elif answer is not None and answer.status == 302:
            act.outcome = "refused"  # another member decided first: the page says so
            if "error" not in MESSAGE.findall(after.body):
                self.anomalies.append(f"{token}: refused without a message")
        else:
            act.outcome = "not applied"


class HealthPoller(threading.Thread):
    def __init__(self, port: int, stop: threading.Event) -> None:
        super().__init__(daemon=True)
        self.samples: list[Sample] = []
        self.client = Client(port, self.samples)
        self.stop = stop
        self.seen: list[tuple[float, int | None, str]] = []

    def run(self) -> None:
        while not self.stop.is_set():
            answer = self.client.request("healthz", "GET", "/healthz")
            said = ""
            if answer is not None:
                with contextlib.suppress(ValueError):
                    said = json.loads(answer.body).get("status", "")
            self.seen.append((time.time(), answer.status if answer else None, said))
            self.stop.wait(HEALTHZ_EVERY)


# --- The run --------------------------------------------------------------------------------


def run(args, scene: Scene, gunicorn: "Gunicorn", proxy: ProxyProcess | None):
    port = gunicorn.port
    clock = Clock(args.duration)
    # The run starts when the last user has logged in: the barrier's action sets the clock.
    barrier = threading.Barrier(len(scene.accounts) + 1, action=clock.begin)
    users = [
        (Contributor if account.company else CommitteeMember)(
            account, port, clock, barrier, args.think, args.seed
        )
        for account in scene.accounts
    ]
    login_started = time.time()
    for user in users:
        user.start()
    barrier.wait()
    login_seconds = time.time() - login_started
    cpu_at_start = cpu_now(gunicorn.process.pid)
    stop = threading.Event()
    poller = HealthPoller(port, stop)
    poller.start()
    if proxy is not None:
        timer = threading.Timer(args.outage_at, proxy.outage)
        timer.daemon = True
        timer.start()
    for user in users:
        user.join(timeout=args.duration + GRACE + TIMEOUT)
    ended = time.time()
    cpu = [b - a for a, b in zip(cpu_at_start, cpu_now(gunicorn.process.pid), strict=True)]
    stop.set()
    poller.join()
    return users, poller, clock, login_seconds, ended, cpu


# --- The figures ----------------------------------------------------------------------------


def machine_cpu() -> tuple[float, float]:
    """Seconds of CPU the whole machine spent busy and in all, from /proc/stat."""
    ticks = os.sysconf("SC_CLK_TCK")
    with open("/proc/stat") as stat:
        values = [int(v) for v in stat.readline().split()[1:]]
    idle = values[3] + values[4]  # idle and iowait
    return (sum(values) - idle) / ticks, sum(values) / ticks


def own_cpu() -> float:
    """CPU seconds of this process: the simulated users and the /healthz poller."""
    me = resource.getrusage(resource.RUSAGE_SELF)
    return me.ru_utime + me.ru_stime


def _processes() -> dict[int, tuple[str, int, float, float]]:
    """Every process: (name, parent, its CPU seconds, its reaped children's CPU seconds)."""
    ticks = os.sysconf("SC_CLK_TCK")
    found = {}
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            text = stat.read_text()
        except OSError:
            continue  # ended meanwhile
        name = text[text.index("(") + 1 : text.rindex(")")]
        fields = text[text.rindex(")") + 2 :].split()
        found[int(stat.parent.name)] = (
            name,
            int(fields[1]),
            (int(fields[11]) + int(fields[12])) / ticks,  # utime, stime
            (int(fields[13]) + int(fields[14])) / ticks,  # cutime, cstime
        )
    return found


def cpu_now(gunicorn_pid: int) -> tuple[float, float, float, float, float]:
    """The machine's busy and total CPU seconds, then those of the simulated users, of
    gunicorn (master and workers), and of PostgreSQL (the whole cluster: its running
    processes and the connections that ended, other databases included)."""
    busy, overall = machine_cpu()
    processes = _processes()
    app = sum(
        cpu for pid, (_n, parent, cpu, _c) in processes.items() if gunicorn_pid in (pid, parent)
    )
    postgres = 0.0
    for name, parent, cpu, children in processes.values():
        if name == "postgres":
            postgres += cpu
            if processes.get(parent, ("",))[0] != "postgres":
                postgres += children  # the postmaster: the backends it reaped
    return busy, overall, own_cpu(), app, postgres


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(share * (len(ordered) - 1))))]


def classify(samples: list[Sample], window: tuple[float, float] | None):
    """Each sample is ok, an expected 503 (the outage), or an error (with its reason)."""
    ok, outage, errors = [], [], []
    for sample in samples:
        expected = 200 if sample.kind in GET_KINDS else 302
        during = window is not None and (
            sample.start < window[1] + OUTAGE_MARGIN and sample.end > window[0] - OUTAGE_MARGIN
        )
        if sample.status == expected:
            ok.append(sample)
        elif during and sample.status == 503 and sample.outage_page:
            outage.append(sample)
        elif sample.status == 503 and not sample.outage_page:
            errors.append((sample, "503 without the outage page"))
        elif sample.status == 503:
            errors.append((sample, "503 outside the outage"))
        else:
            errors.append((sample, str(sample.status or sample.error)))
    return ok, outage, errors


def print_table(samples, window, seconds: float, login_seconds: float) -> list:
    ok, outage, errors = classify(samples, window)
    by_kind = defaultdict(list)
    for sample in samples:
        by_kind[sample.kind].append(sample)
    ok_by_kind = defaultdict(list)
    for sample in ok:
        ok_by_kind[sample.kind].append((sample.end - sample.start) * 1000)
    outage_by_kind = Counter(sample.kind for sample in outage)
    errors_by_kind = Counter(sample.kind for sample, _reason in errors)
    print()
    print(
        f"{'request':<14}{'count':>8}{'ok':>8}{'503 (outage)':>14}{'errors':>8}"
        f"{'p50 ms':>9}{'p95 ms':>9}{'max ms':>9}"
    )
    for kind in KINDS:
        if kind not in by_kind:
            continue
        times = ok_by_kind[kind]
        p50, p95, worst = (
            (percentile(times, 0.5), percentile(times, 0.95), max(times)) if times else (0, 0, 0)
        )
        print(
            f"{kind:<14}{len(by_kind[kind]):>8}{len(times):>8}{outage_by_kind[kind]:>14}"
            f"{errors_by_kind[kind]:>8}{p50:>9.0f}{p95:>9.0f}{worst:>9.0f}"
        )
    during = [s for s in samples if s.kind not in ("login page", "login")]
    times = [(s.end - s.start) * 1000 for s in ok if s.kind not in ("login page", "login")]
    print(
        f"{'all but login':<14}{len(during):>8}{len(times):>8}"
        f"{sum(1 for s in outage if s.kind not in ('login page', 'login')):>14}"
        f"{sum(1 for s, _r in errors if s.kind not in ('login page', 'login')):>8}"
        f"{percentile(times, 0.5) if times else 0:>9.0f}"
        f"{percentile(times, 0.95) if times else 0:>9.0f}{max(times, default=0):>9.0f}"
    )
    print(
        f"\n{len(during)} requests in {seconds:.1f} s: {len(during) / seconds:.1f} requests/s "
        f"(logins took {login_seconds:.1f} s before the run)."
    )
    reasons = Counter(f"{sample.kind}: {reason}" for sample, reason in errors)
    print("Errors: " + (", ".join(f"{r} ×{n}" for r, n in reasons.most_common()) or "none"))
    return errors


# --- The checks against the database -------------------------------------------------------------


class Checks:
    def __init__(self) -> None:
        self.results: list[tuple[bool, str, str]] = []

    def add(self, ok: bool, name: str, detail: str = "") -> None:
        self.results.append((ok, name, detail))

    def print(self) -> bool:
        print("\nChecks:")
        for ok, name, detail in self.results:
            print(f"  [{'ok' if ok else 'FAILED'}] {name}" + (f": {detail}" if detail else ""))
        return all(ok for ok, _name, _detail in self.results)


SUBMITTING = {"submitted", "resubmitted"}


def workflow_errors(actions: list[str], status: str) -> list[str]:
    """Where a report's events leave its workflow: a submission while already submitted,
    a decision on a report not submitted, an answer to a report not returned."""
    state, problems = "draft", []
    for action in actions:
        if action in SUBMITTING:
            if state not in ("draft", "returned"):
                problems.append(f"{action} while {state}")
            state = "submitted"
        elif action in ("returned", "validated"):
            if state != "submitted":
                problems.append(f"{action} while {state}")
            state = action
        elif action == "answered" and state != "returned":
            problems.append(f"answered while {state}")
    if state != status:
        problems.append(f"status {status} after events ending {state}")
    return problems


def _stored(indicator_kind: str, row) -> object:
    if row is None:
        return None
    if indicator_kind in ("integer", "decimal", "percentage"):
        return row.number
    if indicator_kind == "boolean":
        return row.boolean
    if indicator_kind == "date":
        return row.date
    return row.text or None


def _same(expected, stored, kind: str) -> bool:
    if expected is None or expected == "":
        return stored in (None, "")
    if kind in ("integer", "decimal", "percentage"):
        try:
            return stored is not None and Decimal(str(expected)) == Decimal(stored)
        except InvalidOperation:
            return False
    return expected == stored


def verify(scene: Scene, users: list[User], window, checks: Checks) -> None:
    from django.db.models import Q

    from followup.models import IndicatorValue, Progress, Report, ReportEvent

    contributors = [user for user in users if isinstance(user, Contributor)]
    reports = {
        report.company_id: report
        for report in Report.objects.filter(
            campaign_id=scene.campaign_id,
            company_id__in=[user.company.id for user in contributors],
        )
    }
    new_events = ReportEvent.objects.filter(pk__gt=scene.event_watermark)
    HistoricalProgress = Progress.history.model

    writes = [write for user in contributors for write in user.writes]
    applied = [w for w in writes if w.outcome == "applied"]
    failed = [w for w in writes if w.status != 302]
    failed_applied = [w for w in failed if w.outcome == "applied"]
    failed_not_applied = [w for w in failed if w.outcome == "not applied"]
    unresolved = [w for w in writes if w.outcome == "unresolved"]
    acts = [act for user in users for act in getattr(user, "acts", [])]

    submits_seen = lost_submits = duplicates = 0
    version_problems, value_problems, workflow_problems, incomplete = [], [], [], []
    for user in contributors:
        company = user.company
        report = reports.get(company.id)
        done = [w for w in user.writes if w.outcome == "applied"]
        if report is None:
            if done:
                version_problems.append(f"company {company.id}: no report after {len(done)} saves")
            continue
        # Submissions: those the client saw go through, once each.
        seen = sum(1 for w in done if w.submit)
        stored = new_events.filter(report=report, action__in=SUBMITTING).count()
        submits_seen += seen
        lost_submits += max(0, seen - stored)
        duplicates += max(0, stored - seen)
        actions = list(report.events.order_by("at", "pk").values_list("action", flat=True))
        workflow_problems += [
            f"report {report.pk}: {p}" for p in workflow_errors(actions, report.status)
        ]
        # Versions: one per save the client made.
        if report.version != company.start_version + len(done):
            version_problems.append(
                f"report {report.pk}: version {report.version}, expected "
                f"{company.start_version} + {len(done)} saves"
            )
        # The answers: what the last save sent.
        if done:
            expected = done[-1].expected
            rows = {p.measure_id: p for p in report.progress.all()}
            for measure_id, (status, percent, comment) in expected["progress"].items():
                row = rows.get(measure_id)
                held = (row.status, row.percent, row.comment) if row else ("", None, "")
                if held != (status, percent, comment):
                    value_problems.append(f"report {report.pk} measure {measure_id}: {held}")
            kinds = {i.id: i.kind for _m, indicators in company.measures for i in indicators}
            stored_values = {v.indicator_id: v for v in report.values.all()}
            for indicator_id, value in expected["values"].items():
                held = _stored(kinds[indicator_id], stored_values.get(indicator_id))
                if not _same(value, held, kinds[indicator_id]):
                    value_problems.append(
                        f"report {report.pk} indicator {indicator_id}: {held!r} not {value!r}"
                    )
        # Complete when submitted.
        if report.status == Report.Status.SUBMITTED:
            measures = {m for m, _i in company.measures}
            answered = set(report.progress.exclude(status="").values_list("measure_id", flat=True))
            required = {i.id for _m, ind in company.measures for i in ind if i.required}
            filled = set(
                IndicatorValue.objects.filter(report=report, indicator_id__in=required)
                .filter(
                    Q(number__isnull=False)
                    | Q(boolean__isnull=False)
                    | Q(date__isnull=False)
                    | ~Q(text="")
                )
                .values_list("indicator_id", flat=True)
            )
            if measures - answered or required - filled or report.submitted_at is None:
                incomplete.append(f"report {report.pk}")

    checks.add(
        not lost_submits,
        "every submit the clients saw succeed is a submission in the database",
        f"{submits_seen} submits, {lost_submits} missing",
    )
    checks.add(
        not duplicates and not workflow_problems,
        "no report submitted twice; every report's events follow the workflow",
        f"{duplicates} submissions nobody saw succeed; "
        + ("; ".join(workflow_problems[:5]) or "no event out of turn"),
    )
    checks.add(
        not value_problems,
        "every report holds what its contributor last saved (nothing lost)",
        f"{len(applied)} saves and submits applied; "
        + ("; ".join(value_problems[:5]) or "all answers and figures match"),
    )
    checks.add(
        not version_problems,
        "each report's version counts exactly the saves made (none lost, none doubled)",
        "; ".join(version_problems[:5]),
    )
    # No trace of a write that did not go through, history included: nothing half-written.
    leaked = [
        w.token
        for w in writes
        if w.outcome != "applied"
        and w.outcome != "unresolved"
        and HistoricalProgress.objects.filter(comment__contains=f"Load {w.token} ").exists()
    ]
    checks.add(
        not leaked and not incomplete,
        "no half-written report: no trace of a failed save, every submitted report complete",
        f"{len(writes) - len(applied)} saves not applied, {len(leaked)} with a trace; "
        f"{len(incomplete)} incomplete submitted reports",
    )
    # Answers and returns: each applied once, the others not at all.
    act_problems = []
    for act in acts:
        action = "answered" if act.kind == "answer" else "returned"
        found = new_events.filter(action=action, message__contains=f" {act.token}:").count()
        wanted = {"applied": (1,), "unresolved": (0, 1)}.get(act.outcome, (0,))
        if found not in wanted:
            act_problems.append(f"{act.kind} {act.token} ({act.outcome}): {found} events")
    outcomes = Counter(f"{act.kind} {act.outcome}" for act in acts)
    checks.add(
        not act_problems,
        "every answer and return seen applied is in the database once; the others are not",
        ", ".join(f"{k} {n}" for k, n in sorted(outcomes.items()))
        + ("; " + "; ".join(act_problems[:5]) if act_problems else ""),
    )
    anomalies = [a for user in users for a in user.anomalies]
    checks.add(
        not anomalies,
        "every page said what happened (saved, submitted, refused)",
        "; ".join(anomalies[:5]),
    )
    checks.add(
        not unresolved,
        "every write's fate was known to its client by the end",
        f"{len(unresolved)} unresolved",
    )
    if window is not None:
        failed_acts = [act for act in acts if act.status != 302]
        failed_applied += [act for act in failed_acts if act.outcome == "applied"]
        checks.add(
            not failed_applied,
            "a write answered with the 503 page was not applied",
            f"saves and submits: {len(failed_not_applied)} not applied (and sent again); "
            f"answers and returns: "
            f"{sum(1 for act in failed_acts if act.outcome == 'not applied')} not applied; "
            f"{len(failed_applied)} applied although the answer was a 503",
        )


def health_timeline(poller: HealthPoller, start: float) -> str:
    """What /healthz said over the run, as spans of the same answer."""
    spans: list[list] = []
    for at, status, said in poller.seen:
        answer = f"{status or 'no answer'} {said}".strip()
        if spans and spans[-1][0] == answer:
            spans[-1][2], spans[-1][3] = at, spans[-1][3] + 1
        else:
            spans.append([answer, at, at, 1])
    return "; ".join(
        f"{answer} ×{count} ({first - start:.1f}–{last - start:.1f} s)"
        for answer, first, last, count in spans
    )


def check_outage(checks: Checks, samples, poller: HealthPoller, window, gunicorn: Gunicorn):
    if window is None:
        checks.add(False, "the outage happened", "the proxy reported no outage")
        return
    down, up = window
    _ok, outage, _errors = classify(samples, window)
    pages = [s for s in outage if s.kind != "healthz"]
    checks.add(
        bool(pages),
        "requests during the outage got the 503 page (Retry-After, no 500)",
        f"{len(pages)} 503 pages",
    )
    before = [s for t, s, _said in poller.seen if t < down - 0.5]
    during = [(s, said) for t, s, said in poller.seen if down + 0.3 < t < up - 0.3]
    after = [s for t, s, _said in poller.seen if t > up + 1.0]
    unavailable = sum(1 for s, said in during if s == 503 and said == "unavailable")
    first_ok = next((t for t, s, _said in poller.seen if t > up and s == 200), None)
    checks.add(
        bool(during) and unavailable == len(during) and set(before) <= {200},
        "/healthz reported the outage",
        f'{unavailable}/{len(during)} polls during it said 503 "unavailable"',
    )
    recovered_requests = [s for s in _ok if s.start > up + 1.0 and s.kind != "healthz"]
    checks.add(
        bool(recovered_requests) and bool(after) and set(after) == {200},
        "the application recovered without a restart",
        (
            f"/healthz 200 again {first_ok - up:.2f} s after the database came back; "
            if first_ok
            else "/healthz never answered 200 again; "
        )
        + f"{len(recovered_requests)} requests succeeded after it",
    )
    booted = gunicorn.booted_workers()
    checks.add(
        booted == gunicorn.workers,
        "no gunicorn worker restarted",
        f"{booted} workers booted for {gunicorn.workers}",
    )


# --- Main -------------------------------------------------------------------------------------


def main() -> None:
    if sys.argv[1:2] == ["--serve-proxy"]:
        host, port, outage = sys.argv[2], int(sys.argv[3]), float(sys.argv[4])
        asyncio.run(_serve_proxy((host, port), outage))
        return
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--users", type=int, default=50, help="simulated users (50)")
    parser.add_argument("--duration", type=float, default=60, help="seconds of load (60)")
    parser.add_argument("--fault", action="store_true", help="cut PostgreSQL off meanwhile")
    parser.add_argument("--outage", type=float, default=5, help="seconds of outage (5)")
    parser.add_argument(
        "--outage-at", type=float, default=20, help="seconds into the run it starts (20)"
    )
    parser.add_argument(
        "--think", type=float, default=1.0, help="mean seconds between a user's actions (1)"
    )
    parser.add_argument("--workers", type=int, default=4, help="gunicorn workers (4)")
    parser.add_argument(
        "--conn-max-age", type=int, default=0, help="CONN_MAX_AGE of the application (0)"
    )
    parser.add_argument("--seed", type=int, default=2010, help="random seed (2010)")
    args = parser.parse_args()
    if args.users < 2:
        fail("--users must be 2 or more (contributors and committee members).")
    if args.fault and not 0 < args.outage_at < args.duration:
        fail("--outage-at must fall inside the run.")

    database = load_database()
    WORK.mkdir(parents=True, exist_ok=True)
    secret_key = secrets.token_urlsafe(40)
    os.environ.update(app_environment(database.url(), secret_key, args.conn_max_age))
    sys.path.insert(0, str(ROOT))
    started = time.monotonic()
    print(f"Database {database.name} on {database.host}:{database.port}: made afresh.")
    recreate(database)

    import django
    from django.core.management import call_command
    from django.db import connections

    django.setup()
    call_command("migrate", interactive=False, verbosity=0)
    call_command("collectstatic", interactive=False, verbosity=0)
    scene = make_data(args.users, args.seed)
    connections.close_all()
    contributors = sum(1 for account in scene.accounts if account.company)
    print(
        f"Data: {contributors} contributors and {len(scene.accounts) - contributors} committee "
        f"members over the demo data set ({time.monotonic() - started:.0f} s)."
    )

    proxy = gunicorn = None
    try:
        app_url = database.url()
        if args.fault:
            proxy = ProxyProcess((database.host, database.port), args.outage)
            app_url = database.url(port=proxy.port)
        gunicorn = Gunicorn(
            app_environment(app_url, secret_key, args.conn_max_age),
            args.workers,
            WORK / "gunicorn.log",
        )
        print(
            f"gunicorn: {args.workers} workers on {HOST}:{gunicorn.port}; {args.users} users for "
            f"{args.duration:.0f} s"
            + (
                f", PostgreSQL unreachable for {args.outage:.0f} s from {args.outage_at:.0f} s"
                if args.fault
                else ""
            )
            + "."
        )
        users, poller, clock, login_seconds, ended, cpu = run(args, scene, gunicorn, proxy)
    finally:
        if gunicorn is not None:
            gunicorn.stop()
        if proxy is not None:
            proxy.stop()
    window = proxy.window() if proxy else None
    samples = [sample for user in users for sample in user.samples] + poller.samples
    if window:
        print(
            f"Outage: PostgreSQL unreachable from {window[0] - clock.start:.1f} s to "
            f"{window[1] - clock.start:.1f} s of the run."
        )
    errors = print_table(samples, window, ended - clock.start, login_seconds)
    print(f"/healthz said: {health_timeline(poller, clock.start)}")
    busy, overall, users_cpu, gunicorn_cpu, postgres_cpu = cpu
    print(
        f"CPU over the run: {overall:.0f} core-seconds ({os.cpu_count()} cores), "
        f"{100 * busy / overall:.0f}% busy: gunicorn {gunicorn_cpu:.0f} s, PostgreSQL "
        f"{postgres_cpu:.0f} s (all its databases), the simulated users {users_cpu:.0f} s, "
        f"other processes {busy - gunicorn_cpu - postgres_cpu - users_cpu:.0f} s."
    )
    checks = Checks()
    checks.add(not errors, "no error", f"{len(errors)} errors")
    if args.fault:
        check_outage(checks, samples, poller, window, gunicorn)
    verify(scene, users, window, checks)
    if not checks.print():
        log = WORK / "gunicorn.log"
        print(f"\nSee {log}; the database {database.name} stays until the next run.")
        sys.exit(1)


if __name__ == "__main__":
    main()
