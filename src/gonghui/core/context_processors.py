"""What every staff page needs: the menu for the user's roles and their scope."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest

from gonghui.core.menu import menu_for


def shell(request: HttpRequest) -> dict[str, Any]:
    from gonghui.accounts.scoping import assignments

    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    grants = assignments(user)
    return {"shell_menu": menu_for(request, user), "shell_grants": grants}
