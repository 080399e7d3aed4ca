import pytest
from django.core.cache import caches
from django.test import override_settings

from tests.factories import CompanyFactory, MembershipFactory, UserFactory


@pytest.fixture(scope="session", autouse=True)
def _test_settings(django_test_environment):
    """Settings every test runs with, set once for the run:

    - MD5 makes password hashing instant (the factories hash a password for every user);
    - French, the site's default;
    - static files read from the source tree: no collectstatic manifest needed.

    Set for the whole run, so that data a module or a session makes once (tests/security)
    is made with them too.
    """
    from django.conf import settings

    with override_settings(
        PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"],
        LANGUAGE_CODE="fr",
        STORAGES={
            **settings.STORAGES,
            "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
        },
    ):
        yield


@pytest.fixture(autouse=True)
def _fresh_rate_limits(settings):
    """The limits on e-mail count in a cache of this process, empty for each test as the
    default cache is, so that tests stay independent (settings.CACHES["ratelimit"] is the
    database's in production, and its table is made with the test database)."""
    settings.CACHES = {
        **settings.CACHES,
        "ratelimit": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "LOCATION": "ratelimit-tests",
        },
    }
    caches["ratelimit"].clear()
    caches["default"].clear()  # the template fragments kept (a publication's ranking)


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
