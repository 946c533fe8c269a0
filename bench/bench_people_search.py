"""How fast does the people search box answer with 1,000,000 people? (issue 4, "Speed")

Target: p95 under 50 ms on PostgreSQL and under 100 ms on SQLite for every kind of search —
one, two or three Chinese characters, full pinyin, pinyin initials, the full ID number, its last
4 and 6 characters, the full phone and its last 4 digits — as a township cadre (one township of
about 20) and as a federation administrator (the whole county).

One search is what ``GET /api/v1/people/?q=…&limit=20`` runs: ``people.queries.person_results``
(the filter set with its scoped, ranked search, counted up to ``SEARCH_CAP`` = 1,000 and, beyond
it, ranked among a bounded set of candidates) and the first 20 rows.

The people live in a database of their own, never the demo's ``var/db.sqlite3`` nor the test
database: ``var/bench/people_search.sqlite3`` and the PostgreSQL database ``gonghui_bench``
(``BENCH_PG_URL``, default ``postgres://postgres@127.0.0.1:5432/gonghui_bench``), dropped and
created again whenever the people must be generated. Generation is deterministic (weighted
surnames and given-name characters, valid ID numbers of 南江县 under its codes 511922, 513722
and 513026, mobile numbers) and writes rows in bulk (COPY on PostgreSQL) with every column and
search token computed by the functions the services use; each run checks that claim against
``people.services.person_create`` in a rolled-back transaction. The database is kept between runs
and reused while its size, generator version, encryption key and tokens still match.

Usage: ``make bench``, or ``.venv/bin/python bench/bench_people_search.py [--people N]
[--regenerate] [--backends postgresql,sqlite] [--kinds name1,pinyin,…] [--queries 200]
[--note "what changed"] [--no-record]``. Each backend runs in a process of its own (Django
settings are per process); the figures are printed and, unless ``--no-record``, appended to
``bench/RESULTS.md``. PostgreSQL is skipped, with a message, when it does not answer.

Generating 1,000,000 people takes 15–40 minutes per database on two busy cores (the Python side:
pinyin, encryption, blind indexes and tokens of every person); later runs take a few minutes.
"""

from __future__ import annotations

import argparse
import datetime
import json
import os
import random
import shlex
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import benchkit

ROOT = Path(__file__).resolve().parent.parent
VAR_DIR = ROOT / "var" / "bench"
SQLITE_PATH = VAR_DIR / "people_search.sqlite3"
PG_URL = os.environ.get("BENCH_PG_URL", "postgres://postgres@127.0.0.1:5432/gonghui_bench")

GENERATOR_VERSION = "2"  # change whenever the generated people change, so cached databases are rebuilt
SEED = 20240601
BATCH = 10_000
PAGE = 20
TARGET_MS = {"postgresql": 50.0, "sqlite": 100.0}
TIME_LIMIT_PER_ROW = 30.0  # seconds of searching per (scope, kind) row at most; n says how many ran
WARM_UP = 20

# (key, label): the search kinds of issue 4.
KINDS = [
    ("name1", "name, 1 character"),
    ("name2", "name, 2 characters"),
    ("name3", "full name (3 chars)"),
    ("pinyin", "full pinyin"),
    ("initials", "pinyin initials"),
    ("id", "full ID number"),
    ("id4", "ID, last 4"),
    ("id6", "ID, last 6"),
    ("phone", "full phone"),
    ("phone4", "phone, last 4"),
]
SCOPES = [("township1", "township cadre"), ("admin", "federation admin")]

