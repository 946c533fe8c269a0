"""A township cadre logs a consultation, turns it into a case and sees it through to a recovered amount."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from django.urls import reverse
from playwright.sync_api import Page, expect

from gonghui.conftest import County
from gonghui.orgs.models import ServicePoint
from tests.browser.test_staff_pages import sign_in

pytestmark = pytest.mark.browser


def _submit(page: Page) -> None:
    page.get_by_test_id("submit").click()
    page.wait_for_load_state()


def test_rights_cadre_turns_a_consultation_into_a_case_and_closes_it_with_a_recovered_amount(
    page: Page, live_server: Any, county: County, artifacts: Path
) -> None:
    point = ServicePoint.objects.get(org=county.township1, kind="rights_point")
    sign_in(page, live_server.url, "township1")

    page.locator(f"aside a[href='{reverse('rights:consultations')}']").click()
    page.get_by_test_id("new-consultation").click()
    page.locator("select[name=channel]").select_option("rights_point")
    page.locator("select[name=service_point]").select_option(str(point.pk))
    page.locator("select[name=topic]").select_option("wages")
    page.locator("input[name=visitor_name]").fill("李阳")
    page.locator("textarea[name=summary]").fill("工程完工后被拖欠工资一万二千元")
    page.locator("textarea[name=answer]").fill("告知可申请调解和仲裁")
    _submit(page)
    expect(page.get_by_test_id("details")).to_contain_text("李阳")

    page.get_by_test_id("open-case").click()
    page.locator("input[name=title]").fill("李阳追讨工资")
    page.locator("input[name=respondent_name]").fill("南江县某建筑劳务有限公司")
    page.locator("input[name=claimed_amount]").fill("12000")
    _submit(page)
    expect(page.get_by_test_id("stage-intake")).to_be_visible()
    expect(page.get_by_test_id("claimants")).to_contain_text("李阳")

    for verb in ("accept", "mediate"):
        page.get_by_test_id(f"verb-{verb}").click()
        _submit(page)
    expect(page.get_by_test_id("stage-mediation")).to_be_visible()
    expect(page.get_by_test_id("verb-litigate")).to_have_count(0)

    page.get_by_test_id("verb-close").click()
    page.locator("select[name=outcome]").select_option("resolved")
    page.locator("input[name^=recovered_]").fill("12000")
    page.locator("textarea[name=result]").fill("调解达成协议，当场支付")
    _submit(page)

    expect(page.get_by_test_id("recovered-total")).to_have_text("¥12,000.00")
    expect(page.get_by_test_id("stage-closed")).to_be_visible()
    expect(page.get_by_test_id("actions").locator("a[data-testid^=verb-]")).to_have_count(0)
    page.screenshot(path=str(artifacts / "rights-case-closed.png"), full_page=True)
