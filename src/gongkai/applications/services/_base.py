"""The shared part of the request services: roles, locking, recording a step."""

from __future__ import annotations

import random
import time
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from django.db import OperationalError, connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from gongkai.agencies.models import StaffRole
from gongkai.agencies.selectors import membership_of
from gongkai.audit.services import audit_record
from gongkai.core.errors import ApplicationError, Conflict, PermissionDenied
from gongkai.workcalendar.selectors import work_calendar
from gongkai.workdays import (
    OUTCOME_FEE_UNPAID,
    OUTCOME_NO_SUPPLEMENT,
    Deadline,
    LateExtensionError,
    StepsError,
    WorkCalendar,
    format_date,
    reply_deadline,
)

from .. import events, workflow
from ..models import (
    Application,
    Step,
)

ACTING_ROLES = frozenset({StaffRole.CLERK, StaffRole.REVIEWER, StaffRole.HEAD})
APPROVING_ROLES = frozenset({StaffRole.REVIEWER, StaffRole.HEAD})
QUERY_CODE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no 0/O, 1/I
QUERY_CODE_LENGTH = 10
UNCLEAR_AFTER_SUPPLEMENT = "unavailable.still_unclear"
# Outcomes that have their own service (the periods of 第三十条 / 国办函〔2020〕109号 must have run out).
OUTCOMES_WITH_OWN_SERVICE = frozenset({OUTCOME_NO_SUPPLEMENT, OUTCOME_FEE_UNPAID})


@dataclass(frozen=True)
class SubmitResult:
    """A new (or, for a repeated online submission, the existing) application.

    ``query_code`` is the plain query code for the applicant: shown once, stored only as a salted
    hash. ``created`` is False when the same online form was submitted again (same idempotency
    key): the application is the one created the first time, with a freshly issued query code
    (the earlier one no longer works).
    """

    application: Application
    query_code: str
    created: bool


# --- helpers ------------------------------------------------------------------------------------


def _today(as_of: date | None) -> date:
    return as_of if as_of is not None else timezone.localdate()


def _local_date(moment: datetime) -> date:
    if timezone.is_naive(moment):
        raise ApplicationError(_("送达时间须带时区。"))
    return timezone.localtime(moment).date()


def _person(actor) -> Any:
    return actor if getattr(actor, "is_authenticated", False) else None


def _check_actor(actor, agency, roles: frozenset[str] = ACTING_ROLES) -> None:
    if actor is None or not getattr(actor, "is_authenticated", False) or not actor.is_active:
        raise PermissionDenied(_("请先以工作人员身份登录。"))
    if actor.is_superuser:
        return
    membership = membership_of(actor)
    if membership is None or membership.agency_id != agency.pk:
        raise PermissionDenied(_("您不是“%(agency)s”的工作人员，不能办理其申请。") % {"agency": agency.name})
    if membership.role not in roles:
        wanted = "、".join(str(StaffRole(r).label) for r in sorted(roles))
        raise PermissionDenied(
            _("您的角色是“%(role)s”，此操作须由%(wanted)s办理。")
            % {"role": membership.get_role_display(), "wanted": wanted}
        )


def _check_approver(user, agency) -> None:
    if user is None or not getattr(user, "is_authenticated", False) or not user.is_active:
        raise ApplicationError(
            _("请指定同意延期的审核人或负责人。"),
            extra={"fields": {"approved_by": _("必填")}},
        )
    if user.is_superuser:
        return
    membership = membership_of(user)
    if membership is None or membership.agency_id != agency.pk or membership.role not in APPROVING_ROLES:
        raise PermissionDenied(
            _(
                "延长答复期限须经政府信息公开工作机构负责人同意（条例第三十三条第二款）：%(user)s 不是本机关的审核人或负责人。"
            )
            % {"user": user.get_username()}
        )


def _require_date(value: Any, field: str, label: str) -> date:
    if isinstance(value, datetime) or not isinstance(value, date):
        raise ApplicationError(
            _("请填写%(label)s。") % {"label": label},
            extra={"fields": {field: _("请填写日期")}},
        )
    return value


LOCK_RETRIES = 8


def _is_lock_error(exc: OperationalError) -> bool:
    text = str(exc).lower()
    return "locked" in text or "deadlock" in text


def _retrying(body):
    """Run ``body`` (one ``transaction.atomic`` block); if the database could not take its lock
    (SQLite: "database is locked"; PostgreSQL: a deadlock), wait a little and run it again on the
    fresh rows, where the transition check decides. Inside an outer transaction there is no
    retry: the caller's transaction is broken, so Conflict is raised."""
    for attempt in range(LOCK_RETRIES):
        try:
            return body()
        except OperationalError as exc:
            if not _is_lock_error(exc):
                raise
            if connection.in_atomic_block or attempt == LOCK_RETRIES - 1:
                raise Conflict(_("另一位工作人员正在办理此申请，请稍后刷新页面重试。"), code="busy") from None
            time.sleep(0.05 * (attempt + 1) + random.random() * 0.05)
    raise AssertionError("unreachable")  # pragma: no cover