# --- names: surnames weighted by their share of the population (per 10,000, rounded from the
# published rankings), a few with a surname reading (曾 zeng, 单 shan, 解 xie, 仇 qiu, 区 ou, 查 zha)
# and compound surnames, and given-name characters weighted by rank.
SURNAMES = (
    "王715 李700 张668 刘530 陈450 杨310 黄210 赵200 周168 吴156 徐135 孙125 胡119 朱115 高110 林105 "
    "何100 郭100 马95 罗85 梁78 宋70 郑70 谢63 韩60 唐60 冯58 于55 董53 肖50 程49 曹48 袁46 邓45 "
    "许44 傅40 沈39 曾38 彭38 吕36 苏35 卢35 蒋34 蔡33 贾30 丁30 魏30 薛28 叶27 阎26 余26 潘25 杜25 "
    "戴24 夏24 钟24 汪23 田23 任22 姜22 范21 方21 石20 姚20 谭20 廖19 邹18 熊18 金17 陆17 郝16 孔15 "
    "白15 崔15 康14 毛14 邱14 秦13 江13 史13 顾13 侯12 邵12 孟12 龙12 万11 段11 雷11 钱11 汤10 尹10 "
    "黎10 易10 常10 武10 乔10 贺10 赖9 龚9 文9 岳8 苟8 向8 单3 解2 仇2 查2 区1 欧阳3 司马1 诸葛1 上官1"
)
GIVEN_FIRST = {
    "male": "建国志文明永德晓小子家俊宏海金春学云天宇浩思嘉鹏新军红立世光玉兴中正长成",
    "female": "秀晓小丽春玉美金海红桂淑雪思佳嘉雨婷诗梦雅慧欣文丹艳燕月彩凤亚晶琳",
}
GIVEN_LAST = {
    "male": "伟强军勇杰涛明斌超磊鹏华平刚林峰辉波宇浩俊成海东兵亮飞龙云鑫晨洋凯博帅斌松毅健彬坤",
    "female": "芳娟敏静丽艳霞燕玲红梅萍婷雪琳秀英兰丹慧倩颖琴洁晶蓉欣悦佳怡莉娜露瑶月春凤玉华",
}
MOBILE_PREFIXES = [f"1{n}" for n in (30, 31, 32, 33, 35, 36, 37, 38, 39, 50, 51, 52, 53, 55, 56, 57, 58, 59)]
MOBILE_PREFIXES += [f"1{n}" for n in (66, 73, 77, 80, 81, 82, 83, 85, 86, 87, 88, 89, 99)]
BIRTH_FROM, BIRTH_TO = datetime.date(1950, 1, 1), datetime.date(2006, 12, 31)


def _weighted(spec: str) -> tuple[list[str], list[float]]:
    names, cumulative, total = [], [], 0.0
    for item in spec.split():
        name = item.rstrip("0123456789")
        total += int(item[len(name) :])
        names.append(name)
        cumulative.append(total)
    return names, cumulative


def _ranked(chars: str) -> tuple[list[str], list[float]]:
    """Characters weighted 1/(rank+4): the first few far more common, as in real given names."""
    unique = list(dict.fromkeys(chars))
    cumulative, total = [], 0.0
    for rank in range(len(unique)):
        total += 1 / (rank + 4)
        cumulative.append(total)
    return unique, cumulative


class PeopleGenerator:
    """The same people every time for the same seed: name, sex, ID number, phone and organisation."""

    def __init__(self, org_weights: list[tuple[int, float]], seed: int = SEED) -> None:
        self.rng = random.Random(seed)
        self.surnames = _weighted(SURNAMES)
        self.first = {sex: _ranked(chars) for sex, chars in GIVEN_FIRST.items()}
        self.last = {sex: _ranked(chars) for sex, chars in GIVEN_LAST.items()}
        self.orgs = [org for org, _w in org_weights]
        self.org_cumulative = []
        total = 0.0
        for _org, weight in org_weights:
            total += weight
            self.org_cumulative.append(total)
        self.days = (BIRTH_TO - BIRTH_FROM).days + 1
        # The first two digits of the sequence name the police station that issued the number.
        self.stations = sorted(random.Random(seed + 7).sample(range(1, 100), 40))
        self.used: dict[tuple[str, datetime.date], set[int]] = {}

    def name(self, sex: str) -> str:
        rng = self.rng
        surname = rng.choices(self.surnames[0], cum_weights=self.surnames[1])[0]
        last = rng.choices(self.last[sex][0], cum_weights=self.last[sex][1])[0]
        if rng.random() < 0.16:  # a one-character given name: 王伟, 李娜
            return surname + last
        first = rng.choices(self.first[sex][0], cum_weights=self.first[sex][1])[0]
        return surname + first + last

    def region(self, birth: datetime.date) -> str:
        """南江县 was 513026 until 1993 and 513722 until 2000; many kept their first number."""
        roll = self.rng.random()
        if birth.year < 1993:
            return "513026" if roll < 0.25 else ("513722" if roll < 0.35 else "511922")
        if birth.year < 2000:
            return "513722" if roll < 0.4 else "511922"
        return "511922"

    def sequence(self, region: str, birth: datetime.date, sex: str) -> int:
        """A sequence number not yet given on that day under that code, odd for men, even for women."""
        used = self.used.setdefault((region, birth), set())
        parity = 1 if sex == "male" else 0
        for _attempt in range(20):
            seq = self.rng.choice(self.stations) * 10 + 2 * self.rng.randrange(5) + parity
            if seq not in used:
                break
        else:
            seq = next(s for s in range(parity, 1000, 2) if s not in used)  # StopIteration: day full
        used.add(seq)
        return seq

    def person(self) -> tuple[int, str, str, str]:
        """(org id, name, ID number, phone) of the next person."""
        from gonghui.people import identity

        rng = self.rng
        sex = "male" if rng.random() < 0.52 else "female"
        name = self.name(sex)
        birth = BIRTH_FROM + datetime.timedelta(days=rng.randrange(self.days))
        region = self.region(birth)
        id_number = identity.make(region, birth, self.sequence(region, birth, sex), sex)
        phone = "" if rng.random() < 0.08 else rng.choice(MOBILE_PREFIXES) + f"{rng.randrange(10**8):08d}"
        org = rng.choices(self.orgs, cum_weights=self.org_cumulative)[0]
        return org, name, id_number, phone


