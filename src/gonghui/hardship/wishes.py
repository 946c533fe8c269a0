"""Every state change of a wish (微心愿): draft → published → claimed → fulfilled, or withdrawn.

Moves follow ``WISH_TRANSITIONS``; anything else is refused with ``Conflict`` (409). The claim is a
conditional ``UPDATE … WHERE status = 'published'``: the database lets exactly one of two claims
arriving together change the row, on SQLite as on PostgreSQL, and the other is told who was first.
"""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from gonghui.accounts.scoping import has_perm, require
from gonghui.core.audit import record_event
from gonghui.core.errors import Conflict, DomainError
from gonghui.core.money import to_money
from gonghui.hardship.models import Wish
from gonghui.hardship.perms import HARDSHIP_CHANGE

W = Wish.Status

WISH_TRANSITIONS: dict[tuple[str, str], str] = {
    (W.DRAFT, W.PUBLISHED): "publish",
    (W.PUBLISHED, W.CLAIMED): "claim",
    (W.CLAIMED, W.FULFILLED): "fulfil",
    (W.DRAFT, W.WITHDRAWN): "withdraw",
    (W.PUBLISHED, W.WITHDRAWN): "withdraw",
}


def _text(value: Any, field: str, limit: int, required: bool = False) -> str:
    text = str(value or "").strip()
    if required and not text:
        raise DomainError(_("This field is required."), field=field)
    if len(text) > limit:
        raise DomainError(_("At most %(n)s characters.") % {"n": limit}, field=field)
    return text


def _check_move(wish: Wish, to: str) -> None:
    if (wish.status, to) in WISH_TRANSITIONS:
        return
    labels = dict(W.choices)
    if wish.status == to:
        raise Conflict(
            _("This wish is already %(status)s; nothing was changed.") % {"status": labels[to]},
            field="status",
        )
    raise Conflict(
        _("This wish is %(current)s and cannot become %(target)s.")
        % {"current": labels.get(wish.status, wish.status), "target": labels.get(to, to)},
        field="status",
    )


def _locked(wish: Wish) -> Wish:
    return Wish.objects.select_for_update().get(pk=wish.pk)


def _values(kind: str, display_name: str, item: str, story: str, amount: Any) -> dict[str, Any]:
    if kind not in Wish.Kind.values:
        raise DomainError(_("Choose whose wish it is."), field="kind")
    value = None
    if amount not in (None, ""):
        value = to_money(amount, field="amount")
        if value < 0:
            raise DomainError(_("An amount cannot be negative."), field="amount")
    return {
        "kind": kind,
        "display_name": _text(display_name, "display_name", 50, required=True),
        "item": _text(item, "item", 200, required=True),
        "story": _text(story, "story", 4000),
        "amount": value,
    }


def wish_create(
    *,
    by: Any,
    org: Any,
    kind: str,
    display_name: str,
    item: str,
    story: str = "",
    amount: Any = None,
    person: Any | None = None,
) -> Wish:
    """Record a wish as a draft, owned by ``org`` (the union that collected it)."""
    require(by, HARDSHIP_CHANGE, org)
    values = _values(kind, display_name, item, story, amount)
    wish = Wish(org=org, person=person, created_by=by, **values)
    with transaction.atomic():
        wish.save()
        record_event(wish, user=by, changes={"status": ["", wish.status]}, note="wish recorded")
    return wish


def wish_update(
    *, by: Any, wish: Wish, kind: str, display_name: str, item: str, story: str = "", amount: Any = None
) -> Wish:
    """Change what a wish says, while it is a draft or published and not yet claimed."""
    require(by, HARDSHIP_CHANGE, wish.org)
    values = _values(kind, display_name, item, story, amount)
    with transaction.atomic():
        wish = _locked(wish)
        if wish.status not in (W.DRAFT, W.PUBLISHED):
            raise Conflict(_("A claimed, fulfilled or withdrawn wish cannot be changed."), field="status")
        before = {k: getattr(wish, k) for k in values}
        for name, value in values.items():
            setattr(wish, name, value)
        wish.save()
        changes = {k: [before[k], v] for k, v in values.items() if before[k] != v}
        record_event(wish, user=by, changes=changes, note="wish changed")
    return wish


