"""Membership: join, transfer with history, leave; one active membership per person; numbers unique."""

import datetime

import pytest
from django.db import IntegrityError
from django.utils import timezone

from gonghui.conftest import add_org
from gonghui.core.errors import Conflict, DomainError, PermissionDenied
from gonghui.people import services
from gonghui.people.models import Membership
from gonghui.people.tests.factories import MembershipFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def member(county, registry):
    """张三 (registered at grassroots 1) enrolled there by its chair."""
    return services.membership_join(
        by=county.user("chair1"),
        person=registry.zhang_san,
        union=county.grassroots1,
        joined_on=datetime.date(2015, 6, 28),
        member_number="ＨＹ－００１",
    )


@pytest.fixture
def grassroots1b(county):
    return add_org(county.township1, name="南江镇卫生院工会", code="T1-G2", kind="grassroots")


def test_joining_normalises_the_member_number_and_the_union_owns_the_membership(member, county):
    assert member.member_number == "HY-001"
    assert member.org == county.grassroots1 and member.status == "active"


def test_a_blank_member_number_is_generated_and_unique(county, registry):
    membership = services.membership_join(
        by=county.user("township1"), person=registry.li_si, union=county.grassroots1
    )
    assert membership.member_number.startswith(str(timezone.localdate().year))
    assert len(membership.member_number) == 14


def test_member_numbers_are_unique_in_the_whole_federation(member, county, registry):
    with pytest.raises(Conflict) as caught:
        services.membership_join(
            by=county.user("admin"), person=registry.wang_wu, union=county.grassroots2, member_number="hy-001"
        )
    assert caught.value.errors[0].field == "member_number"


def test_a_person_has_one_active_membership(member, county, registry, grassroots1b):
    with pytest.raises(Conflict) as caught:
        services.membership_join(by=county.user("township1"), person=registry.zhang_san, union=grassroots1b)
    assert caught.value.errors[0].field == "person"


def test_the_database_allows_one_active_membership_per_person_but_keeps_ended_ones(member, county):
    MembershipFactory(
        person=member.person, status="left", left_on=datetime.date(2021, 1, 1), left_reason="退会"
    )
    with pytest.raises(IntegrityError):
        MembershipFactory(person=member.person, org=county.grassroots1)


def test_ending_a_membership_needs_a_date_and_a_reason_in_the_database(member):
    member.status = "left"
    with pytest.raises(IntegrityError):
        member.save()


def test_only_an_open_grassroots_union_takes_members(county, registry):
    user = county.user("admin")
    with pytest.raises(DomainError) as caught:
        services.membership_join(by=user, person=registry.li_si, union=county.township1)
    assert caught.value.errors[0].field == "union"
    closed = add_org(
        county.township1,
        name="已撤销工会",
        code="T1-X",
        kind="grassroots",
        status="closed",
        closed_on=datetime.date(2020, 1, 1),
    )
    with pytest.raises(DomainError) as caught:
        services.membership_join(by=user, person=registry.li_si, union=closed)
    assert caught.value.errors[0].field == "union"


def test_a_person_who_is_not_active_cannot_join(county, registry):
    services.person_set_status(by=county.user("admin"), person=registry.li_si, status="deceased")
    registry.li_si.refresh_from_db()
    with pytest.raises(DomainError):
        services.membership_join(by=county.user("admin"), person=registry.li_si, union=county.grassroots1)


def test_joining_dates_cannot_be_in_the_future_or_before_birth(county, registry):
    user = county.user("admin")
    for day in [timezone.localdate() + datetime.timedelta(days=1), datetime.date(1960, 1, 1)]:
        with pytest.raises(DomainError) as caught:
            services.membership_join(by=user, person=registry.li_si, union=county.grassroots1, joined_on=day)
        assert caught.value.errors[0].field == "joined_on"


def test_the_chair_enrols_only_into_their_own_union(county, registry):
    with pytest.raises(PermissionDenied):
        services.membership_join(
            by=county.user("chair1"), person=registry.zhang_san, union=county.grassroots2
        )


