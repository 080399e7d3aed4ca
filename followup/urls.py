from django.urls import path

from . import views

app_name = "followup"

# /espace/: the company space
urlpatterns = [
    path("espace/", views.space, name="space"),
    path("espace/entreprises/<int:company_id>/", views.company_detail, name="company_detail"),
    path("espace/entreprises/<int:company_id>/profil/", views.company_edit, name="company_edit"),
    path("espace/entreprises/<int:company_id>/sites/ajouter/", views.site_edit, name="site_create"),
    path(
        "espace/entreprises/<int:company_id>/sites/<int:site_id>/",
        views.site_edit,
        name="site_edit",
    ),
    path(
        "espace/entreprises/<int:company_id>/sites/<int:site_id>/supprimer/",
        views.site_delete,
        name="site_delete",
    ),
    path(
        "espace/entreprises/<int:company_id>/certifications/ajouter/",
        views.certification_edit,
        name="certification_create",
    ),
    path(
        "espace/entreprises/<int:company_id>/certifications/<int:certification_id>/",
        views.certification_edit,
        name="certification_edit",
    ),
    path(
        "espace/entreprises/<int:company_id>/engagements/",
        views.commitments_edit,
        name="commitments_edit",
    ),
    path(
        "espace/entreprises/<int:company_id>/campagnes/<int:campaign_id>/",
        views.report_edit,
        name="report_edit",
    ),
    path(
        "espace/signataires/<int:signatory_id>/",
        views.signatory_detail,
        name="signatory_detail",
    ),
    path(
        "espace/signataires/<int:signatory_id>/campagnes/<int:campaign_id>/",
        views.signatory_report_edit,
        name="signatory_report_edit",
    ),
    path("espace/preuves/<int:evidence_id>/", views.evidence_download, name="evidence_download"),
]
