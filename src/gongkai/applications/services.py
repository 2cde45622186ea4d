"""Writing disclosure requests: one function per step of the statutory workflow.

Every function is keyword-only, takes the acting user as ``actor`` and runs in one
``transaction.atomic`` block that

1. locks the application row (``select_for_update``; on SQLite the IMMEDIATE transaction does the
   same), so of two people acting on one application at once exactly one wins and the other gets
   a Chinese ``ApplicationError`` from the transition check made on the fresh rows;
2. checks the actor (staff of the application's agency; clerk, reviewer or head act, supervisors
   only read; an extension needs a reviewer or head as ``approved_by``);
3. checks the transition (``workflow.check_transition``) and the dates (not in the future, not
   before the previous step, the statutory periods computed by ``gongkai.workdays``);
4. appends the ``Step``, recomputes the caches (state, due_on, due_provisional, outcome,
   concluded_on) and writes the ``AuditEvent``.

Optional keywords on every step service:

* ``as_of``: "today" for the check that no date lies in the future (default: today in
  Asia/Shanghai);
* ``version``: the number of steps the user saw when the form was shown; if another person
  recorded a step since, ``Conflict`` is raised instead of acting on a stale page.

Errors: ``ApplicationError`` (bad input or transition; ``extra["fields"]`` maps form fields to
messages when the input of a form is at fault), ``PermissionDenied``, ``Conflict``.
"""

from __future__ import annotations

import random
import re
import secrets
import time
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from django.contrib.auth.hashers import make_password
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.validators import validate_email
from django.db import IntegrityError, OperationalError, connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from gongkai.agencies.models import StaffRole
from gongkai.agencies.selectors import membership_of
from gongkai.annual_report.format import outcome_choices
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
    fee_payment_due,
    fee_per_page,
    fee_per_request,
    format_date,
    reply_deadline,
    supplement_notice_due,
    third_party_reply_due,
)
from gongkai.workdays.fees import PER_PAGE, PER_REQUEST

