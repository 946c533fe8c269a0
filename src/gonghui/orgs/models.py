"""The organisation tree, administrative regions and service points."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from treebeard.mp_tree import MP_Node

from gonghui.core.models import OrgOwned, TimeStamped


class Region(TimeStamped):
    """An administrative division with its code: county, township/street, village/community.

    Codes follow GB/T 2260 (6 digits for a county) and the statistical division codes (12 digits
    below it).
    """

    class Level(models.TextChoices):
        PROVINCE = "province", _("Province")
        CITY = "city", _("City")
        COUNTY = "county", _("County")
        TOWNSHIP = "township", _("Township / street")
        VILLAGE = "village", _("Village / community")

    code = models.CharField(_("division code"), max_length=12, unique=True)
    name = models.CharField(_("name"), max_length=100)
    level = models.CharField(_("level"), max_length=10, choices=Level.choices)
    parent = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="children",
        verbose_name=_("parent"),
    )

    class Meta:
        verbose_name = _("region")
        verbose_name_plural = _("regions")
        ordering = ["code"]

    def __str__(self) -> str:
        return f"{self.name}（{self.code}）"


class Organisation(MP_Node, TimeStamped):
    """A union organisation: federation → township/street/industry union → grassroots union → group.

    The materialised path makes "everything under this organisation" one indexed prefix match,
    which is what scoping asks for on every read.
    """

    class Kind(models.TextChoices):
        FEDERATION = "federation", _("Federation of trade unions")
        TOWNSHIP = "township", _("Township union")
        STREET = "street", _("Street union")
        INDUSTRY = "industry", _("Industry union")
        GRASSROOTS = "grassroots", _("Grassroots union")
        GROUP = "group", _("Union group")

    class Status(models.TextChoices):
        ACTIVE = "active", pgettext_lazy("organisation", "Active")
        CLOSED = "closed", _("Closed")
        MERGED = "merged", _("Merged")

    name = models.CharField(_("name"), max_length=200)
    code = models.CharField(_("code"), max_length=40, unique=True)
    kind = models.CharField(_("kind"), max_length=12, choices=Kind.choices)
    status = models.CharField(_("status"), max_length=8, choices=Status.choices, default=Status.ACTIVE)
    region = models.ForeignKey(
        Region, on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("region")
    )
    address = models.CharField(_("address"), max_length=300, blank=True)
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    chair_name = models.CharField(_("chair"), max_length=50, blank=True)
    member_count = models.PositiveIntegerField(_("members (reported)"), default=0)
    closed_on = models.DateField(_("closed on"), null=True, blank=True)
    close_reason = models.CharField(_("reason for closing"), max_length=300, blank=True)
    merged_into = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("merged into"),
    )

    scope_field = None  # scoped by its own tree path

    # Allowed parent kinds for each kind; the tree follows the federation's statute.
    PARENT_KINDS = {
        Kind.FEDERATION: set(),
        Kind.TOWNSHIP: {Kind.FEDERATION},
        Kind.STREET: {Kind.FEDERATION},
        Kind.INDUSTRY: {Kind.FEDERATION},
        Kind.GRASSROOTS: {Kind.FEDERATION, Kind.TOWNSHIP, Kind.STREET, Kind.INDUSTRY},
        Kind.GROUP: {Kind.GRASSROOTS},
    }

    class Meta:
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(status="merged") | models.Q(merged_into__isnull=False),
                name="%(app_label)s_%(class)s_merged_has_target",
            ),
            models.CheckConstraint(
                condition=models.Q(status="active") | models.Q(closed_on__isnull=False),
                name="%(app_label)s_%(class)s_closed_has_date",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def is_active(self) -> bool:
        return self.status == self.Status.ACTIVE


class ServicePoint(OrgOwned):
    """A place where workers are served: the county centre, township stations and village points,
    township rights points (维权工作点), and out-of-town migrant-worker legal service stations."""

    class Kind(models.TextChoices):
        CENTRE = "centre", _("Service centre")
        STATION = "station", _("Service station")
        POINT = "point", _("Service point")
        RIGHTS_POINT = "rights_point", _("Rights protection point")
        MIGRANT_STATION = "migrant_station", _("Migrant-worker legal service station")

    name = models.CharField(_("name"), max_length=200)
    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices)
    region = models.ForeignKey(
        Region, on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("region")
    )
    city = models.CharField(_("city"), max_length=60, blank=True)
    address = models.CharField(_("address"), max_length=300, blank=True)
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    hours = models.CharField(_("opening hours"), max_length=200, blank=True)
    services = models.TextField(_("services offered"), blank=True)
    is_active = models.BooleanField(_("open"), default=True)

    class Meta:
        verbose_name = _("service point")
        verbose_name_plural = _("service points")
        ordering = ["kind", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["org", "name"], name="%(app_label)s_%(class)s_unique_name_per_org"
            ),
        ]

    def __str__(self) -> str:
        return self.name
