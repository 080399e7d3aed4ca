"""Error pages in the reader's language, with the site's layout and no internal detail."""

import pytest

pytestmark = pytest.mark.django_db


def test_a_missing_page_is_a_french_404_with_the_layout(client):
    response = client.get("/nulle-part/")
    page = response.content.decode()
    assert response.status_code == 404
    assert '<html lang="fr">' in page and 'id="content"' in page
    assert "Page introuvable" in page


def test_a_missing_page_speaks_english_when_chosen(client):
    client.cookies["django_language"] = "en"
    assert "Page not found" in client.get("/nowhere/").content.decode()


def test_a_refused_page_is_a_403_with_the_layout(client, contributor_a):
    client.force_login(contributor_a)
    response = client.get("/suivi/")
    assert response.status_code == 403
    assert "Accès refusé" in response.content.decode()
