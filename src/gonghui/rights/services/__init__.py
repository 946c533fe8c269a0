"""Every change on the rights platform, one function per verb (check, then do, in one transaction).

Modules: ``consultations`` (log, decline, refer, open a case), ``cases`` (cases, claimants, stage
transitions, documents, the cumulative baseline), ``roster`` (duty shifts), ``counselling``
(sessions and their notes), ``outreach`` (legal outreach events).
"""
