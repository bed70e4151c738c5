"""A GIN index over the search tokens, on PostgreSQL only (SQLite scans the column with LIKE)."""

from django.db import migrations

CREATE = (
    "CREATE INDEX IF NOT EXISTS incident_search_tokens ON incidents_incident "
    "USING gin (string_to_array(search_text, ' '))"
)
DROP = "DROP INDEX IF EXISTS incident_search_tokens"


def create(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(CREATE)


def drop(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(DROP)


class Migration(migrations.Migration):
    dependencies = [("incidents", "0001_initial")]

    operations = [migrations.RunPython(create, drop)]
