"""Register account models with the audit log; passwords and token hashes never enter it, phones masked."""

from auditlog.registry import auditlog

from gonghui.accounts.models import ApiToken, RoleAssignment, User

auditlog.register(User, exclude_fields=["password", "last_login"], mask_fields=["phone"])
auditlog.register(RoleAssignment)
auditlog.register(ApiToken, exclude_fields=["key_hash", "last_used_at"])
