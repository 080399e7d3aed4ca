"""The palmarès: scores computed by hand, ranks, method versions, publication, public pages,
open data, a company's breakdown, the admin of the method, and query budgets."""

import datetime
import json
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from charter.models import Axis, Indicator, Measure
from followup.models import IndicatorValue, Progress, Report
from results.models import AxisWeight, Criterion, Publication, ScoringMethod
from results.selectors import palmares as selectors
from results.selectors.barometer import barometer_publication_data
from results.services.palmares import scoring_method_copy
from signatories.models import Signatory
from tests.factories import CampaignFactory, CompanyFactory, MembershipFactory
from tests.results.publishing import confirm_publication, publish_now

pytestmark = pytest.mark.django_db

PALMARES = reverse("results:palmares")
PUBLIC = reverse("results:palmares_public")
PUBLISH = reverse("results:palmares_publish")
METHOD = reverse("results:method_public")


# --- Data ------------------------------------------------------------------------------------


def make_method(version: int, axis_weights: dict, criteria: list, progress_weight=1, **texts):
    """A version of the method: ``axis_weights`` by axis number; ``criteria`` as
    (indicator code, rule, weight, denominator code or None). The versions the migrations
    loaded under the same number or a higher one (versions 2 and 3) give way to it: it is
    the latest."""
    ScoringMethod.objects.filter(version__gte=version, publications__isnull=True).delete()
    method = ScoringMethod.objects.create(
        version=version,
        name=texts.get("name", f"Méthode {version}"),
        name_en=texts.get("name_en", f"Method {version}"),
        description=texts.get("description", "Explication en français."),
        description_en=texts.get("description_en", "Explanation in English."),
        progress_weight=Decimal(progress_weight),
    )
    for number, weight in axis_weights.items():
        AxisWeight.objects.create(
            method=method, axis=Axis.objects.get(number=number), weight=Decimal(weight)
        )
    for code, rule, weight, denominator in criteria:
        Criterion.objects.create(
            method=method,
            indicator=Indicator.objects.get(code=code),
            rule=rule,
            weight=Decimal(weight),
            denominator=Indicator.objects.get(code=denominator) if denominator else None,
        )
    return method


def make_report(company, campaign, *, status="validated", progress=None, values=None):
    """A report: ``progress`` by measure code -> % (None: not applicable); ``values`` by
    indicator code -> a bool or a number."""
    report = Report.objects.create(campaign=campaign, company=company, status=status)
    for code, percent in (progress or {}).items():
        Progress.objects.create(
            report=report,
            measure=Measure.objects.get(code=code),
            status="not_applicable" if percent is None else "in_progress",
            percent=percent,
        )
    for code, value in (values or {}).items():
        IndicatorValue.objects.create(
            report=report,
            indicator=Indicator.objects.get(code=code),
            boolean=value if isinstance(value, bool) else None,
            number=None if isinstance(value, bool) else Decimal(str(value)),
        )
    return report


@pytest.fixture
def method():
    """Version 2: progress weight 1; axis 1 weighs 1, axis 2 weighs 3, axis 3 weighs 0.

    axis 1 = (progress + 1 × dialers "no" + 2 × IVR "lower") / 4
    axis 2 = (progress + 2 × jobs in France / jobs created "higher") / 3
    final  = (axis 1 + 3 × axis 2) / 4; axis 3's criterion does not count.
    """
    return make_method(
        2,
        {1: 1, 2: 3, 3: 0},
        [
            ("automated_dialers_used", "no", 1, None),
            ("ivr_answered_share", "lower", 2, None),
            ("jobs_created_france", "higher", 2, "jobs_created_total"),
            ("retroactive_discounts_asked", "no", 5, None),
        ],
    )


@pytest.fixture
def campaign():
    return CampaignFactory(name="Campagne 2024")


