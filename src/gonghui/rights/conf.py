"""The office's own targets for rights cases, from settings (with the county's defaults).

``RIGHTS_ACCEPT_WORKING_DAYS``: a case is accepted or turned away within this many working days
of intake, by the State Council's calendar (public holidays off, the weekend days worked in
their place on; from ``chinesecalendar``). For a year the calendar does not know yet, working
days are Monday to Friday, so the target is strict around that year's holidays.
``RIGHTS_CLOSE_DAYS``: an accepted case is closed within this many calendar
days. ``RIGHTS_LIMITATION_WARN_DAYS``: warn this many days before the one-year arbitration
limitation runs out.
"""

from __future__ import annotations

import datetime

import chinese_calendar
from django.conf import settings


def accept_working_days() -> int:
    return int(getattr(settings, "RIGHTS_ACCEPT_WORKING_DAYS", 3))


def close_days() -> int:
    return int(getattr(settings, "RIGHTS_CLOSE_DAYS", 60))


def limitation_warn_days() -> int:
    return int(getattr(settings, "RIGHTS_LIMITATION_WARN_DAYS", 30))


def add_working_days(start: datetime.date, days: int) -> datetime.date:
    """The date ``days`` working days after ``start`` (see :func:`is_working_day`)."""
    current = start
    added = 0
    while added < days:
        current += datetime.timedelta(days=1)
        if is_working_day(current):
            added += 1
    return current


def is_working_day(day: datetime.date) -> bool:
    """A working day in China: holidays and their make-up weekend days as published; else Monday–Friday."""
    try:
        return bool(chinese_calendar.is_workday(day))
    except NotImplementedError:  # a year not published in the calendar yet
        return day.weekday() < 5
