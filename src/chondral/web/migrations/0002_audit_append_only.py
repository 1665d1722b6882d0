"""On PostgreSQL, a trigger refuses UPDATE and DELETE on the audit table (append-only even for
code that bypasses the model). SQLite gets the same through triggers of its own dialect."""

from __future__ import annotations

from typing import Any

from django.db import migrations

POSTGRES_UP = """
CREATE OR REPLACE FUNCTION clinic_audit_append_only() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION 'the audit log is append-only';
END;
$$ LANGUAGE plpgsql;
CREATE TRIGGER clinic_auditevent_no_update BEFORE UPDATE OR DELETE ON clinic_auditevent
    FOR EACH ROW EXECUTE FUNCTION clinic_audit_append_only();
"""
POSTGRES_DOWN = """
DROP TRIGGER IF EXISTS clinic_auditevent_no_update ON clinic_auditevent;
DROP FUNCTION IF EXISTS clinic_audit_append_only();
"""
SQLITE_UP = [
    "CREATE TRIGGER clinic_auditevent_no_update BEFORE UPDATE ON clinic_auditevent"
    " BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;",
    "CREATE TRIGGER clinic_auditevent_no_delete BEFORE DELETE ON clinic_auditevent"
    " BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;",
]
SQLITE_DOWN = [
    "DROP TRIGGER IF EXISTS clinic_auditevent_no_update;",
    "DROP TRIGGER IF EXISTS clinic_auditevent_no_delete;",
]


def _up(apps: Any, schema_editor: Any) -> None:
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(POSTGRES_UP)
    elif schema_editor.connection.vendor == "sqlite":
        for statement in SQLITE_UP:
            schema_editor.execute(statement)


def _down(apps: Any, schema_editor: Any) -> None:
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(POSTGRES_DOWN)
    elif schema_editor.connection.vendor == "sqlite":
        for statement in SQLITE_DOWN:
            schema_editor.execute(statement)


class Migration(migrations.Migration):
    dependencies = [("clinic", "0001_initial")]
    operations = [migrations.RunPython(_up, _down)]
