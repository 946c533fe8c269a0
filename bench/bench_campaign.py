"""How long do generating a 12,000-file campaign's recipient list and handing it all over take? (issue 5)

A county of 12,000 active hardship files (deep and relative, over the demo's 20 townships and
streets), a 送温暖 campaign of the federation paying 1,000 or 500 yuan per category and a quilt
to everyone from a fund holding enough: the services a cadre and the finance officer call, timed
one after the other — ``campaign_generate`` (eligibility, exclusions, proposals written),
``campaign_approve``, ``grant_disburse_bulk`` (one transaction: the campaign and fund locked, the
budget, balance and stock checked once, about 24,000 ledger entries written in bulk, the grants
updated) and ``campaign_close`` (the summary).

Each database is built fresh for the run in a database of its own, never the demo's:
``var/bench/campaign.sqlite3`` and the PostgreSQL database ``gonghui_bench_campaign``
(``BENCH_CAMPAIGN_PG_URL``); people and files are written in bulk (``core.imports.bulk``).

Usage: ``make bench``, or ``.venv/bin/python bench/bench_campaign.py [--files N]
[--backends sqlite,postgresql] [--note "what changed"] [--no-record]``. Each backend runs in a
process of its own; the figures are printed and, unless ``--no-record``, appended to
``bench/RESULTS.md``. PostgreSQL is skipped, with a message, when it does not answer.
"""

from __future__ import annotations

import argparse
import datetime
import json
import os
import random
import shlex
import subprocess
import sys
import tempfile
import time
from decimal import Decimal
from pathlib import Path
from typing import Any

import benchkit

ROOT = Path(__file__).resolve().parent.parent
VAR_DIR = ROOT / "var" / "bench"
SQLITE_PATH = VAR_DIR / "campaign.sqlite3"
PG_URL = os.environ.get("BENCH_CAMPAIGN_PG_URL", "postgres://postgres@127.0.0.1:5432/gonghui_bench_campaign")
SEED = 12000


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--files", type=int, default=12_000)
    parser.add_argument("--backends", default="sqlite,postgresql")
    parser.add_argument("--note", default="")
    parser.add_argument("--no-record", action="store_true")
    parser.add_argument("--worker", default="")
    parser.add_argument("--out", default="")
    args = parser.parse_args()
    if args.worker:
        return worker(args)
    results = []
    for backend in args.backends.split(","):
        if backend == "postgresql":
            why = benchkit.pg_unreachable(PG_URL)
            if why:
                print(f"campaign: PostgreSQL skipped ({why})", flush=True)
                continue
        result = _run_child(backend, args)
        if result is not None:
            print(render(result), flush=True)
            results.append(result)
    if results and not args.no_record:
        record(results, args)
        print(f"campaign: figures appended to {benchkit.RESULTS.relative_to(ROOT)}", flush=True)
    return 0 if results else 1


def _run_child(backend: str, args: argparse.Namespace) -> dict[str, Any] | None:
    env = dict(os.environ)
    env.pop("GONGHUI_TESTING", None)
    env.setdefault("GONGHUI_DEMO", "1")
    env["GONGHUI_VAR_DIR"] = str(VAR_DIR)
    env["DJANGO_SETTINGS_MODULE"] = "gonghui.settings"
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(ROOT / "src"), env.get("PYTHONPATH")]))
    env["DATABASE_URL"] = PG_URL if backend == "postgresql" else f"sqlite:///{SQLITE_PATH}"
    with tempfile.NamedTemporaryFile(suffix=".json", delete=False) as handle:
        out = Path(handle.name)
    command = [sys.executable, __file__, "--worker", backend, "--out", str(out), "--files", str(args.files)]
    try:
        if subprocess.run(command, env=env, cwd=ROOT).returncode != 0:
            print(f"campaign: the {backend} run failed", file=sys.stderr)
            return None
        return json.loads(out.read_text())
    finally:
        out.unlink(missing_ok=True)


# --- the child process: one database


