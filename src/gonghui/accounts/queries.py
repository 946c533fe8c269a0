"""Reads for the account pages."""

from __future__ import annotations

from typing import Any

from django.db.models import Q, QuerySet

from gonghui.accounts.models import ApiToken, RoleAssignment, User
from gonghui.core.errors import NotFound


def user_list(viewer: Any, q: str = "") -> QuerySet[User]:
    """Users, for whoever may manage them (the caller checks ``accounts.manage``)."""
    users = User.objects.prefetch_related("roles__org").order_by("username")
    if q:
        users = users.filter(Q(username__icontains=q) | Q(display_name__icontains=q))
    return users


def user_get(viewer: Any, pk: int) -> User:
    try:
        return User.objects.get(pk=pk)
    except User.DoesNotExist:
        raise NotFound("") from None


def assignment_get(viewer: Any, pk: int) -> RoleAssignment:
    try:
        return RoleAssignment.objects.select_related("user", "org").get(pk=pk)
    except RoleAssignment.DoesNotExist:
        raise NotFound("") from None


def token_get(viewer: Any, pk: int) -> ApiToken:
    """One's own token only; another user's token is not there."""
    try:
        return ApiToken.objects.get(pk=pk, user=viewer)
    except ApiToken.DoesNotExist:
        raise NotFound("") from None
