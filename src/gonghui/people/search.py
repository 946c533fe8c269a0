"""People in the global search box of the staff pages."""

from __future__ import annotations

from typing import Any

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from gonghui.accounts.scoping import has_perm
from gonghui.core.extensions import SearchHit
from gonghui.core.masking import mask_id_number
from gonghui.people.queries import PERM_VIEW, person_results


def search_people(user: Any, query: str, limit: int) -> list[SearchHit]:
    """The best ``limit`` people matching ``query`` in the user's scope, ID numbers masked.

    Bounded like the list (``person_results``): a surname alone does not rank 100,000 people.
    """
    if not has_perm(user, PERM_VIEW):
        return []
    return [
        SearchHit(
            _("Person"),
            person.name,
            f"{mask_id_number(person.id_number)} · {person.org.name}",
            reverse("people:detail", args=[person.pk]),
            person.rank,
        )
        for person in person_results(user, {"q": query}).rows[:limit]
    ]
