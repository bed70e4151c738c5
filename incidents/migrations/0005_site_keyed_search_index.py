"""The search index keyed by "<site id>:<token>", on PostgreSQL only; it replaces 0004's (site, tokens) index.

0004's index found a word's reports at one site by intersecting the word's entries with the site's whole
list (a quarter of a million at a million incidents): 2.5 ms of a 5 ms search. Keyed by site, the word's
entries at the site are one list (0.2 ms). Written as each report is (fastupdate off): a pending list of
new entries is read whole by every search until it is merged, and a few thousand reports made searches
twice as slow. The price is paid on writing: about 0.45 ms of PostgreSQL's time for each report inserted or
updated other than in place (0.14 ms with a pending list), as measured at a million incidents.

How common a word is (incidents/search_stats.py) is now read from statistics of the plain tokens, which
ANALYZE keeps without an index.
"""

from django.db import migrations

KEYS = "string_to_array(replace(search_text, ' ', ' ' || site_id::text || ':'), ' ')"
CREATE = (
    "CREATE INDEX IF NOT EXISTS incident_site_token_keys ON incidents_incident "
    f"USING gin ({KEYS}) WITH (fastupdate = off)"
)
STATISTICS = (
    "CREATE STATISTICS IF NOT EXISTS incident_search_tokens ON (string_to_array(search_text, ' ')) "
    "FROM incidents_incident"
)
OLD = (
    "CREATE INDEX IF NOT EXISTS incident_site_search_tokens ON incidents_incident "
    "USING gin (site_id, string_to_array(search_text, ' '))"
)


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(CREATE)
        schema_editor.execute(STATISTICS)
        schema_editor.execute("DROP INDEX IF EXISTS incident_site_search_tokens")


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(OLD)
        schema_editor.execute("DROP STATISTICS IF EXISTS incident_search_tokens")
        schema_editor.execute("DROP INDEX IF EXISTS incident_site_token_keys")


class Migration(migrations.Migration):
    dependencies = [("incidents", "0004_site_search_index")]

    operations = [migrations.RunPython(forwards, backwards)]
