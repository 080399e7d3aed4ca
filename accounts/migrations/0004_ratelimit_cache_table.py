"""The table of the database cache that keeps the counters of the limits on e-mail
(settings.CACHES["ratelimit"], accounts.throttle), made by `migrate` so that every
deployment has it. It does what `manage.py createcachetable` does, which only creates
the tables of caches set to a database cache that do not exist yet: nothing happens when
RATELIMIT_CACHE_URL names another kind of cache. Run `createcachetable` after changing
the table's name."""

from django.core.management import call_command
from django.db import migrations


def create_cache_tables(apps, schema_editor):
    call_command("createcachetable", database=schema_editor.connection.alias, verbosity=0)


class Migration(migrations.Migration):
    dependencies = [("accounts", "0003_invitation_signatory_representative")]

    operations = [migrations.RunPython(create_cache_tables, migrations.RunPython.noop)]
