"""Register the bargaining records with the audit log (changes of covered enterprises included)."""

from auditlog.registry import auditlog

from gonghui.bargaining.models import (
    CollectiveContract,
    FulfilmentCheck,
    OpennessRecord,
    SatisfactionSurvey,
    SurveyResponse,
)

auditlog.register(CollectiveContract, exclude_fields=["updated_at"], m2m_fields={"enterprises"})
auditlog.register(FulfilmentCheck, exclude_fields=["updated_at"])
auditlog.register(OpennessRecord, exclude_fields=["updated_at"])
auditlog.register(SatisfactionSurvey, exclude_fields=["updated_at"])
# An online answer's account and session key say who answered: they stay out of the log.
auditlog.register(SurveyResponse, exclude_fields=["updated_at", "respondent", "respondent_key"])
