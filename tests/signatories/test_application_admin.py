import pytest
from django.urls import reverse

from tests.signatories.test_application_services import make_application

pytestmark = pytest.mark.django_db


def test_the_applications_are_in_the_admin(client, admin_user):
    application = make_application()
    client.force_login(admin_user)
    response = client.get(reverse("admin:signatories_adhesionapplication_changelist"))
    assert response.status_code == 200
    assert "Gamma Appels SAS" in response.content.decode()
    assert client.get(reverse("admin:signatories_adhesionapplication_add")).status_code == 200
    url = reverse("admin:signatories_adhesionapplication_change", args=[application.pk])
    response = client.get(url)
    assert response.status_code == 200
    assert "status" in response.context["adminform"].readonly_fields
    history = reverse("admin:signatories_adhesionapplication_history", args=[application.pk])
    assert client.get(history).status_code == 200