# --- the parent process: one child per backend, then the table


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--people", type=int, default=1_000_000)
    parser.add_argument("--queries", type=int, default=200, help="timed searches per scope and kind")
    parser.add_argument("--backends", default="postgresql,sqlite")
    parser.add_argument("--regenerate", action="store_true", help="generate the people even if cached")
    parser.add_argument("--no-record", action="store_true", help="do not append the figures to RESULTS.md")
    parser.add_argument("--note", default="", help="what changed, for the heading in RESULTS.md")
    parser.add_argument("--kinds", default=",".join(k for k, _label in KINDS), help="search kinds to time")
    parser.add_argument("--worker", help=argparse.SUPPRESS)
    parser.add_argument("--out", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.worker:
        return worker(args)
    unknown = set(args.kinds.split(",")) - {k for k, _label in KINDS}
    if unknown:
        parser.error(f"unknown search kinds: {', '.join(sorted(unknown))}")

    results = []
    for backend in [b.strip() for b in args.backends.split(",") if b.strip()]:
        if backend == "postgresql":
            problem = benchkit.pg_unreachable(PG_URL)
            if problem:
                print(f"people search: PostgreSQL skipped, {PG_URL} does not answer ({problem}).", flush=True)
                continue
        elif backend != "sqlite":
            print(f"people search: unknown backend {backend!r} (postgresql, sqlite)", file=sys.stderr)
            return 2
        result = _run_child(backend, args)
        if result is None:
            return 1
        results.append(result)
        print(render(result), flush=True)
    if results and not args.no_record:
        record(results, args)
        print(f"people search: figures appended to {benchkit.RESULTS.relative_to(ROOT)}", flush=True)
    return 0


def _run_child(backend: str, args: argparse.Namespace) -> dict[str, Any] | None:
    env = dict(os.environ)
    env.pop("GONGHUI_TESTING", None)
    env.setdefault("GONGHUI_DEMO", "1")
    env["GONGHUI_VAR_DIR"] = str(VAR_DIR)  # the demo keys of the bench databases live beside them
    env["DJANGO_SETTINGS_MODULE"] = "gonghui.settings"
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(ROOT / "src"), env.get("PYTHONPATH")]))
    env["DATABASE_URL"] = PG_URL if backend == "postgresql" else f"sqlite:///{SQLITE_PATH}"
    with tempfile.NamedTemporaryFile(suffix=".json", delete=False) as handle:
        out = Path(handle.name)
    command = [sys.executable, __file__, "--worker", backend, "--out", str(out)]
    command += ["--people", str(args.people), "--queries", str(args.queries), "--kinds", args.kinds]
    if args.regenerate:
        command.append("--regenerate")
    try:
        if subprocess.run(command, env=env, cwd=ROOT).returncode != 0:
            print(f"people search: the {backend} run failed", file=sys.stderr)
            return None
        return json.loads(out.read_text())
    finally:
        out.unlink(missing_ok=True)


# --- the child process: one database


def worker(args: argparse.Namespace) -> int:
    backend = args.worker
    if args.regenerate:
        _drop_database(backend)
    fresh = _create_database(backend)
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    users = _organisations_and_users()
    generated = None
    if fresh or not _cache_valid(args.people):
        _log(f"{backend}: generating {args.people:,} people (kept for later runs)")
        if not fresh:  # always load into a new database, whatever a broken earlier run left behind
            _close()
            _drop_database(backend)
            _create_database(backend)
            call_command("migrate", verbosity=0)
            users = _organisations_and_users()
        generated = generate(args.people, backend)
        _close()  # measure on a connection with the application's own settings
    else:
        _log(f"{backend}: reusing the cached {args.people:,} people")
        if backend == "postgresql":
            _analyze()
    _check_same_as_services(users["admin"])
    result = measure(backend, users, args.queries, args.kinds.split(","))
    result["generated_seconds"] = generated
    Path(args.out).write_text(json.dumps(result))
    return 0


