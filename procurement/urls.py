from django.urls import path

from . import views

app_name = "procurement"

urlpatterns = [
    # A buyer's register, in the space of the signatory that awards the contracts.
    path(
        "espace/signataires/<int:signatory_id>/marches/",
        views.contract_list,
        name="contract_list",
    ),
    path(
        "espace/signataires/<int:signatory_id>/marches/ajouter/",
        views.contract_edit,
        name="contract_create",
    ),
    path(
        "espace/signataires/<int:signatory_id>/marches/<int:contract_id>/",
        views.contract_edit,
        name="contract_edit",
    ),
    # The committee reads every buyer's.
    path("suivi/marches-publics/", views.register, name="register"),
]
