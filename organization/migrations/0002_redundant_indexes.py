"""Foreign-key indexes that another index of the same table starts with: writes maintained them for nothing
(issue 10.4; tests/scale/test_indexes.py)."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('organization', '0001_initial'),
    ]

    operations = [
        migrations.AlterField(
            model_name='area',
            name='site',
            field=models.ForeignKey(db_index=False, on_delete=django.db.models.deletion.CASCADE, related_name='areas', to='organization.site', verbose_name='site'),
        ),
        migrations.AlterField(
            model_name='department',
            name='site',
            field=models.ForeignKey(blank=True, db_index=False, null=True, on_delete=django.db.models.deletion.CASCADE, related_name='departments', to='organization.site', verbose_name='site'),
        ),
        migrations.AlterField(
            model_name='dutyshift',
            name='site',
            field=models.ForeignKey(db_index=False, on_delete=django.db.models.deletion.CASCADE, related_name='duty_shifts', to='organization.site', verbose_name='site'),
        ),
    ]
