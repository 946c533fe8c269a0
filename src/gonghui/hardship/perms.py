"""The hardship permissions (granted in accounts.roles)."""

HARDSHIP_VIEW = "hardship.view"
HARDSHIP_CHANGE = "hardship.change"
HARDSHIP_APPROVE = "hardship.approve"
HARDSHIP_DISBURSE = "hardship.disburse"
