"""The admin in French, and its forms' messages. That every admin page loads (lists,
searches, add and change forms, histories) is checked by tests/security/test_reading.py,
which reads them all on the security tests' world."""

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


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
