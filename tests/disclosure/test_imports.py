"""Bulk import of administrative decisions: all rows or none, each bad row reported with its reason."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openpyxl import Workbook

from gongkai.disclosure import services
from gongkai.disclosure.imports import parse_date, read_decision_rows
from gongkai.disclosure.models import LICENSING, PENALTY, PROACTIVE, AdministrativeDecision, DecisionSource

pytestmark = pytest.mark.django_db

LICENSING_LABEL = PROACTIVE.row(LICENSING).label
PENALTY_LABEL = PROACTIVE.row(PENALTY).label


def csv_bytes(rows, encoding="utf-8-sig") -> bytes:
    return "\n".join(",".join(r) for r in rows).encode(encoding)


GOOD = [
    ["类别", "决定文书号", "决定日期", "相对人", "相对人为自然人", "内容摘要"],
    [LICENSING_LABEL, "济人社许〔2023〕001号", "2023-01-05", "济源某人力资源服务有限公司", "否", "准予许可"],
    [PENALTY_LABEL, "济人社监罚〔2023〕1号", "2023年6月1日", "张三", "是", "罚款"],
    ["licensing", "济人社许〔2023〕002号", "2023/12/31", "某劳务派遣公司", "", ""],
]


def test_a_good_csv_is_imported_whole(agency, clerk):
    outcome = services.decisions_import(actor=clerk, agency=agency, data=csv_bytes(GOOD), filename="d.csv")
    assert outcome.ok and outcome.imported == 3
    person = AdministrativeDecision.objects.get(decision_number="济人社监罚〔2023〕1号")
    assert person.subject_is_person and person.public_subject == "张*"
    assert person.source == DecisionSource.IMPORT
    assert set(AdministrativeDecision.objects.values_list("decided_on", flat=True)) == {
        dt.date(2023, 1, 5),
        dt.date(2023, 6, 1),
        dt.date(2023, 12, 31),
    }


def test_bad_rows_are_rejected_exactly_with_reasons_and_nothing_is_imported(agency, clerk):
    services.decision_register(
        actor=clerk,
        agency=agency,
        kind=LICENSING,
        decision_number="已有1号",
        decided_on=dt.date(2023, 1, 1),
        subject="x",
    )
    rows = [
        GOOD[0],
        GOOD[1],  # row 2: good
        ["行政奖励", "A-1", "2023-01-05", "某公司", "否", ""],  # row 3: unknown kind
        [LICENSING_LABEL, "A-2", "2023-13-45", "某公司", "否", ""],  # row 4: bad date
        [LICENSING_LABEL, "", "2023-01-05", "某公司", "否", ""],  # row 5: no number
        [LICENSING_LABEL, "A-3", "2023-01-05", "", "否", ""],  # row 6: no subject
        [LICENSING_LABEL, "济人社许〔2023〕001号", "2023-01-06", "某公司", "否", ""],  # row 7: same as row 2
        [LICENSING_LABEL, "已有1号", "2023-01-06", "某公司", "否", ""],  # row 8: already registered
        [LICENSING_LABEL, "A-4", "2023-01-06", "某公司", "也许", ""],  # row 9: bad yes/no
        GOOD[3],  # row 10: good
    ]
    outcome = services.decisions_import(actor=clerk, agency=agency, data=csv_bytes(rows), filename="d.csv")
    assert not outcome.ok and outcome.imported == 0
    reasons = {e.row_number: e.reason for e in outcome.report.errors}
    assert sorted(reasons) == [3, 4, 5, 6, 7, 8, 9]
    assert "类别“行政奖励”无效" in reasons[3]
    assert "不是有效日期" in reasons[4]
    assert "缺少决定文书号" in reasons[5]
    assert "缺少相对人" in reasons[6]
    assert "与第 2 行重复" in reasons[7]
    assert "已经登记过" in reasons[8]
    assert "应填是或否" in reasons[9]
    assert [r.row_number for r in outcome.report.rows] == [2, 10]
    assert AdministrativeDecision.objects.filter(agency=agency).count() == 1


def test_xlsx_with_excel_dates_and_a_chosen_kind(agency, clerk):
    book = Workbook()
    sheet = book.active
    sheet.append(["行政相对人名称", "许可文书号", "许可决定日期"])
    sheet.append(["甲公司", "X-1", dt.datetime(2023, 3, 1)])
    sheet.append(["乙公司", "X-2", 45000])  # an Excel serial day: 2023-03-15
    buffer = io.BytesIO()
    book.save(buffer)
    outcome = services.decisions_import(
        actor=clerk, agency=agency, data=buffer.getvalue(), filename="d.xlsx", default_kind=LICENSING
    )
    assert outcome.imported == 2, outcome.report.errors
    assert AdministrativeDecision.objects.get(decision_number="X-2").decided_on == dt.date(2023, 3, 15)


def test_missing_columns_and_empty_files_are_reported(agency, clerk):
    outcome = services.decisions_import(
        actor=clerk, agency=agency, data=csv_bytes([["文书号", "日期"]]), filename="d.csv"
    )
    assert "缺少列" in outcome.report.file_error and "类别" in outcome.report.file_error
    only_header = csv_bytes([GOOD[0]])
    assert "没有数据行" in services.decisions_import(actor=clerk, agency=agency, data=only_header).report.file_error


def test_gb18030_csv_is_read(agency, clerk):
    outcome = services.decisions_import(actor=clerk, agency=agency, data=csv_bytes(GOOD, "gb18030"), filename="d.csv")
    assert outcome.imported == 3


def test_dry_run_imports_nothing(agency, clerk):
    outcome = services.decisions_import(actor=clerk, agency=agency, data=csv_bytes(GOOD), dry_run=True)
    assert outcome.ok and outcome.imported == 0
    assert not AdministrativeDecision.objects.exists()


@pytest.mark.parametrize(
    ("text", "day"),
    [
        ("2023-05-06", dt.date(2023, 5, 6)),
        ("2023/5/6", dt.date(2023, 5, 6)),
        ("2023.5.6", dt.date(2023, 5, 6)),
        ("2023年5月6日", dt.date(2023, 5, 6)),
        ("2023-05-06 10:30:00", dt.date(2023, 5, 6)),
        ("2023-02-30", None),
        ("五月六日", None),
    ],
)
def test_dates(text, day):
    assert parse_date(text) == day


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(st.booleans(), min_size=1, max_size=15))
def test_every_bad_row_is_reported_and_only_the_bad_ones(good_or_bad):
    rows = [GOOD[0]]
    for k, good in enumerate(good_or_bad):
        rows.append([LICENSING_LABEL, f"N-{k}", "2023-01-05" if good else "not a date", "某公司", "否", ""])
    report = read_decision_rows(csv_bytes(rows), "d.csv")
    bad_rows = [k + 2 for k, good in enumerate(good_or_bad) if not good]
    assert [e.row_number for e in report.errors] == bad_rows
    assert len(report.rows) == len(good_or_bad) - len(bad_rows)
    assert report.ok == (not bad_rows)
