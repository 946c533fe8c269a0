import datetime
from decimal import Decimal

import pytest
from django.db import IntegrityError

from gonghui.core.errors import Conflict, DomainError, PermissionDenied
from gonghui.hardship import queries, services
from gonghui.hardship.models import FileEvent, HardshipFile
from gonghui.hardship.tests.conftest import active_file, open_file

S = HardshipFile.Status


def test_a_new_file_snapshots_per_capita_income_the_standard_and_suggests_deep_hardship(county, welfare):
    row = open_file(county, welfare.wang, causes=["illness", "education"])
    assert row.status == S.APPLICATION
    assert row.org == county.township1
    assert row.per_capita_income == Decimal("400.00")  # 1,200 yuan for three
    assert row.household_size == 3
    assert row.standard == Decimal("500.00")
    assert row.suggested_category == "deep"
    assert row.cause_list == ["illness", "education"]
    assert FileEvent.objects.filter(file=row, to_status=S.APPLICATION).count() == 1


def test_a_person_of_a_grassroots_union_gets_a_file_kept_by_the_township(county, welfare):
    assert open_file(county, welfare.li, causes=["unemployment"]).org == county.township1


def test_a_file_and_a_campaign_grant_name_the_same_keeping_union_for_a_street_unions_person(county, welfare):
    from gonghui.conftest import add_org
    from gonghui.hardship.campaigns import keeping_orgs
    from gonghui.hardship.tests.conftest import make_person

    street = add_org(county.federation, name="集州街道工会", code="S1", kind="street")
    unit = add_org(street, name="集州街道社区工会", code="S1-G1", kind="grassroots")
    person = make_person(county, unit, "街道人", 71)
    assert services.keeping_org(person) == street
    assert keeping_orgs([unit.pk]) == {unit.pk: street.pk}


def test_overriding_the_suggested_category_needs_a_reason(county, welfare):
    row = open_file(county, welfare.wang)
    with pytest.raises(DomainError) as err:
        services.file_confirm_category(by=county.user("township1"), file=row, category="relative")
    assert err.value.field == "category_reason"
    row = services.file_confirm_category(
        by=county.user("township1"), file=row, category="relative", reason="另有低保收入"
    )
    assert (row.category, row.category_reason) == ("relative", "另有低保收入")
    row = services.file_confirm_category(by=county.user("township1"), file=row, category="deep")
    assert row.category_reason == ""


def test_one_open_file_per_person_is_refused_by_the_service_and_the_database(county, welfare):
    row = open_file(county, welfare.wang)
    with pytest.raises(Conflict):
        open_file(county, welfare.wang)
    with pytest.raises(IntegrityError):
        HardshipFile.objects.create(
            org=row.org, person=row.person, applied_on=row.applied_on, created_by=row.created_by
        )


def test_a_closed_file_lets_the_person_be_filed_again(county, welfare):
    row = open_file(county, welfare.wang)
    services.file_cancel(by=county.user("township1"), file=row, reason="false_information")
    assert open_file(county, welfare.wang).status == S.APPLICATION


def test_the_whole_lifecycle_from_application_to_active_sets_the_annual_review(county, welfare):
    row = active_file(county, welfare.wang)
    today = datetime.date.today()
    assert row.status == S.ACTIVE
    assert row.approved_on == today
    assert row.review_due_on.year == today.year + 1
    steps = list(FileEvent.objects.filter(file=row).values_list("from_status", "to_status"))
    assert [s for s in steps if s[0] != s[1]] == [
        ("", S.APPLICATION),
        (S.APPLICATION, S.TOWNSHIP_REVIEW),
        (S.TOWNSHIP_REVIEW, S.FEDERATION_APPROVAL),
        (S.FEDERATION_APPROVAL, S.ACTIVE),
    ]


def test_only_the_federation_gives_the_final_approval(county, welfare):
    cadre = county.user("township1")
    row = open_file(county, welfare.wang)
    services.file_confirm_category(by=cadre, file=row, category="deep")
    services.file_submit_review(by=cadre, file=row)
    services.file_approve(by=cadre, file=row)
    with pytest.raises(PermissionDenied):
        services.file_approve(by=cadre, file=row)


def test_a_file_without_a_confirmed_category_is_not_approved(county, welfare):
    cadre = county.user("township1")
    row = open_file(county, welfare.wang)
    services.file_submit_review(by=cadre, file=row)
    services.file_approve(by=cadre, file=row)
    with pytest.raises(DomainError) as err:
        services.file_approve(by=county.user("admin"), file=row)
    assert err.value.field == "category"


