"""The consistency rules of the national annual-report format (the "Rules" table of
annual-report-format.md, §2.6 of disclosure-rules.md), run on a ``Report``.

    findings = check(report, previous=last_year, today=date(2025, 2, 3))

Every finding names its rule, a severity, the cell (table / row / column codes),
the expected and the actual figure, and a message in Chinese that starts with
the rule code in brackets and names the cell in a clerk's words, taken from the
format data (``ReportFormat.describe``, ``Row``/``Column`` labels). No label of
the format is spelled here.

Severities:

* ``error``: the report is wrong (tables that do not add up, a figure that is
  not a count, a figure that could not be read).
* ``warning``: a person should look (a cross-year mismatch that a clean-up may
  explain, a fee that looks like 元, a late publication …).
* ``not_checked``: the rule could not be applied, and says why. A check whose
  inputs include a *missing* cell is ``not_checked`` (the missing cell itself is
  one ``value.missing`` error, never more). A check that needs an input the
  caller did not give — the previous year's report, the publication date, the
  section texts (the corpus ``*.expected.json`` files have none) — gives ONE
  ``not_checked`` finding, so that the reader sees which checks were not made.

Cells printed "/" or "—" (not applicable) are left out of sums. When a sum
still agrees without them nothing is said; when it does not, the difference
might hide behind the "/", so the check is ``not_checked`` rather than an error.
Blank cells count as 0 (and each gets a ``value.blank`` warning).

``Finding.key`` is the cell key ``table.row.column`` when the finding is about
one cell, ``table.row`` for a whole row, ``table.*.column`` for a whole column
(``T3.balance``, ``X.carry_over`` name their column this way only when no single
row is to blame), the table code alone, or ``None`` for report-level findings.

``value.unit`` thresholds (a heuristic, a warning only): the fee amount of
table 二 is in 万元. A government-level report (agency name ending in 人民政府,
whole city or county) above ``FEE_LIMIT_GOVERNMENT`` = 1,000,000 万元 (100 亿元),
or any other agency above ``FEE_LIMIT_DEPARTMENT`` = 100,000 万元 (10 亿元),
probably wrote 元; so does a figure with more than ``FEE_MAX_DECIMALS`` = 4
decimals (万元 to 4 places is already 1 元). The real city of 淮安 (96,171.6 万元)
and district of 洪泽 (7,730.28 万元) pass.

``S.repeated_text`` compares the sentences of the narrative sections (split at
。！？； and line ends, whitespace and punctuation dropped, every run of digits
treated alike so that a sentence copied with new figures still counts as
repeated, sentences shorter than ``MIN_SENTENCE_CHARS`` ignored) and warns
when more than half of this year's sentences appear in last year's report.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from enum import StrEnum
from typing import Any

from .format import (
    APPEALS_TOTAL_COLUMN,
    REQUESTS_CARRIED_IN,
    REQUESTS_CARRIED_OUT,
    REQUESTS_CONCLUDED_TOTAL,
    REQUESTS_NEW,
    REQUESTS_TOTAL_COLUMN,
    Layout,
    ReportFormat,
    Row,
    Table,
    ValueKind,
    cell_key,
    format_for_year,
    split_key,
)
from .model import Cell, CellState, Number, Report
from .narrative import narrative_figures

# Codes (not labels) of the format that the rules refer to.
PROACTIVE = "proactive"
REQUESTS = "requests"
APPEALS = "appeals"
FEES_ROW = "fees"
ISSUED, REPEALED, IN_FORCE = "issued", "repealed", "in_force"
OVERVIEW_SECTION = "overview"
OTHER_MATTERS_SECTION = "other_matters"

FEE_LIMIT_GOVERNMENT = Decimal(1_000_000)  # 万元, i.e. 100 亿元
FEE_LIMIT_DEPARTMENT = Decimal(100_000)  # 万元, i.e. 10 亿元
FEE_MAX_DECIMALS = 4
GOVERNMENT_SUFFIX = "人民政府"  # the agency name of a government-level report ends so
MIN_SENTENCE_CHARS = 8
REPEATED_SHARE = Decimal("0.5")

Value = int | Decimal | str | date


class Severity(StrEnum):
    ERROR = "error"
    WARNING = "warning"
    NOT_CHECKED = "not_checked"


@dataclass(frozen=True)
class Finding:
    rule: str
    severity: Severity
    table: str | None
    row: str | None
    column: str | None
    expected: Value | None
    actual: Value | None
    message: str

    @property
    def key(self) -> str | None:
        if self.table is None:
            return None
        if self.row is None:
            return self.table if self.column is None else f"{self.table}.*.{self.column}"
        if self.column is None:
            return f"{self.table}.{self.row}"
        return cell_key(self.table, self.row, self.column)

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready: decimals as exact strings (like the canonical JSON), dates as YYYY-MM-DD."""
        return {
            "rule": self.rule,
            "severity": str(self.severity),
            "table": self.table,
            "row": self.row,
            "column": self.column,
            "key": self.key,
            "expected": _json_value(self.expected),
            "actual": _json_value(self.actual),
            "message": self.message,
        }


