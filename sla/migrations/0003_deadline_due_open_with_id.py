from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ("sla", "0002_deadline_met_has_time"),
    ]

    operations = [
        migrations.RemoveIndex(model_name="deadline", name="deadline_due_open"),
        migrations.AddIndex(
            model_name="deadline",
            index=models.Index(
                condition=models.Q(("state", "open")), fields=["next_check_at", "id"], name="deadline_due_open"
            ),
        ),
    ]
