"""Fixtures of the working-day tests: real calendars, no Django."""

from __future__ import annotations

import pytest

from gongkai.workdays import WorkCalendar, builtin_calendar, calendar_from_chinesecalendar


@pytest.fixture(scope="session")
def cal() -> WorkCalendar:
    """The built-in years (2023–2026, typed in from the State Council notices)."""
    return builtin_calendar()


@pytest.fixture(scope="session")
def cc_cal() -> WorkCalendar:
    """Every year chinesecalendar knows (2004–2026)."""
    return calendar_from_chinesecalendar(range(2004, 2027))


@pytest.fixture(scope="session")
def long_cal(cc_cal, cal) -> WorkCalendar:
    """chinesecalendar before 2023, the built-in notices from 2023."""
    return WorkCalendar([*(y for y in cc_cal.years.values() if y.year < 2023), *cal.years.values()])
