"""The rules of the hardship programme that are pure computation: the suggested category, the
minimum-living standard that applies, and amounts in Chinese capitals (人民币大写) for the forms.
"""

from __future__ import annotations

from collections.abc import Iterable
from decimal import Decimal
from typing import Any

from gonghui.core.money import CENT, to_money
from gonghui.hardship.models import Category, Cause, MinimumLivingStandard

SERIOUS = {Cause.ILLNESS, Cause.DISABILITY}
SUDDEN = {Cause.DISASTER, Cause.ACCIDENT}
RELATIVE_FACTOR = Decimal("1.5")


def suggest_category(per_capita: Decimal | None, standard: Decimal | None, causes: Iterable[str]) -> str:
    """The category the figures suggest; the cadre confirms it or overrides it with a reason.

    In this order:
    1. per-capita income below the minimum-living standard and a serious illness or disability → 深度困难;
    2. a sudden disaster or accident among the causes → 意外致困;
    3. per-capita income below 1.5 × the standard → 相对困难;
    4. otherwise "" (the figures suggest no hardship; a cadre may still file with a reason).
    An unknown income or standard only allows rule 2.
    """
    causes = set(causes)
    known = per_capita is not None and standard is not None
    if known and per_capita < standard and causes & SERIOUS:
        return Category.DEEP
    if causes & SUDDEN:
        return Category.ACCIDENT
    if known and per_capita < standard * RELATIVE_FACTOR:
        return Category.RELATIVE
    return ""


def standard_for(region: Any, year: int) -> MinimumLivingStandard | None:
    """The standard of ``region`` for ``year`` (or the latest earlier year), else its parent region's."""
    while region is not None:
        row = MinimumLivingStandard.objects.filter(region=region, year__lte=year).order_by("-year").first()
        if row is not None:
            return row
        region = region.parent
    return None


_DIGITS = "零壹贰叁肆伍陆柒捌玖"
_GROUPS = ("", "万", "亿")


def _four(n: int) -> str:
    out, zero = "", False
    for pos, unit in ((1000, "仟"), (100, "佰"), (10, "拾"), (1, "")):
        d = n // pos % 10
        if d == 0:
            zero = bool(out)
            continue
        if zero:
            out += "零"
            zero = False
        out += _DIGITS[d] + unit
    return out


def rmb_upper(amount: Any) -> str:
    """Yuan in Chinese capitals as cheques and receipts write them: 1409.50 → 壹仟肆佰零玖元伍角.

    Follows 《支付结算办法》: 整 after whole yuan, a 零 for zeros between digits, none needed after
    a 0 in the yuan place before the jiao (壹拾万柒仟元伍角叁分).
    """
    value = to_money(amount).quantize(CENT)
    sign = "负" if value < 0 else ""
    fen = int(abs(value) * 100)
    yuan, rest = divmod(fen, 100)
    jiao, cents = divmod(rest, 10)
    if fen == 0:
        return "零元整"
    groups = []
    n = yuan
    while n:
        n, g = divmod(n, 10000)
        groups.append(g)
    text, zero = "", False
    for i in range(len(groups) - 1, -1, -1):
        g = groups[i]
        if g == 0:
            zero = bool(text)
            continue
        if text and (zero or g < 1000):
            text += "零"
        text += _four(g) + _GROUPS[i]
        zero = False
    if yuan:
        text += "元"
    if not rest:
        return sign + text + "整"
    if jiao:
        text += _DIGITS[jiao] + "角"
    elif yuan:
        text += "零"
    if cents:
        text += _DIGITS[cents] + "分"
    return sign + text
