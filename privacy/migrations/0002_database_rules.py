"""Two rules in the database itself.

1. The investigation log stays append-only (INV-9) with one narrow exception: the anonymisation sweep (SEC-4)
   may UPDATE its rows inside a transaction that opted in. PostgreSQL: `SET LOCAL lostfound.anonymise = 'on'`
   (set_config(..., true)), which ends with the transaction. SQLite has no such setting: the update trigger
   lets an UPDATE through only while a row exists in privacy_anonymisationgate, which the anonymiser inserts
   and deletes within its own transaction, so no other connection ever sees it. DELETE stays refused.
2. The audit log is kept at least three years: PostgreSQL refuses to DELETE younger rows (TRUNCATE, which only
   the table owner may run, is left to test flushes). SQLite, the embedded default, has no such trigger because
   Django flushes SQLite test databases with DELETE.
"""

from django.db import migrations

INVESTIGATION_TABLES = [
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

PG_APPEND_ONLY_WITH_ANONYMISATION = """
CREATE OR REPLACE FUNCTION investigations_append_only() RETURNS trigger AS $$
BEGIN
    IF TG_OP = 'UPDATE' AND current_setting('lostfound.anonymise', true) = 'on' THEN
        RETURN NEW;
    END IF;
    RAISE EXCEPTION 'investigation log is append-only: % on % refused', TG_OP, TG_TABLE_NAME
        USING ERRCODE = 'restrict_violation';
END;
$$ LANGUAGE plpgsql;
"""

PG_APPEND_ONLY = """
CREATE OR REPLACE FUNCTION investigations_append_only() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION 'investigation log is append-only: % on % refused', TG_OP, TG_TABLE_NAME
        USING ERRCODE = 'restrict_violation';
END;
$$ LANGUAGE plpgsql;
"""

# The legal minimum (issue #9: "the audit log kept at least three years"), not a policy setting.
PG_AUDIT_LOG_KEPT = """
CREATE OR REPLACE FUNCTION auditlog_kept_three_years() RETURNS trigger AS $$
BEGIN
    IF OLD.timestamp > now() - interval '3 years' THEN
        RAISE EXCEPTION 'audit log rows are kept at least three years: DELETE of row % refused', OLD.id
            USING ERRCODE = 'restrict_violation';
    END IF;
    RETURN OLD;
END;
$$ LANGUAGE plpgsql;
CREATE TRIGGER auditlog_logentry_kept_three_years BEFORE DELETE ON auditlog_logentry
    FOR EACH ROW EXECUTE FUNCTION auditlog_kept_three_years();
"""


def _sqlite_update_trigger(table: str, *, gated: bool) -> str:
    when = "WHEN NOT EXISTS (SELECT 1 FROM privacy_anonymisationgate) " if gated else ""
    return (
        f"CREATE TRIGGER {table}_no_update BEFORE UPDATE ON {table} {when}"
        f"BEGIN SELECT RAISE(ABORT, 'investigation log is append-only: UPDATE on {table} refused'); END"
    )


def forwards(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "postgresql":
        schema_editor.execute(PG_APPEND_ONLY_WITH_ANONYMISATION, params=None)  # RAISE uses % itself
        schema_editor.execute(PG_AUDIT_LOG_KEPT, params=None)
    elif vendor == "sqlite":
        for table in INVESTIGATION_TABLES:
            schema_editor.execute(f"DROP TRIGGER IF EXISTS {table}_no_update")
            schema_editor.execute(_sqlite_update_trigger(table, gated=True))


def backwards(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "postgresql":
        schema_editor.execute(PG_APPEND_ONLY, params=None)
        schema_editor.execute("DROP TRIGGER IF EXISTS auditlog_logentry_kept_three_years ON auditlog_logentry")
        schema_editor.execute("DROP FUNCTION IF EXISTS auditlog_kept_three_years()")
    elif vendor == "sqlite":
        for table in INVESTIGATION_TABLES:
            schema_editor.execute(f"DROP TRIGGER IF EXISTS {table}_no_update")
            schema_editor.execute(_sqlite_update_trigger(table, gated=False))


class Migration(migrations.Migration):
    dependencies = [
        ("privacy", "0001_initial"),
        ("investigations", "0002_append_only_triggers"),
        ("auditlog", "0017_add_actor_email"),
    ]

    operations = [migrations.RunPython(forwards, backwards)]
