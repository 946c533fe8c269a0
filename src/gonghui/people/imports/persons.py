"""People from a spreadsheet (人员花名册): one person per row, keyed by the ID number.

A row whose ID number is registered updates that person (only the columns given; an old 15-digit
number finds the 18-digit one), never adds a second; a new number registers the person in the
organisation imported into. Each row is checked as ``people.services.person_create`` checks a
form: the ID strictly, sex and birth date against it (a contradiction is an error on that cell),
the phone normalised. The rows are then written in bulk with the same derived columns — blind
indexes, pinyin, search tokens from ``people.tokens`` — and the audit entries ``bulk`` writes.

Per batch: one query finds the registered people by blind index (locked while committing), then
the new people, their search tokens and their audit entries go in as one COPY each on PostgreSQL
(one prepared INSERT each on SQLite), ordered so that the database stores one while Python makes
the next (``write_new``).
"""

from __future__ import annotations

import functools
from collections.abc import Sequence
from typing import Any

from auditlog.models import LogEntry
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from gonghui.core.imports import bulk, cells
from gonghui.core.imports.registry import register
from gonghui.core.imports.spec import CommitCounts, Field, ImportContext, ImportSpec, Row
from gonghui.people import choices, pinyin, tokens
from gonghui.people.imports import common
from gonghui.people.imports.common import PERM_CHANGE
from gonghui.people.models import HouseholdMember, Person, PersonSearchToken
from gonghui.people.services.persons import _contradictions

# Columns copied as cleaned; name, ID number and the residence region are handled apart.
DIRECT = (
    "ethnicity",
    "phone",
    "hukou_type",
    "address",
    "education",
    "political_status",
    "health",
    "health_note",
    "disability_kind",
    "disability_grade",
    "disability_cert_number",
    "employer_name",
    "job",
    "is_migrant_worker",
    "work_city",
)
TOKEN_COLUMNS = ["person_id", "org_id", "kind", "token"]
# A change to one of these changes what the person is found by.
TOKEN_SOURCES = {"name", "phone"}
_PINYIN_MAX = Person._meta.get_field("name_pinyin").max_length
_INITIALS_MAX = Person._meta.get_field("name_initials").max_length
_PHONE_HASH = Person._meta.get_field("phone_bidx").hash_of


