from django.urls import path

from . import views

app_name = "callnumbers"

urlpatterns = [
    # A company's numbers, in its space.
    path("espace/entreprises/<int:company_id>/numeros/", views.number_list, name="number_list"),
    path(
        "espace/entreprises/<int:company_id>/numeros/ajouter/",
        views.number_edit,
        name="number_create",
    ),
    path(
        "espace/entreprises/<int:company_id>/numeros/<int:number_id>/",
        views.number_edit,
        name="number_edit",
    ),
    path(
        "espace/entreprises/<int:company_id>/numeros/<int:number_id>/supprimer/",
        views.number_remove,
        name="number_remove",
    ),
    # The committee reads every company's.
    path("suivi/numeros/", views.committee_numbers, name="committee_numbers"),
]
