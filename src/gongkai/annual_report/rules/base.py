"""What every rule is made of: ``Finding``, ``Severity``, ``Rule`` and the
registry, and the one way sums are compared (missing cells make a check
``not_checked``; "/" cells are left out of sums)."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from enum import StrEnum
from typing import Any

from ..format import Layout, ReportFormat, Row, Table, cell_key, split_key
from ..model import CellState, Number, Report

# Codes (not labels) of the format that the rules refer to.
PROACTIVE = "proactive"
REQUESTS = "requests"
APPEALS = "appeals"
FEES_ROW = "fees"
ISSUED, REPEALED, IN_FORCE = "issued", "repealed", "in_force"
OVERVIEW_SECTION = "overview"
PROBLEMS_SECTION = "problems"
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


def rule(code: str, severity: Severity, title: str, needs: str | None = None):
    def register(function: Callable[[Context], Iterable[Finding]]) -> Callable[[Context], Iterable[Finding]]:
        RULES[code] = Rule(code, severity, title, function, needs)
        return function

    return register


# -- building findings ---------------------------------------------------------


def finding(
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


def not_checked(code: str, text: str, **where: str | None) -> Finding:
    return finding(code, text, severity=Severity.NOT_CHECKED, **where)


def show(value: Number | None) -> str:
    if value is None:
        return "/"
    if isinstance(value, Decimal):
        return format(value, "f")
    return str(value)


def row_name(table: Table, row: Row) -> str:
    """The row as a clerk names it: without the block heading of tables 二 and 三
    (the item of 第二十条, the heading over the outcomes), with the group of table 四."""
    if table.layout is Layout.WIDE or len(row.path) == 1:
        return row.full_label
    return " ".join(row.path[1:])


def column_name(fmt: ReportFormat, table_code: str, row_code: str, column_code: str) -> str:
    return fmt.lookup(cell_key(table_code, row_code, column_code))[2].label


def term_name(fmt: ReportFormat, key: str) -> str:
    """A short name of a cell inside a sum: its row for a column sum, its column for a row sum."""
    table, row, _column = fmt.lookup(key)
    return row_name(table, row)


# -- arithmetic ---------------------------------------------------------------


@dataclass(frozen=True)
class Term:
    key: str
    sign: int = 1
    previous: bool = False  # read from the previous year's report


@dataclass
class Side:
    total: Number
    values: list[tuple[Term, Number | None]]
    missing: list[Term]
    not_applicable: list[Term]
    recovered: list[tuple[Term, tuple[str, ...]]] = field(default_factory=list)  # cells whose split used rules


def _report_of(ctx: Context, term: Term) -> Report:
    if term.previous:
        assert ctx.previous is not None
        return ctx.previous
    return ctx.report


def _side(ctx: Context, terms: Iterable[Term]) -> Side:
    side = Side(0, [], [], [])
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
            if cell.basis:
                side.recovered.append((term, cell.basis))
    return side


def _cell_ref(ctx: Context, term: Term) -> str:
    report = _report_of(ctx, term)
    return ("上年报告" if term.previous else "") + report.format.describe(term.key)


def _refs_by_row(ctx: Context, terms: list[Term]) -> str:
    """Cells named one by one, or a whole row at once when several of it are listed."""
    rows: dict[tuple[bool, str, str], list[Term]] = {}
    for term in terms:
        table, row, _column = split_key(term.key)
        rows.setdefault((term.previous, table, row), []).append(term)
    names = []
    for (previous, table_code, row_code), group in rows.items():
        if len(group) == 1:
            names.append(_cell_ref(ctx, group[0]))
            continue
        table = _report_of(ctx, group[0]).format.table(table_code)
        names.append(("上年报告" if previous else "") + f"表{table.number}“{table.row(row_code).full_label}”行")
    return "、".join(names)


def sum_text(side: Side, name: Callable[[Term], str], *, only_nonzero: bool = False) -> str:
    """``label 10 + label 1 + label 0``; with ``only_nonzero`` the zeros are summarised."""
    parts: list[str] = []
    omitted = 0
    for term, value in side.values:
        if only_nonzero and value == 0:
            omitted += 1
            continue
        sign = "−" if term.sign < 0 else "+"
        parts.append(("" if not parts and sign == "+" else f" {sign} ") + f"{name(term)} {show(value)}")
    text = "".join(parts).strip()
    if only_nonzero and omitted:
        text = f"{text}，其余各项为 0" if text else "各项均为 0"
    return text


def compare(
    ctx: Context,
    code: str,
    *,
    what: str,
    expected_terms: Iterable[Term],
    actual_terms: Iterable[Term],
    where: dict[str, str | None],
    message: Callable[[Side, Side], str],
) -> Iterator[Finding]:
    """expected = actual, with missing and not-applicable cells handled the same way for every rule."""
    expected = _side(ctx, expected_terms)
    actual = _side(ctx, actual_terms)
    missing = expected.missing + actual.missing
    if missing:
        cells = "、".join(_cell_ref(ctx, t) for t in missing)
        yield not_checked(code, f"{what}未能核对：{cells}缺少数字或无法读取", **where)
        return
    circular = [t for t, basis in expected.recovered + actual.recovered if code in basis]
    if circular:
        # The figures were printed without separators and split so that this very
        # sum holds: the sum cannot confirm them.
        cells = _refs_by_row(ctx, circular)
        yield not_checked(
            code,
            f"{what}未能独立核对：{cells}是从连在一起印的数字中按这一关系拆分出来的，请对照原件核对",
            **where,
        )
        return
    if expected.total == actual.total:
        return
    not_applicable = expected.not_applicable + actual.not_applicable
    if not_applicable:
        cells = "、".join(_cell_ref(ctx, t) for t in not_applicable)
        yield not_checked(
            code,
            f"{what}未能核对：{cells}为“/”（不适用），不计这些格时应为 {show(expected.total)}，"
            f"报告中为 {show(actual.total)}，请人工核对",
            **where,
        )
        return
    yield finding(code, message(expected, actual), expected=expected.total, actual=actual.total, **where)


def previous_year_problem(ctx: Context, code: str, **where: str | None) -> Finding | None:
    """The not_checked finding when there is no usable previous-year report, else None."""
    if ctx.previous is None:
        return not_checked(code, "未提供上年报告，跨年度核对未做", **where)
    year, previous_year = ctx.report.year, ctx.previous.year
    if year is not None and previous_year is not None and previous_year != year - 1:
        return not_checked(
            code, f"提供的上年报告为 {previous_year} 年度，本报告为 {year} 年度，不是相邻年度，未核对", **where
        )
    return None


def is_government(agency: str | None) -> bool | None:
    if not agency or not agency.strip():
        return None
    return agency.strip().endswith(GOVERNMENT_SUFFIX)
