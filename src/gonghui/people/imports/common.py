"""What the registry's import specs share: cell cleaners for its code lists, ID lookups, scope checks.

Every cleaner turns what an office spreadsheet holds into what ``people.services`` would store,
through the same functions (``identity.parse``, ``phones.normalise``, ``pinyin.normalise_name``),
so an imported person is indistinguishable from one registered through a form.
"""

from __future__ import annotations

import datetime
import time
from collections.abc import Iterable, Sequence
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from gonghui.accounts import scoping
from gonghui.core.errors import DomainError
from gonghui.core.imports import cells
from gonghui.core.imports.spec import ImportContext
from gonghui.people import choices, identity, phones
from gonghui.people.models import Person
from gonghui.people.services.persons import _name

PERM_VIEW = "people.view"
PERM_CHANGE = "people.change"

ID_SYNONYMS = ("身份证号", "身份证号码", "公民身份号码", "身份证", "证件号码", "证件号", "身份证件号码")
NAME_SYNONYMS = ("姓名", "名字", "职工姓名", "会员姓名")


def id_number(value: Any) -> identity.IdNumber:
    """An ID number cell checked strictly: an ``IdNumber`` (15-digit numbers converted to 18)."""
    text = cells.id_number_text(value)
    try:
        return identity.parse(text, today=_today())
    except DomainError as exc:
        raise cells.CellError(exc.message) from None


_TODAY: list[Any] = [0.0, None]


def _today() -> datetime.date:
    """Today in the site's time zone, worked out once a minute: ``localdate`` costs more than a parse."""
    now = time.monotonic()
    if _TODAY[1] is None or now - _TODAY[0] > 60:
        _TODAY[:] = [now, timezone.localdate()]
    return _TODAY[1]


def name(value: Any) -> str:
    """A person's name as ``person_create`` stores it (spaces gone, one kind of middle dot)."""
    try:
        return _name(cells.as_text(value))
    except DomainError as exc:
        raise cells.CellError(exc.message) from None


def phone(value: Any) -> str:
    """A mobile or a landline with its area code, in the stored form; a number cell keeps its digits."""
    raw = cells.digits_text(value) if isinstance(value, (int, float)) else cells.as_text(value)
    try:
        return phones.normalise(raw)
    except DomainError as exc:
        raise cells.CellError(exc.message) from None


def id_hash(number: str) -> str:
    """The blind index of an ID number (the same key for ``Person`` and ``HouseholdMember``)."""
    return Person._meta.get_field("id_number_bidx").hash_of(number)


def paths(context: ImportContext, perm: str) -> list[str]:
    """The tree paths under which the importing user holds ``perm``, worked out once per run."""
    key = f"paths:{perm}"
    if key not in context.cache:
        context.cache[key] = scoping.scope_paths(context.user, perm)
    return context.cache[key]


def allowed(context: ImportContext, perm: str, org_path: str) -> bool:
    return any(org_path.startswith(p) for p in paths(context, perm))


def outside_scope_message() -> Any:
    return _(
        "A person with this ID number is registered outside your scope; ask their organisation to change it."
    )


def not_registered_message() -> Any:
    return _("No person with this ID number is registered; import them into the people register first.")


def live_people(numbers: Iterable[str], *, lock: bool = False, only: Sequence[str] = ()) -> dict[str, Person]:
    """Registered people by ID number, with their organisation's path as ``org_path``: one query.

    ``lock`` takes their row locks (PostgreSQL) for the commit; records merged into another have no
    ID number any more and are never found. ``only`` loads just those fields: a check that needs
    the name need not decrypt every ID number and phone of a re-imported sheet.
    """
    from django.db.models import F

    by_hash = {id_hash(n): n for n in numbers}
    if not by_hash:
        return {}
    rows = Person.objects.filter(id_number_bidx__in=list(by_hash)).annotate(org_path=F("org__path"))
    if only:
        rows = rows.only("id_number_bidx", *only)
    if lock:
        rows = rows.select_for_update(of=("self",))
    return {by_hash[p.id_number_bidx]: p for p in rows}


def synonyms_of(mapping: dict[str, Iterable[str]]) -> dict[str, str]:
    """{word: code} from {code: words}."""
    return {word: code for code, words in mapping.items() for word in words}