def _fresh_database(backend: str) -> None:
    """An empty database for the run: a new SQLite file, or the PostgreSQL database emptied."""
    if backend == "sqlite":
        VAR_DIR.mkdir(parents=True, exist_ok=True)
        for suffix in ("", "-wal", "-shm"):
            Path(f"{SQLITE_PATH}{suffix}").unlink(missing_ok=True)
        return
    import psycopg

    name = PG_URL.rsplit("/", 1)[-1].split("?")[0]
    with psycopg.connect(benchkit.pg_conninfo(PG_URL, "postgres"), autocommit=True) as conn:
        if not conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone():
            conn.execute(f'CREATE DATABASE "{name}"')
            return
    with psycopg.connect(benchkit.pg_conninfo(PG_URL), autocommit=True) as conn:  # emptied, not dropped
        conn.execute("DROP SCHEMA public CASCADE")
        conn.execute("CREATE SCHEMA public")


def worker(args: argparse.Namespace) -> int:
    backend = args.worker
    _fresh_database(backend)
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection

    started = time.perf_counter()
    call_command("migrate", verbosity=0)
    county = _county(args.files)
    built = time.perf_counter() - started
    result = measure(county)
    result.update(
        {
            "backend": backend,
            "database": _db_version(connection),
            "files": args.files,
            "built_seconds": built,
        }
    )
    Path(args.out).write_text(json.dumps(result, default=str))
    return 0


def _log(message: str) -> None:
    print(f"campaign: {message}", file=sys.stderr, flush=True)


