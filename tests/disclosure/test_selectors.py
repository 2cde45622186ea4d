"""Selectors: 万元 exactly, and the 第二十六条 timeliness check."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from gongkai.agencies.models import Agency
from gongkai.disclosure.models import Document, DocumentStatus
from gongkai.disclosure.selectors import TimelinessState, timeliness, wan_yuan, work_calendar
from gongkai.workdays import builtin_calendar

D = dt.date
CALENDAR = builtin_calendar()


@pytest.mark.parametrize(
    ("yuan", "wan"),
    [
        ("1252600.00", "125.26"),
        ("0", "0.00"),
        ("10000", "1.00"),
        ("1234.56", "0.123456"),
        ("242523110.82", "24252.311082"),
    ],
)
def test_wan_yuan_is_exact(yuan, wan):
    assert str(wan_yuan(Decimal(yuan))) == wan


@given(st.integers(min_value=0, max_value=10**13))
def test_wan_yuan_loses_nothing(cents):
    yuan = Decimal(cents) / 100
    assert wan_yuan(yuan) * 10000 == yuan


def document(status=DocumentStatus.DRAFT, written_on=None, changed_on=None, published_on=None) -> Document:
    return Document(
        agency=Agency(code="x", name="x"),
        title="t",
        status=status,
        written_on=written_on,
        changed_on=changed_on,
        published_on=published_on,
    )


def test_published_within_20_working_days_is_on_time():
    made = D(2024, 3, 1)  # Friday; the 20th working day after it is 2024-03-29
    ok = timeliness(document(DocumentStatus.PUBLISHED, made, published_on=D(2024, 3, 29)), calendar=CALENDAR)
    late = timeliness(document(DocumentStatus.PUBLISHED, made, published_on=D(2024, 4, 1)), calendar=CALENDAR)
    assert (ok.state, ok.due) == (TimelinessState.OK, D(2024, 3, 29))
    assert late.state == TimelinessState.LATE
    assert any("第二十六条" in line for line in ok.explanation)


def test_holidays_and_makeup_days_are_counted_by_the_calendar():
    # 2023 春节: 1月21–27日 off, 1月28–29日 (weekend) worked; 20 working days after 1月16日 is 2月16日.
    t = timeliness(document(DocumentStatus.PUBLISHED, D(2023, 1, 16), published_on=D(2023, 2, 16)), calendar=CALENDAR)
    assert (t.state, t.due) == (TimelinessState.OK, D(2023, 2, 16))


def test_a_change_restarts_the_period():
    t = timeliness(
        document(DocumentStatus.PUBLISHED, D(2024, 1, 2), changed_on=D(2024, 3, 1), published_on=D(2024, 3, 20)),
        calendar=CALENDAR,
    )
    assert (t.made_on, t.state) == (D(2024, 3, 1), TimelinessState.OK)


@pytest.mark.parametrize(
    ("today", "state", "left"),
    [
        (D(2024, 3, 4), TimelinessState.OK, 19),
        (D(2024, 3, 25), TimelinessState.DUE_SOON, 4),
        (D(2024, 3, 29), TimelinessState.DUE_SOON, 0),
        (D(2024, 4, 1), TimelinessState.LATE, -1),
    ],
)
def test_unpublished_documents_show_due_soon_and_late(today, state, left):
    t = timeliness(document(DocumentStatus.UNDER_REVIEW, D(2024, 3, 1)), today=today, calendar=CALENDAR)
    assert (t.state, t.working_days_left) == (state, left)


def test_without_a_date_the_check_says_so():
    t = timeliness(document(), calendar=CALENDAR)
    assert t.state == TimelinessState.UNKNOWN and t.label


@pytest.mark.django_db
def test_the_calendar_is_available():
    assert work_calendar().is_working_day(D(2024, 3, 1))
