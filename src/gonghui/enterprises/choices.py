"""Choices of the enterprise registry: kinds of unit and the GB/T 4754-2017 industry sections."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.functional import lazy
from django.utils.translation import get_language, pgettext_lazy
from django.utils.translation import gettext_lazy as _


class EnterpriseType(models.TextChoices):
    ORGAN = "organ", _("Government organ")
    PUBLIC_INSTITUTION = "public_institution", _("Public institution")
    STATE_OWNED = "state_owned", _("State-owned enterprise")
    PRIVATE = "private", _("Private enterprise")
    FOREIGN_INVESTED = "foreign_invested", _("Foreign-invested enterprise")
    INDIVIDUAL = "individual", _("Individual business")


# Organs and public institutions (机关、事业单位): the reference's "107 机关、企事业单位" counts these.
PUBLIC_TYPES = (EnterpriseType.ORGAN, EnterpriseType.PUBLIC_INSTITUTION)


class Status(models.TextChoices):
    ACTIVE = "active", pgettext_lazy("enterprise", "Active")
    CLOSED = "closed", pgettext_lazy("enterprise", "Closed")


# GB/T 4754-2017 门类: (code, official Chinese name, English name).
GB4754_SECTIONS: list[tuple[str, str, str]] = [
    ("A", "农、林、牧、渔业", "Agriculture, forestry, animal husbandry and fishery"),
    ("B", "采矿业", "Mining"),
    ("C", "制造业", "Manufacturing"),
    ("D", "电力、热力、燃气及水生产和供应业", "Electricity, heat, gas and water supply"),
    ("E", "建筑业", "Construction"),
    ("F", "批发和零售业", "Wholesale and retail trade"),
    ("G", "交通运输、仓储和邮政业", "Transport, storage and postal services"),
    ("H", "住宿和餐饮业", "Accommodation and catering"),
    ("I", "信息传输、软件和信息技术服务业", "Information transmission, software and IT services"),
    ("J", "金融业", "Finance"),
    ("K", "房地产业", "Real estate"),
    ("L", "租赁和商务服务业", "Leasing and business services"),
    ("M", "科学研究和技术服务业", "Scientific research and technical services"),
    ("N", "水利、环境和公共设施管理业", "Water conservancy, environment and public facilities management"),
    ("O", "居民服务、修理和其他服务业", "Household services, repair and other services"),
    ("P", "教育", "Education"),
    ("Q", "卫生和社会工作", "Health and social work"),
    ("R", "文化、体育和娱乐业", "Culture, sports and entertainment"),
    ("S", "公共管理、社会保障和社会组织", "Public administration, social security and social organisations"),
    ("T", "国际组织", "International organisations"),
]


def _section_label(code: str, chinese: str, english: str) -> str:
    """The standard's own Chinese name in Chinese, an English rendering otherwise.

    The names are the standard's text, not interface prose, so they live here rather than in the
    translation catalogue, where a translator could "improve" them.
    """
    language = (get_language() or settings.LANGUAGE_CODE).lower()
    return f"{code} {chinese}" if language.startswith("zh") else f"{code} {english}"


_lazy_label = lazy(_section_label, str)

Industry = models.TextChoices(
    "Industry", [(code, (code, _lazy_label(code, zh, en))) for code, zh, en in GB4754_SECTIONS]
)
Industry.__doc__ = "GB/T 4754-2017 sections (门类) A–T."
