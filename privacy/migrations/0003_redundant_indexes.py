"""Foreign-key indexes that another index of the same table starts with: writes maintained them for nothing
(issue 10.4; tests/scale/test_indexes.py)."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('incidents', '0006_redundant_indexes'),
        ('privacy', '0002_database_rules'),
    ]

    operations = [
        migrations.AlterField(
            model_name='consentrecord',
            name='incident',
            field=models.ForeignKey(blank=True, db_index=False, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to='incidents.incident', verbose_name='incident'),
        ),
    ]
