"""Demo users: one per role, all with the demo-only password."""

from __future__ import annotations

from gonghui.accounts.models import RoleAssignment, User
from gonghui.accounts.roles import Role
from gonghui.orgs.models import Organisation

DEMO_PASSWORD = "gonghui-demo"  # exists only in the demo county

# username, display name, role, where (key of the organisations the orgs demo returns)
DEMO_USERS: list[tuple[str, str, str | None, str | None]] = [
    ("admin", "县总工会管理员", Role.FEDERATION_ADMIN, "federation"),
    ("township1", "南江镇工会干部", Role.CADRE, "township1"),
    ("township2", "长赤镇工会干部", Role.CADRE, "township2"),
    ("chair1", "基层工会主席", Role.CHAIR, "grassroots1"),
    ("finance", "财务人员", Role.FINANCE, "federation"),
    ("auditor", "经审纪检人员", Role.AUDITOR, "federation"),
    ("lawyer", "法律顾问", Role.LEGAL_ADVISER, "federation"),
    ("counsellor", "心理咨询师", Role.COUNSELLOR, "federation"),
    ("editor", "门户编辑", Role.EDITOR, "federation"),
    ("worker1", "职工李阳", None, None),
]


def load(orgs: dict[str, Organisation]) -> list[User]:
    users = []
    for username, name, role, where in DEMO_USERS:
        kind = User.Kind.WORKER if role is None else User.Kind.STAFF
        user, created = User.objects.get_or_create(
            username=username, defaults={"display_name": name, "kind": kind}
        )
        if created or not user.check_password(DEMO_PASSWORD):
            user.set_password(DEMO_PASSWORD)
            user.is_active = True
            user.save()
        if role and where:
            RoleAssignment.objects.get_or_create(user=user, role=role, org=orgs[where])
        users.append(user)
    return users
