from decimal import Decimal

import pytest

from gonghui.hardship.models import MinimumLivingStandard
from gonghui.hardship.rules import rmb_upper, standard_for, suggest_category
from gonghui.orgs.models import Region

D = Decimal


@pytest.mark.parametrize(
    ("income", "causes", "expected"),
    [
        (D("400"), ["illness"], "deep"),
        (D("400"), ["disability", "education"], "deep"),
        (D("400"), ["unemployment"], "relative"),
        (D("749.99"), ["illness"], "relative"),
        (D("750.00"), ["illness"], ""),
        (D("900"), ["disaster"], "accident"),
        (D("400"), ["accident", "illness"], "deep"),
        (None, ["accident"], "accident"),
        (None, ["illness"], ""),
    ],
)
def test_suggested_category_follows_income_against_the_standard_and_the_causes(income, causes, expected):
    assert suggest_category(income, D("500.00"), causes) == expected


@pytest.mark.parametrize(
    ("amount", "words"),
    [
        ("0", "零元整"),
        ("0.05", "伍分"),
        ("0.50", "伍角"),
        ("10", "壹拾元整"),
        ("500", "伍佰元整"),
        ("1005", "壹仟零伍元整"),
        ("1409.50", "壹仟肆佰零玖元伍角"),
        ("6007.14", "陆仟零柒元壹角肆分"),
        ("1680.32", "壹仟陆佰捌拾元叁角贰分"),
        ("325.04", "叁佰贰拾伍元零肆分"),
        ("10000", "壹万元整"),
        ("100005", "壹拾万零伍元整"),
        ("107000.53", "壹拾万柒仟元伍角叁分"),
        ("1200000", "壹佰贰拾万元整"),
        ("100010000", "壹亿零壹万元整"),
        ("100000001", "壹亿零壹元整"),
        ("-3.20", "负叁元贰角"),
    ],
)
def test_rmb_upper_writes_amounts_as_cheques_do(amount, words):
    assert rmb_upper(amount) == words


def test_rmb_upper_refuses_floats_and_more_than_two_places():
    with pytest.raises(TypeError):
        rmb_upper(1.5)
    with pytest.raises(Exception, match="two decimal"):
        rmb_upper("1.005")


def test_the_standard_falls_back_to_an_earlier_year_and_to_the_parent_region(db):
    city = Region.objects.create(code="511900", name="巴中市", level=Region.Level.CITY)
    county = Region.objects.create(code="511922", name="南江县", level=Region.Level.COUNTY, parent=city)
    MinimumLivingStandard.objects.create(region=city, year=2014, urban="400", rural="250")
    assert standard_for(county, 2015).urban == D("400.00")
    MinimumLivingStandard.objects.create(region=county, year=2015, urban="450", rural="280")
    assert standard_for(county, 2015).rural == D("280.00")
    assert standard_for(county, 2014).urban == D("400.00")
    assert standard_for(county, 2013) is None
