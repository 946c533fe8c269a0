"""Authentication backend: passwords as Django checks them, permissions from role assignments."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.backends import ModelBackend

from gonghui.accounts import scoping


class RoleBackend(ModelBackend):
    """``user.has_perm("orgs.change", org)`` answers from the user's roles over ``org``'s subtree."""

    def has_perm(self, user_obj: Any, perm: str, obj: Any = None) -> bool:
        if not user_obj.is_active:
            return False
        org = getattr(obj, "org", obj) if obj is not None else None
        if org is not None and not hasattr(org, "path"):
            return False
        return scoping.has_perm(user_obj, perm, org)

    def has_module_perms(self, user_obj: Any, app_label: str) -> bool:
        return False
