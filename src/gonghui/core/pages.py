"""Helpers shared by the staff pages: pagination, the form-then-service pattern, staff-only access."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.paginator import Paginator
from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse

from gonghui.core.errors import DomainError, NotFound

PAGE_SIZE = 25


def paginate(
    request: HttpRequest, queryset: QuerySet | list, per_page: int = PAGE_SIZE, *, count: int | None = None
) -> Any:
    """The requested page of a list; a page number out of range shows the last page.

    ``count``, when the caller already knows it (a bounded search), spares the paginator its query.
    """
    paginator = Paginator(queryset, per_page)
    if count is not None:
        paginator.count = count  # a cached_property: set, it is not computed
    return paginator.get_page(request.GET.get("page"))


def staff_required(perm: str | None = None) -> Callable:
    """Signed-in staff only; with ``perm``, only users holding it somewhere. Workers get 403."""

    def decorator(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
        @login_required
        @wraps(view)
        def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            from gonghui.accounts.scoping import has_perm

            if request.user.is_worker:
                raise DjangoPermissionDenied
            if perm and not has_perm(request.user, perm):
                raise DjangoPermissionDenied
            try:
                return view(request, *args, **kwargs)
            except NotFound:
                raise Http404 from None

        return wrapped

    return decorator


def apply_service(
    request: HttpRequest, form: Any, action: Callable[[], Any], success: Any = ""
) -> Any | None:
    """Run a service for a valid form; a DomainError goes beside its field. Returns the result or None."""
    if not form.is_valid():
        return None
    try:
        result = action()
    except NotFound:
        raise
    except DomainError as exc:
        exc.add_to_form(form)
        return None
    if success:
        messages.success(request, success)
    return result
