"""The published results (the palmarès's method, the publications) and the PDF documents
move to apps of their own, ``results`` and ``documents``. Their tables keep their names
and their rows: only Django's view of which app holds them changes, here and in the
content types (so that permissions and the admin's log follow)."""

from django.db import migrations

MOVED = {
    "results": [
        "scoringmethod",
        "historicalscoringmethod",
        "axisweight",
        "historicalaxisweight",
        "criterion",
        "historicalcriterion",
        "publication",
        "historicalpublication",
    ],
    "documents": ["document"],
}


def move_content_types(apps, schema_editor, *, forward=True):
    ContentType = apps.get_model("contenttypes", "ContentType")
    for app_label, models in MOVED.items():
        source, target = ("followup", app_label) if forward else (app_label, "followup")
        ContentType.objects.filter(app_label=source, model__in=models).update(app_label=target)


def move_back(apps, schema_editor):
    move_content_types(apps, schema_editor, forward=False)


class Migration(migrations.Migration):
    dependencies = [
        ("contenttypes", "0002_remove_content_type_name"),
        ("followup", "0010_publication_contributors"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            database_operations=[migrations.RunPython(move_content_types, move_back)],
            state_operations=[
                migrations.RemoveField(
                    model_name="criterion",
                    name="denominator",
                ),
                migrations.RemoveField(
                    model_name="criterion",
                    name="indicator",
                ),
                migrations.RemoveField(
                    model_name="criterion",
                    name="method",
                ),
                migrations.RemoveField(
                    model_name="document",
                    name="campaign",
                ),
                migrations.RemoveField(
                    model_name="document",
                    name="company",
                ),
                migrations.RemoveField(
                    model_name="document",
                    name="requested_by",
                ),
                migrations.RemoveField(
                    model_name="historicalaxisweight",
                    name="axis",
                ),
                migrations.RemoveField(
                    model_name="historicalaxisweight",
                    name="history_user",
                ),
                migrations.RemoveField(
                    model_name="historicalaxisweight",
                    name="method",
                ),
                migrations.RemoveField(
                    model_name="historicalcriterion",
                    name="denominator",
                ),
                migrations.RemoveField(
                    model_name="historicalcriterion",
                    name="history_user",
                ),
                migrations.RemoveField(
                    model_name="historicalcriterion",
                    name="indicator",
                ),
                migrations.RemoveField(
                    model_name="historicalcriterion",
                    name="method",
                ),
                migrations.RemoveField(
                    model_name="historicalpublication",
                    name="campaign",
                ),
                migrations.RemoveField(
                    model_name="historicalpublication",
                    name="history_user",
                ),
                migrations.RemoveField(
                    model_name="historicalpublication",
                    name="method",
                ),
                migrations.RemoveField(
                    model_name="historicalpublication",
                    name="published_by",
                ),
                migrations.RemoveField(
                    model_name="historicalpublication",
                    name="superseded_by",
                ),
                migrations.RemoveField(
                    model_name="historicalpublication",
                    name="withdrawn_by",
                ),
                migrations.RemoveField(
                    model_name="historicalscoringmethod",
                    name="history_user",
                ),
                migrations.RemoveField(
                    model_name="publication",
                    name="campaign",
                ),
                migrations.RemoveField(
                    model_name="publication",
                    name="method",
                ),
                migrations.RemoveField(
                    model_name="publication",
                    name="published_by",
                ),
                migrations.RemoveField(
                    model_name="publication",
                    name="superseded_by",
                ),
                migrations.RemoveField(
                    model_name="publication",
                    name="withdrawn_by",
                ),
                migrations.DeleteModel(
                    name="AxisWeight",
                ),
                migrations.DeleteModel(
                    name="Criterion",
                ),
                migrations.DeleteModel(
                    name="Document",
                ),
                migrations.DeleteModel(
                    name="HistoricalAxisWeight",
                ),
                migrations.DeleteModel(
                    name="HistoricalCriterion",
                ),
                migrations.DeleteModel(
                    name="HistoricalPublication",
                ),
                migrations.DeleteModel(
                    name="HistoricalScoringMethod",
                ),
                migrations.DeleteModel(
                    name="ScoringMethod",
                ),
                migrations.DeleteModel(
                    name="Publication",
                ),
            ],
        ),
    ]
