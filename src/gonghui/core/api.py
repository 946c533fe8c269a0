"""GET /api/v1/audit-log/ (auditors), its xlsx export, and task progress."""

from datetime import datetime
from typing import Any

from django.http import HttpRequest, HttpResponse
from ninja import Query, Router, Schema
from ninja.pagination import LimitOffsetPagination, paginate

from gonghui.accounts.scoping import require
from gonghui.core import queries
from gonghui.core.audit import record_access
from gonghui.core.audit_export import audit_xlsx
from gonghui.core.exports import xlsx_response

router = Router(tags=["audit"])


class AuditFilter(Schema):
    user: str = ""
    model: str = ""
    object_pk: str = ""
    action: str = ""
    since: datetime | None = None
    until: datetime | None = None


class AuditEntryOut(Schema):
    id: int
    timestamp: datetime
    user: str | None
    action: str
    model: str
    object_pk: str
    object_repr: str
    changes: Any
    remote_addr: str | None

    @staticmethod
    def resolve_user(obj: Any) -> str | None:
        return obj.actor.username if obj.actor else None

    @staticmethod
    def resolve_action(obj: Any) -> str:
        return queries.action_name(obj.action)

    @staticmethod
    def resolve_model(obj: Any) -> str:
        return f"{obj.content_type.app_label}.{obj.content_type.model}"


class ProgressOut(Schema):
    key: str
    label: str
    state: str
    total: int
    done: int
    percent: int
    message: str
    result_url: str


@router.get("/audit-log/", response=list[AuditEntryOut], summary="The audit log (auditors)")
@paginate(LimitOffsetPagination)
def audit_log(request: HttpRequest, filters: Query[AuditFilter]) -> Any:
    return queries.audit_log(request.user, **filters.dict())


@router.get("/audit-log/export", summary="The audit log as xlsx (auditors)")
def audit_log_export(request: HttpRequest, filters: Query[AuditFilter]) -> HttpResponse:
    require(request.user, "audit.export")
    entries = queries.audit_log(request.user, **filters.dict())
    record_access(request.user, user=request.user, fields=["audit_log"], reason=str(filters.dict())[:500])
    return xlsx_response(audit_xlsx(entries), "audit-log")


@router.get("/tasks/{key}", response=ProgressOut, tags=["tasks"], summary="Progress of a background task")
def task_progress(request: HttpRequest, key: str) -> Any:
    return queries.task_progress(request.user, key)
