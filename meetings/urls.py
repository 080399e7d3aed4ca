from django.urls import path

from . import views

app_name = "meetings"

# /suivi/comite/travaux/ and below: the committee's meetings, decisions and work streams
urlpatterns = [
    path("suivi/comite/travaux/", views.committee_work, name="committee_work"),
    path("suivi/comite/reunions/ajouter/", views.meeting_edit, name="meeting_create"),
    path("suivi/comite/reunions/<int:meeting_id>/", views.meeting_edit, name="meeting_edit"),
    path(
        "suivi/comite/reunions/<int:meeting_id>/compte-rendu.pdf",
        views.meeting_minutes,
        name="meeting_minutes",
    ),
    path(
        "suivi/comite/reunions/<int:meeting_id>/decisions/ajouter/",
        views.decision_edit,
        name="decision_create",
    ),
    path("suivi/comite/decisions/<int:decision_id>/", views.decision_edit, name="decision_edit"),
    path("suivi/comite/chantiers/ajouter/", views.work_stream_edit, name="work_stream_create"),
    path(
        "suivi/comite/chantiers/<int:stream_id>/", views.work_stream_edit, name="work_stream_edit"
    ),
]
