"""Service points from a spreadsheet (服务站点名册): the core's own kind, and the model spec for apps.

Rows are keyed by name within the organisation imported into: a name already there is updated
(only the columns given), never added twice.
"""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from gonghui.core.imports import bulk, cells
from gonghui.core.imports.registry import register
from gonghui.core.imports.spec import CommitCounts, Field, ImportContext, ImportSpec, Row

KIND_SYNONYMS = {
    "服务中心": "centre",
    "职工服务中心": "centre",
    "服务站": "station",
    "职工服务站": "station",
    "服务点": "point",
    "职工服务点": "point",
    "维权点": "rights_point",
    "维权工作点": "rights_point",
    "维权站": "rights_point",
    "农民工法律服务站": "migrant_station",
    "法律服务站": "migrant_station",
    "异地服务站": "migrant_station",
}


def _kind(value: Any) -> str:
    from gonghui.orgs.models import ServicePoint

    return cells.choice(ServicePoint.Kind, synonyms=KIND_SYNONYMS)(value)


class ServicePointSpec(ImportSpec):
    kind = "service-points"
    verbose_name = _("Service points")
    description = _("Service centres, stations, points and rights points of your organisation, one per row.")
    perm = "servicepoints.change"
    key_fields = ("name",)
    fields = (
        Field(
            "name",
            pgettext_lazy("organisation", "Name"),
            ("名称", "站点名称", "服务点名称", "服务站点", "站点"),
            True,
            cells.text_max(200),
        ),
        Field("kind", _("Kind"), ("类型", "类别", "站点类型"), True, _kind),
        Field(
            "region", _("Division code"), ("行政区划代码", "区划代码", "地区代码"), False, cells.digits_text
        ),
        Field("city", _("City"), ("城市", "所在城市", "所在地"), False, cells.text_max(60)),
        Field("address", _("Address"), ("地址", "详细地址"), False, cells.text_max(300)),
        Field("phone", _("Phone"), ("电话", "联系电话", "手机"), False, cells.text_max(40), text_column=True),
        Field("hours", _("Opening hours"), ("开放时间", "服务时间", "办公时间"), False, cells.text_max(200)),
        Field("services", _("Services offered"), ("服务内容", "服务项目"), False, cells.text),
        Field(
            "is_active", pgettext_lazy("service point", "Open"), ("是否开放", "开放"), False, cells.boolean
        ),
    )

    def template_example(self) -> list[list[Any]]:
        return [
            [
                "南江镇职工服务站",
                "服务站",
                "",
                "",
                "南江镇滨河路1号",
                "0827-8881234",
                "周一至周五 9:00-17:00",
                "",
                "是",
            ]
        ]

    def validate_rows(self, rows: list[Row], context: ImportContext) -> None:
        from gonghui.orgs.models import Region, ServicePoint

        regions = context.cache.setdefault("regions", {})
        wanted = {r.values["region"] for r in rows if "region" in r.values} - regions.keys()
        if wanted:
            regions.update({r.code: r for r in Region.objects.filter(code__in=wanted)})
        existing = set(
            ServicePoint.objects.filter(
                org=context.org, name__in=[r.values["name"] for r in rows]
            ).values_list("name", flat=True)
        )
        for row in rows:
            code = row.values.get("region")
            if code and code not in regions:
                row.add_error("region", _("Unknown division code %(code)s.") % {"code": code})
            if row.values.get("kind") == "migrant_station" and not row.values.get("city"):
                row.add_error("city", _("An out-of-town station needs the city where it is."))
            if row.values["name"] not in existing and not context.org.is_active:
                row.add_error(None, _("A closed organisation takes no new service points."))

    def commit_rows(self, rows: list[Row], context: ImportContext) -> CommitCounts:
        from gonghui.orgs.models import ServicePoint

        regions = context.cache.get("regions", {})
        existing = {
            p.name: p
            for p in ServicePoint.objects.select_for_update().filter(
                org=context.org, name__in=[r.values["name"] for r in rows]
            )
        }
        created: list[ServicePoint] = []
        changed: list[tuple[ServicePoint, ServicePoint]] = []
        counts = CommitCounts()
        for row in rows:
            values = dict(row.values)
            if "region" in values:
                values["region"] = regions[values["region"]]
            point = existing.get(values["name"])
            if point is None:
                created.append(ServicePoint(org=context.org, **values))
                continue
            before = bulk.apply_values(point, values)
            if before is None:
                counts.unchanged += 1
            else:
                changed.append((before, point))
        ServicePoint.objects.bulk_create(created, batch_size=500)
        bulk.bulk_update_changed(ServicePoint, changed, {n for r in rows for n in r.values})
        bulk.log_created(created, user=context.user)
        bulk.log_updated(changed, user=context.user)
        counts.created += len(created)
        counts.updated += len(changed)
        return counts


register(ServicePointSpec)
