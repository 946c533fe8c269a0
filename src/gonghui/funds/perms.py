"""The permissions of the funds app (granted in ``gonghui.accounts.roles``).

``funds.view``: finance officers, the federation administrator and auditors (``*.view``) over
their scope, and township cadres, who see the funds kept by their own township (and the
donations to them) but never the federation's. ``funds.change``: finance officers (and the
administrator): create funds, set budgets, record donations, post, reverse, void.
"""

FUNDS_VIEW = "funds.view"
FUNDS_CHANGE = "funds.change"