def _json_value(value: Value | None) -> Any:
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, date):
        return value.isoformat()
    return value


@dataclass(frozen=True)
class Context:
    report: Report
    previous: Report | None
    today: date | None

    @property
    def fmt(self) -> ReportFormat:
        return self.report.format


@dataclass(frozen=True)
class Rule:
    code: str
    severity: Severity
    title: str  # short, Chinese, for listings
    function: Callable[[Context], Iterable[Finding]]
    needs: str | None = None  # previous | published_on | sections: an input besides the tables

    def __call__(self, ctx: Context) -> Iterable[Finding]:
        return self.function(ctx)


RULES: dict[str, Rule] = {}


def _rule(code: str, severity: Severity, title: str, needs: str | None = None):
    def register(function: Callable[[Context], Iterable[Finding]]) -> Callable[[Context], Iterable[Finding]]:
        RULES[code] = Rule(code, severity, title, function, needs)
        return function

    return register


def check(report: Report, previous: Report | None = None, *, today: date | None = None) -> list[Finding]:
    """Every finding of every rule, in the order of ``RULES`` (errors of the tables first)."""
    ctx = Context(report, previous, today)
    findings: list[Finding] = []
    for rule in RULES.values():
        findings.extend(rule(ctx))
    return findings


def errors(findings: Iterable[Finding]) -> list[Finding]:
    return [f for f in findings if f.severity is Severity.ERROR]


# -- building findings ---------------------------------------------------------


def _finding(
    code: str,
    text: str,
    *,
    severity: Severity | None = None,
    table: str | None = None,
    row: str | None = None,
    column: str | None = None,
    expected: Value | None = None,
    actual: Value | None = None,
) -> Finding:
    return Finding(
        rule=code,
        severity=severity or RULES[code].severity,
        table=table,
        row=row,
        column=column,
        expected=expected,
        actual=actual,
        message=f"[{code}] {text}",
    )


def _not_checked(code: str, text: str, **where: str | None) -> Finding:
    return _finding(code, text, severity=Severity.NOT_CHECKED, **where)


def _show(value: Number | None) -> str:
    if value is None:
        return "/"
    if isinstance(value, Decimal):
        return format(value, "f")
    return str(value)


def _row_name(table: Table, row: Row) -> str:
    """The row as a clerk names it: without the block heading of tables 二 and 三
    (the item of 第二十条, the heading over the outcomes), with the group of table 四."""
    if table.layout is Layout.WIDE or len(row.path) == 1:
        return row.full_label
    return " ".join(row.path[1:])


def _column_name(fmt: ReportFormat, table_code: str, row_code: str, column_code: str) -> str:
    return fmt.lookup(cell_key(table_code, row_code, column_code))[2].label


def _term_name(fmt: ReportFormat, key: str) -> str:
    """A short name of a cell inside a sum: its row for a column sum, its column for a row sum."""
    table, row, _column = fmt.lookup(key)
    return _row_name(table, row)