@pytest.mark.parametrize(
    ("verb", "kwargs"),
    [
        ("file_approve", {}),
        ("file_review_annual", {}),
        ("file_lift", {"reason": "再就业"}),
    ],
)
def test_illegal_moves_from_an_application_answer_409_and_change_nothing(county, welfare, verb, kwargs):
    row = open_file(county, welfare.wang)
    with pytest.raises(Conflict) as err:
        getattr(services, verb)(by=county.user("admin"), file=row, **kwargs)
    assert err.value.status == 409
    assert "cannot move" in str(err.value)
    row.refresh_from_db()
    assert row.status == S.APPLICATION


def test_submitting_twice_is_refused(county, welfare):
    row = open_file(county, welfare.wang)
    services.file_submit_review(by=county.user("township1"), file=row)
    with pytest.raises(Conflict):
        services.file_submit_review(by=county.user("township1"), file=row)


def test_a_lifted_or_cancelled_file_moves_no_more(county, welfare):
    cadre = county.user("township1")
    lifted = active_file(county, welfare.wang)
    services.file_lift(by=cadre, file=lifted, reason="子女就业，收入超过标准")
    lifted.refresh_from_db()
    assert (lifted.status, lifted.close_reason) == (S.LIFTED, "子女就业，收入超过标准")
    for verb, kwargs in (
        ("file_lift", {"reason": "x"}),
        ("file_cancel", {"reason": "deceased"}),
        ("file_review_annual", {}),
        ("file_submit_review", {}),
    ):
        with pytest.raises(Conflict):
            getattr(services, verb)(by=cadre, file=lifted, **kwargs)


def test_lifting_needs_a_reason_and_cancelling_a_known_reason(county, welfare):
    cadre = county.user("township1")
    row = active_file(county, welfare.wang)
    with pytest.raises(DomainError):
        services.file_lift(by=cadre, file=row, reason=" ")
    with pytest.raises(DomainError):
        services.file_cancel(by=cadre, file=row, reason="bored")
    row = services.file_cancel(by=cadre, file=row, reason="deceased", note="2015年3月病故")
    assert (row.status, row.cancel_reason) == (S.CANCELLED, "deceased")


@pytest.mark.parametrize("status", [S.APPLICATION, S.TOWNSHIP_REVIEW, S.FEDERATION_APPROVAL, S.ACTIVE])
def test_a_file_in_any_open_status_can_be_cancelled(county, welfare, status):
    row = open_file(county, welfare.wang)
    HardshipFile.objects.filter(pk=row.pk).update(status=status)
    assert services.file_cancel(by=county.user("township1"), file=row, reason="moved").status == S.CANCELLED


def test_the_annual_review_takes_a_new_snapshot_and_moves_the_due_date(county, welfare):
    row = active_file(county, welfare.wang)
    HardshipFile.objects.filter(pk=row.pk).update(
        review_due_on=datetime.date.today() - datetime.timedelta(days=3)
    )
    assert list(queries.annual_overdue(county.user("township1"))) == [row]
    assert queries.is_overdue(HardshipFile.objects.get(pk=row.pk))
    row = services.file_review_annual(by=county.user("township1"), file=row, note="入户核查")
    assert row.reviewed_on == datetime.date.today()
    assert row.review_due_on == datetime.date.today().replace(year=datetime.date.today().year + 1)
    assert not queries.annual_overdue(county.user("township1")).exists()
    assert list(queries.annual_due(county.user("township1"), within_days=400)) == [row]


def test_a_deceased_person_gets_no_new_file(county, welfare):
    welfare.li.status = "deceased"
    welfare.li.save()
    with pytest.raises(Conflict):
        open_file(county, welfare.li)


def test_causes_are_searchable_one_by_one(county, welfare):
    open_file(county, welfare.wang, causes=["illness", "education"])
    open_file(county, welfare.li, causes=["unemployment"])
    user = county.user("township1")
    assert [f.person for f in queries.file_list(user, {"cause": "education"})] == [welfare.wang]
    assert [f.person for f in queries.file_list(user, {"cause": "unemployment"})] == [welfare.li]
    assert queries.file_list(user, {"cause": "disaster"}).count() == 0


def test_unknown_causes_are_refused(county, welfare):
    with pytest.raises(DomainError) as err:
        open_file(county, welfare.wang, causes=["laziness"])
    assert err.value.field == "causes"
