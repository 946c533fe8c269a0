"""A township cadre files an aid application; the federation approves it and finance pays it."""

from __future__ import annotations

import datetime
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Page, expect

from gonghui.conftest import County
from gonghui.funds import services as funds
from gonghui.funds.models import Fund
from gonghui.hardship.models import AidApplication
from gonghui.people import identity
from gonghui.people.services import household_create, person_create
from tests.browser.test_staff_pages import sign_in

pytestmark = pytest.mark.browser


def test_cadre_files_an_aid_application_that_is_approved_and_disbursed(
    page: Page, live_server: Any, county: County, artifacts: Path
) -> None:
    admin = county.user("admin")
    person = person_create(
        by=admin,
        org=county.township1,
        name="王大伟",
        id_number=identity.make("511922", datetime.date(1975, 3, 3), 11),
    )
    household_create(by=admin, head=person, monthly_income="900.00")
    fund = Fund.objects.create(org=county.township1, name="南江镇帮扶资金", kind=Fund.Kind.HARDSHIP)
    funds.post_income(fund=fund, amount="5000.00", by=county.user("finance"))

    sign_in(page, live_server.url, "township1")
    page.goto(f"{live_server.url}/people/{person.pk}/")
    page.get_by_test_id("apply-aid").click()
    page.locator("select[name=aid_type]").select_option("living")
    page.locator("input[name=amount_requested]").fill("600.50")
    page.locator("select[name=fund]").select_option(str(fund.pk))
    page.locator("textarea[name=reason]").fill("患病住院，家庭生活困难")
    page.get_by_test_id("submit").click()
    page.wait_for_load_state()
    expect(page.get_by_test_id("status")).to_be_visible()
    aid = AidApplication.objects.get(person=person)
    page.get_by_test_id("review").click()
    page.wait_for_load_state()
    page.context.clear_cookies()

    sign_in(page, live_server.url, "admin")
    page.goto(f"{live_server.url}/hardship/aid/queue/")
    expect(page.get_by_test_id("aid-row")).to_contain_text("王大伟")
    page.goto(f"{live_server.url}/hardship/aid/{aid.pk}/")
    page.get_by_test_id("approve").click()
    page.wait_for_load_state()
    expect(page.get_by_test_id("approved")).to_contain_text("600.50")
    expect(page.get_by_test_id("disburse")).to_have_count(0)  # whoever approved does not pay
    page.context.clear_cookies()

    sign_in(page, live_server.url, "finance")
    page.goto(f"{live_server.url}/hardship/aid/{aid.pk}/")
    page.get_by_test_id("disburse").click()
    page.wait_for_load_state()
    aid.refresh_from_db()
    assert aid.status == "disbursed"
    assert aid.ledger_entry is not None
    expect(page.get_by_test_id("disburse")).to_have_count(0)
    page.screenshot(path=str(artifacts / "hardship-aid-disbursed.png"), full_page=True)
