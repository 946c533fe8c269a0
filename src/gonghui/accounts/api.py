"""POST /api/v1/auth/token, DELETE /api/v1/auth/token, GET /api/v1/auth/me."""

from datetime import datetime

from django.http import HttpRequest
from ninja import Router, Schema, Status

from gonghui.accounts import scoping, services

router = Router(tags=["auth"])


class TokenIn(Schema):
    username: str
    password: str
    name: str = ""


class TokenOut(Schema):
    token: str
    expires_at: datetime


class GrantOut(Schema):
    role: str
    org_id: int
    org_name: str


class MeOut(Schema):
    username: str
    name: str
    kind: str
    roles: list[GrantOut]


@router.post("/token", auth=None, response={200: TokenOut}, summary="Issue an API token")
def issue_token(request: HttpRequest, payload: TokenIn) -> dict:
    token, raw = services.token_issue(
        request=request, username=payload.username, password=payload.password, name=payload.name
    )
    return {"token": raw, "expires_at": token.expires_at}


@router.delete("/token", response={204: None}, summary="Revoke the token used for this request")
def revoke_token(request: HttpRequest) -> Status:
    """Signed in through the page session there is no token to revoke; nothing happens."""
    token = getattr(request, "api_token", None)
    if token is not None:
        services.token_revoke(token=token, by=request.user)
    return Status(204, None)


@router.get("/me", response=MeOut, summary="Who am I, and where may I act")
def me(request: HttpRequest) -> dict:
    user = request.user
    grants = scoping.assignments(user)
    return {
        "username": user.username,
        "name": str(user),
        "kind": user.kind,
        "roles": [{"role": g.role, "org_id": g.org_id, "org_name": g.org_name} for g in grants],
    }
