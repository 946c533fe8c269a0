"""The enterprises import (kind ``enterprises``): keyed by credit code, or by name without one."""

from __future__ import annotations

import pytest
from auditlog.models import LogEntry
from django.contrib.contenttypes.models import ContentType

from gonghui.core.imports import services
from gonghui.core.tests.imports_support import TITLE, xlsx_file
from gonghui.enterprises import codes
from gonghui.enterprises.imports import EnterpriseSpec
from gonghui.enterprises.models import Enterprise
from gonghui.enterprises.tests.conftest import USCC1
from gonghui.enterprises.tests.factories import EnterpriseFactory, make_uscc

HEADER = ["单位名称", "统一社会信用代码", "单位类型", "行业", "职工人数", "所在乡镇", "地址", "法定代表人"]
HEADER += ["联系人", "联系电话", "是否爱心企业"]
NEW = make_uscc(77)


@pytest.fixture(autouse=True)
def _media(settings, tmp_path, english):
    settings.MEDIA_ROOT = tmp_path


def _import(county, *rows, user="township1", take_good_rows=False):
    file = xlsx_file([HEADER, *rows], start_row=1, title=TITLE)
    job = services.import_start(by=county.user(user), kind="enterprises", file=file)
    if job.invalid and not take_good_rows:
        return job
    return services.import_commit(by=county.user(user), job=job, take_good_rows=take_good_rows)


def _errors(job):
    return {(row, field): message for row, _col, field, message in job.report["errors"]}


def test_new_enterprises_are_registered_with_every_column(county, regions):
    row = ["南江县红叶茶业有限公司", NEW.lower(), "民营企业", "制造业", "45", "南江镇", "南江镇茶园路2号"]
    row += ["王建国", "李芳", "0827-8881234", "是"]
    job = _import(
        county, row, ["南江县张记小吃店", "", "个体工商户", "H", 3, "511922001000", "", "", "", "", ""]
    )
    assert (job.state, job.created) == ("committed", 2), job.report
    tea = Enterprise.objects.get(uscc=NEW)
    assert (tea.org, tea.type, tea.industry, tea.employee_count) == (county.township1, "private", "C", 45)
    assert (tea.township, tea.is_caring, tea.contact_phone) == (regions["t1"], True, "0827-8881234")
    assert tea.name_initials == "njxhycyyxgs"
    shop = Enterprise.objects.get(name="南江县张记小吃店")
    assert (shop.uscc, shop.type, shop.industry) == ("", "individual", "H")
    entry = LogEntry.objects.get(
        content_type=ContentType.objects.get_for_model(Enterprise), object_pk=str(tea.pk)
    )
    assert entry.additional_data == {"via": "import"} and entry.actor == county.user("township1")


def test_a_registered_code_updates_the_enterprise_and_a_second_import_changes_nothing(county, ent1):
    rows = [["南江县光雾山米业有限公司", USCC1, "", "", "150", "", "", "", "", "", "是"]]
    first = _import(county, *rows)
    assert (first.created, first.updated) == (0, 1), first.report
    ent1.refresh_from_db()
    assert (ent1.employee_count, ent1.is_caring, ent1.type) == (150, True, "private")
    second = _import(county, *rows)
    assert (second.created, second.updated, second.unchanged) == (0, 0, 1)
    assert Enterprise.objects.count() == 1


def test_without_a_code_the_name_finds_the_enterprise_and_a_new_code_is_given_to_it(county, regions):
    shop = EnterpriseFactory(org=county.township1, name="南江县李记面馆", uscc="", type="individual")
    job = _import(county, ["南江县李记面馆", "", "", "", 4])
    assert (job.created, job.updated) == (0, 1), job.report
    job = _import(county, ["南江县李记面馆", NEW, "", "", 4])
    assert (job.created, job.updated) == (0, 1), job.report
    shop.refresh_from_db()
    assert (shop.uscc, shop.employee_count) == (NEW, 4) and Enterprise.objects.count() == 1


def test_bad_enterprise_rows_are_reported(county, regions, ent2):
    bad_code = NEW[:-1] + ("0" if NEW[-1] != "0" else "1")
    job = _import(
        county,
        ["甲公司", bad_code, "民营企业"],
        ["乙公司", "", "茶馆"],
        ["丙公司", "", ""],
        ["丁公司", "", "民营企业", "", "-3", "无此镇"],
        ["南江县长赤米业有限公司", ent2.uscc, "民营企业"],
        ["戊公司", "", "民营企业", "", "", "", "", "", "", "电话：一二三"],
    )
    errors = _errors(job)
    assert "check character" in errors[(3, "uscc")]
    assert "Choose one of" in errors[(4, "type")]
    assert "type of unit" in errors[(5, "type")]
    assert (6, "employee_count") in errors
    assert "outside your scope" in errors[(7, "uscc")]
    assert (8, "contact_phone") in errors
    job = _import(county, ["己公司", "", "民营企业", "", "", "无此镇"])
    assert "No township" in _errors(job)[(3, "township")]
    assert not Enterprise.objects.exclude(pk=ent2.pk).exists()


def test_a_grassroots_chair_updates_their_own_enterprise_but_registers_none(county, ent1):
    job = _import(
        county, ["南江县光雾山米业有限公司", USCC1, "", "", 130], ["新公司", NEW, "民营企业"], user="chair1"
    )
    errors = _errors(job)
    assert "Enterprises are kept by" in errors[(4, None)] and (3, "uscc") not in errors
    job = services.import_commit(by=county.user("chair1"), job=job, take_good_rows=True)
    ent1.refresh_from_db()
    assert ent1.employee_count == 130 and not Enterprise.objects.filter(uscc=NEW).exists()


def test_the_template_example_is_valid(county):
    example = EnterpriseSpec().template_example()[0]
    assert codes.is_valid(example[1])
