"""The demo data set's committee work (axis 5): two dated voting rules, three meetings a
year of the demo campaigns and one to come, with their agenda, the members present,
minutes and decisions (public or not; adopted, rejected, quorum not met, or taken without
a vote), and work streams at every stage, on time or late. Called by ``results.demo``."""

import datetime
import random

from django.contrib.auth import get_user_model

from signatories.demo import DEMO_DOMAIN
from signatories.models import Signatory

from .models import (
    AgendaItem,
    Attendance,
    College,
    Decision,
    Meeting,
    VotingRule,
    WorkStream,
)

CHARTER_SIGNED_ON = datetime.date(2010, 11, 9)
# The committee's other demo members, who cannot log in: one per college with the demo
# committee member, who sits for the employees.
MEMBERS = (
    (f"membre.etat@{DEMO_DOMAIN}", "Hélène Huet", College.PUBLIC_AUTHORITY),
    (f"membre.profession@{DEMO_DOMAIN}", "Bruno Berger", College.EMPLOYERS),
)
PLACES = ("Paris, ministère du Travail", "Paris, locaux de l'AFRC", "")
LINK = "https://visio.example.org/comite-de-suivi"
FOR, AGAINST, ABSTAIN, ABSENT = (p.value for p in Decision.Position)


def delete_all() -> None:
    """Empty the committee's records and the voting rules, with their history."""
    for model in (WorkStream, Decision, Attendance, AgendaItem, Meeting, VotingRule):
        model.objects.all()._raw_delete(model.objects.db)
        history = getattr(model, "history", None)
        if history is not None:
            history.model.objects.all()._raw_delete(history.model.objects.db)


def _members(committee_user) -> dict:
    """The member of each college present at the demo meetings."""
    User = get_user_model()
    members = {College.EMPLOYEES: committee_user} if committee_user else {}
    for email, name, college in MEMBERS:
        members[college] = User.objects.create_user(
            email, None, full_name=name, is_committee_member=True
        )
    return members


def _meeting(day: datetime.date, index: int, agenda: list[str], members: dict, today) -> Meeting:
    place = PLACES[index % len(PLACES)]
    meeting = Meeting.objects.create(
        held_on=day,
        place=place,
        link="" if place else LINK,
        minutes=(
            "Relevé de décisions approuvé en séance. Les représentants des trois collèges ont "
            "fait le point sur les chantiers en cours."
        )
        if day <= today
        else "",
    )
    AgendaItem.objects.bulk_create(
        AgendaItem(meeting=meeting, position=n, title=t) for n, t in enumerate(agenda, start=1)
    )
    if day <= today:
        present = list(members.items())[: 3 - index % 2]  # now and then a college is missing
        Attendance.objects.bulk_create(
            Attendance(meeting=meeting, member=member, college=college)
            for college, member in present
        )
    return meeting


def _decision(meeting: Meeting, text: str, public: bool, votes: tuple = ()) -> Decision:
    positions = (
        dict(zip(("vote_public", "vote_employers", "vote_employees"), votes, strict=True))
        if votes
        else {}
    )
    return Decision.objects.create(meeting=meeting, text=text, public=public, **positions)