# -- arithmetic ---------------------------------------------------------------


@dataclass(frozen=True)
class _Term:
    key: str
    sign: int = 1
    previous: bool = False  # read from the previous year's report


@dataclass
class _Side:
    total: Number
    values: list[tuple[_Term, Number | None]]
    missing: list[_Term]
    not_applicable: list[_Term]


def _report_of(ctx: Context, term: _Term) -> Report:
    if term.previous:
        assert ctx.previous is not None
        return ctx.previous
    return ctx.report


def _side(ctx: Context, terms: Iterable[_Term]) -> _Side:
    side = _Side(0, [], [], [])
    for term in terms:
        cell = _report_of(ctx, term).cell(term.key)
        if cell.state is CellState.MISSING or (cell.value is None and cell.state is not CellState.NOT_APPLICABLE):
            side.missing.append(term)
            side.values.append((term, None))
        elif cell.state is CellState.NOT_APPLICABLE:
            side.not_applicable.append(term)
            side.values.append((term, None))
        else:
            side.total += term.sign * cell.value
            side.values.append((term, cell.value))
    return side


def _cell_ref(ctx: Context, term: _Term) -> str:
    report = _report_of(ctx, term)
    return ("上年报告" if term.previous else "") + report.format.describe(term.key)


def _sum_text(side: _Side, name: Callable[[_Term], str], *, only_nonzero: bool = False) -> str:
    """``label 10 + label 1 + label 0``; with ``only_nonzero`` the zeros are summarised."""
    parts: list[str] = []
    omitted = 0
    for term, value in side.values:
        if only_nonzero and value == 0:
            omitted += 1
            continue
        sign = "−" if term.sign < 0 else "+"
        parts.append(("" if not parts and sign == "+" else f" {sign} ") + f"{name(term)} {_show(value)}")
    text = "".join(parts).strip()
    if only_nonzero and omitted:
        text = f"{text}，其余各项为 0" if text else "各项均为 0"
    return text


def _compare(
    ctx: Context,
    code: str,
    *,
    what: str,
    expected_terms: Iterable[_Term],
    actual_terms: Iterable[_Term],
    where: dict[str, str | None],
    message: Callable[[_Side, _Side], str],
) -> Iterator[Finding]:
    """expected = actual, with missing and not-applicable cells handled the same way for every rule."""
    expected = _side(ctx, expected_terms)
    actual = _side(ctx, actual_terms)
    missing = expected.missing + actual.missing
    if missing:
        cells = "、".join(_cell_ref(ctx, t) for t in missing)
        yield _not_checked(code, f"{what}未能核对：{cells}缺少数字或无法读取", **where)
        return
    if expected.total == actual.total:
        return
    not_applicable = expected.not_applicable + actual.not_applicable
    if not_applicable:
        cells = "、".join(_cell_ref(ctx, t) for t in not_applicable)
        yield _not_checked(
            code,
            f"{what}未能核对：{cells}为“/”（不适用），不计这些格时应为 {_show(expected.total)}，"
            f"报告中为 {_show(actual.total)}，请人工核对",
            **where,
        )
        return
    yield _finding(code, message(expected, actual), expected=expected.total, actual=actual.total, **where)


# -- table 三 ---------------------------------------------------------------------


def _requests(fmt: ReportFormat) -> Table:
    return fmt.table(REQUESTS)


