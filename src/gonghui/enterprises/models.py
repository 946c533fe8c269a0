"""The enterprise registry: every employer the unions keep, with its credit code and its union."""

from __future__ import annotations

from django.db import models
from django.db.models.functions import Length
from django.db.models.lookups import Exact
from django.utils.translation import gettext_lazy as _

from gonghui.core.models import OrgOwned
from gonghui.enterprises.choices import EnterpriseType, Industry, Status


class Enterprise(OrgOwned):
    """An employer — organ, public institution, company or individual business — kept by a union.

    ``org`` is the township/street or industry union (or the federation) that keeps the record;
    ``union`` is the enterprise's own grassroots union, if it has one. The credit code is unique
    when present (some individual businesses have none). ``name_pinyin`` and ``name_initials`` are
    derived from the name by the services, for the search box.
    """

    Type = EnterpriseType
    Industry = Industry
    Status = Status

    name = models.CharField(_("name"), max_length=200)
    uscc = models.CharField(_("unified social credit code"), max_length=18, blank=True, default="")
    type = models.CharField(_("type"), max_length=20, choices=EnterpriseType.choices)
    industry = models.CharField(_("industry"), max_length=1, choices=Industry.choices, blank=True)
    employee_count = models.PositiveIntegerField(_("employees"), default=0)
    township = models.ForeignKey(
        "orgs.Region",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        limit_choices_to={"level": "township"},
        verbose_name=_("township / street"),
    )
    address = models.CharField(_("address"), max_length=300, blank=True)
    legal_representative = models.CharField(_("legal representative"), max_length=50, blank=True)
    contact_person = models.CharField(_("contact person"), max_length=50, blank=True)
    contact_phone = models.CharField(_("contact phone"), max_length=40, blank=True)
    union = models.ForeignKey(
        "orgs.Organisation",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="enterprises",
        limit_choices_to={"kind": "grassroots"},
        verbose_name=_("union"),
    )
    is_caring = models.BooleanField(_("caring enterprise"), default=False)
    status = models.CharField(_("status"), max_length=8, choices=Status.choices, default=Status.ACTIVE)
    closed_on = models.DateField(_("closed on"), null=True, blank=True)
    close_reason = models.CharField(_("reason for closing"), max_length=300, blank=True)
    name_pinyin = models.CharField(_("name in pinyin"), max_length=800, blank=True, editable=False)
    name_initials = models.CharField(_("pinyin initials"), max_length=200, blank=True, editable=False)

    class Meta:
        verbose_name = _("enterprise")
        verbose_name_plural = _("enterprises")
        ordering = ["name_pinyin", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["uscc"],
                condition=~models.Q(uscc=""),
                name="%(app_label)s_%(class)s_unique_uscc",
            ),
            models.CheckConstraint(
                condition=models.Q(uscc="") | models.Q(Exact(Length("uscc"), 18)),
                name="%(app_label)s_%(class)s_uscc_length",
            ),
            models.CheckConstraint(
                condition=models.Q(type__in=EnterpriseType.values),
                name="%(app_label)s_%(class)s_type_known",
            ),
            models.CheckConstraint(
                condition=models.Q(status__in=Status.values),
                name="%(app_label)s_%(class)s_status_known",
            ),
            models.CheckConstraint(
                condition=models.Q(status="active") | models.Q(closed_on__isnull=False),
                name="%(app_label)s_%(class)s_closed_has_date",
            ),
        ]
        indexes = [
            models.Index(fields=["org", "status"], name="enterprises_org_status_idx"),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def is_active(self) -> bool:
        return self.status == Status.ACTIVE
