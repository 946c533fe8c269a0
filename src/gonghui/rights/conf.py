"""The office's own targets for rights cases, from settings (with the county's defaults).

``RIGHTS_ACCEPT_WORKING_DAYS``: a case is accepted or turned away within this many working days
of intake (Monday to Friday; public holidays are not known to the platform, so the target is
strict around them). ``RIGHTS_CLOSE_DAYS``: an accepted case is closed within this many calendar
days. ``RIGHTS_LIMITATION_WARN_DAYS``: warn this many days before the one-year arbitration
limitation runs out.
"""

from __future__ import annotations

import datetime

from django.conf import settings


def accept_working_days() -> int:
    return int(getattr(settings, "RIGHTS_ACCEPT_WORKING_DAYS", 3))


def close_days() -> int:
    return int(getattr(settings, "RIGHTS_CLOSE_DAYS", 60))


def limitation_warn_days() -> int:
    return int(getattr(settings, "RIGHTS_LIMITATION_WARN_DAYS", 30))


def add_working_days(start: datetime.date, days: int) -> datetime.date:
    """The date ``days`` working days (Monday to Friday) after ``start``."""
    current = start
    added = 0
    while added < days:
        current += datetime.timedelta(days=1)
        if current.weekday() < 5:
            added += 1
    return current
