"""Settings of the charter tracker: the only settings module.

Every value that differs between machines comes from the environment (or a ``.env``
file beside ``manage.py``) through one ``environ.Env``; ``.env.example`` lists them.
A required value that is missing stops the start with a message naming it.
"""

import importlib.util
import re
from datetime import timedelta
from pathlib import Path

import environ
from csp.constants import NONCE, NONE, SELF
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent

env = environ.Env()
environ.Env.read_env(BASE_DIR / ".env")

# --- Core -------------------------------------------------------------------------------

DEBUG = env.bool("DEBUG", default=False)

SECRET_KEY = env.str("SECRET_KEY", default="")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured(
            "SECRET_KEY is not set. Set the SECRET_KEY environment variable "
            "(a long random string) or run with DEBUG=true for local development."
        )
    # Development only: DEBUG is on, so the key protects nothing of value.
    SECRET_KEY = "insecure-development-key-do-not-use-in-production"  # noqa: S105

ALLOWED_HOSTS = env.list(
    "ALLOWED_HOSTS", default=["localhost", "127.0.0.1", "[::1]"] if DEBUG else []
)
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "simple_history",
    "django_countries",
    "django_tasks",
    "django_tasks_db",
    "csp",
    "axes",
    "core",
    "accounts",
    "charter",
    "signatories",
    "procurement",
    "relations",
    "callnumbers",
    "meetings",
    "followup",
    "results",
    "documents",
]

MIDDLEWARE = [
    "config.logging.RequestIdMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",
    "config.middleware.PermissionsPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Logged-in responses are never cached; before the session middleware (see its text).
    "config.middleware.PrivateNoStoreMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "accounts.security.IdleSessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "config.middleware.ChosenLanguageMiddleware",
    "config.middleware.RequestSizeLimitMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    "axes.middleware.AxesMiddleware",  # last, as django-axes asks
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            # The date filter with French typography ("1er janvier"): core.dates
            "builtins": ["core.templatetags.dates"],
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]

# --- Database ---------------------------------------------------------------------------
# SQLite under var/ when DATABASE_URL is unset: zero set-up for a first look.
# PostgreSQL (postgres://user@host:5432/name) in production and CI.

_default_sqlite = BASE_DIR / "var" / "db.sqlite3"
if "DATABASE_URL" not in env.ENVIRON:
    _default_sqlite.parent.mkdir(exist_ok=True)
DATABASES = {"default": env.db("DATABASE_URL", default=f"sqlite:///{_default_sqlite}")}
DATABASES["default"]["ATOMIC_REQUESTS"] = True
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Seconds a connection is kept between requests (0: closed after each one). Checked
# before reuse, so a restarted database costs no failed request.
CONN_MAX_AGE = env.int("CONN_MAX_AGE", default=0)

# A pool of connections in each process (psycopg's, Django 5.1+), PostgreSQL only, instead
# of CONN_MAX_AGE: the pool keeps and checks the connections itself, so Django requires
# CONN_MAX_AGE=0 with it. DATABASE_POOL_MAX_SIZE bounds each process's connections.
DATABASE_POOL = env.bool("DATABASE_POOL", default=False)
DATABASE_POOL_OPTIONS = {
    "min_size": env.int("DATABASE_POOL_MIN_SIZE", default=1),
    "max_size": env.int("DATABASE_POOL_MAX_SIZE", default=4),
    "timeout": env.float("DATABASE_POOL_TIMEOUT", default=10.0),
}

# Behind PgBouncer in transaction pooling mode: no server-side cursors (a cursor would
# outlive the transaction that PgBouncer ties to one server connection).
DISABLE_SERVER_SIDE_CURSORS = env.bool("DISABLE_SERVER_SIDE_CURSORS", default=False)

