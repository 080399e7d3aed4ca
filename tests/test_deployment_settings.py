"""The deployment settings (docs/deployment.md): connection pool, PgBouncer, read replica,
S3-compatible storage, X-Accel-Redirect. Each is read from the environment by
config/settings.py; a wrong combination stops the start with a message that says what to
do. Django loads its settings once per process, so each case runs config/settings.py
afresh, with the environment it names."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.db.utils import ConnectionHandler

from tests.fresh_settings import read_settings

ROOT = Path(__file__).resolve().parent.parent
POSTGRES = "postgres://charte@db.example.org:5432/charte"
REPLICA = "postgres://charte@replica.example.org:5432/charte"

# Variables of this module's settings that the machine running the suite may have set.
OURS = {
    "DATABASE_URL",
    "CONN_MAX_AGE",
    "DATABASE_POOL",
    "DATABASE_POOL_MIN_SIZE",
    "DATABASE_POOL_MAX_SIZE",
    "DATABASE_POOL_TIMEOUT",
    "DISABLE_SERVER_SIDE_CURSORS",
    "DATABASE_REPLICA_URL",
    "MEDIA_STORAGE",
    "MEDIA_S3_DOWNLOAD",
    "AWS_STORAGE_BUCKET_NAME",
    "AWS_S3_ENDPOINT_URL",
    "AWS_S3_REGION_NAME",
    "AWS_S3_ADDRESSING_STYLE",
    "AWS_LOCATION",
    "AWS_DEFAULT_ACL",
    "AWS_QUERYSTRING_EXPIRE",
    "PROTECTED_MEDIA_ACCEL_PREFIX",
}


def _environment(**env: str) -> dict[str, str]:
    environment = {k: v for k, v in os.environ.items() if k not in OURS}
    return environment | {"DEBUG": "true", "DJANGO_SETTINGS_MODULE": "config.settings", **env}


def _read(**env: str) -> dict:
    return read_settings(_environment(**env))


def _settings(**env: str) -> dict:
    found = _read(**env)
    return json.loads(
        json.dumps(
            {
                # With Django's defaults, as django.db.connections completes them.
                "DATABASES": ConnectionHandler(found["DATABASES"]).settings,
                "STORAGES": found["STORAGES"],
                "ROUTERS": found["DATABASE_ROUTERS"],
                "ACCEL": found["PROTECTED_MEDIA_ACCEL_PREFIX"],
                "MEDIA_STORAGE": found["MEDIA_STORAGE"],
                "MEDIA_S3_DOWNLOAD": found["MEDIA_S3_DOWNLOAD"],
                "AWS_QUERYSTRING_EXPIRE": found["AWS_QUERYSTRING_EXPIRE"],
            },
            default=str,
        )
    )


def _refused(**env: str) -> str:
    with pytest.raises(ImproperlyConfigured) as refusal:
        _read(**env)
    return str(refusal.value)


# --- Defaults ----------------------------------------------------------------------------


def test_by_default_one_database_files_on_disk_streamed_by_the_application():
    found = _settings()
    assert list(found["DATABASES"]) == ["default"]
    default = found["DATABASES"]["default"]
    assert default["CONN_MAX_AGE"] == 0 and default["CONN_HEALTH_CHECKS"] is True
    assert "pool" not in default.get("OPTIONS", {})
    assert default["DISABLE_SERVER_SIDE_CURSORS"] is False
    assert found["ROUTERS"] == ["core.routers.ReplicaRouter"]
    assert found["STORAGES"]["default"]["BACKEND"] == "django.core.files.storage.FileSystemStorage"
    assert found["ACCEL"] == "" and found["MEDIA_STORAGE"] == "filesystem"


# --- Connection pool ---------------------------------------------------------------------


def test_the_pool_takes_its_sizes_from_the_environment():
    found = _settings(
        DATABASE_URL=POSTGRES,
        DATABASE_POOL="true",
        DATABASE_POOL_MIN_SIZE="2",
        DATABASE_POOL_MAX_SIZE="8",
        DATABASE_POOL_TIMEOUT="5",
    )
    default = found["DATABASES"]["default"]
    assert default["OPTIONS"]["pool"] == {"min_size": 2, "max_size": 8, "timeout": 5.0}
    assert default["CONN_MAX_AGE"] == 0


def test_the_pool_refuses_persistent_connections():
    message = _refused(DATABASE_URL=POSTGRES, DATABASE_POOL="true", CONN_MAX_AGE="60")
    assert "DATABASE_POOL=true cannot go with CONN_MAX_AGE=60" in message
    assert "CONN_MAX_AGE=0" in message


def test_the_pool_needs_postgresql():
    assert "DATABASE_POOL=true needs PostgreSQL" in _refused(DATABASE_POOL="true")


def test_server_side_cursors_can_be_turned_off_for_pgbouncer():
    found = _settings(
        DATABASE_URL=POSTGRES, DATABASE_REPLICA_URL=REPLICA, DISABLE_SERVER_SIDE_CURSORS="true"
    )
    for database in found["DATABASES"].values():
        assert database["DISABLE_SERVER_SIDE_CURSORS"] is True


@pytest.mark.skipif(
    not os.environ.get("DATABASE_URL", "").startswith(("postgres://", "postgresql://")),
    reason="the pool needs a PostgreSQL server (DATABASE_URL)",
)
@pytest.mark.django_db
def test_the_pool_serves_queries_on_postgresql():
    """In the test database (the one DATABASE_URL names may not exist)."""
    pytest.importorskip("psycopg_pool")
    from urllib.parse import quote

    from django.db import connection

    params = connection.settings_dict
    credentials = quote(params["USER"] or "", safe="")
    if params["PASSWORD"]:
        credentials += ":" + quote(params["PASSWORD"], safe="")
    url = (
        f"postgres://{credentials}@{params['HOST'] or 'localhost'}:{params['PORT'] or 5432}"
        f"/{params['NAME']}"
    )
    code = """
