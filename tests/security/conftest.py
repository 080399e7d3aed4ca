import pytest

from .helpers import logged_in
from .world import build_world


@pytest.fixture(autouse=True)
def _private_media(settings, tmp_path):
    """Evidence and PDF files go to a temporary directory."""
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def world(roles):
    """Companies A and B, signatories SP2C and AFRC, and everything their URLs name
    (tests/security/world.py)."""
    return build_world(roles)


@pytest.fixture
def clients(roles):
    """One test client per role, logged in once: ``clients["committee"]``."""
    return {name: logged_in(user) for name, user in roles.items()}