# A PostgreSQL read replica for the committee's read-only pages (core.routers): only
# views decorated with reads_from_replica read from it, and only for GET and HEAD.
DATABASE_REPLICA_URL = env.str("DATABASE_REPLICA_URL", default="")
if DATABASE_REPLICA_URL:
    DATABASES["replica"] = env.db_url_config(DATABASE_REPLICA_URL)
    # Reads only, one statement at a time: no request transaction on the replica.
    DATABASES["replica"]["ATOMIC_REQUESTS"] = False
    # Tests read "replica" from the test database of "default".
    DATABASES["replica"]["TEST"] = {"MIRROR": "default"}
DATABASE_ROUTERS = ["core.routers.ReplicaRouter"]

for _alias, _database in DATABASES.items():
    _database["CONN_MAX_AGE"] = CONN_MAX_AGE
    _database["CONN_HEALTH_CHECKS"] = True
    _database["DISABLE_SERVER_SIDE_CURSORS"] = DISABLE_SERVER_SIDE_CURSORS
    _postgresql = _database["ENGINE"] == "django.db.backends.postgresql"
    if DATABASE_POOL:
        if not _postgresql:
            raise ImproperlyConfigured(
                "DATABASE_POOL=true needs PostgreSQL: DATABASE_URL (and DATABASE_REPLICA_URL) "
                "must be postgres:// addresses."
            )
        if CONN_MAX_AGE != 0:
            raise ImproperlyConfigured(
                f"DATABASE_POOL=true cannot go with CONN_MAX_AGE={CONN_MAX_AGE}: the pool keeps "
                "the connections itself and Django requires CONN_MAX_AGE=0 with it. Unset "
                "CONN_MAX_AGE (or set it to 0), or set DATABASE_POOL=false."
            )
        _database.setdefault("OPTIONS", {})["pool"] = dict(DATABASE_POOL_OPTIONS)
    if _alias == "replica" and not _postgresql:
        raise ImproperlyConfigured("DATABASE_REPLICA_URL must be a postgres:// address.")

# --- Cache ------------------------------------------------------------------------------
# In each process's memory: the template fragments the dashboard keeps (the filters'
# markup, the chart and table of progress per axis) are keyed by everything they show
# (language, values asked for, figures), so no process can serve another's stale copy
# and nothing needs to be shared between processes or machines.
CACHES = {
    "default": {
        "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
        "LOCATION": "fragments",
        "OPTIONS": {"MAX_ENTRIES": 1000},
    }
}

# --- Limits on e-mail ------------------------------------------------------------------
# Every action that sends e-mail (adhesion application, password reset, invitation) is
# counted per client address, per address the e-mail goes to and per logged-in account
# (accounts.throttle, with django-ratelimit). The counters must be shared by every
# process and machine, so they live in their own cache: by default a table of the
# database production already has (created by `migrate`); RATELIMIT_CACHE_URL can name
# another shared cache (redis://...). Rates read "count/period": 10/h, 3/15m, 50/d.
CACHES["ratelimit"] = env.cache_url("RATELIMIT_CACHE_URL", default="dbcache://ratelimit_cache")
# A counter must never be dropped to make room (the database cache keeps 300 entries and
# culls a third of them beyond, by default): the limits would fail open under a flood.
CACHES["ratelimit"].setdefault("OPTIONS", {}).setdefault("MAX_ENTRIES", 10_000_000)
RATELIMIT_USE_CACHE = "ratelimit"
EMAIL_LIMIT_PER_CLIENT = env.str("EMAIL_LIMIT_PER_CLIENT", default="10/h")
EMAIL_LIMIT_PER_ADDRESS = env.str("EMAIL_LIMIT_PER_ADDRESS", default="5/h")
EMAIL_LIMIT_PER_ACCOUNT = env.str("EMAIL_LIMIT_PER_ACCOUNT", default="30/h")
# Look-ups in the company directory from the public adhesion form, per client address.
COMPANY_LOOKUP_LIMIT_PER_CLIENT = env.str("COMPANY_LOOKUP_LIMIT_PER_CLIENT", default="20/h")
for _name in (
    "EMAIL_LIMIT_PER_CLIENT",
    "EMAIL_LIMIT_PER_ADDRESS",
    "EMAIL_LIMIT_PER_ACCOUNT",
    "COMPANY_LOOKUP_LIMIT_PER_CLIENT",
):
    if not re.fullmatch(r"[1-9]\d*/\d*[smhd]", vars()[_name]):
        raise ImproperlyConfigured(
            f"{_name} must read count/period, such as 10/h, 3/15m or 50/d; it is {vars()[_name]!r}."
        )

