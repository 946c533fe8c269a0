"""The duty roster: who may be put on duty, no double booking, the month calendar and what a shift handled."""

from __future__ import annotations

import datetime
import json
import re
from typing import Any

import pytest
from django.utils import timezone

from gonghui.core.errors import DomainError, PermissionDenied
from gonghui.rights import queries
from gonghui.rights.services import roster as services

D, T = datetime.date, datetime.time


def shift(county: Any, points: Any, **fields: Any) -> Any:
    values = {
        "by": county.user("township1"),
        "service_point": points["t1"],
        "date": D(2015, 3, 2),
        "start_time": T(9),
        "end_time": T(17),
    }
    values.update(fields)
    return services.shift_create(**values)


def test_a_legal_adviser_with_an_account_goes_on_duty_as_a_legal_adviser(county: Any, points: Any) -> None:
    row = shift(county, points, user=county.user("lawyer"), kind="volunteer", name="忽略")
    assert (row.kind, row.name, row.who, row.org) == ("legal_adviser", "", "lawyer", county.township1)


def test_a_user_without_the_legal_adviser_role_cannot_be_on_the_roster(county: Any, points: Any) -> None:
    with pytest.raises(DomainError) as caught:
        shift(county, points, user=county.user("township1"))
    assert caught.value.errors[0].field == "user"


def test_a_volunteer_is_entered_by_name(county: Any, points: Any) -> None:
    with pytest.raises(DomainError) as caught:
        shift(county, points, kind="volunteer")
    assert caught.value.errors[0].field == "name"
    row = shift(county, points, kind="legal_aid", name="司法所张律师")
    assert row.who == "司法所张律师" and row.kind == "legal_aid"


def test_a_shift_ends_after_it_starts(county: Any, points: Any) -> None:
    with pytest.raises(DomainError) as caught:
        shift(county, points, name="志愿者", kind="volunteer", start_time=T(14), end_time=T(9))
    assert caught.value.errors[0].field == "end_time"


def test_nobody_is_on_duty_twice_at_the_same_time(county: Any, points: Any) -> None:
    shift(county, points, user=county.user("lawyer"))
    with pytest.raises(DomainError) as caught:
        shift(
            county,
            points,
            user=county.user("lawyer"),
            by=county.user("admin"),
            service_point=points["xian"],
            start_time=T(16),
            end_time=T(18),
        )
    assert caught.value.errors[0].field == "start_time"
    assert shift(county, points, user=county.user("lawyer"), start_time=T(17), end_time=T(19)).pk


def test_a_cadre_cannot_staff_another_townships_point(county: Any, points: Any) -> None:
    with pytest.raises(DomainError) as caught:
        shift(county, points, service_point=points["t2"], name="志愿者", kind="volunteer")
    assert caught.value.status == 404


def test_a_shift_can_be_moved_and_removed_by_its_township_only(county: Any, points: Any) -> None:
    row = shift(county, points, name="志愿者", kind="volunteer")
    with pytest.raises(PermissionDenied):
        services.shift_update(shift=row, by=county.user("township2"), note="x")
    row = services.shift_update(shift=row, by=county.user("township1"), start_time=T(8), note="提前")
    assert row.start_time == T(8)
    services.shift_delete(shift=row, by=county.user("township1"))
    assert not queries.shifts(county.user("admin")).exists()


def test_a_shift_handled_the_consultations_at_its_point_during_it_and_those_its_adviser_answered(
    county: Any, points: Any, consult: Any
) -> None:
    today = timezone.localdate() - datetime.timedelta(days=1)
    row = shift(county, points, user=county.user("lawyer"), date=today, start_time=T(9), end_time=T(12))

    def at(hour: int) -> datetime.datetime:
        return timezone.make_aware(datetime.datetime.combine(today, T(hour, 30)))

    during = consult(received_at=at(10))
    after = consult(received_at=at(14))
    phoned = consult(
        point=None,
        channel="hotline",
        by="admin",
        org=county.federation,
        received_at=at(11),
        answered_by=county.user("lawyer"),
    )
    other_point = consult(point="t2", by="township2", received_at=at(10))
    handled = set(queries.shift_consultations(county.user("admin"), row).values_list("pk", flat=True))
    assert handled == {during.pk, phoned.pk}
    assert after.pk not in handled and other_point.pk not in handled


def test_the_month_calendar_shows_each_days_shifts_with_what_they_handled(
    county: Any, points: Any, consult: Any
) -> None:
    shift(county, points, user=county.user("lawyer"), date=D(2015, 3, 2))
    shift(county, points, name="志愿者", kind="volunteer", date=D(2015, 3, 9))
    consult(received_at=timezone.make_aware(datetime.datetime(2015, 3, 2, 10)))
    weeks = queries.roster_month(county.user("township1"), points["t1"], 2015, 3)
    assert weeks[0][0].date == D(2015, 2, 23) and not weeks[0][0].in_month  # weeks start on Monday
    days = {d.date: d.shifts for week in weeks for d in week}
    assert [(s.who, n) for s, n in days[D(2015, 3, 2)]] == [("lawyer", 1)]
    assert [(s.who, n) for s, n in days[D(2015, 3, 9)]] == [("志愿者", 0)]


def test_the_roster_page_is_a_calendar_per_point(county: Any, points: Any, consult: Any, login: Any) -> None:
    row = shift(county, points, user=county.user("lawyer"), date=D(2015, 3, 2))
    consult(received_at=timezone.make_aware(datetime.datetime(2015, 3, 2, 10)))
    client = login("township1")
    html = client.get(f"/rights/roster/?point={points['t1'].pk}&month=2015-03").content.decode()
    assert 'data-testid="calendar"' in html and html.count('data-testid="shift"') == 1
    assert f"/rights/roster/{row.pk}/" in html
    detail = client.get(f"/rights/roster/{row.pk}/").content.decode()
    assert 'data-testid="handled"' in detail
    assert len(re.findall(r"/rights/consultations/\d+/", detail)) == 1


def test_shifts_are_added_through_the_page_and_the_api(
    county: Any, points: Any, login: Any, api: Any
) -> None:
    response = login("township1").post(
        "/rights/roster/add/",
        {
            "service_point": points["t1"].pk,
            "date": "2015-03-03",
            "start_time": "09:00",
            "end_time": "12:00",
            "name": "志愿者甲",
            "kind": "volunteer",
        },
    )
    assert response.status_code == 302
    body = {
        "service_point": points["t1"].pk,
        "date": "2015-03-04",
        "start_time": "09:00",
        "end_time": "12:00",
        "user": county.user("lawyer").pk,
    }
    created = api("township1").post(
        "/api/v1/duty-shifts/", data=json.dumps(body), content_type="application/json"
    )
    assert created.status_code == 201 and created.json()["who"] == "lawyer"
    assert api("township1").get("/api/v1/duty-shifts/").json()["count"] == 2
