from django.urls import path

from . import views

app_name = "charter"

# /, /axes/<n>/, /documents-de-travail/<version>/
urlpatterns = [
    path("", views.home, name="home"),
    path("axes/<int:number>/", views.axis_detail, name="axis_detail"),
    path(
        "documents-de-travail/<int:version_id>/",
        views.working_paper_download,
        name="working_paper_download",
    ),
]