@pytest.fixture
def scored(campaign, company_a, company_b):
    """Four validated reports and one submitted (left out), scored by hand under version 2.

    Alpha: axis 1 = (80 + 100 + 2×70) / 4 = 80; axis 2 = (90 + 2×90) / 3 = 90;
           final = (80 + 3×90) / 4 = 87.5
    Bêta:  axis 1 = (40 + 0 + 2×90) / 4 = 55; axis 2 = (60 + 2×60) / 3 = 60;
           final = (55 + 3×60) / 4 = 58.75 -> 58.8
    Gamma: axis 1 = (80 + 100 + 2×50) / 4 = 70; axis 2 = (45 + 2×60) / 3 = 55;
           final = (70 + 3×55) / 4 = 58.75 -> 58.8 (a tie with Bêta)
    Delta: no progress (0), dialers "no" (100), IVR unanswered (0), 0 of 0 jobs (0):
           axis 1 = 100 / 4 = 25; axis 2 = 0; final = 25 / 4 = 6.25 -> 6.3
    """
    gamma = CompanyFactory(legal_name="Gamma Appels SARL", kind="client")
    delta = CompanyFactory(legal_name="Delta Centres SA", kind="in_house")
    epsilon = CompanyFactory(legal_name="Epsilon Non Validé SAS")
    make_report(
        company_a,
        campaign,
        progress={"1.5": 100, "1.6": 60, "2.1": 90, "2.2": None},
        values={
            "automated_dialers_used": False,
            "ivr_answered_share": 30,
            "jobs_created_total": 10,
            "jobs_created_france": 9,
            "retroactive_discounts_asked": True,
        },
    )
    make_report(
        company_b,
        campaign,
        progress={"1.5": 40, "1.6": 40, "2.1": 60},
        values={
            "automated_dialers_used": True,
            "ivr_answered_share": 10,
            "jobs_created_total": 10,
            "jobs_created_france": 6,
        },
    )
    make_report(
        gamma,
        campaign,
        progress={"1.5": 100, "1.6": 60, "2.1": 45},
        values={
            "automated_dialers_used": False,
            "ivr_answered_share": 50,
            "jobs_created_total": 5,
            "jobs_created_france": 3,
        },
    )
    make_report(
        delta,
        campaign,
        values={
            "automated_dialers_used": False,
            "jobs_created_total": 0,
            "jobs_created_france": 0,
        },
    )
    make_report(
        epsilon,
        campaign,
        status="submitted",
        progress={"1.5": 100, "1.6": 100, "2.1": 100},
        values={"automated_dialers_used": False, "ivr_answered_share": 0},
    )
    # a signatory's validated report is no company's: it is never ranked
    signatory_report = Report.objects.create(
        campaign=campaign, signatory=Signatory.objects.get(acronym="SP2C"), status="validated"
    )
    Progress.objects.create(
        report=signatory_report, measure=Measure.objects.get(code="1.3"), percent=100
    )
    return {"gamma": gamma, "delta": delta, "epsilon": epsilon}


def publish_palmares(campaign, method, user) -> Publication:
    """The palmarès of ``campaign`` under ``method`` as computed now, published."""
    data = selectors.palmares_compute(campaign=campaign, method=method)
    return publish_now(kind="palmares", campaign=campaign, method=method, data=data, user=user)


def ranking(data) -> list[tuple]:
    return [(row["rank"], row["company"], row["score"]) for row in data["rows"]]


# --- Scoring ---------------------------------------------------------------------------------


def test_it_scores_validated_reports_as_computed_by_hand(campaign, method, scored):
    data = selectors.palmares_compute(campaign=campaign, method=method)
    assert ranking(data) == [
        (1, "Alpha Contact SAS", 87.5),
        (2, "Bêta Relation Client SA", 58.8),
        (2, "Gamma Appels SARL", 58.8),
        (4, "Delta Centres SA", 6.3),
    ]
    assert [axis["number"] for axis in data["axes"]] == [1, 2]  # axis 3 weighs 0
    assert [row["axes"] for row in data["rows"]] == [[80, 90], [55, 60], [70, 55], [25, 0]]
    assert [row["progress"] for row in data["rows"]] == [[80, 90], [40, 60], [80, 45], [0, 0]]
    assert "Epsilon Non Validé SAS" not in json.dumps(data, ensure_ascii=False)
    json.dumps(data)  # JSON-ready: no Decimal, no lazy text


def test_a_division_criterion_scores_the_share_of_jobs_in_france(campaign, method, scored):
    data = selectors.palmares_compute(campaign=campaign, method=method)
    codes = [criterion["indicator"] for criterion in data["criteria"]]
    assert codes == ["automated_dialers_used", "ivr_answered_share", "jobs_created_france"]
    jobs = codes.index("jobs_created_france")
    alpha, beta, gamma, delta = data["rows"]
    assert alpha["criteria"][jobs] == {
        "value": 9.0,
        "denominator_value": 10.0,
        "share": 90.0,
        "score": 90.0,
    }
    assert gamma["criteria"][jobs]["share"] == 60.0  # 3 of 5
    assert delta["criteria"][jobs] == {  # 0 of 0: no share, scores 0
        "value": 0.0,
        "denominator_value": 0.0,
        "share": None,
        "score": 0.0,
    }
    ivr = codes.index("ivr_answered_share")
    assert delta["criteria"][ivr] == {
        "value": None,
        "denominator_value": None,
        "share": None,
        "score": 0.0,
    }


