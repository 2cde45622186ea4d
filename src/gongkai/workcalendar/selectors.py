"""Reading the working-day calendar.

``work_calendar()`` is what every deadline computation uses: a ``gongkai.workdays.WorkCalendar``
built from the rows. It is cached per process and rebuilt when the table changes (checked with
one cheap aggregate query per call, so another process's edit is seen at once); ``services``
also drop the cache on commit.
"""

from __future__ import annotations

import threading
from datetime import date

from django.db.models import Count, Max, Prefetch

from gongkai.workdays import WorkCalendar, YearCalendar
from gongkai.workdays.calendar import DayEntry

from .models import KIND_TO_CORE, CalendarDay, CalendarYear

_lock = threading.Lock()
_cache: dict[str, object] = {"key": None, "calendar": None}


def _fingerprint() -> tuple:
    agg = CalendarYear.objects.aggregate(n=Count("id"), last=Max("updated_at"), top=Max("id"))
    return (agg["n"], agg["last"], agg["top"], CalendarDay.objects.count())


def invalidate_cache() -> None:
    with _lock:
        _cache["key"] = None
        _cache["calendar"] = None


def year_calendar_of(row: CalendarYear) -> YearCalendar:
    """The pure ``YearCalendar`` of one row (its days prefetched or queried)."""
    entries = [DayEntry(d.date, KIND_TO_CORE[d.kind], d.name) for d in row.days.all()]
    return YearCalendar.from_entries(row.year, entries, confirmed=row.confirmed, source=row.notice or row.source)


def calendar_years():
    """Every stored year with its days, newest first."""
    return CalendarYear.objects.select_related("updated_by").prefetch_related(
        Prefetch("days", queryset=CalendarDay.objects.order_by("date"))
    )


def work_calendar() -> WorkCalendar:
    """The calendar every deadline is computed with (confirmed years only count)."""
    key = _fingerprint()
    with _lock:
        if _cache["key"] == key and _cache["calendar"] is not None:
            return _cache["calendar"]  # type: ignore[return-value]
    calendar = WorkCalendar(year_calendar_of(row) for row in calendar_years())
    with _lock:
        _cache["key"] = key
        _cache["calendar"] = calendar
    return calendar


def confirmed_years() -> list[int]:
    return list(CalendarYear.objects.filter(confirmed=True).order_by("year").values_list("year", flat=True))


def unconfirmed_years_in_use(*, today: date | None = None) -> list[int]:
    """Years not (yet) confirmed that an open application's deadline depends on — the administrator
    must enter and confirm them (国务院办公厅通知). Also next year once December has come."""
    from gongkai.applications.models import Application

    cal = work_calendar()
    years: set[int] = set()
    open_apps = Application.objects.open().filter(received_on__isnull=False, due_on__isnull=False)
    for received_on, due_on in open_apps.values_list("received_on", "due_on"):
        years.update(cal.unconfirmed_years_between(received_on, max(due_on, received_on)))
    if today is not None and today.month == 12 and not cal.confirmed(today.year + 1):
        years.add(today.year + 1)
    return sorted(years)


__all__ = [
    "calendar_years",
    "confirmed_years",
    "invalidate_cache",
    "unconfirmed_years_in_use",
    "work_calendar",
    "year_calendar_of",
]
