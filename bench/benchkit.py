"""What the benchmark scripts share: the machine's description, PostgreSQL reachability, the record.

Each script runs as ``bench/bench_*.py`` (this folder is then first on ``sys.path``) and appends
its figures to ``bench/RESULTS.md`` under a heading naming the date, the commit and the note.
"""

from __future__ import annotations

import datetime
import os
import platform
import subprocess
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "bench" / "RESULTS.md"


def cores() -> int:
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1


def machine() -> str:
    """``2 cores (AMD EPYC …), 24 GB memory, Linux …, Python 3.11.7``."""
    cpu, memory = "unknown CPU", "unknown memory"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal"):
                memory = f"{int(line.split()[1]) / 1024 / 1024:.0f} GB memory"
                break
    except OSError:
        pass
    system = f"{platform.system()} {platform.release()}"
    return f"{cores()} cores ({cpu}), {memory}, {system}, Python {platform.python_version()}"


def pg_conninfo(url: str, dbname: str | None = None) -> str:
    from psycopg.conninfo import make_conninfo

    return make_conninfo(url, dbname=dbname) if dbname else make_conninfo(url)


def pg_unreachable(url: str) -> str:
    """ "" when PostgreSQL answers at ``url``, else the first line of why not (the run skips it)."""
    try:
        import psycopg

        with psycopg.connect(pg_conninfo(url, "postgres"), connect_timeout=3):
            return ""
    except Exception as exc:  # any failure to connect means: skip PostgreSQL, say why
        return str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__


def heading(note: str) -> str:
    """``## <date> · <commit>[ with uncommitted changes] · <note>`` for a RESULTS.md entry."""

    def git(*command: str) -> str:
        return subprocess.run(["git", *command], cwd=ROOT, capture_output=True, text=True).stdout.strip()

    commit = git("rev-parse", "--short", "HEAD") or "no commit"
    if git("status", "--porcelain", "--untracked-files=no", "--", ".", ":!bench/RESULTS.md"):
        commit += " with uncommitted changes"
    return f"## {datetime.date.today().isoformat()} · {commit} · {note}"


def append(entry: str) -> None:
    with RESULTS.open("a", encoding="utf-8") as handle:
        handle.write(entry)