@pytest.mark.parametrize(
    ("rule", "value", "denominator", "divided", "score"),
    [
        ("higher", Decimal(30), None, False, 30),
        ("higher", Decimal(130), None, False, 100),  # clamped
        ("higher", Decimal(-5), None, False, 0),
        ("lower", Decimal(30), None, False, 70),
        ("lower", None, None, False, 0),  # a missing answer scores 0 whatever the rule
        ("higher", Decimal(3), Decimal(4), True, 75),
        ("higher", Decimal(3), None, True, 0),
        ("lower", Decimal(1), Decimal(4), True, 75),
        ("yes", True, None, False, 100),
        ("yes", False, None, False, 0),
        ("yes", None, None, False, 0),
        ("no", False, None, False, 100),
        ("no", True, None, False, 0),
        ("no", None, None, False, 0),
    ],
)
def test_each_rule_scores_from_0_to_100(rule, value, denominator, divided, score):
    _share, got = selectors.criterion_score(
        rule=rule, value=value, denominator=denominator, divided=divided
    )
    assert got == score


def test_ties_share_a_rank_and_the_next_rank_skips():
    rows = [
        {"company_id": n, "company": name, "score": Decimal(score)}
        for n, (name, score) in enumerate(
            [("Zeta", 50), ("alpha", 70), ("Beta", 70), ("Eta", 90), ("Iota", 50), ("Kappa", 10)]
        )
    ]
    ranked = selectors.rank(rows)
    assert [(r["rank"], r["company"]) for r in ranked] == [
        (1, "Eta"),
        (2, "alpha"),
        (2, "Beta"),
        (4, "Iota"),
        (4, "Zeta"),
        (6, "Kappa"),
    ]


def test_another_method_version_gives_another_ranking(campaign, method, scored):
    axis_1_only = make_method(
        3,
        {1: 1, 2: 0},
        [
            ("automated_dialers_used", "no", 1, None),
            ("ivr_answered_share", "lower", 2, None),
        ],
    )
    data = selectors.palmares_compute(campaign=campaign, method=axis_1_only)
    # the axis 1 scores alone: Alpha 80, Gamma 70, Bêta 55, Delta 25
    assert ranking(data) == [
        (1, "Alpha Contact SAS", 80.0),
        (2, "Gamma Appels SARL", 70.0),
        (3, "Bêta Relation Client SA", 55.0),
        (4, "Delta Centres SA", 25.0),
    ]


def test_the_progress_weight_changes_the_axis_score(campaign, company_a):
    make_report(company_a, campaign, progress={"1.5": 100}, values={"ivr_answered_share": 100})
    for progress_weight, expected in ((1, 50.0), (3, 75.0), (0, 0.0)):
        method = make_method(
            10 + progress_weight,
            {1: 1},
            [("ivr_answered_share", "lower", 1, None)],
            progress_weight=progress_weight,
        )
        data = selectors.palmares_compute(campaign=campaign, method=method)
        assert data["rows"][0]["score"] == expected


def test_the_reference_method_version_1_scores_too(campaign, company_a):
    make_report(
        company_a,
        campaign,
        progress={"1.1": 100, "2.2": 50, "3.5": 100},
        values={
            "service_certification_held": True,
            "lrs_label_held": True,
            "automated_dialers_used": False,
            "ivr_answered_share": 0,
            "jobs_created_total": 4,
            "jobs_created_france": 3,
            "retroactive_discounts_asked": False,
            "billing_minimum_share": 40,
        },
    )
    version_1 = ScoringMethod.objects.get(version=1)
    data = selectors.palmares_compute(campaign=campaign, method=version_1)
    # axis 1: (100 + 100 + 100 + 100 + 100) / 5 = 100; axis 2: (50 + 2×75) / 3 = 66.67;
    # axis 3: (100 + 100 + 40) / 3 = 80; final = (100 + 2×66.67 + 80) / 4 = 78.3
    assert data["rows"][0]["axes"] == [100.0, 66.7, 80.0]
    assert data["rows"][0]["score"] == 78.3


# --- The committee page ----------------------------------------------------------------------


def test_the_committee_page_shows_the_computed_ranking(
    client, committee_member, campaign, method, scored
):
    client.force_login(committee_member)
    response = client.get(PALMARES)
    assert response.status_code == 200
    assert response.context["campaign"] == campaign
    assert response.context["method"] == method  # the latest version by default
    assert [(r["rank"], r["score"]) for r in response.context["rows"]] == [
        (1, 87.5),
        (2, 58.8),
        (2, 58.8),
        (4, 6.3),
    ]
    page = response.content.decode()
    assert "87,5" in page  # French number format
    assert "<td>Prestataire</td>" in page  # the kind of company, capitalised
    assert page.count("<h1") == 1
    assert "<svg" in page and "<caption>" in page
    assert 'name="csrfmiddlewaretoken"' in page
    assert "Epsilon Non Validé SAS" not in page


