"""The rights API, mounted at /api/v1/: /consultations/, /rights-cases/, /duty-shifts/,
/counselling-sessions/, /legal-outreach/ and /kpis/rights, one module each."""

from ninja import Router

from gonghui.rights.api import cases, consultations, counselling, kpis, outreach, roster

router = Router()
for module in (consultations, cases, roster, counselling, outreach, kpis):
    router.add_router("", module.router)

__all__ = ["router"]
