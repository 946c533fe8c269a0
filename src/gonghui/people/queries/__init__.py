"""Scoped reads of the registry: people, households, memberships, likely duplicates.

Each submodule returns scoped querysets (or reads built on them) and writes nothing, except the
detail reads that log an access event when they show sensitive values.
"""

from gonghui.people.queries.persons import (
    PERM_CHANGE,
    PERM_REVEAL,
    PERM_VIEW,
    SEARCH_CAP,
    PersonDetail,
    Results,
    bounded,
    can_reveal,
    classify,
    detail_of,
    home_counters,
    people,
    person,
    person_detail,
    person_list,
    person_results,
    person_search,
    search,
    tombstone,
)

__all__ = [
    "PERM_CHANGE",
    "PERM_REVEAL",
    "PERM_VIEW",
    "SEARCH_CAP",
    "PersonDetail",
    "Results",
    "bounded",
    "can_reveal",
    "classify",
    "detail_of",
    "home_counters",
    "people",
    "person",
    "person_detail",
    "person_list",
    "person_results",
    "person_search",
    "search",
    "tombstone",
]
