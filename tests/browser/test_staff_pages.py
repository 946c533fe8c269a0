"""A union cadre's first minutes on the platform, in a real browser against a live server."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
from django.urls import reverse
from playwright.sync_api import Page, expect

from gonghui.conftest import PASSWORD, County

pytestmark = pytest.mark.browser


def sign_in(page: Page, server_url: str, username: str, password: str = PASSWORD) -> None:
    page.goto(server_url + reverse("accounts:login"))
    page.locator("input[name=username]").fill(username)
    page.locator("input[name=password]").fill(password)
    page.locator("form:has(input[name=password]) button[type=submit]").click()
    page.wait_for_load_state()


def test_township_cadre_signs_in_sees_scope_and_opens_an_organisation_from_the_menu(
    page: Page, live_server: Any, county: County, artifacts: Path
) -> None:
    sign_in(page, live_server.url, "township1")

    expect(page).to_have_url(live_server.url + reverse("core:home"))
    expect(page.locator("html")).to_have_attribute("lang", "zh-hans")
    expect(page.locator("h1")).to_contain_text("欢迎")
    expect(page.get_by_test_id("current-user")).to_be_visible()
    expect(page.get_by_test_id("scope")).to_contain_text(county.township1.name)
    expect(page.get_by_test_id("scope")).not_to_contain_text(county.township2.name)
    expect(page.get_by_test_id("grant").first).to_contain_text(county.township1.name)
    page.screenshot(path=str(artifacts / "home-township1.png"), full_page=True)

    page.locator(f"aside a[href='{reverse('orgs:tree')}']").click()
    expect(page).to_have_url(live_server.url + reverse("orgs:tree"))
    tree = page.get_by_test_id("org-tree")
    expect(tree).to_contain_text(county.township1.name)
    expect(tree).not_to_contain_text(county.township2.name)

    # Open the township's level by its disclosure marker (the name itself is a link), as a person would.
    township = tree.locator(f"li[data-org='{county.township1.pk}'] > details")
    township.locator("summary").click(position={"x": 4, "y": 8})
    expect(township).to_have_attribute("open", "")
    grassroots = township.get_by_role("link", name=county.grassroots1.name, exact=True)
    grassroots.click()
    expect(page).to_have_url(live_server.url + reverse("orgs:detail", args=[county.grassroots1.pk]))
    expect(page.locator("h1")).to_contain_text(county.grassroots1.name)


def test_wrong_password_keeps_the_user_on_the_login_page_with_an_error(
    page: Page, live_server: Any, county: County
) -> None:
    sign_in(page, live_server.url, "township1", password="not-the-password")

    expect(page).to_have_url(re.compile(re.escape(reverse("accounts:login"))))
    expect(page.locator(".alert-danger")).to_contain_text("用户名或密码错误")
    expect(page.get_by_test_id("current-user")).to_have_count(0)
    expect(page.locator("input[name=password]")).to_have_value("")
    expect(page.locator("input[name=username]")).to_have_value("township1")


def test_language_switch_on_the_login_page_and_after_signing_in(
    page: Page, live_server: Any, county: County
) -> None:
    page.goto(live_server.url + reverse("accounts:login"))
    expect(page.locator("html")).to_have_attribute("lang", "zh-hans")
    expect(page.locator("form:has(input[name=password]) button[type=submit]")).to_have_text("登录")

    page.locator("button[name=language][value=en]").click()
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page.locator("form:has(input[name=password]) button[type=submit]")).to_have_text("Sign in")

    sign_in(page, live_server.url, "township1")
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page.locator("h1")).to_contain_text("Welcome")

    page.locator("select[name=language]").select_option("zh-hans")
    expect(page.locator("html")).to_have_attribute("lang", "zh-hans")
    expect(page.locator("h1")).to_contain_text("欢迎")
    expect(page.get_by_test_id("current-user")).to_be_visible()
