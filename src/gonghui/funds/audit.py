"""Register the funds app with the audit log.

Ledger entries are only ever created, so their log rows are creations; a bulk posting
(``services.post_many``) writes one summary event on each fund instead of one row per entry.
"""

from auditlog.registry import auditlog

from gonghui.funds.models import Donation, DonationLine, Fund, FundBudget, GoodsItem, LedgerEntry

auditlog.register(Fund, exclude_fields=["updated_at"])
auditlog.register(FundBudget, exclude_fields=["updated_at"])
auditlog.register(GoodsItem, exclude_fields=["updated_at"])
auditlog.register(LedgerEntry, exclude_fields=["updated_at", "created_at"])
auditlog.register(Donation, exclude_fields=["updated_at"])
auditlog.register(DonationLine)
