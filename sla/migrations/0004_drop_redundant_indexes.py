"""Foreign-key indexes that another index of the same table starts with: writes maintained them for nothing
(issue 10.4; tests/scale/test_indexes.py)."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('contenttypes', '0002_remove_content_type_name'),
        ('sla', '0003_deadline_due_open_with_id'),
    ]

    operations = [
        migrations.AlterField(
            model_name='deadline',
            name='subject_type',
            field=models.ForeignKey(db_index=False, on_delete=django.db.models.deletion.CASCADE, related_name='+', to='contenttypes.contenttype'),
        ),
    ]