@_rule("T3.balance", Severity.ERROR, "表三各列的勾稽关系")
def _t3_balance(ctx: Context) -> Iterator[Finding]:
    fmt = ctx.fmt
    table = _requests(fmt)
    for column in table.row(REQUESTS_NEW).columns:

        def term(row: str, column: str = column.code) -> _Term:
            return _Term(cell_key(REQUESTS, row, column))

        what = f"表{table.number}“{' '.join(column.path)}”列的勾稽关系"

        def message(expected: _Side, actual: _Side, what: str = what) -> str:
            def name(t: _Term) -> str:
                return _term_name(fmt, t.key)

            return (
                f"{what}不成立：{_sum_text(expected, name)}，合计 {_show(expected.total)}；"
                f"而 {_sum_text(actual, name)}，合计 {_show(actual.total)}；两者应相等"
            )

        yield from _compare(
            ctx,
            "T3.balance",
            what=what,
            expected_terms=[term(REQUESTS_NEW), term(REQUESTS_CARRIED_IN)],
            actual_terms=[term(REQUESTS_CONCLUDED_TOTAL), term(REQUESTS_CARRIED_OUT)],
            where={"table": REQUESTS, "row": None, "column": column.code},
            message=message,
        )


@_rule("T3.concluded_sum", Severity.ERROR, "表三办理结果的合计等于各项办理结果之和")
def _t3_concluded_sum(ctx: Context) -> Iterator[Finding]:
    fmt = ctx.fmt
    table = _requests(fmt)
    for column in table.row(REQUESTS_CONCLUDED_TOTAL).columns:
        key = cell_key(REQUESTS, REQUESTS_CONCLUDED_TOTAL, column.code)
        subject = fmt.describe(key)

        def message(expected: _Side, actual: _Side, subject: str = subject) -> str:
            listed = _sum_text(expected, lambda t: _term_name(fmt, t.key), only_nonzero=True)
            return f"{subject}应为 {_show(expected.total)}（{listed}），报告中为 {_show(actual.total)}"

        yield from _compare(
            ctx,
            "T3.concluded_sum",
            what=f"{subject}与各项办理结果之和",
            expected_terms=[_Term(cell_key(REQUESTS, row, column.code)) for row in fmt.outcome_rows],
            actual_terms=[_Term(key)],
            where={"table": REQUESTS, "row": REQUESTS_CONCLUDED_TOTAL, "column": column.code},
            message=message,
        )


def _row_sum(ctx: Context, code: str, table_code: str, total_column: str) -> Iterator[Finding]:
    """total = the other columns of the row, for every row of the table."""
    fmt = ctx.fmt
    table = fmt.table(table_code)
    for row in table.rows:
        parts = [c for c in row.columns if c.code != total_column]
        key = cell_key(table_code, row.code, total_column)
        subject = (
            f"表{table.number}“{_row_name(table, row)}”组“{fmt.lookup(key)[2].label}”"
            if table.layout is Layout.WIDE
            else fmt.describe(key)
        )

        def message(expected: _Side, actual: _Side, subject: str = subject) -> str:
            listed = _sum_text(expected, lambda t: fmt.lookup(t.key)[2].label)
            return f"{subject}应为 {_show(expected.total)}（{listed}），报告中为 {_show(actual.total)}"

        yield from _compare(
            ctx,
            code,
            what=f"{subject}与各项之和",
            expected_terms=[_Term(cell_key(table_code, row.code, c.code)) for c in parts],
            actual_terms=[_Term(key)],
            where={"table": table_code, "row": row.code, "column": total_column},
            message=message,
        )


@_rule("T3.column_sum", Severity.ERROR, "表三各行的合计等于各类申请人之和")
def _t3_column_sum(ctx: Context) -> Iterator[Finding]:
    return _row_sum(ctx, "T3.column_sum", REQUESTS, REQUESTS_TOTAL_COLUMN)


@_rule("T4.group_sum", Severity.ERROR, "表四各组的合计等于各项结果之和")
def _t4_group_sum(ctx: Context) -> Iterator[Finding]:
    return _row_sum(ctx, "T4.group_sum", APPEALS, APPEALS_TOTAL_COLUMN)


# -- single cells -------------------------------------------------------------------


