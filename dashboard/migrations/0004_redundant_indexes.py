"""Foreign-key indexes that another index of the same table starts with: writes maintained them for nothing
(issue 10.4; tests/scale/test_indexes.py)."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('dashboard', '0003_covering_indexes'),
        ('organization', '0002_redundant_indexes'),
    ]

    operations = [
        migrations.AlterField(
            model_name='dailydeadlines',
            name='site',
            field=models.ForeignKey(db_constraint=False, db_index=False, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='organization.site'),
        ),
        migrations.AlterField(
            model_name='dailyfigures',
            name='site',
            field=models.ForeignKey(db_constraint=False, db_index=False, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='organization.site'),
        ),
        migrations.AlterField(
            model_name='dailylosshours',
            name='site',
            field=models.ForeignKey(db_constraint=False, db_index=False, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='organization.site'),
        ),
        migrations.AlterField(
            model_name='durationbuckets',
            name='site',
            field=models.ForeignKey(db_constraint=False, db_index=False, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='organization.site'),
        ),
        migrations.AlterField(
            model_name='incidentdurations',
            name='site',
            field=models.ForeignKey(db_constraint=False, db_index=False, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='organization.site'),
        ),
    ]