# --- Accounts ---------------------------------------------------------------------------

AUTH_USER_MODEL = "accounts.User"
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "charter:home"
LOGOUT_REDIRECT_URL = "charter:home"

# Days an e-mailed invitation link stays usable.
INVITATION_VALID_DAYS = env.int("INVITATION_VALID_DAYS", default=7)
if INVITATION_VALID_DAYS < 1:
    raise ImproperlyConfigured("INVITATION_VALID_DAYS must be a whole number of days, 1 or more.")

# Public address of the site, used for the links in e-mails (https://charte.example.org).
# Empty: links use the address of the request that sent the e-mail.
SITE_URL = env.str("SITE_URL", default="").rstrip("/")
if SITE_URL and not SITE_URL.startswith(("https://", "http://")):
    raise ImproperlyConfigured("SITE_URL must start with https:// (or http:// in development).")

# django-axes first: it refuses a locked-out (address, client) pair before the password is
# checked.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]

# Failed logins, counted three ways over the cool-off time (accounts.security): 5 for one
# e-mail address from one client address, 30 for one e-mail address from any client, 20
# from one client address on any e-mail address. Whichever count is reached first refuses
# the login for 15 minutes. The per-account limit is the highest, so that no single client
# can lock someone out from everywhere (it is stopped by its own limits first); failures
# while locked are not counted, so every lock ends 15 minutes after it began. Administrators
# see the attempts in the admin and can lift a lock there or with
# `manage.py axes_reset_username` / `axes_reset_ip`.
AXES_FAILURE_LIMIT = env.int("LOGIN_FAILURE_LIMIT", default=5)
LOGIN_ACCOUNT_FAILURE_LIMIT = env.int("LOGIN_ACCOUNT_FAILURE_LIMIT", default=30)
LOGIN_CLIENT_FAILURE_LIMIT = env.int("LOGIN_CLIENT_FAILURE_LIMIT", default=20)
AXES_COOLOFF_TIME = timedelta(minutes=env.int("LOGIN_LOCKOUT_MINUTES", default=15))
AXES_HANDLER = "accounts.security.LoginFailureHandler"
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"], "username", "ip_address"]
AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT = False
AXES_RESET_ON_SUCCESS = True
AXES_USERNAME_FORM_FIELD = "username"  # the login form's field (the user model's is email)
AXES_USERNAME_CALLABLE = "accounts.security.login_username"
AXES_CLIENT_IP_CALLABLE = "accounts.security.client_ip"
AXES_LOCKOUT_CALLABLE = "accounts.security.lockout_response"
AXES_VERBOSE = False
AXES_ENABLE_ACCESS_FAILURE_LOG = True  # each failure kept for the admin, not just a count
# Number of reverse proxies in front of the application that append the client's address
# to X-Forwarded-For (1 behind one nginx); 0 means REMOTE_ADDR is the client.
TRUSTED_PROXY_COUNT = env.int("TRUSTED_PROXY_COUNT", default=0)

# Sessions end after this many minutes without a request (and when the password changes:
# Django checks a hash of the password on every request).
SESSION_IDLE_MINUTES = env.int("SESSION_IDLE_MINUTES", default=60)
if SESSION_IDLE_MINUTES < 5:
    raise ImproperlyConfigured("SESSION_IDLE_MINUTES must be 5 or more.")
SESSION_COOKIE_AGE = SESSION_IDLE_MINUTES * 60

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# --- Languages and time -----------------------------------------------------------------