@_rule("value.range", Severity.ERROR, "件数为不小于 0 的整数，金额不小于 0")
def _value_range(ctx: Context) -> Iterator[Finding]:
    fmt = ctx.fmt
    for key, cell in ctx.report.iter_cells():
        value = cell.value
        if value is None or cell.state is CellState.MISSING:
            continue
        kind = fmt.lookup(key)[2].kind
        problem = None
        if isinstance(value, bool) or not isinstance(value, int | Decimal):
            problem = "不是一个数字"
        elif kind is ValueKind.AMOUNT:
            if value < 0:
                problem = "金额不能为负数"
        elif value != int(value):
            problem = "应为整数"
        elif kind is ValueKind.COUNT and value < 0:
            problem = "件数不能为负数"
        if problem:
            table, row, column = split_key(key)
            yield _finding(
                "value.range",
                f"{fmt.describe(key)}为 {_show(value)}，{problem}",
                table=table,
                row=row,
                column=column,
                actual=value,
            )


@_rule("value.missing", Severity.ERROR, "数字缺失或无法读取")
def _value_missing(ctx: Context) -> Iterator[Finding]:
    fmt = ctx.fmt
    for key, cell in ctx.report.iter_cells():
        if cell.state is CellState.MISSING or (cell.value is None and cell.state is not CellState.NOT_APPLICABLE):
            table, row, column = split_key(key)
            reason = f"：{cell.reason}" if cell.reason else ""
            raw = f"（原文“{cell.raw.strip()}”）" if cell.raw and cell.raw.strip() else ""
            yield _finding(
                "value.missing",
                f"{fmt.describe(key)}缺少数字或无法读取{reason}{raw}",
                table=table,
                row=row,
                column=column,
                actual=cell.raw,
            )


# -- across years ---------------------------------------------------------------------


def _previous_year_problem(ctx: Context, code: str, **where: str | None) -> Finding | None:
    """The not_checked finding when there is no usable previous-year report, else None."""
    if ctx.previous is None:
        return _not_checked(code, "未提供上年报告，跨年度核对未做", **where)
    year, previous_year = ctx.report.year, ctx.previous.year
    if year is not None and previous_year is not None and previous_year != year - 1:
        return _not_checked(
            code, f"提供的上年报告为 {previous_year} 年度，本报告为 {year} 年度，不是相邻年度，未核对", **where
        )
    return None


@_rule("X.carry_over", Severity.ERROR, "本年上年结转数与上年报告的结转下年度数一致", needs="previous")
def _x_carry_over(ctx: Context) -> Iterator[Finding]:
    problem = _previous_year_problem(ctx, "X.carry_over", table=REQUESTS, row=REQUESTS_CARRIED_IN)
    if problem:
        yield problem
        return
    assert ctx.previous is not None
    fmt, previous_fmt = ctx.fmt, ctx.previous.format
    previous_columns = {c.code for c in _requests(previous_fmt).row(REQUESTS_CARRIED_OUT).columns}
    for column in _requests(fmt).row(REQUESTS_CARRIED_IN).columns:
        if column.code not in previous_columns:  # pragma: no cover - both formats share the columns
            continue
        key = cell_key(REQUESTS, REQUESTS_CARRIED_IN, column.code)
        previous_key = cell_key(REQUESTS, REQUESTS_CARRIED_OUT, column.code)
        subject = fmt.describe(key)

        def message(expected: _Side, actual: _Side, subject: str = subject, previous_key: str = previous_key) -> str:
            return (
                f"{subject}应为 {_show(expected.total)}（上年报告{previous_fmt.describe(previous_key)}为 "
                f"{_show(expected.total)}），报告中为 {_show(actual.total)}"
            )

        yield from _compare(
            ctx,
            "X.carry_over",
            what=f"{subject}与上年报告",
            expected_terms=[_Term(previous_key, previous=True)],
            actual_terms=[_Term(key)],
            where={"table": REQUESTS, "row": REQUESTS_CARRIED_IN, "column": column.code},
            message=message,
        )


def _lifecycle_rows(fmt: ReportFormat) -> list[Row]:
    """Rows of table 二 that count documents issued, repealed and in force (2021 layout only)."""
    wanted = {ISSUED, REPEALED, IN_FORCE}
    return [row for row in fmt.table(PROACTIVE).rows if wanted <= {c.code for c in row.columns}]


