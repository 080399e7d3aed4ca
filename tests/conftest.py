import pytest
from django.core.cache import caches

from tests.factories import CompanyFactory, MembershipFactory, UserFactory


@pytest.fixture(autouse=True)
def _fast_and_french(settings):
    # MD5 makes password hashing instant in tests; French is the site's default.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.LANGUAGE_CODE = "fr"
    # Tests read static files from the source tree: no collectstatic manifest needed.
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }


@pytest.fixture(autouse=True)
def _fresh_rate_limits(settings):
    """The limits on e-mail count in a cache of this process, empty for each test, so that
    tests stay independent (settings.CACHES["ratelimit"] is the database's in production)."""
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
    who is not a member has no committee power (``staff_user``, ``superuser_not_member``)."""
    return UserFactory(
        email="admin@example.org", is_staff=True, is_superuser=True, is_committee_member=True
    )


@pytest.fixture
def staff_user(db):
    """May sign in to the admin but was given no permission there, nor the committee."""
    return UserFactory(email="staff@example.org", is_staff=True)


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


@pytest.fixture
def roles(admin_user, committee_member, contributor_a, contributor_b, representative):
    """Every kind of user, by name, for permission walks. ``None`` is the anonymous user."""
    return {
        "anonymous": None,
        "contributor_a": contributor_a,
        "contributor_b": contributor_b,
        "representative": representative,
        "committee": committee_member,
        "admin": admin_user,
    }