def _analyze() -> None:
    """Fresh planner statistics: a migration that adds a column (``merged_into``) changes no rows, so
    autovacuum would not analyse the table and the planner would guess the new column's selectivity."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")


def _log(message: str) -> None:
    print(f"  {datetime.datetime.now():%H:%M:%S} {message}", flush=True)


def _close() -> None:
    from django.db import connection

    connection.close()


def _pg_dbname() -> str:
    from psycopg.conninfo import conninfo_to_dict

    name = str(conninfo_to_dict(benchkit.pg_conninfo(PG_URL)).get("dbname", ""))
    if "bench" not in name:  # never drop a database that is not obviously a benchmark's
        raise SystemExit(f"BENCH_PG_URL must name a benchmark database (with 'bench' in its name): {name!r}")
    return name


def _drop_database(backend: str) -> None:
    if backend == "sqlite":
        for suffix in ("", "-wal", "-shm"):
            Path(f"{SQLITE_PATH}{suffix}").unlink(missing_ok=True)
        return
    import psycopg
    from psycopg import sql

    with psycopg.connect(benchkit.pg_conninfo(PG_URL, "postgres"), autocommit=True) as conn:
        conn.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(_pg_dbname())))


def _create_database(backend: str) -> bool:
    """Create the database if it does not exist; True when it was created now."""
    if backend == "sqlite":
        SQLITE_PATH.parent.mkdir(parents=True, exist_ok=True)
        return not SQLITE_PATH.exists()
    import psycopg
    from psycopg import sql

    name = _pg_dbname()
    with psycopg.connect(benchkit.pg_conninfo(PG_URL, "postgres"), autocommit=True) as conn:
        if conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone():
            return False
        conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
        return True


def _organisations_and_users() -> dict[str, Any]:
    """The demo county's organisation tree and staff users (not its people or enterprises)."""
    from auditlog.context import disable_auditlog
    from django.db import transaction

    from gonghui.accounts import demo as accounts_demo
    from gonghui.accounts.models import User
    from gonghui.orgs import demo as orgs_demo

    with disable_auditlog(), transaction.atomic():
        accounts_demo.load(orgs_demo.load())
    return {u.username: u for u in User.objects.filter(username__in=[s for s, _label in SCOPES])}


def _org_weights() -> list[tuple[int, float]]:
    """Townships and grassroots unions hold people; a township union about as many as one of its unions."""
    from gonghui.orgs.models import Organisation

    rows = list(Organisation.objects.exclude(kind__in=["federation", "group"]).order_by("path"))
    grassroots = [o.member_count for o in rows if o.kind == "grassroots" and o.member_count]
    typical = statistics.mean(grassroots) if grassroots else 100
    return [(o.pk, float(o.member_count or typical)) for o in rows]


# --- the cache


def _meta() -> dict[str, str]:
    from django.conf import settings

    from gonghui.core.crypto import blind_index

    return {
        "generator": GENERATOR_VERSION,
        "seed": str(SEED),
        "key": blind_index("bench", purpose="bench.key-check"),  # the key the data was encrypted with
        "database": settings.DATABASES["default"]["ENGINE"],
    }


def _write_meta(people: int) -> None:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("CREATE TABLE IF NOT EXISTS bench_meta (key varchar(40) PRIMARY KEY, value text)")
        cursor.execute("DELETE FROM bench_meta")
        for key, value in {**_meta(), "people": str(people)}.items():
            cursor.execute("INSERT INTO bench_meta (key, value) VALUES (%s, %s)", [key, value])


def _cache_valid(people: int) -> bool:
    """Same generator, size and key, and sample tokens still what the code makes (migrate did the schema)."""
    from django.db import connection

    from gonghui.people import tokens
    from gonghui.people.models import Person, PersonSearchToken

    if "bench_meta" not in connection.introspection.table_names():
        return False
    with connection.cursor() as cursor:
        cursor.execute("SELECT key, value FROM bench_meta")
        stored = dict(cursor.fetchall())
    if stored != {**_meta(), "people": str(people)}:
        _log(
            f"cached data does not match ({', '.join(k for k in stored if stored.get(k) != _meta().get(k))})"
        )
        return False
    if Person.objects.count() != people:
        return False
    rng = random.Random(SEED + 1)
    sample = Person.objects.filter(pk__in=rng.sample(range(1, people + 1), min(50, people)))
    bidx = Person._meta.get_field("id_number_bidx")
    for person in sample:
        stored_tokens = set(PersonSearchToken.objects.filter(person=person).values_list("kind", "token"))
        if stored_tokens != {(str(k), t) for k, t in tokens.tokens_for(person)}:
            _log(f"cached tokens of person {person.pk} differ from what people.tokens makes now")
            return False
        if person.id_number_bidx != bidx.hash_of(person.id_number):
            return False
    return True


# --- generation


class Draft:
    """The columns of one person that vary from person to person, before encryption."""

    __slots__ = (
        "birth_date",
        "id",
        "id_number",
        "id_number_bidx",
        "name",
        "name_initials",
        "name_pinyin",
        "org_id",
        "phone",
        "phone_bidx",
        "sex",
    )

    def __init__(self, **values: Any) -> None:
        for key in self.__slots__:
            setattr(self, key, values.get(key))


