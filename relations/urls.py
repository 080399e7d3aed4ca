from django.urls import path

from . import views

app_name = "relations"

# /espace/entreprises/<company_id>/relations/: a company's client–provider relations
urlpatterns = [
    path(
        "espace/entreprises/<int:company_id>/relations/",
        views.relation_list,
        name="relation_list",
    ),
    path(
        "espace/entreprises/<int:company_id>/relations/declarer/",
        views.relation_create,
        name="relation_create",
    ),
    path(
        "espace/entreprises/<int:company_id>/relations/<int:relation_id>/",
        views.relation_answer,
        name="relation_answer",
    ),
    path(
        "espace/entreprises/<int:company_id>/relations/<int:relation_id>/inviter/",
        views.relation_invite,
        name="relation_invite",
    ),
]
