"""Staff phone numbers are personal data: encrypt the ones already stored."""

from django.db import migrations

import gonghui.core.crypto


def _rewrite(convert, wanted):
    def run(apps, schema_editor):
        connection = schema_editor.connection
        table = connection.ops.quote_name("accounts_user")
        with connection.cursor() as cursor:
            cursor.execute(f"SELECT id, phone FROM {table} WHERE phone <> ''")
            rows = [(pk, phone) for pk, phone in cursor.fetchall() if phone and wanted(phone)]
            for pk, phone in rows:
                cursor.execute(f"UPDATE {table} SET phone = %s WHERE id = %s", [convert(phone), pk])

    return run


encrypt_all = _rewrite(gonghui.core.crypto.encrypt, lambda v: not v.startswith(gonghui.core.crypto.PREFIX))
decrypt_all = _rewrite(gonghui.core.crypto.decrypt, lambda v: v.startswith(gonghui.core.crypto.PREFIX))


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0001_initial"),
    ]

    operations = [
        migrations.AlterField(
            model_name="user",
            name="phone",
            field=gonghui.core.crypto.EncryptedCharField(blank=True, verbose_name="phone"),
        ),
        migrations.RunPython(encrypt_all, decrypt_all),
    ]