def test_the_committee_page_takes_a_campaign_and_a_method_version(
    client, committee_member, campaign, method, scored
):
    earlier = CampaignFactory(
        name="Campagne 2023",
        period_start=datetime.date(2023, 1, 1),
        period_end=datetime.date(2023, 12, 31),
        status="closed",
    )
    CampaignFactory(name="Brouillon", period_end=datetime.date(2099, 1, 1), status="draft")
    client.force_login(committee_member)
    response = client.get(PALMARES)
    assert response.context["campaign"] == campaign  # latest non-draft
    response = client.get(PALMARES, {"campagne": earlier.pk, "methode": 1})
    assert response.status_code == 200
    assert (response.context["campaign"], response.context["method"].version) == (earlier, 1)
    assert response.context["rows"] == []


@pytest.mark.parametrize(
    "query",
    [
        {"campagne": "abc"},
        {"campagne": "999999"},
        {"campagne": "99999999999999999999999"},
        {"methode": "x"},
        {"methode": "77"},
        {"campagne": "-1"},
    ],
)
def test_unknown_choices_answer_404_never_an_error(client, committee_member, campaign, query):
    client.force_login(committee_member)
    assert client.get(PALMARES, query).status_code == 404


def test_a_draft_campaign_is_not_offered(client, committee_member):
    draft = CampaignFactory(status="draft")
    client.force_login(committee_member)
    assert client.get(PALMARES, {"campagne": draft.pk}).status_code == 404
    response = client.get(PALMARES)
    assert response.status_code == 200
    assert response.context["campaign"] is None


def test_the_export_gives_the_computed_ranking(client, committee_member, campaign, method, scored):
    client.force_login(committee_member)
    response = client.get(reverse("results:palmares_export", args=["csv"]))
    assert response.status_code == 200
    lines = response.content.decode("utf-8-sig").splitlines()
    assert len(lines) == 5
    assert lines[1].split(",")[:2] == ["1", "Alpha Contact SAS"]
    assert lines[1].split(",")[4:] == ["87.5", "80.0", "90.0"]
    xlsx = client.get(reverse("results:palmares_export", args=["xlsx"]))
    assert xlsx.status_code == 200
    assert xlsx["Content-Type"].startswith("application/vnd.openxmlformats")
    assert client.get(reverse("results:palmares_export", args=["pdf"])).status_code == 404


# --- Publication -----------------------------------------------------------------------------


def publish(client, campaign, method, **options):
    return confirm_publication(
        client, PUBLISH, {"campagne": campaign.pk, "methode": method.version}, **options
    )


def test_publishing_freezes_the_ranking_and_the_method_version(
    client, committee_member, campaign, method, scored
):
    client.force_login(committee_member)
    response = publish(client, campaign, method)
    publication = Publication.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"{PUBLIC}?publication={publication.pk}"
    assert (publication.kind, publication.campaign, publication.method) == (
        "palmares",
        campaign,
        method,
    )
    assert publication.published_by == committee_member
    assert method.is_frozen
    assert ranking(publication.data) == ranking(
        selectors.palmares_compute(campaign=campaign, method=method)
    )
    # the message is shown on the public page
    assert len(list(client.get(response["Location"]).context["messages"])) == 1
    # the committee page now says which version of this campaign the public reads
    assert client.get(PALMARES).context["standing"] == publication


def test_a_published_palmares_never_changes_with_the_reports(
    client, committee_member, campaign, method, scored, company_a
):
    client.force_login(committee_member)
    publication_id = Publication.objects.get(pk=_published(client, campaign, method)).pk
    public = client.get(PUBLIC)
    open_data = client.get(reverse("results:palmares_open_data", args=[publication_id, "json"]))

    # afterwards Alpha's report changes and Delta's is returned to the company
    IndicatorValue.objects.filter(
        report__company=company_a, indicator__code="automated_dialers_used"
    ).update(boolean=True)
    Report.objects.filter(company=scored["delta"]).update(status="returned")
    Progress.objects.filter(report__company=company_a).update(percent=0)
    assert ranking(selectors.palmares_compute(campaign=campaign, method=method))[0] != (
        1,
        "Alpha Contact SAS",
        87.5,
    )

    client.logout()
    again = client.get(PUBLIC)
    assert [(r["rank"], r["company"], r["score"]) for r in again.context["rows"]] == [
        (r["rank"], r["company"], r["score"]) for r in public.context["rows"]
    ]
    assert again.context["rows"][0]["score"] == 87.5
    assert "Delta Centres SA" in again.content.decode()
    again_data = client.get(reverse("results:palmares_open_data", args=[publication_id, "json"]))
    assert again_data.json() == open_data.json()


def _published(client, campaign, method) -> int:
    response = publish(client, campaign, method)
    return int(response["Location"].rsplit("=", 1)[1])


def test_publishing_nothing_is_refused(client, committee_member, campaign, method):
    client.force_login(committee_member)
    response = publish(client, campaign, method)
    assert response.status_code == 302
    assert response["Location"] == f"{PALMARES}?campagne={campaign.pk}&methode={method.version}"
    assert not Publication.objects.exists()
    said = [str(m) for m in client.get(response["Location"]).context["messages"]]
    assert said == [
        "Aucun rapport de cette campagne n'est encore validé\xa0: il n'y a rien à publier."
    ]


