"""The person registry (一库): who a person is, where they live and work, and how to find them."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from gonghui.core.crypto import BlindIndexField, EncryptedCharField
from gonghui.core.models import OrgOwned
from gonghui.people import choices


class Person(OrgOwned):
    """One person, one ID number (unique through its blind index), owned by an organisation.

    The ID number and phone are encrypted at rest and looked up through keyed hashes; sex and
    birth date are derived from the ID number by the services, never typed in independently.
    ``name_pinyin`` and ``name_initials`` are kept for ranking searches; finding people goes
    through ``PersonSearchToken``.
    """

    Sex = choices.Sex
    Status = choices.Status

    name = models.CharField(_("name"), max_length=50)
    id_number = EncryptedCharField(_("ID number"))
    id_number_bidx = BlindIndexField(source="id_number")
    sex = models.CharField(_("sex"), max_length=6, choices=choices.Sex.choices)
    birth_date = models.DateField(_("birth date"))
    ethnicity = models.CharField(
        _("ethnic group"), max_length=2, choices=choices.Ethnicity.choices, blank=True
    )
    phone = EncryptedCharField(_("phone"), blank=True)
    phone_bidx = BlindIndexField(source="phone")
    hukou_type = models.CharField(
        _("hukou type"), max_length=16, choices=choices.HukouType.choices, blank=True
    )
    residence_region = models.ForeignKey(
        "orgs.Region",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("residence region"),
    )
    address = models.CharField(_("address"), max_length=300, blank=True)
    education = models.CharField(_("education"), max_length=12, choices=choices.Education.choices, blank=True)
    political_status = models.CharField(
        _("political status"), max_length=2, choices=choices.PoliticalStatus.choices, blank=True
    )
    health = models.CharField(_("health"), max_length=8, choices=choices.Health.choices, blank=True)
    health_note = models.CharField(_("health details"), max_length=200, blank=True)
    disability_kind = models.CharField(
        _("disability category"), max_length=12, choices=choices.DisabilityKind.choices, blank=True
    )
    disability_grade = models.PositiveSmallIntegerField(
        _("disability grade"), choices=choices.DisabilityGrade.choices, null=True, blank=True
    )
    # The certificate number is the ID number plus two digits, so it is as sensitive as the ID.
    disability_cert_number = EncryptedCharField(_("disability certificate number"), blank=True)
    employer_name = models.CharField(_("employer"), max_length=200, blank=True)
    job = models.CharField(_("job"), max_length=100, blank=True)
    is_migrant_worker = models.BooleanField(_("migrant worker"), default=False)
    work_city = models.CharField(_("city of work"), max_length=60, blank=True)
    status = models.CharField(_("status"), max_length=10, choices=choices.Status.choices, default="active")
    status_changed_on = models.DateField(_("status changed on"), null=True, blank=True)
    status_note = models.CharField(_("status note"), max_length=300, blank=True)
    name_pinyin = models.CharField(_("name in pinyin"), max_length=200, blank=True, editable=False)
    name_initials = models.CharField(_("pinyin initials"), max_length=60, blank=True, editable=False)

    class Meta:
        verbose_name = _("person")
        verbose_name_plural = _("people")
        ordering = ["name_pinyin", "name", "pk"]  # rosters are read in pinyin order
        constraints = [
            models.UniqueConstraint(
                fields=["id_number_bidx"], name="%(app_label)s_%(class)s_unique_id_number"
            ),
            models.CheckConstraint(
                condition=models.Q(sex__in=choices.Sex.values), name="%(app_label)s_%(class)s_sex_valid"
            ),
            models.CheckConstraint(
                condition=models.Q(status__in=choices.Status.values),
                name="%(app_label)s_%(class)s_status_valid",
            ),
            models.CheckConstraint(
                condition=models.Q(disability_grade__isnull=True) | models.Q(disability_grade__range=(1, 4)),
                name="%(app_label)s_%(class)s_disability_grade_valid",
            ),
        ]
        indexes = [
            models.Index(fields=["name", "birth_date"], name="people_person_name_birth"),
            models.Index(fields=["phone_bidx"], name="people_person_phone_bidx"),
            models.Index(fields=["org", "status"], name="people_person_org_status"),
            models.Index(fields=["name_pinyin", "name"], name="people_person_pinyin_order"),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def is_active(self) -> bool:
        return self.status == choices.Status.ACTIVE


class PersonSearchToken(models.Model):
    """What a person can be found by, one row per token, looked up by equality or a prefix range.

    Most searches are one or two characters of a name, where trigram indexes do not help; so the
    name's single characters and pairs of characters are stored and found by equality. Pinyin and
    initials are stored in full and from each syllable on (``zhangsanfeng``, ``sanfeng``,
    ``feng``) and found by a prefix range on the index. The tails of the ID number (4, 5 and 6
    characters) and of the phone (4 digits) are stored only as keyed hashes, never in clear. The
    owning organisation is copied here so scoping filters the token index itself and the table
    can be sharded with its people. Rebuilt by ``people.services`` whenever a person changes.
    """

    class Kind(models.TextChoices):
        NAME = "nm", _("name characters")
        PINYIN = "py", _("pinyin")
        INITIALS = "in", _("pinyin initials")
        ID_TAIL = "id", _("end of ID number (hashed)")
        PHONE_TAIL = "ph", _("end of phone (hashed)")

    person = models.ForeignKey(
        Person,
        on_delete=models.CASCADE,
        related_name="search_tokens",
        db_index=False,
        verbose_name=_("person"),
    )
    org = models.ForeignKey(
        "orgs.Organisation",
        on_delete=models.PROTECT,
        related_name="+",
        db_index=False,
        verbose_name=_("organisation"),
    )
    kind = models.CharField(_("kind"), max_length=2, choices=Kind.choices)
    token = models.CharField(_("token"), max_length=100)

    scope_field = "org"

    class Meta:
        verbose_name = _("person search token")
        verbose_name_plural = _("person search tokens")
        constraints = [
            models.UniqueConstraint(
                fields=["person", "kind", "token"], name="%(app_label)s_%(class)s_unique"
            ),
        ]
        indexes = [
            models.Index(fields=["kind", "token", "org", "person"], name="people_token_lookup"),
        ]

    def __str__(self) -> str:
        return f"{self.kind}:{self.token}"