LANGUAGE_CODE = "fr"
LANGUAGES = [("fr", _("French")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
# Dates as the site writes them, in each language, where Django's own formats differ.
FORMAT_MODULE_PATH = "config.formats"
USE_I18N = True
TIME_ZONE = "Europe/Paris"
USE_TZ = True

# --- Files ------------------------------------------------------------------------------

STATIC_URL = "/static/"
STATIC_ROOT = Path(env.str("STATIC_ROOT", default=str(BASE_DIR / "var" / "static")))
STATICFILES_DIRS = [BASE_DIR / "static"]

# Uploaded evidence lives under MEDIA_ROOT and is never served from a public URL:
# there is no MEDIA_URL route; files go out through views that check rights.
MEDIA_ROOT = Path(env.str("MEDIA_ROOT", default=str(BASE_DIR / "var" / "media")))

STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}

# Where evidence and generated documents are kept: "filesystem" (MEDIA_ROOT) or "s3", an
# S3-compatible object store through django-storages (pip install '.[s3]'), shared by every
# web node and worker. The bucket stays private: every file is read through the views that
# check rights, and links to the store are signed and short-lived. The credentials are
# boto3's own: AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY in the environment, or the
# machine's role.
MEDIA_STORAGE = env.str("MEDIA_STORAGE", default="filesystem")
if MEDIA_STORAGE not in ("filesystem", "s3"):
    raise ImproperlyConfigured(f"MEDIA_STORAGE must be filesystem or s3; it is {MEDIA_STORAGE!r}.")
# Seconds a signed link to a file in the bucket stays valid.
AWS_QUERYSTRING_EXPIRE = env.int("AWS_QUERYSTRING_EXPIRE", default=60)
# With s3: "redirect" sends the browser to a signed link to the file after the rights
# check (the store must be reachable from browsers); "stream" passes the file through
# the application.
MEDIA_S3_DOWNLOAD = env.str("MEDIA_S3_DOWNLOAD", default="redirect")
if MEDIA_STORAGE == "s3":
    if importlib.util.find_spec("storages") is None:
        raise ImproperlyConfigured(
            "MEDIA_STORAGE=s3 needs django-storages with boto3: pip install '.[s3]'."
        )
    if not (_bucket := env.str("AWS_STORAGE_BUCKET_NAME", default="")):
        raise ImproperlyConfigured("MEDIA_STORAGE=s3 needs AWS_STORAGE_BUCKET_NAME.")
    if MEDIA_S3_DOWNLOAD not in ("redirect", "stream"):
        raise ImproperlyConfigured(
            f"MEDIA_S3_DOWNLOAD must be redirect or stream; it is {MEDIA_S3_DOWNLOAD!r}."
        )
    STORAGES["default"] = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": _bucket,
            # Another store than Amazon's (MinIO, Scaleway, OVHcloud, Garage...).
            "endpoint_url": env.str("AWS_S3_ENDPOINT_URL", default="") or None,
            "region_name": env.str("AWS_S3_REGION_NAME", default="") or None,
            # "path" for stores without a DNS name per bucket (MinIO); "auto" by default.
            "addressing_style": env.str("AWS_S3_ADDRESSING_STYLE", default="") or None,
            # A folder inside the bucket, to share one bucket between sites.
            "location": env.str("AWS_LOCATION", default=""),
            # Empty for a bucket whose ACLs are turned off (objects are then private by
            # the bucket's own policy).
            "default_acl": env.str("AWS_DEFAULT_ACL", default="private") or None,
            "querystring_auth": True,
            "querystring_expire": AWS_QUERYSTRING_EXPIRE,
            "file_overwrite": False,
            "signature_version": "s3v4",
        },
    }

