"""Audit rows cannot be changed or deleted by the application: PostgreSQL refuses it.

Only `processed_at` of a case event may be set (the outbox claim); access log rows and deadline
projections are append-only. SQLite (the local demo) has no such guard.
"""

from django.db import migrations

TABLES = {
    "cspr_caseevent": "to_jsonb(NEW) - 'processed_at' IS DISTINCT FROM to_jsonb(OLD) - 'processed_at'",
    "cspr_accesslog": "TRUE",
    "cspr_deadlineprojection": "TRUE",
}

FUNCTION = """
CREATE OR REPLACE FUNCTION cspr_refuse_audit_change() RETURNS trigger AS $$
BEGIN
    IF TG_OP = 'DELETE' THEN
        RAISE EXCEPTION 'audit rows in % cannot be deleted', TG_TABLE_NAME;
    END IF;
    RAISE EXCEPTION 'audit rows in % cannot be changed', TG_TABLE_NAME;
END;
$$ LANGUAGE plpgsql;
"""


def protect(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(FUNCTION, params=None)
    for table, changed in TABLES.items():
        schema_editor.execute(
            f"CREATE TRIGGER {table}_append_only BEFORE UPDATE ON {table} FOR EACH ROW "
            f"WHEN ({changed}) EXECUTE FUNCTION cspr_refuse_audit_change();"
        )
        schema_editor.execute(
            f"CREATE TRIGGER {table}_no_delete BEFORE DELETE ON {table} FOR EACH ROW "
            "EXECUTE FUNCTION cspr_refuse_audit_change();"
        )


def unprotect(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for table in TABLES:
        schema_editor.execute(f"DROP TRIGGER IF EXISTS {table}_append_only ON {table};")
        schema_editor.execute(f"DROP TRIGGER IF EXISTS {table}_no_delete ON {table};")
    schema_editor.execute("DROP FUNCTION IF EXISTS cspr_refuse_audit_change();")


class Migration(migrations.Migration):
    dependencies = [("cspr", "0002_partnership_option_overrides")]

    operations = [migrations.RunPython(protect, unprotect)]
