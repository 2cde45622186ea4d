"""Working days (工作日) and the statutory periods of 《政府信息公开条例》 as pure Python.

No Django here, and no third-party import at import time: the Django layer stores the calendar
years in a table (``YearCalendar.to_dict`` / ``entries``), builds a ``WorkCalendar`` from the rows,
and calls the pure functions below.

    from gongkai.workdays import builtin_calendar, RequestSteps, reply_deadline
    cal = builtin_calendar()
    deadline = reply_deadline(RequestSteps(received_on=date(2025, 1, 24)), cal)
    deadline.due, deadline.provisional, deadline.explanation
"""

from __future__ import annotations

from .calendar import (
    DAY_OFF,
    MAKEUP_WORKDAY,
    DayEntry,
    WorkCalendar,
    WorkdayCount,
    WorkdayResult,
    YearCalendar,
    builtin_calendar,
    builtin_years,
    calendar_from_chinesecalendar,
    format_date,
)
from .clock import (
    OUTCOME_FEE_UNPAID,
    OUTCOME_NO_SUPPLEMENT,
    ClockState,
    Consultation,
    Deadline,
    Extension,
    FeeNotice,
    Override,
    RequestSteps,
    fee_payment_due,
    proactive_publication_due,
    reply_deadline,
    supplement_notice_due,
    third_party_reply_due,
)
from .errors import CalendarDataError, LateExtensionError, StepsError, WorkdayError
from .fees import FeeResult, fee_per_page, fee_per_request, fees_for_requests

__all__ = [
    "DAY_OFF",
    "MAKEUP_WORKDAY",
    "OUTCOME_FEE_UNPAID",
    "OUTCOME_NO_SUPPLEMENT",
    "CalendarDataError",
    "ClockState",
    "Consultation",
    "DayEntry",
    "Deadline",
    "Extension",
    "FeeNotice",
    "FeeResult",
    "LateExtensionError",
    "Override",
    "RequestSteps",
    "StepsError",
    "WorkCalendar",
    "WorkdayCount",
    "WorkdayError",
    "WorkdayResult",
    "YearCalendar",
    "builtin_calendar",
    "builtin_years",
    "calendar_from_chinesecalendar",
    "fee_payment_due",
    "fee_per_page",
    "fee_per_request",
    "fees_for_requests",
    "format_date",
    "proactive_publication_due",
    "reply_deadline",
    "supplement_notice_due",
    "third_party_reply_due",
]
