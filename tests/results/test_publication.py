"""Publishing is deliberate and nothing vanishes: the preview and its confirmation, the
provisional publication of a campaign still open, versions that supersede, withdrawal with
a public reason (the rules are in followup.services.publication)."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from followup.models import Report
from results.models import Publication, ScoringMethod
from results.selectors.barometer import barometer_publication_data
from results.selectors.palmares import palmares_compute
from results.services.publication import fingerprint, publication_create, publication_withdraw
from signatories.models import Company, CompanyKind
from tests.factories import CampaignFactory
from tests.results.publishing import confirm_publication, publish_now
from tests.results.test_barometer import company, report

pytestmark = pytest.mark.django_db

PUBLISH = reverse("results:barometer_publish")
PUBLIC = reverse("results:barometer_public")
PALMARES_PUBLISH = reverse("results:palmares_publish")


def with_figures(campaign):
    for index in range(4):
        report(
            company(f"Entreprise {index}", CompanyKind.OUTSOURCER, Company.Federation.SP2C),
            campaign,
            (10 + index, 5, 100, 10),
        )
    return campaign


@pytest.fixture
def closed():
    """A campaign whose deadline and grace period are over, with 4 validated reports."""
    return with_figures(
        CampaignFactory(
            name="Campagne close",
            opens_on=datetime.date(2025, 1, 15),
            deadline=datetime.date(2025, 3, 31),
            period_start=datetime.date(2024, 1, 1),
            period_end=datetime.date(2024, 12, 31),
            status="closed",
        )
    )


@pytest.fixture
def still_open():
    """A campaign that still accepts reports (deadline in 30 days), with 4 validated."""
    return with_figures(CampaignFactory(name="Campagne ouverte"))


@pytest.fixture
def committee(client, committee_member):
    client.force_login(committee_member)
    return client


def refusals(response) -> list[str]:
    """The codes of the reasons a confirmation was refused."""
    return [error.code for error in response.context["form"].non_field_errors().as_data()]


def preview(client, campaign):
    return client.get(PUBLISH, {"campagne": campaign.pk})


# --- The preview ------------------------------------------------------------------------------


def test_the_preview_shows_what_will_be_public_and_publishes_nothing(committee, closed):
    response = preview(committee, closed)

    assert response.status_code == 200
    page = response.content.decode()
    assert "Nothing is public yet" in page or "Rien n’est encore public" in page
    assert response.context["data"]["overall"]["companies"] == 4
    assert 'name="fingerprint"' in page
    assert not Publication.objects.exists()


def test_the_palmares_preview_names_every_company_it_will_publish(
    committee, closed, committee_member
):
    Report.objects.filter(campaign=closed).update(status=Report.Status.VALIDATED)
    method = ScoringMethod.objects.get(version=1)
    response = committee.get(PALMARES_PUBLISH, {"campagne": closed.pk, "methode": 1})

    assert response.status_code == 200
    assert response.context["method"] == method
    for index in range(4):
        assert f"Entreprise {index}" in response.content.decode()
    assert not Publication.objects.exists()


def test_publishing_a_closed_campaign_makes_version_1(committee, closed):
    response = confirm_publication(committee, PUBLISH, {"campagne": closed.pk})

    publication = Publication.objects.get()
    assert response.status_code == 302
    assert (publication.version, publication.provisional) == (1, False)
    assert publication.is_current


def test_figures_changed_since_the_preview_publish_nothing(committee, closed):
    shown = preview(committee, closed).context["form"].initial
    report(company("Tardive", CompanyKind.CLIENT, Company.Federation.AFRC), closed, (5, 5, 5, 0))

    response = committee.post(
        PUBLISH, {"campagne": closed.pk, "fingerprint": shown["fingerprint"], "replaces": ""}
    )

    assert response.status_code == 200
    assert not Publication.objects.exists()
    assert refusals(response) == ["figures_changed"]
    assert "Les chiffres ont changé depuis que vous les avez consultés" in response.content.decode()
    # the page shows today's figures, to be confirmed afresh
    assert response.context["data"]["overall"]["companies"] == 5
    assert response.context["form"]["fingerprint"].value() != shown["fingerprint"]


def test_a_second_click_does_not_duplicate_the_publication(committee, closed):
    shown = preview(committee, closed).context["form"].initial
    confirmation = {"campagne": closed.pk, "fingerprint": shown["fingerprint"], "replaces": ""}

    first = committee.post(PUBLISH, confirmation)
    second = committee.post(PUBLISH, confirmation)

    assert first.status_code == 302
    assert second.status_code == 200
    assert Publication.objects.count() == 1
    assert refusals(second) == ["published_meanwhile"]
    assert "publiée entre-temps (version 1)" in second.content.decode()


# --- Provisional ------------------------------------------------------------------------------


def test_a_campaign_still_open_is_published_only_as_provisional(committee, still_open):
    refused = confirm_publication(
        committee, PUBLISH, {"campagne": still_open.pk}, provisional=False
    )

    assert refused.status_code == 200
    assert not Publication.objects.exists()
    assert refusals(refused) == ["campaign_still_open"]
    assert "à titre provisoire" in refused.content.decode()
    assert "<title>Erreur : Publier le baromètre Emploi" in refused.content.decode()

    accepted = confirm_publication(committee, PUBLISH, {"campagne": still_open.pk})

    publication = Publication.objects.get()
    assert accepted.status_code == 302
    assert publication.provisional
    committee.cookies["django_language"] = "en"
    assert "Provisional figures." in committee.get(accepted["Location"]).content.decode()


def test_the_preview_proposes_provisional_only_while_the_campaign_is_open(
    committee, closed, still_open
):
    assert preview(committee, still_open).context["form"].initial["provisional"] is True
    assert preview(committee, closed).context["form"].initial["provisional"] is False


def test_the_service_refuses_an_open_campaign_unless_provisional(committee_member, still_open):
    data = barometer_publication_data(still_open)
    with pytest.raises(ValidationError):
        publication_create(kind="barometer", campaign=still_open, data=data, user=committee_member)
    # the day after the grace period, it may be published as final
    after = still_open.closes_on + datetime.timedelta(days=1)
    publication = publication_create(
        kind="barometer", campaign=still_open, data=data, user=committee_member, today=after
    )
    assert not publication.provisional


# --- The service's refusals, whoever calls it ---------------------------------------------------


def refused(**publication) -> str:
    """The code of the refusal of ``publication_create`` with ``publication``'s arguments
    (a barometer by default); nothing is published."""
    arguments = {"kind": "barometer", "user": None, "provisional": True, **publication}
    with pytest.raises(ValidationError) as refusal:
        publication_create(**arguments)
    assert not Publication.objects.exists()
    return refusal.value.error_list[0].code


def test_the_service_refuses_a_draft_campaign(closed):
    data = barometer_publication_data(closed)
    closed.status = "draft"
    closed.save()

    assert refused(campaign=closed, data=data) == "campaign_draft"


def test_the_service_refuses_a_palmares_without_its_method_and_a_barometer_with_one(closed):
    Report.objects.filter(campaign=closed).update(status=Report.Status.VALIDATED)
    method = ScoringMethod.objects.get(version=1)
    palmares = palmares_compute(campaign=closed, method=method)
    barometer = barometer_publication_data(closed)

    assert refused(kind="palmares", campaign=closed, data=palmares) == "method_mismatch"
    assert refused(campaign=closed, data=barometer, method=method) == "method_mismatch"


def test_the_service_refuses_a_palmares_that_ranks_no_company(closed):
    Report.objects.filter(campaign=closed).update(status=Report.Status.SUBMITTED)
    method = ScoringMethod.objects.get(version=1)
    data = palmares_compute(campaign=closed, method=method)

    code = refused(kind="palmares", campaign=closed, method=method, data=data)
    assert code == "nothing_to_publish"


def test_the_service_refuses_a_barometer_of_fewer_than_3_companies(closed):
    Report.objects.filter(campaign=closed).exclude(
        pk__in=Report.objects.filter(campaign=closed).order_by("pk")[:2]
    ).update(status=Report.Status.SUBMITTED)
    data = barometer_publication_data(closed)
    assert data["overall"]["reason"] == "threshold"

    assert refused(campaign=closed, data=data) == "nothing_to_publish"
    assert refused(campaign=closed, data={}) == "nothing_to_publish"


def test_the_service_refuses_figures_other_than_those_seen(closed):
    data = barometer_publication_data(closed)
    seen = fingerprint({**data, "companies": 3})

    assert refused(campaign=closed, data=data, seen=seen) == "figures_changed"
    assert publication_create(
        kind="barometer", campaign=closed, data=data, user=None, seen=fingerprint(data)
    )


def test_the_service_refuses_when_the_standing_version_is_not_the_one_seen(closed):
    data = barometer_publication_data(closed)
    first = publication_create(kind="barometer", campaign=closed, data=data, user=None)

    for seen in (None, first.pk + 1):
        with pytest.raises(ValidationError) as refusal:
            publication_create(
                kind="barometer", campaign=closed, data=data, user=None, replaces=seen
            )
        assert refusal.value.error_list[0].code == "published_meanwhile"
    publication_withdraw(publication=first, reason="Erreur", user=None)
    with pytest.raises(ValidationError):  # withdrawn, it no longer stands
        publication_create(
            kind="barometer", campaign=closed, data=data, user=None, replaces=first.pk
        )
    assert Publication.objects.count() == 1


def test_the_service_refuses_a_withdrawal_without_a_reason(committee_member, closed):
    data = barometer_publication_data(closed)
    publication = publication_create(kind="barometer", campaign=closed, data=data, user=None)

    with pytest.raises(ValidationError) as refusal:
        publication_withdraw(publication=publication, reason="  ", user=committee_member)
    assert refusal.value.error_list[0].code == "reason_required"
    publication.refresh_from_db()
    assert publication.is_current


def test_standing_is_the_same_rule_in_python_and_in_sql(closed, still_open):
    """``Publication.is_current`` and ``Publication.objects.current()`` agree: neither a
    superseded version nor a withdrawn one stands."""

    def publish(campaign):
        data = barometer_publication_data(campaign)
        return publish_now(kind="barometer", campaign=campaign, data=data, user=None)

    publish(closed)
    standing = publish(closed)
    publication_withdraw(publication=publish(still_open), reason="Erreur", user=None)

    in_python = {p.pk for p in Publication.objects.all() if p.is_current}
    in_sql = set(Publication.objects.current().values_list("pk", flat=True))
    assert in_python == in_sql == {standing.pk}


# --- Versions ---------------------------------------------------------------------------------


def test_publishing_again_supersedes_the_former_which_stays_reachable(committee, closed):
    confirm_publication(committee, PUBLISH, {"campagne": closed.pk})
    report(company("Tardive", CompanyKind.CLIENT, Company.Federation.AFRC), closed, (5, 5, 5, 0))
    preview_page = preview(committee, closed)
    assert preview_page.context["standing"].version == 1

    confirm_publication(committee, PUBLISH, {"campagne": closed.pk})

    first, second = Publication.objects.order_by("version")
    assert (first.version, second.version) == (1, 2)
    assert first.superseded_by == second and second.is_current
    committee.logout()
    committee.cookies["django_language"] = "en"
    # the public page shows the standing version by default...
    assert committee.get(PUBLIC).context["publication"] == second
    # ...and the former, marked superseded, with a link to the new one
    former = committee.get(PUBLIC, {"publication": first.pk})
    page = former.content.decode()
    assert former.status_code == 200
    assert "Version 1, superseded" in page
    assert f"?publication={second.pk}" in page
    assert former.context["data"]["overall"]["companies"] == 4
    facts = committee.get(reverse("results:barometer_open_data", args=[first.pk, "json"]))
    assert facts.json()["publication"]["superseded_by"] == second.pk
    assert facts.json()["publication"]["version"] == 1


# --- Withdrawal -------------------------------------------------------------------------------


@pytest.fixture
def published(committee, closed):
    confirm_publication(committee, PUBLISH, {"campagne": closed.pk})
    return Publication.objects.get()


def withdraw_url(publication):
    return reverse("results:publication_withdraw", args=[publication.pk])


def test_a_withdrawal_needs_a_reason(committee, published):
    response = committee.post(withdraw_url(published), {"reason": "   "})

    assert response.status_code == 200
    assert response.context["form"].errors["reason"]
    published.refresh_from_db()
    assert not published.is_withdrawn


def test_a_withdrawn_publication_shows_its_reason_instead_of_its_figures(committee, published):
    reason = "Une erreur dans les chiffres d’une entreprise ; une version corrigée suivra."
    response = committee.post(withdraw_url(published), {"reason": reason})

    assert response.status_code == 302
    assert response["Location"] == reverse("results:publication_list")
    published.refresh_from_db()
    assert published.is_withdrawn and published.withdrawal_reason == reason
    committee.logout()
    # no publication stands: the page says so and lists the withdrawn one
    default = committee.get(PUBLIC)
    assert default.context["publication"] is None
    assert "data" not in default.context
    page = committee.get(PUBLIC, {"publication": published.pk})
    assert reason in page.content.decode()
    assert "data" not in page.context
    for fmt in ("csv", "json"):
        gone = committee.get(reverse("results:barometer_open_data", args=[published.pk, fmt]))
        assert gone.status_code == 410
        assert reason in gone.content.decode()


def test_a_publication_is_withdrawn_once(committee_member, published):
    publication_withdraw(publication=published, reason="Erreur", user=committee_member)
    with pytest.raises(ValidationError):
        publication_withdraw(publication=published, reason="Encore", user=committee_member)


def test_the_committee_lists_every_publication_with_its_state(committee, published):
    publication_withdraw(publication=published, reason="Erreur", user=None)
    response = committee.get(reverse("results:publication_list"))

    assert response.status_code == 200
    assert list(response.context["publications"]) == [published]
    assert "retirée le" in response.content.decode()


def test_the_list_of_publications_runs_a_fixed_number_of_queries(
    committee, closed, still_open, django_assert_num_queries
):
    for campaign in (closed, still_open, closed):
        confirm_publication(committee, PUBLISH, {"campagne": campaign.pk})
    assert Publication.objects.count() == 3
    # session, user, savepoint and its release, the publications with what superseded them
    with django_assert_num_queries(5):
        assert committee.get(reverse("results:publication_list")).status_code == 200
