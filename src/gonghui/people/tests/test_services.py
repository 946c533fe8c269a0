"""Creating, changing and setting the status of people: derived fields, uniqueness, permissions."""

import datetime
from unittest import mock

import pytest
from auditlog.models import LogEntry

from gonghui.core.errors import Conflict, DomainError, PermissionDenied
from gonghui.people import services, tokens
from gonghui.people.models import Person, PersonSearchToken
from gonghui.people.services import persons as person_services
from gonghui.people.tests.conftest import id_for

pytestmark = pytest.mark.django_db

BIRTH = datetime.date(1988, 8, 8)
NUMBER = id_for(BIRTH, 125)  # odd 17th digit: male


def create(county, user="township1", org=None, **fields):
    fields.setdefault("name", "赵六")
    fields.setdefault("id_number", NUMBER)
    return services.person_create(by=county.user(user), org=org or county.township1, **fields)


def test_cadre_registers_a_person_with_sex_and_birth_date_derived_from_the_id(county):
    person = create(county, phone="+86 138-0000-1234")
    person.refresh_from_db()
    assert (person.sex, person.birth_date) == ("male", BIRTH)
    assert person.phone == "13800001234"
    assert (person.name_pinyin, person.name_initials) == ("zhaoliu", "zl")
    assert person.id_number_bidx and person.phone_bidx
    kinds = set(PersonSearchToken.objects.filter(person=person).values_list("kind", flat=True))
    assert kinds == {"nm", "py", "in", "id", "ph"}


def test_search_tokens_never_hold_the_id_or_phone_in_clear(county):
    person = create(county, phone="13800001234")
    stored = set(PersonSearchToken.objects.filter(person=person).values_list("token", flat=True))
    for secret in (NUMBER, "1234", NUMBER[-4:], NUMBER[-6:], "13800001234"):
        assert secret not in stored
    assert tokens.id_tail_hash(NUMBER[-4:]) in stored
    assert tokens.phone_tail_hash("1234") in stored


def test_id_number_and_phone_are_encrypted_in_the_database(county):
    from django.db import connection

    person = create(county, phone="13800001234")
    with connection.cursor() as cursor:
        cursor.execute("SELECT id_number, phone FROM people_person WHERE id = %s", [person.pk])
        raw_id, raw_phone = cursor.fetchone()
    assert raw_id.startswith("v1:") and NUMBER not in raw_id
    assert raw_phone.startswith("v1:") and "13800001234" not in raw_phone


def test_audit_log_masks_id_and_phone_and_leaves_out_blind_indexes(county):
    person = create(county, phone="13800001234")
    entry = LogEntry.objects.get_for_object(person).get(action=LogEntry.Action.CREATE)
    changes = entry.changes_dict
    assert NUMBER not in str(changes) and "13800001234" not in str(changes)
    assert changes["id_number"][1] == NUMBER[:4] + "*" * 10 + NUMBER[-4:]
    assert "id_number_bidx" not in changes and "phone_bidx" not in changes


@pytest.mark.parametrize(
    "same_number",
    [
        NUMBER,
        NUMBER.lower(),
        f" {NUMBER[:6]} {NUMBER[6:14]} {NUMBER[14:]} ",
        NUMBER.translate(str.maketrans("0123456789", "０１２３４５６７８９")),
    ],
)
def test_same_id_number_is_refused_whatever_its_formatting(county, same_number):
    create(county)
    with pytest.raises(Conflict, match="already registered") as caught:
        create(county, name="赵六二", id_number=same_number)
    assert caught.value.field == "id_number"
    assert Person.objects.count() == 1


def test_same_id_number_in_its_old_15_digit_form_is_refused(county):
    create(county)
    old = NUMBER[:6] + NUMBER[8:17]
    with pytest.raises(Conflict):
        create(county, name="赵六", id_number=old)


def test_another_township_cannot_register_the_same_person_again(county):
    create(county)
    with pytest.raises(Conflict, match="already registered"):
        create(county, user="township2", org=county.township2)


def test_database_constraint_catches_a_race_on_the_same_id_number(county):
    create(county)
    with mock.patch.object(person_services, "_registered", return_value=False), pytest.raises(Conflict):
        create(county, name="赵六二")
    assert Person.objects.count() == 1


def test_sex_contradicting_the_id_number_is_refused(county):
    with pytest.raises(DomainError) as caught:
        create(county, sex="female")
    assert [e.field for e in caught.value.errors] == ["sex"]
    assert Person.objects.count() == 0


