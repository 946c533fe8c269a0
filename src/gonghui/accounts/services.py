"""Account changes: tokens, users and role assignments. Every write is audited by auditlog."""

from __future__ import annotations

import math
import secrets
from typing import Any

from axes.helpers import get_cool_off
from axes.utils import reset as axes_reset
from django.contrib.auth import authenticate, password_validation
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from gonghui.accounts import scoping
from gonghui.accounts.models import ApiToken, RoleAssignment, User, hash_token
from gonghui.accounts.roles import Role
from gonghui.core.audit import record_event, set_request_actor
from gonghui.core.errors import DomainError, FieldError, NotFound

TOKEN_PREFIX = "gh_"


def lockout_message() -> str:
    """The message a locked account sees, on the sign-in page and from the API."""
    cool_off = get_cool_off()
    minutes = max(1, math.ceil(cool_off.total_seconds() / 60)) if cool_off else 0
    return gettext(
        "Too many failed sign-in attempts: this account is locked for %(minutes)s minutes. "
        "Try again later or ask the federation administrator to unlock it."
    ) % {"minutes": minutes}


def token_issue(
    *, request: HttpRequest | None, username: str, password: str, name: str = ""
) -> tuple[ApiToken, str]:
    """Check the password (through axes, so guessing locks the account) and issue a token.

    Returns the token row and the raw token, which is shown this once and stored only as a hash.
    """
    user = authenticate(request, username=username, password=password)
    if getattr(request, "axes_locked_out", False):
        raise DomainError(lockout_message(), status=403)
    if user is None:
        raise DomainError(_("Wrong username or password."), status=401)
    set_request_actor(user)
    return token_create(user=user, name=name)


@transaction.atomic
def token_create(*, user: User, name: str = "") -> tuple[ApiToken, str]:
    raw = TOKEN_PREFIX + secrets.token_urlsafe(32)
    token = ApiToken.objects.create(
        user=user,
        name=name[:100],
        key_hash=hash_token(raw),
        prefix=raw[:10],
        expires_at=ApiToken.default_expiry(),
    )
    return token, raw


@transaction.atomic
def token_revoke(*, token: ApiToken, by: User) -> ApiToken:
    """Revoke one's own token (or any token, for a federation administrator)."""
    if token.user_id != by.pk and not scoping.has_perm(by, "accounts.manage"):
        raise NotFound(_("Not found, or outside your scope."))
    if token.revoked_at is None:
        token.revoked_at = timezone.now()
        token.save(update_fields=["revoked_at"])
    return token


def _check_password(password: str, user: User | None = None) -> None:
    try:
        password_validation.validate_password(password, user)
    except ValidationError as exc:
        raise DomainError(
            exc.messages[0], field="password", errors=[FieldError("password", m) for m in exc.messages]
        ) from None


@transaction.atomic
def user_create(
    *,
    by: User,
    username: str,
    password: str,
    display_name: str = "",
    kind: str = User.Kind.STAFF,
    phone: str = "",
    role: str | None = None,
    org: Any = None,
) -> User:
    """Create an account; only a federation administrator manages users."""
    scoping.require(by, "accounts.manage")
    username = username.strip()
    if not username:
        raise DomainError(_("Enter a username."), field="username")
    if User.objects.filter(username__iexact=username).exists():
        raise DomainError(_("This username is already taken."), field="username")
    candidate = User(username=username, display_name=display_name, kind=kind, phone=phone)
    _check_password(password, candidate)
    candidate.set_password(password)
    candidate.save()
    if role:
        role_grant(by=by, user=candidate, role=role, org=org)
    return candidate


@transaction.atomic
def user_update(*, by: User, user: User, display_name: str, phone: str, is_active: bool) -> User:
    scoping.require(by, "accounts.manage")
    if user.pk == by.pk and not is_active:
        raise DomainError(_("You cannot deactivate your own account."), field="is_active")
    user.display_name, user.phone, user.is_active = display_name, phone, is_active
    user.save(update_fields=["display_name", "phone", "is_active"])
    if not is_active:
        ApiToken.objects.filter(user=user, revoked_at__isnull=True).update(revoked_at=timezone.now())
    return user


@transaction.atomic
def user_set_password(*, by: User, user: User, password: str) -> User:
    if by.pk != user.pk:
        scoping.require(by, "accounts.manage")
    _check_password(password, user)
    user.set_password(password)
    user.save(update_fields=["password"])
    return user


@transaction.atomic
def user_unlock(*, by: User, user: User) -> int:
    """Clear an account's failed sign-ins, so a locked account can sign in before the cool-off ends."""
    scoping.require(by, "accounts.manage")
    cleared = axes_reset(username=user.username)
    if cleared:
        record_event(user, user=by, changes={"failed_logins": [cleared, 0]}, note="sign-in unlocked")
    return cleared


@transaction.atomic
def role_grant(*, by: User, user: User, role: str, org: Any) -> RoleAssignment:
    scoping.require(by, "accounts.manage")
    if role not in Role.values:
        raise DomainError(_("Choose one of the listed roles."), field="role")
    if org is None:
        raise DomainError(_("Choose the organisation where the role is held."), field="org")
    if user.is_worker:
        raise DomainError(_("A worker account cannot hold a staff role."), field="role")
    try:
        with transaction.atomic():
            assignment = RoleAssignment.objects.create(user=user, role=role, org=org)
    except IntegrityError:
        raise DomainError(_("This user already holds that role there."), field="role") from None
    scoping.forget(user)
    return assignment


@transaction.atomic
def role_revoke(*, by: User, assignment: RoleAssignment) -> None:
    scoping.require(by, "accounts.manage")
    if assignment.user_id == by.pk and assignment.role == Role.FEDERATION_ADMIN:
        raise DomainError(_("You cannot remove your own administrator role."))
    assignment.delete()