@_rule("X.in_force", Severity.WARNING, "表二文件的有效件数与上年衔接", needs="previous")
def _x_in_force(ctx: Context) -> Iterator[Finding]:
    fmt = ctx.fmt
    rows = _lifecycle_rows(fmt)
    if not rows:  # the 2019 layout counts documents made and published, not in force: nothing to carry over
        return
    problem = _previous_year_problem(ctx, "X.in_force", table=PROACTIVE)
    if problem:
        yield problem
        return
    assert ctx.previous is not None
    previous_fmt = ctx.previous.format
    previous_rows = {row.code for row in _lifecycle_rows(previous_fmt)}
    table = fmt.table(PROACTIVE)
    for row in rows:
        key = cell_key(PROACTIVE, row.code, IN_FORCE)
        where = {"table": PROACTIVE, "row": row.code, "column": IN_FORCE}
        subject = fmt.describe(key)
        if row.code not in previous_rows:
            yield _not_checked(
                "X.in_force",
                f"上年报告使用 {previous_fmt.code} 年格式，没有与{subject}对应的一栏，未核对",
                **where,
            )
            continue

        def message(expected: _Side, actual: _Side, subject: str = subject, row: Row = row) -> str:
            def name(t: _Term) -> str:
                label = _column_name(fmt, PROACTIVE, row.code, split_key(t.key)[2])
                return f"上年{label}" if t.previous else label

            return (
                f"{subject}应为 {_show(expected.total)}（{_sum_text(expected, name)}），报告中为 "
                f"{_show(actual.total)}；如因清理、机构改革等原因不一致，请在报告中说明"
            )

        yield from _compare(
            ctx,
            "X.in_force",
            what=f"表{table.number}“{_row_name(table, row)}”的件数与上年报告",
            expected_terms=[
                _Term(key, previous=True),
                _Term(cell_key(PROACTIVE, row.code, ISSUED)),
                _Term(cell_key(PROACTIVE, row.code, REPEALED), sign=-1),
            ],
            actual_terms=[_Term(key)],
            where=where,
            message=message,
        )


# -- sections ---------------------------------------------------------------------------


def _normal(text: str) -> str:
    return unicodedata.normalize("NFKC", text or "")


def _has_sections(report: Report) -> bool:
    return any(text and text.strip() for text in report.sections.values())


def _section_name(fmt: ReportFormat, code: str) -> str:
    section = fmt.section(code)
    return f"第{section.number}部分“{section.title}”"


@_rule("S.fee_statement", Severity.WARNING, "第六部分说明是否收取费用", needs="sections")
def _s_fee_statement(ctx: Context) -> Iterator[Finding]:
    fmt, report = ctx.fmt, ctx.report
    words = fmt.fee_statement_words
    if not words:
        return
    name = _section_name(fmt, OTHER_MATTERS_SECTION)
    fee = words[0]  # the first word names the fee
    if not _has_sections(report):
        yield _not_checked("S.fee_statement", f"报告中没有读到正文，未核对{name}是否说明{fee}收取情况")
        return
    text = _normal(report.sections.get(OTHER_MATTERS_SECTION, ""))
    if not text.strip():
        yield _finding("S.fee_statement", f"报告中没有{name}的内容，应在其中说明{fee}的收取情况（没有收取也应写明）")
        return
    if any(_normal(word) in text for word in words):
        return
    yield _finding("S.fee_statement", f"{name}中没有说明{fee}的收取情况（没有收取也应写明）")