from . import events, identity, workflow
from .models import (
    CONFIRMATION_CHANNELS,
    NATURAL_PERSON,
    Application,
    ApplicationSequence,
    Attachment,
    Channel,
    Delivery,
    FormWanted,
    Step,
    applicant_type_choices,
)
from .workflow import StepKind

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
        raise ApplicationError(_("请指定同意延期的审核人或负责人。"), extra={"fields": {"approved_by": _("必填")}})
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
        raise ApplicationError(_("请填写%(label)s。") % {"label": label}, extra={"fields": {field: _("请填写日期")}})
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
                    % {"label": date_label or _("日期"), "day": format_date(occurred_on)},
                    extra={"fields": {"occurred_on": _("不能晚于今天")}},
                )
            floor = derived.last_on
            if floor is not None and occurred_on < floor:
                raise ApplicationError(
                    _("%(label)s%(day)s早于上一步骤的日期%(floor)s。")
                    % {"label": date_label or _("日期"), "day": format_date(occurred_on), "floor": format_date(floor)},
                    extra={"fields": {"occurred_on": _("不能早于上一步骤")}},
                )
            cal = work_calendar()
            step_data = dict(data or {})
            if check is not None:
                check(
                    app=app, steps=steps, derived=derived, cal=cal, occurred_on=occurred_on, data=step_data, today=today
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
                data={"step": step.pk, "kind": kind, "occurred_on": occurred_on.isoformat(), **_audit_data(step_data)},
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


# --- applicant data -------------------------------------------------------------------------------


APPLICANT_FIELDS = (
    "applicant_type",
    "applicant_name",
    "id_type",
    "id_number",
    "organisation_code",
    "contact_person",
    "contact_phone",
    "contact_email",
    "contact_address",
    "postal_code",
    "description",
    "document_number",
    "purpose",
    "form_wanted",
    "delivery",
)


def clean_applicant(fields: dict[str, Any]) -> dict[str, str]:
    """The applicant's data, validated and normalised (第二十九条: name, identity, contact; the
    information wanted; the form and way of getting it). Raises ApplicationError whose
    ``extra["fields"]`` maps each bad field to its message."""
    unknown = set(fields) - set(APPLICANT_FIELDS)
    if unknown:
        raise TypeError(f"unknown applicant fields: {sorted(unknown)}")
    v = {k: str(fields.get(k) or "").strip() for k in APPLICANT_FIELDS}
    errors: dict[str, str] = {}

    def fail(field: str, message: str) -> None:
        errors.setdefault(field, str(message))

    if v["applicant_type"] not in dict(applicant_type_choices()):
        fail("applicant_type", _("请选择申请人类型。"))
    if not v["applicant_name"]:
        fail("applicant_name", _("请填写申请人姓名或名称。"))
    elif len(v["applicant_name"]) > 200:
        fail("applicant_name", _("申请人姓名或名称过长（最多200字）。"))
    if v["applicant_type"] == NATURAL_PERSON:
        v["organisation_code"] = ""
        try:
            v["id_number"] = identity.validate_id_document(v["id_type"], v["id_number"])
        except identity.IdentityError as exc:
            fail("id_type" if not v["id_type"] else "id_number", exc.message)
    elif v["applicant_type"]:
        try:
            v["organisation_code"] = identity.validate_credit_code(v["organisation_code"])
        except identity.IdentityError as exc:
            fail("organisation_code", exc.message)
        if v["id_type"] or v["id_number"]:  # the contact person's document, optional
            try:
                v["id_number"] = identity.validate_id_document(v["id_type"], v["id_number"])
            except identity.IdentityError as exc:
                fail("id_number", exc.message)
    try:
        v["contact_phone"] = identity.validate_phone(v["contact_phone"])
    except identity.IdentityError as exc:
        fail("contact_phone", exc.message)
    if v["contact_email"]:
        try:
            validate_email(v["contact_email"])
        except ValidationError:
            fail("contact_email", _("电子邮箱格式不正确。"))
    if v["postal_code"] and not re.fullmatch(r"[0-9]{6}", v["postal_code"]):
        fail("postal_code", _("邮政编码应为6位数字。"))
    if len(v["description"]) < 4:
        fail("description", _("请描述所需政府信息的名称、文号或便于查询的其他特征（条例第二十九条）。"))
    elif len(v["description"]) > 5000:
        fail("description", _("所需信息的描述过长（最多5000字）。"))
    if v["form_wanted"] not in FormWanted.values:
        fail("form_wanted", _("请选择信息的提供形式。"))
    if v["delivery"] not in Delivery.values:
        fail("delivery", _("请选择获取信息的方式。"))
    elif v["delivery"] == Delivery.EMAIL and not v["contact_email"]:
        fail("contact_email", _("选择电子邮件获取信息时，请填写电子邮箱。"))
    elif v["delivery"] == Delivery.MAIL and not v["contact_address"]:
        fail("contact_address", _("选择邮寄获取信息时，请填写通信地址。"))
    for field, limit in (("contact_address", 300), ("document_number", 200), ("contact_person", 100)):
        if len(v[field]) > limit:
            fail(field, _("内容过长（最多%(n)s字）。") % {"n": limit})
    if errors:
        first = next(iter(errors.values()))
        raise ApplicationError(first, code="bad_applicant", extra={"fields": errors})
    return v


def _new_query_code() -> str:
    return "".join(secrets.choice(QUERY_CODE_ALPHABET) for _ in range(QUERY_CODE_LENGTH))


def _next_tracking_number(agency, year: int) -> str:
    """``<AGENCYCODE>-<YEAR>-<NNNNN>`` from a per-agency per-year sequence row locked for update."""
    seq = ApplicationSequence.objects.select_for_update().filter(agency=agency, year=year).first()
    if seq is None:
        try:
            with transaction.atomic():
                seq = ApplicationSequence.objects.create(agency=agency, year=year, last=0)
        except IntegrityError:  # another transaction created it first
            seq = ApplicationSequence.objects.select_for_update().get(agency=agency, year=year)
        seq = ApplicationSequence.objects.select_for_update().get(pk=seq.pk)
    seq.last += 1
    seq.save(update_fields=["last"])
    return f"{agency.code.upper()}-{year}-{seq.last:05d}"


def _create(
    *,
    actor,
    agency,
    channel: str,
    arrived_at: datetime,
    received_on: date | None,
    carried_over: bool,
    fields: dict[str, str],
    idempotency_key: str | None,
    first_kind: str,
) -> tuple[Application, str, Step]:
    cal = work_calendar()
    code = _new_query_code()
    arrived_on = _local_date(arrived_at)
    app = Application(
        agency=agency,
        tracking_number=_next_tracking_number(agency, arrived_on.year),
        query_code_hash=make_password(code),
        channel=channel,
        arrived_at=arrived_at,
        carried_over=carried_over,
        idempotency_key=idempotency_key,
        created_by=_person(actor),
        **fields,
    )
    first = _Pending(
        first_kind,
        arrived_on,
        {
            "channel": channel,
            "received_on": received_on.isoformat() if received_on else None,
            "carried_over": carried_over,
        },
    )
    _write_caches(app, [first], cal)
    app.save()
    step = Step.objects.create(
        application=app, kind=first_kind, occurred_on=arrived_on, actor=_person(actor), data=first.data
    )
    return app, code, step


# --- opening an application -----------------------------------------------------------------------


def application_submit_online(
    *,
    agency,
    idempotency_key: str,
    arrived_at: datetime | None = None,
    attachments: Iterable[Any] = (),
    **applicant: Any,
) -> SubmitResult:
    """An application filed on the portal (no actor). Its legal receipt date stays empty until the
    office confirms it (第三十一条（三）: 以双方确认之日为收到申请之日).

    ``idempotency_key``: a random token the portal puts in the form. Submitting the same form again
    returns the first application (``created=False``) with a new query code, never a second one; a
    key reused with a different applicant or description raises ``Conflict``.
    ``attachments``: uploaded files (checked like ``application_attach``).
    """
    key = str(idempotency_key or "").strip()
    if not 16 <= len(key) <= 64:
        raise ApplicationError(_("表单已失效，请刷新页面后重新提交。"), code="bad_form_key")
    fields = clean_applicant(applicant)
    uploads = [_checked_upload(f) for f in attachments]
    arrived_at = arrived_at or timezone.now()

    def create() -> SubmitResult | None:
        with transaction.atomic():
            if Application.objects.filter(idempotency_key=key).exists():
                return None
            app, code, step = _create(
                actor=None,
                agency=agency,
                channel=Channel.ONLINE,
                arrived_at=arrived_at,
                received_on=None,
                carried_over=False,
                fields=fields,
                idempotency_key=key,
                first_kind=StepKind.SUBMITTED,
            )
            for upload in uploads:
                _store_attachment(app, upload, actor=None)
            audit_record(
                actor=None,
                code=events.SUBMITTED.code,
                agency=agency,
                target=app,
                summary=app.tracking_number,
                data={"step": step.pk, "channel": Channel.ONLINE, "attachments": len(uploads)},
            )
            return SubmitResult(app, code, True)

    try:
        result = _retrying(create)
    except IntegrityError:  # the same form, submitted at the same moment, won the race
        if not Application.objects.filter(idempotency_key=key).exists():
            raise
        result = None
    if result is not None:
        return result
    return _retrying(lambda: _resubmitted(agency=agency, key=key, fields=fields))


def _resubmitted(*, agency, key: str, fields: dict[str, str]) -> SubmitResult:
    with transaction.atomic():
        app = Application.objects.select_for_update().select_related("agency").get(idempotency_key=key)
        same = app.agency_id == agency.pk and all(
            getattr(app, k) == fields[k] for k in ("applicant_name", "description", "applicant_type")
        )
        if not same:
            raise Conflict(_("表单已提交过其他内容，请刷新页面后重新填写。"), code="form_key_reused")
        code = _new_query_code()
        app.query_code_hash = make_password(code)
        app.save(update_fields=["query_code_hash"])
        audit_record(
            actor=None,
            code=events.QUERY_CODE_REISSUED.code,
            agency=app.agency,
            target=app,
            summary=app.tracking_number,
            data={"reason": "resubmitted"},
        )
    return SubmitResult(app, code, False)


def application_register(
    *,
    actor,
    agency,
    channel: str,
    arrived_at: datetime,
    received_on: date | None = None,
    carried_over: bool = False,
    as_of: date | None = None,
    **applicant: Any,
) -> SubmitResult:
    """Staff register a request that came by any channel (第三十一条 decides ``received_on``):

    * in person (当面提交): the day it was handed in (the date of ``arrived_at``);
    * signed mail (邮寄需签收): the day the agency signed for it (the date of ``arrived_at``);
    * online, fax, email, unsigned mail: the day both sides confirmed. Give ``received_on`` if
      that happened already (a receipt_confirmed step is recorded), else confirm later with
      ``application_confirm_receipt``. Unsigned mail must be confirmed on the day it arrives.

    ``carried_over=True`` enters an open request received before the agency used Gongkai
    (opening balance): ``received_on`` is then its original legal receipt date and required.
    Returns the application and the query code to give the applicant.
    """
    _check_actor(actor, agency)
    if channel not in Channel.values:
        raise ApplicationError(_("请选择提交方式。"), extra={"fields": {"channel": _("必填")}})
    if isinstance(arrived_at, date) and not isinstance(arrived_at, datetime):
        raise ApplicationError(_("请填写送达时间。"), extra={"fields": {"arrived_at": _("必填")}})
    if not isinstance(arrived_at, datetime):
        raise ApplicationError(_("请填写送达时间。"), extra={"fields": {"arrived_at": _("必填")}})
    fields = clean_applicant(applicant)
    arrived_on = _local_date(arrived_at)
    today = _today(as_of)
    if arrived_on > today:
        raise ApplicationError(_("送达时间晚于今天。"), extra={"fields": {"arrived_at": _("不能晚于今天")}})
    if received_on is not None:
        received_on = _require_date(received_on, "received_on", _("收到申请之日"))
        if received_on > today:
            raise ApplicationError(_("收到申请之日晚于今天。"), extra={"fields": {"received_on": _("不能晚于今天")}})
    legal: date | None
    confirm_on: date | None = None
    if carried_over:
        if received_on is None:
            raise ApplicationError(
                _("期初未办结的申请须填写原收到申请之日。"), extra={"fields": {"received_on": _("必填")}}
            )
        if received_on < arrived_on:
            raise ApplicationError(
                _("收到申请之日不能早于申请送达之日%(day)s。") % {"day": format_date(arrived_on)},
                extra={"fields": {"received_on": _("不能早于送达之日")}},
            )
        legal = received_on
    elif channel in CONFIRMATION_CHANNELS:
        legal = None
        if received_on is not None:
            if received_on < arrived_on:
                raise ApplicationError(
                    _("确认收到之日不能早于申请送达之日%(day)s。") % {"day": format_date(arrived_on)},
                    extra={"fields": {"received_on": _("不能早于送达之日")}},
                )
            confirm_on = received_on
    else:
        if received_on is not None and received_on != arrived_on:
            raise ApplicationError(
                _("当面提交或邮寄签收的申请，以提交或签收之日（%(day)s）为收到申请之日（条例第三十一条）。")
                % {"day": format_date(arrived_on)},
                extra={"fields": {"received_on": _("应与送达之日相同")}},
            )
        legal = arrived_on

    def create() -> SubmitResult:
        with transaction.atomic():
            app, code, step = _create(
                actor=actor,
                agency=agency,
                channel=channel,
                arrived_at=arrived_at,
                received_on=legal,
                carried_over=carried_over,
                fields=fields,
                idempotency_key=None,
                first_kind=StepKind.REGISTERED,
            )
            audit_record(
                actor=actor,
                code=events.REGISTERED.code,
                agency=agency,
                target=app,
                summary=app.tracking_number,
                data={"step": step.pk, "channel": channel, "carried_over": carried_over},
            )
            if confirm_on is not None:
                app = application_confirm_receipt(actor=actor, application=app, confirmed_on=confirm_on, as_of=as_of)
            return SubmitResult(app, code, True)

    return _retrying(create)


def application_confirm_receipt(
    *, actor, application: Application, confirmed_on: date, reason: str = "", as_of=None, version=None
) -> Application:
    """第三十一条: the day both sides confirmed an online, fax, email or unsigned-mail request is its
    legal receipt date. Unsigned mail should be confirmed on the day it arrived; a later
    confirmation is recorded with a warning (give the reason, e.g. the applicant could not be
    reached)."""

    def check(*, app, derived, data, occurred_on, **rest):
        if occurred_on < derived.arrived_on:
            raise ApplicationError(
                _("确认收到之日不能早于申请送达之日%(day)s。") % {"day": format_date(derived.arrived_on)}
            )
        if app.channel == Channel.MAIL_UNSIGNED and occurred_on != derived.arrived_on:
            data["late"] = True
            data["warnings"] = [
                _("平常信函应于收到当日与申请人确认（条例第三十一条（二）），本件于%(day)s确认。")
                % {"day": format_date(occurred_on)}
            ]

    return _record(
        actor=actor,
        application=application,
        kind=StepKind.RECEIPT_CONFIRMED,
        occurred_on=confirmed_on,
        reason=reason,
        as_of=as_of,
        version=version,
        check=check,
        date_label=_("确认收到之日"),
    )


# --- 补正 (第三十条) --------------------------------------------------------------------------------


def application_request_supplement(
    *,
    actor,
    application: Application,
    sent_on: date,
    items: str,
    reply_by: date,
    late_reason: str = "",
    as_of=None,
    version=None,
) -> Application:
    """第三十条: tell the applicant once (一次性) what to supplement and by when (``reply_by``, a
    reasonable period the agency sets). Due within 7 working days of receipt: later is refused
    unless ``late_reason`` explains it (then recorded with a warning)."""
    items = str(items or "").strip()
    if not items:
        raise ApplicationError(_("请写明需要补正的事项（条例第三十条）。"), extra={"fields": {"items": _("必填")}})
    reply_by = _require_date(reply_by, "reply_by", _("补正期限"))

    def check(*, derived, cal, data, occurred_on, **rest):
        if reply_by <= occurred_on:
            raise ApplicationError(
                _("补正期限应晚于告知补正之日。"), extra={"fields": {"reply_by": _("应晚于告知之日")}}
            )
        due = supplement_notice_due(derived.received_on, cal)
        if occurred_on > due.due:
            if not late_reason.strip():
                raise ApplicationError(
                    _(
                        "补正应自收到申请之日起7个工作日内一次性告知（条例第三十条），期限为%(due)s，%(day)s已超过；如确需告知，请写明逾期理由。"
                    )
                    % {"due": format_date(due.due), "day": format_date(occurred_on)},
                    code="late_supplement",
                    extra={"fields": {"late_reason": _("已超过7个工作日，请写明理由")}},
                )
            data["late"] = True
            data["warnings"] = [_("晚于法定期限%(due)s告知补正") % {"due": format_date(due.due)}]
        data["notice_due"] = due.due.isoformat()

    return _record(
        actor=actor,
        application=application,
        kind=StepKind.SUPPLEMENT_REQUESTED,
        occurred_on=sent_on,
        data={"items": items, "reply_by": reply_by.isoformat()},
        reason=late_reason,
        as_of=as_of,
        version=version,
        check=check,
        date_label=_("告知补正之日"),
    )


def application_record_supplement(
    *, actor, application: Application, received_on: date, reason: str = "", as_of=None, version=None
) -> Application:
    """The supplemented request arrived: the 20 working days restart from this day (第三十条).
    After the 补正期限, only with a reason (正当理由)."""

    def check(*, steps, data, occurred_on, **rest):
        asked = next(s for s in reversed(steps) if s.kind == StepKind.SUPPLEMENT_REQUESTED)
        reply_by = date.fromisoformat(asked.data["reply_by"])
        if occurred_on > reply_by:
            if not reason.strip():
                raise ApplicationError(
                    _("补正期限%(day)s已过：申请人无正当理由逾期不补正的，视为放弃申请。如申请人有正当理由，请写明。")
                    % {"day": format_date(reply_by)},
                    code="late_supplement",
                    extra={"fields": {"reason": _("请写明正当理由")}},
                )
            data["late"] = True

    return _record(
        actor=actor,
        application=application,
        kind=StepKind.SUPPLEMENT_RECEIVED,
        occurred_on=received_on,
        reason=reason,
        as_of=as_of,
        version=version,
        check=check,
        date_label=_("收到补正之日"),
    )


def application_conclude_no_supplement(
    *, actor, application: Application, concluded_on: date, reason: str = "", as_of=None, version=None
) -> Application:
    """第三十条: no supplement by the 补正期限 without good reason → deemed abandoned, not processed
    further (table 三 other.no_supplement). Only after the period has run out."""

    def check(*, steps, occurred_on, **rest):
        asked = next(s for s in reversed(steps) if s.kind == StepKind.SUPPLEMENT_REQUESTED)
        reply_by = date.fromisoformat(asked.data["reply_by"])
        if occurred_on <= reply_by:
            raise ApplicationError(
                _("补正期限至%(day)s，期限届满前不能按逾期不补正办结。") % {"day": format_date(reply_by)},
                code="period_running",
            )

    return _record(
        actor=actor,
        application=application,
        kind=StepKind.CONCLUDED_NO_SUPPLEMENT,
        occurred_on=concluded_on,
        reason=reason,
        as_of=as_of,
        version=version,
        check=check,
        date_label=_("办结日期"),
    )


# --- consultation (第三十二条, 第三十四条) ------------------------------------------------------------


def application_consultation_start(
    *,
    actor,
    application: Application,
    party: str,
    consultee: str,
    sent_on: date,
    delivered_on: date | None = None,
    reason: str = "",
    as_of=None,
    version=None,
) -> Application:
    """A written consultation of a third party (第三十二条) or another agency (第三十四条): the reply
    clock stands still from ``sent_on`` until the reply, or at most the consultee's 15 working
    days from ``delivered_on`` (default ``sent_on``)."""
    if party not in workflow.PARTIES:
        raise ApplicationError(_("请选择征求意见的对象（第三方或其他机关）。"), extra={"fields": {"party": _("必填")}})
    consultee = str(consultee or "").strip()
    if not consultee:
        raise ApplicationError(_("请填写被征求意见的第三方或机关名称。"), extra={"fields": {"consultee": _("必填")}})
    if delivered_on is not None:
        delivered_on = _require_date(delivered_on, "delivered_on", _("送达之日"))

    def check(*, occurred_on, data, **rest):
        if delivered_on is not None and delivered_on < occurred_on:
            raise ApplicationError(_("征求意见书送达之日不能早于发出之日。"))

    return _record(
        actor=actor,
        application=application,
        kind=StepKind.CONSULTATION_STARTED,
        occurred_on=sent_on,
        data={
            "party": party,
            "consultee": consultee[:200],
            "delivered_on": delivered_on.isoformat() if delivered_on else None,
        },
        reason=reason,
        as_of=as_of,
        version=version,
        check=check,
        date_label=_("征求意见书发出之日"),
    )


def application_consultation_end(
    *,
    actor,
    application: Application,
    ended_on: date,
    replied: bool = True,
    consultation: int | None = None,
    reason: str = "",
    as_of=None,
    version=None,
) -> Application:
    """A consultation ended: the consultee replied on ``ended_on`` (``replied=True``), or its 15
    working days ran out without a reply (``replied=False``; ``ended_on`` is the day this is
    recorded and must lie after that period; 第三方逾期未提出意见的，由行政机关依照本条例的规定决定是否公开).

    ``consultation``: the pk of the consultation_started step when several are open.
    """

    def check(*, steps, derived, cal, data, occurred_on, **rest):
        open_ids = list(derived.open_consultations)
        if consultation is None and len(open_ids) > 1:
            raise ApplicationError(_("有多项征求意见尚未结束，请选择结束哪一项。"))
        started_pk = consultation if consultation is not None else open_ids[0]
        if started_pk not in open_ids:
            raise ApplicationError(_("所选征求意见不存在或已经结束。"))
        started = next(s for s in steps if s.pk == started_pk)
        delivered = date.fromisoformat(started.data["delivered_on"]) if started.data.get("delivered_on") else None
        party = started.data["party"]
        due = third_party_reply_due(delivered or started.occurred_on, cal, party)
        if not replied and occurred_on <= due.due:
            raise ApplicationError(
                _("征求意见期限至%(day)s（15个工作日），尚未届满；收到意见的，请登记收到意见。")
                % {"day": format_date(due.due)},
                code="period_running",
            )
        if replied and occurred_on > due.due:
            data["late"] = True
        data.update({"started_step": started_pk, "party": party, "reply_due": due.due.isoformat()})

    return _record(
        actor=actor,
        application=application,
        kind=StepKind.CONSULTATION_ENDED,
        occurred_on=ended_on,
        data={"replied": bool(replied)},
        reason=reason,
        as_of=as_of,
        version=version,
        check=check,
        date_label=_("征求意见结束之日"),
    )


# --- extension (第三十三条第二款) and 第三十五条 ------------------------------------------------------------


def application_extend(
    *,
    actor,
    application: Application,
    approved_by,
    approved_on: date,
    notified_on: date,
    reason: str,
    as_of=None,
    version=None,
) -> Application:
    """Extend the reply period by 20 working days: approved by a reviewer or head of the agency
    (政府信息公开工作机构负责人) and told to the applicant within the first 20 working days; refused
    otherwise, with the computed deadline in the message."""
    reason = str(reason or "").strip()
    if not reason:
        raise ApplicationError(_("请写明延期理由。"), extra={"fields": {"reason": _("必填")}})
    approved_on = _require_date(approved_on, "approved_on", _("负责人同意之日"))
    _check_approver(approved_by, application.agency)

    def check(*, occurred_on, data, derived, **rest):
        if approved_on > occurred_on:
            raise ApplicationError(_("应先经负责人同意，再告知申请人延期：同意之日晚于告知之日。"))
        if derived.received_on and approved_on < derived.received_on:
            raise ApplicationError(_("负责人同意延期之日早于收到申请之日。"))

    return _record(
        actor=actor,
        application=application,
        kind=StepKind.EXTENDED,
        occurred_on=notified_on,
        data={
            "approved_on": approved_on.isoformat(),
            "approved_by": approved_by.pk,
            "approved_by_name": approved_by.get_full_name() or approved_by.get_username(),
        },
        reason=reason,
        as_of=as_of,
        version=version,
        check=check,
        date_label=_("告知申请人延期之日"),
    )


def application_override_deadline(
    *,
    actor,
    application: Application,
    due: date,
    reason: str,
    notified_on: date | None = None,
    as_of=None,
    version=None,
) -> Application:
    """第三十五条: the number or frequency of requests is clearly beyond a reasonable range, the
    reason is reasonable but the request cannot be answered in time: a reasonable delayed
    deadline is set and told to the applicant (on ``notified_on``, default today). A reviewer or
    head decides; the reason is required."""
    reason = str(reason or "").strip()
    if not reason:
        raise ApplicationError(
            _("确定延迟答复期限须写明理由（条例第三十五条）。"), extra={"fields": {"reason": _("必填")}}
        )
    due = _require_date(due, "due", _("延迟答复期限"))

    def check(*, occurred_on, **rest):
        if due <= occurred_on:
            raise ApplicationError(_("延迟答复期限应晚于告知之日。"), extra={"fields": {"due": _("应晚于告知之日")}})

    today = _today(as_of)
    return _record(
        actor=actor,
        application=application,
        kind=StepKind.DEADLINE_OVERRIDDEN,
        occurred_on=notified_on if notified_on is not None else today,
        data={"due": due.isoformat(), "reason": reason},
        reason=reason,
        as_of=as_of,
        version=version,
        roles=APPROVING_ROLES,
        check=check,
        date_label=_("告知之日"),
    )


# --- fees (国办函〔2020〕109号) ------------------------------------------------------------------------------


def applicant_identity_key(app: Application) -> tuple[str, str]:
    """Who the applicant is, for counting their requests (document number, credit code, or name)."""
    if app.organisation_code:
        return ("organisation_code", app.organisation_code)
    if app.id_number:
        return ("id_number", app.id_number)
    return ("applicant_name", app.applicant_name)


def requests_before_in_month(app: Application) -> int:
    """How many requests the same applicant made to the same agency earlier in the natural month
    of this request's receipt (办法第四条: 同一申请人、同一自然月累计)."""
    field, value = applicant_identity_key(app)
    received = app.received_on
    same = Application.objects.filter(
        agency_id=app.agency_id,
        received_on__year=received.year,
        received_on__month=received.month,
        **{field: value},
    ).exclude(pk=app.pk)
    return same.filter(received_on__lt=received).count() + same.filter(received_on=received, pk__lt=app.pk).count()


def application_issue_fee_notice(
    *,
    actor,
    application: Application,
    notified_on: date,
    method: str,
    pages: int | None = None,
    received_on: date | None = None,
    reason: str = "",
    as_of=None,
    version=None,
) -> Application:
    """A 收费通知 (条例第四十二条, 国办函〔2020〕109号): ``method`` per_request (按件: this applicant's
    requests in the natural month, counted from the records) or per_page (按量: ``pages``). The
    amount comes from ``gongkai.workdays.fees``; a notice for nothing (within the free bands) is
    refused. The reply clock stands still until payment; unpaid within 20 working days of receipt
    of the notice, the request is deemed abandoned."""
    if method not in (PER_REQUEST, PER_PAGE):
        raise ApplicationError(_("请选择计费方式（按件或按量）。"), extra={"fields": {"method": _("必填")}})
    if method == PER_PAGE and (not isinstance(pages, int) or isinstance(pages, bool) or pages <= 0):
        raise ApplicationError(_("按量计收须填写页数。"), extra={"fields": {"pages": _("请填写正整数")}})
    if received_on is not None:
        received_on = _require_date(received_on, "received_on", _("申请人收到收费通知之日"))

    def check(*, app, cal, derived, data, occurred_on, steps, **rest):
        if received_on is not None and received_on < occurred_on:
            raise ApplicationError(_("申请人收到收费通知之日不能早于发出之日。"))
        if method == PER_REQUEST:
            before = requests_before_in_month(app)
            fee = fee_per_request(before, 1)
            data["requests_before"] = before
        else:
            fee = fee_per_page(pages)
            data["pages"] = pages
        if fee.amount <= 0:
            raise ApplicationError(_("按规定本件不收费：%(why)s") % {"why": "；".join(fee.explanation)}, code="free")
        deadline = _deadline(steps, cal)
        if deadline is not None and deadline.due is not None and occurred_on > deadline.due:
            raise ApplicationError(
                _("收费通知应在答复期限内发出，答复期限为%(due)s。") % {"due": format_date(deadline.due)},
                code="late_fee_notice",
            )
        data.update({"amount": fee.amount, "explanation": list(fee.explanation)})

    return _record(
        actor=actor,
        application=application,
        kind=StepKind.FEE_NOTICE_ISSUED,
        occurred_on=notified_on,
        data={"method": method, "received_on": received_on.isoformat() if received_on else None},
        reason=reason,
        as_of=as_of,
        version=version,
        check=check,
        date_label=_("收费通知发出之日"),
    )


def _payment_due(steps, cal) -> date:
    notice = next(s for s in reversed(steps) if s.kind == StepKind.FEE_NOTICE_ISSUED)
    got = date.fromisoformat(notice.data["received_on"]) if notice.data.get("received_on") else notice.occurred_on
    return fee_payment_due(got, cal).due


def application_record_payment(
    *, actor, application: Application, paid_on: date, reason: str = "", as_of=None, version=None
) -> Application:
    """The applicant paid: the reply clock runs again from this day. A payment after the 20
    working days is recorded with a warning (the agency accepted it)."""

    def check(*, steps, cal, data, occurred_on, **rest):
        due = _payment_due(steps, cal)
        if occurred_on > due:
            data["late"] = True
            data["warnings"] = [_("晚于缴费期限%(due)s缴费") % {"due": format_date(due)}]

    return _record(
        actor=actor,
        application=application,
        kind=StepKind.FEE_PAID,
        occurred_on=paid_on,
        reason=reason,
        as_of=as_of,
        version=version,
        check=check,
        date_label=_("缴费之日"),
    )


def application_conclude_unpaid_fee(
    *, actor, application: Application, concluded_on: date, reason: str = "", as_of=None, version=None
) -> Application:
    """Unpaid within 20 working days of receiving the fee notice → deemed abandoned (table 三
    other.fee_unpaid). Only after that period has run out."""

    def check(*, steps, cal, occurred_on, **rest):
        due = _payment_due(steps, cal)
        if occurred_on <= due:
            raise ApplicationError(
                _("缴费期限至%(day)s，期限届满前不能按逾期未缴费办结。") % {"day": format_date(due)},
                code="period_running",
            )

    return _record(
        actor=actor,
        application=application,
        kind=StepKind.CONCLUDED_FEE_UNPAID,
        occurred_on=concluded_on,
        reason=reason,
        as_of=as_of,
        version=version,
        check=check,
        date_label=_("办结日期"),
    )


# --- reply, delivery, withdrawal -------------------------------------------------------------------------


def application_reply(
    *, actor, application: Application, outcome: str, replied_on: date, reason: str = "", as_of=None, version=None
) -> Application:
    """Reply to the request (第三十六条): ``outcome`` is one outcome code of table 三
    (``gongkai.annual_report.format.outcome_choices()``). A reply after the deadline is recorded
    (it must be) with ``late`` set."""
    codes = dict(outcome_choices())
    if outcome not in codes:
        raise ApplicationError(_("请选择办理结果。"), extra={"fields": {"outcome": _("必填")}})
    if outcome in OUTCOMES_WITH_OWN_SERVICE:
        raise ApplicationError(
            _("“%(label)s”须在补正或缴费期限届满后按相应步骤办结。") % {"label": codes[outcome]},
            extra={"fields": {"outcome": _("请用相应步骤办结")}},
        )

    def check(*, app, derived, data, occurred_on, **rest):
        if outcome == UNCLEAR_AFTER_SUPPLEMENT and StepKind.SUPPLEMENT_RECEIVED not in derived.done:
            raise ApplicationError(
                _("“%(label)s”只适用于申请人补正之后：本申请未经补正。") % {"label": codes[outcome]},
                extra={"fields": {"outcome": _("未经补正")}},
            )
        if app.due_on is not None and occurred_on > app.due_on:
            data["late"] = True
            data["warnings"] = [_("晚于答复期限%(due)s答复") % {"due": format_date(app.due_on)}]

    return _record(
        actor=actor,
        application=application,
        kind=StepKind.REPLIED,
        occurred_on=replied_on,
        data={"outcome": outcome},
        reason=reason,
        as_of=as_of,
        version=version,
        check=check,
        date_label=_("答复日期"),
    )


def application_deliver(
    *, actor, application: Application, delivered_on: date, method: str, reason: str = "", as_of=None, version=None
) -> Application:
    """The reply (or the closing notice) reached the applicant, by ``method`` (a ``Delivery`` value)."""
    if method not in Delivery.values:
        raise ApplicationError(_("请选择送达方式。"), extra={"fields": {"method": _("必填")}})
    return _record(
        actor=actor,
        application=application,
        kind=StepKind.DELIVERED,
        occurred_on=delivered_on,
        data={"method": method},
        reason=reason,
        as_of=as_of,
        version=version,
        date_label=_("送达日期"),
    )


def application_withdraw(
    *, actor, application: Application, withdrawn_on: date, reason: str = "", as_of=None, version=None
) -> Application:
    """The applicant withdrew the request (table 三 other.other, as real reports count it)."""
    return _record(
        actor=actor,
        application=application,
        kind=StepKind.WITHDRAWN,
        occurred_on=withdrawn_on,
        reason=reason,
        as_of=as_of,
        version=version,
        date_label=_("撤回日期"),
    )


# --- attachments -----------------------------------------------------------------------------------------

ATTACHMENT_KINDS = {
    "pdf": "application/pdf",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "text": "text/plain",
    "jpg": "image/jpeg",
    "png": "image/png",
}


@dataclass(frozen=True)
class _CheckedUpload:
    data: bytes
    filename: str
    media_type: str
    sha256: str


def _checked_upload(uploaded) -> _CheckedUpload:
    """Size limit and type sniffing of ``gongkai.core.uploads``; pictures (JPEG, PNG) are also
    accepted for scanned documents; web pages and JSON are not."""
    import hashlib

    import filetype

    from gongkai.core import uploads

    limit = uploads.max_upload_bytes()
    declared = getattr(uploaded, "size", None)
    if declared is not None and declared > limit:
        raise uploads.too_large_error(declared)
    chunks = uploaded.chunks() if hasattr(uploaded, "chunks") else [uploaded.read()]
    data = b""
    for chunk in chunks:
        data += chunk
        if len(data) > limit:
            raise uploads.too_large_error()
    name = (getattr(uploaded, "name", "") or "").rsplit("/", 1)[-1].rsplit("\\", 1)[-1][:200] or "attachment"
    guess = filetype.guess(data) if data else None
    if guess is not None and guess.mime in ("image/jpeg", "image/png"):
        media = guess.mime
    else:
        kind = uploads.sniff(data, name, max_bytes=limit).kind
        if kind not in ATTACHMENT_KINDS:
            raise uploads.UploadError(
                _("附件只接受 PDF、Word（.docx）、Excel（.xlsx）、纯文本、JPEG 或 PNG 图片。"), code="unsupported"
            )
        media = ATTACHMENT_KINDS[kind]
    return _CheckedUpload(data, name, media, hashlib.sha256(data).hexdigest())


def _store_attachment(app: Application, upload: _CheckedUpload, *, actor, description: str = "") -> Attachment:
    existing = Attachment.objects.filter(application=app, sha256=upload.sha256).first()
    if existing is not None:
        return existing
    attachment = Attachment(
        application=app,
        filename=upload.filename,
        media_type=upload.media_type,
        size=len(upload.data),
        sha256=upload.sha256,
        description=description[:200],
        uploaded_by=_person(actor),
    )
    attachment.file.save(upload.sha256, ContentFile(upload.data), save=False)
    attachment.save()
    return attachment


def application_attach(*, actor, application: Application, uploaded, description: str = "") -> Attachment:
    """Add a file to an application (size- and type-checked; the same file twice is stored once)."""
    _check_actor(actor, application.agency)
    upload = _checked_upload(uploaded)

    def body():
        with transaction.atomic():
            app, _steps = _lock(application)
            attachment = _store_attachment(app, upload, actor=actor, description=description)
            audit_record(
                actor=actor,
                code=events.ATTACHMENT_ADDED.code,
                agency=app.agency,
                target=app,
                summary=f"{app.tracking_number} {attachment.filename}",
                data={"attachment": attachment.pk, "sha256": attachment.sha256, "size": attachment.size},
            )
            return attachment

    return _retrying(body)


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


CACHE_FIELDS = ("state", "received_on", "outcome", "concluded_on", "due_on", "due_provisional")


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


__all__ = [
    "ACTING_ROLES",
    "APPROVING_ROLES",
    "SubmitResult",
    "applicant_identity_key",
    "application_attach",
    "application_conclude_no_supplement",
    "application_conclude_unpaid_fee",
    "application_confirm_receipt",
    "application_consultation_end",
    "application_consultation_start",
    "application_deliver",
    "application_extend",
    "application_issue_fee_notice",
    "application_recompute",
    "application_record_payment",
    "application_record_supplement",
    "application_register",
    "application_reply",
    "application_request_supplement",
    "application_submit_online",
    "application_withdraw",
    "applications_recompute_deadlines",
    "clean_applicant",
    "requests_before_in_month",
]


# Fields whose full value is personal data: shown masked unless read on purpose.
PERSONAL_FIELDS = ("id_number", "contact_phone", "contact_email", "contact_address")


def application_personal_data_read(*, actor, application: Application) -> None:
    """Record that ``actor`` has read the applicant's full identity number and
    contact data. Which fields were shown is recorded, never their values."""
    _check_actor(actor, application.agency, roles=frozenset(StaffRole.values))
    with transaction.atomic():
        audit_record(
            actor=actor,
            code=events.PERSONAL_DATA_VIEWED.code,
            agency=application.agency,
            target=application,
            summary=application.tracking_number,
            data={"fields": list(PERSONAL_FIELDS)},
        )
