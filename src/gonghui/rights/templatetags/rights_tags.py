"""Template helpers of the rights pages."""

from __future__ import annotations

from typing import Any

from django import template

from gonghui.rights.choices import Stage

register = template.Library()


@register.filter
def get_item(mapping: dict[str, Any], key: str) -> Any:
    return mapping.get(key) if mapping else None


@register.filter
def stage_label(value: str) -> str:
    return str(Stage(value).label) if value in Stage.values else value


@register.filter
def absolute(value: int | None) -> int | None:
    return abs(value) if value is not None else None
