"""Recomputing the derived caches of applications from their steps."""

from __future__ import annotations

from datetime import date

from django.db import transaction

from gongkai.audit.services import audit_record
from gongkai.workcalendar.selectors import work_calendar
from gongkai.workdays import (
    WorkCalendar,
)

from .. import events
from ..models import (
    Application,
    Step,
)
from ._base import _write_caches

# --- caches ----------------------------------------------------------------------------------------------


def application_recompute(application: Application, *, save: bool = True, cal: WorkCalendar | None = None) -> dict:
    """Recompute the caches of one application from its steps; returns {field: (stored, computed)}
    for every field that differed (saved unless ``save`` is False)."""
    cal = cal or work_calendar()
    with transaction.atomic():
        app = Application.objects.select_for_update().get(pk=application.pk) if save else application
        steps = list(Step.objects.filter(application=app).order_by("id"))
        before = {f: getattr(app, f) for f in CACHE_FIELDS}
        changed = _write_caches(app, steps, cal)
        diff = {f: (before[f], getattr(app, f)) for f in changed}
        if save and changed:
            app.save(update_fields=changed)
    return diff


CACHE_FIELDS = (
    "state",
    "received_on",
    "outcome",
    "concluded_on",
    "due_on",
    "due_provisional",
)


def applications_recompute_deadlines(*, year: int | None = None) -> int:
    """Recompute the deadline caches of open applications (those whose deadline touched ``year``,
    or all open ones); called when the calendar changes. Returns how many changed; each change is
    audited."""
    apps = Application.objects.open().filter(received_on__isnull=False).select_related("agency")
    if year is not None:
        apps = apps.filter(received_on__lte=date(year, 12, 31)).exclude(due_on__lt=date(year - 1, 12, 24))
    cal = work_calendar()
    count = 0
    for app in apps.order_by("id"):
        before = app.due_on, app.due_provisional
        diff = application_recompute(app, cal=cal)
        if "due_on" in diff or "due_provisional" in diff:
            app.refresh_from_db()
            count += 1
            audit_record(
                actor=None,
                code=events.DEADLINE_RECOMPUTED.code,
                agency=app.agency,
                target=app,
                summary=f"{app.tracking_number} {before[0]} → {app.due_on}",
                data={
                    "year": year,
                    "before": {"due_on": before[0], "provisional": before[1]},
                    "after": {"due_on": app.due_on, "provisional": app.due_provisional},
                },
            )
    return count
