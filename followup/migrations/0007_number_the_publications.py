from django.db import migrations, models


def number_the_versions(apps, schema_editor):
    """Publications made before versions existed: numbered per kind and campaign in the
    order they were published, each superseded by the next one."""
    Publication = apps.get_model("followup", "Publication")
    previous = {}
    for publication in Publication.objects.order_by("published_at", "pk"):
        key = (publication.kind, publication.campaign_id)
        before = previous.get(key)
        publication.version = before.version + 1 if before else 1
        publication.save(update_fields=["version"])
        if before is not None:
            before.superseded_by = publication
            before.save(update_fields=["superseded_by"])
        previous[key] = publication
    if schema_editor.connection.vendor == "postgresql":
        # The deferred foreign-key checks run now, so that the constraints below can be
        # added in the same transaction.
        schema_editor.execute("SET CONSTRAINTS ALL IMMEDIATE")


class Migration(migrations.Migration):

    dependencies = [
        ('followup', '0006_publication_versions_and_withdrawal'),
    ]

    operations = [
        migrations.RunPython(number_the_versions, migrations.RunPython.noop),
        migrations.AddConstraint(
            model_name='publication',
            constraint=models.UniqueConstraint(fields=('kind', 'campaign', 'version'), name='one_publication_per_kind_campaign_version'),
        ),
        migrations.AddConstraint(
            model_name='publication',
            constraint=models.CheckConstraint(condition=models.Q(models.Q(('withdrawal_reason', ''), ('withdrawn_at__isnull', True)), models.Q(('withdrawn_at__isnull', False), models.Q(('withdrawal_reason', ''), _negated=True)), _connector='OR'), name='publication_withdrawn_with_a_reason'),
        ),
    ]
