"""The registry's REST API: /people/, /households/ and /memberships/ routers (see each module)."""

from gonghui.people.api.people import router

__all__ = ["router"]