@_rule("S.narrative_figures", Severity.WARNING, "第一部分叙述中的数字与表格一致", needs="sections")
def _s_narrative_figures(ctx: Context) -> Iterator[Finding]:
    fmt, report = ctx.fmt, ctx.report
    name = _section_name(fmt, OVERVIEW_SECTION)
    text = report.sections.get(OVERVIEW_SECTION, "")
    if not text or not text.strip():
        yield _not_checked("S.narrative_figures", f"报告中没有读到{name}的内容，未核对其中的数字")
        return
    found = narrative_figures(text, fmt)
    for figure in fmt.narrative_figures:
        if figure.table_key is None or figure.code not in found:
            continue
        stated = found[figure.code]
        table, row, column = split_key(figure.table_key)
        where = {"table": table, "row": row, "column": column}
        cell: Cell = report.cell(figure.table_key)
        subject = fmt.describe(figure.table_key)
        if cell.state is CellState.NOT_APPLICABLE:
            continue
        if cell.value is None:
            yield _not_checked(
                "S.narrative_figures",
                f"{name}写明{figure.label} {_show(stated)}，但{subject}缺少数字，未能核对",
                **where,
            )
            continue
        if cell.value != stated:
            yield _finding(
                "S.narrative_figures",
                f"{name}写明{figure.label} {_show(stated)}，而{subject}为 {_show(cell.value)}，两者应一致",
                expected=cell.value,
                actual=stated,
                **where,
            )


# -- warnings on single cells and on the report ------------------------------------------


@_rule("value.blank", Severity.WARNING, "空白格按 0 读取")
def _value_blank(ctx: Context) -> Iterator[Finding]:
    for key, cell in ctx.report.iter_cells():
        if cell.state is CellState.BLANK:
            table, row, column = split_key(key)
            yield _finding(
                "value.blank",
                f"{ctx.fmt.describe(key)}为空白，已按 0 计算；如确为 0，请填写“0”，不适用的请填写“/”",
                table=table,
                row=row,
                column=column,
                actual=cell.value,
            )


def _is_government(agency: str | None) -> bool | None:
    if not agency or not agency.strip():
        return None
    return agency.strip().endswith(GOVERNMENT_SUFFIX)


@_rule("value.unit", Severity.WARNING, "收费金额疑似按元而非万元填写")
def _value_unit(ctx: Context) -> Iterator[Finding]:
    fmt = ctx.fmt
    table = fmt.table(PROACTIVE)
    rows = [row for row in table.rows if row.code == FEES_ROW]
    government = _is_government(ctx.report.agency)
    limit = FEE_LIMIT_DEPARTMENT if government is False else FEE_LIMIT_GOVERNMENT
    level = "部门" if government is False else "一级政府"
    for row in rows:
        for column in row.columns:
            if column.kind is not ValueKind.AMOUNT:
                continue
            key = cell_key(PROACTIVE, row.code, column.code)
            value = ctx.report.value(key)
            if value is None or isinstance(value, bool):
                continue
            where = {"table": PROACTIVE, "row": row.code, "column": column.code}
            subject = fmt.describe(key)
            amount = Decimal(value)
            if amount > limit:
                yi = (amount / 10000).quantize(Decimal("0.01"))
                yield _finding(
                    "value.unit",
                    f"{subject}为 {_show(value)}，按万元计即约 {_show(yi)} 亿元，对{level}而言过大，"
                    f"疑似按元填写；该栏单位为万元，请核对",
                    actual=value,
                    **where,
                )
            exponent = amount.as_tuple().exponent
            if isinstance(exponent, int) and -exponent > FEE_MAX_DECIMALS:
                yield _finding(
                    "value.unit",
                    f"{subject}为 {_show(value)}，小数超过 {FEE_MAX_DECIMALS} 位（万元的第 4 位小数已是 1 元），"
                    f"疑似单位有误，请核对",
                    actual=value,
                    **where,
                )


@_rule("X.format_year", Severity.WARNING, "报告格式与报告年度相符")
def _x_format_year(ctx: Context) -> Iterator[Finding]:
    fmt, year = ctx.fmt, ctx.report.year
    if year is None:
        yield _not_checked("X.format_year", "报告中没有读到年度，未核对所用格式是否适用")
        return
    if fmt.applies_to(year):
        return
    try:
        expected: ReportFormat | None = format_for_year(year)
    except ValueError:
        expected = None
    if expected is None:
        yield _finding(
            "X.format_year",
            f"{year} 年度没有适用的年度报告格式，本报告使用的是{fmt.name}规定的格式（{fmt.code} 年格式）",
            actual=fmt.code,
        )
        return
    yield _finding(
        "X.format_year",
        f"{year} 年度报告应使用{expected.name}规定的格式（{expected.code} 年格式），"
        f"本报告使用的是{fmt.name}规定的格式（{fmt.code} 年格式）",
        expected=expected.code,
        actual=fmt.code,
    )


