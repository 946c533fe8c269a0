"""The one scoping mechanism: which organisations, and so which rows, a user may reach.

Every list, detail, export, search and API endpoint of every app reads organisation-owned rows
through :func:`visible_to`; a row outside the caller's scope is then simply not there, which is
why a guessed id answers 404 rather than 403.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, TypeVar

from django.db import models
from django.db.models import Q, QuerySet

from gonghui.accounts.roles import Role, role_grants
from gonghui.core.errors import NotFound, PermissionDenied

M = TypeVar("M", bound=models.Model)

_CACHE_ATTR = "_gonghui_assignments"


@dataclass(frozen=True)
class Grant:
    """One role at one organisation, as the permission checks need it."""

    role: str
    org_id: int
    org_path: str
    org_name: str

    @property
    def role_label(self) -> str:
        return str(Role(self.role).label)


def assignments(user: Any) -> list[Grant]:
    """The user's role grants, loaded once per request object."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return []
    cached = getattr(user, _CACHE_ATTR, None)
    if cached is None:
        rows = user.roles.select_related("org").order_by("org__path")
        cached = [Grant(r.role, r.org_id, r.org.path, r.org.name) for r in rows]
        setattr(user, _CACHE_ATTR, cached)
    return cached


def forget(user: Any) -> None:
    """Drop the cached grants after the user's roles changed."""
    if hasattr(user, _CACHE_ATTR):
        delattr(user, _CACHE_ATTR)


def scope_paths(user: Any, perm: str) -> list[str]:
    """Tree paths of the organisations under which ``user`` holds ``perm``, without nested repeats."""
    paths = sorted({g.org_path for g in assignments(user) if role_grants(g.role, perm)})
    roots: list[str] = []
    for path in paths:
        if not any(path.startswith(root) for root in roots):
            roots.append(path)
    return roots


def has_role(user: Any, *roles: str) -> bool:
    return any(g.role in roles for g in assignments(user))


def has_perm(user: Any, perm: str, org: Any | None = None) -> bool:
    """Whether ``user`` holds ``perm`` anywhere (``org`` None) or over the given organisation."""
    paths = scope_paths(user, perm)
    if org is None:
        return bool(paths)
    return any(org.path.startswith(p) for p in paths)


def org_filter(paths: list[str], prefix: str = "") -> Q:
    """A filter matching organisations under any of ``paths`` (``prefix`` reaches them through a relation)."""
    query = Q()
    for path in paths:
        query |= Q(**{f"{prefix}path__startswith": path})
    return query


def visible_orgs(user: Any, perm: str = "orgs.view") -> QuerySet:
    """The organisations a user may see with ``perm``."""
    from gonghui.orgs.models import Organisation

    paths = scope_paths(user, perm)
    if not paths:
        return Organisation.objects.none()
    return Organisation.objects.filter(org_filter(paths))


def visible_to(user: Any, queryset: QuerySet[M], perm: str) -> QuerySet[M]:
    """Limit ``queryset`` to rows whose owning organisation lies in the user's scope for ``perm``.

    The model names its owner in ``scope_field`` (``"org"`` by default; ``None`` for the
    organisation model itself, which is scoped by its own path).
    """
    model = queryset.model
    field = getattr(model, "scope_field", "org")
    paths = scope_paths(user, perm)
    if not paths:
        return queryset.none()
    if field is None:
        return queryset.filter(org_filter(paths))
    return queryset.filter(**{f"{field}__in": visible_orgs(user, perm).values("pk")})


def get_visible(user: Any, queryset: QuerySet[M], perm: str, **lookup: Any) -> M:
    """One row in scope, or NotFound: a row outside the scope looks exactly like a missing one."""
    return get_one(visible_to(user, queryset, perm), **lookup)


def get_one(scoped: QuerySet[M], **lookup: Any) -> M:
    """One row of a queryset already limited to what the user may see (its own rules), or NotFound."""
    try:
        return scoped.get(**lookup)
    except (scoped.model.DoesNotExist, ValueError, TypeError):
        raise NotFound(_not_found()) from None


def require(user: Any, perm: str, org: Any | None = None) -> None:
    """Raise PermissionDenied unless ``user`` holds ``perm`` (over ``org`` when given)."""
    if not has_perm(user, perm, org):
        raise PermissionDenied(_denied())


def is_federation_admin(user: Any) -> bool:
    return has_role(user, Role.FEDERATION_ADMIN)


def _not_found() -> Any:
    from django.utils.translation import gettext_lazy as _

    return _("Not found, or outside your scope.")


def _denied() -> Any:
    from django.utils.translation import gettext_lazy as _

    return _("You do not have permission to do this.")
