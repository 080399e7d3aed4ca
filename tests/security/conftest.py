"""The security tests work on one world per module (world.py): built once, inside a
transaction rolled back after the module's last test, and each test runs in a savepoint of
it, rolled back when the test ends, as any test's transaction is. Building the world takes
longer than most tests, and it is the same for every test of a module."""

import pytest
from django.db import transaction
from django.test import override_settings

from .helpers import logged_in
from .world import build_world, make_people


@pytest.fixture(scope="module")
def _world(django_db_setup, django_db_blocker, tmp_path_factory):
    """(people by role, world) of the module; evidence and PDF files in a temporary
    directory of the module's."""
    media = override_settings(MEDIA_ROOT=tmp_path_factory.mktemp("media"))
    media.enable()
    with django_db_blocker.unblock():
        module_transaction = transaction.atomic()
        module_transaction.__enter__()
        people = make_people()
        world = build_world(people)
    yield people, world
    with django_db_blocker.unblock():
        transaction.set_rollback(True)
        module_transaction.__exit__(None, None, None)
    media.disable()


@pytest.fixture
def world(_world, db):
    """Companies A and B, signatories SP2C and AFRC, and everything their URLs name
    (tests/security/world.py)."""
    return _world[1]


@pytest.fixture
def roles(_world, db):
    """Every role of the permission table (tests/security/permissions.py), by name:
    ``None`` is the anonymous visitor."""
    return _world[0]


@pytest.fixture
def clients(roles):
    """One test client per role, logged in once: ``clients["committee"]``."""
    return {name: logged_in(user) for name, user in roles.items()}


# The people tests/conftest.py's fixtures make are the world's here.


@pytest.fixture
def superuser_not_member(roles):
    return roles["superuser"]


@pytest.fixture
def admin_user(roles):
    return roles["admin"]


@pytest.fixture
def committee_member(roles):
    return roles["committee"]