def person_values(pk: int, org_id: int, name: str, id_number: str, phone: str) -> Draft:
    """The person as ``people.services.person_create`` would write them (every other column at its default).

    Sex and birth date come from the parsed ID number, the name and phone are normalised, and the
    pinyin columns are filled as the service's ``_save`` fills them; the blind indexes are filled by
    their fields when the row is made. ``_check_same_as_services`` proves it on every run.
    """
    from gonghui.people import identity, phones, pinyin
    from gonghui.people.models import Person

    parsed = identity.parse(id_number)
    name = pinyin.normalise_name(name)
    return Draft(
        id=pk,
        org_id=org_id,
        name=name,
        id_number=parsed.number,
        sex=parsed.sex,
        birth_date=parsed.birth_date,
        phone=phones.normalise(phone),
        name_pinyin=pinyin.full_pinyin(name)[: Person._meta.get_field("name_pinyin").max_length],
        name_initials=pinyin.initials(name)[: Person._meta.get_field("name_initials").max_length],
    )


class RowMaker:
    """Database values of a person's row, made by the model fields themselves (encryption, blind indexes).

    Columns a draft does not set take the model's defaults, computed once; the timestamps are the
    time of generation.
    """

    def __init__(self) -> None:
        from django.db import connections

        from gonghui.core.crypto import BlindIndexField
        from gonghui.people.models import Person

        self.connection = connections["default"]
        fields = Person._meta.concrete_fields
        self.columns = [f.column for f in fields]
        self.template = Person()
        self.constant = [f.get_db_prep_save(f.pre_save(self.template, True), self.connection) for f in fields]
        self.varying = [
            (i, f, isinstance(f, BlindIndexField))
            for i, f in enumerate(fields)
            if f.attname in Draft.__slots__
        ]

    def row(self, draft: Draft) -> list[Any]:
        row = list(self.constant)
        for i, field, derived in self.varying:
            value = field.pre_save(draft, True) if derived else getattr(draft, field.attname)
            row[i] = field.get_db_prep_save(value, self.connection)
        return row


def generate(people: int, backend: str) -> float:
    """Write ``people`` people and their search tokens in bulk; returns the seconds it took."""
    from django.db import connection, transaction

    from gonghui.people import tokens
    from gonghui.people.models import Person, PersonSearchToken

    started = time.perf_counter()
    maker = RowMaker()
    token_columns = ["person_id", "org_id", "kind", "token"]
    generator = PeopleGenerator(_org_weights())
    tables = [Person._meta.db_table, PersonSearchToken._meta.db_table]
    detached = _detach_indexes(tables, backend)
    if backend == "sqlite":  # for the load only: the connection is closed before measuring
        with connection.cursor() as cursor:
            cursor.execute("PRAGMA synchronous = OFF")
            cursor.execute("PRAGMA cache_size = -1000000")
    written = token_count = 0
    while written < people:
        person_rows, token_rows = [], []
        for pk in range(written + 1, min(people, written + BATCH) + 1):
            org_id, name, id_number, phone = generator.person()
            draft = person_values(pk, org_id, name, id_number, phone)
            person_rows.append(maker.row(draft))
            token_rows.extend((pk, org_id, str(kind), token) for kind, token in tokens.tokens_for(draft))
        with transaction.atomic():
            _insert(Person._meta.db_table, maker.columns, person_rows, backend)
            _insert(PersonSearchToken._meta.db_table, token_columns, token_rows, backend)
        written += len(person_rows)
        token_count += len(token_rows)
        if written % 100_000 == 0 or written == people:
            rate = written / (time.perf_counter() - started)
            _log(f"{written:,} people, {token_count:,} tokens written ({rate:,.0f} people/s)")
    _log("building indexes and constraints")
    _attach_indexes(detached, backend)
    with connection.cursor() as cursor:
        for statement in connection.ops.sequence_reset_sql(_no_style(), [Person, PersonSearchToken]):
            cursor.execute(statement)
        if backend == "postgresql":
            # What autovacuum would have done by the time anyone searched: statistics for the planner
            # (the organisation tree too) and the visibility map that index-only scans need.
            _log("VACUUM ANALYZE")
            for table in tables:
                cursor.execute(f"VACUUM (ANALYZE) {connection.ops.quote_name(table)}")
            cursor.execute("ANALYZE")
    _write_meta(people)
    seconds = time.perf_counter() - started
    _log(f"generated in {seconds:,.0f} s")
    return seconds


def _no_style() -> Any:
    from django.core.management.color import no_style

    return no_style()


def _insert(table: str, columns: list[str], rows: list[tuple[Any, ...]], backend: str) -> None:
    from django.db import connection

    quote = connection.ops.quote_name
    names = ", ".join(quote(c) for c in columns)
    with connection.cursor() as cursor:
        if backend == "postgresql":
            with cursor.cursor.copy(f"COPY {quote(table)} ({names}) FROM STDIN") as copy:
                for row in rows:
                    copy.write_row(row)
        else:
            marks = ", ".join(["%s"] * len(columns))
            cursor.executemany(f"INSERT INTO {quote(table)} ({names}) VALUES ({marks})", rows)


