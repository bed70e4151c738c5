"""Foreign-key indexes that another index of the same table starts with: writes maintained them for nothing
(issue 10.4; tests/scale/test_indexes.py)."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('investigations', '0002_append_only_triggers'),
    ]

    operations = [
        migrations.AlterField(
            model_name='claimantstatement',
            name='corrects',
            field=models.ForeignKey(blank=True, db_index=False, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='corrections', to='investigations.claimantstatement', verbose_name='corrects entry'),
        ),
        migrations.AlterField(
            model_name='evidence',
            name='corrects',
            field=models.ForeignKey(blank=True, db_index=False, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='corrections', to='investigations.evidence', verbose_name='corrects entry'),
        ),
        migrations.AlterField(
            model_name='interview',
            name='corrects',
            field=models.ForeignKey(blank=True, db_index=False, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='corrections', to='investigations.interview', verbose_name='corrects entry'),
        ),
        migrations.AlterField(
            model_name='investigationreport',
            name='corrects',
            field=models.ForeignKey(blank=True, db_index=False, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='corrections', to='investigations.investigationreport', verbose_name='corrects entry'),
        ),
        migrations.AlterField(
            model_name='policereport',
            name='corrects',
            field=models.ForeignKey(blank=True, db_index=False, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='corrections', to='investigations.policereport', verbose_name='corrects entry'),
        ),
        migrations.AlterField(
            model_name='recordreview',
            name='corrects',
            field=models.ForeignKey(blank=True, db_index=False, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='corrections', to='investigations.recordreview', verbose_name='corrects entry'),
        ),
        migrations.AlterField(
            model_name='scenesurvey',
            name='corrects',
            field=models.ForeignKey(blank=True, db_index=False, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='corrections', to='investigations.scenesurvey', verbose_name='corrects entry'),
        ),
    ]
