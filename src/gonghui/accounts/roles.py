"""Roles and what each may do.

A permission is ``"<area>.<action>"``. A role grants a set of permissions; a user holds roles at
organisations (role × organisation), and a permission held at an organisation covers its whole
subtree. Later apps add their areas here, so the whole matrix can be read in one place.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    FEDERATION_ADMIN = "federation_admin", _("Federation administrator")
    CADRE = "cadre", _("Township / industry union cadre")
    CHAIR = "chair", _("Grassroots union chair")
    LEGAL_ADVISER = "legal_adviser", _("Legal adviser")
    COUNSELLOR = "counsellor", _("Counsellor")
    FINANCE = "finance", _("Finance officer")
    AUDITOR = "auditor", _("Auditor / supervisor")
    EDITOR = "editor", _("Portal editor")


# Read permissions: everyone on the staff side may look at the organisation tree in their scope.
_READ_ORGS = {"orgs.view"}
# The person registry: who may read it, change it, and see full ID numbers and phones. The full
# values are "people.reveal", not "people.view_full", so the auditor's "*.view" never matches it.
_READ_PEOPLE = {"people.view"}
_CHANGE_PEOPLE = {"people.change"}
_REVEAL_PEOPLE = {"people.reveal"}
# The enterprise registry: township cadres keep it, chairs keep their own enterprise's record.
_READ_ENTERPRISES = {"enterprises.view"}
_CHANGE_ENTERPRISES = {"enterprises.view", "enterprises.change"}
# Funds and donations: finance officers post, reverse and reconcile; township cadres read the funds
# their own township keeps (never the federation's); auditors read everything through *.view.
_READ_FUNDS = {"funds.view"}
_CHANGE_FUNDS = {"funds.view", "funds.change"}
# The rights platform: consultations, duty roster, cases and legal outreach. Counselling is apart,
# and its notes ("counselling.notes") are for counsellors only: see RESTRICTED below.
_CHANGE_RIGHTS = {"rights.view", "rights.change"}
_COUNSELLING = {"counselling.view", "counselling.change", "counselling.notes"}
# Collective bargaining and openness: cadres and chairs keep contracts and openness records.
_READ_BARGAINING = {"bargaining.view"}
_CHANGE_BARGAINING = {"bargaining.view", "bargaining.change"}
# Hardship files and aid: cadres file, review and approve within the aid rules' limits; finance
# disburses. Whoever approved an aid may not disburse it (hardship.services, SeparationPolicy).
_CHANGE_HARDSHIP = {"hardship.view", "hardship.change", "hardship.approve"}
_DISBURSE_HARDSHIP = {"hardship.view", "hardship.disburse"}

ROLE_PERMISSIONS: dict[str, frozenset[str]] = {
    Role.FEDERATION_ADMIN: frozenset({"*"}),
    Role.CADRE: frozenset(
        _READ_ORGS
        | {"orgs.change", "servicepoints.change"}
        | _READ_PEOPLE
        | _CHANGE_PEOPLE
        | _REVEAL_PEOPLE
        | _CHANGE_ENTERPRISES
        | _READ_FUNDS
        | _CHANGE_RIGHTS
        | _CHANGE_BARGAINING
        | _CHANGE_HARDSHIP
    ),
    Role.CHAIR: frozenset(
        _READ_ORGS | _READ_PEOPLE | _CHANGE_PEOPLE | _CHANGE_ENTERPRISES | _CHANGE_BARGAINING
    ),
    Role.LEGAL_ADVISER: frozenset(
        _READ_ORGS | _READ_PEOPLE | _READ_ENTERPRISES | _CHANGE_RIGHTS | _READ_BARGAINING
    ),
    Role.COUNSELLOR: frozenset(_READ_ORGS | _READ_PEOPLE | _READ_ENTERPRISES | _COUNSELLING),
    Role.FINANCE: frozenset(
        _READ_ORGS | _READ_PEOPLE | _READ_ENTERPRISES | _CHANGE_FUNDS | _DISBURSE_HARDSHIP
    ),
    # Read-only everything, the audit log included; no write permission of any kind.
    Role.AUDITOR: frozenset({"*.view", "audit.view", "audit.export"}),
    Role.EDITOR: frozenset(_READ_ORGS),
}

# Permissions that only ever mean reading; the auditor's "*.view" never matches anything else.
READ_ACTIONS = {"view", "export"}

# Permissions no wildcard ever grants: a role holds them only by naming them. The federation
# administrator's "*" must not open counselling notes (心灵驿站 notes are for counsellors alone).
RESTRICTED = frozenset({"counselling.notes"})


def role_grants(role: str, perm: str) -> bool:
    """Whether ``role`` grants ``perm``, with ``*`` and ``<area>.*`` / ``*.<action>`` wildcards."""
    granted = ROLE_PERMISSIONS.get(role, frozenset())
    if perm in RESTRICTED:
        return perm in granted
    if "*" in granted or perm in granted:
        return True
    area, _sep, action = perm.partition(".")
    return f"{area}.*" in granted or f"*.{action}" in granted