def _detach_indexes(tables: list[str], backend: str) -> list[tuple[str, str, str, str]]:
    """Drop secondary indexes, unique and foreign-key constraints for the load; returns how to restore them.

    Building an index once over sorted data is far faster than keeping it up to date row by row.
    On SQLite, UNIQUE constraints declared in the table (automatic indexes) cannot be dropped and stay.
    """
    from django.db import connection

    quote = connection.ops.quote_name
    detached: list[tuple[str, str, str, str]] = []  # (table, what, name, definition)
    with connection.cursor() as cursor:
        for table in tables:
            if backend == "postgresql":
                cursor.execute(
                    "SELECT conname, pg_get_constraintdef(oid) FROM pg_constraint"
                    " WHERE conrelid = %s::regclass AND contype IN ('u', 'f') ORDER BY contype DESC, conname",
                    [table],
                )
                constraints = cursor.fetchall()
                cursor.execute(
                    "SELECT indexname, indexdef FROM pg_indexes i WHERE tablename = %s AND NOT EXISTS"
                    " (SELECT 1 FROM pg_constraint c"
                    " WHERE c.conrelid = %s::regclass AND c.conname = i.indexname)",
                    [table, table],
                )
                indexes = cursor.fetchall()
                for name, definition in constraints:
                    cursor.execute(f"ALTER TABLE {quote(table)} DROP CONSTRAINT {quote(name)}")
                    detached.append((table, "constraint", name, definition))
            else:
                cursor.execute(
                    "SELECT name, sql FROM sqlite_master"
                    " WHERE type = 'index' AND tbl_name = %s AND sql IS NOT NULL",
                    [table],
                )
                indexes = cursor.fetchall()
            for name, definition in indexes:
                cursor.execute(f"DROP INDEX {quote(name)}")
                detached.append((table, "index", name, definition))
    return detached


def _attach_indexes(detached: list[tuple[str, str, str, str]], backend: str) -> None:
    from django.db import connection

    quote = connection.ops.quote_name
    with connection.cursor() as cursor:
        if backend == "postgresql":
            cursor.execute("SET maintenance_work_mem = '1GB'")
        for _table, what, _name, definition in detached:
            if what == "index":
                cursor.execute(definition)
        for table, what, name, definition in detached:
            if what == "constraint":
                cursor.execute(f"ALTER TABLE {quote(table)} ADD CONSTRAINT {quote(name)} {definition}")


def _check_same_as_services(admin: Any) -> None:
    """The generated rows must be what ``person_create`` writes: compare a few people, then roll back."""
    from django.db import transaction

    from gonghui.orgs.models import Organisation
    from gonghui.people import identity, services, tokens
    from gonghui.people.models import Person, PersonSearchToken

    org = Organisation.objects.filter(kind="grassroots").order_by("path").first()
    samples = [
        ("曾国藩", "13812345678"),
        ("单田芳", "+86 139-0000-1234"),
        ("欧阳修", ""),
        ("张三", "15012340000"),
    ]
    maker = RowMaker()
    skipped = {"id", "created_at", "updated_at"}
    with transaction.atomic():
        for n, (name, phone) in enumerate(samples):
            id_number = identity.make(
                "511922", datetime.date(1901, 1, 1 + n), n
            )  # outside the generated years
            made = services.person_create(by=admin, org=org, name=name, id_number=id_number, phone=phone)
            stored = Person.objects.get(pk=made.pk)
            draft = person_values(made.pk, org.pk, name, id_number, phone)
            maker.row(draft)  # fills the blind indexes
            differ = [
                f.attname
                for f in Person._meta.concrete_fields
                if f.attname not in skipped
                and getattr(stored, f.attname)
                != getattr(draft if f.attname in Draft.__slots__ else maker.template, f.attname)
            ]
            stored_tokens = set(PersonSearchToken.objects.filter(person=stored).values_list("kind", "token"))
            if stored_tokens != {(str(k), t) for k, t in tokens.tokens_for(draft)}:
                differ.append("search tokens")
            if differ:
                raise SystemExit(f"generated people differ from person_create's in: {', '.join(differ)}")
        transaction.set_rollback(True)


# --- measuring


