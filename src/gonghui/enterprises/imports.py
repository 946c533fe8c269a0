"""Enterprises from a spreadsheet (企业名录): one employer per row, keyed by its credit code.

A row whose credit code is registered updates that enterprise; a row without a code is matched by
name among the enterprises the importer may change (a single match is updated, several are
refused as ambiguous), and a new code whose name matches one enterprise that has no code yet gives
it that code — never a second record of the same employer. New enterprises are kept by the
organisation imported into, which must keep a register (federation, township or street, industry
union). Values are checked as ``enterprises.services`` checks a form; the pinyin columns are
filled as it fills them.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Hashable
from typing import Any

from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from gonghui.accounts import scoping
from gonghui.core.errors import DomainError
from gonghui.core.imports import bulk, cells
from gonghui.core.imports.registry import register
from gonghui.core.imports.spec import CommitCounts, Field, ImportContext, ImportSpec, Row
from gonghui.enterprises import codes
from gonghui.enterprises.choices import GB4754_SECTIONS, EnterpriseType, Industry
from gonghui.enterprises.models import Enterprise
from gonghui.enterprises.names import name_pinyin
from gonghui.enterprises.services import KEEPER_KINDS, PERM_CHANGE
from gonghui.orgs.models import Region

_PHONE = re.compile(r"^[0-9+\-\s()/,转]*$")

TYPE_WORDS = {
    EnterpriseType.ORGAN: ("机关", "党政机关", "行政机关", "机关单位"),
    EnterpriseType.PUBLIC_INSTITUTION: ("事业单位", "事业", "公立医院", "学校"),
    EnterpriseType.STATE_OWNED: ("国有企业", "国企", "国有", "国有控股", "国有独资"),
    EnterpriseType.PRIVATE: (
        "民营企业",
        "私营企业",
        "民营",
        "私营",
        "非公企业",
        "有限责任公司",
        "股份有限公司",
    ),
    EnterpriseType.FOREIGN_INVESTED: (
        "外资企业",
        "外商投资企业",
        "外资",
        "中外合资",
        "中外合资企业",
        "港澳台投资企业",
    ),
    EnterpriseType.INDIVIDUAL: ("个体工商户", "个体户", "个体", "个体经营"),
}
INDUSTRY_WORDS = {code: (zh, f"{code}{zh}") for code, zh, _en in GB4754_SECTIONS} | {
    "A": ("农业", "林业", "畜牧业", "渔业", "农林牧渔业"),
    "E": ("建筑", "建筑工程"),
    "F": ("批发", "零售", "批发零售", "商贸"),
    "H": ("住宿", "餐饮", "住宿餐饮"),
    "G": ("交通运输", "物流", "运输"),
    "P": ("教育",),
    "Q": ("卫生", "医疗"),
}


def _choice(choice_class: Any, words: dict[Any, Any]) -> cells.Cleaner:
    built: list[cells.Cleaner] = []

    def clean(value: Any) -> Any:
        if not built:
            synonyms = {word: code for code, group in words.items() for word in group}
            built.append(cells.choice(choice_class, synonyms=synonyms))
        return built[0](value)

    return clean


def credit_code(value: Any) -> str:
    try:
        return codes.validate(cells.as_text(value))
    except DomainError as exc:
        raise cells.CellError(exc.message) from None


def enterprise_name(value: Any) -> str:
    name = re.sub(r"\s+", " ", unicodedata.normalize("NFKC", cells.as_text(value))).strip()
    if len(name) > 200:
        raise cells.CellError(_("The name is too long (at most 200 characters)."))
    return name


def contact_phone(value: Any) -> str:
    phone = cells.digits_text(value) if isinstance(value, (int, float)) else cells.text(value)
    if len(phone) > 40 or not _PHONE.match(phone):
        raise cells.CellError(_("Enter a phone number (digits, spaces and dashes)."))
    return phone


def employee_count(value: Any) -> int:
    count = cells.integer(value)
    if count < 0:
        raise cells.CellError(_("Enter the number of employees (0 or more)."))
    return count


class EnterpriseSpec(ImportSpec):
    kind = "enterprises"
    verbose_name = _("Enterprises")
    description = _(
        "Enterprises and other employers, one per row, by unified social credit code (or name when they "
        "have none). A registered enterprise is updated, never added twice."
    )
    perm = PERM_CHANGE
    key_fields = ("uscc",)
    batch_size = 500
    fields = (
        Field(
            "name",
            pgettext_lazy("organisation", "Name"),
            ("单位名称", "企业名称", "名称", "单位", "企业"),
            True,
            enterprise_name,
        ),
        Field(
            "uscc",
            _("Unified social credit code"),
            ("统一社会信用代码", "信用代码", "社会信用代码", "统一代码", "组织机构代码"),
            False,
            credit_code,
            True,
        ),
        Field(
            "type",
            _("Type"),
            ("单位类型", "企业类型", "类型", "单位性质", "企业性质", "经济类型"),
            False,
            _choice(EnterpriseType, TYPE_WORDS),
            help=_(
                "Needed for a new enterprise: 机关, 事业单位, 国有企业, 民营企业, 外资企业 or 个体工商户."
            ),
        ),
        Field(
            "industry",
            _("Industry"),
            ("行业", "所属行业", "行业门类", "行业类别"),
            False,
            _choice(Industry, INDUSTRY_WORDS),
        ),
        Field(
            "employee_count",
            _("Employees"),
            ("职工人数", "职工数", "从业人数", "员工人数", "在职职工人数", "职工总数"),
            False,
            employee_count,
        ),
        Field(
            "township",
            _("Township / street"),
            ("所在乡镇", "乡镇", "所在乡镇（街道）", "乡镇街道", "所属乡镇"),
            False,
            cells.text_max(100),
        ),
        Field(
            "address",
            _("Address"),
            ("地址", "单位地址", "详细地址", "注册地址", "经营地址"),
            False,
            cells.text_max(300),
        ),
        Field(
            "legal_representative",
            _("Legal representative"),
            ("法定代表人", "法人代表", "法人", "负责人", "经营者"),
            False,
            cells.text_max(50),
        ),
        Field("contact_person", _("Contact person"), ("联系人",), False, cells.text_max(50)),
        Field(
            "contact_phone",
            _("Contact phone"),
            ("联系电话", "电话", "联系方式", "手机"),
            False,
            contact_phone,
            True,
        ),
        Field("is_caring", _("Caring enterprise"), ("是否爱心企业", "爱心企业"), False, cells.boolean),
    )

    def key(self, values: dict[str, Any]) -> Hashable | None:
        if values.get("uscc"):
            return ("uscc", values["uscc"])
        return ("name", values["name"])

    def template_example(self) -> list[list[Any]]:
        return [
            [
                "南江县光雾山米业有限公司",
                "91511922MA6200001G",
                "民营企业",
                "制造业",
                "120",
                "南江镇",
                "南江县南江镇工业园区1号",
                "王建国",
                "李芳",
                "0827-8881234",
                "是",
            ]
        ]

    # --- checks

    def validate_rows(self, rows: list[Row], context: ImportContext) -> None:
        found = _lookup(rows, context, lock=context.committing)
        context.cache["batch"] = found
        townships = _townships(rows, context)
        keeper = context.org
        for row in rows:
            values = row.values
            target, problem = _match(values, found)
            if problem:
                row.add_error("name", problem)
                continue
            if target is None:
                if "type" not in values:
                    row.add_error("type", _("Choose the type of unit."))
                if keeper.kind not in KEEPER_KINDS:
                    row.add_error(
                        None,
                        _(
                            "Enterprises are kept by the federation, a township or street union, or an "
                            "industry union."
                        ),
                    )
                elif not keeper.is_active:
                    row.add_error(None, _("This organisation is closed and takes no new records."))
            elif not _may_change(context, target):
                row.add_error("uscc" if values.get("uscc") else "name", _outside_scope())
            elif not target.is_active:
                row.add_error("name", _("A closed enterprise cannot be changed."))
            township = values.get("township")
            if township is not None and townships.get(township) is None:
                row.add_error(
                    "township",
                    _("No township or street is called %(name)s (or has this code).") % {"name": township},
                )

    # --- writes

    def commit_rows(self, rows: list[Row], context: ImportContext) -> CommitCounts:
        found = context.cache.pop("batch", None)
        if found is None or found["rows"] != [r.number for r in rows]:
            found = _lookup(rows, context, lock=True)
        townships = context.cache.get("townships", {})
        created: list[Enterprise] = []
        changed: list[tuple[Enterprise, Enterprise]] = []
        names: set[str] = set()
        counts = CommitCounts()
        for row in rows:
            values = dict(row.values)
            if not values.get("uscc"):
                values.pop("uscc", None)  # a blank code never clears a registered one
            if "township" in values:
                values["township"] = townships[values["township"]]
            target, _problem = _match(row.values, found)
            if target is None:
                enterprise = Enterprise(org=context.org, **values)
                enterprise.name_pinyin, enterprise.name_initials = name_pinyin(enterprise.name)
                created.append(enterprise)
                continue
            before = bulk.apply_values(target, values)
            if before is None:
                counts.unchanged += 1
                continue
            if before.name != target.name:
                target.name_pinyin, target.name_initials = name_pinyin(target.name)
                names |= {"name_pinyin", "name_initials"}
            names |= set(values)
            changed.append((before, target))
        Enterprise.objects.bulk_create(created, batch_size=500)
        bulk.bulk_update_changed(Enterprise, changed, names)
        bulk.log_created(created, user=context.user)
        bulk.log_updated(changed, user=context.user)
        counts.created += len(created)
        counts.updated += len(changed)
        return counts


def _outside_scope() -> Any:
    return _("This enterprise is registered outside your scope; ask its keeping organisation to change it.")


def _may_change(context: ImportContext, enterprise: Enterprise) -> bool:
    """``enterprises.services.may_change`` over paths worked out once: the keeper's, or its union's."""
    key = "paths"
    if key not in context.cache:
        context.cache[key] = scoping.scope_paths(context.user, PERM_CHANGE)
    paths = context.cache[key]
    org_paths = [enterprise.org_path, enterprise.union_path]
    return any(p and any(p.startswith(root) for root in paths) for p in org_paths)


def _lookup(rows: list[Row], context: ImportContext, *, lock: bool) -> dict[str, Any]:
    """Enterprises the batch may mean, by credit code anywhere and by name in scope: one query."""
    from django.db.models import F

    codes_wanted = {r.values["uscc"] for r in rows if r.values.get("uscc")}
    names = {r.values["name"] for r in rows}
    paths = scoping.scope_paths(context.user, PERM_CHANGE)
    in_scope = scoping.org_filter(paths, prefix="org__") | scoping.org_filter(paths, prefix="union__")
    query = Q(uscc__in=codes_wanted) | (Q(name__in=names) & in_scope) if paths else Q(uscc__in=codes_wanted)
    rows_qs = Enterprise.objects.filter(query).annotate(org_path=F("org__path"), union_path=F("union__path"))
    if lock:
        rows_qs = rows_qs.select_for_update(of=("self",))
    by_code: dict[str, Enterprise] = {}
    by_name: dict[str, list[Enterprise]] = {}
    for enterprise in rows_qs.order_by("pk"):
        if enterprise.uscc:
            by_code[enterprise.uscc] = enterprise
        if enterprise.name in names:
            by_name.setdefault(enterprise.name, []).append(enterprise)
    return {"rows": [r.number for r in rows], "by_code": by_code, "by_name": by_name}


def _match(values: dict[str, Any], found: dict[str, Any]) -> tuple[Enterprise | None, Any]:
    """The enterprise a row means (or None for a new one), or a reason it cannot be told."""
    code = values.get("uscc")
    if code and code in found["by_code"]:
        return found["by_code"][code], None
    named = found["by_name"].get(values["name"], [])
    if code:
        # A new code: the one enterprise of that name still without a code is given it.
        uncoded = [e for e in named if not e.uscc]
        return (uncoded[0], None) if len(uncoded) == 1 else (None, None)
    if len(named) > 1:
        return None, _(
            "Several enterprises in your scope have this name; add the credit code to tell them apart."
        )
    return (named[0], None) if named else (None, None)


def _townships(rows: list[Row], context: ImportContext) -> dict[str, Region | None]:
    known: dict[str, Region | None] = context.cache.setdefault("townships", {})
    wanted = {r.values["township"] for r in rows if "township" in r.values} - known.keys()
    if wanted:
        matches: dict[str, list[Region]] = {}
        townships = Region.objects.filter(level=Region.Level.TOWNSHIP).filter(
            Q(code__in=wanted) | Q(name__in=wanted)
        )
        for region in townships:
            for key in {region.code, region.name} & wanted:
                matches.setdefault(key, []).append(region)
        for key in wanted:
            found = matches.get(key, [])
            known[key] = found[0] if len(found) == 1 else None
    return known


register(EnterpriseSpec)