class PersonSpec(ImportSpec):
    kind = "people"
    verbose_name = _("People")
    description = _(
        "People of your organisation, one per row. A row whose ID number is already registered "
        "updates that person; empty cells leave their values as they are."
    )
    perm = PERM_CHANGE
    key_fields = ("id_number",)
    batch_size = 1000
    analyze_models = (Person, PersonSearchToken)
    fields = (
        Field("name", _("Name"), common.NAME_SYNONYMS, True, common.name),
        Field("id_number", _("ID number"), common.ID_SYNONYMS, True, common.id_number, True),
        Field("sex", _("Sex"), ("性别",), False, cells.sex),
        Field(
            "birth_date", _("Birth date"), ("出生日期", "出生年月日", "出生年月", "生日"), False, cells.date
        ),
        Field(
            "ethnicity",
            _("Ethnic group"),
            ("民族",),
            False,
            common.choice(choices.Ethnicity, common.ETHNICITY_WORDS),
        ),
        Field(
            "phone",
            _("Phone"),
            ("手机", "手机号", "手机号码", "联系电话", "电话", "电话号码", "联系方式", "移动电话"),
            False,
            common.phone,
            True,
        ),
        Field(
            "hukou_type",
            _("Hukou type"),
            ("户口类型", "户口性质", "户籍类型", "户籍性质", "户口"),
            False,
            common.choice(choices.HukouType, common.HUKOU_WORDS),
        ),
        Field(
            "residence_region",
            _("Township of residence"),
            ("居住乡镇", "所在乡镇", "乡镇", "所在乡镇（街道）", "乡镇街道", "居住地区划代码"),
            False,
            cells.text_max(60),
            help=_("The township or street by name (南江镇) or division code."),
        ),
        Field(
            "address",
            _("Address"),
            ("居住地址", "住址", "家庭住址", "现住址", "地址", "现居住地址", "家庭地址", "详细地址"),
            False,
            cells.text_max(300),
        ),
        Field(
            "education",
            _("Education"),
            ("文化程度", "学历", "最高学历", "文化"),
            False,
            common.choice(choices.Education, common.EDUCATION_WORDS),
        ),
        Field(
            "political_status",
            _("Political status"),
            ("政治面貌",),
            False,
            common.choice(choices.PoliticalStatus, common.POLITICAL_WORDS),
        ),
        Field(
            "health",
            _("Health"),
            ("健康状况", "身体状况", "健康"),
            False,
            common.choice(choices.Health, common.HEALTH_WORDS),
        ),
        Field(
            "health_note",
            _("Health details"),
            ("病情", "健康说明", "患病情况", "疾病名称", "所患疾病"),
            False,
            cells.text_max(200),
        ),
        Field(
            "disability_kind",
            _("Disability category"),
            ("残疾类别", "残疾类型", "残疾种类"),
            False,
            common.choice(choices.DisabilityKind, common.DISABILITY_WORDS),
        ),
        Field("disability_grade", _("Disability grade"), ("残疾等级", "残疾级别"), False, common.grade),
        Field(
            "disability_cert_number",
            _("Disability certificate number"),
            ("残疾证号", "残疾证号码", "残疾人证号", "残疾证编号"),
            False,
            common.cert_number,
            True,
        ),
        Field(
            "employer_name",
            _("Employer"),
            ("工作单位", "单位", "所在单位", "单位名称", "就业单位", "务工单位"),
            False,
            cells.text_max(200),
        ),
        Field("job", _("Job"), ("岗位", "职务", "工种", "职业", "从事工作"), False, cells.text_max(100)),
        Field(
            "is_migrant_worker",
            _("Migrant worker"),
            ("是否农民工", "农民工", "是否外出务工"),
            False,
            cells.boolean,
        ),
        Field(
            "work_city",
            _("City of work"),
            ("务工城市", "务工地", "务工地点", "务工所在地", "务工地区"),
            False,
            cells.text_max(60),
        ),
    )

    def key(self, values: dict[str, Any]) -> str | None:
        parsed = values.get("id_number")
        return parsed.number if parsed is not None else None

    def template_example(self) -> list[list[Any]]:
        return [
            [
                "张三",
                "511922199001011238",
                "男",
                "1990-01-01",
                "汉族",
                "13812345678",
                "农业户口",
                "南江镇",
                "南江县南江镇滨河路1号",
                "高中",
                "群众",
                "健康",
                "",
                "",
                "",
                "",
                "南江县光雾山米业有限公司",
                "操作工",
                "是",
                "西安",
            ]
        ]

    # --- checks

    def validate_rows(self, rows: list[Row], context: ImportContext) -> None:
        regions = _regions(rows, context)
        numbers = [r.values["id_number"].number for r in rows]
        # The commit updates what it finds, so it loads whole people; the check reads two fields.
        only = () if context.committing else ("name", "org")
        existing = common.live_people(numbers, lock=context.committing, only=only)
        context.cache["batch"] = (set(numbers), existing)
        for row in rows:
            values = row.values
            parsed = values["id_number"]
            for warning in parsed.warnings:
                row.add_warning("id_number", warning)
            for error in _contradictions(parsed, values.get("sex"), values.get("birth_date")):
                row.add_error(error.field, error.message)
            region_text = values.get("residence_region")
            if region_text is not None and regions.get(region_text) is None:
                row.add_error(
                    "residence_region",
                    _("No township or street is called %(name)s (or has this code).") % {"name": region_text},
                )
            person = existing.get(parsed.number)
            if person is None:
                if not context.org.is_active:
                    row.add_error(None, _("This organisation is closed and takes no new records."))
            elif not common.allowed(context, PERM_CHANGE, person.org_path):
                row.add_error("id_number", common.outside_scope_message())
            elif "name" in values and values["name"] != person.name:
                row.add_warning(
                    "name",
                    _("This ID number is registered as %(name)s; the row renames the person.")
                    % {"name": person.name},
                )

    # --- writes

    def commit_rows(self, rows: list[Row], context: ImportContext) -> CommitCounts:
        numbers = [r.values["id_number"].number for r in rows]
        looked_up, existing = context.cache.pop("batch", (set(), {}))
        if not set(numbers) <= looked_up:
            existing = common.live_people(numbers, lock=True)
        regions = context.cache.get("regions", {})
        created: list[Person] = []
        changed: list[tuple[Person, Person]] = []
        changed_fields: set[str] = set()
        retoken: list[Person] = []
        counts = CommitCounts()
        for row in rows:
            values = model_values(row.values, regions)
            person = existing.get(values["id_number"])
            if person is None:
                created.append(new_person(context.org.pk, values))
                continue
            del values["sex"], values["birth_date"]  # derived from the ID number, which is the key
            before = bulk.apply_values(person, values)
            if before is None:
                counts.unchanged += 1
                continue
            differing = {n for n in values if _attr(before, n) != _attr(person, n)}
            if "name" in differing:
                set_pinyin(person)
                differing |= {"name_pinyin", "name_initials"}
            if "phone" in differing:
                person.phone_bidx = _PHONE_HASH(person.phone) if person.phone else None
                differing.add("phone_bidx")
            if differing & TOKEN_SOURCES:
                retoken.append(person)
            changed_fields |= differing
            changed.append((before, person))
        bulk.bulk_update_changed(Person, changed, changed_fields)
        if retoken:
            PersonSearchToken.objects.filter(person_id__in=[p.pk for p in retoken]).delete()
        if created:
            write_new(created, context.user, retoken)
        else:
            write_tokens(retoken)
        linked = link_household_rows(created, _unlinked(context))
        bulk.log_updated(changed, user=context.user)
        bulk.log_updated(linked, user=context.user)
        counts.created += len(created)
        counts.updated += len(changed)
        return counts


