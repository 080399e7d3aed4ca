from django.urls import path

from .views import barometer, palmares, publication, scorecards

app_name = "results"

# /espace/entreprises/<company_id>/palmares/: a company's own score
urlpatterns = [
    path(
        "espace/entreprises/<int:company_id>/palmares/",
        palmares.company_score,
        name="company_score",
    ),
]

# /suivi/barometre/, /barometre/: the employment barometer
urlpatterns += [
    path("suivi/barometre/", barometer.barometer, name="barometer"),
    path("suivi/barometre/export.<str:fmt>", barometer.barometer_export, name="barometer_export"),
    path("suivi/barometre/publier/", barometer.barometer_publish, name="barometer_publish"),
    path("barometre/", barometer.barometer_public, name="barometer_public"),
    path(
        "barometre/<int:publication_id>.<str:fmt>",
        barometer.barometer_open_data,
        name="barometer_open_data",
    ),
]

# /suivi/publications/: what the committee published, and its withdrawal
urlpatterns += [
    path("suivi/publications/", publication.publication_list, name="publication_list"),
    path(
        "suivi/publications/<int:publication_id>/retirer/",
        publication.publication_withdraw_view,
        name="publication_withdraw",
    ),
]

# /suivi/palmares/, /palmares/: the palmarès
urlpatterns += [
    path("suivi/palmares/", palmares.palmares, name="palmares"),
    path("suivi/palmares/export.<str:fmt>", palmares.palmares_export, name="palmares_export"),
    path("suivi/palmares/publier/", palmares.palmares_publish, name="palmares_publish"),
    path("suivi/palmares/ecarts/", palmares.palmares_mismatches, name="palmares_mismatches"),
    path("palmares/", palmares.palmares_public, name="palmares_public"),
    path("palmares/methode/", palmares.method_public, name="method_public"),
    path(
        "palmares/<int:publication_id>.<str:fmt>",
        palmares.palmares_open_data,
        name="palmares_open_data",
    ),
]

# /suivi/signataires/publier/, /signataires/: the signatories' scorecards
urlpatterns += [
    path("suivi/signataires/publier/", scorecards.scorecards_publish, name="scorecards_publish"),
    path("signataires/bilans/", scorecards.scorecards_public, name="scorecards_public"),
    path(
        "signataires/<int:signatory_id>/",
        scorecards.signatory_scorecard_public,
        name="signatory_scorecard_public",
    ),
]
