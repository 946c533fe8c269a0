"""Register import jobs with the audit log: who uploaded, mapped, checked and imported what, and when.

The report (up to 10,000 messages) is left out of the change log; its counters are logged.
"""

from auditlog.registry import auditlog

from gonghui.core.models import ImportJob

auditlog.register(ImportJob, exclude_fields=["report", "updated_at", "progress", "headers"])
