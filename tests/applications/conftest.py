"""Fixtures of the request workflow's tests: staff in every role, valid applicants, dates."""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest

SHANGHAI = ZoneInfo("Asia/Shanghai")
FAR_FUTURE = date(2030, 1, 1)  # "today" for services, so that test dates are never in the future


def at(day: date, hour: int = 10) -> datetime:
    return datetime(day.year, day.month, day.day, hour, 0, tzinfo=SHANGHAI)


def person(**over) -> dict:
    data = {
        "applicant_type": "natural_person",
        "applicant_name": "王测试",
        "id_type": "resident_id",
        "id_number": "11010519491231002X",
        "contact_phone": "13900000009",
        "contact_email": "wang@example.org",
        "contact_address": "北京市示例区测试路9号",
        "description": "2023年度本机关行政事业性收费项目清单",
        "form_wanted": "electronic",
        "delivery": "email",
    }
    data.update(over)
    return data


def organisation(**over) -> dict:
    data = person(
        applicant_type="business",
        applicant_name="示例测试有限公司",
        id_type="",
        id_number="",
        organisation_code="91110000600037341L",
    )
    data.update(over)
    return data


@pytest.fixture(autouse=True)
def seeded_calendar(db):
    """The data migration seeds 2004–2026; a transactional test elsewhere may have flushed it."""
    from gongkai.workcalendar.models import CalendarYear
    from gongkai.workcalendar.services import calendar_seed_from_chinesecalendar

    if not CalendarYear.objects.filter(year=2023).exists():
        calendar_seed_from_chinesecalendar(actor=None)


@pytest.fixture
def head(agency, make_staff):
    return make_staff(agency, "head", role="head")


@pytest.fixture
def reviewer(agency, make_staff):
    return make_staff(agency, "reviewer", role="reviewer")


@pytest.fixture
def supervisor(agency, make_staff):
    return make_staff(agency, "supervisor", role="supervisor")


@pytest.fixture
def register(agency, clerk):
    """Register an in-person request received on ``day`` (default 2025-01-24)."""
    from gongkai.applications.services import application_register

    def make(day: date = date(2025, 1, 24), channel: str = "in_person", actor=None, agency_=None, **over):
        return application_register(
            actor=actor or clerk,
            agency=agency_ or agency,
            channel=channel,
            arrived_at=at(day),
            as_of=FAR_FUTURE,
            **person(**over),
        ).application

    return make
