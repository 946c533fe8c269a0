"""Extension points that later apps fill: global search, home-page counters, detail panels.

Each is a list of dotted paths in settings, so an app joins by adding its function there and the
shell needs no change.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import cache
from typing import Any

from django.conf import settings
from django.utils.module_loading import import_string


@dataclass(frozen=True)
class SearchHit:
    """One global-search result: what it is, a label, a hint line and where to open it."""

    kind: Any
    label: str
    hint: str
    url: str
    rank: int = 100  # lower is better: 0 exact, 10 prefix, 50 contains


@dataclass(frozen=True)
class Counter:
    """A real figure on the home page, counted within the user's scope."""

    label: Any
    value: int | str
    url: str = ""
    icon: str = "bar-chart"


@cache
def _load(setting: str) -> list[Callable[..., Any]]:
    return [import_string(path) for path in getattr(settings, setting, [])]


def search_all(user: Any, query: str, limit: int = 10) -> list[SearchHit]:
    """Ask every registered provider, best matches first; each provider scopes its own rows."""
    query = query.strip()
    if not query:
        return []
    hits: list[SearchHit] = []
    for provider in _load("GONGHUI_SEARCH_PROVIDERS"):
        hits.extend(provider(user, query, limit))
    return sorted(hits, key=lambda h: (h.rank, h.label))[: limit * 3]


def home_counters(user: Any) -> list[Counter]:
    counters: list[Counter] = []
    for provider in _load("GONGHUI_HOME_COUNTERS"):
        counters.extend(provider(user))
    return counters
