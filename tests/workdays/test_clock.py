"""The reply clock of 第三十三条 with 补正, consultations, extension, fee notices and 第三十五条."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from gongkai.workdays import (
    OUTCOME_FEE_UNPAID,
    ClockState,
    Consultation,
    Extension,
    FeeNotice,
    LateExtensionError,
    Override,
    RequestSteps,
    StepsError,
    YearCalendar,
    fee_payment_due,
    proactive_publication_due,
    reply_deadline,
    supplement_notice_due,
    third_party_reply_due,
)
from gongkai.workdays.clock import OTHER_AGENCY

D = date


# --- the helpers and the §4.4 examples --------------------------------------------------------------


def test_helpers_match_the_worked_examples(cal):
    assert supplement_notice_due(D(2025, 1, 24), cal).due == D(2025, 2, 10)
    assert third_party_reply_due(D(2025, 4, 25), cal).due == D(2025, 5, 20)
    assert third_party_reply_due(D(2025, 4, 25), cal, OTHER_AGENCY).explanation[0].count("第三十四条") == 1
    assert fee_payment_due(D(2025, 3, 11), cal).due == D(2025, 4, 9)
    assert proactive_publication_due(D(2025, 9, 26), cal).due == D(2025, 10, 30)
    d = supplement_notice_due(D(2025, 1, 24), cal)
    assert "第三十条" in d.explanation[0]
    assert d.explanation[1].startswith("2025-01-24（周五）收到申请 → 7 个工作日 → 2025-02-10（周一）")


@pytest.mark.parametrize(
    ("received", "due"),
    [
        (D(2025, 1, 24), D(2025, 2, 27)),
        (D(2024, 9, 27), D(2024, 10, 30)),
        (D(2025, 9, 26), D(2025, 10, 30)),
        (D(2026, 2, 13), D(2026, 3, 19)),
    ],
)
def test_plain_reply_deadline(cal, received, due):
    d = reply_deadline(RequestSteps(received), cal)
    assert (d.due, d.state, d.provisional, d.warnings) == (due, ClockState.RUNNING, False, ())
    assert d.explanation[-1].startswith(f"答复期限：{due.isoformat()}（周")


def test_explanation_is_concrete(cal):
    d = reply_deadline(RequestSteps(D(2023, 9, 28)), cal)
    assert d.due == D(2023, 11, 1)
    assert d.explanation == (
        "2023-09-28（周四）收到申请（条例第三十一条确定的收到申请之日，当日不计入期限）",
        "答复期限20个工作日（第三十三条第二款）：2023-09-28（周四）收到申请 → 20 个工作日 → 2023-11-01（周三）；"
        "9月29日至10月6日（中秋节、国庆节）放假；10月7日（周六）、10月8日（周日）为调休工作日",
        "答复期限：2023-11-01（周三）",
    )


# --- 补正 (第三十条) ------------------------------------------------------------------------------


def test_supplement_restarts_the_clock(cal):
    steps = RequestSteps(D(2025, 1, 24), supplement_requested_on=D(2025, 2, 5), supplement_received_on=D(2025, 2, 12))
    d = reply_deadline(steps, cal)
    assert d.due == D(2025, 3, 12)  # 20 working days after 2025-02-12, not the rest of the first period
    assert d.supplement_notice_due == D(2025, 2, 10)
    assert d.warnings == ()
    assert any("重新起算" in line for line in d.explanation)


def test_supplement_across_spring_festival_2026(cal):
    # received Fri 2026-02-13; 7 working days → Mon 3/2 (Sat 2/14 and Sat 2/28 count)
    steps = RequestSteps(D(2026, 2, 13), supplement_requested_on=D(2026, 3, 3), supplement_received_on=D(2026, 3, 9))
    d = reply_deadline(steps, cal)
    assert d.supplement_notice_due == D(2026, 3, 2)
    assert len(d.warnings) == 1 and "晚于法定期限" in d.warnings[0]
    assert d.due == D(2026, 4, 7)  # 3/9 + 20: 4/4–4/6 清明 off


def test_awaiting_supplement_has_no_due_date(cal):
    steps = RequestSteps(D(2025, 1, 24), supplement_requested_on=D(2025, 2, 5), supplement_reply_by=D(2025, 2, 20))
    d = reply_deadline(steps, cal, as_of=D(2025, 3, 1))
    assert d.due is None and d.state == ClockState.AWAITING_SUPPLEMENT and d.outcome is None
    assert any("视为放弃申请" in line and "正当理由" in line for line in d.explanation)


def test_supplement_steps_in_the_wrong_order_are_refused(cal):
    with pytest.raises(StepsError, match="没有补正通知"):
        reply_deadline(RequestSteps(D(2025, 1, 24), supplement_received_on=D(2025, 2, 12)), cal)
    with pytest.raises(StepsError, match="早于补正通知"):
        reply_deadline(
            RequestSteps(D(2025, 1, 24), supplement_requested_on=D(2025, 2, 5), supplement_received_on=D(2025, 2, 4)),
            cal,
        )


# --- consultations (第三十二条, 第三十四条, 第三十三条第三款) ------------------------------------


def test_consultation_pauses_the_clock(cal):
    steps = RequestSteps(D(2025, 3, 3), consultations=(Consultation(D(2025, 3, 10), D(2025, 3, 17)),))
    d = reply_deadline(steps, cal)
    assert d.due == D(2025, 4, 8)  # 3/31 + 5 paused working days (4/4 清明 off)
    assert any("暂停 5 个工作日" in line for line in d.explanation)


def test_running_consultation_counts_to_the_end_of_the_15_days(cal):
    steps = RequestSteps(D(2025, 3, 3), consultations=(Consultation(D(2025, 3, 10)),))
    d = reply_deadline(steps, cal)
    assert d.due == D(2025, 4, 22)  # 15 working days paused: 3/31 + 15
    late = RequestSteps(D(2025, 3, 3), consultations=(Consultation(D(2025, 3, 10), D(2025, 5, 6)),))
    assert reply_deadline(late, cal).due == d.due  # a late reply does not stretch the pause


def test_consultation_delivered_later_counts_from_delivery(cal):
    c = Consultation(D(2025, 3, 10), None, delivered_on=D(2025, 3, 12))
    d = reply_deadline(RequestSteps(D(2025, 3, 3), consultations=(c,)), cal)
    assert d.due == D(2025, 4, 24)  # the third party's 15 days end 4/2: pause 3/10..4/1 = 17 working days


def test_overlapping_consultations_count_once(cal):
    steps = RequestSteps(
        D(2025, 3, 3),
        consultations=(Consultation(D(2025, 3, 10), D(2025, 3, 17)), Consultation(D(2025, 3, 12), party=OTHER_AGENCY)),
    )
    d = reply_deadline(steps, cal)
    assert d.due == D(2025, 4, 24)
    assert any("重叠" in line for line in d.explanation)


def test_consultation_over_national_day_2025(cal):
    # received Fri 9/26; letter Mon 9/29, reply Fri 10/17: paused 9/29, 9/30, 10/9, 10/10, Sat 10/11, 10/13–16 = 9
    steps = RequestSteps(D(2025, 9, 26), consultations=(Consultation(D(2025, 9, 29), D(2025, 10, 17)),))
    d = reply_deadline(steps, cal)
    assert d.due == D(2025, 11, 12)  # 10/30 + 9 working days


def test_consultation_after_the_deadline_does_not_extend_it(cal):
    steps = RequestSteps(D(2025, 3, 3), consultations=(Consultation(D(2025, 4, 1), D(2025, 4, 10)),))
    d = reply_deadline(steps, cal)
    assert d.due == D(2025, 3, 31)
    assert any("不顺延" in w for w in d.warnings)


def test_consultation_before_receipt_is_refused(cal):
    with pytest.raises(StepsError):
        reply_deadline(RequestSteps(D(2025, 3, 3), consultations=(Consultation(D(2025, 3, 1)),)), cal)
    with pytest.raises(StepsError):
        reply_deadline(RequestSteps(D(2025, 3, 3), consultations=(Consultation(D(2025, 3, 5), party="court"),)), cal)


# --- extension (第三十三条第二款) -----------------------------------------------------------------


def test_extension_in_time(cal):
    d = reply_deadline(RequestSteps(D(2025, 1, 24), extension=Extension(D(2025, 2, 20), D(2025, 2, 21))), cal)
    assert d.due == D(2025, 3, 27)
    assert any("延长20个工作日" in line for line in d.explanation)


def test_extension_told_on_the_last_day_is_in_time(cal):
    d = reply_deadline(RequestSteps(D(2025, 1, 24), extension=Extension(D(2025, 2, 27), D(2025, 2, 27))), cal)
    assert d.due == D(2025, 3, 27)


def test_late_extension_is_refused(cal):
    with pytest.raises(LateExtensionError, match="延期无效") as exc:
        reply_deadline(RequestSteps(D(2025, 1, 24), extension=Extension(D(2025, 2, 27), D(2025, 2, 28))), cal)
    assert "2025-02-27（周四）" in str(exc.value) and "第三十三条第二款" in str(exc.value)


def test_extension_needs_approval_before_notice(cal):
    with pytest.raises(StepsError, match="负责人同意"):
        reply_deadline(RequestSteps(D(2025, 1, 24), extension=Extension(D(2025, 2, 21), D(2025, 2, 20))), cal)


def test_extension_within_a_paused_period_is_in_time(cal):
    # consultation moves the first period to 4/8, so notice on 4/3 is in time; 40 + 5 paused days
    steps = RequestSteps(
        D(2025, 3, 3),
        consultations=(Consultation(D(2025, 3, 10), D(2025, 3, 17)),),
        extension=Extension(D(2025, 4, 2), D(2025, 4, 3)),
    )
    d = reply_deadline(steps, cal)
    assert d.due == cal.add_working_days(D(2025, 3, 3), 45).date == D(2025, 5, 8)  # Sun 4/27 works, 5/1–5 off


def test_extension_after_supplement_counts_from_the_supplement(cal):
    steps = RequestSteps(
        D(2024, 9, 10),
        supplement_requested_on=D(2024, 9, 12),
        supplement_received_on=D(2024, 9, 27),
        extension=Extension(D(2024, 10, 28), D(2024, 10, 30)),
    )
    d = reply_deadline(steps, cal)
    assert d.due == cal.add_working_days(D(2024, 9, 27), 40).date == D(2024, 11, 27)


# --- fee notice (国办函〔2020〕109号) ---------------------------------------------------------------


def test_paid_fee_pauses_until_payment(cal):
    steps = RequestSteps(D(2025, 3, 3), fee_notice=FeeNotice(D(2025, 3, 10), D(2025, 3, 11), D(2025, 3, 20)))
    d = reply_deadline(steps, cal)
    assert d.due == D(2025, 4, 11)  # 8 working days 3/10..3/19
    assert d.payment_due == D(2025, 4, 9)
    assert any("暂停 8 个工作日（收费通知发出至缴费期间不计入答复期限" in line for line in d.explanation)


def test_unpaid_fee_pauses_then_concludes(cal):
    steps = RequestSteps(D(2025, 3, 3), fee_notice=FeeNotice(D(2025, 3, 10), D(2025, 3, 11)))
    waiting = reply_deadline(steps, cal, as_of=D(2025, 4, 9))  # the last day to pay
    assert waiting.due is None and waiting.state == ClockState.PAUSED and waiting.outcome is None
    assert reply_deadline(steps, cal).state == ClockState.PAUSED
    done = reply_deadline(steps, cal, as_of=D(2025, 4, 10))
    assert done.state == ClockState.CONCLUDED and done.outcome == OUTCOME_FEE_UNPAID == "other.fee_unpaid"
    assert done.due is None and any("视为放弃申请" in line for line in done.explanation)


def test_fee_payment_period_over_spring_festival_2024(cal):
    # notice received Thu 2024-02-08: 2/9 (1), Sun 2/18 (2), 2/19–23 (3–7), … 3/13 (20)
    steps = RequestSteps(D(2024, 2, 1), fee_notice=FeeNotice(D(2024, 2, 7), D(2024, 2, 8), D(2024, 2, 19)))
    d = reply_deadline(steps, cal)
    assert d.payment_due == D(2024, 3, 13)
    # paused 2/7, 2/8, 2/9, Sun 2/18 = 4 working days; 20 after 2/1 is 3/5 (2/4 and 2/18 Sundays count) → +4
    assert cal.add_working_days(D(2024, 2, 1), 20).date == D(2024, 3, 5)
    assert d.due == D(2024, 3, 11)


def test_fee_and_consultation_overlap(cal):
    steps = RequestSteps(
        D(2025, 3, 3),
        consultations=(Consultation(D(2025, 3, 10), D(2025, 3, 17)),),
        fee_notice=FeeNotice(D(2025, 3, 12), None, D(2025, 3, 19)),
    )
    d = reply_deadline(steps, cal)
    assert d.due == cal.add_working_days(D(2025, 3, 31), 7).date  # 3/10..3/18: 7 distinct working days


# --- 第三十五条 override, unconfirmed years ---------------------------------------------------------


def test_override_wins(cal):
    o = Override(D(2025, 6, 30), "申请数量明显超过合理范围，理由合理，无法在法定期限内答复")
    d = reply_deadline(RequestSteps(D(2025, 3, 3), override=o), cal)
    assert d.due == D(2025, 6, 30) and d.statutory_due == D(2025, 3, 31)
    assert "第三十五条" in d.explanation[-2] and d.explanation[-1] == "答复期限：2025-06-30（周一）（第三十五条）"
    with pytest.raises(StepsError, match="理由"):
        reply_deadline(RequestSteps(D(2025, 3, 3), override=Override(D(2025, 6, 30), "  ")), cal)


def test_request_running_into_an_unconfirmed_year_is_provisional(cal):
    d = reply_deadline(RequestSteps(D(2026, 12, 15)), cal)
    assert d.due == D(2027, 1, 12) and d.provisional and d.unconfirmed_years == (2027,)
    assert d.explanation[-1].startswith("临时结果：2027 年")
    confirmed = cal.with_year(YearCalendar(2027, {D(2027, 1, 1): "元旦"}, confirmed=True))
    again = reply_deadline(RequestSteps(D(2026, 12, 15)), confirmed)
    assert again.due == D(2027, 1, 13) and not again.provisional


def test_fee_payment_period_alone_can_make_a_result_provisional(cal):
    steps = RequestSteps(D(2026, 11, 2), fee_notice=FeeNotice(D(2026, 11, 20), None, D(2026, 11, 23)))
    d = reply_deadline(steps, cal)
    assert d.payment_due == D(2026, 12, 18)
    assert not d.provisional
    steps = RequestSteps(D(2026, 11, 2), fee_notice=FeeNotice(D(2026, 11, 30), None, D(2026, 12, 1)))
    assert reply_deadline(steps, cal).provisional  # its payment period reaches 12/28, which 2027's notice may touch


def test_datetime_is_refused(cal):
    from datetime import datetime

    with pytest.raises(TypeError):
        reply_deadline(RequestSteps(datetime(2025, 3, 3, 10, 0)), cal)


# --- properties -------------------------------------------------------------------------------------

received = st.dates(min_value=date(2023, 1, 1), max_value=date(2026, 10, 31))
offsets = st.integers(min_value=0, max_value=30)


@settings(max_examples=150, deadline=None)
@given(r=received, start=offsets, length=offsets)
def test_a_pause_never_shortens_and_at_most_shifts_by_its_length(cal, r, start, length):
    base = reply_deadline(RequestSteps(r), cal).due
    s = cal.add_working_days(r, start).date
    e = cal.add_working_days(s, length).date
    paused = reply_deadline(RequestSteps(r, consultations=(Consultation(s, e),)), cal)
    assert paused.due >= base
    width = len(cal.working_days_in(s, min(e, third_party_reply_due(s, cal).due)))
    assert cal.working_days_between(base, paused.due).count <= width


@settings(max_examples=150, deadline=None)
@given(r=received, k=st.integers(min_value=0, max_value=20))
def test_any_extension_within_the_period_gives_40_days(cal, r, k):
    notified = cal.add_working_days(r, k).date
    d = reply_deadline(RequestSteps(r, extension=Extension(notified, notified)), cal)
    assert d.due == cal.add_working_days(r, 40).date
    late = cal.add_working_days(r, 21).date
    with pytest.raises(LateExtensionError):
        reply_deadline(RequestSteps(r, extension=Extension(late, late)), cal)
