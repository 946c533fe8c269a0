"""Days and periods in the federation's time zone: a report "for 2015-07-01" means that local day."""

from __future__ import annotations

import datetime

from django.utils import timezone


def day_start(day: datetime.date) -> datetime.datetime:
    """Midnight at the start of ``day``, local time, as an aware datetime."""
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))


def year_bounds(year: int) -> tuple[datetime.datetime, datetime.datetime]:
    """[1 January, next 1 January) of ``year``, local time."""
    return day_start(datetime.date(year, 1, 1)), day_start(datetime.date(year + 1, 1, 1))


def period_bounds(start: datetime.date, end: datetime.date) -> tuple[datetime.datetime, datetime.datetime]:
    """[start 00:00, the day after end 00:00): both days included."""
    return day_start(start), day_start(end + datetime.timedelta(days=1))
