from __future__ import annotations

import pytest


@pytest.fixture(autouse=True)
def seeded_calendar(db):
    """The data migration seeds 2004–2026; a transactional test elsewhere may have flushed it."""
    from gongkai.workcalendar.models import CalendarYear
    from gongkai.workcalendar.services import calendar_seed_from_chinesecalendar

    if not CalendarYear.objects.filter(year=2023).exists():
        calendar_seed_from_chinesecalendar(actor=None)


@pytest.fixture
def admin_user(superuser):
    return superuser
