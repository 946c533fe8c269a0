"""The campaign staff pages: thin adapters over hardship.campaign_queries and hardship.campaigns."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.db.models import Q
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST

from gonghui.accounts.scoping import has_perm, scope_paths
from gonghui.core.errors import DomainError
from gonghui.core.pages import apply_service, paginate, staff_required
from gonghui.hardship import campaign_queries as queries
from gonghui.hardship import campaigns as services
from gonghui.hardship.forms import CampaignForm
from gonghui.hardship.models import Campaign, CampaignGrant
from gonghui.hardship.perms import HARDSHIP_APPROVE, HARDSHIP_CHANGE, HARDSHIP_DISBURSE, HARDSHIP_VIEW
from gonghui.hardship.views import _run

C = Campaign.Status
G = CampaignGrant.Status


def _crumbs(*extra: tuple[Any, str]) -> list[tuple[Any, str]]:
    return [(_("Campaigns"), reverse("hardship:campaigns")), *extra]


@staff_required(HARDSHIP_VIEW)
def campaign_list(request: HttpRequest) -> HttpResponse:
    rows = queries.campaigns(request.user)
    status = request.GET.get("status", "")
    if status:
        rows = rows.filter(status=status)
    return render(
        request,
        "hardship/campaign_list.html",
        {
            "page": paginate(request, rows),
            "title": _("Campaigns"),
            "statuses": C.choices,
            "status": status,
            "can_create": has_perm(request.user, HARDSHIP_CHANGE),
            "breadcrumbs": _crumbs(),
        },
    )


def _choices(user: Any) -> dict[str, Any]:
    """Organisations the user may organise a campaign for, and the funds of those or above them."""
    from gonghui.funds.models import Fund, GoodsItem
    from gonghui.orgs.models import Organisation
    from gonghui.orgs.queries import organisations

    orgs = organisations(user, HARDSHIP_CHANGE).exclude(kind="group").order_by("path")
    step = Organisation.steplen
    paths = scope_paths(user, HARDSHIP_CHANGE)
    above = {p[:i] for p in paths for i in range(step, len(p), step)}
    within = Q(org__path__in=above)
    for path in paths:
        within |= Q(org__path__startswith=path)
    funds = (
        Fund.objects.filter(within, is_active=True).order_by("org__path", "name")
        if paths
        else Fund.objects.none()
    )
    return {"orgs": orgs, "funds": funds, "items": GoodsItem.objects.filter(is_active=True)}


def _listed(text: str) -> list[int]:
    """Registry numbers typed with commas; ``campaign_create`` checks each against the user's scope."""
    numbers = []
    for part in text.replace("，", ",").split(","):
        if not part.strip():
            continue
        try:
            numbers.append(int(part))
        except ValueError:
            raise DomainError(
                _("No person with registry number %(n)s in your scope.") % {"n": part.strip()}, field="listed"
            ) from None
    return numbers


@staff_required(HARDSHIP_CHANGE)
def campaign_create(request: HttpRequest) -> HttpResponse:
    form = CampaignForm(request.POST or None, **_choices(request.user))
    if request.method == "POST":
        data = lambda name: form.cleaned_data[name]  # noqa: E731
        row = apply_service(
            request,
            form,
            lambda: services.campaign_create(
                by=request.user,
                org=data("org"),
                kind=data("kind"),
                name=data("name"),
                starts_on=data("starts_on"),
                ends_on=data("ends_on"),
                fund=data("fund"),
                budget=data("budget"),
                categories=data("categories"),
                causes=data("causes"),
                occupations=data("occupations"),
                eligible_org=data("eligible_org"),
                listed=_listed(data("listed")),
                standards=form.standards(),
                goods=form.goods(),
                description=data("description"),
            ),
            _("The campaign was set up as a draft."),
        )
        if row is not None:
            return redirect("hardship:campaign", row.pk)
    return render(
        request,
        "hardship/form.html",
        {
            "form": form,
            "title": _("New campaign"),
            "submit": _("Set up the campaign"),
            "cancel": reverse("hardship:campaigns"),
            "breadcrumbs": _crumbs((_("New campaign"), "")),
        },
    )


def _actions(user: Any, row: Campaign, pending: int) -> list[str]:
    """The lifecycle buttons this reader may press (only the moves the campaign's status allows)."""
    verbs = []
    if row.status in services.GENERATE_FROM and has_perm(user, HARDSHIP_CHANGE, row.org):
        verbs.append("generate")
    if row.status in services.APPROVE_FROM and pending and has_perm(user, HARDSHIP_APPROVE, row.org):
        verbs.append("approve")
    if row.status in services.DISBURSE_FROM and has_perm(user, HARDSHIP_DISBURSE, row.org):
        verbs.append("disburse")
    if row.status in services.CLOSE_FROM and has_perm(user, HARDSHIP_APPROVE, row.org):
        verbs.append("close")
    return verbs