# Downloads of protected files, after the rights check (core.downloads). Empty: the
# application streams the file. A path such as /protected-media/: the application answers
# with an empty body and X-Accel-Redirect: <prefix><file>, and nginx sends the file from
# an `internal` location that aliases MEDIA_ROOT (filesystem storage only).
PROTECTED_MEDIA_ACCEL_PREFIX = env.str("PROTECTED_MEDIA_ACCEL_PREFIX", default="")
if PROTECTED_MEDIA_ACCEL_PREFIX:
    if MEDIA_STORAGE != "filesystem":
        raise ImproperlyConfigured(
            "PROTECTED_MEDIA_ACCEL_PREFIX works with MEDIA_STORAGE=filesystem only: nginx "
            "sends files from MEDIA_ROOT. With s3, see MEDIA_S3_DOWNLOAD."
        )
    if not (
        PROTECTED_MEDIA_ACCEL_PREFIX.startswith("/") and PROTECTED_MEDIA_ACCEL_PREFIX.endswith("/")
    ):
        raise ImproperlyConfigured(
            "PROTECTED_MEDIA_ACCEL_PREFIX must start and end with a slash, "
            f"such as /protected-media/; it is {PROTECTED_MEDIA_ACCEL_PREFIX!r}."
        )

# --- E-mail -----------------------------------------------------------------------------
# consolemail:// prints e-mails in development; smtp+tls://user:password@host:587 in
# production.

vars().update(env.email_url("EMAIL_URL", default="consolemail://"))
DEFAULT_FROM_EMAIL = env.str(
    "DEFAULT_FROM_EMAIL", default="Comité de suivi de la charte <noreply@localhost>"
)
SERVER_EMAIL = DEFAULT_FROM_EMAIL
# Where the answers to an e-mail that asks its reader to reply reach the committee (the
# invitation of a company outside the base): the committee's own mailbox, since the sender
# address is often one nobody reads. Empty: the answers go to DEFAULT_FROM_EMAIL.
COMMITTEE_EMAIL = env.str("COMMITTEE_EMAIL", default="")

# --- Company directory ------------------------------------------------------------------
# The public directory of French companies ("Recherche d'entreprises", no key) that fills a
# company's legal name, address, activity code and headcount band from its SIREN, on the
# adhesion form and in the admin (signatories.directory). Empty: nothing is looked up and
# the details are typed by hand. Seconds to wait for its answer before giving up.
COMPANY_DIRECTORY_URL = env.str(
    "COMPANY_DIRECTORY_URL", default="https://recherche-entreprises.api.gouv.fr"
).rstrip("/")
if COMPANY_DIRECTORY_URL and not COMPANY_DIRECTORY_URL.startswith(("https://", "http://")):
    raise ImproperlyConfigured("COMPANY_DIRECTORY_URL must start with https:// (or be empty).")
COMPANY_DIRECTORY_TIMEOUT = env.float("COMPANY_DIRECTORY_TIMEOUT", default=3.0)

# --- Security ---------------------------------------------------------------------------
# With DEBUG off every protection is on by default; each has a variable to turn it off
# where it cannot apply (the test suite over plain HTTP, a proxy that terminates TLS).

# HTTPS: redirect plain HTTP; trust the proxy's header that says the request was HTTPS
# (PROXY_SSL_HEADER=HTTP_X_FORWARDED_PROTO behind nginx with proxy_set_header).
SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=not DEBUG)
# The health check answers over plain HTTP too: load balancers and container runtimes ask
# the application directly, not through the TLS proxy.
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
if _proxy_header := env.str("PROXY_SSL_HEADER", default=""):
    SECURE_PROXY_SSL_HEADER = (_proxy_header, "https")
SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=0 if DEBUG else 31536000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True

# Cookies: secure and __Host- prefixed (bound to this host, sent over HTTPS only).
SECURE_COOKIES = env.bool("SECURE_COOKIES", default=not DEBUG)
SESSION_COOKIE_SECURE = CSRF_COOKIE_SECURE = LANGUAGE_COOKIE_SECURE = SECURE_COOKIES
SESSION_COOKIE_NAME = "__Host-sessionid" if SECURE_COOKIES else "sessionid"
CSRF_COOKIE_NAME = "__Host-csrftoken" if SECURE_COOKIES else "csrftoken"
SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = CSRF_COOKIE_SAMESITE = "Lax"

