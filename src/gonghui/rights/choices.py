"""Choices of the rights platform, and the table of allowed case-stage transitions."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class Channel(models.TextChoices):
    WALK_IN = "walk_in", _("Walk-in visit")
    HOTLINE = "hotline", _("12351 hotline")
    PORTAL = "portal", _("Portal appeal")
    RIGHTS_POINT = "rights_point", _("Township rights point")
    MIGRANT_STATION = "migrant_station", _("Out-of-town station")


class Topic(models.TextChoices):
    WAGES = "wages", _("Wages")
    INJURY = "injury", _("Work injury")
    CONTRACT = "contract", _("Labour contract")
    SOCIAL_INSURANCE = "social_insurance", _("Social insurance")
    DISMISSAL = "dismissal", _("Dismissal")
    OCCUPATIONAL_DISEASE = "occupational_disease", _("Occupational disease")
    OTHER = "other", _("Other")


class Outcome(models.TextChoices):
    PENDING = "pending", _("Pending")
    ANSWERED = "answered", _("Answered")
    REFERRED = "referred", _("Referred")
    CASE = "case", _("Turned into a case")
    DECLINED = "declined", _("Declined")


class Referral(models.TextChoices):
    LABOUR_INSPECTORATE = "labour_inspectorate", _("Labour inspectorate")
    ARBITRATION = "arbitration", _("Labour dispute arbitration committee")
    COURT = "court", _("People's court")
    LEGAL_AID = "legal_aid", _("Legal-aid centre")
    OTHER = "other", _("Other department")


class ShiftKind(models.TextChoices):
    LEGAL_ADVISER = "legal_adviser", _("Legal adviser")
    LEGAL_AID = "legal_aid", _("Legal-aid worker")
    VOLUNTEER = "volunteer", _("Volunteer")


class CaseType(models.TextChoices):
    WAGE_ARREARS = "wage_arrears", _("Wage arrears")
    WORK_INJURY = "work_injury", _("Work injury")
    LABOUR_CONTRACT = "labour_contract", _("Labour contract")
    SOCIAL_INSURANCE = "social_insurance", _("Social insurance")
    DISMISSAL = "dismissal", _("Dismissal")
    OCCUPATIONAL_DISEASE = "occupational_disease", _("Occupational disease")
    OTHER = "other", _("Other")


# The case type a consultation's topic suggests when it is turned into a case.
TOPIC_CASE_TYPE = {
    Topic.WAGES: CaseType.WAGE_ARREARS,
    Topic.INJURY: CaseType.WORK_INJURY,
    Topic.CONTRACT: CaseType.LABOUR_CONTRACT,
    Topic.SOCIAL_INSURANCE: CaseType.SOCIAL_INSURANCE,
    Topic.DISMISSAL: CaseType.DISMISSAL,
    Topic.OCCUPATIONAL_DISEASE: CaseType.OCCUPATIONAL_DISEASE,
    Topic.OTHER: CaseType.OTHER,
}


class Stage(models.TextChoices):
    INTAKE = "intake", _("Intake")
    ACCEPTED = "accepted", _("Accepted")
    MEDIATION = "mediation", _("Mediation")
    ARBITRATION = "arbitration", _("Arbitration")
    LITIGATION = "litigation", _("Litigation")
    CLOSED = "closed", pgettext_lazy("case stage", "Closed")


class CaseOutcome(models.TextChoices):
    RESOLVED = "resolved", _("Resolved")
    PARTLY_RESOLVED = "partly_resolved", _("Partly resolved")
    NOT_RESOLVED = "not_resolved", _("Not resolved")
    WITHDRAWN = "withdrawn", _("Withdrawn")
    TRANSFERRED = "transferred", _("Transferred")


# Allowed stage transitions. Litigation of a labour dispute needs an arbitration award first
# (Labour Dispute Mediation and Arbitration Law, art. 5), so nothing jumps from mediation to court.
TRANSITIONS: dict[str, frozenset[str]] = {
    Stage.INTAKE: frozenset({Stage.ACCEPTED, Stage.CLOSED}),
    Stage.ACCEPTED: frozenset({Stage.MEDIATION, Stage.ARBITRATION, Stage.CLOSED}),
    Stage.MEDIATION: frozenset({Stage.ARBITRATION, Stage.CLOSED}),
    Stage.ARBITRATION: frozenset({Stage.LITIGATION, Stage.CLOSED}),
    Stage.LITIGATION: frozenset({Stage.CLOSED}),
    Stage.CLOSED: frozenset(),
}

# A case never accepted can only end as withdrawn or passed on to another body.
INTAKE_CLOSE_OUTCOMES = frozenset({CaseOutcome.WITHDRAWN, CaseOutcome.TRANSFERRED})

# Stages before an arbitration application: the one-year limitation still runs in these.
LIMITATION_STAGES = frozenset({Stage.INTAKE, Stage.ACCEPTED, Stage.MEDIATION})

# The verb of each target stage, for the API (/rights-cases/{id}/<verb>) and the pages.
STAGE_VERBS = {
    Stage.ACCEPTED: "accept",
    Stage.MEDIATION: "mediate",
    Stage.ARBITRATION: "arbitrate",
    Stage.LITIGATION: "litigate",
    Stage.CLOSED: "close",
}
VERB_STAGES = {verb: stage for stage, verb in STAGE_VERBS.items()}


class CounsellingKind(models.TextChoices):
    INDIVIDUAL = "individual", _("Individual")
    GROUP = "group", _("Group")


class CounsellingFormat(models.TextChoices):
    FACE_TO_FACE = "face_to_face", _("Face to face")
    PHONE = "phone", _("Phone")
    ONLINE = "online", _("Online")
    GROUP_SESSION = "group_session", _("Group session")


class OutreachKind(models.TextChoices):
    LECTURE = "lecture", _("Legal lecture")
    ENTERPRISE_VISIT = "enterprise_visit", _("Law into enterprises visit")
    STREET = "street", _("Street or market stall")
    BROADCAST = "broadcast", _("Radio or television programme")
