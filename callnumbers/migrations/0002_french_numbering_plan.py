"""The tariff families of the French numbering plan, as the tracker starts from them on the
charter's signature (9 November 2010), and the 0806-0809 numbers billed as an ordinary call
since the reform of value-added numbers (1 October 2015). The admin changes them, by
period, as the regulator's decisions do."""

import datetime

from django.db import migrations

CHARTER = datetime.date(2010, 11, 9)
REFORM = datetime.date(2015, 10, 1)
PLAN = "Plan de numérotation français (Arcep)"
SVA = "Arcep, réforme des numéros à valeur ajoutée, en vigueur le 1er octobre 2015"

# prefix, family, surcharged, valid from, source
ROWS = [
    *[(f"080{digit}", "free", False, CHARTER, PLAN) for digit in range(6)],
    *[(f"080{digit}", "ordinary", False, REFORM, SVA) for digit in range(6, 10)],
    *[(f"0{digit}", "ordinary", False, CHARTER, PLAN) for digit in (1, 2, 3, 4, 5, 6, 7, 9)],
    ("081", "shared_cost", True, CHARTER, PLAN),
    ("082", "shared_cost", True, CHARTER, PLAN),
    ("089", "premium", True, CHARTER, PLAN),
    ("3", "short", True, CHARTER, PLAN),
]


def load(apps, schema_editor):
    TariffPrefix = apps.get_model("callnumbers", "TariffPrefix")
    for prefix, family, surcharged, valid_from, source in ROWS:
        TariffPrefix.objects.get_or_create(
            prefix=prefix,
            valid_from=valid_from,
            defaults={"family": family, "surcharged": surcharged, "source": source},
        )


def unload(apps, schema_editor):
    TariffPrefix = apps.get_model("callnumbers", "TariffPrefix")
    for prefix, _family, _surcharged, valid_from, _source in ROWS:
        TariffPrefix.objects.filter(prefix=prefix, valid_from=valid_from).delete()


class Migration(migrations.Migration):

    dependencies = [
        ("callnumbers", "0001_numbers_and_tariff_prefixes"),
    ]

    operations = [migrations.RunPython(load, unload)]