def measure(backend: str, users: dict[str, Any], queries_per_row: int, kinds: list[str]) -> dict[str, Any]:
    from django.db import connection

    from gonghui.people.models import Person, PersonSearchToken

    load_before = os.getloadavg()[0]
    people = Person.objects.count()
    tokens = PersonSearchToken.objects.count()
    rng = random.Random(SEED + 2)
    township = _township_of(users["township1"])
    own_pks = list(
        Person.objects.filter(org__path__startswith=township.path).order_by("pk").values_list("pk", flat=True)
    )
    own = _load(rng.sample(own_pks, min(800, len(own_pks))))
    anyone = _load(rng.sample(range(1, people + 1), min(800, people)))
    others = [p for p in anyone if not p.org.path.startswith(township.path)]
    rows = []
    for username, scope_label in SCOPES:
        user = users[username]
        for kind, label in KINDS:
            if kind not in kinds:
                continue
            rng = random.Random(f"{SEED}-{username}-{kind}")  # the same searches whichever kinds run
            if username == "township1":
                values = _values(kind, rng, own, others, queries_per_row + WARM_UP, own_share=0.8)
            else:
                values = _values(kind, rng, anyone, [], queries_per_row + WARM_UP, own_share=0.9)
            timings, cpu, counts = _time(user, values, WARM_UP)
            rows.append(
                {
                    "scope": scope_label,
                    "scope_size": len(own_pks) if username == "township1" else people,
                    "kind": label,
                    "n": len(timings),
                    "hits": sum(1 for c in counts if c),
                    "rows_median": statistics.median(counts) if counts else 0,
                    "rows_max": max(counts) if counts else 0,
                    "p50": _percentile(timings, 50),
                    "p95": _percentile(timings, 95),
                    "max": max(timings) if timings else 0.0,
                    "cpu50": _percentile(cpu, 50),
                }
            )
            _log(f"{scope_label}, {label}: p95 {rows[-1]['p95']:.1f} ms")
    return {
        "backend": backend,
        "database": _db_version(connection),
        "people": people,
        "tokens": tokens,
        "township": township.name,
        "township_people": len(own_pks),
        "queries": queries_per_row,
        "target_ms": TARGET_MS[backend],
        "rows": rows,
        "load": [load_before, os.getloadavg()[0]],
    }


def _township_of(user: Any) -> Any:
    from gonghui.accounts.scoping import assignments
    from gonghui.orgs.models import Organisation

    return Organisation.objects.get(pk=assignments(user)[0].org_id)


def _load(pks: list[int]) -> list[Any]:
    from gonghui.people.models import Person

    found: list[Any] = []
    for start in range(0, len(pks), 500):
        found.extend(Person.objects.select_related("org").filter(pk__in=pks[start : start + 500]))
    found.sort(key=lambda p: p.pk)
    return found


def _values(
    kind: str, rng: random.Random, own: list, others: list, count: int, own_share: float
) -> list[str]:
    """Search strings drawn from real people (own scope, other townships) and a share that match nobody."""
    values = []
    while len(values) < count:
        roll = rng.random()
        if roll >= own_share + (0.1 if others else 0.0):
            values.append(_miss(kind, rng))
            continue
        pool = own if roll < own_share else others
        value = _query_of(kind, rng.choice(pool), rng)
        if value:
            values.append(value)
    return values


def _query_of(kind: str, person: Any, rng: random.Random) -> str:
    name, id_number, phone = person.name, person.id_number, person.phone
    if kind == "name1":
        return (
            name[0] if rng.random() < 0.75 else rng.choice(name[1:] or name)
        )  # surname, else a given-name character
    if kind == "name2":
        return name[:2]
    if kind == "name3":
        return name if len(name) == 3 else ""
    if kind == "pinyin":
        return person.name_pinyin
    if kind == "initials":
        return person.name_initials
    if kind == "id":
        return id_number
    if kind == "id4":
        return id_number[-4:]
    if kind == "id6":
        return id_number[-6:]
    if kind == "phone":
        return phone
    if kind == "phone4":
        return phone[-4:]
    raise ValueError(kind)


def _miss(kind: str, rng: random.Random) -> str:
    """A query of the same shape that no generated person answers (tails of 4 digits always match someone)."""
    from gonghui.people import identity

    rare = "犇骉淼焱垚嫑曌燚龘"
    if kind in ("name1", "name2", "name3"):
        return "".join(rng.choice(rare) for _ in range(int(kind[-1])))
    if kind == "pinyin":
        return rng.choice(["quanxiaoer", "qiongzhi", "xiaojiao"])
    if kind == "initials":
        return rng.choice(["qqx", "xzq", "vzq"])
    number = identity.make(
        "110101", datetime.date(1980, 1, 1) + datetime.timedelta(days=rng.randrange(9000)), 1
    )
    if kind == "id":
        return number
    if kind in ("id4", "phone4"):
        return f"{rng.randrange(10_000):04d}"
    if kind == "id6":
        return f"{rng.randrange(10**6):06d}"
    return "170" + f"{rng.randrange(10**8):08d}"  # 170 is no generated prefix