def _deadline(year: int, government: bool) -> date:
    """第四十九条: a department by 31 January, the government-level report by 31 March."""
    return date(year + 1, 3, 31) if government else date(year + 1, 1, 31)


@_rule("S.published_late", Severity.WARNING, "按时发布：部门 1 月 31 日前，一级政府 3 月 31 日前", needs="published_on")
def _s_published_late(ctx: Context) -> Iterator[Finding]:
    code = "S.published_late"
    report = ctx.report
    if report.year is None:
        yield _not_checked(code, "报告中没有读到年度，未核对发布是否及时")
        return
    government = _is_government(report.agency)
    kind = {True: "一级政府的年度报告", False: "部门的年度报告", None: "年度报告"}[government]
    deadline = _deadline(report.year, bool(government) or government is None)
    earliest = _deadline(report.year, False)
    published = report.published_on
    if published is None:
        if ctx.today is not None and ctx.today > deadline:
            yield _finding(
                code,
                f"{kind}应在 {_date(deadline)} 前发布，截至 {_date(ctx.today)} 仍没有发布日期",
                expected=deadline,
            )
        else:
            yield _not_checked(code, "没有发布日期，未核对发布是否及时")
        return
    if published > deadline:
        yield _finding(
            code,
            f"{kind}应在 {_date(deadline)} 前发布，本报告 {_date(published)} 才发布，"
            f"晚了 {(published - deadline).days} 天",
            expected=deadline,
            actual=published,
        )
    elif government is None and published > earliest:
        yield _not_checked(
            code,
            f"本报告 {_date(published)} 发布；机关名称不详，无法判断是部门（{_date(earliest)} 前）"
            f"还是一级政府（{_date(deadline)} 前）的年度报告",
        )


def _date(day: date) -> str:
    return f"{day.year}年{day.month}月{day.day}日"


# -- across years, in words ----------------------------------------------------------------


_SENTENCE_END = re.compile(r"[。！？!?；;\n]+")
_NOT_TEXT = re.compile(r"[\s\W_]+")
_DIGITS = re.compile(r"\d+")


def _sentences(report: Report) -> list[str]:
    found: list[str] = []
    for text in report.sections.values():
        for sentence in _SENTENCE_END.split(_normal(text)):
            sentence = _DIGITS.sub("#", _NOT_TEXT.sub("", sentence))
            if len(sentence) >= MIN_SENTENCE_CHARS:
                found.append(sentence)
    return found


@_rule("S.repeated_text", Severity.WARNING, "叙述内容与上年报告大量重复", needs="previous")
def _s_repeated_text(ctx: Context) -> Iterator[Finding]:
    code = "S.repeated_text"
    problem = _previous_year_problem(ctx, code)
    if problem:
        yield problem
        return
    assert ctx.previous is not None
    sentences = _sentences(ctx.report)
    before = set(_sentences(ctx.previous))
    if not sentences or not before:
        whose = "本报告" if not sentences else "上年报告"
        yield _not_checked(code, f"{whose}中没有读到正文，未核对是否照搬上年内容")
        return
    repeated = sum(1 for s in sentences if s in before)
    share = Decimal(repeated) / Decimal(len(sentences))
    if share > REPEATED_SHARE:
        percent = (share * 100).quantize(Decimal("1"))
        yield _finding(
            code,
            f"正文 {len(sentences)} 句中有 {repeated} 句（{percent}%）与上年报告相同（仅数字不同的也算），"
            f"超过一半，请核对是否照搬了上年内容",
            actual=share.quantize(Decimal("0.01")),
        )


__all__ = ["RULES", "Context", "Finding", "Rule", "Severity", "check", "errors"]
