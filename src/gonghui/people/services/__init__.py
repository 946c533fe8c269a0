"""Every change to the registry, one function per verb: people, households, memberships, duplicates.

Check, then do; one transaction each; a DomainError for bad input. The submodules hold the
rules; this package names the public verbs in one place.
"""

from gonghui.people.services.duplicates import duplicate_mark_distinct, person_merge
from gonghui.people.services.households import (
    household_add_member,
    household_create,
    household_delete,
    household_remove_member,
    household_update,
    household_update_member,
)
from gonghui.people.services.memberships import membership_join, membership_leave, membership_transfer
from gonghui.people.services.persons import (
    EDITABLE,
    PERM_CHANGE,
    ensure_live,
    person_create,
    person_set_status,
    person_update,
)

__all__ = [
    "EDITABLE",
    "PERM_CHANGE",
    "duplicate_mark_distinct",
    "ensure_live",
    "household_add_member",
    "household_create",
    "household_delete",
    "household_remove_member",
    "household_update",
    "household_update_member",
    "membership_join",
    "membership_leave",
    "membership_transfer",
    "person_create",
    "person_merge",
    "person_set_status",
    "person_update",
]
