"""Legal outreach events, and the query the work platform reads for the monthly "1 legal lecture" duty."""

from __future__ import annotations

import datetime
import json
from typing import Any

import pytest

from gonghui.core.errors import DomainError
from gonghui.rights.queries import lectures_by, month_bounds
from gonghui.rights.services import outreach as services

D = datetime.date


def test_an_event_needs_an_enterprise_or_a_place_and_a_title(county: Any) -> None:
    with pytest.raises(DomainError) as caught:
        services.outreach_create(by=county.user("township1"), held_on=D(2015, 3, 15), title="讲座")
    assert caught.value.errors[0].field == "place"
    with pytest.raises(DomainError) as caught:
        services.outreach_create(
            by=county.user("township1"), held_on=D(2015, 3, 15), title="", place="镇政府"
        )
    assert caught.value.errors[0].field == "title"


def test_an_event_at_an_enterprise_of_the_registry(county: Any, firms: Any) -> None:
    row = services.outreach_create(
        by=county.user("township1"),
        held_on=D(2015, 3, 15),
        title="劳动合同法宣讲",
        enterprise=firms["t1"],
        attendees=260,
        materials=1800,
    )
    assert row.org == county.township1 and row.organiser == county.user("township1")
    with pytest.raises(DomainError) as caught:
        services.outreach_create(
            by=county.user("township1"), held_on=D(2015, 3, 15), title="x", enterprise=firms["t2"]
        )
    assert caught.value.errors[0].field == "enterprise"


def test_lectures_by_a_cadre_in_a_month_are_what_counts_toward_the_duty(county: Any) -> None:
    cadre = county.user("township1")
    for day in (D(2015, 3, 1), D(2015, 3, 31), D(2015, 4, 1)):
        services.outreach_create(by=cadre, held_on=day, title=f"讲座{day}", place="镇政府")
    services.outreach_create(by=county.user("admin"), held_on=D(2015, 3, 10), title="别人的", place="县城")
    assert [e.held_on for e in lectures_by(cadre, D(2015, 3, 17))] == [D(2015, 3, 1), D(2015, 3, 31)]
    assert lectures_by(cadre, "2015-04").count() == 1
    assert lectures_by(cadre, (2015, 5)).count() == 0
    assert month_bounds("2016-02") == (D(2016, 2, 1), D(2016, 2, 29))


def test_the_organiser_must_work_on_rights_where_the_event_is_kept(county: Any) -> None:
    with pytest.raises(DomainError) as caught:
        services.outreach_create(
            by=county.user("township1"),
            held_on=D(2015, 3, 1),
            title="x",
            place="y",
            organiser=county.user("township2"),
        )
    assert caught.value.errors[0].field == "organiser"


def test_events_are_recorded_through_the_page_and_the_api(county: Any, login: Any, api: Any) -> None:
    response = login("township1").post(
        "/rights/outreach/add/",
        {
            "kind": "lecture",
            "held_on": "2015-03-15",
            "title": "页面讲座",
            "place": "镇政府",
            "attendees": 50,
            "materials": 300,
        },
    )
    assert response.status_code == 302
    body = {"held_on": "2015-11-09", "title": "接口讲座", "place": "县城", "materials": 1200}
    created = api("township1").post(
        "/api/v1/legal-outreach/", data=json.dumps(body), content_type="application/json"
    )
    assert created.status_code == 201 and created.json()["organiser_name"] == "township1"
    listing = login("township1").get("/rights/outreach/").content.decode()
    assert "页面讲座" in listing and "接口讲座" in listing and "1500" in listing
