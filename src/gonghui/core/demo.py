"""The demo county is built by a chain of loaders, one per app; later apps add theirs here."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.db import transaction

from gonghui.accounts import demo as accounts_demo
from gonghui.bargaining import demo as bargaining_demo
from gonghui.enterprises import demo as enterprises_demo
from gonghui.funds import demo as funds_demo
from gonghui.hardship import demo as hardship_demo
from gonghui.hardship import demo_campaigns as campaigns_demo
from gonghui.hardship import wish_demo
from gonghui.orgs import demo as orgs_demo
from gonghui.people import demo as people_demo
from gonghui.rights import demo as rights_demo

# Each loader takes the context built so far (organisations by role) and may add to it.
LOADERS: list[Callable[[dict[str, Any]], Any]] = [
    enterprises_demo.load,
    people_demo.load,
    bargaining_demo.load,
    rights_demo.load,
    funds_demo.load,
    hardship_demo.load,  # after people and funds: files of demo households, aid paid from the hardship fund
    wish_demo.load,  # after enterprises and people: orphans' wishes fulfilled by the caring enterprises
    campaigns_demo.load,  # after hardship: the county's 11,832 files and its 送温暖 campaign
]


def load_demo() -> dict[str, Any]:
    """Build (or complete) the demo county; running it twice changes nothing."""
    from auditlog.context import disable_auditlog

    with disable_auditlog(), transaction.atomic():
        context: dict[str, Any] = dict(orgs_demo.load())
        accounts_demo.load(context)
        for loader in LOADERS:
            loader(context)
    return context