def seed_committee(
    rng: random.Random, committee_user, years: list[int], today: datetime.date
) -> dict[str, int]:
    """The committee's work over ``years`` (the demo campaigns'), and one meeting to come.
    Returns how many meetings, decisions and work streams."""
    if not years:
        return {"meetings": 0, "decisions": 0, "work_streams": 0}
    first = min(years)
    VotingRule.objects.create(
        valid_from=CHARTER_SIGNED_ON,
        valid_until=datetime.date(first, 12, 31),
        quorum=2,
        majority=VotingRule.Majority.MAJORITY,
        source="Règlement intérieur du comité de suivi, 2010",
    )
    VotingRule.objects.create(
        valid_from=datetime.date(first + 1, 1, 1),
        quorum=2,
        majority=VotingRule.Majority.UNANIMITY,
        source=f"Règlement intérieur révisé en {first}",
    )
    members = _members(committee_user)
    owners = list(Signatory.objects.order_by("position", "pk"))
    streams = 0
    for year in sorted(years):
        spring = _meeting(
            datetime.date(year, 3, 15),
            0,
            ["Bilan de la campagne précédente", "Calendrier de l'année", "Chantiers en cours"],
            members,
            today,
        )
        summer = _meeting(
            datetime.date(year, 6, 20),
            1,
            ["Baromètre Emploi", "Chantier sur la tranche de numéros"],
            members,
            today,
        )
        autumn = _meeting(
            datetime.date(year, 11, 9),
            2,
            ["Anniversaire de la charte", "Méthode du palmarès", "Questions diverses"],
            members,
            today,
        )
        calendar = _decision(
            spring, f"Adopter le calendrier de la campagne {year}.", True, (FOR, FOR, FOR)
        )
        opened = _decision(summer, f"Ouvrir le chantier « Parcours des conseillers {year} ».", True)
        _decision(
            summer, "Inviter deux entreprises à présenter leur politique de formation.", False
        )
        _decision(
            autumn,
            "Ajouter au palmarès un critère sur les serveurs vocaux.",
            True,
            (FOR, FOR, ABSTAIN),  # adopted by a majority, rejected under unanimity
        )
        _decision(
            autumn,
            "Publier les résultats provisoires avant la fin de la campagne.",
            False,
            (FOR, ABSENT, ABSENT),  # a single college present: the quorum is not met
        )
        closing = _decision(
            autumn, "Clore le chantier sur la collecte du baromètre.", True, (FOR, FOR, FOR)
        )
        _decision(
            autumn,
            "Étendre le label aux centres de moins de dix postes.",
            True,
            (AGAINST, FOR, AGAINST),
        )
        streams += _streams(rng, year, today, owners, calendar, opened, closing)
    upcoming = today + datetime.timedelta(days=21)
    _meeting(upcoming, 0, ["Ouverture de la campagne", "Bilan des chantiers"], members, today)
    WorkStream.objects.create(
        title="Charte révisée : premières propositions",
        due_on=datetime.date(upcoming.year + 1, 6, 30),
        status=WorkStream.Status.NOT_STARTED,
        percent=0,
    )
    return {
        "meetings": Meeting.objects.count(),
        "decisions": Decision.objects.count(),
        "work_streams": streams + 1,
    }


def _streams(rng, year: int, today, owners: list, calendar, opened, closing) -> int:
    """Three work streams due in ``year``: one done on time, one done late or in
    progress, one in progress or not started (the latest year's lag behind)."""
    recent = year >= today.year - 1
    done_on_time = WorkStream(
        title=f"Collecte du baromètre Emploi {year}",
        due_on=datetime.date(year, 10, 31),
        status=WorkStream.Status.DONE,
        percent=100,
        completed_on=datetime.date(year, 10, rng.randint(1, 31)),
        opened_by=calendar,
        closed_by=closing,
    )
    numbers = WorkStream(
        title=f"Tranche de numéros et tarif spécifique, point {year}",
        owner=owners[0] if owners else None,
        due_on=datetime.date(year, 9, 30),
        opened_by=calendar,
    )
    if recent:
        numbers.status, numbers.percent = WorkStream.Status.IN_PROGRESS, rng.randint(40, 80)
    else:
        numbers.status, numbers.percent = WorkStream.Status.DONE, 100
        numbers.completed_on = datetime.date(year, 12, rng.randint(1, 20))  # late
    advisers = WorkStream(
        title=f"Parcours des conseillers {year}",
        owner=owners[1] if len(owners) > 1 else None,
        due_on=datetime.date(year, 12, 31),
        opened_by=opened,
    )
    if recent:
        advisers.status, advisers.percent = WorkStream.Status.NOT_STARTED, 0
    else:
        advisers.status, advisers.percent = WorkStream.Status.IN_PROGRESS, rng.randint(20, 60)
    created = [done_on_time, numbers, advisers]
    for stream in created:
        stream.save()
    return len(created)
