"""Every change to the organisation tree, service points and regions.

Structural changes (move, merge, close) need ``orgs.change`` over the organisation's parent, so a
township cadre may reorganise the unions under the township but not the township itself.
"""

from __future__ import annotations

import datetime
from typing import Any

from django.apps import apps
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from gonghui.accounts import scoping
from gonghui.accounts.models import RoleAssignment
from gonghui.core.audit import record_event
from gonghui.core.errors import Conflict, DomainError
from gonghui.core.models import OrgOwned
from gonghui.orgs.models import Organisation, Region, ServicePoint

Kind = Organisation.Kind

ORG_FIELDS = ("name", "code", "kind", "region", "address", "phone", "chair_name", "member_count")


def _lock(org: Organisation) -> Organisation:
    """Re-read one organisation under a row lock."""
    return Organisation.objects.select_for_update().get(pk=org.pk)


def _check_kind_under(kind: str, parent: Organisation | None) -> None:
    if kind not in Kind.values:
        raise DomainError(_("Choose a kind of organisation."), field="kind")
    allowed = Organisation.PARENT_KINDS[Kind(kind)]
    if parent is None:
        if allowed:
            raise DomainError(_("Only a federation can stand at the top of the tree."), field="parent")
        return
    if parent.kind not in allowed:
        raise DomainError(
            _("A %(kind)s cannot be placed under a %(parent)s.")
            % {"kind": Kind(kind).label, "parent": parent.get_kind_display()},
            field="parent",
        )
    if not parent.is_active:
        raise DomainError(_("The parent organisation is closed."), field="parent")


def _check_code(code: str, exclude_pk: int | None = None) -> None:
    if not code:
        return
    clash = Organisation.objects.filter(code=code)
    if exclude_pk:
        clash = clash.exclude(pk=exclude_pk)
    if clash.exists():
        raise DomainError(_("Another organisation already uses this code."), field="code")


def _next_code(parent: Organisation) -> str:
    base = f"{parent.code}-"
    n = Organisation.objects.get_children_count(parent) + 1
    while Organisation.objects.filter(code=f"{base}{n:03d}").exists():
        n += 1
    return f"{base}{n:03d}"


def _clean_name(name: str) -> str:
    name = (name or "").strip()
    if not name:
        raise DomainError(_("Enter the organisation's name."), field="name")
    return name


@transaction.atomic
def org_create_root(*, name: str, code: str, region: Region | None = None, **fields: Any) -> Organisation:
    """Create a federation at the top of a tree (set-up and the demo only; no user path reaches it)."""
    _check_code(code)
    return Organisation.objects.add_root(
        create_kwargs={
            "name": _clean_name(name),
            "code": code,
            "kind": Kind.FEDERATION,
            "region": region,
            **fields,
        }
    )


@transaction.atomic
def org_create(
    *, by: Any, parent: Organisation, name: str, kind: str, code: str = "", **fields: Any
) -> Organisation:
    """Add an organisation under ``parent``."""
    scoping.require(by, "orgs.change", parent)
    name = _clean_name(name)
    # Check the parent as it is now, under its lock: it may have been closed since it was read.
    parent = _lock(parent)
    _check_kind_under(kind, parent)
    code = (code or "").strip()
    _check_code(code)
    values = {k: v for k, v in fields.items() if k in ORG_FIELDS and v is not None}
    try:
        with transaction.atomic():
            return Organisation.objects.add_child(
                parent,
                create_kwargs={"name": name, "kind": kind, "code": code or _next_code(parent), **values},
            )
    except IntegrityError:
        raise DomainError(_("Another organisation already uses this code."), field="code") from None


@transaction.atomic
def org_update(*, by: Any, org: Organisation, **fields: Any) -> Organisation:
    """Change an organisation's details (not its place in the tree: see org_move)."""
    scoping.require(by, "orgs.change", org)
    org = _lock(org)
    if not org.is_active:
        raise Conflict(_("A closed organisation cannot be changed."))
    if "name" in fields:
        fields["name"] = _clean_name(fields["name"])
    if "code" in fields:
        fields["code"] = (fields["code"] or "").strip() or org.code
        _check_code(fields["code"], exclude_pk=org.pk)
    if "kind" in fields and fields["kind"] != org.kind:
        _check_kind_under(fields["kind"], Organisation.objects.get_parent(org))
        if Organisation.objects.get_children(org).exclude(kind__in=_child_kinds(fields["kind"])).exists():
            raise DomainError(_("Its present sub-organisations cannot stand under this kind."), field="kind")
    for key, value in fields.items():
        # None means "not given", except for the region, which may be cleared.
        if key in ORG_FIELDS and (value is not None or key == "region"):
            setattr(org, key, value)
    org.save()
    return org


def _child_kinds(kind: str) -> list[str]:
    return [child for child, parents in Organisation.PARENT_KINDS.items() if kind in parents]


def _require_structural(by: Any, org: Organisation) -> Organisation | None:
    parent = Organisation.objects.get_parent(org)
    if parent is None:
        raise DomainError(_("The federation at the top of the tree cannot be moved, merged or closed."))
    scoping.require(by, "orgs.change", parent)
    return parent


