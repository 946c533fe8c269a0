"""Choices of collective bargaining, enterprise openness and satisfaction surveys."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class ContractKind(models.TextChoices):
    WAGE_SPECIAL = "wage_special", _("Wage-special collective contract")
    COMPREHENSIVE = "comprehensive", _("Comprehensive collective contract")
    REGIONAL = "regional", _("Regional collective contract")
    INDUSTRY = "industry", _("Industry collective contract")


# Kinds signed by one enterprise's union for that enterprise; the others cover one or many.
SINGLE_ENTERPRISE_KINDS = (ContractKind.WAGE_SPECIAL, ContractKind.COMPREHENSIVE)


class ContractStatus(models.TextChoices):
    """The stored lifecycle; whether a contract is *in force* on a day is computed (see ContractState)."""

    DRAFT = "draft", _("Draft")
    SIGNED = "signed", _("Signed")
    TERMINATED = "terminated", _("Terminated")


class ContractState(models.TextChoices):
    """A contract's state on a given day, computed from its status and dates, never typed in."""

    DRAFT = "draft", _("Draft")
    PENDING = "pending", _("Signed, not yet in force")
    IN_FORCE = "in_force", _("In force")
    EXPIRED = "expired", _("Expired")
    TERMINATED = "terminated", _("Terminated")


class CheckResult(models.TextChoices):
    FULFILLED = "fulfilled", _("Fulfilled")
    PARTLY = "partly", _("Partly fulfilled")
    NOT_FULFILLED = "not_fulfilled", _("Not fulfilled")


class OpennessForm(models.TextChoices):
    ENTERPRISE = "enterprise", _("Enterprise affairs openness (厂务公开)")
    GOVERNMENT = "government", _("Government affairs openness (政务公开)")


class OpennessMethod(models.TextChoices):
    BOARD = "board", _("Notice board")
    CONGRESS = "congress", _("Workers' congress")
    NETWORK = "network", _("Website or network")
    MEETING = "meeting", _("Meetings")
    DOCUMENTS = "documents", _("Bulletins and documents")
    OTHER = "other", _("Other")


class Channel(models.TextChoices):
    PAPER = "paper", _("Paper, entered by staff")
    ONLINE = "online", _("Online")


class Answer(models.TextChoices):
    VERY_SATISFIED = "very_satisfied", _("Very satisfied")
    SATISFIED = "satisfied", _("Satisfied")
    NEUTRAL = "neutral", _("Neutral")
    DISSATISFIED = "dissatisfied", _("Dissatisfied")
    VERY_DISSATISFIED = "very_dissatisfied", _("Very dissatisfied")


# The answers the satisfaction rate counts as satisfied.
SATISFIED_ANSWERS = (Answer.VERY_SATISFIED, Answer.SATISFIED)


# The figures' names (insight.kpis.bargaining computes them; the words belong to this app's catalogue).
SIGNING_RATE = _("Collective wage bargaining signing rate")
FULFILMENT_RATE = _("Collective contract fulfilment rate")
OPENNESS_RATE = _("Enterprise openness rate")
SATISFACTION_RATE = _("Satisfaction rate")
