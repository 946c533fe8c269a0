"""bulk.insert and bulk.insert_values: rows as ``save()`` would write them, keys from the table's sequence."""

from __future__ import annotations

import datetime

import pytest

from gonghui.core.imports import bulk
from gonghui.orgs.models import ServicePoint
from gonghui.people import identity
from gonghui.people.models import Household, HouseholdMember, Person

pytestmark = pytest.mark.django_db


def _person_values(n: int) -> dict:
    number = identity.make("511922", datetime.date(1980, 1, 1), n)
    return {"name": f"人{n}", "id_number": number, "sex": "male", "birth_date": datetime.date(1980, 1, 1)}


def test_insert_gives_keys_after_existing_rows_and_writes_what_save_would(county):
    saved = Person.objects.create(org=county.township1, phone="13800000000", **_person_values(1))
    make = bulk.maker(Person)
    people = [make(org_id=county.township1.pk, phone="13900000001", **_person_values(n)) for n in (3, 5)]
    bulk.insert(people)
    assert [p.pk for p in people] == [saved.pk + 1, saved.pk + 2]
    stored = Person.objects.get(pk=people[0].pk)
    assert (stored.name, stored.id_number, stored.phone) == ("人3", people[0].id_number, "13900000001")
    assert stored.id_number_bidx == Person._meta.get_field("id_number_bidx").hash_of(people[0].id_number)
    assert stored.phone_bidx == Person._meta.get_field("phone_bidx").hash_of("13900000001")
    assert stored.created_at and stored.updated_at and stored.status == "active"
    assert not people[0]._state.adding


def test_insert_takes_the_key_of_a_parent_inserted_after_assignment(county):
    head = Person.objects.create(org=county.township1, **_person_values(7))
    household = Household(org=county.township1, head=head)
    member = HouseholdMember(household=household, org=county.township1, person=head, relationship="head")
    bulk.insert([household])
    bulk.insert([member])
    assert HouseholdMember.objects.get().household_id == household.pk


def test_insert_values_fills_defaults_blind_indexes_and_timestamps(county):
    ids = bulk.insert_values(Person, [{"org_id": county.township1.pk, **_person_values(n)} for n in (9, 11)])
    people = Person.objects.filter(pk__in=ids).order_by("pk")
    assert [p.name for p in people] == ["人9", "人11"]
    assert all(p.id_number_bidx and p.phone_bidx is None and p.status == "active" for p in people)
    assert bulk.insert_values(ServicePoint, []) == []


def test_audit_entries_of_rows_whose_names_need_a_query_are_written_without_waiting(county, monkeypatch):
    """``str(member)`` reads the member's person: on PostgreSQL that query must not run inside a COPY."""
    from auditlog.models import LogEntry

    monkeypatch.setattr(bulk, "COPY_CHUNK", 2)
    people = [Person.objects.create(org=county.township1, **_person_values(n)) for n in (13, 15, 17)]
    household = Household.objects.create(org=county.township1, head=people[0])
    members = [
        HouseholdMember.objects.create(household=household, org=county.township1, person=p, relationship=rel)
        for p, rel in zip(people, ["head", "spouse", "child"], strict=True)
    ]
    fresh = list(HouseholdMember.objects.filter(pk__in=[m.pk for m in members]))  # person not loaded
    before = LogEntry.objects.count()
    bulk.log_created(fresh, user=None)
    entries = LogEntry.objects.order_by("pk")[before:]
    assert [e.object_repr for e in entries] == [str(m)[:200] for m in members]


def test_rows_written_in_a_copy_block_are_stored_when_it_ends(county):
    people = [bulk.maker(Person)(org_id=county.township1.pk, **_person_values(n)) for n in (19, 21)]
    planned = bulk.plan_insert(people)
    assert all(p.pk for p in people) and people[0]._state.adding  # keys taken, nothing stored yet
    with bulk.copying(Person, planned.columns) as write:
        for row in planned.rows():
            write(row)
    planned.done()
    assert sorted(Person.objects.values_list("name", flat=True)) == ["人19", "人21"]
    assert not people[0]._state.adding


def test_a_query_inside_a_copy_block_fails_at_once_instead_of_waiting_for_ever(county):
    from django.db import connection

    if connection.vendor != "postgresql":
        pytest.skip("SQLite has no COPY: the block collects rows and may query")
    planned = bulk.plan_insert([bulk.maker(Person)(org_id=county.township1.pk, **_person_values(23))])
    with pytest.raises(RuntimeError, match="COPY"), bulk.copying(Person, planned.columns) as write:
        write(planned.rows()[0])
        Person.objects.count()