@transaction.atomic
def org_move(*, by: Any, org: Organisation, new_parent: Organisation) -> Organisation:
    """Move an organisation, with everything under it, to another parent."""
    old_parent = _require_structural(by, org)
    scoping.require(by, "orgs.change", new_parent)
    org = _lock(org)
    new_parent = _lock(new_parent)
    if not org.is_active:
        raise Conflict(_("A closed organisation cannot be moved."))
    if new_parent.pk == org.pk or new_parent.path.startswith(org.path):
        raise DomainError(_("An organisation cannot be moved under itself."), field="parent")
    _check_kind_under(org.kind, new_parent)
    if old_parent and old_parent.pk == new_parent.pk:
        return org
    Organisation.objects.move(org, new_parent, "last-child")
    org.refresh_from_db()
    record_event(org, user=by, changes={"parent": [old_parent, new_parent]}, note="move")
    return org


def _owned_models() -> list[type]:
    """Models whose rows move with their organisation: the owned ones, and derived rows that copy
    their owner's organisation (``moves_with_org``, such as people's search tokens)."""
    return [
        m
        for m in apps.get_models()
        if (issubclass(m, OrgOwned) or getattr(m, "moves_with_org", False)) and not m._meta.abstract
    ]


@transaction.atomic
def org_merge(
    *, by: Any, org: Organisation, into: Organisation, on: datetime.date | None = None
) -> Organisation:
    """Merge ``org`` into ``into``: its sub-organisations, records and roles move; it stays as history."""
    _require_structural(by, org)
    scoping.require(by, "orgs.change", into)
    first, second = sorted([org, into], key=lambda o: o.pk)
    _lock(first), _lock(second)
    org.refresh_from_db()
    into.refresh_from_db()
    if org.pk == into.pk or into.path.startswith(org.path):
        raise DomainError(
            _("An organisation cannot be merged into itself or into one under it."), field="into"
        )
    if not org.is_active or not into.is_active:
        raise Conflict(_("Only open organisations can be merged."))
    if org.kind != into.kind:
        raise DomainError(_("Only organisations of the same kind can be merged."), field="into")
    moved: dict[str, int] = {}
    for child in list(Organisation.objects.get_children(org)):
        Organisation.objects.move(child, into, "last-child")
        into.refresh_from_db()
        moved["organisations"] = moved.get("organisations", 0) + 1
    for model in _owned_models():
        count = model.objects.filter(org=org).update(org=into)
        if count:
            moved[model._meta.label_lower] = count
    roles = 0
    for assignment in RoleAssignment.objects.filter(org=org):
        if not RoleAssignment.objects.filter(user=assignment.user, role=assignment.role, org=into).exists():
            RoleAssignment.objects.filter(pk=assignment.pk).update(org=into)
            roles += 1
        else:
            assignment.delete()
    org.refresh_from_db()
    org.status = Organisation.Status.MERGED
    org.merged_into = into
    org.closed_on = on or timezone.localdate()
    org.close_reason = str(_("Merged into %(name)s") % {"name": into.name})
    org.save()
    record_event(
        org, user=by, changes={"merged_into": [None, into]}, note=f"merge moved={moved} roles={roles}"
    )
    return org


@transaction.atomic
def org_close(*, by: Any, org: Organisation, reason: str, on: datetime.date | None = None) -> Organisation:
    """Close an organisation; its records and history stay, it takes nothing new."""
    _require_structural(by, org)
    org = _lock(org)
    if not org.is_active:
        raise Conflict(_("This organisation is already closed."))
    reason = (reason or "").strip()
    if not reason:
        raise DomainError(_("Give the reason for closing."), field="reason")
    if Organisation.objects.get_children(org).filter(status=Organisation.Status.ACTIVE).exists():
        raise DomainError(_("Close or move its open sub-organisations first."))
    org.status = Organisation.Status.CLOSED
    org.closed_on = on or timezone.localdate()
    org.close_reason = reason[:300]
    org.save()
    return org


SERVICE_POINT_FIELDS = (
    "name",
    "kind",
    "region",
    "city",
    "address",
    "phone",
    "hours",
    "services",
    "is_active",
)


@transaction.atomic
def service_point_save(
    *, by: Any, org: Organisation, point: ServicePoint | None = None, **fields: Any
) -> ServicePoint:
    """Create a service point (``point`` None) or change one; both need the right over its organisation."""
    scoping.require(by, "servicepoints.change", org)
    if point is not None:
        scoping.require(by, "servicepoints.change", point.org)
    org = _lock(org)
    if not org.is_active and (point is None or point.org_id != org.pk):
        raise DomainError(_("A closed organisation takes no new service points."), field="org")
    point = point or ServicePoint(org=org)
    point.org = org
    values = {k: v for k, v in fields.items() if k in SERVICE_POINT_FIELDS}
    if "name" in values:
        values["name"] = (values["name"] or "").strip()
    if not values.get("name", point.name):
        raise DomainError(_("Enter the service point's name."), field="name")
    if values.get("kind", point.kind) not in ServicePoint.Kind.values:
        raise DomainError(_("Choose a kind of service point."), field="kind")
    for key, value in values.items():
        setattr(point, key, value)
    if values.get("kind", point.kind) == ServicePoint.Kind.MIGRANT_STATION and not point.city:
        raise DomainError(_("An out-of-town station needs the city where it is."), field="city")
    if ServicePoint.objects.filter(org=org, name=point.name).exclude(pk=point.pk).exists():
        raise DomainError(_("This organisation already has a service point of that name."), field="name")
    point.save()
    return point
