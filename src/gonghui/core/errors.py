"""DomainError: the one way a service refuses bad input.

Pages show it beside the field (or at the top of the form); the API answers 4xx with
``{"detail", "errors": [{"field", "message"}]}``. The message is a lazy translation so it follows
the language of whoever reads it.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.utils.encoding import force_str


@dataclass(frozen=True)
class FieldError:
    field: str | None
    message: Any  # a str or a lazy translation

    def as_dict(self) -> dict[str, str | None]:
        return {"field": self.field, "message": force_str(self.message)}


class DomainError(Exception):
    """A business rule refused the request; nothing was saved.

    ``status`` is the HTTP status the API answers with: 400 for bad input, 403 for a refused
    permission, 404 for something outside the caller's scope, 409 for a conflict with the
    current state (a second disbursement, a stale transition).
    """

    status = 400

    def __init__(
        self,
        message: Any,
        *,
        field: str | None = None,
        errors: Iterable[FieldError] | None = None,
        status: int | None = None,
    ) -> None:
        super().__init__(force_str(message))
        self.message = message
        self.field = field
        self.errors = list(errors or [])
        if not self.errors:
            self.errors = [FieldError(field, message)]
        if status is not None:
            self.status = status

    def as_dict(self) -> dict[str, Any]:
        return {"detail": force_str(self.message), "errors": [e.as_dict() for e in self.errors]}

    def add_to_form(self, form: Any) -> None:
        """Put every message beside its field, or at the top when the form lacks the field."""
        for error in self.errors:
            field = error.field if error.field in getattr(form, "fields", {}) else None
            form.add_error(field, force_str(error.message))


class PermissionDenied(DomainError):
    status = 403


class NotFound(DomainError):
    status = 404


class Conflict(DomainError):
    status = 409
