"""Reads for the account pages."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from axes.helpers import get_cool_off
from axes.models import AccessAttempt
from django.db.models import Q, QuerySet, Sum
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from gonghui.accounts import scoping
from gonghui.accounts.models import ApiToken, RoleAssignment, User
from gonghui.core.errors import NotFound


def _not_found() -> NotFound:
    return NotFound(_("Not found, or outside your scope."))


def _managers_only(viewer: Any) -> None:
    """Accounts are read by federation administrators only; to anyone else they do not exist."""
    if not scoping.has_perm(viewer, "accounts.manage"):
        raise _not_found()


def user_list(viewer: Any, q: str = "") -> QuerySet[User]:
    """Every account, searchable by username or name, for whoever may manage accounts."""
    _managers_only(viewer)
    users = User.objects.prefetch_related("roles__org").order_by("username")
    if q:
        users = users.filter(Q(username__icontains=q) | Q(display_name__icontains=q))
    return users


def user_get(viewer: Any, pk: int) -> User:
    _managers_only(viewer)
    try:
        return User.objects.get(pk=pk)
    except User.DoesNotExist:
        raise _not_found() from None


def user_roles(viewer: Any, account: User) -> QuerySet[RoleAssignment]:
    _managers_only(viewer)
    return account.roles.select_related("org").order_by("org__path", "role")


def assignment_get(viewer: Any, pk: int) -> RoleAssignment:
    _managers_only(viewer)
    try:
        return RoleAssignment.objects.select_related("user", "org").get(pk=pk)
    except RoleAssignment.DoesNotExist:
        raise _not_found() from None


def user_tokens(viewer: Any, account: User) -> QuerySet[ApiToken]:
    """An account's tokens, newest first: one's own, or anyone's for an administrator."""
    if account.pk != viewer.pk:
        _managers_only(viewer)
    return ApiToken.objects.filter(user=account).select_related("user").order_by("-created_at")


def token_get(viewer: Any, pk: int) -> ApiToken:
    """One's own token only; another user's token is not there."""
    try:
        return ApiToken.objects.get(pk=pk, user=viewer)
    except ApiToken.DoesNotExist:
        raise _not_found() from None


def failed_logins(viewer: Any, account: User) -> int:
    """Failed sign-ins still counting towards a lock (within the cool-off period)."""
    _managers_only(viewer)
    since = timezone.now() - (get_cool_off() or timedelta(days=3650))
    attempts = AccessAttempt.objects.filter(username=account.username, attempt_time__gte=since)
    return attempts.aggregate(n=Sum("failures_since_start"))["n"] or 0
