"""The pure workflow: transition table, state derivation, the clock's steps (no database)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

import pytest

from gongkai.applications import workflow as wf
from gongkai.applications.workflow import State, StepKind
from gongkai.workdays import builtin_calendar, reply_deadline

D = date


@dataclass
class S:
    kind: str
    occurred_on: date
    data: dict = field(default_factory=dict)
    pk: int = 0


def history(*steps: S) -> list[S]:
    for number, step in enumerate(steps, start=1):
        step.pk = number
    return list(steps)


RECEIVED = D(2025, 1, 24)


def registered(day=RECEIVED, received=True):
    return S(StepKind.REGISTERED, day, {"received_on": day.isoformat() if received else None})


def test_every_state_has_a_row_in_the_transition_table():
    assert set(wf.ALLOWED) == set(wf.STATE_LABELS)
    for kinds in wf.ALLOWED.values():
        assert kinds <= set(wf.STEP_KINDS)
    assert wf.ALLOWED[State.DELIVERED] == frozenset()


def test_derive_follows_the_steps():
    steps = history(
        registered(received=False),
        S(StepKind.RECEIPT_CONFIRMED, D(2025, 1, 27)),
        S(StepKind.CONSULTATION_STARTED, D(2025, 2, 5), {"party": "third_party"}),
    )
    d = wf.derive(steps)
    assert (d.state, d.received_on, d.open_consultations) == (State.CONSULTING, D(2025, 1, 27), (3,))
    steps.append(S(StepKind.CONSULTATION_ENDED, D(2025, 2, 10), {"started_step": 3, "replied": True}, pk=4))
    steps.append(S(StepKind.REPLIED, D(2025, 2, 11), {"outcome": "granted"}, pk=5))
    d = wf.derive(steps)
    assert (d.state, d.outcome, d.concluded_on) == (State.CONCLUDED, "granted", D(2025, 2, 11))
    steps.append(S(StepKind.DELIVERED, D(2025, 2, 12), pk=6))
    assert wf.derive(steps).state == State.DELIVERED


@pytest.mark.parametrize(
    ("kind", "outcome"),
    [
        (StepKind.WITHDRAWN, "other.other"),
        (StepKind.CONCLUDED_FEE_UNPAID, "other.fee_unpaid"),
        (StepKind.CONCLUDED_NO_SUPPLEMENT, "other.no_supplement"),
    ],
)
def test_concluding_steps_have_their_outcome(kind, outcome):
    d = wf.derive(history(registered(), S(kind, D(2025, 3, 1))))
    assert (d.outcome, d.concluded_on) == (outcome, D(2025, 3, 1))


def test_transitions_refused_with_chinese_messages():
    waiting = history(registered(received=False))
    with pytest.raises(wf.TransitionError, match="请先确认收到申请"):
        wf.check_transition(waiting, StepKind.REPLIED)
    asked = history(registered(), S(StepKind.SUPPLEMENT_REQUESTED, D(2025, 1, 27), {"reply_by": "2025-02-14"}))
    asked.append(S(StepKind.SUPPLEMENT_RECEIVED, D(2025, 2, 3), pk=3))
    with pytest.raises(wf.TransitionError, match="一次性"):
        wf.check_transition(asked, StepKind.SUPPLEMENT_REQUESTED)
    consulted = history(registered(), S(StepKind.CONSULTATION_STARTED, D(2025, 1, 27), {"party": "third_party"}))
    with pytest.raises(wf.TransitionError, match="征求意见结束"):
        wf.check_transition(consulted, StepKind.REPLIED)
    with pytest.raises(wf.TransitionError, match="未知"):
        wf.check_transition(consulted, StepKind.REGISTERED)
    with pytest.raises(wf.TransitionError, match="第一个步骤"):
        wf.derive([S(StepKind.REPLIED, D(2025, 1, 1))])


def test_supplement_must_come_before_consultation_extension_or_fee():
    steps = history(registered(), S(StepKind.CONSULTATION_STARTED, D(2025, 1, 27), {"party": "third_party"}))
    steps.append(S(StepKind.CONSULTATION_ENDED, D(2025, 1, 28), {"started_step": 2}, pk=3))
    assert StepKind.SUPPLEMENT_REQUESTED not in wf.allowed_kinds(steps)
    with pytest.raises(wf.TransitionError, match="第三十条"):
        wf.check_transition(steps, StepKind.SUPPLEMENT_REQUESTED)


def test_request_steps_feed_the_clock():
    steps = history(
        registered(),
        S(StepKind.SUPPLEMENT_REQUESTED, D(2025, 1, 27), {"reply_by": "2025-02-14"}),
        S(StepKind.SUPPLEMENT_RECEIVED, D(2025, 2, 5)),
        S(StepKind.CONSULTATION_STARTED, D(2025, 2, 10), {"party": "other_agency", "delivered_on": "2025-02-11"}),
        S(StepKind.CONSULTATION_ENDED, D(2025, 2, 17), {"started_step": 4, "replied": True}),
        S(StepKind.EXTENDED, D(2025, 2, 20), {"approved_on": "2025-02-19"}),
    )
    rs = wf.request_steps(steps)
    assert rs.received_on == D(2025, 1, 24)
    assert (rs.supplement_requested_on, rs.supplement_received_on, rs.supplement_reply_by) == (
        D(2025, 1, 27),
        D(2025, 2, 5),
        D(2025, 2, 14),
    )
    (c,) = rs.consultations
    assert (c.sent_on, c.delivered_on, c.replied_on, c.party) == (
        D(2025, 2, 10),
        D(2025, 2, 11),
        D(2025, 2, 17),
        "other_agency",
    )
    assert (rs.extension.approved_on, rs.extension.notified_on) == (D(2025, 2, 19), D(2025, 2, 20))
    assert reply_deadline(rs, builtin_calendar()).due is not None
    assert wf.request_steps(history(registered(received=False))) is None


def test_lapsed_consultation_has_no_reply_date():
    steps = history(
        registered(),
        S(StepKind.CONSULTATION_STARTED, D(2025, 2, 10), {"party": "third_party"}),
        S(StepKind.CONSULTATION_ENDED, D(2025, 3, 5), {"started_step": 2, "replied": False}),
    )
    assert wf.request_steps(steps).consultations[0].replied_on is None
