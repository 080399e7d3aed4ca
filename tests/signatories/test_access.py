"""The access helpers every protected view goes through."""

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied
from django.http import Http404

from signatories.access import access_company, access_signatory, can_write
from signatories.models import Signatory

pytestmark = pytest.mark.django_db


def test_a_contributor_reads_and_writes_its_company(contributor_a, company_a):
    assert access_company(contributor_a, company_a.pk) == company_a
    assert access_company(contributor_a, company_a.pk, write=True) == company_a


@pytest.mark.parametrize("write", [False, True])
def test_another_company_is_404_whatever_is_asked(contributor_b, company_a, write):
    with pytest.raises(Http404):
        access_company(contributor_b, company_a.pk, write=write)


def test_the_committee_reads_but_may_not_write(committee_member, admin_user, company_a):
    for reader in (committee_member, admin_user):
        assert access_company(reader, company_a.pk) == company_a
        with pytest.raises(PermissionDenied):
            access_company(reader, company_a.pk, write=True)


@pytest.mark.parametrize("company_id", [0, 999_999, "abc", None])
def test_an_unknown_company_is_404(contributor_a, company_id):
    with pytest.raises(Http404):
        access_company(contributor_a, company_id)


def test_an_anonymous_user_is_an_outsider(company_a):
    with pytest.raises(Http404):
        access_company(AnonymousUser(), company_a.pk)


def test_a_representative_reaches_its_signatory_only(representative, contributor_a):
    sp2c = Signatory.objects.get(acronym="SP2C")
    cfdt = Signatory.objects.get(acronym="CFDT")
    assert access_signatory(representative, sp2c.pk, write=True) == sp2c
    with pytest.raises(Http404):
        access_signatory(representative, cfdt.pk)
    with pytest.raises(Http404):
        access_signatory(contributor_a, sp2c.pk)


def test_a_representative_is_an_outsider_to_companies(representative, company_a):
    with pytest.raises(Http404):
        access_company(representative, company_a.pk)


def test_only_contributors_and_representatives_write(
    contributor_a, contributor_b, representative, committee_member, admin_user, company_a
):
    sp2c = Signatory.objects.get(acronym="SP2C")
    assert can_write(contributor_a, company_a)
    assert can_write(representative, sp2c)
    for reader in (contributor_b, representative, committee_member, admin_user):
        assert not can_write(reader, company_a)
    for reader in (contributor_a, committee_member, admin_user):
        assert not can_write(reader, sp2c)
    assert not can_write(AnonymousUser(), company_a)
