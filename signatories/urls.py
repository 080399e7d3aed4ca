from django.urls import path

from . import views

app_name = "signatories"

# /signataires/
urlpatterns = [
    path("signataires/", views.signatory_list, name="signatory_list"),
]

# /adherer/ and /suivi/adhesions/: adhesion applications
urlpatterns += [
    path("adherer/", views.application_create, name="application_create"),
    path("adherer/merci/", views.application_done, name="application_done"),
    path("suivi/adhesions/", views.application_list, name="application_list"),
    path("suivi/adhesions/<int:pk>/", views.application_detail, name="application_detail"),
    path("suivi/adhesions/<int:pk>/accepter/", views.application_accept, name="application_accept"),
    path("suivi/adhesions/<int:pk>/refuser/", views.application_refuse, name="application_refuse"),
]

# /suivi/entreprises/noms/: new legal names the committee approves or refuses
urlpatterns += [
    path("suivi/entreprises/noms/", views.name_change_list, name="name_change_list"),
    path(
        "suivi/entreprises/<int:company_id>/nom/accepter/",
        views.name_change_accept,
        name="name_change_accept",
    ),
    path(
        "suivi/entreprises/<int:company_id>/nom/refuser/",
        views.name_change_refuse,
        name="name_change_refuse",
    ),
]

# /espace/entreprises/<company_id>/equipe/: a company's contributors and invitations
urlpatterns += [
    path("espace/entreprises/<int:company_id>/equipe/", views.team, name="team"),
    path(
        "espace/entreprises/<int:company_id>/equipe/invitations/<int:invitation_id>/retirer/",
        views.invitation_revoke,
        name="invitation_revoke",
    ),
]

# /suivi/imports/: companies and certifications imported from a file, after a dry run
urlpatterns += [
    path(
        "suivi/imports/entreprises/",
        views.import_file,
        {"kind": "companies"},
        name="import_companies",
    ),
    path(
        "suivi/imports/certifications/",
        views.import_file,
        {"kind": "certifications"},
        name="import_certifications",
    ),
]
