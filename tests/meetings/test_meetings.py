"""The committee's own work (axis 5): votes by college under the dated rule in force,
bad input, the committee's pages, the public record of axis 5, measure 5.1's figures and
the dashboard's axis 5 row."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from charter.models import Measure
from followup.models import Campaign, Progress, Report
from followup.selectors import dashboard
from meetings import selectors
from meetings.models import Attendance, Decision, Meeting, VotingRule, WorkStream
from tests.factories import CampaignFactory, UserFactory, pdf_bytes

D = datetime.date
pytestmark = pytest.mark.django_db

FOR, AGAINST, ABSTAIN, ABSENT = "for", "against", "abstain", "absent"
MAJORITY, UNANIMITY = VotingRule.Majority.MAJORITY, VotingRule.Majority.UNANIMITY
ADOPTED, REJECTED, NO_QUORUM = (
    VotingRule.Result.ADOPTED,
    VotingRule.Result.REJECTED,
    VotingRule.Result.NO_QUORUM,
)


@pytest.fixture
def rules():
    """A majority of the colleges present until the end of 2019, unanimity since; two
    colleges present make the quorum."""
    return (
        VotingRule.objects.create(
            valid_from=D(2010, 11, 9), valid_until=D(2019, 12, 31), quorum=2, majority=MAJORITY
        ),
        VotingRule.objects.create(valid_from=D(2020, 1, 1), quorum=2, majority=UNANIMITY),
    )


SPRING = D(2024, 3, 15)


def _meeting(day=SPRING, **fields) -> Meeting:
    return Meeting.objects.create(held_on=day, **{"place": "Paris", **fields})


def _decision(meeting, votes=(), public=True, text="Adopter le calendrier.") -> Decision:
    votes = votes or ("", "", "")
    positions = dict(zip(("vote_public", "vote_employers", "vote_employees"), votes, strict=True))
    return Decision.objects.create(meeting=meeting, text=text, public=public, **positions)


def _positions(*votes) -> dict[str, str]:
    return dict(zip(("public", "employers", "employees"), votes, strict=True))


# --- The vote ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("votes", "majority", "quorum", "expected"),
    [
        ((FOR, FOR, FOR), UNANIMITY, 3, ADOPTED),
        ((FOR, FOR, AGAINST), MAJORITY, 2, ADOPTED),
        ((FOR, FOR, AGAINST), UNANIMITY, 2, REJECTED),
        ((FOR, ABSTAIN, ABSTAIN), MAJORITY, 2, REJECTED),  # an abstention is no vote for
        ((FOR, ABSTAIN, ABSENT), MAJORITY, 2, REJECTED),  # one of two is not more than half
        ((FOR, FOR, ABSENT), UNANIMITY, 2, ADOPTED),  # every college present
        ((FOR, FOR, ABSENT), MAJORITY, 3, NO_QUORUM),
        ((FOR, ABSENT, ABSENT), MAJORITY, 2, NO_QUORUM),
        ((ABSENT, ABSENT, ABSENT), MAJORITY, 1, NO_QUORUM),
        ((AGAINST, AGAINST, AGAINST), MAJORITY, 3, REJECTED),
    ],
)
def test_the_result_follows_the_positions_and_the_rule(votes, majority, quorum, expected):
    rule = VotingRule(valid_from=D(2020, 1, 1), quorum=quorum, majority=majority)
    assert rule.result(_positions(*votes)) == expected


def test_the_rule_is_the_one_in_force_on_the_meetings_date(rules):
    before = _decision(_meeting(D(2019, 6, 1)), (FOR, FOR, AGAINST))
    after = _decision(_meeting(D(2024, 6, 1)), (FOR, FOR, AGAINST))
    untouched = _decision(_meeting(D(2024, 6, 2)))
    selectors.with_results([before, after, untouched])
    assert (before.rule, before.outcome) == (rules[0], ADOPTED)
    assert (after.rule, after.outcome) == (rules[1], REJECTED)
    assert untouched.outcome == ""  # taken without a vote


def test_two_rules_in_force_on_the_same_day_are_refused(rules):
    overlapping = VotingRule(valid_from=D(2019, 12, 31), quorum=3, majority=MAJORITY)
    with pytest.raises(ValidationError, match=r"en vigueur les mêmes jours .*1er janvier 2020"):
        overlapping.full_clean()
    VotingRule(
        valid_from=D(2000, 1, 1), valid_until=D(2010, 11, 8), quorum=3, majority=MAJORITY
    ).full_clean()
    with pytest.raises(ValidationError):
        VotingRule(valid_from=D(2000, 1, 1), quorum=4, majority=MAJORITY).full_clean()


def test_the_admin_refuses_two_rules_in_force_on_the_same_day(client, admin_user, rules):
    client.force_login(admin_user)
    client.cookies["django_language"] = "en"
    response = client.post(
        reverse("admin:meetings_votingrule_add"),
        {"valid_from": "2024-01-01", "quorum": "3", "majority": "majority"},
    )
    assert response.status_code == 200
    assert "Another voting rule is in force over the same days" in response.content.decode()
    assert VotingRule.objects.count() == 2


# --- Bad input -----------------------------------------------------------------------------


@pytest.fixture
def member(client, committee_member):
    client.force_login(committee_member)
    client.cookies["django_language"] = "en"
    return committee_member


def _decision_form(**changes) -> dict:
    return {
        "text": "Ouvrir un chantier sur les horaires.",
        "public": "on",
        "vote_public": "for",
        "vote_employers": "for",
        "vote_employees": "for",
        **changes,
    }


def test_a_vote_with_a_college_missing_is_refused_and_keeps_what_was_typed(client, member, rules):
    meeting = _meeting()
    url = reverse("meetings:decision_create", args=[meeting.pk])
    response = client.post(url, _decision_form(vote_employees=""))
    html = response.content.decode()
    assert response.status_code == 200 and not Decision.objects.exists()
    assert "A vote gives the position of every college" in html
    assert "Ouvrir un chantier sur les horaires." in html
    assert '<option value="for" selected>' in html


def test_a_vote_without_a_rule_in_force_is_refused(client, member):
    meeting = _meeting()
    response = client.post(reverse("meetings:decision_create", args=[meeting.pk]), _decision_form())
    assert response.status_code == 200 and not Decision.objects.exists()
    assert "No voting rule is in force on 15 March 2024" in response.content.decode()


def test_a_quorum_not_met_is_recorded_and_the_result_says_so(client, member, rules):
    meeting = _meeting()
    response = client.post(
        reverse("meetings:decision_create", args=[meeting.pk]),
        _decision_form(vote_employers="absent", vote_employees="absent"),
    )
    assert response.status_code == 302
    response = client.get(reverse("meetings:meeting_edit", args=[meeting.pk]))
    assert "quorum not met" in response.content.decode()


def test_a_meeting_to_come_has_no_minutes_nor_decisions(client, member, rules):
    future = D.today() + datetime.timedelta(days=10)
    response = client.post(
        reverse("meetings:meeting_create"),
        {"held_on": future.isoformat(), "place": "Lyon", "minutes": "Ce qui fut dit."},
    )
    html = response.content.decode()
    assert response.status_code == 200 and not Meeting.objects.exists()
    assert "has not been held yet: its minutes can be recorded from that day" in html
    assert "Ce qui fut dit." in html and 'value="Lyon"' in html
    response = client.post(
        reverse("meetings:meeting_create"),
        {"held_on": future.isoformat(), "place": "Lyon", f"member_{member.pk}": "public"},
    )
    assert "record the members present from its day" in response.content.decode()
    assert not Meeting.objects.exists()
    meeting = _meeting(future)
    response = client.post(reverse("meetings:decision_create", args=[meeting.pk]), _decision_form())
    assert "has not been held yet: record its decisions from that day" in response.content.decode()
    assert not Decision.objects.exists()


def test_a_meeting_needs_a_place_or_a_link(client, member):
    response = client.post(
        reverse("meetings:meeting_create"), {"held_on": "2024-03-15", "agenda": "Bilan"}
    )
    assert "Give the meeting&#x27;s place, or its link" in response.content.decode()
    assert not Meeting.objects.exists()


def test_minutes_must_be_a_pdf(client, member):
    response = client.post(
        reverse("meetings:meeting_create"),
        {
            "held_on": "2024-03-15",
            "place": "Paris",
            "minutes_file": SimpleUploadedFile("cr.pdf", b"not a pdf", "application/pdf"),
        },
    )
    assert "is not a PDF file" in response.content.decode()
    assert not Meeting.objects.exists()


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"status": "in_progress", "percent": "0"}, "percent", "between 1 and 99"),
        ({"status": "not_started", "percent": "30"}, "percent", "has made no progress yet"),
        ({"status": "done", "percent": "100"}, "completed_on", "Give the day"),
        ({"status": "in_progress", "percent": "101"}, "percent", "from 0 to 100%"),
    ],
)
def test_a_work_stream_whose_progress_disagrees_with_its_status_is_refused(
    client, member, changes, field, message
):
    data = {"title": "Horaires atypiques", "due_on": "2024-12-31", **changes}
    response = client.post(reverse("meetings:work_stream_create"), data)
    assert response.status_code == 200 and not WorkStream.objects.exists()
    assert message in " ".join(response.context["form"].errors[field])
    assert 'value="Horaires atypiques"' in response.content.decode()


# --- The committee's pages ------------------------------------------------------------------


def test_the_committee_records_a_meeting_with_its_agenda_and_members_present(client, member):
    other = UserFactory(
        email="autre@example.org", full_name="Bruno Berger", is_committee_member=True
    )
    UserFactory(email="public@example.org")  # not a member: not offered
    response = client.get(reverse("meetings:meeting_create"))
    assert f"member_{other.pk}" in response.content.decode()
    assert "public@example.org" not in response.content.decode()
    response = client.post(
        reverse("meetings:meeting_create"),
        {
            "held_on": "2024-03-15",
            "link": "https://visio.example.org/comite",
            "agenda": "Bilan de la campagne\n\n  Calendrier  de l'année \nQuestions diverses",
            "minutes": "Relevé de décisions.",
            "minutes_file": SimpleUploadedFile("cr.pdf", pdf_bytes("cr"), "application/pdf"),
            f"member_{member.pk}": "employees",
            f"member_{other.pk}": "employers",
        },
    )
    meeting = Meeting.objects.get()
    assert response.status_code == 302
    assert [i.title for i in meeting.agenda_items.all()] == [
        "Bilan de la campagne",
        "Calendrier de l'année",
        "Questions diverses",
    ]
    assert set(Attendance.objects.values_list("member__email", "college")) == {
        (member.email, "employees"),
        (other.email, "employers"),
    }
    assert meeting.created_by == member and meeting.history.first().history_user == member
    download = client.get(reverse("meetings:meeting_minutes", args=[meeting.pk]))
    assert download.status_code == 200 and download["Content-Type"] == "application/pdf"
    # Changed: the member who was present is no longer, the agenda is one item.
    client.post(
        reverse("meetings:meeting_edit", args=[meeting.pk]),
        {
            "held_on": "2024-03-15",
            "place": "Paris",
            "agenda": "Bilan",
            f"member_{member.pk}": "public",
        },
    )
    assert list(meeting.agenda_items.values_list("title", flat=True)) == ["Bilan"]
    assert list(Attendance.objects.values_list("member", "college")) == [(member.pk, "public")]


def test_a_member_who_left_the_committee_stays_in_the_attendance(client, member):
    meeting = _meeting()
    former = UserFactory(email="ancien@example.org", is_committee_member=False)
    Attendance.objects.create(meeting=meeting, member=former, college="employers")
    response = client.get(reverse("meetings:meeting_edit", args=[meeting.pk]))
    assert response.context["form"][f"member_{former.pk}"].value() == "employers"


def test_the_committee_records_a_decision_and_a_work_stream_it_opens(client, member, rules):
    meeting = _meeting(D(2024, 6, 20))
    client.post(reverse("meetings:decision_create", args=[meeting.pk]), _decision_form())
    decision = Decision.objects.get()
    response = client.post(
        reverse("meetings:work_stream_create"),
        {
            "title": "Horaires atypiques",
            "due_on": "2024-12-31",
            "status": "in_progress",
            "percent": "40",
            "opened_by": decision.pk,
        },
    )
    assert response.status_code == 302
    stream = WorkStream.objects.get()
    assert (stream.opened_by, stream.owner_label) == (decision, "the committee")
    page = client.get(reverse("meetings:committee_work")).content.decode()
    assert "Horaires atypiques" in page and "Meeting of 20 June 2024" in page
    assert (
        "adopted"
        in client.get(reverse("meetings:meeting_edit", args=[meeting.pk])).content.decode()
    )


def test_only_the_committee_writes(client, contributor_a, superuser_not_member):
    url = reverse("meetings:meeting_create")
    for user in (contributor_a, superuser_not_member):
        client.force_login(user)
        assert client.post(url, {"held_on": "2024-03-15", "place": "Paris"}).status_code == 403
    assert not Meeting.objects.exists()


def test_the_committees_page_runs_a_fixed_number_of_queries(
    client, member, rules, django_assert_num_queries
):
    def add(count):
        for n in range(count):
            meeting = _meeting(D(2024, 1, 1) + datetime.timedelta(days=n))
            Attendance.objects.create(meeting=meeting, member=member, college="public")
            decision = _decision(meeting, (FOR, FOR, FOR))
            WorkStream.objects.create(
                title=f"Chantier {n}", due_on=D(2024, 12, 31), opened_by=decision
            )

    add(2)
    # session, user, savepoint, meetings, work streams, release
    with django_assert_num_queries(6):
        client.get(reverse("meetings:committee_work"))
    add(8)
    with django_assert_num_queries(6):
        client.get(reverse("meetings:committee_work"))
    meeting = Meeting.objects.first()
    for n in range(3):
        _decision(meeting, (FOR, AGAINST, ABSENT), text=f"Décision {n}")
    # + the meeting, its decisions, rules, agenda, members present, the committee's members
    with django_assert_num_queries(10):
        client.get(reverse("meetings:meeting_edit", args=[meeting.pk]))


# --- The public record of axis 5 ------------------------------------------------------------


def test_axis_5_shows_the_meetings_held_and_the_public_decisions_with_their_result(
    client, rules, django_assert_num_queries
):
    held = _meeting(D(2024, 3, 15), place="Paris, ministère du Travail", minutes="Secret.")
    _decision(held, (FOR, FOR, ABSTAIN), text="Ajouter un critère au palmarès.")
    _decision(held, text="Une décision interne.", public=False)
    _decision(_meeting(D(2019, 3, 15)), (FOR, ABSENT, ABSENT), text="Publier plus tôt.")
    _meeting(D.today() + datetime.timedelta(days=30), place="Réunion à venir")
    client.cookies["django_language"] = "en"
    url = reverse("charter:axis_detail", args=[5])
    with django_assert_num_queries(11):  # the axis page's 8, the meetings, public decisions, rules
        html = client.get(url).content.decode()
    assert "15 March 2024" in html and "Paris, ministère du Travail" in html
    assert "Ajouter un critère au palmarès." in html and "rejected" in html  # unanimity
    assert "Publier plus tôt." in html and "quorum not met" in html
    assert "Une décision interne." not in html and "Secret." not in html
    assert "Réunion à venir" not in html
    other = client.get(reverse("charter:axis_detail", args=[4])).content.decode()
    assert "Paris, ministère du Travail" not in other


# --- Measure 5.1's figures and the dashboard ------------------------------------------------


def test_measure_5_1_figures_over_a_period(rules, django_assert_num_queries):
    _decision(_meeting(D(2023, 12, 31)), (FOR, FOR, FOR))  # before the period
    meeting = _meeting(D(2024, 3, 15))
    _decision(meeting, (FOR, FOR, FOR))  # adopted: taken
    _decision(meeting)  # without a vote: taken
    _decision(meeting, (FOR, AGAINST, FOR))  # rejected under unanimity
    _decision(_meeting(D(2024, 11, 9)), (FOR, ABSENT, ABSENT))  # quorum not met
    done = {"status": "done", "percent": 100}
    WorkStream.objects.create(
        title="À l'heure", due_on=D(2024, 6, 30), completed_on=D(2024, 6, 1), **done
    )
    WorkStream.objects.create(
        title="En retard", due_on=D(2024, 6, 30), completed_on=D(2024, 7, 1), **done
    )
    WorkStream.objects.create(
        title="En cours", due_on=D(2024, 9, 30), status="in_progress", percent=50
    )
    WorkStream.objects.create(title="L'an prochain", due_on=D(2025, 3, 1))
    with django_assert_num_queries(4):
        figures = selectors.figures(D(2024, 1, 1), D(2024, 12, 31))
    assert (figures.meetings, figures.decisions) == (2, 2)
    assert (figures.streams_due, figures.streams_on_time, figures.on_time_share) == (3, 1, 33.3)
    with django_assert_num_queries(1):
        rollup = selectors.rollup(D(2024, 1, 1), D(2024, 12, 31))
    assert (rollup.achieved, rollup.in_progress, rollup.not_started) == (2, 1, 0)
    assert rollup.mean_percent == 83.3


def test_axis_5_on_the_dashboard_is_rolled_up_from_the_work_streams():
    campaign = CampaignFactory(period_start=D(2024, 1, 1), period_end=D(2024, 12, 31))
    axis5 = next(row for row in dashboard.axis_progress(campaign) if row.axis.number == 5)
    assert axis5.answered == 0 and axis5.mean_percent is None
    WorkStream.objects.create(
        title="Fait", due_on=D(2024, 6, 30), status="done", percent=100, completed_on=D(2024, 6, 1)
    )
    WorkStream.objects.create(title="Pas commencé", due_on=D(2024, 9, 30))
    axis5 = next(row for row in dashboard.axis_progress(campaign) if row.axis.number == 5)
    assert (axis5.achieved, axis5.in_progress, axis5.not_started) == (1, 0, 1)
    assert axis5.mean_percent == 50.0 and axis5.achieved_share == 50.0
    # The committee's report: its answer on 5.2 joins the work streams; the one it typed
    # on 5.1 does not (5.1 is the records').
    report = Report.objects.create(campaign=campaign, committee=True, status="validated")
    for code, status, percent in (("5.2", "in_progress", 70), ("5.1", "achieved", 100)):
        Progress.objects.create(
            report=report, measure=Measure.objects.get(code=code), status=status, percent=percent
        )
    axis5 = next(row for row in dashboard.axis_progress(campaign) if row.axis.number == 5)
    assert (axis5.achieved, axis5.in_progress, axis5.not_started) == (1, 1, 1)
    assert axis5.mean_percent == round((100 + 0 + 70) / 3, 1)


def test_measure_5_1_on_the_dashboard_shows_the_committees_figures(client, member, rules):
    campaign = CampaignFactory(period_start=D(2024, 1, 1), period_end=D(2024, 12, 31))
    _decision(_meeting(D(2024, 3, 15)), (FOR, FOR, FOR))
    measure = Measure.objects.get(code=selectors.MEASURE_CODE)
    response = client.get(
        reverse("followup:measure_detail", args=[measure.pk]), {"campagne": campaign.pk}
    )
    figures = response.context["committee"]
    assert (figures.meetings, figures.decisions) == (1, 1)
    assert "meetings held" in response.content.decode()
    other = Measure.objects.get(code="5.2")
    response = client.get(reverse("followup:measure_detail", args=[other.pk]))
    assert response.context["committee"] is None


def test_seed_demo_makes_the_committees_work():
    from results.demo import seed_demo

    today = D(2026, 6, 1)
    counts = seed_demo(companies=20, campaigns=3, seed=3, today=today)
    assert counts["meetings"] == Meeting.objects.count() == 10
    decisions = selectors.with_results(list(Decision.objects.select_related("meeting")))
    assert {d.outcome for d in decisions} == {"", ADOPTED, REJECTED, NO_QUORUM}
    assert {d.public for d in decisions} == {True, False}
    assert set(WorkStream.objects.values_list("status", flat=True)) == set(WorkStream.Status.values)
    assert any(s.on_time for s in WorkStream.objects.all())
    assert any(s.late for s in WorkStream.objects.all())
    assert Meeting.objects.filter(held_on__gt=today, minutes="").exists()
    for campaign in Campaign.objects.all():
        axis5 = next(row for row in dashboard.axis_progress(campaign) if row.axis.number == 5)
        assert axis5.answered > 0 and axis5.mean_percent is not None


def test_the_campaign_report_gives_measure_5_1_from_the_records(rules):
    from charter.models import Charter
    from documents.selectors import charter_measures, measure_synthesis

    campaign = CampaignFactory(period_start=D(2024, 1, 1), period_end=D(2024, 12, 31))
    _meeting(D(2024, 3, 15))
    _meeting(D(2024, 6, 20))
    WorkStream.objects.create(
        title="Fait", due_on=D(2024, 6, 30), status="done", percent=100, completed_on=D(2024, 6, 1)
    )
    WorkStream.objects.create(title="Pas commencé", due_on=D(2024, 9, 30))
    # A value typed on 5.1 in the committee's report is not what the report gives.
    report = Report.objects.create(campaign=campaign, committee=True, status="validated")
    Progress.objects.create(
        report=report, measure=Measure.objects.get(code="5.1"), status="achieved", percent=100
    )
    measures = charter_measures(Charter.objects.get())
    [row] = [r for r in measure_synthesis(campaign, measures) if r.measure.code == "5.1"]
    assert (row.answers, row.achieved, row.not_started, row.mean_percent) == (2, 1, 1, 50)
    [meetings] = [i for i in row.indicators if i.indicator.code == selectors.MEETINGS_INDICATOR]
    assert meetings.total == 2


def test_the_agenda_and_the_members_present_keep_their_history(member):
    from meetings.models import AgendaItem
    from meetings.services import meeting_save

    meeting = Meeting(held_on=SPRING, place="Paris")
    meeting_save(meeting, member, agenda=["Ouverture", "Baromètre"], present={member: "employees"})
    meeting_save(meeting, member, agenda=["Ouverture"], present={})
    assert list(meeting.agenda_items.values_list("title", flat=True)) == ["Ouverture"]
    kinds = sorted(AgendaItem.history.values_list("title", "history_type"))
    assert kinds == [
        ("Baromètre", "+"),
        ("Baromètre", "-"),
        ("Ouverture", "+"),
        ("Ouverture", "+"),
        ("Ouverture", "-"),
    ]
    assert set(AgendaItem.history.values_list("history_user", flat=True)) == {member.pk}
    assert sorted(Attendance.history.values_list("history_type", flat=True)) == ["+", "-"]
