"""The consistency rules: each fires on a purpose-made broken copy of the reference
report, real reports give exactly the findings they should, and consistent
reports give no error."""

from __future__ import annotations

import json
from datetime import date
from decimal import Decimal

import pytest
from hypothesis import HealthCheck, given, settings
from tests.annual_report.strategies import annotated_reports, consistent_reports, reports_2019
from tests.corpus import CORPUS, REFERENCE_EXPECTED, REFERENCE_TEXT

from gongkai.annual_report import parse_file
from gongkai.annual_report.format import FORMAT_2019, FORMAT_2021, split_key
from gongkai.annual_report.model import Cell, Report
from gongkai.annual_report.parse.json import parse_json
from gongkai.annual_report.rules import RULES, Finding, Severity, check

ERROR, WARNING, NOT_CHECKED = Severity.ERROR, Severity.WARNING, Severity.NOT_CHECKED


def load(path) -> Report:
    return parse_json(path.read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def reference() -> Report:
    return load(REFERENCE_EXPECTED)


def of(findings: list[Finding], severity: Severity | None = None, rule: str | None = None) -> list[Finding]:
    return [f for f in findings if (severity is None or f.severity == severity) and (rule is None or f.rule == rule)]


def only(findings: list[Finding], rule: str, key: str | None = None) -> Finding:
    matching = [f for f in findings if f.rule == rule and (key is None or f.key == key)]
    assert len(matching) == 1, findings
    return matching[0]


def assert_finding(finding: Finding, *, rule, severity, table, row, column, expected, actual):
    assert (finding.rule, finding.severity) == (rule, severity)
    assert (finding.table, finding.row, finding.column) == (table, row, column)
    assert (finding.expected, finding.actual) == (expected, actual)
    assert finding.message.startswith(f"[{rule}] ")


# -- the registry ----------------------------------------------------------------------

SPEC_SEVERITIES = {
    "T3.balance": ERROR,
    "T3.concluded_sum": ERROR,
    "T3.column_sum": ERROR,
    "T4.group_sum": ERROR,
    "value.range": ERROR,
    "value.missing": ERROR,
    "X.carry_over": ERROR,
    "S.placeholder": ERROR,
    "X.in_force": WARNING,
    "S.fee_statement": WARNING,
    "S.narrative_figures": WARNING,
    "S.all_concluded": WARNING,
    "S.no_appeals": WARNING,
    "S.wrong_year": WARNING,
    "S.empty_section": WARNING,
    "S.section_order": WARNING,
    "value.blank": WARNING,
    "value.unit": WARNING,
    "X.format_year": WARNING,
    "S.published_late": WARNING,
    "S.repeated_text": WARNING,
}


def test_registry_lists_every_rule_of_the_spec_with_its_severity_and_a_chinese_title():
    assert {code: rule.severity for code, rule in RULES.items()} == SPEC_SEVERITIES
    assert list(RULES) == list(SPEC_SEVERITIES)  # the order of the spec's table
    for rule in RULES.values():
        assert any("\u4e00" <= ch <= "\u9fff" for ch in rule.title), rule.code
        assert callable(rule.function)


# -- real reports ---------------------------------------------------------------------------


def test_reference_has_no_error_and_no_warning(reference):
    findings = check(reference)
    assert of(findings, ERROR) == []
    assert of(findings, WARNING) == []


def test_reference_without_sections_says_which_checks_were_not_made(reference):
    not_checked = {f.rule for f in of(check(reference), NOT_CHECKED)}
    # No previous year, no publication date, no text in the canonical JSON of the transcription.
    assert not_checked == {
        "X.carry_over",
        "X.in_force",
        "S.fee_statement",
        "S.narrative_figures",
        "S.published_late",
        "S.repeated_text",
        "S.placeholder",
        "S.all_concluded",
        "S.no_appeals",
        "S.wrong_year",
        "S.empty_section",
        "S.section_order",
    }


def test_reference_parsed_with_its_text_passes_the_section_rules():
    findings = check(parse_file(REFERENCE_TEXT))
    assert of(findings, ERROR) == [] and of(findings, WARNING) == []
    assert of(findings, rule="S.fee_statement") == []
    assert of(findings, rule="S.narrative_figures") == []


def test_hongze_2023_has_exactly_its_two_published_errors_in_table_four():
    findings = check(load(CORPUS / "hongze-2023.expected.json"))
    errors = of(findings, ERROR)
    assert [(f.rule, f.row) for f in errors] == [
        ("T4.group_sum", "reconsideration"),
        ("T4.group_sum", "litigation_after_reconsideration"),
    ]
    assert_finding(
        errors[0],
        rule="T4.group_sum",
        severity=ERROR,
        table="appeals",
        row="reconsideration",
        column="total",
        expected=11,
        actual=0,
    )
    assert errors[0].message == (
        "[T4.group_sum] 表四“行政复议”组“总计”应为 11（结果维持 10 + 结果纠正 1 + 其他结果 0 + 尚未审结 0），报告中为 0"
    )
    assert (errors[1].expected, errors[1].actual) == (5, 0)


def test_hongze_2024_follows_on_from_2023():
    before = load(CORPUS / "hongze-2023.expected.json")
    after = load(CORPUS / "hongze-2024.expected.json")
    findings = check(after, previous=before)
    assert of(findings, rule="X.carry_over") == []
    assert of(findings, rule="X.in_force") == []
    assert of(findings, ERROR) == []


@pytest.mark.parametrize("name", ["huaian-2024", "shuyang-fgj-2023"])
def test_other_corpus_reports_have_no_error(name):
    findings = check(load(CORPUS / f"{name}.expected.json"))
    assert of(findings, ERROR) == []
    assert of(findings, rule="value.unit") == []  # a city's 96,171.6 万元 is plausible


# -- each rule on a broken copy of the reference ---------------------------------------------


def test_t3_balance(reference):
    broken = reference.with_cells({"requests.carried_out.natural_person": 1, "requests.carried_out.total": 1})
    findings = check(broken)
    assert [f.column for f in of(findings, ERROR)] == ["natural_person", "total"]
    finding = only(findings, "T3.balance", "requests.*.natural_person")
    assert_finding(
        finding,
        rule="T3.balance",
        severity=ERROR,
        table="requests",
        row=None,
        column="natural_person",
        expected=2,
        actual=3,
    )
    assert "表三“自然人”列" in finding.message
    assert "结转下年度继续办理 1" in finding.message


def test_t3_concluded_sum(reference):
    broken = reference.with_cells({"requests.granted.natural_person": 2, "requests.granted.total": 2})
    findings = check(broken)
    assert {f.rule for f in of(findings, ERROR)} == {"T3.concluded_sum"}
    finding = only(findings, "T3.concluded_sum", "requests.concluded_total.natural_person")
    assert_finding(
        finding,
        rule="T3.concluded_sum",
        severity=ERROR,
        table="requests",
        row="concluded_total",
        column="natural_person",
        expected=3,
        actual=2,
    )
    assert "（一）予以公开 2" in finding.message and "其余各项为 0" in finding.message
    assert "报告中为 2" in finding.message


def test_t3_column_sum(reference):
    findings = check(reference.with_cells({"requests.new.business": 1}))
    finding = only(findings, "T3.column_sum")
    assert_finding(
        finding,
        rule="T3.column_sum",
        severity=ERROR,
        table="requests",
        row="new",
        column="total",
        expected=3,
        actual=2,
    )
    assert "本年新收政府信息公开申请数量" in finding.message and "商业企业 1" in finding.message
    # the same cell also breaks its column's balance
    assert only(findings, "T3.balance").column == "business"


def test_t4_group_sum(reference):
    findings = check(reference.with_cells({"appeals.litigation_direct.pending": 2}))
    finding = only(findings, "T4.group_sum")
    assert_finding(
        finding,
        rule="T4.group_sum",
        severity=ERROR,
        table="appeals",
        row="litigation_direct",
        column="total",
        expected=2,
        actual=0,
    )
    assert finding.message.startswith("[T4.group_sum] 表四“行政诉讼 未经复议直接起诉”组“总计”应为 2")


def test_value_range_counts(reference):
    findings = check(reference.with_cells({"proactive.licensing.decisions": -3}))
    finding = only(findings, "value.range")
    assert_finding(
        finding,
        rule="value.range",
        severity=ERROR,
        table="proactive",
        row="licensing",
        column="decisions",
        expected=None,
        actual=-3,
    )
    assert "行政许可" in finding.message and "不能为负数" in finding.message


def test_value_range_fractional_count_and_negative_fee(reference):
    findings = check(
        reference.with_cells(
            {"proactive.penalty.decisions": Decimal("7.5"), "proactive.fees.amount_wan_yuan": Decimal("-1")}
        )
    )
    assert {f.key for f in of(findings, rule="value.range")} == {
        "proactive.penalty.decisions",
        "proactive.fees.amount_wan_yuan",
    }


def test_value_missing_is_one_error_and_the_checks_it_feeds_are_not_checked(reference):
    broken = reference.with_cells({"requests.new.natural_person": Cell.missing("“二”不是一个数字", raw="二")})
    findings = check(broken)
    error = only(of(findings, ERROR), "value.missing")
    assert of(findings, ERROR) == [error]
    assert_finding(
        error,
        rule="value.missing",
        severity=ERROR,
        table="requests",
        row="new",
        column="natural_person",
        expected=None,
        actual="二",
    )
    assert "表三" in error.message and "自然人" in error.message and "原文“二”" in error.message
    not_checked = {(f.rule, f.key) for f in of(findings, NOT_CHECKED) if f.rule.startswith("T")}
    assert not_checked == {
        ("T3.balance", "requests.*.natural_person"),
        ("T3.column_sum", "requests.new.total"),
    }


def test_value_missing_a_table_not_found_is_one_finding(reference):
    # What the parser gives when section 三 was not found: every cell missing, one reason.
    cells = {key: Cell.missing("报告中没有找到第三部分") for key in reference.format.table("requests").cell_keys()}
    missing = of(check(reference.with_cells(cells)), rule="value.missing")
    assert [(f.key, f.severity) for f in missing] == [("requests", ERROR)]
    assert missing[0].message == (
        "[value.missing] 表三（第三部分“收到和处理政府信息公开申请情况”）的数字都没有读到：报告中没有找到第三部分"
    )


def test_value_missing_a_row_a_column_and_a_cell(reference):
    table = reference.format.table("requests")
    glued = Cell.missing("数字连在一起印，有多种分法", raw="100001")
    cells = {f"requests.granted.{c.code}": glued for c in table.row("granted").columns}
    cells |= {f"requests.{r.code}.total": Cell.missing("总计列无法读取") for r in table.rows}
    cells["appeals.reconsideration.upheld"] = Cell.missing("“一”不是一个数字", raw="一")
    missing = of(check(reference.with_cells(cells)), rule="value.missing")
    assert [f.key for f in missing] == ["requests.*.total", "requests.granted", "appeals.reconsideration.upheld"]
    column, row, cell = missing
    assert column.message == "[value.missing] 表三“总计”列的数字都没有读到：总计列无法读取"
    # the row's total is the column's: the row finding names the six cells left, reason and text once
    assert row.message == (
        "[value.missing] 表三“三、本年度办理结果 （一）予以公开”行的数字都没有读到："
        "数字连在一起印，有多种分法（原文“100001”）"
    )
    assert (row.table, row.row, row.column, row.actual) == ("requests", "granted", None, "100001")
    assert (
        cell.message == "[value.missing] 表四“行政复议”行“结果维持”列缺少数字或无法读取：“一”不是一个数字（原文“一”）"
    )


def test_value_missing_a_whole_group_of_table_four(reference):
    cells = {f"appeals.litigation_direct.{c}": Cell.missing("") for c in ("upheld", "corrected", "other", "pending")}
    cells["appeals.litigation_direct.total"] = Cell.missing("")
    (finding,) = of(check(reference.with_cells(cells)), rule="value.missing")
    assert finding.key == "appeals.litigation_direct"
    assert finding.message == "[value.missing] 表四“行政诉讼 未经复议直接起诉”组的数字都没有读到"


def test_value_blank_whole_columns_are_one_finding_each():
    # 沭阳 2023 printed the five 法人或其他组织 columns of table 三 blank: 125 cells, 5 findings.
    findings = of(check(parse_file(CORPUS / "shuyang-fgj-2023.txt")), rule="value.blank")
    assert [f.key for f in findings] == [
        f"requests.*.{c}" for c in ("business", "research", "public_interest", "legal_service", "other_org")
    ]
    assert findings[0].message.startswith(
        "[value.blank] 表三“法人或其他组织 商业企业”列全部为空白（25 格），已按 0 计算"
    )


def test_a_cell_absent_from_the_report_is_missing(reference):
    cells = dict(reference.cells)
    del cells["appeals.reconsideration.total"]
    findings = check(reference.replace(cells=cells))
    assert [f.key for f in of(findings, ERROR)] == ["appeals.reconsideration.total"]
    assert only(findings, "T4.group_sum").severity == NOT_CHECKED


def test_not_applicable_cells_are_left_out_of_sums(reference):
    # “/” where the figure was 0: every sum still agrees, nothing to say.
    findings = check(reference.with_cells({"requests.granted.research": Cell.not_applicable()}))
    assert of(findings, ERROR) == []
    assert [f for f in of(findings, NOT_CHECKED) if f.rule.startswith("T")] == []
    # “/” where the sums need a 1: the checks cannot tell, so they say so instead of erring.
    findings = check(reference.with_cells({"requests.granted.natural_person": Cell.not_applicable()}))
    assert of(findings, ERROR) == []
    not_checked = {(f.rule, f.key) for f in of(findings, NOT_CHECKED) if f.rule.startswith("T")}
    assert not_checked == {
        ("T3.concluded_sum", "requests.concluded_total.natural_person"),
        ("T3.column_sum", "requests.granted.total"),
    }
    assert all("不适用" in f.message for f in of(findings, NOT_CHECKED) if f.rule.startswith("T"))


def test_x_carry_over(reference):
    previous = reference.replace(year=2022).with_cells(
        {"requests.carried_out.natural_person": 1, "requests.carried_out.total": 1}
    )
    findings = check(reference, previous=previous)
    found = of(findings, rule="X.carry_over")
    assert [f.column for f in found] == ["natural_person", "total"]
    assert_finding(
        found[0],
        rule="X.carry_over",
        severity=ERROR,
        table="requests",
        row="carried_in",
        column="natural_person",
        expected=1,
        actual=0,
    )
    assert "上年报告" in found[0].message and "上年结转" in found[0].message


def test_x_carry_over_needs_the_year_before(reference):
    findings = check(reference, previous=reference.replace(year=2020))
    assert [f.severity for f in of(findings, rule="X.carry_over")] == [NOT_CHECKED]
    assert of(check(reference, previous=reference.replace(year=2022)), rule="X.carry_over") == []


def test_x_in_force(reference):
    # 2023: 10 issued, 5 repealed, 26 in force; 21 in force in 2022 would agree.
    fine = reference.replace(year=2022).with_cells({"proactive.normative_documents.in_force": 21})
    assert of(check(reference, previous=fine), rule="X.in_force") == []
    off = reference.replace(year=2022).with_cells({"proactive.normative_documents.in_force": 20})
    finding = only(check(reference, previous=off), "X.in_force")
    assert_finding(
        finding,
        rule="X.in_force",
        severity=WARNING,
        table="proactive",
        row="normative_documents",
        column="in_force",
        expected=25,
        actual=26,
    )
    assert "行政规范性文件" in finding.message and "请在报告中说明" in finding.message


def test_x_in_force_after_a_2019_layout_year(reference):
    previous = Report.zero(FORMAT_2019, year=2022)
    found = of(check(reference, previous=previous), rule="X.in_force")
    assert {f.severity for f in found} == {NOT_CHECKED}
    assert {f.row for f in found} == {"regulations", "normative_documents"}


SECTIONS = {
    "overview": "（一）主动公开情况\n本年度新收政府信息公开申请2件，均已按时办结。",
    "problems": "公开内容的深度和广度还不够。下一步将继续加大工作力度。",
    "other_matters": "本年度未收取信息处理费。",
}


def test_sections_that_agree_give_no_finding(reference):
    findings = check(reference.replace(sections=SECTIONS))
    assert of(findings, rule="S.fee_statement") == []
    assert of(findings, rule="S.narrative_figures") == []


def test_s_fee_statement(reference):
    finding = only(check(reference.replace(sections={**SECTIONS, "other_matters": "无。"})), "S.fee_statement")
    assert_finding(
        finding, rule="S.fee_statement", severity=WARNING, table=None, row=None, column=None, expected=None, actual=None
    )
    assert "第六部分“其他需要报告的事项”" in finding.message
    assert "信息处理费" in finding.message


def test_s_fee_statement_section_six_absent(reference):
    sections = {k: v for k, v in SECTIONS.items() if k != "other_matters"}
    assert only(check(reference.replace(sections=sections)), "S.fee_statement").severity == WARNING


def test_s_narrative_figures(reference):
    sections = {**SECTIONS, "overview": "本年度新收政府信息公开申请3件。"}
    finding = only(check(reference.replace(sections=sections)), "S.narrative_figures")
    assert_finding(
        finding,
        rule="S.narrative_figures",
        severity=WARNING,
        table="requests",
        row="new",
        column="total",
        expected=2,
        actual=3,
    )
    assert "新收政府信息公开申请 3" in finding.message and "为 2" in finding.message


def test_value_blank(reference):
    finding = only(check(reference.with_cells({"requests.new.research": Cell.blank()})), "value.blank")
    assert_finding(
        finding,
        rule="value.blank",
        severity=WARNING,
        table="requests",
        row="new",
        column="research",
        expected=None,
        actual=0,
    )
    assert "科研机构" in finding.message and "空白" in finding.message


def test_value_unit_amount_that_looks_like_yuan(reference):
    department = reference.replace(agency="某某县人力资源和社会保障局")
    finding = only(check(department.with_cells({"proactive.fees.amount_wan_yuan": Decimal("1252600")})), "value.unit")
    assert_finding(
        finding,
        rule="value.unit",
        severity=WARNING,
        table="proactive",
        row="fees",
        column="amount_wan_yuan",
        expected=None,
        actual=Decimal("1252600"),
    )
    assert "行政事业性收费" in finding.message and "125.26 亿元" in finding.message
    # The same figure for a whole government is large but not beyond belief … up to its own limit.
    government = reference.replace(agency="某某市人民政府")
    assert (
        of(check(government.with_cells({"proactive.fees.amount_wan_yuan": Decimal("252600")})), rule="value.unit") == []
    )
    assert of(check(government.with_cells({"proactive.fees.amount_wan_yuan": Decimal("1252600")})), rule="value.unit")


def test_value_unit_too_many_decimals(reference):
    findings = check(reference.with_cells({"proactive.fees.amount_wan_yuan": Decimal("24252.311082")}))
    finding = only(findings, "value.unit")
    assert finding.actual == Decimal("24252.311082")
    assert "小数超过 4 位" in finding.message
    assert (
        of(check(reference.with_cells({"proactive.fees.amount_wan_yuan": Decimal("1.2345")})), rule="value.unit") == []
    )


def test_x_format_year(reference):
    finding = only(check(reference.replace(year=2020)), "X.format_year")
    assert_finding(
        finding,
        rule="X.format_year",
        severity=WARNING,
        table=None,
        row=None,
        column=None,
        expected="2019",
        actual="2021",
    )
    assert FORMAT_2019.name in finding.message and FORMAT_2021.name in finding.message
    assert only(check(Report.zero(FORMAT_2019, year=2022)), "X.format_year").expected == "2021"


def test_s_published_late_department(reference):
    department = reference.replace(agency="某某县人力资源和社会保障局")
    assert of(check(department.replace(published_on=date(2024, 1, 31))), rule="S.published_late") == []
    finding = only(check(department.replace(published_on=date(2024, 2, 5))), "S.published_late")
    assert_finding(
        finding,
        rule="S.published_late",
        severity=WARNING,
        table=None,
        row=None,
        column=None,
        expected=date(2024, 1, 31),
        actual=date(2024, 2, 5),
    )
    assert "2024年1月31日" in finding.message and "晚了 5 天" in finding.message


def test_s_published_late_government(reference):
    government = reference.replace(agency="某某县人民政府")
    assert of(check(government.replace(published_on=date(2024, 3, 31))), rule="S.published_late") == []
    finding = only(check(government.replace(published_on=date(2024, 4, 1))), "S.published_late")
    assert (finding.severity, finding.expected) == (WARNING, date(2024, 3, 31))


def test_s_published_late_not_yet_published(reference):
    department = reference.replace(agency="某某县人力资源和社会保障局")
    assert only(check(department, today=date(2024, 1, 20)), "S.published_late").severity == NOT_CHECKED
    finding = only(check(department, today=date(2024, 2, 20)), "S.published_late")
    assert (finding.severity, finding.expected, finding.actual) == (WARNING, date(2024, 1, 31), None)


def test_s_repeated_text(reference):
    this_year = reference.replace(sections=SECTIONS)
    copied = reference.replace(year=2022, sections={**SECTIONS, "overview": SECTIONS["overview"].replace("2件", "5件")})
    finding = only(check(this_year, previous=copied), "S.repeated_text")
    assert (finding.severity, finding.actual) == (WARNING, Decimal("1.00"))
    assert "上年报告" in finding.message
    fresh = reference.replace(
        year=2022,
        sections={
            "overview": "全年围绕重点领域推进信息公开。",
            "problems": "政策解读形式还比较单一。",
            "other_matters": "全年没有收取信息处理费用。",
        },
    )
    assert of(check(this_year, previous=fresh), rule="S.repeated_text") == []


# -- output --------------------------------------------------------------------------------


def test_findings_serialise_to_json(reference):
    broken = reference.replace(agency="某某县发展和改革局", published_on=date(2024, 3, 1)).with_cells(
        {"proactive.fees.amount_wan_yuan": Decimal("12.345678"), "appeals.reconsideration.upheld": 1}
    )
    data = json.loads(json.dumps([f.to_dict() for f in check(broken)], ensure_ascii=False))
    by_rule = {d["rule"]: d for d in data}
    assert by_rule["value.unit"]["actual"] == "12.345678"
    assert by_rule["S.published_late"]["expected"] == "2024-01-31"
    assert by_rule["T4.group_sum"]["key"] == "appeals.reconsideration.total"
    assert by_rule["T4.group_sum"]["severity"] == "error"
    assert set(by_rule["T4.group_sum"]) == {
        "rule",
        "severity",
        "table",
        "row",
        "column",
        "key",
        "expected",
        "actual",
        "message",
    }


# -- the 2019 layout --------------------------------------------------------------------------


def test_a_quiet_2019_report_has_no_error_and_no_table_two_carry_over():
    quiet = Report.zero(FORMAT_2019, year=2020)
    findings = check(quiet, previous=Report.zero(FORMAT_2019, year=2019))
    assert of(findings, ERROR) == [] and of(findings, WARNING) == []
    assert of(findings, rule="X.in_force") == []  # the 2019 table 二 counts no documents in force


def test_2019_rules_use_its_single_other_row():
    broken = Report.zero(FORMAT_2019, year=2020).with_cells({"requests.other.natural_person": 1})
    findings = check(broken)
    assert {(f.rule, f.key) for f in of(findings, ERROR)} == {
        ("T3.concluded_sum", "requests.concluded_total.natural_person"),
        ("T3.column_sum", "requests.other.total"),
    }
    consistent = broken.with_cells(
        {
            "requests.other.total": 1,
            "requests.concluded_total.natural_person": 1,
            "requests.concluded_total.total": 1,
            "requests.new.natural_person": 1,
            "requests.new.total": 1,
        }
    )
    assert of(check(consistent), ERROR) == []


def test_2019_carry_over_into_2021():
    before = Report.zero(FORMAT_2019, year=2020).with_cells({"requests.carried_out.legal_service": 4})
    findings = check(Report.zero(FORMAT_2021, year=2021), previous=before)
    finding = only(findings, "X.carry_over")
    assert (finding.key, finding.expected, finding.actual) == ("requests.carried_in.legal_service", 4, 0)


# -- properties ---------------------------------------------------------------------------------

PROPERTY = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@PROPERTY
@given(consistent_reports())
def test_consistent_reports_have_no_error(report):
    findings = check(report)
    assert of(findings, ERROR) == []
    assert of(findings, rule="S.fee_statement") == []


@PROPERTY
@given(reports_2019())
def test_consistent_2019_reports_have_no_error(report):
    assert of(check(report), ERROR) == []


@PROPERTY
@given(annotated_reports())
def test_blank_and_not_applicable_cells_never_make_an_error(report):
    findings = check(report)
    assert of(findings, ERROR) == []
    blank = {key for key, cell in report.cells.items() if cell.state == "blank"}
    covered = [key for f in of(findings, rule="value.blank") for key in report.format.cell_keys() if covers(f.key, key)]
    assert set(covered) == blank  # every blank cell named, and only blank cells


def covers(finding_key: str | None, key: str) -> bool:
    """Whether a finding's key (a cell, ``table.row``, ``table.*.column`` or a table) names the cell ``key``."""
    if finding_key is None:
        return False
    table, row, column = split_key(key)
    return finding_key in (key, table, f"{table}.{row}", f"{table}.*.{column}")


@PROPERTY
@given(consistent_reports())
def test_every_message_starts_with_its_code_and_names_a_table_when_it_has_one(report):
    broken = report.with_cells({"appeals.reconsideration.total": 99, "requests.new.natural_person": Cell.missing("?")})
    for finding in check(broken, previous=report.replace(year=report.year - 1)):
        assert finding.message.startswith(f"[{finding.rule}] ")
        if finding.row is not None and finding.severity == ERROR:
            assert "表" in finding.message