def wish_publish(*, by: Any, wish: Wish) -> Wish:
    require(by, HARDSHIP_CHANGE, wish.org)
    with transaction.atomic():
        wish = _locked(wish)
        _check_move(wish, W.PUBLISHED)
        wish.status, wish.published_at = W.PUBLISHED, timezone.now()
        wish.save()
        record_event(wish, user=by, changes={"status": [W.DRAFT, W.PUBLISHED]}, note="wish published")
    return wish


def wish_claim(
    *, by: Any, wish: Wish, donor_person: Any | None = None, donor_enterprise: Any | None = None
) -> Wish:
    """A donor (a person or an enterprise, exactly one) takes on a published wish; only once."""
    require(by, HARDSHIP_CHANGE, wish.org)
    if (donor_person is None) == (donor_enterprise is None):
        raise DomainError(_("Choose one donor: a person or an enterprise."), field="donor")
    if donor_person is not None and not has_perm(by, "people.view", donor_person.org):
        raise DomainError(_("Choose the person who gives."), field="donor_person")
    if donor_person is not None and (donor_person.status != "active" or donor_person.merged_into_id):
        raise DomainError(_("This person cannot be a donor."), field="donor_person")
    if donor_enterprise is not None and not (
        donor_enterprise.is_caring
        or has_perm(by, "enterprises.view", donor_enterprise.org)
        or (donor_enterprise.union is not None and has_perm(by, "enterprises.view", donor_enterprise.union))
    ):
        # Caring enterprises give county-wide (the relay); any other donor must be in the user's scope.
        raise DomainError(_("Choose the enterprise that gives."), field="donor_enterprise")
    with transaction.atomic():
        current = Wish.objects.select_related("donor_person", "donor_enterprise").get(pk=wish.pk)
        if current.status == W.CLAIMED:
            raise Conflict(
                _("This wish is already claimed by %(donor)s; nothing was changed.")
                % {"donor": current.donor},
                field="status",
            )
        _check_move(current, W.CLAIMED)
        now = timezone.now()
        changed = Wish.objects.filter(pk=wish.pk, status=W.PUBLISHED).update(
            status=W.CLAIMED,
            donor_person=donor_person,
            donor_enterprise=donor_enterprise,
            claimed_at=now,
            claimed_by=by,
            updated_at=now,
        )
        if not changed:
            taken = Wish.objects.select_related("donor_person", "donor_enterprise").get(pk=wish.pk)
            if taken.status == W.CLAIMED:
                raise Conflict(
                    _("This wish was claimed a moment ago by %(donor)s; nothing was changed.")
                    % {"donor": taken.donor},
                    field="status",
                )
            _check_move(taken, W.CLAIMED)
        wish = Wish.objects.get(pk=wish.pk)
        donor = donor_enterprise or donor_person
        record_event(
            wish,
            user=by,
            changes={"status": [W.PUBLISHED, W.CLAIMED], "donor": ["", donor]},
            note="wish claimed",
        )
    return wish


def wish_fulfil(*, by: Any, wish: Wish, proof: Any, note: str = "", at: Any = None) -> Wish:
    """The donor kept their word: the proof (a photo of the hand-over, a receipt) is required."""
    require(by, HARDSHIP_CHANGE, wish.org)
    if not proof:
        raise DomainError(_("Attach the proof of fulfilment (a photo or a receipt)."), field="proof")
    note = _text(note, "note", 300)
    with transaction.atomic():
        wish = _locked(wish)
        _check_move(wish, W.FULFILLED)
        wish.status, wish.fulfilled_at, wish.fulfil_note = W.FULFILLED, at or timezone.now(), note
        wish.proof = proof
        wish.save()
        record_event(wish, user=by, changes={"status": [W.CLAIMED, W.FULFILLED]}, note="wish fulfilled")
    return wish


def wish_withdraw(*, by: Any, wish: Wish, reason: str) -> Wish:
    """Take a draft or published wish back (the child was helped otherwise, the family moved…)."""
    require(by, HARDSHIP_CHANGE, wish.org)
    reason = _text(reason, "reason", 300, required=True)
    with transaction.atomic():
        wish = _locked(wish)
        before = wish.status
        _check_move(wish, W.WITHDRAWN)
        wish.status, wish.withdrawn_at, wish.withdraw_reason = W.WITHDRAWN, timezone.now(), reason
        wish.save()
        record_event(wish, user=by, changes={"status": [before, W.WITHDRAWN]}, note=reason)
    return wish
