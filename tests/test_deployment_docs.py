"""docs/deployment.md and the files in deploy/ name only settings that exist.

Every UPPER_CASE name they write as a setting, in backticks (`DATABASE_POOL`,
`MEDIA_STORAGE=s3`) or as KEY=value in an environment example, a command or a
configuration file, must be read somewhere: by config/settings.py from the environment, or
assigned there as a Django setting; by deploy/gunicorn.conf.py (gunicorn's own
GUNICORN_* variables); as a build argument of deploy/Containerfile; or be one of the few
variables of other programs listed below, each with its reason. A name that nothing reads
fails the test, so the documentation cannot promise a setting that does nothing.
"""

import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
DOC = ROOT / "docs" / "deployment.md"
DEPLOY = ROOT / "deploy"
SETTINGS = ROOT / "config" / "settings.py"
GUNICORN = DEPLOY / "gunicorn.conf.py"
CONTAINERFILE = DEPLOY / "Containerfile"

# Variables that other programs read, named in the examples on purpose.
OTHER_PROGRAMS = {
    "AWS_ACCESS_KEY_ID": "boto3 reads the bucket's credentials from the environment itself",
    "AWS_SECRET_ACCESS_KEY": "boto3 reads the bucket's credentials from the environment itself",
    "POSTGRES_DB": "the postgres container image creates this database",
    "POSTGRES_USER": "the postgres container image creates this role",
    "POSTGRES_PASSWORD": "the postgres container image's password, also used by compose",
    "PGHOST": "libpq (pg_dump, psql) reads it",
    "PGPORT": "libpq (pg_dump, psql) reads it",
    "PGUSER": "libpq (pg_dump, psql) reads it",
    "PGPASSWORD": "libpq (pg_dump, psql) reads it",
    "PGDATABASE": "libpq (pg_dump, psql) reads it",
    "PYTHONDONTWRITEBYTECODE": "Python's, set in the image",
    "PYTHONUNBUFFERED": "Python's, set in the image",
    "PIP_NO_CACHE_DIR": "pip's, set in the image",
    "PIP_DISABLE_PIP_VERSION_CHECK": "pip's, set in the image",
    "XDG_CACHE_HOME": "fontconfig's cache (WeasyPrint's fonts), set in the image",
    "DJANGO_SETTINGS_MODULE": "Django's own",
    # A value, not a name: PROXY_SSL_HEADER=HTTP_X_FORWARDED_PROTO.
    "HTTP_X_FORWARDED_PROTO": "the WSGI name of the X-Forwarded-Proto header, a value",
}

NAME = r"[A-Z][A-Z0-9]*(?:_[A-Z0-9]+)*"
KEY_VALUE = re.compile(rf"(?<![\w$])({NAME})=")
SETTING_LIKE = re.compile(r"(?<![\w$])([A-Z][A-Z0-9]*_[A-Z0-9_]*[A-Z0-9])(?![\w])")
BACKTICKS = re.compile(r"`+([^`\n]+)`+")
FENCE = re.compile(r"^```[^\n]*\n(.*?)^```", re.MULTILINE | re.DOTALL)
YAML_KEY = re.compile(rf"^\s+({NAME}):\s", re.MULTILINE)


def names_in_markdown(text: str) -> set[str]:
    """Names in backticks (those with an underscore, or written KEY=value) and KEY=value
    in code blocks."""
    found = set()
    for block in FENCE.findall(text):
        found |= set(KEY_VALUE.findall(block))
    prose = FENCE.sub("", text)
    for span in BACKTICKS.findall(prose):
        found |= set(SETTING_LIKE.findall(span)) | set(KEY_VALUE.findall(span))
    return found


def names_in_config(text: str) -> set[str]:
    """KEY=value anywhere (env files, commands, comments), YAML environment keys, and
    names in backticks (docstrings, comments)."""
    found = set(KEY_VALUE.findall(text)) | set(YAML_KEY.findall(text))
    for span in BACKTICKS.findall(text):
        found |= set(SETTING_LIKE.findall(span)) | set(KEY_VALUE.findall(span))
    return found


def deploy_files() -> list[Path]:
    return sorted(p for p in DEPLOY.rglob("*") if p.is_file() and "__pycache__" not in p.parts)


