"""Foreign-key indexes that another index of the same table starts with: writes maintained them for nothing
(issue 10.4; tests/scale/test_indexes.py)."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('custody', '0003_matching_early_slack'),
        ('organization', '0002_redundant_indexes'),
    ]

    operations = [
        migrations.AlterField(
            model_name='custodytransfer',
            name='item',
            field=models.ForeignKey(db_index=False, on_delete=django.db.models.deletion.PROTECT, related_name='transfers', to='custody.founditem', verbose_name='item'),
        ),
        migrations.AlterField(
            model_name='founditem',
            name='location',
            field=models.ForeignKey(blank=True, db_index=False, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='items', to='custody.storagelocation', verbose_name='current location'),
        ),
        migrations.AlterField(
            model_name='founditem',
            name='site',
            field=models.ForeignKey(db_index=False, on_delete=django.db.models.deletion.PROTECT, related_name='found_items', to='organization.site', verbose_name='site'),
        ),
        # Dropping a column's own index, Django also drops any one-column unique index on it that it does not know
        # as an index: the partial constraint below would go silently. It is made again once the index is gone.
        migrations.RemoveConstraint(model_name='match', name='match_one_confirmed_per_found_item'),
        migrations.AlterField(
            model_name='match',
            name='found_item',
            field=models.ForeignKey(db_index=False, on_delete=django.db.models.deletion.PROTECT, related_name='matches', to='custody.founditem'),
        ),
        migrations.AddConstraint(
            model_name='match',
            constraint=models.UniqueConstraint(
                condition=models.Q(('decision', 'confirmed')), fields=('found_item',),
                name='match_one_confirmed_per_found_item',
            ),
        ),
        migrations.AlterField(
            model_name='referencecounter',
            name='site',
            field=models.ForeignKey(db_index=False, on_delete=django.db.models.deletion.CASCADE, related_name='+', to='organization.site'),
        ),
        migrations.AlterField(
            model_name='stockcheckline',
            name='stock_check',
            field=models.ForeignKey(db_index=False, on_delete=django.db.models.deletion.CASCADE, related_name='lines', to='custody.stockcheck'),
        ),
        migrations.AlterField(
            model_name='storagelocation',
            name='site',
            field=models.ForeignKey(db_index=False, on_delete=django.db.models.deletion.PROTECT, related_name='storage_locations', to='organization.site', verbose_name='site'),
        ),
    ]
