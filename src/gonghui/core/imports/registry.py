"""The kinds of import the platform offers: each app registers its specs.

An app puts its specs in ``<app>/imports.py`` and calls :func:`register` there at import time;
those modules are found on first use (like the admin's autodiscovery), so no settings or
``AppConfig.ready`` change is needed. ``register`` may also be called from ``ready``.
"""

from __future__ import annotations

import threading
from typing import Any

from django.utils.translation import gettext_lazy as _

from gonghui.core.errors import NotFound
from gonghui.core.imports.spec import ImportSpec

_specs: dict[str, ImportSpec] = {}
_discovered = False
_lock = threading.Lock()


def register(spec: ImportSpec | type[ImportSpec]) -> ImportSpec:
    """Offer a kind of import; registering the same kind again replaces it (tests, reloads)."""
    instance = spec() if isinstance(spec, type) else spec
    if not instance.kind or not instance.perm or not instance.fields:
        raise ValueError("an import spec needs a kind, a permission and fields")
    _specs[instance.kind] = instance
    return instance


def unregister(kind: str) -> None:
    _specs.pop(kind, None)


def _discover() -> None:
    global _discovered
    if _discovered:
        return
    with _lock:
        if _discovered:
            return
        from django.utils.module_loading import autodiscover_modules

        from gonghui.core.imports import service_points  # noqa: F401  (the core's own kind)

        autodiscover_modules("imports")
        _discovered = True


def all_specs() -> list[ImportSpec]:
    _discover()
    return sorted(_specs.values(), key=lambda s: s.kind)


def get_spec(kind: str) -> ImportSpec:
    """The spec of ``kind``, or NotFound (an unknown kind looks like a missing page)."""
    _discover()
    try:
        return _specs[kind]
    except KeyError:
        raise NotFound(_("There is no import of this kind: %(kind)s") % {"kind": kind}) from None


def specs_for(user: Any) -> list[ImportSpec]:
    """The kinds ``user`` may import somewhere."""
    from gonghui.accounts.scoping import has_perm

    return [s for s in all_specs() if has_perm(user, s.perm)]