def _lock(application: Application) -> tuple[Application, list[Step]]:
    app = Application.objects.select_for_update().select_related("agency").get(pk=application.pk)
    return app, list(Step.objects.filter(application=app).order_by("id"))


def _deadline(steps: Sequence[Any], cal: WorkCalendar, as_of: date | None = None) -> Deadline | None:
    rs = workflow.request_steps(steps)
    if rs is None:
        return None
    try:
        return reply_deadline(rs, cal, as_of=as_of)
    except LateExtensionError as exc:
        raise ApplicationError(str(exc), code="late_extension") from None
    except StepsError as exc:
        raise ApplicationError(str(exc), code="bad_dates") from None


def _write_caches(app: Application, steps: Sequence[Any], cal: WorkCalendar) -> list[str]:
    """Set the cached fields from the steps; return the names of those that changed."""
    d = workflow.derive(steps)
    deadline = _deadline(steps, cal)
    values = {
        "state": d.state,
        "received_on": d.received_on,
        "outcome": d.outcome or "",
        "concluded_on": d.concluded_on,
        "due_on": deadline.due if deadline else None,
        "due_provisional": bool(deadline and deadline.provisional and deadline.due is not None),
    }
    changed = [k for k, v in values.items() if getattr(app, k) != v]
    for k in changed:
        setattr(app, k, values[k])
    return changed


@dataclass
class _Pending:
    """A step about to be recorded, so that the workflow and the clock can judge it first."""

    kind: str
    occurred_on: date
    data: dict
    reason: str = ""
    pk: Any = None


def _record(
    *,
    actor,
    application: Application,
    kind: str,
    occurred_on: Any,
    data: dict | None = None,
    reason: str = "",
    as_of: date | None = None,
    version: int | None = None,
    roles: frozenset[str] = ACTING_ROLES,
    check=None,
    date_label: str = "",
) -> Application:
    """The common body of every step service (see the module docstring)."""
    _check_actor(actor, application.agency, roles)
    occurred_on = _require_date(occurred_on, "occurred_on", date_label or _("日期"))
    today = _today(as_of)

    def body():
        with transaction.atomic():
            app, steps = _lock(application)
            _check_actor(actor, app.agency, roles)  # the row as it is now (agency never changes, but be exact)
            if version is not None and version != len(steps):
                raise Conflict(
                    _("申请 %(number)s 已被其他工作人员更新，请刷新页面后重试。") % {"number": app.tracking_number}
                )
            try:
                derived = workflow.check_transition(steps, kind)
            except workflow.TransitionError as exc:
                raise ApplicationError(f"{app.tracking_number}：{exc}", code="bad_transition") from None
            if occurred_on > today:
                raise ApplicationError(
                    _("%(label)s%(day)s晚于今天，不能登记将来的日期。")
                    % {
                        "label": date_label or _("日期"),
                        "day": format_date(occurred_on),
                    },
                    extra={"fields": {"occurred_on": _("不能晚于今天")}},
                )
            floor = derived.last_on
            if floor is not None and occurred_on < floor:
                raise ApplicationError(
                    _("%(label)s%(day)s早于上一步骤的日期%(floor)s。")
                    % {
                        "label": date_label or _("日期"),
                        "day": format_date(occurred_on),
                        "floor": format_date(floor),
                    },
                    extra={"fields": {"occurred_on": _("不能早于上一步骤")}},
                )
            cal = work_calendar()
            step_data = dict(data or {})
            if check is not None:
                check(
                    app=app,
                    steps=steps,
                    derived=derived,
                    cal=cal,
                    occurred_on=occurred_on,
                    data=step_data,
                    today=today,
                )
            pending = _Pending(kind, occurred_on, step_data, reason)
            _deadline([*steps, pending], cal)  # impossible dates are refused before anything is written
            step = Step.objects.create(
                application=app,
                kind=kind,
                occurred_on=occurred_on,
                actor=_person(actor),
                reason=reason.strip(),
                data=step_data,
            )
            steps.append(step)
            changed = _write_caches(app, steps, cal)
            if changed:
                app.save(update_fields=changed)
            audit_record(
                actor=actor,
                code=events.BY_STEP_KIND[kind].code,
                agency=app.agency,
                target=app,
                summary=f"{app.tracking_number} {workflow.STEP_LABELS[kind]} {occurred_on.isoformat()}",
                data={
                    "step": step.pk,
                    "kind": kind,
                    "occurred_on": occurred_on.isoformat(),
                    **_audit_data(step_data),
                },
            )
            return app

    return _retrying(body)


_AUDITED_KEYS = (
    "outcome",
    "party",
    "reply_by",
    "approved_on",
    "approved_by",
    "method",
    "amount",
    "pages",
    "due",
    "replied",
    "late",
    "started_step",
)


def _audit_data(data: dict) -> dict:
    return {k: data[k] for k in _AUDITED_KEYS if k in data}
