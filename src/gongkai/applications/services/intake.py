"""Opening an application: the applicant's data, online submission, registration, receipt."""

from __future__ import annotations

import re
import secrets
from collections.abc import Iterable
from datetime import date, datetime
from typing import Any

from django.contrib.auth.hashers import make_password
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from gongkai.audit.services import audit_record
from gongkai.core.errors import ApplicationError, Conflict
from gongkai.workcalendar.selectors import work_calendar
from gongkai.workdays import (
    format_date,
)

from .. import events, identity
from ..models import (
    CONFIRMATION_CHANNELS,
    NATURAL_PERSON,
    Application,
    ApplicationSequence,
    Channel,
    Delivery,
    FormWanted,
    Step,
    applicant_type_choices,
)
from ..workflow import StepKind
from ._base import (
    QUERY_CODE_ALPHABET,
    QUERY_CODE_LENGTH,
    SubmitResult,
    _check_actor,
    _local_date,
    _Pending,
    _person,
    _record,
    _require_date,
    _retrying,
    _today,
    _write_caches,
)
from .attachments import _checked_upload, _store_attachment

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
        fail(
            "description",
            _("请描述所需政府信息的名称、文号或便于查询的其他特征（条例第二十九条）。"),
        )
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
    for field, limit in (
        ("contact_address", 300),
        ("document_number", 200),
        ("contact_person", 100),
    ):
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
        application=app,
        kind=first_kind,
        occurred_on=arrived_on,
        actor=_person(actor),
        data=first.data,
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
                data={
                    "step": step.pk,
                    "channel": Channel.ONLINE,
                    "attachments": len(uploads),
                },
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
            raise Conflict(
                _("表单已提交过其他内容，请刷新页面后重新填写。"),
                code="form_key_reused",
            )
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
            raise ApplicationError(
                _("收到申请之日晚于今天。"),
                extra={"fields": {"received_on": _("不能晚于今天")}},
            )
    legal: date | None
    confirm_on: date | None = None
    if carried_over:
        if received_on is None:
            raise ApplicationError(
                _("期初未办结的申请须填写原收到申请之日。"),
                extra={"fields": {"received_on": _("必填")}},
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
                data={
                    "step": step.pk,
                    "channel": channel,
                    "carried_over": carried_over,
                },
            )
            if confirm_on is not None:
                app = application_confirm_receipt(actor=actor, application=app, confirmed_on=confirm_on, as_of=as_of)
            return SubmitResult(app, code, True)

    return _retrying(create)


def application_confirm_receipt(
    *,
    actor,
    application: Application,
    confirmed_on: date,
    reason: str = "",
    as_of=None,
    version=None,
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
