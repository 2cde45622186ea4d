"""Reading disclosure requests: the office queue, one application with its history and deadline
explanation, the applicant's view, and table 三 of the annual report counted from the records.

Agency wall: every office read takes the user and returns only their agency's applications
(a superuser sees all); another agency's application is simply not found.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.contrib.auth.hashers import check_password, make_password
from django.db.models import Prefetch, Q, QuerySet
from django.utils import timezone

from gongkai.agencies.models import StaffMembership
from gongkai.agencies.selectors import agencies_user_may_act_for
from gongkai.annual_report.format import (
    REQUESTS_CARRIED_IN,
    REQUESTS_CARRIED_OUT,
    REQUESTS_CONCLUDED_TOTAL,
    REQUESTS_NEW,
    REQUESTS_TOTAL_COLUMN,
    cell_key,
    format_for_year,
)
from gongkai.workcalendar.selectors import work_calendar
from gongkai.workdays import Deadline, reply_deadline

from . import workflow
from .models import Application, Attachment, Step
from .services import APPROVING_ROLES

DUE_SOON_WORKING_DAYS = 5


# --- the office ------------------------------------------------------------------------------------------


def applications_visible_to(user) -> QuerySet[Application]:
    """The applications ``user`` may see in the office (their agency's; all for a superuser)."""
    return Application.objects.filter(agency__in=agencies_user_may_act_for(user)).select_related("agency")


def application_get_for_user(user, tracking_number: str) -> Application | None:
    """One application by tracking number, or None if it does not exist or belongs to another agency."""
    return applications_visible_to(user).filter(tracking_number=str(tracking_number or "").strip()).first()


@dataclass(frozen=True)
class QueueEntry:
    application: Application
    overdue: bool  # open and past its deadline
    due_soon: bool  # open, due within DUE_SOON_WORKING_DAYS working days (not overdue)
    working_days_left: int | None  # working days from today to the deadline (negative: overdue)


def application_queue(
    agency,
    *,
    today: date | None = None,
    states: list[str] | None = None,
    include_closed: bool = False,
    search: str = "",
) -> list[QueueEntry]:
    """An agency's applications sorted by deadline (none last), with overdue and due-soon flags.

    By default only open ones; ``states`` filters by state; ``search`` matches the tracking
    number, the applicant's name or the description.
    """
    today = today or timezone.localdate()
    qs = Application.objects.filter(agency=agency).select_related("agency")
    if states:
        qs = qs.filter(state__in=states)
    elif not include_closed:
        qs = qs.open()
    if search.strip():
        term = search.strip()
        qs = qs.filter(
            Q(tracking_number__icontains=term) | Q(applicant_name__icontains=term) | Q(description__icontains=term)
        )
    cal = work_calendar()
    entries = []
    for app in qs.order_by("due_on", "arrived_at", "id"):
        left = None
        overdue = due_soon = False
        if app.due_on is not None and app.is_open:
            left = cal.working_days_between(today, app.due_on).count
            overdue = app.due_on < today
            due_soon = not overdue and left <= DUE_SOON_WORKING_DAYS
        entries.append(QueueEntry(app, overdue, due_soon, left))
    entries.sort(key=lambda e: (e.application.due_on is None, e.application.due_on or date.max))
    return entries


@dataclass(frozen=True)
class ApplicationDetail:
    application: Application
    steps: list[Step]
    attachments: list[Attachment]
    deadline: Deadline | None  # None until the receipt date is known
    allowed_steps: frozenset[str]  # step kinds that may be recorded now
    version: int  # number of steps: pass it back to the services as ``version``


def application_detail(application: Application, *, as_of: date | None = None) -> ApplicationDetail:
    """The application with its steps (actors loaded), attachments, deadline explanation and the
    steps that may be recorded next."""
    steps = list(Step.objects.filter(application=application).select_related("actor").order_by("id"))
    attachments = list(Attachment.objects.filter(application=application).order_by("id"))
    return ApplicationDetail(
        application=application,
        steps=steps,
        attachments=attachments,
        deadline=deadline_explanation(application, steps=steps, as_of=as_of),
        allowed_steps=workflow.allowed_kinds(steps) if steps else frozenset(),
        version=len(steps),
    )


def deadline_explanation(application: Application, *, steps=None, as_of: date | None = None) -> Deadline | None:
    """The reply deadline with its step-by-step Chinese explanation (``Deadline.explanation``), or
    None while the legal receipt date is not known. ``as_of`` tells whether an unpaid fee notice
    has lapsed."""
    steps = steps if steps is not None else list(Step.objects.filter(application=application).order_by("id"))
    rs = workflow.request_steps(steps) if steps else None
    if rs is None:
        return None
    return reply_deadline(rs, work_calendar(), as_of=as_of)


def approvers_of(agency):
    """Users who may approve an extension (reviewers and heads of the agency)."""
    return (
        StaffMembership.objects.filter(agency=agency, role__in=APPROVING_ROLES, user__is_active=True)
        .select_related("user")
        .order_by("user__username")
    )


def application_with_history(pk: int) -> Application:
    return (
        Application.objects.select_related("agency")
        .prefetch_related(
            Prefetch("steps", queryset=Step.objects.select_related("actor").order_by("id")),
            Prefetch("attachments", queryset=Attachment.objects.order_by("id")),
        )
        .get(pk=pk)
    )


# --- the applicant -------------------------------------------------------------------------------------


def application_for_applicant(tracking_number: str, query_code: str) -> Application | None:
    """The application if the tracking number and query code match, else None (no hint which failed)."""
    app = (
        Application.objects.select_related("agency").filter(tracking_number=str(tracking_number or "").strip()).first()
    )
    code = str(query_code or "").strip().upper()
    if app is None:
        make_password(code)  # spend about the same time as a real check
        return None
    return app if check_password(code, app.query_code_hash) else None


# --- table 三 -----------------------------------------------------------------------------------------


def _outcome_row(outcome: str, row_codes: set[str]) -> str:
    """The table's row for an outcome code (the 2019 format has one row for all of （六）)."""
    if outcome in row_codes:
        return outcome
    group = outcome.split(".", 1)[0]
    if group in row_codes:
        return group
    raise KeyError(outcome)


def requests_table_counts(agency, year: int) -> dict[str, int]:
    """Table 三 of ``agency``'s annual report on ``year``, counted from the applications.

    Keys ``requests.<row>.<column>`` for every cell of the format in force for ``year`` (the 2021
    format from 2021 on), all ints. Only applications with a legal receipt date count:

    * new: received in the year;
    * carried_in: received before the year and not concluded before it;
    * outcome rows and concluded_total: concluded in the year, by outcome;
    * carried_out: received by 31 December and not concluded by then.

    So new + carried_in = concluded_total + carried_out in every column, and the total column is
    the sum of the applicant columns. Opening balances are applications flagged carried_over with
    their original receipt date: they count like any other.
    """
    fmt = format_for_year(year)
    table = fmt.table("requests")
    columns = [c.code for c in table.rows[0].columns if c.code != REQUESTS_TOTAL_COLUMN]
    row_codes = {r.code for r in table.rows}
    counts = {cell_key(table.code, r.code, c.code): 0 for r in table.rows for c in r.columns}
    first, last = date(year, 1, 1), date(year, 12, 31)
    apps = (
        Application.objects.filter(agency=agency, received_on__isnull=False, received_on__lte=last)
        .exclude(concluded_on__lt=first)
        .values_list("applicant_type", "received_on", "concluded_on", "outcome")
    )

    def add(row: str, column: str) -> None:
        counts[cell_key(table.code, row, column)] += 1
        counts[cell_key(table.code, row, REQUESTS_TOTAL_COLUMN)] += 1

    for applicant_type, received_on, concluded_on, outcome in apps:
        if applicant_type not in columns:
            continue
        add(REQUESTS_NEW if received_on >= first else REQUESTS_CARRIED_IN, applicant_type)
        if concluded_on is not None and concluded_on <= last:
            add(_outcome_row(outcome, row_codes), applicant_type)
            add(REQUESTS_CONCLUDED_TOTAL, applicant_type)
        else:
            add(REQUESTS_CARRIED_OUT, applicant_type)
    return counts


__all__ = [
    "DUE_SOON_WORKING_DAYS",
    "ApplicationDetail",
    "QueueEntry",
    "application_detail",
    "application_for_applicant",
    "application_get_for_user",
    "application_queue",
    "application_with_history",
    "applications_visible_to",
    "approvers_of",
    "deadline_explanation",
    "requests_table_counts",
]
