"""Foreign-key indexes that another index of the same table starts with: writes maintained them for nothing
(issue 10.4; tests/scale/test_indexes.py)."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('contenttypes', '0002_remove_content_type_name'),
        ('notifications', '0002_message_state_constraints'),
    ]

    operations = [
        migrations.AlterField(
            model_name='message',
            name='subject_type',
            field=models.ForeignKey(blank=True, db_index=False, null=True, on_delete=django.db.models.deletion.CASCADE, related_name='+', to='contenttypes.contenttype'),
        ),
        migrations.AlterField(
            model_name='message',
            name='template_key',
            field=models.SlugField(db_index=False, max_length=60, verbose_name='message'),
        ),
    ]
