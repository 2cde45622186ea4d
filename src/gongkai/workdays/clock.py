"""The statutory reply deadline of a disclosure request (依申请公开答复期限), from its dated steps.

《政府信息公开条例》(2019) 第三十三条：
    行政机关收到政府信息公开申请，能够当场答复的，应当当场予以答复。
    行政机关不能当场答复的，应当自收到申请之日起20个工作日内予以答复；需要延长答复期限的，应当经政府信息
    公开工作机构负责人同意并告知申请人，延长的期限最长不得超过20个工作日。
    行政机关征求第三方和其他机关意见所需时间不计算在前款规定的期限内。

第三十条（补正）：……并自收到申请之日起7个工作日内一次性告知申请人作出补正，说明需要补正的事项和合理的补正期限。
    答复期限自行政机关收到补正的申请之日起计算。申请人无正当理由逾期不补正的，视为放弃申请……
第三十二条：第三方应当自收到征求意见书之日起15个工作日内提出意见。（第三十四条：其他机关亦为15个工作日。）
第三十五条：……申请理由合理，但是无法在本条例第三十三条规定的期限内答复申请人的，可以确定延迟答复的合理期限
    并告知申请人。
国办函〔2020〕109号：申请人应当自收到收费通知次日起20个工作日内缴纳费用；逾期未缴纳的，视为放弃申请。

Counting (disclosure-rules.md §4.3–4.4): the day of receipt is not counted; N working days end on
the N-th working day strictly after it. A pause (consultation, outstanding fee notice) covers the
working days d with ``start <= d < end``: the clock stands still on those days and the deadline
moves by as many working days. Overlapping pauses are counted once.

Everything is a pure function of the steps and a WorkCalendar: the Django layer stores the steps
and caches the result.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum

from .calendar import WorkCalendar, _check_date, format_date
from .errors import LateExtensionError, StepsError

__all__ = [
    "CONSULTATION_DAYS",
    "EXTENSION_DAYS",
    "FEE_PAYMENT_DAYS",
    "OTHER_AGENCY",
    "OUTCOME_FEE_UNPAID",
    "OUTCOME_NO_SUPPLEMENT",
    "PROACTIVE_DAYS",
    "REPLY_DAYS",
    "SUPPLEMENT_NOTICE_DAYS",
    "THIRD_PARTY",
    "ClockState",
    "Consultation",
    "Deadline",
    "Extension",
    "FeeNotice",
    "Override",
    "RequestSteps",
    "fee_payment_due",
    "proactive_publication_due",
    "reply_deadline",
    "supplement_notice_due",
    "third_party_reply_due",
]

REPLY_DAYS = 20  # 第三十三条第二款：自收到申请之日起20个工作日内予以答复
EXTENSION_DAYS = 20  # 第三十三条第二款：延长的期限最长不得超过20个工作日
SUPPLEMENT_NOTICE_DAYS = 7  # 第三十条：自收到申请之日起7个工作日内一次性告知申请人作出补正
CONSULTATION_DAYS = 15  # 第三十二条、第三十四条：自收到征求意见书之日起15个工作日内提出意见
FEE_PAYMENT_DAYS = 20  # 国办函〔2020〕109号：自收到收费通知次日起20个工作日内缴纳
PROACTIVE_DAYS = 20  # 第二十六条：自该政府信息形成或者变更之日起20个工作日内予以公开

# Outcome codes of the national annual-report format (annual_report.format.common), as plain strings.
OUTCOME_NO_SUPPLEMENT = "other.no_supplement"
OUTCOME_FEE_UNPAID = "other.fee_unpaid"

THIRD_PARTY = "third_party"  # 第三十二条 第三方
OTHER_AGENCY = "other_agency"  # 第三十四条 其他机关
# disclosure-rules.md §3 [M]: that the time from the fee notice to payment does not count toward the
# 第三十三条 period is the general understanding of 国办函〔2020〕109号, not yet checked against its text.
FEE_PAUSE_BASIS = "收费通知发出至缴费期间不计入答复期限（国办函〔2020〕109号的通行理解）"
PARTY_WORDS = {THIRD_PARTY: "第三方", OTHER_AGENCY: "其他机关"}
PARTY_ARTICLE = {THIRD_PARTY: "第三十二条", OTHER_AGENCY: "第三十四条"}


class ClockState(StrEnum):
    RUNNING = "running"  # a due date runs
    AWAITING_SUPPLEMENT = "awaiting_supplement"  # 补正 asked, not received: no period runs
    PAUSED = "paused"  # a fee notice is unpaid: the period stands still
    CONCLUDED = "concluded"  # the request is deemed abandoned (fee unpaid in time)


@dataclass(frozen=True)
class Consultation:
    """A third-party (第三十二条) or other-agency (第三十四条) consultation.

    ``sent_on``: the day the 征求意见书 was sent (the pause starts). ``delivered_on``: the day the
    party received it (its 15 working days run from there; defaults to ``sent_on``).
    ``replied_on``: the day the reply arrived (the pause ends; that day counts again), or None.
    The pause ends at the latest when the party's 15 working days have run out.
    """

    sent_on: date
    replied_on: date | None = None
    delivered_on: date | None = None
    party: str = THIRD_PARTY


@dataclass(frozen=True)
class Extension:
    """第三十三条第二款: approved by the head of the disclosure office and told to the applicant."""

    approved_on: date
    notified_on: date


@dataclass(frozen=True)
class FeeNotice:
    """A 收费通知 under 国办函〔2020〕109号.

    ``notified_on``: sent (the pause starts); ``received_on``: the applicant received it (the
    payment period runs from the next day; defaults to ``notified_on``); ``paid_on``: paid (the
    pause ends; that day counts again), or None.
    """

    notified_on: date
    received_on: date | None = None
    paid_on: date | None = None


@dataclass(frozen=True)
class Override:
    """第三十五条: a reasonable delayed deadline set and told to the applicant. It wins."""

    due: date
    reason: str


@dataclass(frozen=True)
class RequestSteps:
    """The dated steps that decide a request's reply deadline.

    ``received_on`` is the legal receipt date of 第三十一条 (not the arrival date).
    """

    received_on: date
    supplement_requested_on: date | None = None
    supplement_received_on: date | None = None
    supplement_reply_by: date | None = None  # the reasonable 补正期限 the agency set
    consultations: tuple[Consultation, ...] = ()
    extension: Extension | None = None
    fee_notice: FeeNotice | None = None
    override: Override | None = None


@dataclass(frozen=True)
class Deadline:
    """A computed deadline. ``due`` is None while no period runs (awaiting 补正, unpaid fee, concluded)."""

    due: date | None
    provisional: bool
    explanation: tuple[str, ...]
    state: ClockState = ClockState.RUNNING
    outcome: str | None = None  # an outcome code when the steps conclude the request
    unconfirmed_years: tuple[int, ...] = ()
    warnings: tuple[str, ...] = ()
    statutory_due: date | None = None  # the 第三十三条 date, before any 第三十五条 override
    payment_due: date | None = None  # the fee payment deadline, when a fee notice was sent
    supplement_notice_due: date | None = None


# --- simple periods -----------------------------------------------------------------------------


def _simple(cal: WorkCalendar, start: date, n: int, event: str, rule: str) -> Deadline:
    r = cal.add_working_days(start, n)
    return Deadline(r.date, r.provisional, (rule, r.explain(event)), unconfirmed_years=r.unconfirmed_years)


def supplement_notice_due(received_on: date, cal: WorkCalendar) -> Deadline:
    """第三十条：自收到申请之日起7个工作日内一次性告知申请人作出补正。"""
    return _simple(
        cal,
        received_on,
        SUPPLEMENT_NOTICE_DAYS,
        "收到申请",
        "补正通知：应自收到申请之日起7个工作日内一次性告知申请人作出补正（条例第三十条），收到之日不计入",
    )


def third_party_reply_due(letter_received_on: date, cal: WorkCalendar, party: str = THIRD_PARTY) -> Deadline:
    """第三十二条：第三方应当自收到征求意见书之日起15个工作日内提出意见（第三十四条：其他机关同）。"""
    words = PARTY_WORDS[_party(party)]
    return _simple(
        cal,
        letter_received_on,
        CONSULTATION_DAYS,
        f"{words}收到征求意见书",
        f"{words}意见：应自收到征求意见书之日起15个工作日内提出（条例{PARTY_ARTICLE[party]}），收到之日不计入",
    )


def fee_payment_due(notice_received_on: date, cal: WorkCalendar) -> Deadline:
    """国办函〔2020〕109号：申请人应当自收到收费通知次日起20个工作日内缴纳费用。"""
    return _simple(
        cal,
        notice_received_on,
        FEE_PAYMENT_DAYS,
        "申请人收到收费通知",
        "缴费期限：自收到收费通知次日起20个工作日内（国办函〔2020〕109号）",
    )


def proactive_publication_due(formed_or_changed_on: date, cal: WorkCalendar) -> Deadline:
    """第二十六条：属于主动公开范围的政府信息，应当自该政府信息形成或者变更之日起20个工作日内及时公开。"""
    return _simple(
        cal,
        formed_or_changed_on,
        PROACTIVE_DAYS,
        "信息形成或者变更",
        "主动公开期限：自该政府信息形成或者变更之日起20个工作日内（条例第二十六条），形成之日不计入",
    )


def _party(party: str) -> str:
    if party not in PARTY_WORDS:
        raise StepsError(f"征求意见对象须为 {THIRD_PARTY!r} 或 {OTHER_AGENCY!r}，收到 {party!r}")
    return party


# --- the reply clock ----------------------------------------------------------------------------


@dataclass(frozen=True)
class _Pause:
    start: date
    end: date | None  # exclusive; None: still running with no end in sight
    label: str
    basis: str = "第三十三条第三款：征求意见所需时间不计算在答复期限内"


@dataclass
class _Walk:
    due: date | None
    skipped: list[date] = field(default_factory=list)
    blocked_by: _Pause | None = None


def _walk(cal: WorkCalendar, origin: date, n: int, pauses: list[_Pause]) -> _Walk:
    """The n-th unpaused working day strictly after ``origin``."""
    walk = _Walk(origin if n == 0 else None)
    if n == 0:
        return walk
    k = 0
    for d in cal.working_days_after(origin):
        hit = next((p for p in pauses if p.start <= d and (p.end is None or d < p.end)), None)
        if hit is not None:
            if hit.end is None:
                walk.blocked_by = hit
                return walk
            walk.skipped.append(d)
            continue
        k += 1
        if k == n:
            walk.due = d
            return walk
    raise AssertionError("unreachable")  # pragma: no cover


def _require_order(earlier: date | None, later: date | None, message: str) -> None:
    if earlier is not None and later is not None and later < earlier:
        raise StepsError(message)


def _validate(steps: RequestSteps) -> None:
    _check_date(steps.received_on, "收到申请之日")
    r = steps.received_on
    for d in (steps.supplement_requested_on, steps.supplement_received_on, steps.supplement_reply_by):
        if d is not None:
            _check_date(d)
    if steps.supplement_received_on is not None and steps.supplement_requested_on is None:
        raise StepsError("有收到补正的日期，却没有补正通知的日期")
    _require_order(r, steps.supplement_requested_on, "补正通知早于收到申请之日")
    _require_order(steps.supplement_requested_on, steps.supplement_received_on, "收到补正之日早于补正通知")
    for c in steps.consultations:
        _party(c.party)
        _check_date(c.sent_on, "征求意见书发出之日")
        _require_order(r, c.sent_on, f"征求意见书发出之日{format_date(c.sent_on)}早于收到申请之日")
        _require_order(c.sent_on, c.delivered_on, "征求意见书送达之日早于发出之日")
        _require_order(c.sent_on, c.replied_on, "收到意见之日早于征求意见书发出之日")
        _require_order(c.delivered_on, c.replied_on, "收到意见之日早于征求意见书送达之日")
    if steps.extension is not None:
        e = steps.extension
        _require_order(r, e.approved_on, "延期批准之日早于收到申请之日")
        _require_order(
            e.approved_on,
            e.notified_on,
            "告知申请人延期之日早于负责人同意延期之日（第三十三条第二款：应当经负责人同意并告知申请人）",
        )
    if steps.fee_notice is not None:
        f = steps.fee_notice
        _require_order(r, f.notified_on, "收费通知早于收到申请之日")
        _require_order(f.notified_on, f.received_on, "申请人收到收费通知之日早于通知发出之日")
        _require_order(f.received_on or f.notified_on, f.paid_on, "缴费之日早于收到收费通知之日")
    if steps.override is not None:
        if not str(steps.override.reason).strip():
            raise StepsError("第三十五条延迟答复期限须写明理由")
        _require_order(r, steps.override.due, "延迟答复期限早于收到申请之日")


def reply_deadline(steps: RequestSteps, cal: WorkCalendar, *, as_of: date | None = None) -> Deadline:
    """The reply deadline of 第三十三条 for ``steps``, explained step by step in Chinese.

    ``as_of`` (optional, the day of the question) only decides whether an unpaid fee notice has
    already lapsed (→ concluded as ``other.fee_unpaid``). Raises StepsError on impossible steps and
    LateExtensionError for an extension told after the original period.
    """
    _validate(steps)
    if as_of is not None:
        _check_date(as_of, "查询日")
    lines: list[str] = []
    warnings: list[str] = []
    horizon: list[date] = [steps.received_on]
    received = steps.received_on
    lines.append(f"{format_date(received)}收到申请（条例第三十一条确定的收到申请之日，当日不计入期限）")

    # 补正 (第三十条)
    notice_due: date | None = None
    origin = received
    if steps.supplement_requested_on is not None:
        nd = cal.add_working_days(received, SUPPLEMENT_NOTICE_DAYS)
        notice_due = nd.date
        horizon.append(nd.date)
        sent = steps.supplement_requested_on
        line = f"补正通知应于收到申请后7个工作日内一次性发出（第三十条）：{nd.explain('收到申请')}；实际于{format_date(sent)}发出"
        if sent > nd.date:
            warn = f"补正通知{format_date(sent)}发出，晚于法定期限{format_date(nd.date)}（第三十条）"
            warnings.append(warn)
            line += "，已逾期"
        lines.append(line)
        if steps.supplement_received_on is None:
            lines.append("尚未收到补正：答复期限自收到补正的申请之日起重新计算（第三十条），目前不计算答复期限")
            if steps.supplement_reply_by is not None:
                text = f"补正期限为{format_date(steps.supplement_reply_by)}"
                if as_of is not None and as_of > steps.supplement_reply_by:
                    text += f"，已届满；申请人无正当理由逾期不补正的，视为放弃申请（第三十条，办结去向 {OUTCOME_NO_SUPPLEMENT}），是否有正当理由须由经办人判断"
                lines.append(text)
            return _finish(
                cal,
                received,
                horizon,
                lines,
                warnings,
                None,
                ClockState.AWAITING_SUPPLEMENT,
                steps,
                notice_due=notice_due,
            )
        origin = steps.supplement_received_on
        lines.append(f"{format_date(origin)}收到补正的申请：答复期限自该日重新起算，不接续此前已经过的天数（第三十条）")

    # pauses (第三十三条第三款; the fee notice by 国办函〔2020〕109号, disclosure-rules.md §3 [M])
    pauses: list[_Pause] = []
    pause_lines: list[tuple[_Pause, str]] = []
    for c in sorted(steps.consultations, key=lambda c: c.sent_on):
        words = PARTY_WORDS[c.party]
        reply_due = cal.add_working_days(c.delivered_on or c.sent_on, CONSULTATION_DAYS)
        horizon.append(reply_due.date)
        base = f"{format_date(c.sent_on)}向{words}发出征求意见书"
        if c.delivered_on is not None and c.delivered_on != c.sent_on:
            base += f"，{format_date(c.delivered_on)}送达"
        base += f"；{words}最迟于{format_date(reply_due.date)}提出意见（{PARTY_ARTICLE[c.party]}，15个工作日）"
        if c.replied_on is not None and c.replied_on <= reply_due.date:
            end = c.replied_on
            base += f"；{format_date(end)}收到意见"
        elif c.replied_on is not None:
            end = reply_due.date
            base += f"；{format_date(c.replied_on)}才收到意见，已逾期，征求意见时间只算到{format_date(end)}"
        else:
            end = reply_due.date
            base += f"；尚未收到意见，按意见期限届满{format_date(end)}计算（提前收到意见的，期限相应提前）"
        p = _Pause(c.sent_on, end, base)
        pauses.append(p)
        pause_lines.append((p, base))

    fee = steps.fee_notice
    payment_due: date | None = None
    concluded = False
    if fee is not None:
        fee_received = fee.received_on or fee.notified_on
        pay = cal.add_working_days(fee_received, FEE_PAYMENT_DAYS)
        payment_due = pay.date
        horizon.append(pay.date)
        base = f"{format_date(fee.notified_on)}发出收费通知"
        if fee_received != fee.notified_on:
            base += f"，申请人{format_date(fee_received)}收到"
        base += f"；应自收到收费通知次日起20个工作日内缴费，即最迟于{format_date(pay.date)}（国办函〔2020〕109号）"
        if fee.paid_on is not None:
            base += f"；{format_date(fee.paid_on)}缴费"
            if fee.paid_on > pay.date:
                warnings.append(f"申请人{format_date(fee.paid_on)}缴费，晚于缴费期限{format_date(pay.date)}")
                base += "（已逾期）"
            p = _Pause(fee.notified_on, fee.paid_on, base, FEE_PAUSE_BASIS)
        elif as_of is not None and as_of > pay.date:
            concluded = True
            base += f"；至{format_date(as_of)}仍未缴费，缴费期限已届满：视为放弃申请，不再处理（办结去向 {OUTCOME_FEE_UNPAID}）"
            p = _Pause(fee.notified_on, None, base, FEE_PAUSE_BASIS)
        else:
            base += f"；尚未缴费，答复期限暂停；逾期未缴纳的，视为放弃申请（办结去向 {OUTCOME_FEE_UNPAID}）"
            p = _Pause(fee.notified_on, None, base, FEE_PAUSE_BASIS)
        pauses.append(p)
        pause_lines.append((p, base))

    # the 20 working days, with pauses
    plain = cal.add_working_days(origin, REPLY_DAYS)
    horizon.append(plain.date)
    start_event = "收到补正的申请" if origin != received else "收到申请"
    lines.append(f"答复期限20个工作日（第三十三条第二款）：{plain.explain(start_event)}")
    first = _walk(cal, origin, REPLY_DAYS, pauses)
    _explain_pauses(cal, first, pause_lines, lines)
    due = first.due
    if due is not None and due != plain.date:
        lines.append(f"扣除暂停的 {len(first.skipped)} 个工作日后，答复期限为{format_date(due)}")
        horizon.append(due)

    # extension (第三十三条第二款)
    if steps.extension is not None:
        e = steps.extension
        if e.notified_on < origin:
            raise StepsError(f"告知延期之日{format_date(e.notified_on)}早于答复期限的起算日{format_date(origin)}")
        if due is not None and e.notified_on > due:
            raise LateExtensionError(
                f"延期无效：{format_date(e.notified_on)}才告知申请人延期，已超过原答复期限{format_date(due)}。"
                "条例第三十三条第二款规定，需要延长答复期限的，应当在答复期限内经政府信息公开工作机构负责人同意并告知申请人"
            )
        second = _walk(cal, origin, REPLY_DAYS + EXTENSION_DAYS, pauses)
        line = (
            f"{format_date(e.approved_on)}经政府信息公开工作机构负责人同意延期，{format_date(e.notified_on)}告知申请人，"
            f"在原答复期限内：延长20个工作日（第三十三条第二款），自{start_event}之日起共40个工作日"
        )
        if second.due is not None:
            ext = cal.add_working_days(origin, REPLY_DAYS + EXTENSION_DAYS)
            horizon.extend([ext.date, second.due])
            line += f" → {format_date(second.due)}"
            if second.skipped:
                line += f"（含暂停的 {len(second.skipped)} 个工作日）"
            notes = cal.notes_between(origin, second.due)
            if notes:
                line += "；" + "；".join(notes)
        lines.append(line)
        first = second
        due = second.due

    state = ClockState.RUNNING
    outcome = None
    if due is None:
        assert first.blocked_by is not None
        if concluded:
            state, outcome = ClockState.CONCLUDED, OUTCOME_FEE_UNPAID
            lines.append(f"申请视为放弃，不再计算答复期限（办结去向 {OUTCOME_FEE_UNPAID}）")
        else:
            state = ClockState.PAUSED
            lines.append("答复期限因收费通知暂停：缴费后自缴费之日起恢复计算")
    else:
        for c in steps.consultations:
            if c.sent_on > due:
                warnings.append(
                    f"{format_date(c.sent_on)}发出的征求意见书晚于答复期限{format_date(due)}，不顺延答复期限"
                )
        if fee is not None and fee.notified_on > due:
            warnings.append(
                f"收费通知{format_date(fee.notified_on)}发出，晚于答复期限{format_date(due)}，不顺延答复期限"
            )
        lines.append(f"答复期限：{format_date(due)}")

    return _finish(
        cal, received, horizon, lines, warnings, due, state, steps,
        outcome=outcome, payment_due=payment_due, notice_due=notice_due,
    )  # fmt: skip


def _explain_pauses(cal: WorkCalendar, walk: _Walk, pause_lines: list[tuple[_Pause, str]], lines: list[str]) -> None:
    seen: set[date] = set()
    for p, text in pause_lines:
        if p.end is None:
            lines.append(text)
            continue
        days = cal.working_days_in(p.start, p.end)
        counted = [d for d in days if d in walk.skipped and d not in seen]
        overlap = [d for d in days if d in seen]
        seen.update(counted)
        if not days:
            text += "；其间没有工作日，不暂停"
        elif not counted and not overlap:
            text += "；开始时答复期限已届满或未起算，不暂停"
        else:
            text += f"；暂停 {len(counted)} 个工作日（{p.basis}）"
            if overlap:
                text += f"，另 {len(overlap)} 个工作日与前项暂停重叠，不重复计算"
        lines.append(text)


def _finish(
    cal: WorkCalendar,
    received: date,
    horizon: list[date],
    lines: list[str],
    warnings: list[str],
    due: date | None,
    state: ClockState,
    steps: RequestSteps,
    *,
    outcome: str | None = None,
    payment_due: date | None = None,
    notice_due: date | None = None,
) -> Deadline:
    statutory = due
    years = cal.unconfirmed_years_between(received, max(horizon))
    if years:
        lines.append(
            "临时结果："
            + "、".join(f"{y} 年" for y in years)
            + "节假日安排尚未确认（国务院办公厅通知未录入），相关日期暂按周一至周五为工作日计算，通知公布后须重算"
        )
    provisional = bool(years)
    if steps.override is not None and state is not ClockState.CONCLUDED:
        o = steps.override
        text = f"第三十五条：确定延迟答复的合理期限为{format_date(o.due)}（理由：{o.reason.strip()}）"
        if statutory is not None:
            text += f"；依第三十三条计算的期限为{format_date(statutory)}"
            if o.due < statutory:
                warnings.append(
                    f"第三十五条确定的期限{format_date(o.due)}早于依第三十三条计算的期限{format_date(statutory)}"
                )
        lines.append(text)
        lines.append(f"答复期限：{format_date(o.due)}（第三十五条）")
        due, state, provisional = o.due, ClockState.RUNNING, False
    return Deadline(
        due=due,
        provisional=provisional,
        explanation=tuple(lines),
        state=state,
        outcome=outcome,
        unconfirmed_years=years,
        warnings=tuple(warnings),
        statutory_due=statutory,
        payment_due=payment_due,
        supplement_notice_due=notice_due,
    )