def read_by_settings() -> set[str]:
    text = SETTINGS.read_text()
    from_env = set(re.findall(r"env(?:\.\w+)?\(\s*\"([A-Z0-9_]+)\"", text))
    from_env |= set(re.findall(r"\"([A-Z0-9_]+)\" (?:not )?in env\.ENVIRON", text))
    assigned = set(re.findall(rf"^({NAME})(?:\s*:[^=]+)?\s*=", text, re.MULTILINE))
    keys = set(re.findall(r"\[\"([A-Z0-9_]+)\"\]\s*=", text))  # DATABASES[...]["ATOMIC_..."]
    keys |= set(re.findall(r"\"([A-Z][A-Z0-9_]+)\":", text))  # {"MIRROR": ...}
    return from_env | assigned | keys


def read_by_gunicorn_conf() -> set[str]:
    text = GUNICORN.read_text()
    return set(re.findall(r"(?:_int|os\.environ\.get)\(\s*\"([A-Z0-9_]+)\"", text))


def build_arguments() -> set[str]:
    return set(re.findall(rf"^ARG ({NAME})", CONTAINERFILE.read_text(), re.MULTILINE))


def known() -> set[str]:
    return read_by_settings() | read_by_gunicorn_conf() | build_arguments() | set(OTHER_PROGRAMS)


def named() -> dict[str, set[str]]:
    """Each file and the setting names it writes."""
    files = {str(DOC.relative_to(ROOT)): names_in_markdown(DOC.read_text())}
    for path in deploy_files():
        files[str(path.relative_to(ROOT))] = names_in_config(path.read_text())
    return files


def test_the_documentation_and_deploy_files_name_only_settings_that_exist():
    everything = known()
    unknown = {
        file: sorted(names - everything) for file, names in named().items() if names - everything
    }
    assert not unknown, f"settings named but read by nothing: {unknown}"


def test_the_extraction_sees_the_deployment_settings():
    """Not a vacuous pass: the page names the settings this deployment added."""
    doc = named()["docs/deployment.md"]
    for name in (
        "PROTECTED_MEDIA_ACCEL_PREFIX",
        "MEDIA_STORAGE",
        "AWS_STORAGE_BUCKET_NAME",
        "AWS_QUERYSTRING_EXPIRE",
        "DATABASE_POOL",
        "DATABASE_POOL_MAX_SIZE",
        "DISABLE_SERVER_SIDE_CURSORS",
        "DATABASE_REPLICA_URL",
        "TRUSTED_PROXY_COUNT",
        "PROXY_SSL_HEADER",
        "MAX_REQUEST_BYTES",
        "GUNICORN_WORKERS",
        "CONN_MAX_AGE",
    ):
        assert name in doc, name
    assert len(doc) > 30
    env_example = named()["deploy/charte.env.example"]
    assert {"SECRET_KEY", "DATABASE_URL", "PROTECTED_MEDIA_ACCEL_PREFIX"} <= env_example


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Set `NOT_A_SETTING` to 1.", {"NOT_A_SETTING"}),
        ("With `MEDIA_STORAGE=s3 BOGUS_ONE=2` set", {"MEDIA_STORAGE", "BOGUS_ONE"}),
        ("```sh\nFOO_BAR=1 python manage.py check\n```", {"FOO_BAR"}),
        ("`GET` and `HEAD`, `X-Accel-Redirect`, `SELECT 1`", set()),
    ],
)
def test_what_counts_as_a_setting_name(text, expected):
    assert names_in_markdown(text) == expected


def test_a_made_up_setting_would_fail():
    assert "NOT_A_SETTING" not in known()
    assert "DATABASE_POOL" in read_by_settings()
    assert "GUNICORN_BIND" in read_by_gunicorn_conf()


def test_every_variable_the_settings_read_is_in_env_example():
    """.env.example lists every setting, as the README says."""
    text = SETTINGS.read_text()
    from_env = set(re.findall(r"env(?:\.\w+)?\(\s*\"([A-Z0-9_]+)\"", text))
    listed = set(re.findall(rf"^#?\s*({NAME})=", (ROOT / ".env.example").read_text(), re.M))
    assert from_env - listed == set()
