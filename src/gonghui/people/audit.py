"""Register the registry with the audit log: ID numbers and phones masked, blind indexes left out."""

from auditlog.registry import auditlog

from gonghui.people.models import (
    DuplicateDecision,
    Household,
    HouseholdMember,
    Membership,
    MembershipTransfer,
    Person,
)

# The blind indexes would let anyone holding the log confirm a guessed number, and the pinyin
# columns only repeat the name; search tokens are derived data and not logged at all.
auditlog.register(
    Person,
    mask_fields=["id_number", "phone", "disability_cert_number"],
    exclude_fields=["id_number_bidx", "phone_bidx", "name_pinyin", "name_initials", "updated_at"],
)
# A household's history (who joined, left, earned what) is its member rows' log.
auditlog.register(Household, exclude_fields=["updated_at"])
auditlog.register(HouseholdMember, mask_fields=["id_number"], exclude_fields=["id_number_bidx", "updated_at"])
auditlog.register(Membership, exclude_fields=["updated_at"])
auditlog.register(MembershipTransfer)
auditlog.register(DuplicateDecision)
