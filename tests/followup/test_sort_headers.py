"""The sort headers of the committee's tables (followup_tags.sort_state)."""

from followup.templatetags.followup_tags import sort_state


def test_sort_headers_cycle_between_ascending_and_descending():
    assert sort_state("name", "share") == ("share", "none")
    assert sort_state("share", "share") == ("-share", "ascending")
    assert sort_state("-share", "share") == ("share", "descending")
