"""Sign-in, sign-out, users and roles (federation administrators), and one's own API tokens."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from gonghui.accounts import queries, services
from gonghui.accounts.forms import (
    LoginForm,
    PasswordForm,
    RoleGrantForm,
    TokenForm,
    UserCreateForm,
    UserEditForm,
)
from gonghui.core.errors import DomainError
from gonghui.core.pages import apply_service, paginate, staff_required


class LoginView(auth_views.LoginView):
    template_name = "accounts/login.html"
    authentication_form = LoginForm
    redirect_authenticated_user = True


def lockout_response(
    request: HttpRequest, original_response: HttpResponse | None = None, credentials: Any = None
) -> HttpResponse:
    """What axes answers while an account is locked (``AXES_LOCKOUT_CALLABLE``).

    A program calling the API gets the usual JSON error; a person gets the sign-in page with a
    clear message, both with status 403.
    """
    message = services.lockout_message()
    if original_response is not None and original_response.get("Content-Type", "").startswith(
        "application/json"
    ):
        error = DomainError(message, status=403)
        return JsonResponse(error.as_dict(), status=403)
    form = LoginForm(request, initial={"username": request.POST.get("username", "")})
    context = {"form": form, "locked_message": message}
    return render(request, "accounts/login.html", context, status=403)


def _user_breadcrumbs(*extra: tuple[Any, str]) -> list[tuple[Any, str]]:
    return [(_("Users"), reverse("accounts:users")), *extra]


@staff_required("accounts.manage")
def user_list(request: HttpRequest) -> HttpResponse:
    q = request.GET.get("q", "").strip()
    users = queries.user_list(request.user, q=q)
    context = {"page": paginate(request, users), "q": q, "breadcrumbs": [(_("Users"), "")]}
    return render(request, "accounts/user_list.html", context)


@staff_required("accounts.manage")
def user_create(request: HttpRequest) -> HttpResponse:
    form = UserCreateForm(request.POST or None)
    if request.method == "POST":
        user = apply_service(
            request,
            form,
            lambda: services.user_create(by=request.user, **form.cleaned_data),
            _("The account was created."),
        )
        if user:
            return redirect("accounts:user", pk=user.pk)
    context = {"form": form, "breadcrumbs": _user_breadcrumbs((_("New account"), ""))}
    return render(request, "accounts/user_form.html", context)


@staff_required("accounts.manage")
def user_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """One account: edit it, grant a role, set its password, clear a sign-in lock."""
    account = queries.user_get(request.user, pk)
    posted = request.POST if request.method == "POST" else {}
    edit = UserEditForm(
        posted if "save" in posted else None,
        initial={
            "display_name": account.display_name,
            "phone": account.phone,
            "is_active": account.is_active,
        },
    )
    grant = RoleGrantForm(posted if "grant" in posted else None)
    password = PasswordForm(posted if "password_change" in posted else None)
    actions = {
        "save": (
            edit,
            lambda: services.user_update(by=request.user, user=account, **edit.cleaned_data),
            _("Saved."),
        ),
        "grant": (
            grant,
            lambda: services.role_grant(by=request.user, user=account, **grant.cleaned_data),
            _("The role was granted."),
        ),
        "password_change": (
            password,
            lambda: services.user_set_password(by=request.user, user=account, **password.cleaned_data),
            _("The password was changed."),
        ),
    }
    for name, (form, action, success) in actions.items():
        if name in posted and apply_service(request, form, action, success) is not None:
            return redirect("accounts:user", pk=account.pk)
    context = {
        "account": account,
        "edit": edit,
        "grant": grant,
        "password": password,
        "roles": queries.user_roles(request.user, account),
        "tokens": queries.user_tokens(request.user, account),
        "failed_logins": queries.failed_logins(request.user, account),
        "breadcrumbs": _user_breadcrumbs((str(account), "")),
    }
    return render(request, "accounts/user_detail.html", context)


@require_POST
@staff_required("accounts.manage")
def role_revoke(request: HttpRequest, pk: int) -> HttpResponse:
    assignment = queries.assignment_get(request.user, pk)
    try:
        services.role_revoke(by=request.user, assignment=assignment)
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("The role was removed."))
    return redirect("accounts:user", pk=assignment.user_id)


@require_POST
@staff_required("accounts.manage")
def user_unlock(request: HttpRequest, pk: int) -> HttpResponse:
    account = queries.user_get(request.user, pk)
    services.user_unlock(by=request.user, user=account)
    messages.success(request, _("Failed sign-in attempts were cleared; the account can sign in again."))
    return redirect("accounts:user", pk=account.pk)


@never_cache
@staff_required()
def token_list(request: HttpRequest) -> HttpResponse:
    """One's own API tokens; a new token's raw value is shown on this response only."""
    form = TokenForm(request.POST or None)
    raw = None
    if request.method == "POST":
        result = apply_service(
            request, form, lambda: services.token_create(user=request.user, **form.cleaned_data)
        )
        if result:
            raw = result[1]
            form = TokenForm()
    context = {
        "form": form,
        "tokens": queries.user_tokens(request.user, request.user),
        "raw": raw,
        "breadcrumbs": [(_("API tokens"), "")],
    }
    return render(request, "accounts/token_list.html", context)


@require_POST
@staff_required()
def token_revoke(request: HttpRequest, pk: int) -> HttpResponse:
    token = queries.token_get(request.user, pk)
    services.token_revoke(token=token, by=request.user)
    messages.success(request, _("The token was revoked and no longer works."))
    return redirect("accounts:tokens")