def _time(user: Any, values: list[str], warm_up: int) -> tuple[list[float], list[float], list[int]]:
    """Milliseconds (wall clock, and CPU of this process) of each search after the warm-up, and how
    many people each one found. The CPU time is Django's share, whatever the other processes do."""
    from gonghui.accounts.scoping import forget
    from gonghui.people.queries import person_results

    timings: list[float] = []
    cpu: list[float] = []
    counts: list[int] = []
    deadline = None
    for i, value in enumerate(values):
        if i == warm_up:
            deadline = time.monotonic() + TIME_LIMIT_PER_ROW
        started, cpu_started = time.perf_counter(), time.process_time()
        forget(user)  # each request reads the caller's role grants afresh
        found = person_results(user, {"q": value})
        items = list(found.rows[:PAGE])
        count = found.count
        elapsed = (time.perf_counter() - started) * 1000
        cpu_used = (time.process_time() - cpu_started) * 1000
        assert len(items) == min(count, PAGE), (value, len(items), count)
        exact = [p.rank == 0 for p in items]
        assert exact == sorted(exact, reverse=True), value  # exact matches first
        if i >= warm_up:
            timings.append(elapsed)
            cpu.append(cpu_used)
            counts.append(count)
            if deadline is not None and time.monotonic() > deadline:
                break
    return timings, cpu, counts


def _percentile(values: list[float], percent: float) -> float:
    if not values:
        return 0.0
    ordered = sorted(values)
    k = (len(ordered) - 1) * percent / 100
    low = int(k)
    high = min(low + 1, len(ordered) - 1)
    return ordered[low] + (ordered[high] - ordered[low]) * (k - low)


def _db_version(connection: Any) -> str:
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SHOW server_version")
            return "PostgreSQL " + cursor.fetchone()[0].split()[0]
        cursor.execute("SELECT sqlite_version()")
        return "SQLite " + cursor.fetchone()[0]


# --- output


COLUMNS = [  # (heading, width, format of the value)
    ("scope", 16, "<16"),
    ("search kind", 20, "<20"),
    ("n", 4, ">4"),
    ("hits", 4, ">4"),
    ("rows med", 8, ">8,.0f"),
    ("rows max", 8, ">8,"),
    ("p50 ms", 7, ">7.1f"),
    ("p95 ms", 7, ">7.1f"),
    ("max ms", 7, ">7.1f"),
    ("cpu p50", 7, ">7.1f"),
    ("", 4, "<4"),
]


def render(result: dict[str, Any]) -> str:
    target = result["target_ms"]
    generated = result.get("generated_seconds")
    source = f"generated in {generated:.0f} s" if generated else "cached data"
    lines = [
        f"people search · {result['database']} · {result['people']:,} people,"
        f" {result['tokens']:,} search tokens · {source}",
        f"one search = person_results(q) (count capped at 1,000) + first {PAGE} rows,"
        f" as GET /api/v1/people/?q=…&limit={PAGE}; rows = the count answered (1,000 = 1,000+);"
        f" {result['queries']} searches per row after {WARM_UP} warm-up; cadre of {result['township']}"
        f" ({result['township_people']:,} people in scope); target p95 < {target:.0f} ms",
        f"load average (1 min) before/after: {result['load'][0]:.1f} / {result['load'][1]:.1f}"
        f" on {benchkit.cores()} cores shared with other work, so expect noise;"
        " cpu p50 = CPU of the bench process per search (Django and the driver;"
        " on SQLite also the database engine, which runs in-process)",
        "",
        "| " + " | ".join(f"{h:{'<' if i < 2 else '>'}{w}}" for i, (h, w, _f) in enumerate(COLUMNS)) + " |",
        "|" + "|".join("-" * (w + 2) for _h, w, _f in COLUMNS) + "|",
    ]
    for row in result["rows"]:
        verdict = "ok" if row["p95"] < target else "SLOW"
        values = [row["scope"], row["kind"], row["n"], row["hits"], row["rows_median"], row["rows_max"]]
        values += [row["p50"], row["p95"], row["max"], row["cpu50"], verdict]
        lines.append(
            "| " + " | ".join(f"{v:{f}}" for v, (_h, _w, f) in zip(values, COLUMNS, strict=True)) + " |"
        )
    return "\n".join(lines)


def record(results: list[dict[str, Any]], args: argparse.Namespace) -> None:
    databases = "; ".join(r["database"] for r in results)
    entry = [
        "",
        f"{benchkit.heading(args.note or 'people search')}, {args.people:,} people (bench_people_search.py)",
        "",
        f"machine: {benchkit.machine()}; database: {databases};"
        f" data: {args.people:,} people with their search tokens",
        "",
        f"command: {shlex.join(['bench/bench_people_search.py', *sys.argv[1:]])} (what make bench runs)",
        "",
        "```",
        "\n\n".join(render(r) for r in results),
        "```",
    ]
    benchkit.append("\n".join(entry) + "\n")


if __name__ == "__main__":
    sys.path.insert(0, str(ROOT / "src"))
    sys.exit(main())