X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"

# Content-Security-Policy (django-csp): everything from this site only, no inline script
# (a nonce for any script that would need one), no plugin, no framing, no <base>.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF, NONCE],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
        "object-src": [NONE],
        "base-uri": [NONE],
    }
}

# Permissions-Policy (config.middleware.PermissionsPolicyMiddleware): no device access.
PERMISSIONS_POLICY = (
    "accelerometer=(), camera=(), geolocation=(), gyroscope=(), magnetometer=(), "
    "microphone=(), payment=(), usb=(), interest-cohort=()"
)

# --- Logging ----------------------------------------------------------------------------
# JSON lines on stdout with the request's id (config.logging); every 500 is logged by
# django.request with its traceback.

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"json": {"()": "config.logging.JsonFormatter"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "json"}},
    "root": {"handlers": ["console"], "level": env.str("LOG_LEVEL", default="INFO")},
    "loggers": {
        "django.db.backends": {"level": "INFO"},
        # Failed logins and lockouts are warnings; each success is not worth a line.
        "axes": {"level": "WARNING"},
    },
}
FORMS_URLFIELD_ASSUME_HTTPS = True  # Django 6 behaviour: URLs typed without a scheme are https

# --- Follow-up --------------------------------------------------------------------------

# Largest evidence file accepted (PDF, PNG or JPEG).
EVIDENCE_MAX_BYTES = env.int("EVIDENCE_MAX_BYTES", default=10 * 1024 * 1024)
# Largest total of one report's evidence files (not counting removed ones); a file the
# report already has is refused, so each is stored once (followup.evidence).
EVIDENCE_REPORT_MAX_BYTES = env.int("EVIDENCE_REPORT_MAX_BYTES", default=50 * 1024 * 1024)
# Largest request body: a bigger one is refused (413) from its Content-Length before
# anything reads it (config.middleware.RequestSizeLimitMiddleware). Room for one evidence
# file and the form around it; the proxy in front should refuse the same size
# (nginx: client_max_body_size).
MAX_REQUEST_BYTES = env.int("MAX_REQUEST_BYTES", default=EVIDENCE_MAX_BYTES + 1024 * 1024)
# Form fields without files: Django refuses (400) a larger body of plain fields.
DATA_UPLOAD_MAX_MEMORY_SIZE = 2 * 1024 * 1024
DATA_UPLOAD_MAX_NUMBER_FIELDS = 2000
DATA_UPLOAD_MAX_NUMBER_FILES = 10
# Certifications that end within this many days are flagged.
CERTIFICATION_WARNING_DAYS = 90

# --- Background work --------------------------------------------------------------------
# PDF documents one user may have waiting or being made at once; a further request makes
# nothing and shows the progress of the oldest (documents.services).
PDF_JOBS_PER_USER = env.int("PDF_JOBS_PER_USER", default=3)
if PDF_JOBS_PER_USER < 1:
    raise ImproperlyConfigured("PDF_JOBS_PER_USER must be at least 1.")
# "database": tasks wait in the database for `python manage.py db_worker` (production).
# "immediate": tasks run at once inside the request (tests, and `make run` for a first look).

_TASK_BACKENDS = {
    "database": "django_tasks_db.DatabaseBackend",
    "immediate": "django_tasks.backends.immediate.ImmediateBackend",
}
TASKS_BACKEND = env.str("TASKS_BACKEND", default="database")
if TASKS_BACKEND not in _TASK_BACKENDS:
    raise ImproperlyConfigured(
        f"TASKS_BACKEND must be one of {', '.join(_TASK_BACKENDS)}; it is {TASKS_BACKEND!r}."
    )
TASKS = {"default": {"BACKEND": _TASK_BACKENDS[TASKS_BACKEND], "QUEUES": ["default"]}}
if TASKS_BACKEND == "immediate":
    TASKS["default"].pop("QUEUES")
