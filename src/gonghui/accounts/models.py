"""Users, their roles at organisations, and API tokens."""

from __future__ import annotations

import hashlib

from django.conf import settings
from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from gonghui.accounts.roles import Role
from gonghui.core.crypto import EncryptedCharField


class User(AbstractUser):
    """A staff member or a worker of the public.

    Staff act through role assignments; a worker account has none and sees only its own
    records (appeals, applications, registrations).
    """

    class Kind(models.TextChoices):
        STAFF = "staff", _("Staff")
        WORKER = "worker", _("Worker / public")

    kind = models.CharField(_("account type"), max_length=8, choices=Kind.choices, default=Kind.STAFF)
    display_name = models.CharField(_("name"), max_length=60, blank=True)
    # Personal data: encrypted at rest like every phone number in the platform.
    phone = EncryptedCharField(_("phone"), blank=True)

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")

    def __str__(self) -> str:
        return self.display_name or self.username

    @property
    def is_worker(self) -> bool:
        return self.kind == self.Kind.WORKER


class RoleAssignment(models.Model):
    """A role held at an organisation; it covers the organisation's whole subtree."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="roles", verbose_name=_("user"))
    role = models.CharField(_("role"), max_length=20, choices=Role.choices)
    org = models.ForeignKey(
        "orgs.Organisation", on_delete=models.PROTECT, related_name="+", verbose_name=_("organisation")
    )
    created_at = models.DateTimeField(_("granted"), auto_now_add=True)

    class Meta:
        verbose_name = _("role assignment")
        verbose_name_plural = _("role assignments")
        constraints = [
            models.UniqueConstraint(fields=["user", "role", "org"], name="%(app_label)s_%(class)s_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.user} · {self.get_role_display()} · {self.org}"


def hash_token(raw: str) -> str:
    """Tokens are kept only as a hash; the raw value is shown once when issued."""
    return hashlib.sha256(raw.encode()).hexdigest()


class ApiToken(models.Model):
    """A bearer token for the REST API, scoped exactly like its user, revocable."""

    user = models.ForeignKey(
        User, on_delete=models.CASCADE, related_name="api_tokens", verbose_name=_("user")
    )
    name = models.CharField(_("name"), max_length=100, blank=True)
    key_hash = models.CharField(max_length=64, unique=True, editable=False)
    prefix = models.CharField(_("starts with"), max_length=12, editable=False)
    created_at = models.DateTimeField(_("issued"), auto_now_add=True)
    expires_at = models.DateTimeField(_("expires"))
    revoked_at = models.DateTimeField(_("revoked"), null=True, blank=True)
    last_used_at = models.DateTimeField(_("last used"), null=True, blank=True)

    class Meta:
        verbose_name = _("API token")
        verbose_name_plural = _("API tokens")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.prefix}… ({self.user})"

    @property
    def is_usable(self) -> bool:
        return self.revoked_at is None and self.expires_at > timezone.now() and self.user.is_active

    @staticmethod
    def default_expiry() -> timezone.datetime:
        return timezone.now() + timezone.timedelta(days=settings.API_TOKEN_DAYS)