@staff_required(HARDSHIP_VIEW)
def campaign_detail(request: HttpRequest, pk: int) -> HttpResponse:
    row = queries.campaign(request.user, pk)
    counts = queries.counts(request.user, row)
    included = queries.grants(request.user, row).exclude(status=G.EXCLUDED)
    excluded = queries.grants(request.user, row, G.EXCLUDED)
    pending = counts.get(G.PROPOSED, {}).get("n", 0)
    labels = dict(CampaignGrant.Exclusion.choices)
    return render(
        request,
        "hardship/campaign_detail.html",
        {
            "campaign": row,
            "counts": counts,
            "page": paginate(request, included),
            "excluded": excluded[:500],
            "excluded_count": excluded.count(),
            "exclusion_labels": [
                (labels.get(reason, reason), n) for reason, n in queries.exclusions(request.user, row).items()
            ],
            "actions": _actions(request.user, row, pending),
            "hand_over": services.may_disburse(request.user, row),
            "may_reverse": services.may_reverse(request.user, row),
            "standards": row.standards.all(),
            "goods": row.goods.select_related("item"),
            "listed": queries.listed(request.user, row)[:50],
            "breadcrumbs": _crumbs((row.name, "")),
        },
    )


def _generated(request: HttpRequest, row: Campaign) -> Any:
    preview = services.campaign_generate(by=request.user, campaign=row)
    excluded = sum(preview.excluded.values())
    messages.info(
        request,
        _("%(n)s proposed (¥%(amount)s), %(x)s left out with their reasons.")
        % {"n": preview.proposed, "amount": f"{preview.amount:,.2f}", "x": excluded},
    )
    if preview.over_budget:
        messages.warning(
            request,
            _("The list exceeds the budget left by ¥%(over)s; hand-overs stop when the budget is used up.")
            % {"over": f"{preview.over_budget:,.2f}"},
        )
    return preview


_VERBS = {
    "generate": (_generated, _("The recipient list was generated.")),
    "approve": (
        lambda r, c: services.campaign_approve(by=r.user, campaign=c, note=r.POST.get("note", "")),
        _("The list was approved."),
    ),
    "disburse": (
        lambda r, c: services.grant_disburse_bulk(
            by=r.user,
            campaign=c,
            grant_ids=list(queries.grants(r.user, c, G.APPROVED).values_list("pk", flat=True)),
            reference=r.POST.get("reference", ""),
        ),
        _("Every approved grant was handed over."),
    ),
    "close": (
        lambda r, c: services.campaign_close(by=r.user, campaign=c, note=r.POST.get("note", "")),
        _("The campaign was closed."),
    ),
}


@require_POST
@staff_required(HARDSHIP_VIEW)
def campaign_action(request: HttpRequest, pk: int, verb: str) -> HttpResponse:
    row = queries.campaign(request.user, pk)
    if verb not in _VERBS:
        raise Http404
    action, done = _VERBS[verb]
    _run(request, lambda: action(request, row), done)
    return redirect("hardship:campaign", pk)


@require_POST
@staff_required(HARDSHIP_VIEW)
def grant_action(request: HttpRequest, pk: int, grant_id: int, verb: str) -> HttpResponse:
    row = queries.campaign(request.user, pk)
    grant = queries.grant(request.user, row, grant_id)
    if verb == "disburse":
        action = lambda: services.grant_disburse(  # noqa: E731
            by=request.user,
            grant=grant,
            reference=request.POST.get("reference", ""),
            received_by=request.POST.get("received_by", ""),
        )
        done = _("Handed over to %(name)s.") % {"name": grant.person.name}
    elif verb == "reverse":
        action = lambda: services.grant_reverse(  # noqa: E731
            by=request.user, grant=grant, reason=request.POST.get("reason", "")
        )
        done = _("The hand-over was reversed.")
    else:
        raise Http404
    ok = _run(request, action, done)
    if request.htmx:
        row = queries.campaign(request.user, pk)
        return render(
            request,
            "hardship/_grant_row.html",
            {
                "g": queries.grant(request.user, row, grant_id),
                "campaign": row,
                "hand_over": services.may_disburse(request.user, row),
                "may_reverse": services.may_reverse(request.user, row),
                "flash": True,
                "ok": ok,
            },
        )
    return redirect(reverse("hardship:campaign", args=[pk]) + f"#grant-{grant_id}")
