"""Register the organisation models with the audit log."""

from auditlog.registry import auditlog

from gonghui.orgs.models import Organisation, Region, ServicePoint

auditlog.register(Organisation, exclude_fields=["updated_at", "numchild"])
auditlog.register(Region, exclude_fields=["updated_at"])
auditlog.register(ServicePoint, exclude_fields=["updated_at"])
