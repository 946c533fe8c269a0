"""The review of likely duplicates: pairs side by side (masked), merge either way or mark distinct."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from gonghui.core.errors import DomainError
from gonghui.core.pages import paginate, staff_required
from gonghui.people import services
from gonghui.people.forms import PairForm
from gonghui.people.queries import PERM_CHANGE, person
from gonghui.people.queries.duplicates import duplicate_candidates, load_pairs

PAGE_SIZE = 10


@staff_required(PERM_CHANGE)
def review(request: HttpRequest) -> HttpResponse:
    page = paginate(request, duplicate_candidates(request.user), per_page=PAGE_SIZE)
    context = {
        "page": page,
        "pairs": load_pairs(page),
        "breadcrumbs": [(_("People"), reverse("people:list")), (_("Possible duplicates"), "")],
    }
    return render(request, "people/duplicates.html", context)


def _back(request: HttpRequest) -> HttpResponse:
    page = request.POST.get("page", "")
    return redirect(reverse("people:duplicates") + (f"?page={page}" if page.isdigit() else ""))


@require_POST
@staff_required(PERM_CHANGE)
def merge(request: HttpRequest) -> HttpResponse:
    """Merge the pair into the record the reviewer picked as survivor."""
    form = PairForm(request.POST)
    if not form.is_valid() or form.cleaned_data["survivor"] not in (
        form.cleaned_data["a"],
        form.cleaned_data["b"],
    ):
        messages.error(request, _("Choose which record to keep."))
        return _back(request)
    a, b, keep = (form.cleaned_data[k] for k in ("a", "b", "survivor"))
    survivor = person(request.user, keep, PERM_CHANGE)
    duplicate = person(request.user, b if keep == a else a, PERM_CHANGE)
    try:
        services.person_merge(by=request.user, survivor=survivor, duplicate=duplicate)
    except DomainError as exc:
        messages.error(request, exc.message)
        return _back(request)
    messages.success(request, _("The records were merged into %(name)s.") % {"name": survivor.name})
    return _back(request)


@require_POST
@staff_required(PERM_CHANGE)
def distinct(request: HttpRequest) -> HttpResponse:
    form = PairForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose two records."))
        return _back(request)
    a = person(request.user, form.cleaned_data["a"], PERM_CHANGE)
    b = person(request.user, form.cleaned_data["b"], PERM_CHANGE)
    try:
        services.duplicate_mark_distinct(by=request.user, a=a, b=b, note=form.cleaned_data["note"])
    except DomainError as exc:
        messages.error(request, exc.message)
        return _back(request)
    messages.success(request, _("The two records are kept apart and will not be listed again."))
    return _back(request)
