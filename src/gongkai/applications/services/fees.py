"""Information processing fees (国办函〔2020〕109号): notice, payment, the unpaid close."""

from __future__ import annotations

from datetime import date

from django.utils.translation import gettext as _

from gongkai.core.errors import ApplicationError
from gongkai.workdays import (
    fee_payment_due,
    fee_per_page,
    fee_per_request,
    format_date,
)
from gongkai.workdays.fees import PER_PAGE, PER_REQUEST

from ..models import (
    Application,
)
from ..workflow import StepKind
from ._base import _deadline, _record, _require_date

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
            raise ApplicationError(
                _("按规定本件不收费：%(why)s") % {"why": "；".join(fee.explanation)},
                code="free",
            )
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
        data={
            "method": method,
            "received_on": received_on.isoformat() if received_on else None,
        },
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
    *,
    actor,
    application: Application,
    paid_on: date,
    reason: str = "",
    as_of=None,
    version=None,
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
    *,
    actor,
    application: Application,
    concluded_on: date,
    reason: str = "",
    as_of=None,
    version=None,
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
