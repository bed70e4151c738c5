"""Foreign-key indexes that another index of the same table starts with: writes maintained them for nothing
(issue 10.4; tests/scale/test_indexes.py)."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('policy', '0005_install_compensation_defaults'),
    ]

    operations = [
        migrations.AlterField(
            model_name='depreciationband',
            name='category',
            field=models.ForeignKey(db_index=False, on_delete=django.db.models.deletion.CASCADE, related_name='depreciation_bands', to='policy.itemcategory', verbose_name='category'),
        ),
    ]
