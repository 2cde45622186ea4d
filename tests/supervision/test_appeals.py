"""Reconsideration and litigation cases, and table 四 counted from them."""

from __future__ import annotations

from datetime import date

import pytest

from gongkai.annual_report import check
from gongkai.annual_report.model import Cell, Report
from gongkai.audit.models import AuditEvent
from gongkai.core.errors import ApplicationError, PermissionDenied
from gongkai.supervision.selectors import appeals_table_counts
from gongkai.supervision.services import appeal_case_decide, appeal_case_register

pytestmark = pytest.mark.django_db


def _register(agency, number, kind="reconsideration", filed_on=date(2023, 3, 1), actor=None):
    return appeal_case_register(actor=actor, agency=agency, kind=kind, case_number=number, filed_on=filed_on)


def test_table_four_counts_cases_by_result_known_at_year_end(agency):
    upheld = _register(agency, "济复〔2023〕1号")
    appeal_case_decide(actor=None, case=upheld, result="upheld", decided_on=date(2023, 5, 1))
    late = _register(agency, "济复〔2023〕2号", filed_on=date(2023, 11, 1))
    appeal_case_decide(actor=None, case=late, result="corrected", decided_on=date(2024, 1, 10))
    _register(agency, "（2023）豫9001行初1号", kind="litigation_direct")
    _register(agency, "济复〔2022〕9号", filed_on=date(2022, 12, 1))  # another year

    counts = appeals_table_counts(agency, 2023)
    assert counts["appeals.reconsideration.upheld"] == 1
    assert counts["appeals.reconsideration.pending"] == 1  # decided only in 2024
    assert counts["appeals.reconsideration.total"] == 2
    assert counts["appeals.litigation_direct.pending"] == counts["appeals.litigation_direct.total"] == 1
    assert counts["appeals.litigation_after_reconsideration.total"] == 0
    report = Report.zero().with_cells({k: Cell.of(v) for k, v in counts.items()})
    assert [f for f in check(report) if f.rule == "T4.group_sum"] == []


def test_carried_over_cases_are_counted_only_when_asked(agency):
    _register(agency, "济复〔2022〕9号", filed_on=date(2022, 12, 1))
    assert appeals_table_counts(agency, 2023)["appeals.reconsideration.total"] == 0
    assert appeals_table_counts(agency, 2023, include_carried_over=True)["appeals.reconsideration.pending"] == 1


def test_register_and_decide_are_audited(agency):
    case = _register(agency, "济复〔2023〕3号")
    appeal_case_decide(actor=None, case=case, result="other", decided_on=date(2023, 4, 1))
    assert list(AuditEvent.objects.order_by("id").values_list("code", flat=True))[-2:] == [
        "appeal_case.registered",
        "appeal_case.decided",
    ]


@pytest.mark.parametrize(
    "changes, message",
    [
        ({"kind": "appeal"}, "类别"),
        ({"case_number": "  "}, "案号"),
    ],
)
def test_bad_cases_are_refused(agency, changes, message):
    arguments = {
        "actor": None,
        "agency": agency,
        "kind": "reconsideration",
        "case_number": "1",
        "filed_on": date(2023, 1, 1),
    }
    arguments.update(changes)
    with pytest.raises(ApplicationError, match=message):
        appeal_case_register(**arguments)


def test_a_case_number_is_registered_once(agency):
    _register(agency, "济复〔2023〕1号")
    with pytest.raises(ApplicationError, match="已经登记过"):
        _register(agency, "济复〔2023〕1号")


def test_a_decision_cannot_predate_filing_or_be_given_twice(agency):
    case = _register(agency, "济复〔2023〕1号")
    with pytest.raises(ApplicationError, match="不能早于"):
        appeal_case_decide(actor=None, case=case, result="upheld", decided_on=date(2023, 1, 1))
    appeal_case_decide(actor=None, case=case, result="upheld", decided_on=date(2023, 6, 1))
    with pytest.raises(ApplicationError, match="已于"):
        appeal_case_decide(actor=None, case=case, result="corrected", decided_on=date(2023, 7, 1))


def test_staff_of_another_agency_cannot_register(agency, other_agency, make_staff):
    outsider = make_staff(other_agency, username="outsider")
    with pytest.raises(PermissionDenied):
        _register(agency, "济复〔2023〕1号", actor=outsider)