def test_birth_date_contradicting_the_id_number_is_refused(county):
    with pytest.raises(DomainError) as caught:
        create(county, sex="male", birth_date=datetime.date(1988, 8, 9))
    assert [e.field for e in caught.value.errors] == ["birth_date"]


def test_matching_sex_and_birth_date_are_accepted(county):
    assert create(county, sex="male", birth_date=BIRTH).sex == "male"


def test_every_bad_field_is_reported_at_once(county):
    with pytest.raises(DomainError) as caught:
        create(county, name="", id_number="12345", phone="12345", ethnicity="99", disability_grade=7)
    fields = {e.field for e in caught.value.errors}
    assert fields == {"name", "id_number", "phone", "ethnicity", "disability_grade"}


def test_unknown_region_code_saves_with_a_warning(county):
    person = create(county, id_number=id_for(BIRTH, 125, region="999999"))
    assert person.pk and len(person.warnings) == 1


def test_grassroots_chair_registers_in_own_union_but_not_elsewhere(county):
    assert create(county, user="chair1", org=county.grassroots1).pk
    with pytest.raises(PermissionDenied):
        create(county, user="chair1", org=county.township2, id_number=id_for(BIRTH, 127))


@pytest.mark.parametrize("user", ["auditor", "finance", "lawyer", "counsellor", "editor", "worker1"])
def test_roles_without_people_change_cannot_register(county, user):
    with pytest.raises(PermissionDenied):
        create(county, user=user, org=county.federation)


def test_update_changes_phone_and_rebuilds_tokens(county):
    person = create(county, phone="13800001234")
    updated = services.person_update(by=county.user("township1"), person=person, phone="13900005678")
    stored = set(PersonSearchToken.objects.filter(person=updated).values_list("token", flat=True))
    assert tokens.phone_tail_hash("5678") in stored
    assert tokens.phone_tail_hash("1234") not in stored


def test_correcting_the_id_number_re_derives_sex_and_birth_date(county):
    person = create(county)
    new_birth = datetime.date(1990, 2, 3)
    updated = services.person_update(
        by=county.user("township1"), person=person, id_number=id_for(new_birth, 2)
    )
    assert (updated.sex, updated.birth_date) == ("female", new_birth)


def test_update_to_another_persons_id_number_is_refused(county):
    create(county)
    other = create(county, name="钱七", id_number=id_for(BIRTH, 3))
    with pytest.raises(Conflict):
        services.person_update(by=county.user("township1"), person=other, id_number=NUMBER)


def test_update_of_unrelated_field_keeps_the_id_number(county):
    person = create(county)
    services.person_update(by=county.user("township1"), person=person, address="南江镇光雾山大道1号")
    person.refresh_from_db()
    assert person.id_number == NUMBER and person.address == "南江镇光雾山大道1号"


def test_moving_a_person_needs_rights_over_both_organisations(county):
    person = create(county)
    with pytest.raises(PermissionDenied):
        services.person_update(by=county.user("township1"), person=person, org=county.township2)
    moved = services.person_update(by=county.user("admin"), person=person, org=county.township2)
    assert set(PersonSearchToken.objects.filter(person=moved).values_list("org_id", flat=True)) == {
        county.township2.pk
    }


def test_status_change_is_recorded_and_repeating_it_is_a_conflict(county):
    person = create(county)
    day = datetime.date(2024, 12, 1)
    changed = services.person_set_status(
        by=county.user("township1"), person=person, status="deceased", on=day, note="病故"
    )
    assert (changed.status, changed.status_changed_on, changed.status_note) == ("deceased", day, "病故")
    with pytest.raises(Conflict):
        services.person_set_status(by=county.user("township1"), person=changed, status="deceased")


def test_status_must_be_known_and_not_dated_in_the_future(county):
    person = create(county)
    with pytest.raises(DomainError) as caught:
        services.person_set_status(by=county.user("township1"), person=person, status="retired")
    assert caught.value.field == "status"
    with pytest.raises(DomainError) as caught:
        services.person_set_status(
            by=county.user("township1"),
            person=person,
            status="moved_away",
            on=datetime.date.today() + datetime.timedelta(days=3),
        )
    assert caught.value.field == "on"


def test_other_township_cannot_change_the_status(county):
    person = create(county)
    with pytest.raises(PermissionDenied):
        services.person_set_status(by=county.user("township2"), person=person, status="moved_away")
