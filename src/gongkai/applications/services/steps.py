"""The steps between receipt and reply: 补正, consultation, extension, override; reply, delivery, withdrawal."""

from __future__ import annotations

from datetime import date

from django.utils.translation import gettext as _

from gongkai.annual_report.format import outcome_choices
from gongkai.core.errors import ApplicationError
from gongkai.workdays import (
    format_date,
    supplement_notice_due,
    third_party_reply_due,
)

from .. import workflow
from ..models import (
    Application,
    Delivery,
)
from ..workflow import StepKind
from ._base import (
    APPROVING_ROLES,
    OUTCOMES_WITH_OWN_SERVICE,
    UNCLEAR_AFTER_SUPPLEMENT,
    _check_approver,
    _record,
    _require_date,
    _today,
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
        raise ApplicationError(
            _("请写明需要补正的事项（条例第三十条）。"),
            extra={"fields": {"items": _("必填")}},
        )
    reply_by = _require_date(reply_by, "reply_by", _("补正期限"))

    def check(*, derived, cal, data, occurred_on, **rest):
        if reply_by <= occurred_on:
            raise ApplicationError(
                _("补正期限应晚于告知补正之日。"),
                extra={"fields": {"reply_by": _("应晚于告知之日")}},
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
    *,
    actor,
    application: Application,
    received_on: date,
    reason: str = "",
    as_of=None,
    version=None,
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
    *,
    actor,
    application: Application,
    concluded_on: date,
    reason: str = "",
    as_of=None,
    version=None,
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
        raise ApplicationError(
            _("请选择征求意见的对象（第三方或其他机关）。"),
            extra={"fields": {"party": _("必填")}},
        )
    consultee = str(consultee or "").strip()
    if not consultee:
        raise ApplicationError(
            _("请填写被征求意见的第三方或机关名称。"),
            extra={"fields": {"consultee": _("必填")}},
        )
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
        data.update(
            {
                "started_step": started_pk,
                "party": party,
                "reply_due": due.due.isoformat(),
            }
        )

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
            _("确定延迟答复期限须写明理由（条例第三十五条）。"),
            extra={"fields": {"reason": _("必填")}},
        )
    due = _require_date(due, "due", _("延迟答复期限"))

    def check(*, occurred_on, **rest):
        if due <= occurred_on:
            raise ApplicationError(
                _("延迟答复期限应晚于告知之日。"),
                extra={"fields": {"due": _("应晚于告知之日")}},
            )

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


# --- reply, delivery, withdrawal -------------------------------------------------------------------------


def application_reply(
    *,
    actor,
    application: Application,
    outcome: str,
    replied_on: date,
    reason: str = "",
    as_of=None,
    version=None,
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
    *,
    actor,
    application: Application,
    delivered_on: date,
    method: str,
    reason: str = "",
    as_of=None,
    version=None,
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
    *,
    actor,
    application: Application,
    withdrawn_on: date,
    reason: str = "",
    as_of=None,
    version=None,
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
