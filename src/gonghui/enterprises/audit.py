"""Register the enterprise registry with the audit log."""

from auditlog.registry import auditlog

from gonghui.enterprises.models import Enterprise

# The pinyin columns are derived from the name; logging them would only repeat the name's change.
auditlog.register(Enterprise, exclude_fields=["updated_at", "name_pinyin", "name_initials"])
