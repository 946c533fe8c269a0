"""Shared fixtures: a federation with two townships and a user for every role.

federation (admin, auditor, finance, lawyer, counsellor, editor)
├── township 1 (township1)
│   └── grassroots 1a (chair1) ── group 1a-g
└── township 2 (township2)
    └── grassroots 2a
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import pytest
from django.conf import settings
from django.test import Client
from django.utils import translation

from gonghui.accounts.models import RoleAssignment, User
from gonghui.accounts.roles import Role
from gonghui.accounts.services import token_create
from gonghui.orgs.models import Organisation, Region, ServicePoint


@pytest.fixture(autouse=True)
def _default_language() -> Any:
    """Every test starts in the site's language (Chinese), whatever an earlier test activated."""
    translation.activate(settings.LANGUAGE_CODE)
    yield
    translation.activate(settings.LANGUAGE_CODE)


PASSWORD = "correct-horse-battery-9"


@dataclass
class County:
    federation: Organisation
    township1: Organisation
    township2: Organisation
    grassroots1: Organisation
    grassroots2: Organisation
    group1: Organisation
    region: Region
    users: dict[str, User]

    def user(self, name: str) -> User:
        return self.users[name]


def make_user(username: str, role: str | None, org: Organisation | None, kind: str = User.Kind.STAFF) -> User:
    user = User.objects.create_user(username=username, password=PASSWORD, kind=kind, display_name=username)
    if role and org:
        RoleAssignment.objects.create(user=user, role=role, org=org)
    return user


def add_org(parent: Organisation | None, **fields: Any) -> Organisation:
    """Add an organisation straight through the tree manager (test set-up, no permission checks)."""
    if parent is None:
        return Organisation.objects.add_root(create_kwargs=fields)
    parent = Organisation.objects.get(pk=parent.pk)
    return Organisation.objects.add_child(parent, create_kwargs=fields)


@pytest.fixture
def county(db: Any) -> County:
    region = Region.objects.create(code="511922", name="南江县", level=Region.Level.COUNTY)
    fed = add_org(None, name="南江县总工会", code="FED", kind="federation", region=region)
    t1 = add_org(fed, name="南江镇工会", code="T1", kind="township")
    t2 = add_org(fed, name="长赤镇工会", code="T2", kind="township")
    g1 = add_org(t1, name="南江镇中心小学工会", code="T1-G1", kind="grassroots")
    g2 = add_org(t2, name="长赤镇卫生院工会", code="T2-G1", kind="grassroots")
    grp = add_org(g1, name="一年级组", code="T1-G1-1", kind="group")
    fed = Organisation.objects.get(pk=fed.pk)
    users = {
        "admin": make_user("admin", Role.FEDERATION_ADMIN, fed),
        "auditor": make_user("auditor", Role.AUDITOR, fed),
        "finance": make_user("finance", Role.FINANCE, fed),
        "lawyer": make_user("lawyer", Role.LEGAL_ADVISER, fed),
        "counsellor": make_user("counsellor", Role.COUNSELLOR, fed),
        "editor": make_user("editor", Role.EDITOR, fed),
        "township1": make_user("township1", Role.CADRE, t1),
        "township2": make_user("township2", Role.CADRE, t2),
        "chair1": make_user("chair1", Role.CHAIR, g1),
        "worker1": make_user("worker1", None, None, kind=User.Kind.WORKER),
    }
    ServicePoint.objects.create(org=t1, name="南江镇维权工作点", kind="rights_point")
    ServicePoint.objects.create(org=t2, name="长赤镇维权工作点", kind="rights_point")
    return County(
        fed,
        Organisation.objects.get(pk=t1.pk),
        Organisation.objects.get(pk=t2.pk),
        Organisation.objects.get(pk=g1.pk),
        Organisation.objects.get(pk=g2.pk),
        Organisation.objects.get(pk=grp.pk),
        region,
        users,
    )


@pytest.fixture
def login(client: Client, county: County) -> Any:
    """``login("township1")`` signs that user in on the test client and returns the client."""

    def _login(username: str) -> Client:
        client.force_login(county.user(username))
        return client

    return _login


@pytest.fixture
def api(county: County) -> Any:
    """``api("township1")`` returns a client that sends that user's bearer token."""

    def _api(username: str) -> Client:
        _token, raw = token_create(user=county.user(username), name="test")
        return Client(HTTP_AUTHORIZATION=f"Bearer {raw}")

    return _api