ETHNICITY_WORDS = {code: (zh, f"{zh}族") for code, zh in choices.ETHNICITY_ZH.items()}
HUKOU_WORDS = {
    "agricultural": ("农业", "农业户口", "农业户", "农村", "农村户口", "农业家庭户口"),
    "non_agricultural": ("非农业", "非农", "非农业户口", "非农户口", "城镇", "城镇户口", "城市户口"),
    "resident": ("居民", "居民户口", "居民家庭户口", "统一居民户口", "城乡居民"),
}
EDUCATION_WORDS = {
    "none": ("无", "文盲", "半文盲", "未上学", "不识字", "无学历", "没上过学"),
    "primary": ("小学",),
    "junior": ("初中", "初级中学"),
    "senior": ("高中", "普通高中"),
    "vocational": ("中专", "职高", "技校", "中职", "中技", "职业高中", "中等职业教育"),
    "college": ("大专", "专科", "大学专科", "高职", "高职高专"),
    "bachelor": ("本科", "大学本科", "大学", "大本", "学士"),
    "master": ("硕士", "研究生", "硕士研究生"),
    "doctor": ("博士", "博士研究生"),
}
POLITICAL_WORDS = {
    "01": ("中共党员", "党员", "共产党员", "中国共产党党员"),
    "02": ("中共预备党员", "预备党员"),
    "03": ("共青团员", "团员", "中国共产主义青年团团员"),
    "04": (
        "民主党派",
        "民主党派成员",
        "民革党员",
        "民盟盟员",
        "民建会员",
        "民进会员",
        "农工党党员",
        "致公党党员",
        "九三学社社员",
        "台盟盟员",
    ),
    "12": ("无党派人士", "无党派", "无党派民主人士"),
    "13": ("群众", "普通群众"),
}
HEALTH_WORDS = {
    "healthy": ("健康", "良好", "好", "正常"),
    "weak": ("一般", "较弱", "体弱", "弱", "较差", "体弱多病"),
    "chronic": ("慢性病", "患慢性病", "长期慢性病"),
    "serious": ("大病", "重病", "患大病", "重大疾病", "重疾"),
}
DISABILITY_WORDS = {
    "visual": ("视力", "视力残疾", "视残", "盲"),
    "hearing": ("听力", "听力残疾", "听残", "聋"),
    "speech": ("言语", "言语残疾", "语言", "语言残疾"),
    "physical": ("肢体", "肢体残疾", "肢残"),
    "intellectual": ("智力", "智力残疾", "智残"),
    "mental": ("精神", "精神残疾"),
    "multiple": ("多重", "多重残疾"),
}
GRADE_WORDS = {
    1: ("1", "一", "一级", "1级", "壹级", "一级残疾"),
    2: ("2", "二", "二级", "2级", "贰级", "二级残疾"),
    3: ("3", "三", "三级", "3级", "叁级", "三级残疾"),
    4: ("4", "四", "四级", "4级", "肆级", "四级残疾"),
}
RELATIONSHIP_WORDS = {
    "head": ("户主", "本人", "户主本人"),
    "spouse": ("配偶", "妻", "夫", "妻子", "丈夫", "爱人"),
    "child": (
        "子女",
        "子",
        "女",
        "儿子",
        "女儿",
        "长子",
        "次子",
        "长女",
        "次女",
        "养子",
        "养女",
        "继子",
        "继女",
    ),
    "parent": ("父母", "父亲", "母亲", "父", "母", "公公", "婆婆", "岳父", "岳母"),
    "sibling": ("兄弟姐妹", "兄", "弟", "姐", "妹", "哥哥", "弟弟", "姐姐", "妹妹"),
    "grandparent": ("祖父母", "祖父", "祖母", "外祖父", "外祖母", "爷爷", "奶奶", "外公", "外婆"),
    "grandchild": ("孙子女", "孙子", "孙女", "外孙", "外孙女"),
    "other": ("其他", "其它", "儿媳", "女婿", "其他亲属"),
}
MEMBER_HEALTH_WORDS = {
    "healthy": ("健康", "良好", "正常"),
    "chronic": ("慢性病", "患慢性病", "长期慢性病"),
    "serious": ("大病", "重病", "患大病", "重大疾病"),
    "disabled": ("残疾", "残疾人"),
}
EMPLOYMENT_WORDS = {
    "employed": ("在岗", "就业", "在职", "务工", "已就业"),
    "flexible": ("灵活就业", "打零工", "零工"),
    "unemployed": ("失业", "待业", "无业", "下岗"),
    "retired": ("退休", "离退休", "离休"),
    "student": ("在读", "在校", "学生", "上学"),
    "unable": ("无劳动能力", "丧失劳动能力", "不能劳动"),
    "farming": ("务农", "农民", "种地"),
}
SCHOOL_WORDS = {
    "preschool": ("学前", "幼儿园", "学前教育"),
    "primary": ("小学",),
    "junior": ("初中", "初级中学"),
    "senior": ("高中", "中职", "中专", "职高", "技校", "普通高中"),
    "college": ("大专", "专科", "高职"),
    "bachelor": ("本科", "大学", "大学本科"),
    "postgraduate": ("研究生", "硕士", "博士", "硕士研究生", "博士研究生"),
}


def choice(choice_class: Any, words: dict[Any, Iterable[str]]) -> cells.Cleaner:
    """``cells.choice`` with the registry's words, its lookup built on first use and kept."""
    built: list[cells.Cleaner] = []

    def clean(value: Any) -> Any:
        if not built:
            built.append(cells.choice(choice_class, synonyms=synonyms_of(words)))
        return built[0](value)

    return clean


def grade(value: Any) -> int:
    """A disability grade from 一级, 1级, 1 or 一."""
    lookup = {word: code for code, words in GRADE_WORDS.items() for word in words}
    key = cells.text(value).replace(" ", "")
    if key not in lookup:
        raise cells.CellError(_("Enter the disability grade as 一级 to 四级 (or 1 to 4)."))
    return lookup[key]


def cert_number(value: Any) -> str:
    """A disability certificate number as ``person_create`` keeps it (the ID number and two digits)."""
    number = identity.normalise(cells.id_number_text(value))
    if len(number) > 30:
        raise cells.CellError(_("This text is too long."))
    return number
