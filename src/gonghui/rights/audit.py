"""Register the rights records with the audit log.

Phones are masked; the counselling notes' text is never logged (only that a note was written or
changed, and by whom); reads of notes and case files are access events written by the services.
"""

from auditlog.registry import auditlog

from gonghui.rights.models import (
    CaseClaimant,
    CaseDocument,
    CaseStage,
    Consultation,
    CounsellingNote,
    CounsellingSession,
    CumulativeBaseline,
    DutyShift,
    LegalOutreach,
    RightsCase,
)

auditlog.register(Consultation, mask_fields=["visitor_phone"], exclude_fields=["updated_at"])
auditlog.register(DutyShift, exclude_fields=["updated_at"])
auditlog.register(RightsCase, exclude_fields=["updated_at"])
auditlog.register(CaseClaimant)
auditlog.register(CaseStage)
auditlog.register(CaseDocument)
auditlog.register(CumulativeBaseline, exclude_fields=["updated_at"])
# Participants are people being counselled: their ids are not copied into the log either.
auditlog.register(CounsellingSession, exclude_fields=["updated_at"], m2m_fields=set())
auditlog.register(CounsellingNote, exclude_fields=["text", "updated_at"])
auditlog.register(LegalOutreach, exclude_fields=["updated_at"])
