"""The ledger is append-only in the database itself (PostgreSQL).

A trigger refuses UPDATE and DELETE of ``funds_ledgerentry`` rows, so not even a bug or a console
session through the application's database account can rewrite a fund's history: a mistake is
undone by a reversing entry. TRUNCATE (used by the test runner to empty tables between
transactional tests) fires no row trigger and still works.

SQLite, the embedded demo database, has no such guard; there the application simply has no code
path that changes or deletes an entry.
"""

from django.db import migrations

CREATE = """
CREATE OR REPLACE FUNCTION gonghui_ledger_append_only() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION 'the ledger is append-only: % of entry % refused; post a reversal instead', TG_OP, OLD.id
        USING ERRCODE = 'insufficient_privilege';
END;
$$ LANGUAGE plpgsql;

DROP TRIGGER IF EXISTS gonghui_ledger_append_only ON funds_ledgerentry;
CREATE TRIGGER gonghui_ledger_append_only
    BEFORE UPDATE OR DELETE ON funds_ledgerentry
    FOR EACH ROW EXECUTE FUNCTION gonghui_ledger_append_only();
"""

DROP = """
DROP TRIGGER IF EXISTS gonghui_ledger_append_only ON funds_ledgerentry;
DROP FUNCTION IF EXISTS gonghui_ledger_append_only();
"""


def _run(sql: str):
    def run(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            schema_editor.execute(sql, params=None)

    return run


class Migration(migrations.Migration):
    dependencies = [("funds", "0001_initial")]

    operations = [migrations.RunPython(_run(CREATE), _run(DROP), elidable=False)]
