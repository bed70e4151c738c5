"""Foreign-key indexes that another index of the same table starts with: writes maintained them for nothing
(issue 10.4; tests/scale/test_indexes.py)."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('compensation', '0001_initial'),
        ('organization', '0002_redundant_indexes'),
    ]

    operations = [
        migrations.AlterField(
            model_name='claim',
            name='site',
            field=models.ForeignKey(db_index=False, on_delete=django.db.models.deletion.PROTECT, related_name='claims', to='organization.site', verbose_name='site'),
        ),
        migrations.AlterField(
            model_name='payment',
            name='site',
            field=models.ForeignKey(db_index=False, on_delete=django.db.models.deletion.PROTECT, related_name='+', to='organization.site', verbose_name='site'),
        ),
    ]
