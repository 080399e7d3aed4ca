"""The follow-up's fixtures (a campaign, company A's commitments, private media) serve
these tests too."""

from tests.followup.conftest import _private_media, campaign, committed_a

__all__ = ["_private_media", "campaign", "committed_a"]