def _county(files: int) -> dict[str, Any]:
    """The demo's organisations and users, ``files`` people with an active file each, a funded fund."""
    from gonghui.accounts import demo as accounts_demo
    from gonghui.accounts.models import User
    from gonghui.core.imports.bulk import insert_values
    from gonghui.funds import services as funds
    from gonghui.funds.models import Fund
    from gonghui.hardship.campaigns import keeping_orgs
    from gonghui.hardship.models import HardshipFile
    from gonghui.orgs import demo as orgs_demo
    from gonghui.orgs.models import Organisation
    from gonghui.people import identity
    from gonghui.people.models import Person

    context: dict[str, Any] = dict(orgs_demo.load())
    accounts_demo.load(context)
    federation = Organisation.objects.get(pk=context["federation"].pk)
    admin, finance = User.objects.get(username="admin"), User.objects.get(username="finance")
    unions = list(
        Organisation.objects.filter(kind="grassroots").order_by("path").values_list("pk", flat=True)
    )
    keepers = keeping_orgs(unions)
    rng = random.Random(SEED)
    _log(f"writing {files:,} people and files")
    people = []
    for n in range(files):
        birth = datetime.date(1960, 1, 1) + datetime.timedelta(days=n // 400 * 7 + rng.randrange(0, 7))
        sex = "male" if n % 2 else "female"
        people.append(
            {
                "org_id": unions[n % len(unions)],
                "name": f"职工{n:05d}",
                "id_number": identity.make("511922", birth, n % 400 + 1, sex),
                "sex": sex,
                "birth_date": birth,
                "status": "active",
                "job": "环卫工" if n % 20 == 0 else "操作工",
            }
        )
    ids = insert_values(Person, people)
    today = datetime.date(2015, 1, 5)
    insert_values(
        HardshipFile,
        [
            {
                "org_id": keepers[p["org_id"]],
                "person_id": pk,
                "status": "active",
                "causes": ",illness,",
                "category": "deep" if n % 4 == 0 else "relative",
                "suggested_category": "deep" if n % 4 == 0 else "relative",
                "applied_on": today,
                "approved_on": today,
                "created_by_id": admin.pk,
            }
            for n, (pk, p) in enumerate(zip(ids, people, strict=True))
        ],
    )
    fund = Fund.objects.create(org=federation, name="困难职工帮扶资金", kind="hardship")
    funds.post_income(fund=fund, amount=str(files * 1000), by=finance)
    quilt = funds.goods_item_create(by=finance, name="棉被", unit="床")
    funds.post_goods_in(fund=fund, item=quilt, quantity=files, unit_value="120.00", by=finance)
    return {"federation": federation, "admin": admin, "finance": finance, "fund": fund, "quilt": quilt}


def measure(county: dict[str, Any]) -> dict[str, Any]:
    from gonghui.funds import queries as fund_queries
    from gonghui.funds.models import LedgerEntry
    from gonghui.hardship import campaigns

    admin, finance, fund = county["admin"], county["finance"], county["fund"]
    campaign = campaigns.campaign_create(
        by=admin,
        org=county["federation"],
        kind="warmth",
        name="送温暖基准",
        starts_on=datetime.date(2015, 1, 15),
        ends_on=datetime.date(2015, 2, 28),
        fund=fund,
        budget="100000000.00",
        categories=["deep", "relative"],
        standards={"deep": "1000.00", "relative": "500.00"},
        goods=[{"item": county["quilt"], "quantity": 1}],
    )
    balance = fund_queries.balance(fund)
    timings = {}

    def timed(name: str, action: Any) -> Any:
        started = time.perf_counter()
        value = action()
        timings[name] = time.perf_counter() - started
        _log(f"{name}: {timings[name]:.2f} s")
        return value

    preview = timed("generate", lambda: campaigns.campaign_generate(by=admin, campaign=campaign))
    timed("regenerate", lambda: campaigns.campaign_generate(by=admin, campaign=campaign))
    timed("approve", lambda: campaigns.campaign_approve(by=admin, campaign=campaign))
    entries = LedgerEntry.objects.count()
    result = timed("disburse_bulk", lambda: campaigns.grant_disburse_bulk(by=finance, campaign=campaign))
    written = LedgerEntry.objects.count() - entries
    closed = timed("close", lambda: campaigns.campaign_close(by=admin, campaign=campaign))
    paid = balance - fund_queries.balance(fund)
    if paid != result.amount or Decimal(closed.summary["money"]) != result.amount:
        raise SystemExit("the fund and the summary disagree with the amount handed over")
    return {
        "timings": timings,
        "proposed": preview.proposed,
        "amount": str(preview.amount),
        "handed_over": result.count,
        "entries": written,
        "paid": str(paid),
        "quilts": result.goods.get(county["quilt"].pk, 0),
    }


def _db_version(connection: Any) -> str:
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SHOW server_version")
            return f"PostgreSQL {cursor.fetchone()[0].split()[0]}"
    import sqlite3

    return f"SQLite {sqlite3.sqlite_version}"


def render(result: dict[str, Any]) -> str:
    t = result["timings"]
    lines = [
        f"campaign · {result['database']} · {result['files']:,} active hardship files"
        f" (built in {result['built_seconds']:.1f} s, not timed below)",
        f"generate: {result['proposed']:,} proposals, ¥{Decimal(result['amount']):,.2f}"
        f" · {t['generate']:.2f} s"
        f" (regenerating, replacing them: {t['regenerate']:.2f} s)",
        f"approve: {t['approve']:.2f} s",
        f"disburse in bulk: {result['handed_over']:,} grants, {result['entries']:,} ledger entries,"
        f" ¥{Decimal(result['paid']):,.2f} and {result['quilts']:,} quilts · {t['disburse_bulk']:.2f} s",
        f"close with the summary: {t['close']:.2f} s",
        f"load average (1 min) after: {os.getloadavg()[0]:.1f}"
        f" on {benchkit.cores()} cores shared with other work",
    ]
    return "\n".join(lines)


def record(results: list[dict[str, Any]], args: argparse.Namespace) -> None:
    databases = "; ".join(r["database"] for r in results)
    entry = [
        "",
        f"{benchkit.heading(args.note or 'campaign list and bulk hand-over')},"
        f" {args.files:,} files (bench_campaign.py)",
        "",
        f"machine: {benchkit.machine()}; database: {databases};"
        f" data: {args.files:,} people with an active hardship file",
        "",
        f"command: {shlex.join(['bench/bench_campaign.py', *sys.argv[1:]])} (what make bench runs)",
        "",
        "```",
        "\n\n".join(render(r) for r in results),
        "```",
    ]
    benchkit.append("\n".join(entry) + "\n")


if __name__ == "__main__":
    sys.path.insert(0, str(ROOT / "src"))
    sys.exit(main())
