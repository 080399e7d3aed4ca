"""Every committee page of the dashboard, tried as every role."""

import pytest
from django.urls import reverse

from charter.models import Measure
from followup.templatetags.followup_tags import sort_state
from tests.permissions import LOGIN, walk

pytestmark = pytest.mark.django_db

COMMITTEE_ONLY = {
    "anonymous": LOGIN,
    "contributor_a": 403,
    "contributor_b": 403,
    "representative": 403,
    "committee": 200,
    "admin": 200,
}


@pytest.fixture
def urls(company_a, campaign):
    measure = Measure.objects.get(code="2.1")
    return [
        reverse("followup:dashboard"),
        reverse("followup:dashboard_export", args=["csv"]),
        reverse("followup:dashboard_export", args=["xlsx"]),
        reverse("followup:company_follow_up", args=[company_a.pk]),
        reverse("followup:measure_detail", args=[measure.pk]),
        reverse("followup:measure_export", args=[measure.pk, "csv"]),
        reverse("followup:certification_watch"),
        reverse("followup:certification_export", args=["xlsx"]),
    ]


def test_committee_pages_as_every_role(client, roles, urls):
    for url in urls:
        walk(client, roles, "get", url, COMMITTEE_ONLY, hidden="Alpha Contact SAS")


def test_committee_pages_change_nothing_on_post(client, roles, urls):
    for url in urls:
        walk(
            client, roles, "post", url, {"anonymous": LOGIN, "contributor_a": 403, "committee": 405}
        )


def test_an_unknown_company_or_measure_is_404_for_the_committee(client, committee_member, campaign):
    client.force_login(committee_member)
    assert client.get(reverse("followup:company_follow_up", args=[999999])).status_code == 404
    assert client.get(reverse("followup:measure_detail", args=[999999])).status_code == 404


def test_sort_headers_cycle_between_ascending_and_descending():
    assert sort_state("name", "share") == ("share", "none")
    assert sort_state("share", "share") == ("-share", "ascending")
    assert sort_state("-share", "share") == ("share", "descending")
