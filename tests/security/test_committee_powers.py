"""The committee's pages and powers are the committee members' only.

Being an administrator is not enough: an account that may sign in to the admin without any
permission there, and a superuser who holds every permission of the admin, are both
refused (403) every committee URL of the table (routes.py), reading and deciding alike:
reviewing (validate, return), publishing the barometer and the palmarès, withdrawing a
publication, deciding adhesion applications and "not applicable" claims. Neither reads a
company's or a signatory's space either (404, as any outsider). An administrator who is
made a committee member holds the powers (the ``admin`` role of the permission tables).
"""

import pytest
from django.db import transaction

from .helpers import logged_in
from .routes import COMMITTEE, COMPANY, ROUTES, SIGNATORY, url

pytestmark = pytest.mark.django_db

NOT_MEMBERS = ("staff_user", "superuser_not_member")


@pytest.mark.parametrize("who", NOT_MEMBERS)
def test_an_administrator_who_is_not_a_member_has_no_committee_power(world, who, request):
    user = request.getfixturevalue(who)
    client = logged_in(user)
    # What the publishing forms post: the campaign and the palmarès method's version.
    data = {"campagne": world.objects["closed_campaign"].pk, "methode": 1}
    seen = {}
    for name, route in ROUTES.items():
        if route.scope != COMMITTEE:
            continue
        path = url(name, world, "a")
        if route.get:
            seen[f"GET {name}"] = client.get(path).status_code
        if route.post:
            with transaction.atomic():
                seen[f"POST {name}"] = client.post(path, data).status_code
                transaction.set_rollback(True)
    assert len(seen) > 30
    assert {what: got for what, got in seen.items() if got != 403} == {}


@pytest.mark.parametrize("who", NOT_MEMBERS)
def test_an_administrator_who_is_not_a_member_reads_no_company_space(world, who, request):
    client = logged_in(request.getfixturevalue(who))
    seen = {
        name: client.get(url(name, world, "a" if route.scope == COMPANY else "s1")).status_code
        for name, route in ROUTES.items()
        if route.scope in (COMPANY, SIGNATORY) and route.get
    }
    assert {name: got for name, got in seen.items() if got != 404} == {}


def test_an_administrator_made_a_member_holds_the_powers(world, superuser_not_member):
    superuser_not_member.is_committee_member = True
    superuser_not_member.save(update_fields=["is_committee_member"])
    client = logged_in(superuser_not_member)
    assert client.get(url("followup:review_queue", world, "a")).status_code == 200
    assert client.get("/admin/").status_code == 200


def test_the_follow_up_link_is_shown_to_committee_members_only(
    world, superuser_not_member, committee_member
):
    dashboard = url("followup:dashboard", world, "a")
    assert f'href="{dashboard}"' not in logged_in(superuser_not_member).get("/").content.decode()
    assert f'href="{dashboard}"' in logged_in(committee_member).get("/").content.decode()
