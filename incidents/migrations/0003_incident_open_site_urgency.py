# The list filtered to open incidents (a few thousand of a million) read every incident of the site (issue 10.3).

from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ("incidents", "0002_search_index"),
    ]

    operations = [
        migrations.AddIndex(
            model_name="incident",
            index=models.Index(
                condition=models.Q(("status__in", ["closed", "cancelled"]), _negated=True),
                fields=["site", "-priority", "-created_at", "-id"],
                name="incident_open_site_urgency",
            ),
        ),
    ]