import django
django.setup()
from django.db import connection
for _ in range(3):
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        assert cursor.fetchone() == (1,)
    connection.close()  # back to the pool
stats = connection.pool.get_stats()
print(stats["connections_num"], stats["requests_num"])
"""
    result = subprocess.run(  # noqa: S603 - a process of its own, with a pool of its own
        [sys.executable, "-c", code],
        cwd=ROOT,
        env=_environment(
            DATABASE_URL=url,
            DATABASE_POOL="true",
            DATABASE_POOL_MIN_SIZE="1",
            DATABASE_POOL_MAX_SIZE="2",
        ),
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    made, requests = map(int, result.stdout.split())
    # Three requests served by at most the pool's two connections, kept between them.
    assert requests == 3 and made <= 2


# --- Read replica ------------------------------------------------------------------------


def test_a_replica_url_adds_a_replica_mirrored_in_tests():
    found = _settings(DATABASE_URL=POSTGRES, DATABASE_REPLICA_URL=REPLICA, CONN_MAX_AGE="60")
    replica = found["DATABASES"]["replica"]
    assert replica["HOST"] == "replica.example.org" and replica["NAME"] == "charte"
    assert replica["TEST"]["MIRROR"] == "default"
    assert replica["ATOMIC_REQUESTS"] is False
    assert found["DATABASES"]["default"]["ATOMIC_REQUESTS"] is True
    assert replica["CONN_MAX_AGE"] == 60 and replica["CONN_HEALTH_CHECKS"] is True


def test_the_pool_applies_to_the_replica_too():
    found = _settings(DATABASE_URL=POSTGRES, DATABASE_REPLICA_URL=REPLICA, DATABASE_POOL="true")
    assert found["DATABASES"]["replica"]["OPTIONS"]["pool"]["max_size"] == 4


def test_the_replica_must_be_postgresql():
    message = _refused(DATABASE_URL=POSTGRES, DATABASE_REPLICA_URL="sqlite:///replica.sqlite3")
    assert "DATABASE_REPLICA_URL must be a postgres:// address" in message


# --- Storage -----------------------------------------------------------------------------


def test_s3_storage_is_private_and_signed():
    pytest.importorskip("storages")
    found = _settings(
        MEDIA_STORAGE="s3",
        AWS_STORAGE_BUCKET_NAME="charte-preuves",
        AWS_S3_ENDPOINT_URL="https://s3.fr-par.example.org",
        AWS_S3_REGION_NAME="fr-par",
        AWS_S3_ADDRESSING_STYLE="path",
        AWS_LOCATION="production",
        AWS_QUERYSTRING_EXPIRE="30",
    )
    storage = found["STORAGES"]["default"]
    assert storage["BACKEND"] == "storages.backends.s3.S3Storage"
    assert storage["OPTIONS"] == {
        "bucket_name": "charte-preuves",
        "endpoint_url": "https://s3.fr-par.example.org",
        "region_name": "fr-par",
        "addressing_style": "path",
        "location": "production",
        "default_acl": "private",
        "querystring_auth": True,
        "querystring_expire": 30,
        "file_overwrite": False,
        "signature_version": "s3v4",
    }
    assert found["MEDIA_S3_DOWNLOAD"] == "redirect" and found["AWS_QUERYSTRING_EXPIRE"] == 30


def test_s3_storage_can_leave_acls_to_the_bucket():
    pytest.importorskip("storages")
    found = _settings(MEDIA_STORAGE="s3", AWS_STORAGE_BUCKET_NAME="b", AWS_DEFAULT_ACL="")
    assert found["STORAGES"]["default"]["OPTIONS"]["default_acl"] is None


def test_s3_storage_needs_a_bucket():
    pytest.importorskip("storages")
    assert "AWS_STORAGE_BUCKET_NAME" in _refused(MEDIA_STORAGE="s3")


def test_s3_storage_without_django_storages_says_what_to_install(monkeypatch):
    monkeypatch.setitem(sys.modules, "storages", None)  # not installed
    assert "pip install '.[s3]'" in _refused(MEDIA_STORAGE="s3", AWS_STORAGE_BUCKET_NAME="b")


@pytest.mark.parametrize(
    ("env", "named"),
    [
        ({"MEDIA_STORAGE": "ftp"}, "MEDIA_STORAGE must be filesystem or s3"),
        (
            {"MEDIA_STORAGE": "s3", "AWS_STORAGE_BUCKET_NAME": "b", "MEDIA_S3_DOWNLOAD": "x"},
            "MEDIA_S3_DOWNLOAD must be redirect or stream",
        ),
    ],
)
def test_an_unknown_storage_choice_is_refused(env, named):
    if env.get("MEDIA_STORAGE") == "s3":
        pytest.importorskip("storages")
    assert named in _refused(**env)


# --- X-Accel-Redirect --------------------------------------------------------------------


def test_the_accel_prefix_is_read():
    assert _settings(PROTECTED_MEDIA_ACCEL_PREFIX="/protected-media/")["ACCEL"] == (
        "/protected-media/"
    )


@pytest.mark.parametrize("prefix", ["protected-media/", "/protected-media", "x"])
def test_the_accel_prefix_must_be_a_path_with_slashes(prefix):
    assert "must start and end with a slash" in _refused(PROTECTED_MEDIA_ACCEL_PREFIX=prefix)


def test_the_accel_prefix_is_for_files_on_disk_only():
    pytest.importorskip("storages")
    message = _refused(
        MEDIA_STORAGE="s3",
        AWS_STORAGE_BUCKET_NAME="b",
        PROTECTED_MEDIA_ACCEL_PREFIX="/protected-media/",
    )
    assert "works with MEDIA_STORAGE=filesystem only" in message


# --- Health check behind a load balancer -------------------------------------------------


@pytest.mark.django_db
def test_the_health_check_answers_over_plain_http_when_https_is_required(client, settings):
    settings.SECURE_SSL_REDIRECT = True
    assert client.get("/healthz").status_code == 200
    assert client.get("/").status_code == 301