def test_a_transfer_moves_the_membership_and_keeps_the_history(member, county, grassroots1b):
    moved = services.membership_transfer(
        by=county.user("township1"), membership=member, to_union=grassroots1b, on=datetime.date(2020, 3, 1)
    )
    assert moved.org == grassroots1b and moved.status == "active" and moved.member_number == "HY-001"
    transfer = moved.transfers.get()
    assert (transfer.from_union, transfer.to_union, transfer.on) == (
        county.grassroots1,
        grassroots1b,
        datetime.date(2020, 3, 1),
    )
    assert transfer.by == county.user("township1")


def test_a_transfer_needs_the_right_to_change_both_unions(member, county, grassroots1b):
    with pytest.raises(PermissionDenied):
        services.membership_transfer(by=county.user("chair1"), membership=member, to_union=grassroots1b)
    with pytest.raises(PermissionDenied):
        services.membership_transfer(
            by=county.user("township1"), membership=member, to_union=county.grassroots2
        )
    moved = services.membership_transfer(
        by=county.user("admin"), membership=member, to_union=county.grassroots2
    )
    assert moved.org == county.grassroots2


def test_a_transfer_goes_only_to_another_open_grassroots_union(member, county):
    user = county.user("admin")
    for union in [county.township2, county.grassroots1]:
        with pytest.raises(DomainError) as caught:
            services.membership_transfer(by=user, membership=member, to_union=union)
        assert caught.value.errors[0].field == "to_union"
    closed = add_org(
        county.township2,
        name="已撤销工会",
        code="T2-X",
        kind="grassroots",
        status="closed",
        closed_on=datetime.date(2020, 1, 1),
    )
    with pytest.raises(DomainError):
        services.membership_transfer(by=user, membership=member, to_union=closed)
    assert member.transfers.count() == 0


def test_a_transfer_cannot_predate_joining_or_the_last_move(member, county, grassroots1b):
    user = county.user("admin")
    with pytest.raises(DomainError):
        services.membership_transfer(
            by=user, membership=member, to_union=grassroots1b, on=datetime.date(2015, 1, 1)
        )
    services.membership_transfer(
        by=user, membership=member, to_union=grassroots1b, on=datetime.date(2020, 1, 1)
    )
    with pytest.raises(DomainError):
        services.membership_transfer(
            by=user, membership=member, to_union=county.grassroots1, on=datetime.date(2019, 1, 1)
        )


def test_leaving_needs_a_date_and_a_reason(member, county):
    user = county.user("chair1")
    with pytest.raises(DomainError) as caught:
        services.membership_leave(by=user, membership=member, on=None, reason="调离")
    assert caught.value.errors[0].field == "on"
    with pytest.raises(DomainError) as caught:
        services.membership_leave(by=user, membership=member, on=datetime.date(2021, 1, 1), reason=" ")
    assert caught.value.errors[0].field == "reason"
    left = services.membership_leave(by=user, membership=member, on=datetime.date(2021, 1, 1), reason="退休")
    assert (left.status, left.left_on, left.left_reason) == ("left", datetime.date(2021, 1, 1), "退休")


def test_an_ended_membership_cannot_be_ended_or_moved_again_but_the_person_can_join_anew(
    member, county, grassroots1b
):
    user = county.user("township1")
    services.membership_leave(
        by=user, membership=member, on=datetime.date(2021, 1, 1), reason="调往外县", status="transferred"
    )
    with pytest.raises(Conflict):
        services.membership_leave(by=user, membership=member, on=datetime.date(2021, 2, 1), reason="退会")
    with pytest.raises(Conflict):
        services.membership_transfer(by=user, membership=member, to_union=grassroots1b)
    again = services.membership_join(by=user, person=member.person, union=grassroots1b)
    assert again.pk != member.pk
    assert Membership.objects.filter(person=member.person).count() == 2


def test_township2_cannot_act_on_a_township1_membership(member, county):
    user = county.user("township2")
    with pytest.raises(PermissionDenied):
        services.membership_leave(by=user, membership=member, on=datetime.date(2021, 1, 1), reason="退会")
    with pytest.raises(PermissionDenied):
        services.membership_transfer(by=user, membership=member, to_union=county.grassroots2)