@pytest.mark.parametrize(
    "data", [{}, {"campagne": "x", "methode": "2"}, {"campagne": "1", "methode": "99"}]
)
def test_publishing_unknown_choices_answers_404(client, committee_member, campaign, method, data):
    client.force_login(committee_member)
    assert client.post(PUBLISH, data).status_code == 404
    assert not Publication.objects.exists()


def test_publishing_needs_the_csrf_token(committee_member, campaign, method, scored):
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    client.force_login(committee_member)
    assert publish(client, campaign, method).status_code == 403
    assert not Publication.objects.exists()


# --- Public pages ----------------------------------------------------------------------------


def test_nothing_is_public_before_publication(client, campaign, method, scored):
    response = client.get(PUBLIC)
    assert response.status_code == 200
    assert response.context["publication"] is None
    page = response.content.decode()
    for name in ("Alpha Contact SAS", "Bêta Relation Client SA", "Gamma Appels SARL"):
        assert name not in page
    assert "87,5" not in page
    client.cookies["django_language"] = "en"
    assert "No palmarès has been published yet." in client.get(PUBLIC).content.decode()


def test_the_public_page_shows_the_latest_publication_and_lists_older_ones(
    client, committee_member, campaign, method, scored
):
    old = publish_now(
        kind="palmares",
        campaign=campaign,
        method=ScoringMethod.objects.get(version=1),
        data=selectors.palmares_compute(
            campaign=campaign, method=ScoringMethod.objects.get(version=1)
        ),
        user=committee_member,
    )
    old.published_at -= datetime.timedelta(days=30)
    old.save()
    latest = publish_now(
        kind="palmares",
        campaign=campaign,
        method=method,
        data=selectors.palmares_compute(campaign=campaign, method=method),
        user=committee_member,
    )
    response = client.get(PUBLIC)
    assert response.context["publication"] == latest
    assert response.context["method_version"] == 2
    assert [p.pk for p in response.context["publications"]] == [latest.pk, old.pk]
    page = response.content.decode()
    assert "Alpha Contact SAS" in page and "87,5" in page
    assert f"{METHOD}#version-2" in page
    assert f"?publication={old.pk}" in page
    older = client.get(PUBLIC, {"publication": old.pk})
    assert older.context["publication"] == old
    assert older.context["method_version"] == 1
    for bad in ("abc", "999999", "99999999999999999999"):
        assert client.get(PUBLIC, {"publication": bad}).status_code == 404


def test_a_barometer_publication_is_not_a_palmares(client, committee_member, campaign, scored):
    barometer = publish_now(
        kind="barometer",
        campaign=campaign,
        data=barometer_publication_data(campaign),
        user=committee_member,
    )
    assert client.get(PUBLIC).context["publication"] is None
    assert client.get(PUBLIC, {"publication": barometer.pk}).status_code == 404
    url = reverse("results:palmares_open_data", args=[barometer.pk, "json"])
    assert client.get(url).status_code == 404


