"""Indexes that writes maintained and no look-up needed (issue 10.4; tests/scale/test_indexes.py).

The customer's foreign key had two identical indexes; site and owner lead other indexes; the incident of a timeline
event, a contact and a follow-up leads another index of theirs; reference and status token had a second,
pattern-matching index each, which `unique=True` adds and nothing reads. The unique constraints are made before the
old ones go.
"""

import django.db.models.deletion
import incidents.models
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('incidents', '0005_site_keyed_search_index'),
        ('organization', '0002_redundant_indexes'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddConstraint(
            model_name='incident',
            constraint=models.UniqueConstraint(fields=('reference',), name='incident_reference_unique'),
        ),
        migrations.AddConstraint(
            model_name='incident',
            constraint=models.UniqueConstraint(fields=('status_token',), name='incident_status_token_unique'),
        ),
        migrations.RemoveIndex(
            model_name='incident',
            name='incident_customer',
        ),
        migrations.AlterField(
            model_name='contactlog',
            name='incident',
            field=models.ForeignKey(db_index=False, on_delete=django.db.models.deletion.CASCADE, related_name='contacts', to='incidents.incident'),
        ),
        migrations.AlterField(
            model_name='correctiveaction',
            name='owner',
            field=models.ForeignKey(db_index=False, on_delete=django.db.models.deletion.PROTECT, related_name='corrective_actions', to=settings.AUTH_USER_MODEL, verbose_name='responsible person'),
        ),
        migrations.AlterField(
            model_name='followup',
            name='incident',
            field=models.ForeignKey(db_index=False, on_delete=django.db.models.deletion.CASCADE, related_name='followups', to='incidents.incident'),
        ),
        migrations.AlterField(
            model_name='incident',
            name='owner',
            field=models.ForeignKey(blank=True, db_index=False, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='owned_incidents', to=settings.AUTH_USER_MODEL, verbose_name='responsible person'),
        ),
        migrations.AlterField(
            model_name='incident',
            name='reference',
            field=models.CharField(max_length=40, verbose_name='reference'),
        ),
        migrations.AlterField(
            model_name='incident',
            name='site',
            field=models.ForeignKey(db_index=False, on_delete=django.db.models.deletion.PROTECT, related_name='incidents', to='organization.site', verbose_name='site'),
        ),
        migrations.AlterField(
            model_name='incident',
            name='status_token',
            field=models.CharField(default=incidents.models.new_status_token, editable=False, max_length=64),
        ),
        migrations.AlterField(
            model_name='referencecounter',
            name='site',
            field=models.ForeignKey(db_index=False, on_delete=django.db.models.deletion.CASCADE, related_name='+', to='organization.site'),
        ),
        migrations.AlterField(
            model_name='timelineevent',
            name='incident',
            field=models.ForeignKey(db_index=False, on_delete=django.db.models.deletion.CASCADE, related_name='events', to='incidents.incident'),
        ),
    ]
