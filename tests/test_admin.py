"""Every admin page a superuser opens loads: changelists, add forms, change forms."""

import datetime

import pytest
from django.contrib import admin
from django.contrib.auth.models import Group
from django.core.files.base import ContentFile
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from accounts.models import Invitation, SignatoryRepresentative
from followup.models import Attestation, Evidence, Report, ReportEvent, Settlement
from relations.models import Relation
from results.models import Publication
from signatories.models import AdhesionApplication, Signatory
from tests.factories import (
    CampaignFactory,
    CertificationFactory,
    CommitmentFactory,
    MembershipFactory,
    SiteFactory,
    pdf_bytes,
)

pytestmark = pytest.mark.django_db

# The task results' admin belongs to django-tasks-db; it is tested there.
MODELS = [m for m in admin.site._registry if m._meta.app_label != "django_tasks_database"]


@pytest.fixture
def records(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    Group.objects.create(name="Comité de suivi")
    SiteFactory()
    certification = CertificationFactory()
    CommitmentFactory()
    membership = MembershipFactory()
    SignatoryRepresentative.objects.create(
        user=membership.user, signatory=Signatory.objects.get(acronym="CFDT")
    )
    Invitation.objects.create(
        email="invite@example.org",
        company=membership.company,
        token_digest="0" * 64,
        expires_at=timezone.now() + datetime.timedelta(days=7),
    )
    AdhesionApplication.objects.create(
        legal_name="Candidate SAS",
        siren="732829320",
        kind="client",
        contact_name="Camille Martin",
        contact_email="camille@example.org",
        sites=[{"name": "Siège", "city": "Lyon", "country": "FR", "seats": 10, "headcount": 12}],
    )
    report = Report.objects.create(campaign=CampaignFactory(), company=membership.company)
    Publication.objects.create(kind="barometer", campaign=report.campaign, data={"total": 1})
    ReportEvent.objects.create(report=report, action="submitted")
    evidence = Evidence(
        company=certification.company,
        certification=certification,
        original_name="c.pdf",
        content_type="application/pdf",
        size=10,
        sha256="0" * 64,
    )
    evidence.file.save("c.pdf", ContentFile(pdf_bytes()), save=True)
    relation = Relation.objects.create(
        client=membership.company,
        client_siren=membership.company.siren,
        provider_siren="732829320",
        provider_name="Candidate SAS",
        declared_by="client",
    )
    Attestation.objects.create(
        relation=relation,
        campaign=report.campaign,
        side="client",
        **dict.fromkeys(Attestation.PRACTICES, "yes"),
    )
    Settlement.objects.create(relation=relation, campaign=report.campaign, text="Réglé.")
    # A successful then a failed login: django-axes' access and attempt records.
    login, browser = reverse("accounts:login"), Client()
    browser.post(login, {"username": membership.user.email, "password": "correct-horse-battery"})
    Client().post(login, {"username": membership.user.email, "password": "wrong"})


def _name(model, page):
    return f"admin:{model._meta.app_label}_{model._meta.model_name}_{page}"


@pytest.mark.parametrize("model", MODELS, ids=lambda m: m._meta.label)
def test_the_changelist_loads(client, admin_user, records, model):
    client.force_login(admin_user)
    response = client.get(reverse(_name(model, "changelist")))
    assert response.status_code == 200
    response = client.get(reverse(_name(model, "changelist")), {"q": "a"})
    assert response.status_code == 200


@pytest.mark.parametrize("model", MODELS, ids=lambda m: m._meta.label)
def test_the_add_form_loads(client, admin_user, model, rf):
    client.force_login(admin_user)
    request = rf.get("/")
    request.user = admin_user
    # Reports and evidence are made in the site, never added by hand in the admin.
    expected = 200 if admin.site._registry[model].has_add_permission(request) else 403
    assert client.get(reverse(_name(model, "add"))).status_code == expected


@pytest.mark.parametrize("model", MODELS, ids=lambda m: m._meta.label)
def test_the_change_form_and_history_load(client, admin_user, records, model):
    client.force_login(admin_user)
    obj = model._default_manager.first()
    assert client.get(reverse(_name(model, "change"), args=[obj.pk])).status_code == 200
    assert client.get(reverse(_name(model, "history"), args=[obj.pk])).status_code == 200


def test_the_admin_speaks_french(client, admin_user):
    client.force_login(admin_user)
    page = client.get(reverse("admin:signatories_company_add")).content.decode()
    assert "Raison sociale" in page
    assert "Type d&#x27;entreprise" in page


def test_an_admin_form_refuses_a_bad_siren_with_a_clear_message(client, admin_user):
    client.force_login(admin_user)
    response = client.post(
        reverse("admin:signatories_company_add"),
        {
            "legal_name": "Mauvais SIREN SAS",
            "siren": "123456789",
            "kind": "client",
            "federation": "none",
            "status": "applicant",
            **{f"{prefix}-TOTAL_FORMS": 0 for prefix in ("sites", "certifications", "commitments")},
            **{
                f"{prefix}-INITIAL_FORMS": 0
                for prefix in ("sites", "certifications", "commitments")
            },
        },
    )
    assert response.status_code == 200
    assert "clé de contrôle" in response.content.decode()
    assert 'value="Mauvais SIREN SAS"' in response.content.decode()
