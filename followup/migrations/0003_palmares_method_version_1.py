"""The palmarès's first scoring method, so that a palmarès can be computed from the start.
Administrators change it in the admin (a published version is frozen; they add a new one)."""

from decimal import Decimal

from django.db import migrations

DESCRIPTION = (
    "Chaque entreprise reçoit une note sur 100, calculée à partir de son rapport validé pour "
    "la campagne. Pour chacun des cinq axes, la note d'axe combine l'avancement moyen des "
    "engagements de l'entreprise sur cet axe et les indicateurs retenus ci-dessous ; une "
    "réponse manquante compte zéro. La note finale est la moyenne des notes d'axe, pondérée "
    "par le poids de chaque axe. Les entreprises à égalité partagent le même rang."
)
DESCRIPTION_EN = (
    "Each company receives a score out of 100, computed from its validated report for the "
    "campaign. For each of the five axes, the axis score combines the mean progress of the "
    "company's commitments on that axis and the indicators listed below; a missing answer "
    "counts as zero. The final score is the mean of the axis scores, weighted by each "
    "axis's weight. Companies with equal scores share the same rank."
)
# indicator code, rule, weight, denominator code
CRITERIA = [
    ("service_certification_held", "yes", 1, None),
    ("lrs_label_held", "yes", 1, None),
    ("automated_dialers_used", "no", 1, None),
    ("ivr_answered_share", "lower", 1, None),
    ("jobs_created_france", "higher", 2, "jobs_created_total"),
    ("retroactive_discounts_asked", "no", 1, None),
    ("billing_minimum_share", "higher", 1, None),
]
AXIS_WEIGHTS = {1: 1, 2: 2, 3: 1, 4: 0, 5: 0}


def create(apps, schema_editor):
    ScoringMethod = apps.get_model("followup", "ScoringMethod")
    AxisWeight = apps.get_model("followup", "AxisWeight")
    Criterion = apps.get_model("followup", "Criterion")
    Axis = apps.get_model("charter", "Axis")
    Indicator = apps.get_model("charter", "Indicator")
    method = ScoringMethod.objects.create(
        version=1,
        name="Méthode 2011",
        name_en="2011 method",
        description=DESCRIPTION,
        description_en=DESCRIPTION_EN,
        progress_weight=Decimal(1),
    )
    for axis in Axis.objects.all():
        AxisWeight.objects.create(method=method, axis=axis, weight=AXIS_WEIGHTS.get(axis.number, 1))
    for code, rule, weight, denominator in CRITERIA:
        indicator = Indicator.objects.filter(code=code).first()
        if indicator is None:
            continue
        Criterion.objects.create(
            method=method,
            indicator=indicator,
            rule=rule,
            weight=weight,
            denominator=Indicator.objects.filter(code=denominator).first() if denominator else None,
        )


def remove(apps, schema_editor):
    ScoringMethod = apps.get_model("followup", "ScoringMethod")
    ScoringMethod.objects.filter(version=1, publications__isnull=True).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("followup", "0002_review_and_results"),
        ("charter", "0005_cap_parts_by_their_whole"),
    ]

    operations = [migrations.RunPython(create, remove)]
