import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_it_shows_the_charter_and_its_five_axes(client, django_assert_num_queries):
    # charter, axes, their measures; the request's savepoint and its release.
    with django_assert_num_queries(5):
        response = client.get(reverse("charter:home"))
    assert response.status_code == 200
    page = response.content.decode()
    assert '<html lang="fr">' in page
    assert "Signée le 9 novembre 2010" in page
    for number in range(1, 6):
        assert reverse("charter:axis_detail", args=[number]) in page
    assert "Qualité de service" in page
    assert "Relations économiques durables" in page


def test_it_has_landmarks_and_a_skip_link(client):
    page = client.get(reverse("charter:home")).content.decode()
    assert 'href="#content"' in page
    assert '<main id="content"' in page
    assert "<nav" in page and "<header" in page and "<footer" in page
    assert 'action="/i18n/setlang/"' in page


def test_it_speaks_english_when_chosen(client):
    client.post(reverse("set_language"), {"language": "en", "next": "/"})
    page = client.get(reverse("charter:home")).content.decode()
    assert '<html lang="en">' in page
    assert "Signed on 9 November 2010" in page
    assert "Quality of service" in page
    assert "Qualité de service" not in page


def test_it_stays_french_whatever_the_browser_asks(client):
    page = client.get(reverse("charter:home"), HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9")
    assert '<html lang="fr">' in page.content.decode()
    assert page["Content-Language"] == "fr"