def test_the_open_data_gives_the_published_figures(
    client, committee_member, campaign, method, scored
):
    client.force_login(committee_member)
    publication_id = _published(client, campaign, method)
    client.logout()
    response = client.get(reverse("results:palmares_open_data", args=[publication_id, "json"]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    data = response.json()
    assert data["publication"] == publication_id
    assert data["campaign"]["name"] == "Campagne 2024"
    assert data["method"]["version"] == 2
    assert data["method"]["explained_at"].endswith(METHOD)
    assert [a["number"] for a in data["axes"]] == [1, 2]
    assert data["companies"][0] == {
        "rank": 1,
        "name": "Alpha Contact SAS",
        "siren": Report.objects.get(company__legal_name="Alpha Contact SAS").company.siren,
        "kind": "outsourcer",
        "score": 87.5,
        "axis_scores": {"1": 80.0, "2": 90.0},
    }
    assert [c["rank"] for c in data["companies"]] == [1, 2, 2, 4]
    assert "criteria" not in response.content.decode()  # no company's own answers

    csv = client.get(reverse("results:palmares_open_data", args=[publication_id, "csv"]))
    assert csv.status_code == 200
    lines = csv.content.decode("utf-8-sig").splitlines()
    assert len(lines) == 5
    assert lines[3].split(",")[0] == "2" and "Gamma Appels SARL" in lines[3]


@pytest.mark.parametrize(("publication_id", "fmt"), [(999999, "json"), (10**22, "csv"), (1, "xml")])
def test_unknown_open_data_answers_404(client, publication_id, fmt):
    url = reverse("results:palmares_open_data", args=[publication_id, fmt])
    assert client.get(url).status_code == 404


def test_the_method_page_explains_the_latest_and_the_published_versions(
    client, committee_member, campaign, method, scored
):
    make_method(3, {1: 1}, [], name="Brouillon", name_en="Draft")  # latest, not published
    publish_now(
        kind="palmares",
        campaign=campaign,
        method=method,
        data=selectors.palmares_compute(campaign=campaign, method=method),
        user=committee_member,
    )
    response = client.get(METHOD)
    assert response.status_code == 200
    assert [m.version for m in response.context["methods"]] == [3, 2]  # not version 1
    page = response.content.decode()
    assert "Explication en français." in page
    assert 'id="version-2"' in page
    version_2 = response.context["methods"][1]
    assert [(w.axis.number, w.weight) for w in version_2.axis_weights.all()] == [
        (1, 1),
        (2, 3),
        (3, 0),
    ]
    assert {c.indicator.code for c in version_2.criteria.all()} == {
        "automated_dialers_used",
        "ivr_answered_share",
        "jobs_created_france",
        "retroactive_discounts_asked",
    }
    client.cookies["django_language"] = "en"
    page = client.get(METHOD).content.decode()
    assert "Explanation in English." in page and "Method 2, version 2" in page


def test_the_method_page_shows_the_latest_version_before_any_publication(client):
    response = client.get(METHOD)
    assert response.status_code == 200
    assert [m.version for m in response.context["methods"]] == [3]
    latest = response.context["methods"][0]
    assert latest.applicability_rules and latest.attested_relations
    assert "(part des relations" in response.content.decode()


# --- A company's breakdown -------------------------------------------------------------------


def company_url(company):
    return reverse("results:company_score", args=[company.pk])


def test_a_company_reads_its_rank_and_the_detail_of_its_score(
    client, committee_member, contributor_a, company_a, campaign, method, scored
):
    client.force_login(committee_member)
    _published(client, campaign, method)
    client.force_login(contributor_a)
    response = client.get(company_url(company_a))
    assert response.status_code == 200
    breakdown = response.context["breakdown"]
    assert (breakdown["rank"], breakdown["score"], breakdown["count"]) == (1, 87.5, 4)
    axis_1, axis_2 = breakdown["axes"]
    assert (axis_1["number"], axis_1["score"], axis_1["progress"], axis_1["weight"]) == (
        1,
        80.0,
        80.0,
        1.0,
    )
    assert [(c["indicator"], c["value"], c["score"]) for c in axis_1["criteria"]] == [
        ("automated_dialers_used", False, 100.0),
        ("ivr_answered_share", 30.0, 70.0),
    ]
    (jobs,) = axis_2["criteria"]
    assert (jobs["value"], jobs["denominator_value"], jobs["share"], jobs["score"]) == (
        9.0,
        10.0,
        90.0,
        90.0,
    )
    page = response.content.decode()
    assert "87,5" in page and "<caption>" in page


def test_a_company_left_out_of_the_palmares_is_told_why(
    client, committee_member, campaign, method, scored
):
    client.force_login(committee_member)
    _published(client, campaign, method)
    epsilon = scored["epsilon"]
    member = MembershipFactory(company=epsilon).user
    client.force_login(member)
    client.cookies["django_language"] = "en"
    response = client.get(company_url(epsilon))
    assert response.status_code == 200
    assert response.context["breakdown"] is None
    assert response.context["report"].status == "submitted"
    assert "only companies whose report for the campaign was validated" in (
        response.content.decode()
    )


def test_a_company_page_before_any_publication(client, contributor_a, company_a, scored):
    client.force_login(contributor_a)
    client.cookies["django_language"] = "en"
    response = client.get(company_url(company_a))
    assert response.status_code == 200
    assert response.context["publication"] is None
    assert "No palmarès has been published yet." in response.content.decode()
    assert "87,5" not in response.content.decode()


# --- The admin of the method -----------------------------------------------------------------


def change_url(method):
    return reverse("admin:results_scoringmethod_change", args=[method.pk])


def method_post(method, **changes) -> dict:
    """The admin's change form as posted, for ``method`` and its inlines."""
    weights = list(method.axis_weights.all())
    criteria = list(method.criteria.all())
    data = {
        "version": method.version,
        "name": method.name,
        "name_en": method.name_en,
        "description": method.description,
        "description_en": method.description_en,
        "progress_weight": method.progress_weight,
        "axis_weights-TOTAL_FORMS": len(weights),
        "axis_weights-INITIAL_FORMS": len(weights),
        "criteria-TOTAL_FORMS": len(criteria),
        "criteria-INITIAL_FORMS": len(criteria),
    }
    for n, weight in enumerate(weights):
        data |= {
            f"axis_weights-{n}-id": weight.pk,
            f"axis_weights-{n}-method": method.pk,
            f"axis_weights-{n}-axis": weight.axis_id,
            f"axis_weights-{n}-weight": weight.weight,
        }
    for n, criterion in enumerate(criteria):
        data |= {
            f"criteria-{n}-id": criterion.pk,
            f"criteria-{n}-method": method.pk,
            f"criteria-{n}-indicator": criterion.indicator_id,
            f"criteria-{n}-rule": criterion.rule,
            f"criteria-{n}-denominator": criterion.denominator_id or "",
            f"criteria-{n}-weight": criterion.weight,
        }
    return data | changes


def test_an_unpublished_method_is_edited_in_the_admin(client, admin_user, method):
    client.force_login(admin_user)
    response = client.post(change_url(method), method_post(method, name="Méthode revue"))
    assert response.status_code == 302
    method.refresh_from_db()
    assert method.name == "Méthode revue"


def test_the_admin_enforces_the_criterion_rules(client, admin_user, method):
    client.force_login(admin_user)
    data = method_post(method, **{"criteria-1-rule": "yes"})  # IVR share is a number
    response = client.post(change_url(method), data)
    assert response.status_code == 200
    errors = response.context["inline_admin_formsets"][1].formset.errors
    assert "rule" in errors[1]
    assert Criterion.objects.get(method=method, indicator__code="ivr_answered_share").rule == (
        "lower"
    )


def test_a_published_method_is_read_only_in_the_admin(
    client, admin_user, committee_member, campaign, method, scored
):
    publish_palmares(campaign, method, committee_member)
    client.force_login(admin_user)
    response = client.get(change_url(method))
    assert response.status_code == 200
    assert response.context["has_change_permission"] is False
    assert response.context["has_delete_permission"] is False
    for inline in response.context["inline_admin_formsets"]:
        assert not inline.has_change_permission
        assert not inline.has_add_permission
        assert not inline.has_delete_permission
    assert 'name="name"' not in response.content.decode()

    data = method_post(method, name="Changée", **{"axis_weights-0-weight": "9"})
    assert client.post(change_url(method), data).status_code == 403
    delete = reverse("admin:results_scoringmethod_delete", args=[method.pk])
    assert client.post(delete, {"post": "yes"}).status_code == 403
    method.refresh_from_db()
    assert method.name == "Méthode 2"
    assert method.axis_weights.get(axis__number=1).weight == 1


def test_a_published_method_cannot_be_reverted_from_its_history(
    client, admin_user, committee_member, campaign, method, scored
):
    old = method.history.earliest()
    method.name = "Méthode renommée"
    method.save()
    publish_palmares(campaign, method, committee_member)
    client.force_login(admin_user)
    url = reverse("admin:results_scoringmethod_simple_history", args=[method.pk, old.history_id])
    response = client.post(url, method_post(method, name="Méthode 2"))
    assert response.status_code == 403
    method.refresh_from_db()
    assert method.name == "Méthode renommée"


def test_the_copy_action_makes_the_next_version(
    client, admin_user, committee_member, campaign, method, scored
):
    publish_palmares(campaign, method, committee_member)
    client.force_login(admin_user)
    response = client.post(
        reverse("admin:results_scoringmethod_changelist"),
        {"action": "copy_as_new_version", "_selected_action": [method.pk]},
    )
    assert response.status_code == 302
    copy = ScoringMethod.objects.get(version=3)
    assert not copy.is_frozen
    assert (copy.name, copy.description_en, copy.progress_weight) == (
        method.name,
        method.description_en,
        method.progress_weight,
    )
    assert sorted((w.axis_id, w.weight) for w in copy.axis_weights.all()) == sorted(
        (w.axis_id, w.weight) for w in method.axis_weights.all()
    )
    assert sorted(
        (c.indicator_id, c.denominator_id, c.rule, c.weight) for c in copy.criteria.all()
    ) == sorted((c.indicator_id, c.denominator_id, c.rule, c.weight) for c in method.criteria.all())
    # the copy is editable
    assert client.get(change_url(copy)).context["has_change_permission"] is True


def test_copying_twice_takes_the_next_free_version(method):
    assert scoring_method_copy(method=method).version == 3
    assert scoring_method_copy(method=ScoringMethod.objects.get(version=1)).version == 4


def test_publications_are_read_only_in_the_admin(
    client, admin_user, committee_member, campaign, scored
):
    publication = publish_palmares(campaign, ScoringMethod.objects.get(version=1), committee_member)
    client.force_login(admin_user)
    url = reverse("admin:results_publication_change", args=[publication.pk])
    response = client.get(url)
    assert response.status_code == 200
    assert response.context["has_change_permission"] is False
    assert client.post(url, {"kind": "barometer"}).status_code == 403
    delete = reverse("admin:results_publication_delete", args=[publication.pk])
    assert client.post(delete, {"post": "yes"}).status_code == 403
    assert client.get(reverse("admin:results_publication_add")).status_code == 403
    assert client.get(reverse("admin:results_publication_changelist")).status_code == 200


# --- Query budgets ---------------------------------------------------------------------------


def many_companies(campaign, count: int):
    """``count`` companies with a validated report each (progress and values)."""
    measures = {m.code: m for m in Measure.objects.filter(code__in=["1.5", "1.6", "2.1"])}
    indicators = {
        i.code: i
        for i in Indicator.objects.filter(
            code__in=["automated_dialers_used", "ivr_answered_share", "jobs_created_total"]
        )
    }
    companies = []
    for n in range(count):
        company = CompanyFactory()
        report = Report.objects.create(campaign=campaign, company=company, status="validated")
        Progress.objects.bulk_create(
            Progress(report=report, measure=m, status="in_progress", percent=(n * 7) % 101)
            for m in measures.values()
        )
        IndicatorValue.objects.bulk_create(
            [
                IndicatorValue(
                    report=report, indicator=indicators["automated_dialers_used"], boolean=n % 2
                ),
                IndicatorValue(
                    report=report, indicator=indicators["ivr_answered_share"], number=n % 100
                ),
                IndicatorValue(report=report, indicator=indicators["jobs_created_total"], number=n),
            ]
        )
        companies.append(company)
    return companies


def count_queries(client, url, data=None) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url, data or {}).status_code == 200
    return len(queries)


def test_the_committee_page_runs_a_fixed_number_of_queries(
    client, committee_member, campaign, method
):
    client.force_login(committee_member)
    many_companies(campaign, 5)
    few = count_queries(client, PALMARES)
    many_companies(campaign, 45)
    assert count_queries(client, PALMARES) == few
    # session, user, savepoint and its release, campaigns, methods, the already published,
    # the method's axes and criteria, the reports, the mean progress, the answers
    assert few == 12


def test_the_computation_runs_a_fixed_number_of_queries(campaign, method):
    def queries_of_the_computation() -> tuple[int, int]:
        with CaptureQueriesContext(connection) as queries:
            data = selectors.palmares_compute(campaign=campaign, method=method)
        return len(queries), len(data["rows"])

    many_companies(campaign, 5)
    few = queries_of_the_computation()
    many_companies(campaign, 45)
    assert queries_of_the_computation() == (few[0], 50)
    # the method's axes and criteria, the validated reports, the mean progress, the answers
    assert few == (5, 5)


def test_the_public_pages_run_a_fixed_number_of_queries(client, committee_member, campaign, method):
    def publish():
        return publish_now(
            kind="palmares",
            campaign=campaign,
            method=method,
            data=selectors.palmares_compute(campaign=campaign, method=method),
            user=committee_member,
        )

    many_companies(campaign, 5)
    small = publish()
    few = count_queries(client, PUBLIC, {"publication": small.pk})
    few_method = count_queries(client, METHOD)
    many_companies(campaign, 45)
    big = publish()
    assert len(big.data["rows"]) == 50
    assert count_queries(client, PUBLIC, {"publication": big.pk}) == few
    assert count_queries(client, METHOD) == few_method
    # savepoint and its release, the publications, the chosen one's figures
    assert few == 4
    assert few_method == 6


def test_the_company_breakdown_runs_a_fixed_number_of_queries(
    client, committee_member, campaign, method
):
    first = many_companies(campaign, 5)[0]
    member = MembershipFactory(company=first).user

    def publish():
        publish_now(
            kind="palmares",
            campaign=campaign,
            method=method,
            data=selectors.palmares_compute(campaign=campaign, method=method),
            user=committee_member,
        )

    publish()
    client.force_login(member)
    few = count_queries(client, company_url(first))
    many_companies(campaign, 45)
    publish()
    assert count_queries(client, company_url(first)) == few
    # session, user, savepoint and its release, the company, the membership, the publication
    assert few == 7


def test_the_ranking_escapes_names_and_writes_scores_in_the_readers_language():
    from django.template.loader import render_to_string
    from django.utils import translation

    # as palmares_compute writes them: scores rounded to one decimal, None for an axis
    # left out
    rows = [
        {
            "rank": 1,
            "company": "Alpha & <Fils>",
            "kind_label": "Prestataire",
            "score": 72.3,
            "axes": [80.0, None],
        }
    ]

    def body(language: str) -> str:
        with translation.override(language):
            table = render_to_string(
                "results/palmares/ranking_table.html", {"rows": rows, "axes": [], "caption": "c"}
            )
        return table[table.index("<tbody>") + len("<tbody>") : table.index("</tbody>")].strip()

    assert body("fr") == (
        '<tr><td class="num">1</td><th scope="row">Alpha &amp; &lt;Fils&gt;</th>'
        '<td>Prestataire</td><td class="num"><strong>72,3</strong></td>'
        '<td class="num">80,0</td><td class="num"></td></tr>'
    )
    assert "<strong>72.3</strong>" in body("en")
