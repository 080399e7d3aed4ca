import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_it_shows_an_axis_with_its_measures_and_who_keeps_each(client, django_assert_num_queries):
    # charter, axis, measures, their indicators, the published working papers, the other
    # axes; savepoint and release.
    with django_assert_num_queries(8):
        response = client.get(reverse("charter:axis_detail", args=[1]))
    assert response.status_code == 200
    page = response.content.decode()
    assert "Qualité de service" in page
    assert "Renoncer aux automates de prospection commerciale" in page
    assert "toutes les entreprises adhérentes" in page
    assert "Association Française de la Relation Client (AFRC)" in page
    assert "(État)" in page


def test_it_names_the_committee_for_committee_measures(client):
    page = client.get(reverse("charter:axis_detail", args=[5])).content.decode()
    assert "le comité de suivi" in page


@pytest.mark.parametrize("number", [0, 6, 99])
def test_it_answers_404_for_an_axis_that_does_not_exist(client, number):
    assert client.get(f"/axes/{number}/").status_code == 404


def test_it_hides_inactive_measures(client):
    from charter.models import Measure

    Measure.objects.filter(code="1.5").update(active=False)
    page = client.get(reverse("charter:axis_detail", args=[1])).content.decode()
    assert "Renoncer aux automates de prospection commerciale" not in page