def _regions(rows: list[Row], context: ImportContext) -> dict[str, Any]:
    """Residence regions named by the batch, by code or name (townships first); None when unknown."""
    from gonghui.orgs.models import Region

    known: dict[str, Any] = context.cache.setdefault("regions", {})
    wanted = {r.values["residence_region"] for r in rows if "residence_region" in r.values} - known.keys()
    if not wanted:
        return known
    found: dict[str, list[Any]] = {}
    for region in Region.objects.filter(Q(code__in=wanted) | Q(name__in=wanted)):
        for key in (region.code, region.name):
            if key in wanted:
                found.setdefault(key, []).append(region)
    for key in wanted:
        candidates = found.get(key, [])
        townships = [r for r in candidates if r.level == Region.Level.TOWNSHIP]
        pick = townships or candidates
        known[key] = pick[0] if len(pick) == 1 else None
    return known


def _attr(person: Person, name: str) -> Any:
    """A field's value for comparing, foreign keys by id (no query for the related row)."""
    return person.residence_region_id if name == "residence_region" else getattr(person, name)


def model_values(values: dict[str, Any], regions: dict[str, Any]) -> dict[str, Any]:
    """The row's values as ``Person`` fields, as ``person_create`` would set them."""
    parsed = values["id_number"]
    out: dict[str, Any] = {
        "name": values["name"],
        "id_number": parsed.number,
        "sex": parsed.sex,
        "birth_date": parsed.birth_date,
    }
    for name in DIRECT:
        if name in values:
            out[name] = values[name]
    if "residence_region" in values:
        out["residence_region"] = regions[values["residence_region"]]
    return out


