"""A township cadre finds a registered worker by name in a consultation form instead of typing a number."""

from __future__ import annotations

import datetime
from pathlib import Path
from typing import Any

import pytest
from django.urls import reverse
from playwright.sync_api import Page, expect

from gonghui.conftest import County
from gonghui.orgs.models import ServicePoint
from gonghui.people import identity
from gonghui.people.services import person_create
from tests.browser.test_staff_pages import sign_in

pytestmark = pytest.mark.browser


def test_a_cadre_picks_a_registered_worker_by_name_and_the_consultation_is_linked_to_them(
    page: Page, live_server: Any, county: County, artifacts: Path
) -> None:
    admin = county.user("admin")
    number = identity.make("511922", datetime.date(1988, 5, 6), 41)
    worker = person_create(by=admin, org=county.township1, name="欧阳明", id_number=number)
    elsewhere = identity.make("511922", datetime.date(1989, 5, 6), 43)
    person_create(by=admin, org=county.township2, name="欧阳亮", id_number=elsewhere)
    point = ServicePoint.objects.get(org=county.township1, kind="rights_point")
    sign_in(page, live_server.url, "township1")

    page.goto(live_server.url + reverse("rights:consultation_create"))
    page.get_by_test_id("person-search").fill("欧阳")
    page.get_by_test_id("person-search").press("Enter")  # searches; never submits the half-filled form
    match = page.get_by_test_id(f"pick-{worker.pk}")
    expect(match).to_be_visible()
    expect(page.locator(".invalid-feedback")).to_have_count(0)  # the form was not sent
    expect(page.locator("#id_person-matches")).not_to_contain_text("欧阳亮")  # township 2's
    match.click()
    expect(page.get_by_test_id("picked")).to_contain_text("欧阳明")
    expect(page.locator("input[name=person]")).to_have_value(str(worker.pk))

    page.locator("select[name=channel]").select_option("rights_point")
    page.locator("select[name=service_point]").select_option(str(point.pk))
    page.locator("select[name=topic]").select_option("wages")
    page.locator("textarea[name=summary]").fill("询问加班工资的计算")
    page.locator("textarea[name=answer]").fill("按劳动法第四十四条计算")
    page.get_by_test_id("submit").click()
    page.wait_for_load_state()
    expect(page.get_by_test_id("details")).to_contain_text("欧阳明")
    page.screenshot(path=str(artifacts / "person-picker.png"), full_page=True)
