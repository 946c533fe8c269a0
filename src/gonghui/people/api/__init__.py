"""The registry's REST API: the /people/, /households/ and /memberships/ routers (see each module)."""

from gonghui.people.api.households import router as households_router
from gonghui.people.api.memberships import router as memberships_router
from gonghui.people.api.people import router

__all__ = ["households_router", "memberships_router", "router"]
