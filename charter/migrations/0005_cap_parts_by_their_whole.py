"""A part never exceeds its whole in a report: jobs created in France are at most the jobs
created in all; public contracts awarded to labelled outsourcers at most those awarded."""

from django.db import migrations

CAPS = [
    ("jobs_created_france", "jobs_created_total"),
    ("public_contracts_labelled", "public_contracts_awarded"),
]


def cap(apps, schema_editor):
    Indicator = apps.get_model("charter", "Indicator")
    for part, whole in CAPS:
        Indicator.objects.filter(code=part).update(
            not_above=Indicator.objects.filter(code=whole).first()
        )


def uncap(apps, schema_editor):
    Indicator = apps.get_model("charter", "Indicator")
    Indicator.objects.filter(code__in=[part for part, _whole in CAPS]).update(not_above=None)


class Migration(migrations.Migration):
    dependencies = [("charter", "0004_indicator_not_above")]

    operations = [migrations.RunPython(cap, uncap)]
