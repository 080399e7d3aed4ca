import logging
import shutil
import sqlite3
from pathlib import Path

import pytest
from django.core.cache import caches
from django.test import override_settings
from django.utils import translation

from tests.factories import CompanyFactory, MembershipFactory, UserFactory

VAR = Path(__file__).resolve().parent.parent / "var"


@pytest.fixture(scope="session")
def django_db_modify_db_settings(request, django_db_keepdb, django_db_createdb):
    """On SQLite, the test database is a file under var/ rather than Django's in-memory
    default, so that ``--reuse-db`` keeps it between runs: an in-memory database is made
    again, migrations and all, by each process of each run. pytest-xdist's workers add their
    suffix to the name: var/test-db_gw0, var/test-db_gw1...

    A transactional test (tests/test_backup.py...) empties every table when it ends, the
    reference data the migrations loaded included; so the database is reused as the
    migrations left it: a copy kept beside it (``django_db_setup``) is put back first.

    A run with the browser tests keeps the in-memory database: their live server shares
    the test's connection to it (tests/e2e/conftest.py)."""
    from django.conf import settings

    database = settings.DATABASES["default"]
    sqlite = database["ENGINE"] == "django.db.backends.sqlite3"
    browser = any(item.get_closest_marker("e2e") for item in request.session.items)
    if sqlite and not browser and not database.setdefault("TEST", {}).get("NAME"):
        VAR.mkdir(exist_ok=True)
        database["TEST"]["NAME"] = str(VAR / "test-db")
    request.getfixturevalue("django_db_modify_db_settings_parallel_suffix")
    if sqlite and (database["TEST"].get("NAME") or ":memory:") != ":memory:":
        name = Path(database["TEST"]["NAME"])
        migrated = _migrated_copy(name)
        if django_db_keepdb and not django_db_createdb and migrated.exists():
            shutil.copyfile(migrated, name)
        else:
            name.unlink(missing_ok=True)  # made again, migrations and all
            migrated.unlink(missing_ok=True)


def _migrated_copy(name: Path) -> Path:
    return name.with_name(f"{name.name}.migrated")


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker, django_db_keepdb, django_db_createdb):
    """The test database, made or reused (pytest-django's fixture), then kept as the
    migrations left it: on SQLite a copy of the file, put back by the next run; on
    PostgreSQL, a reused database that a transactional test emptied is made again."""
    from django.db import connection, connections

    with django_db_blocker.unblock():
        if connection.vendor == "sqlite" and not connection.is_in_memory_db():
            connection.ensure_connection()
            copy = sqlite3.connect(_migrated_copy(Path(connection.settings_dict["NAME"])))
            connection.connection.backup(copy)
            copy.close()
        elif django_db_keepdb and not django_db_createdb and _emptied():
            connections.close_all()
            test = connection.settings_dict["TEST"]
            test["NAME"] = connection.settings_dict["NAME"]
            connection.creation.create_test_db(
                verbosity=0,
                autoclobber=True,
                serialize=hasattr(connection, "_test_serialized_contents"),
            )
    yield


def _emptied() -> bool:
    """Whether no table holds a row but those that ``migrate`` fills on every run (content
    types, permissions): the reference data is gone."""
    from django.apps import apps

    refilled = {"contenttypes", "auth"}
    return not any(
        model._default_manager.exists()
        for model in apps.get_models()
        if model._meta.app_label not in refilled and model._meta.managed
    )


@pytest.fixture(scope="session", autouse=True)
def _test_settings(django_test_environment, tmp_path_factory):
    """Settings every test runs with, set once for the run:

    - MD5 makes password hashing instant (the factories hash a password for every user);
    - French, the site's default;
    - static files read from the source tree: no collectstatic manifest needed;
    - uploaded and generated files in a folder of the run's, never the developer's
      var/media (a test that reads them back sets its own, ``_private_media``);
    - requests log errors only: every refusal (403, 404, 405) is a warning with its
      traceback, and the suite makes thousands of them on purpose.

    Set for the whole run, so that data a module or a session makes once (tests/security)
    is made with them too.
    """
    from django.conf import settings

    with override_settings(
        PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"],
        LANGUAGE_CODE="fr",
        MEDIA_ROOT=tmp_path_factory.mktemp("media"),
        STORAGES={
            **settings.STORAGES,
            "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
        },
    ):
        quiet = [logging.getLogger(name) for name in ("django.request", "django.security")]
        levels = [logger.level for logger in quiet]
        for logger in quiet:
            logger.setLevel(logging.ERROR)
        yield
        for logger, level in zip(quiet, levels, strict=True):
            logger.setLevel(level)


@pytest.fixture(scope="session", autouse=True)
def _form_widgets_rendered_plainly(django_test_environment):
    """Django's test environment has every template render send a signal, which the test
    client answers by copying the template's context, to give ``response.context`` and
    ``response.templates``. A form's widgets are templates too (django/forms/...), one per
    field, per option of a select: copying their contexts took a tenth of the suite's time
    on form pages, and no test reads them. They render as outside tests, the same HTML."""
    from django.template.base import Template

    instrumented = Template._render

    def render(template, context):
        if (template.origin.template_name or "").startswith("django/forms/"):
            return template.nodelist.render(context)
        return instrumented(template, context)

    Template._render = render
    yield
    Template._render = instrumented


@pytest.fixture(autouse=True)
def _fresh_state(settings):
    """Each test starts as if it were the first, so that tests stay independent:

    - in French, the site's default, whatever language an earlier test's request chose;
    - with no e-mail counted, in a cache of this process (settings.CACHES["ratelimit"] is
      the database's in production, and its table is made with the test database);
    - with no template fragment kept (a publication's ranking).
    """
    translation.deactivate()
    settings.CACHES = {
        **settings.CACHES,
        "ratelimit": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "LOCATION": "ratelimit-tests",
        },
    }
    caches["ratelimit"].clear()
    caches["default"].clear()


@pytest.fixture
def admin_user(db):
    """An administrator who was made a committee member, as the committee's own
    administrators are: the admin, and the committee's pages and powers. An administrator
    who is not a member has no committee power (``superuser_not_member``; the permission
    table of tests/security has both kinds)."""
    return UserFactory(
        email="admin@example.org", is_staff=True, is_superuser=True, is_committee_member=True
    )


@pytest.fixture
def superuser_not_member(db):
    """Every permission in the admin, but not a committee member."""
    return UserFactory(email="root@example.org", is_staff=True, is_superuser=True)


@pytest.fixture
def committee_member(db):
    return UserFactory(email="comite@example.org", is_committee_member=True)


@pytest.fixture
def company_a(db):
    return CompanyFactory(legal_name="Alpha Contact SAS")


@pytest.fixture
def company_b(db):
    return CompanyFactory(legal_name="Bêta Relation Client SA")


@pytest.fixture
def contributor_a(company_a):
    return MembershipFactory(company=company_a, user__email="a@example.org").user


@pytest.fixture
def contributor_b(company_b):
    return MembershipFactory(company=company_b, user__email="b@example.org").user


@pytest.fixture
def representative(db):
    """A person who reports for SP2C, a signatory that carries measure 1.3."""
    from accounts.models import SignatoryRepresentative
    from signatories.models import Signatory

    user = UserFactory(email="sp2c@example.org")
    SignatoryRepresentative.objects.create(
        user=user, signatory=Signatory.objects.get(acronym="SP2C")
    )
    return user
