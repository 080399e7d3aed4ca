from django.urls import path

from .views import applicability, attestations, dashboard, disagreements, review, scorecards, space

app_name = "followup"

# /espace/: the company space
urlpatterns = [
    path("espace/", space.space, name="space"),
    path("espace/entreprises/<int:company_id>/", space.company_detail, name="company_detail"),
    path("espace/entreprises/<int:company_id>/profil/", space.company_edit, name="company_edit"),
    path("espace/entreprises/<int:company_id>/sites/ajouter/", space.site_edit, name="site_create"),
    path(
        "espace/entreprises/<int:company_id>/sites/<int:site_id>/",
        space.site_edit,
        name="site_edit",
    ),
    path(
        "espace/entreprises/<int:company_id>/sites/<int:site_id>/supprimer/",
        space.site_delete,
        name="site_delete",
    ),
    path(
        "espace/entreprises/<int:company_id>/certifications/ajouter/",
        space.certification_edit,
        name="certification_create",
    ),
    path(
        "espace/entreprises/<int:company_id>/certifications/<int:certification_id>/",
        space.certification_edit,
        name="certification_edit",
    ),
    path(
        "espace/entreprises/<int:company_id>/engagements/",
        space.commitments_edit,
        name="commitments_edit",
    ),
    path(
        "espace/entreprises/<int:company_id>/campagnes/<int:campaign_id>/",
        space.report_edit,
        name="report_edit",
    ),
    path(
        "espace/entreprises/<int:company_id>/campagnes/<int:campaign_id>/accuse-de-reception/",
        space.report_receipt,
        name="report_receipt",
    ),
    path(
        "espace/signataires/<int:signatory_id>/",
        space.signatory_detail,
        name="signatory_detail",
    ),
    path(
        "espace/signataires/<int:signatory_id>/campagnes/<int:campaign_id>/",
        space.signatory_report_edit,
        name="signatory_report_edit",
    ),
    path("espace/preuves/<int:evidence_id>/", space.evidence_download, name="evidence_download"),
    path(
        "espace/preuves/<int:evidence_id>/retirer/",
        space.evidence_remove,
        name="evidence_remove",
    ),
]

# /espace/: the company's right of reply and its own palmarès score
urlpatterns += [
    path(
        "espace/entreprises/<int:company_id>/campagnes/<int:campaign_id>/reponse/",
        review.report_answer,
        name="report_answer",
    ),
    path(
        "espace/signataires/<int:signatory_id>/campagnes/<int:campaign_id>/reponse/",
        review.signatory_report_answer,
        name="signatory_report_answer",
    ),
]

# /suivi/: the committee's dashboard and its pages
urlpatterns += [
    path("suivi/", dashboard.dashboard, name="dashboard"),
    path("suivi/export.<str:fmt>", dashboard.dashboard_export, name="dashboard_export"),
    path(
        "suivi/entreprises/<int:company_id>/",
        dashboard.company_follow_up,
        name="company_follow_up",
    ),
    path("suivi/mesures/<int:measure_id>/", dashboard.measure_detail, name="measure_detail"),
    path(
        "suivi/mesures/<int:measure_id>/export.<str:fmt>",
        dashboard.measure_export,
        name="measure_export",
    ),
    path("suivi/certifications/", dashboard.certification_watch, name="certification_watch"),
    path(
        "suivi/certifications/export.<str:fmt>",
        dashboard.certification_export,
        name="certification_export",
    ),
]

# /suivi/comite/: the committee's own reports on the measures bound to it as a whole
urlpatterns += [
    path("suivi/comite/", space.committee_detail, name="committee_detail"),
    path(
        "suivi/comite/campagnes/<int:campaign_id>/",
        space.committee_report_edit,
        name="committee_report_edit",
    ),
]

# /suivi/signataires/<id>/: a signatory's scorecard
urlpatterns += [
    path(
        "suivi/signataires/<int:signatory_id>/",
        scorecards.signatory_scorecard,
        name="signatory_scorecard",
    ),
]

# /suivi/revue/, /suivi/rapports/: the review of submitted reports
urlpatterns += [
    path("suivi/revue/", review.review_queue, name="review_queue"),
    path("suivi/rapports/<int:report_id>/", review.report_review, name="report_review"),
    path(
        "suivi/rapports/<int:report_id>/historique/",
        review.report_history,
        name="report_history",
    ),
    path("suivi/rapports/<int:report_id>/valider/", review.report_validate, name="report_validate"),
    path("suivi/rapports/<int:report_id>/renvoyer/", review.report_return, name="report_return"),
    path(
        "suivi/rapports/<int:report_id>/commentaires/",
        review.review_comment_create,
        name="review_comment_create",
    ),
]

# /suivi/non-applicable/: the committee's review of claims that a measure does not apply
urlpatterns += [
    path("suivi/non-applicable/", applicability.claims, name="applicability_claims"),
    path(
        "suivi/non-applicable/<int:commitment_id>/accepter/",
        applicability.claim_accept,
        name="applicability_claim_accept",
    ),
    path(
        "suivi/non-applicable/<int:commitment_id>/refuser/",
        applicability.claim_refuse,
        name="applicability_claim_refuse",
    ),
]

# /espace/.../relations/: a company's answers on its client–provider relations, per campaign
urlpatterns += [
    path(
        "espace/entreprises/<int:company_id>/campagnes/<int:campaign_id>/relations/",
        attestations.attestation_list,
        name="attestation_list",
    ),
    path(
        "espace/entreprises/<int:company_id>/campagnes/<int:campaign_id>/relations/<int:relation_id>/",
        attestations.attestation_edit,
        name="attestation_edit",
    ),
]

# /suivi/relations/: both sides of a relation, the disagreements and how they were settled
urlpatterns += [
    path("suivi/relations/desaccords/", disagreements.disagreement_list, name="disagreement_list"),
    path(
        "suivi/relations/<int:relation_id>/", disagreements.relation_review, name="relation_review"
    ),
    path(
        "suivi/relations/<int:relation_id>/campagnes/<int:campaign_id>/reglement/",
        disagreements.settlement_create,
        name="settlement_create",
    ),
]
