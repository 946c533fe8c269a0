"""The permissions of the rights platform (granted in ``gonghui.accounts.roles``)."""

RIGHTS_VIEW = "rights.view"
RIGHTS_CHANGE = "rights.change"
COUNSELLING_VIEW = "counselling.view"
COUNSELLING_CHANGE = "counselling.change"
# Never granted by a wildcard (``roles.RESTRICTED``): the federation administrator does not hold it.
COUNSELLING_NOTES = "counselling.notes"
