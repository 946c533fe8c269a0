"""The person registry (一库): who a person is, where they live and work, and how to find them."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from gonghui.core.crypto import BlindIndexField, EncryptedCharField
from gonghui.core.models import OrgOwned
from gonghui.core.money import MoneyField
from gonghui.people import choices


class Person(OrgOwned):
    """One person, one ID number (unique through its blind index), owned by an organisation.

    The ID number and phone are encrypted at rest and looked up through keyed hashes; sex and
    birth date are derived from the ID number by the services, never typed in independently.
    ``name_pinyin`` and ``name_initials`` are kept for ranking searches; finding people goes
    through ``PersonSearchToken``.

    A record merged into another (``people.services.person_merge``) stays as a tombstone: status
    ``merged``, ``merged_into`` the survivor, ID number, phone and search tokens cleared, so old
    links and log entries still resolve while the ID number is free for the survivor alone.
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
    merged_into = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        editable=False,
        verbose_name=_("merged into"),
    )

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
            models.CheckConstraint(
                condition=(models.Q(status="merged") & models.Q(merged_into__isnull=False))
                | (~models.Q(status="merged") & models.Q(merged_into__isnull=True)),
                name="%(app_label)s_%(class)s_merged_has_target",
            ),
        ]
        indexes = [
            models.Index(fields=["name", "birth_date"], name="people_person_name_birth"),
            # Likely duplicates are looked for within a birth date, in pinyin order.
            models.Index(fields=["birth_date", "name_pinyin"], name="people_person_birth_pinyin"),
            models.Index(fields=["phone_bidx"], name="people_person_phone_bidx"),
            models.Index(fields=["org", "status"], name="people_person_org_status"),
            models.Index(fields=["name_pinyin", "name"], name="people_person_pinyin_order"),
            models.Index(fields=["name_initials", "name"], name="people_person_initials_order"),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def is_active(self) -> bool:
        return self.status == choices.Status.ACTIVE

    @property
    def is_merged(self) -> bool:
        return self.merged_into_id is not None


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

    # No foreign-key constraints in the database: tokens are derived rows, written and deleted with
    # their person by ``people.services`` (Django still cascades and protects). Checking two keys
    # for each of a million tokens made a 100,000-person import spend seconds in its COMMIT.
    person = models.ForeignKey(
        Person,
        on_delete=models.CASCADE,
        related_name="search_tokens",
        db_index=False,
        db_constraint=False,
        verbose_name=_("person"),
    )
    org = models.ForeignKey(
        "orgs.Organisation",
        on_delete=models.PROTECT,
        related_name="+",
        db_index=False,
        db_constraint=False,
        verbose_name=_("organisation"),
    )
    kind = models.CharField(_("kind"), max_length=2, choices=Kind.choices)
    token = models.CharField(_("token"), max_length=100)

    scope_field = "org"
    moves_with_org = True  # a merge of organisations moves the tokens with their people

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


class Household(OrgOwned):
    """A family as the hardship and education-aid programmes count it: a head and the people living with them.

    The head is always one of the members (relationship ``head``); the services keep ``head`` and
    that member row in step. Per-capita income is computed from the members
    (``people.queries.household_income``), never typed in.
    """

    head = models.ForeignKey(
        Person,
        on_delete=models.PROTECT,
        related_name="headed_households",
        verbose_name=_("head of household"),
    )
    address = models.CharField(_("address"), max_length=300, blank=True)
    note = models.CharField(_("note"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("household")
        verbose_name_plural = _("households")
        ordering = ["pk"]
        constraints = [
            models.UniqueConstraint(fields=["head"], name="%(app_label)s_%(class)s_one_per_head"),
        ]

    def __str__(self) -> str:
        return str(_("Household of %(name)s") % {"name": self.head.name})


class HouseholdMember(OrgOwned):
    """One member of a household, registered as a person or not (yet).

    A registered member points at the ``Person``; an unregistered one (a child, an elderly parent
    nobody has registered) keeps a name and, when known, an ID number, encrypted and looked up
    through a blind index with the same key as ``Person.id_number``, so registering that person
    later links the row (``people.services.households.link_registered``). A person, and an
    unregistered ID number, belong to at most one household. ``org`` is the household's.
    """

    Relationship = choices.Relationship

    household = models.ForeignKey(
        Household, on_delete=models.CASCADE, related_name="members", verbose_name=_("household")
    )
    person = models.ForeignKey(
        Person,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="household_memberships",
        verbose_name=_("person"),
    )
    name = models.CharField(_("name"), max_length=50, blank=True)
    id_number = EncryptedCharField(_("ID number"), blank=True)
    id_number_bidx = BlindIndexField(source="id_number", purpose="id_number")
    relationship = models.CharField(_("relationship"), max_length=12, choices=choices.Relationship.choices)
    monthly_income = MoneyField(_("monthly income (yuan)"), default=0)
    health = models.CharField(_("health"), max_length=10, choices=choices.MemberHealth.choices, blank=True)
    employment = models.CharField(
        _("employment"), max_length=12, choices=choices.Employment.choices, blank=True
    )
    school_level = models.CharField(
        _("school level"), max_length=12, choices=choices.SchoolLevel.choices, blank=True
    )
    school_name = models.CharField(_("school"), max_length=200, blank=True)
    enrolment_year = models.PositiveSmallIntegerField(_("year of enrolment"), null=True, blank=True)
    note = models.CharField(_("note"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("household member")
        verbose_name_plural = _("household members")
        ordering = ["household", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["person"], name="%(app_label)s_%(class)s_one_household_per_person"
            ),
            models.UniqueConstraint(
                fields=["id_number_bidx"], name="%(app_label)s_%(class)s_unique_id_number"
            ),
            models.UniqueConstraint(
                fields=["household"],
                condition=models.Q(relationship="head"),
                name="%(app_label)s_%(class)s_one_head",
            ),
            models.CheckConstraint(
                condition=(
                    models.Q(person__isnull=False) & models.Q(name="") & models.Q(id_number_bidx__isnull=True)
                )
                | (models.Q(person__isnull=True) & ~models.Q(name="")),
                name="%(app_label)s_%(class)s_registered_or_named",
            ),
            models.CheckConstraint(
                condition=models.Q(relationship__in=choices.Relationship.values),
                name="%(app_label)s_%(class)s_relationship_valid",
            ),
            models.CheckConstraint(
                condition=models.Q(monthly_income__gte=0), name="%(app_label)s_%(class)s_income_not_negative"
            ),
        ]

    def __str__(self) -> str:
        return self.display_name

    @property
    def display_name(self) -> str:
        return self.person.name if self.person_id else self.name

    @property
    def is_head(self) -> bool:
        return self.relationship == choices.Relationship.HEAD


class Membership(OrgOwned):
    """A person's union membership (会员): number, union, when they joined and how it ended.

    ``org`` is the grassroots union the member belongs to now, so the union's chair sees its own
    roll; moves between unions of the federation change it and leave a ``MembershipTransfer``. A
    member number is unique in the whole federation and stays with the membership through its
    transfers; a person has at most one active membership (a partial unique constraint), and one
    who left and joins again gets a new membership with a new number.
    """

    Status = choices.MembershipStatus

    person = models.ForeignKey(
        Person, on_delete=models.PROTECT, related_name="memberships", verbose_name=_("person")
    )
    member_number = models.CharField(_("member number"), max_length=30)
    joined_on = models.DateField(_("joined on"))
    status = models.CharField(
        _("status"), max_length=12, choices=choices.MembershipStatus.choices, default="active"
    )
    left_on = models.DateField(_("left on"), null=True, blank=True)
    left_reason = models.CharField(_("reason for leaving"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        ordering = ["member_number"]
        constraints = [
            models.UniqueConstraint(fields=["member_number"], name="%(app_label)s_%(class)s_unique_number"),
            models.UniqueConstraint(
                fields=["person"],
                condition=models.Q(status="active"),
                name="%(app_label)s_%(class)s_one_active_per_person",
            ),
            models.CheckConstraint(
                condition=models.Q(status__in=choices.MembershipStatus.values),
                name="%(app_label)s_%(class)s_status_valid",
            ),
            models.CheckConstraint(
                condition=(
                    models.Q(status="active") & models.Q(left_on__isnull=True) & models.Q(left_reason="")
                )
                | (~models.Q(status="active") & models.Q(left_on__isnull=False) & ~models.Q(left_reason="")),
                name="%(app_label)s_%(class)s_ended_has_date_and_reason",
            ),
            models.CheckConstraint(
                condition=models.Q(left_on__isnull=True) | models.Q(left_on__gte=models.F("joined_on")),
                name="%(app_label)s_%(class)s_left_after_joining",
            ),
        ]
        indexes = [
            models.Index(fields=["org", "status", "member_number"], name="people_membership_roll"),
        ]

    def __str__(self) -> str:
        return f"{self.member_number} {self.person.name}"

    @property
    def is_active(self) -> bool:
        return self.status == choices.MembershipStatus.ACTIVE


class MembershipTransfer(models.Model):
    """One move of a membership from one union of the federation to another: the roll's history."""

    membership = models.ForeignKey(
        Membership, on_delete=models.PROTECT, related_name="transfers", verbose_name=_("membership")
    )
    from_union = models.ForeignKey(
        "orgs.Organisation", on_delete=models.PROTECT, related_name="+", verbose_name=_("from union")
    )
    to_union = models.ForeignKey(
        "orgs.Organisation", on_delete=models.PROTECT, related_name="+", verbose_name=_("to union")
    )
    on = models.DateField(_("transferred on"))
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("recorded by")
    )
    note = models.CharField(_("note"), max_length=300, blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("membership transfer")
        verbose_name_plural = _("membership transfers")
        ordering = ["membership", "on", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(from_union=models.F("to_union")),
                name="%(app_label)s_%(class)s_between_two_unions",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.membership_id}: {self.from_union_id} → {self.to_union_id} ({self.on})"


class DuplicateDecision(models.Model):
    """A reviewer's word that two records that look alike are two different people.

    The pair is stored with the smaller id first, so it is listed for review no more.
    """

    a = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="+", verbose_name=_("first person"))
    b = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="+", verbose_name=_("second person"))
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("decided by")
    )
    decided_at = models.DateTimeField(_("decided at"), auto_now_add=True)
    note = models.CharField(_("note"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("duplicate decision")
        verbose_name_plural = _("duplicate decisions")
        constraints = [
            models.UniqueConstraint(fields=["a", "b"], name="%(app_label)s_%(class)s_unique_pair"),
            models.CheckConstraint(
                condition=models.Q(a__lt=models.F("b")), name="%(app_label)s_%(class)s_ordered"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.a_id} ≠ {self.b_id}"
