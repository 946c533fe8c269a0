"""The audit log is append-only in the database itself (PostgreSQL).

A trigger refuses UPDATE and DELETE of ``auditlog_logentry`` rows, so not even a bug or a
console session through the application's database account can rewrite history. Two
exceptions: a deleted user's entries may lose the link to the user (the entry, with
``actor_email``, stays), and ``gonghui.core.audit.prune_audit_log`` may delete entries past the
retention period, by setting ``gonghui.audit_prune`` for its own transaction only.
TRUNCATE (used by the test runner to empty tables) fires no row trigger.

SQLite, the embedded demo database, has no such guard.
"""

from django.db import migrations

CREATE = """
CREATE OR REPLACE FUNCTION gonghui_auditlog_append_only() RETURNS trigger AS $$
BEGIN
    IF TG_OP = 'DELETE' AND current_setting('gonghui.audit_prune', true) = 'on' THEN
        RETURN OLD;
    END IF;
    IF TG_OP = 'UPDATE' AND NEW.actor_id IS NULL
       AND (to_jsonb(NEW) - 'actor_id') = (to_jsonb(OLD) - 'actor_id') THEN
        RETURN NEW;
    END IF;
    RAISE EXCEPTION 'the audit log is append-only: % of entry % refused', TG_OP, OLD.id
        USING ERRCODE = 'insufficient_privilege';
END;
$$ LANGUAGE plpgsql;

DROP TRIGGER IF EXISTS gonghui_auditlog_append_only ON auditlog_logentry;
CREATE TRIGGER gonghui_auditlog_append_only
    BEFORE UPDATE OR DELETE ON auditlog_logentry
    FOR EACH ROW EXECUTE FUNCTION gonghui_auditlog_append_only();
"""

DROP = """
DROP TRIGGER IF EXISTS gonghui_auditlog_append_only ON auditlog_logentry;
DROP FUNCTION IF EXISTS gonghui_auditlog_append_only();
"""


def _run(sql: str):
    def run(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            schema_editor.execute(sql, params=None)

    return run


class Migration(migrations.Migration):
    dependencies = [
        ("core", "0001_initial"),
        ("auditlog", "0017_add_actor_email"),
    ]

    operations = [migrations.RunPython(_run(CREATE), _run(DROP), elidable=False)]
