"""INV-9 in the database itself: rows of the investigation log cannot be changed, even by raw SQL.

PostgreSQL (production and CI): one trigger function refusing every UPDATE and DELETE. TRUNCATE — what a
test database flush uses — is left alone: it is not a row change and needs the table owner anyway.
SQLite (the embedded default): a trigger refuses every UPDATE. DELETE is refused by the models, the
querysets and the admin site but not by a trigger, because Django flushes a SQLite test database with
`DELETE FROM` on every table in no fixed order, which no trigger condition can tell apart from a real delete.
Note that SQLite rebuilds a table on most ALTERs, dropping its triggers: a later migration that alters one
of these tables must run create_triggers again.
"""

from django.db import migrations

TABLES = [
    "investigations_recordreview",
    "investigations_scenesurvey",
    "investigations_interview",
    "investigations_claimantstatement",
    "investigations_evidence",
    "investigations_policereport",
    "investigations_investigationreport",
    "investigations_interviewperson",
    "investigations_evidencehandover",
    "investigations_policefollowup",
    "investigations_entryphoto",
]

PG_FUNCTION = """
CREATE OR REPLACE FUNCTION investigations_append_only() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION 'investigation log is append-only: % on % refused', TG_OP, TG_TABLE_NAME
        USING ERRCODE = 'restrict_violation';
END;
$$ LANGUAGE plpgsql;
"""


def create_triggers(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "postgresql":
        schema_editor.execute(PG_FUNCTION, params=None)  # no placeholders: RAISE uses % itself
        for table in TABLES:
            schema_editor.execute(
                f"CREATE TRIGGER {table}_append_only BEFORE UPDATE OR DELETE ON {table} "
                f"FOR EACH ROW EXECUTE FUNCTION investigations_append_only()"
            )
    elif vendor == "sqlite":
        for table in TABLES:
            schema_editor.execute(
                f"CREATE TRIGGER {table}_no_update BEFORE UPDATE ON {table} "
                f"BEGIN SELECT RAISE(ABORT, 'investigation log is append-only: UPDATE on {table} refused'); END"
            )


def drop_triggers(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "postgresql":
        for table in TABLES:
            schema_editor.execute(f"DROP TRIGGER IF EXISTS {table}_append_only ON {table}")
        schema_editor.execute("DROP FUNCTION IF EXISTS investigations_append_only()")
    elif vendor == "sqlite":
        for table in TABLES:
            schema_editor.execute(f"DROP TRIGGER IF EXISTS {table}_no_update")


class Migration(migrations.Migration):
    dependencies = [("investigations", "0001_initial")]

    operations = [migrations.RunPython(create_triggers, drop_triggers)]
