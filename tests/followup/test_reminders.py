"""The campaigns' e-mails to the companies that owe a report: the notice of the opening,
the reminders before the deadline, the end of the grace period; sent once each, by the
daily ``send_reminders``."""

import datetime
import smtplib
from io import StringIO
from unittest import mock

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.core.management import CommandError, call_command
from django.urls import reverse

from followup.models import Campaign, Reminder, Report
from followup.services.reminders import reminders_send
from tests.factories import (
    CampaignFactory,
    CertificationFactory,
    CompanyFactory,
    MembershipFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db

OPENS = datetime.date(2031, 1, 15)
DEADLINE = datetime.date(2031, 3, 31)


@pytest.fixture(autouse=True)
def _site(settings):
    settings.SITE_URL = "https://charte.example.org"


@pytest.fixture
def campaign(db):
    return CampaignFactory(
        name="Campagne 2030",
        period_start=datetime.date(2030, 1, 1),
        period_end=datetime.date(2030, 12, 31),
        opens_on=OPENS,
        deadline=DEADLINE,
        grace_days=15,
    )


def day(days_before_deadline: int) -> datetime.date:
    return DEADLINE - datetime.timedelta(days=days_before_deadline)


def run(on: datetime.date, *args) -> str:
    out = StringIO()
    call_command("send_reminders", "--date", on.isoformat(), *args, stdout=out)
    return out.getvalue()


@pytest.mark.parametrize(
    ("on", "due"),
    [
        (OPENS - datetime.timedelta(days=1), []),
        (OPENS, [("notice", 0)]),
        (day(31), [("notice", 0)]),
        (day(30), [("notice", 0), ("before_deadline", 30)]),
        (day(20), [("notice", 0), ("before_deadline", 30)]),
        (day(14), [("notice", 0), ("before_deadline", 14)]),
        (day(3), [("notice", 0), ("before_deadline", 3)]),
        (DEADLINE, [("notice", 0), ("before_deadline", 3)]),
        (day(-1), [("notice", 0)]),
        (day(-15), [("notice", 0), ("grace_end", 0)]),
        (day(-16), []),
    ],
)
def test_what_is_due_each_day(campaign, on, due):
    assert campaign.reminders_due(on) == due


def test_a_reminder_before_the_opening_is_never_due(campaign):
    campaign.reminder_days = "90,3"
    assert campaign.reminders_due(OPENS) == [("notice", 0)]
    assert campaign.reminders_due(day(3)) == [("notice", 0), ("before_deadline", 3)]


def test_a_campaign_not_open_has_nothing_due(campaign):
    campaign.status = Campaign.Status.DRAFT
    assert campaign.reminders_due(day(3)) == []


def test_each_campaign_sets_its_own_reminder_days(campaign):
    campaign.reminder_days = " 7, 21 ,7"
    campaign.full_clean()
    assert campaign.reminder_days == "21,7"
    assert campaign.reminders_due(day(21))[-1] == ("before_deadline", 21)
    campaign.reminder_days = ""
    campaign.full_clean()
    assert campaign.reminders_due(day(3)) == [("notice", 0)]


@pytest.mark.parametrize("typed", ["30;14", "trente", "0", "400", "-3", "3.5"])
def test_reminder_days_that_cannot_be_read_are_refused_clearly(campaign, typed):
    campaign.reminder_days = typed
    with pytest.raises(ValidationError) as error:
        campaign.full_clean()
    assert error.value.message_dict["reminder_days"] == [
        "Écrivez des nombres entiers de jours entre 1 et 365 séparés par des virgules, "
        "par exemple 30,14,3."
    ]
    assert campaign.reminder_days == typed  # what was typed is kept


def _contributors(company, *emails):
    return [MembershipFactory(company=company, user__email=email).user for email in emails]


def test_the_notice_goes_to_every_contributor_of_every_expected_company(campaign):
    alpha, beta = CompanyFactory(legal_name="Alpha"), CompanyFactory(legal_name="Bêta")
    _contributors(alpha, "a1@example.org", "a2@example.org")
    _contributors(beta, "b@example.org")
    gone = UserFactory(email="parti@example.org", is_active=False)
    MembershipFactory(company=alpha, user=gone)
    late = CompanyFactory(adhered_on=datetime.date(2031, 1, 1))  # not expected for 2030
    _contributors(late, "tard@example.org")
    output = run(OPENS)
    assert sorted(m.to[0] for m in mail.outbox) == [
        "a1@example.org",
        "a2@example.org",
        "b@example.org",
    ]
    assert "2 reminders sent" in output
    message = next(m for m in mail.outbox if m.to == ["b@example.org"])
    link = "https://charte.example.org" + reverse(
        "followup:report_edit", args=[beta.pk, campaign.pk]
    )
    assert link in message.body and link in message.alternatives[0][0]
    assert "La campagne «\u00a0Campagne 2030\u00a0» est ouverte" in message.subject
    assert "31 mars 2031" in message.body
    assert Reminder.objects.filter(kind="notice").count() == 2


def test_reminders_go_only_to_companies_that_have_not_submitted(campaign):
    waiting, done, returned = CompanyFactory(), CompanyFactory(), CompanyFactory()
    drafting = CompanyFactory()
    for company, email in (
        (waiting, "w@example.org"),
        (done, "d@example.org"),
        (returned, "r@example.org"),
        (drafting, "dr@example.org"),
    ):
        _contributors(company, email)
    Report.objects.create(campaign=campaign, company=done, status=Report.Status.SUBMITTED)
    Report.objects.create(campaign=campaign, company=returned, status=Report.Status.RETURNED)
    Report.objects.create(campaign=campaign, company=drafting, status=Report.Status.DRAFT)
    Reminder.objects.create(campaign=campaign, company=waiting, kind="notice")
    Reminder.objects.create(campaign=campaign, company=drafting, kind="notice")
    run(day(14))
    assert sorted(m.to[0] for m in mail.outbox) == ["dr@example.org", "w@example.org"]
    assert "Rappel\u00a0: 14\u00a0jours" in mail.outbox[0].subject


def test_the_grace_period_end_is_sent_on_its_last_day(campaign):
    company = CompanyFactory()
    _contributors(company, "c@example.org")
    Reminder.objects.create(campaign=campaign, company=company, kind="notice")
    run(day(-14))
    assert mail.outbox == []
    run(day(-15))
    assert len(mail.outbox) == 1
    assert "Dernier jour" in mail.outbox[0].subject
    assert Reminder.objects.filter(company=company, kind="grace_end").exists()


def test_run_twice_nothing_is_sent_twice(campaign):
    company = CompanyFactory()
    _contributors(company, "c@example.org")
    run(day(30))
    assert len(mail.outbox) == 2  # the notice and the reminder 30 days before
    run(day(30))
    run(day(25))
    assert len(mail.outbox) == 2
    assert "0 reminders sent" in run(day(25))
    assert Reminder.objects.count() == 2


def test_a_mail_server_failure_is_logged_and_tried_again_the_next_run(campaign, caplog):
    company = CompanyFactory()
    _contributors(company, "c@example.org")
    refused = smtplib.SMTPServerDisconnected("no server")
    with (
        mock.patch("core.emails.EmailMultiAlternatives.send", side_effect=refused),
        pytest.raises(CommandError, match="1 could not be sent"),
    ):
        run(OPENS)
    assert not Reminder.objects.exists()
    assert "could not be sent" in caplog.text
    run(OPENS)
    assert len(mail.outbox) == 1
    assert Reminder.objects.count() == 1


def test_a_run_with_no_campaign_open_says_so(campaign):
    output = run(OPENS - datetime.timedelta(days=1))
    assert output == "No campaign accepts reports on 2031-01-14: nothing to send.\n"
    Campaign.objects.update(status=Campaign.Status.CLOSED)
    assert "nothing to send" in run(OPENS)
    assert mail.outbox == []


def test_the_command_needs_the_site_address(settings, campaign):
    settings.SITE_URL = ""
    with pytest.raises(CommandError, match="SITE_URL"):
        run(OPENS)


def test_a_company_without_contributors_is_tried_again_later(campaign):
    company = CompanyFactory()
    assert reminders_send(base_url="https://x", today=OPENS).sent == 0
    _contributors(company, "c@example.org")
    assert reminders_send(base_url="https://x", today=day(40)).sent == 1


def test_the_company_sees_the_reminders_it_was_sent(client, campaign):
    company = CompanyFactory()
    (user,) = _contributors(company, "c@example.org")
    run(day(14))
    client.force_login(user)
    page = client.get(reverse("followup:company_detail", args=[company.pk])).content.decode()
    assert "Courriels des campagnes envoyés à l’entreprise" in page
    assert "la campagne est ouverte" in page
    assert "rappel 14\u00a0jours avant la date limite" in page
    other = CompanyFactory()
    (stranger,) = _contributors(other, "o@example.org")
    client.force_login(stranger)
    page = client.get(reverse("followup:company_detail", args=[other.pk])).content.decode()
    assert "rappel 14" not in page


def test_the_company_page_reads_its_reminders_in_a_fixed_number_of_queries(
    campaign, django_assert_num_queries
):
    from followup.selectors import company_space

    company = CompanyFactory()
    CertificationFactory(company=company)  # its files are read too
    for kind in ("notice", "grace_end"):
        Reminder.objects.create(campaign=campaign, company=company, kind=kind)
    with django_assert_num_queries(8):
        reminders = company_space(company)["reminders"]
        assert [r.campaign.name for r in reminders] == ["Campagne 2030", "Campagne 2030"]
