"""Template helpers: form widget classes, query-string paging, money, masking, Chinese dates."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from typing import Any

from django import template
from django.utils import formats, timezone

from gonghui.core import masking
from gonghui.core.money import format_yuan

register = template.Library()


@register.filter
def with_class(field: Any, css: str) -> Any:
    """Render a bound field with a Bootstrap class (and is-invalid when it has errors)."""
    classes = css
    if field.widget_type in ("select", "selectmultiple"):
        classes = "form-select"
    if field.errors:
        classes += " is-invalid"
    return field.as_widget(attrs={"class": classes})


@register.simple_tag(takes_context=True)
def query_replace(context: dict[str, Any], **kwargs: Any) -> str:
    """The current query string with some parameters replaced (pagination keeps the filters)."""
    query = context["request"].GET.copy()
    for key, value in kwargs.items():
        query[key] = value
    return query.urlencode()


@register.filter
def yuan(value: Decimal | None) -> str:
    return format_yuan(value)


@register.filter
def masked_id(value: str | None) -> str:
    return masking.mask_id_number(value)


@register.filter
def masked_phone(value: str | None) -> str:
    return masking.mask_phone(value)


@register.filter
def cndate(value: date | datetime | None) -> str:
    """2015年6月28日 in Chinese, the locale's date format otherwise."""
    if not value:
        return ""
    if isinstance(value, datetime):
        value = timezone.localtime(value) if timezone.is_aware(value) else value
    return formats.date_format(value, "DATE_FORMAT")
