from django.urls import path

from . import views

app_name = "documents"

# PDF documents: the committee's campaign reports, a company's card and certificate
urlpatterns = [
    path("suivi/documents/", views.document_list, name="document_list"),
    path(
        "suivi/campagnes/<int:campaign_id>/rapport-pdf/",
        views.campaign_report_request,
        name="campaign_report_request",
    ),
    path(
        "espace/entreprises/<int:company_id>/documents/",
        views.company_documents,
        name="company_documents",
    ),
    path(
        "espace/entreprises/<int:company_id>/documents/<str:kind>/",
        views.company_document_request,
        name="company_document_request",
    ),
    path("espace/documents/<int:document_id>/", views.document_detail, name="document_detail"),
    path(
        "espace/documents/<int:document_id>/recommencer/",
        views.document_retry,
        name="document_retry",
    ),
    path(
        "espace/documents/<int:document_id>/pdf/",
        views.document_download,
        name="document_download",
    ),
]
