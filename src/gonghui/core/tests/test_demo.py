"""The demo county matches the reference document and can be loaded twice."""

import pytest

from gonghui.accounts import demo as accounts_demo
from gonghui.accounts.demo import DEMO_PASSWORD, DEMO_USERS
from gonghui.accounts.models import RoleAssignment, User
from gonghui.accounts.scoping import visible_orgs
from gonghui.orgs import demo as orgs_demo
from gonghui.orgs.models import Organisation, ServicePoint

pytestmark = pytest.mark.django_db


def load_demo():
    """The organisation and account part of the demo; each app tests its own loader (the whole
    chain, with 60,000 people, is what `make run` and `make test` load before the suite)."""
    context = dict(orgs_demo.load())
    accounts_demo.load(context)
    return context


def test_demo_county_has_the_reference_documents_organisations():
    load_demo()
    assert Organisation.objects.filter(kind="federation").count() == 1
    assert Organisation.objects.filter(kind__in=["township", "street"]).count() == 20
    assert Organisation.objects.filter(kind="grassroots").count() == 155
    assert ServicePoint.objects.filter(kind="rights_point").count() == 12
    cities = set(ServicePoint.objects.filter(kind="migrant_station").values_list("city", flat=True))
    assert cities == {"西安市", "青岛市"}


def test_loading_the_demo_twice_changes_nothing():
    load_demo()
    counts = (
        Organisation.objects.count(),
        ServicePoint.objects.count(),
        User.objects.count(),
        RoleAssignment.objects.count(),
    )
    load_demo()
    assert counts == (
        Organisation.objects.count(),
        ServicePoint.objects.count(),
        User.objects.count(),
        RoleAssignment.objects.count(),
    )


def test_demo_users_have_the_demo_password_and_townships_are_apart():
    load_demo()
    for username, *_rest in DEMO_USERS:
        assert User.objects.get(username=username).check_password(DEMO_PASSWORD)
    one = set(visible_orgs(User.objects.get(username="township1")).values_list("pk", flat=True))
    two = set(visible_orgs(User.objects.get(username="township2")).values_list("pk", flat=True))
    assert one and two and not one & two
    chair = User.objects.get(username="chair1")
    chair_orgs = visible_orgs(chair)
    assert chair_orgs.count() == 1 and set(chair_orgs.values_list("pk", flat=True)) <= one


def test_demo_union_names_are_unique_within_each_township():
    load_demo()
    names = list(Organisation.objects.filter(kind="grassroots").values_list("name", flat=True))
    assert len(names) == len(set(names))
