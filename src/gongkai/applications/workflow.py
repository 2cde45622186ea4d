"""The request workflow as pure functions over an application's steps (no database, no Django).

An application's history is an append-only list of dated steps (``Step`` rows, or anything with
``pk``, ``kind``, ``occurred_on`` and ``data``), in the order they were recorded. Everything else
is derived from it here:

* ``derive(steps)``: the state, the legal receipt date, the outcome and the conclusion date;
* ``check_transition(steps, kind)``: whether a step of ``kind`` may be recorded now (the table
  ``ALLOWED``), raising ``TransitionError`` with a Chinese message otherwise;
* ``request_steps(steps)``: the ``gongkai.workdays.RequestSteps`` the reply clock is computed from.

Step data conventions (``Step.data``):

==========================  ===============================================================
kind                        occurred_on / data
==========================  ===============================================================
submitted, registered       the arrival date; ``received_on`` (ISO date or null until
                            confirmed, 第三十一条), ``channel``, ``carried_over``
receipt_confirmed           the legal receipt date (双方确认之日)
supplement_requested        the day the 补正告知 was sent; ``reply_by`` (the reasonable
                            补正期限), ``items``
supplement_received         the day the supplemented request was received
consultation_started        the day the 征求意见书 was sent; ``party`` (third_party |
                            other_agency), ``consultee``, ``delivered_on`` (optional)
consultation_ended          the day the reply arrived (``replied`` true) or the day the end
                            was recorded after the 15 working days ran out (``replied``
                            false); ``started_step`` (pk of the consultation_started step)
extended                    the day the applicant was told; ``approved_on``, ``approved_by``
fee_notice_issued           the day the 收费通知 was sent; ``method``, ``amount``,
                            ``received_on`` (optional), ``pages``
fee_paid                    the day of payment
deadline_overridden         ``due`` (第三十五条); the reason in ``Step.reason``
replied                     the reply date; ``outcome`` (an outcome code of table 三)
concluded_no_supplement     the day the request was closed (→ other.no_supplement)
concluded_fee_unpaid        the day the request was closed (→ other.fee_unpaid)
withdrawn                   the day the applicant withdrew (→ other.other)
delivered                   the day the reply reached the applicant; ``method``
==========================  ===============================================================
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any, Protocol

from gongkai.workdays import (
    OUTCOME_FEE_UNPAID,
    OUTCOME_NO_SUPPLEMENT,
    Consultation,
    Extension,
    FeeNotice,
    Override,
    RequestSteps,
)
from gongkai.workdays.clock import OTHER_AGENCY, THIRD_PARTY

OUTCOME_WITHDRAWN = "other.other"  # real reports count 申请人主动撤回 in （六）3 [R]


class StepKind:
    SUBMITTED = "submitted"
    REGISTERED = "registered"
    RECEIPT_CONFIRMED = "receipt_confirmed"
    SUPPLEMENT_REQUESTED = "supplement_requested"
    SUPPLEMENT_RECEIVED = "supplement_received"
    CONSULTATION_STARTED = "consultation_started"
    CONSULTATION_ENDED = "consultation_ended"
    EXTENDED = "extended"
    FEE_NOTICE_ISSUED = "fee_notice_issued"
    FEE_PAID = "fee_paid"
    DEADLINE_OVERRIDDEN = "deadline_overridden"
    REPLIED = "replied"
    CONCLUDED_NO_SUPPLEMENT = "concluded_no_supplement"
    CONCLUDED_FEE_UNPAID = "concluded_fee_unpaid"
    WITHDRAWN = "withdrawn"
    DELIVERED = "delivered"


STEP_LABELS: dict[str, str] = {
    StepKind.SUBMITTED: "网上提交",
    StepKind.REGISTERED: "登记",
    StepKind.RECEIPT_CONFIRMED: "确认收到申请",
    StepKind.SUPPLEMENT_REQUESTED: "告知补正",
    StepKind.SUPPLEMENT_RECEIVED: "收到补正",
    StepKind.CONSULTATION_STARTED: "征求意见",
    StepKind.CONSULTATION_ENDED: "征求意见结束",
    StepKind.EXTENDED: "延长答复期限",
    StepKind.FEE_NOTICE_ISSUED: "发出收费通知",
    StepKind.FEE_PAID: "缴费",
    StepKind.DEADLINE_OVERRIDDEN: "确定延迟答复期限（第三十五条）",
    StepKind.REPLIED: "答复",
    StepKind.CONCLUDED_NO_SUPPLEMENT: "逾期不补正，不再处理",
    StepKind.CONCLUDED_FEE_UNPAID: "逾期未缴费，不再处理",
    StepKind.WITHDRAWN: "申请人撤回申请",
    StepKind.DELIVERED: "送达",
}
STEP_KINDS = tuple(STEP_LABELS)
OPENING_KINDS = frozenset({StepKind.SUBMITTED, StepKind.REGISTERED})
CONCLUDING_KINDS = {
    StepKind.REPLIED: None,  # the outcome is in the step's data
    StepKind.CONCLUDED_NO_SUPPLEMENT: OUTCOME_NO_SUPPLEMENT,
    StepKind.CONCLUDED_FEE_UNPAID: OUTCOME_FEE_UNPAID,
    StepKind.WITHDRAWN: OUTCOME_WITHDRAWN,
}
ONCE_ONLY = frozenset(
    {StepKind.SUPPLEMENT_REQUESTED, StepKind.EXTENDED, StepKind.FEE_NOTICE_ISSUED, StepKind.RECEIPT_CONFIRMED}
)
PARTIES = (THIRD_PARTY, OTHER_AGENCY)


class State:
    AWAITING_RECEIPT = "awaiting_receipt"
    PROCESSING = "processing"
    AWAITING_SUPPLEMENT = "awaiting_supplement"
    CONSULTING = "consulting"
    AWAITING_FEE = "awaiting_fee"
    CONCLUDED = "concluded"
    DELIVERED = "delivered"


STATE_LABELS: dict[str, str] = {
    State.AWAITING_RECEIPT: "待确认收到",
    State.PROCESSING: "办理中",
    State.AWAITING_SUPPLEMENT: "待补正",
    State.CONSULTING: "征求意见中",
    State.AWAITING_FEE: "待缴费",
    State.CONCLUDED: "已办结",
    State.DELIVERED: "已送达",
}
OPEN_STATES = frozenset(
    {State.AWAITING_RECEIPT, State.PROCESSING, State.AWAITING_SUPPLEMENT, State.CONSULTING, State.AWAITING_FEE}
)

# The transition table: which step kinds may be recorded in which state.
ALLOWED: dict[str, frozenset[str]] = {
    State.AWAITING_RECEIPT: frozenset({StepKind.RECEIPT_CONFIRMED, StepKind.WITHDRAWN}),
    State.PROCESSING: frozenset(
        {
            StepKind.SUPPLEMENT_REQUESTED,
            StepKind.CONSULTATION_STARTED,
            StepKind.EXTENDED,
            StepKind.FEE_NOTICE_ISSUED,
            StepKind.DEADLINE_OVERRIDDEN,
            StepKind.REPLIED,
            StepKind.WITHDRAWN,
        }
    ),
    State.AWAITING_SUPPLEMENT: frozenset(
        {StepKind.SUPPLEMENT_RECEIVED, StepKind.CONCLUDED_NO_SUPPLEMENT, StepKind.WITHDRAWN}
    ),
    State.CONSULTING: frozenset(
        {
            StepKind.CONSULTATION_STARTED,
            StepKind.CONSULTATION_ENDED,
            StepKind.EXTENDED,
            StepKind.DEADLINE_OVERRIDDEN,
            StepKind.WITHDRAWN,
        }
    ),
    State.AWAITING_FEE: frozenset(
        {
            StepKind.FEE_PAID,
            StepKind.CONCLUDED_FEE_UNPAID,
            StepKind.EXTENDED,
            StepKind.DEADLINE_OVERRIDDEN,
            StepKind.WITHDRAWN,
        }
    ),
    State.CONCLUDED: frozenset({StepKind.DELIVERED}),
    State.DELIVERED: frozenset(),
}


class StepLike(Protocol):
    pk: Any
    kind: str
    occurred_on: date
    data: dict


class TransitionError(ValueError):
    """A step that may not be recorded now; the message is Chinese, for the person who acted."""


@dataclass(frozen=True)
class Derived:
    state: str
    arrived_on: date
    received_on: date | None
    outcome: str | None
    concluded_on: date | None
    delivered_on: date | None
    carried_over: bool = False
    open_consultations: tuple[Any, ...] = ()  # pks of consultation_started steps not yet ended
    done: frozenset[str] = field(default_factory=frozenset)  # kinds recorded at least once
    last_on: date | None = None  # the latest legal date among the steps


def _iso(value: Any) -> date | None:
    if value in (None, ""):
        return None
    if isinstance(value, date):
        return value
    return date.fromisoformat(str(value))


def derive(steps: Sequence[StepLike]) -> Derived:
    """State and dates from the steps, in recorded order. Raises TransitionError if the first step
    is not a submission or registration."""
    if not steps or steps[0].kind not in OPENING_KINDS:
        raise TransitionError("申请的第一个步骤必须是网上提交或登记")
    first = steps[0]
    received = _iso(first.data.get("received_on"))
    state = State.PROCESSING if received else State.AWAITING_RECEIPT
    outcome = concluded = delivered = None
    open_consultations: list[Any] = []
    done: set[str] = set()
    last_on = first.occurred_on
    for s in steps[1:]:
        done.add(s.kind)
        last_on = max(last_on, s.occurred_on)
        k = s.kind
        if k == StepKind.RECEIPT_CONFIRMED:
            received, state = s.occurred_on, State.PROCESSING
        elif k == StepKind.SUPPLEMENT_REQUESTED:
            state = State.AWAITING_SUPPLEMENT
        elif k == StepKind.SUPPLEMENT_RECEIVED or k == StepKind.FEE_PAID:
            state = State.PROCESSING
        elif k == StepKind.CONSULTATION_STARTED:
            open_consultations.append(s.pk)
            state = State.CONSULTING
        elif k == StepKind.CONSULTATION_ENDED:
            started = s.data.get("started_step")
            if started in open_consultations:
                open_consultations.remove(started)
            state = State.CONSULTING if open_consultations else State.PROCESSING
        elif k == StepKind.FEE_NOTICE_ISSUED:
            state = State.AWAITING_FEE
        elif k in CONCLUDING_KINDS:
            outcome = CONCLUDING_KINDS[k] or s.data.get("outcome")
            concluded, state = s.occurred_on, State.CONCLUDED
        elif k == StepKind.DELIVERED:
            delivered, state = s.occurred_on, State.DELIVERED
    return Derived(
        state=state,
        arrived_on=first.occurred_on,
        received_on=received,
        outcome=outcome,
        concluded_on=concluded,
        delivered_on=delivered,
        carried_over=bool(first.data.get("carried_over")),
        open_consultations=tuple(open_consultations),
        done=frozenset(done),
        last_on=last_on,
    )


def allowed_kinds(steps: Sequence[StepLike]) -> frozenset[str]:
    """The step kinds that may be recorded next (the transition table and the once-only rules)."""
    d = derive(steps)
    kinds = set(ALLOWED[d.state]) - (ONCE_ONLY & d.done)
    if d.done & {StepKind.CONSULTATION_STARTED, StepKind.EXTENDED, StepKind.FEE_NOTICE_ISSUED}:
        kinds.discard(StepKind.SUPPLEMENT_REQUESTED)  # 补正 comes first (第三十条: within 7 working days)
    return frozenset(kinds)


def check_transition(steps: Sequence[StepLike], kind: str) -> Derived:
    """Raise TransitionError (Chinese) unless a step of ``kind`` may be recorded now; return the derivation."""
    if kind not in STEP_LABELS or kind in OPENING_KINDS:
        raise TransitionError(f"未知的步骤“{kind}”")
    d = derive(steps)
    label, state = STEP_LABELS[kind], STATE_LABELS[d.state]
    if kind in ONCE_ONLY and kind in d.done:
        if kind == StepKind.SUPPLEMENT_REQUESTED:
            raise TransitionError("已经告知过补正：条例第三十条规定补正应当一次性告知，不能再次要求补正")
        raise TransitionError(f"本申请已经{label}过，不能重复")
    if kind not in ALLOWED[d.state]:
        hint = ""
        if d.state == State.CONSULTING and kind in {StepKind.REPLIED, StepKind.FEE_NOTICE_ISSUED}:
            hint = "：请先登记征求意见结束"
        elif d.state == State.AWAITING_RECEIPT:
            hint = "：请先确认收到申请（条例第三十一条）"
        raise TransitionError(f"申请当前状态为“{state}”，不能{label}{hint}")
    if kind == StepKind.SUPPLEMENT_REQUESTED and kind not in allowed_kinds(steps):
        raise TransitionError("补正应在征求意见、延期或收费之前一次性告知（条例第三十条）")
    return d


def _consultations(steps: Sequence[StepLike]) -> tuple[Consultation, ...]:
    ended = {s.data.get("started_step"): s for s in steps if s.kind == StepKind.CONSULTATION_ENDED}
    out = []
    for s in steps:
        if s.kind != StepKind.CONSULTATION_STARTED:
            continue
        end = ended.get(s.pk)
        replied_on = end.occurred_on if end is not None and end.data.get("replied", True) else None
        out.append(
            Consultation(
                sent_on=s.occurred_on,
                replied_on=replied_on,
                delivered_on=_iso(s.data.get("delivered_on")),
                party=s.data.get("party", THIRD_PARTY),
            )
        )
    return tuple(out)


def _last(steps: Iterable[StepLike], kind: str) -> StepLike | None:
    found = None
    for s in steps:
        if s.kind == kind:
            found = s
    return found


def request_steps(steps: Sequence[StepLike]) -> RequestSteps | None:
    """The dated steps the reply clock needs, or None while the legal receipt date is unknown."""
    d = derive(steps)
    if d.received_on is None:
        return None
    sup_req = _last(steps, StepKind.SUPPLEMENT_REQUESTED)
    sup_rec = _last(steps, StepKind.SUPPLEMENT_RECEIVED)
    ext = _last(steps, StepKind.EXTENDED)
    fee = _last(steps, StepKind.FEE_NOTICE_ISSUED)
    paid = _last(steps, StepKind.FEE_PAID)
    override = _last(steps, StepKind.DEADLINE_OVERRIDDEN)
    return RequestSteps(
        received_on=d.received_on,
        supplement_requested_on=sup_req.occurred_on if sup_req else None,
        supplement_received_on=sup_rec.occurred_on if sup_rec else None,
        supplement_reply_by=_iso(sup_req.data.get("reply_by")) if sup_req else None,
        consultations=_consultations(steps),
        extension=Extension(
            approved_on=_iso(ext.data.get("approved_on")) or ext.occurred_on, notified_on=ext.occurred_on
        )
        if ext
        else None,
        fee_notice=FeeNotice(
            notified_on=fee.occurred_on,
            received_on=_iso(fee.data.get("received_on")),
            paid_on=paid.occurred_on if paid else None,
        )
        if fee
        else None,
        override=Override(due=_iso(override.data["due"]), reason=override.data.get("reason", "") or "—")
        if override
        else None,
    )


__all__ = [
    "ALLOWED",
    "CONCLUDING_KINDS",
    "OPEN_STATES",
    "OUTCOME_WITHDRAWN",
    "PARTIES",
    "STATE_LABELS",
    "STEP_KINDS",
    "STEP_LABELS",
    "Derived",
    "State",
    "StepKind",
    "TransitionError",
    "allowed_kinds",
    "check_transition",
    "derive",
    "request_steps",
]