def set_pinyin(person: Person) -> None:
    """The ranking columns, filled as ``people.services`` fills them when saving."""
    person.name_pinyin = pinyin.full_pinyin(person.name)[:_PINYIN_MAX]
    person.name_initials = pinyin.initials(person.name)[:_INITIALS_MAX]


@functools.cache
def _person_maker() -> Any:
    return bulk.maker(Person)


def new_person(org_id: int, values: dict[str, Any]) -> Person:
    """An unsaved person with the ranking columns filled (many are made: see ``bulk.maker``)."""
    person = _person_maker()(org_id=org_id, **values)
    set_pinyin(person)
    return person


def write_new(created: list[Person], user: Any, retoken: Sequence[Person] = ()) -> None:
    """Insert new people, their search tokens (and those of ``retoken``) and their audit entries.

    Three COPYs, each overlapping with Python work: PostgreSQL stores the tokens while Python
    makes the people's rows (encryption, blind indexes), then stores the people while Python makes
    their audit entries. Making them reads no relation (``Person.__str__`` is the name), so no
    query runs while a COPY holds the connection (``bulk.copying`` would raise if one did).
    """
    people = bulk.plan_insert(created)  # the keys, which the tokens need
    entries = bulk.plan_log([(None, p) for p in created], LogEntry.Action.CREATE, user)
    with bulk.copying(PersonSearchToken, TOKEN_COLUMNS) as write:
        for person in (*created, *retoken):
            pk, org_id = person.pk, person.org_id
            for kind, token in tokens.tokens_for(person):
                write((pk, org_id, kind, token))
        people_rows = people.rows()
    with bulk.copying(Person, people.columns) as write:
        for row in people_rows:
            write(row)
        entry_rows = entries.rows()
    people.done()
    entries.send(entry_rows)


def write_tokens(people: Sequence[Person]) -> None:
    """Insert the search tokens of saved people (``people.tokens.tokens_for``) in one statement.

    PostgreSQL takes them through COPY as they are made, SQLite through one prepared INSERT run for
    every row: a million rows of four columns would cost seconds as model instances.
    """
    rows = (
        (person.pk, person.org_id, kind, token)
        for person in people
        for kind, token in tokens.tokens_for(person)
    )
    bulk.insert_rows(PersonSearchToken, TOKEN_COLUMNS, rows, pure=True)


def _unlinked(context: ImportContext) -> set[str]:
    """Blind indexes of the household members not yet linked to a registered person: read once a commit.

    Most batches then need no query at all to find that none of their new people is such a member.
    """
    if "unlinked" not in context.cache:
        rows = HouseholdMember.objects.filter(person=None, id_number_bidx__isnull=False)
        context.cache["unlinked"] = set(rows.values_list("id_number_bidx", flat=True))
    return context.cache["unlinked"]


def link_household_rows(
    people: Sequence[Person], unlinked: set[str] | None = None
) -> list[tuple[HouseholdMember, HouseholdMember]]:
    """Link unregistered household members carrying the new people's ID numbers (``link_registered``).

    The people are new, so none belongs to a household yet; returns (before, after) pairs to log.
    ``unlinked`` (the blind indexes of all unlinked members) spares the query when none matches.
    """
    by_hash = {p.id_number_bidx: p for p in people if p.id_number_bidx}
    if unlinked is not None:
        by_hash = {h: p for h, p in by_hash.items() if h in unlinked}
    if not by_hash:
        return []
    changed = []
    for member in HouseholdMember.objects.filter(person=None, id_number_bidx__in=list(by_hash)):
        before = bulk.apply_values(
            member, {"person": by_hash[member.id_number_bidx], "name": "", "id_number": ""}
        )
        member.id_number_bidx = None
        changed.append((before, member))
    bulk.bulk_update_changed(HouseholdMember, changed, ["person", "name", "id_number", "id_number_bidx"])
    return changed


register(PersonSpec)
