"""Rules on the figures of one report: the sums of tables 三 and 四, and single cells."""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal

from ..format import (
    APPEALS_TOTAL_COLUMN,
    REQUESTS_CARRIED_IN,
    REQUESTS_CARRIED_OUT,
    REQUESTS_CONCLUDED_TOTAL,
    REQUESTS_NEW,
    REQUESTS_TOTAL_COLUMN,
    Layout,
    ReportFormat,
    Table,
    ValueKind,
    cell_key,
    split_key,
)
from ..model import CellState
from .base import (
    APPEALS,
    FEE_LIMIT_DEPARTMENT,
    FEE_LIMIT_GOVERNMENT,
    FEE_MAX_DECIMALS,
    FEES_ROW,
    PROACTIVE,
    REQUESTS,
    Context,
    Finding,
    Severity,
    Side,
    Term,
    compare,
    finding,
    is_government,
    row_name,
    rule,
    show,
    sum_text,
    term_name,
)

# -- table 三 ---------------------------------------------------------------------


def requests_table(fmt: ReportFormat) -> Table:
    return fmt.table(REQUESTS)


@rule("T3.balance", Severity.ERROR, "表三各列的勾稽关系")
def _t3_balance(ctx: Context) -> Iterator[Finding]:
    fmt = ctx.fmt
    table = requests_table(fmt)
    for column in table.row(REQUESTS_NEW).columns:

        def term(row: str, column: str = column.code) -> Term:
            return Term(cell_key(REQUESTS, row, column))

        what = f"表{table.number}“{' '.join(column.path)}”列的勾稽关系"

        def message(expected: Side, actual: Side, what: str = what) -> str:
            def name(t: Term) -> str:
                return term_name(fmt, t.key)

            return (
                f"{what}不成立：{sum_text(expected, name)}，合计 {show(expected.total)}；"
                f"而 {sum_text(actual, name)}，合计 {show(actual.total)}；两者应相等"
            )

        yield from compare(
            ctx,
            "T3.balance",
            what=what,
            expected_terms=[term(REQUESTS_NEW), term(REQUESTS_CARRIED_IN)],
            actual_terms=[term(REQUESTS_CONCLUDED_TOTAL), term(REQUESTS_CARRIED_OUT)],
            where={"table": REQUESTS, "row": None, "column": column.code},
            message=message,
        )


@rule("T3.concluded_sum", Severity.ERROR, "表三办理结果的合计等于各项办理结果之和")
def _t3_concluded_sum(ctx: Context) -> Iterator[Finding]:
    fmt = ctx.fmt
    table = requests_table(fmt)
    for column in table.row(REQUESTS_CONCLUDED_TOTAL).columns:
        key = cell_key(REQUESTS, REQUESTS_CONCLUDED_TOTAL, column.code)
        subject = fmt.describe(key)

        def message(expected: Side, actual: Side, subject: str = subject) -> str:
            listed = sum_text(expected, lambda t: term_name(fmt, t.key), only_nonzero=True)
            return f"{subject}应为 {show(expected.total)}（{listed}），报告中为 {show(actual.total)}"

        yield from compare(
            ctx,
            "T3.concluded_sum",
            what=f"{subject}与各项办理结果之和",
            expected_terms=[Term(cell_key(REQUESTS, row, column.code)) for row in fmt.outcome_rows],
            actual_terms=[Term(key)],
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
            f"表{table.number}“{row_name(table, row)}”组“{fmt.lookup(key)[2].label}”"
            if table.layout is Layout.WIDE
            else fmt.describe(key)
        )

        def message(expected: Side, actual: Side, subject: str = subject) -> str:
            listed = sum_text(expected, lambda t: fmt.lookup(t.key)[2].label)
            return f"{subject}应为 {show(expected.total)}（{listed}），报告中为 {show(actual.total)}"

        yield from compare(
            ctx,
            code,
            what=f"{subject}与各项之和",
            expected_terms=[Term(cell_key(table_code, row.code, c.code)) for c in parts],
            actual_terms=[Term(key)],
            where={"table": table_code, "row": row.code, "column": total_column},
            message=message,
        )


@rule("T3.column_sum", Severity.ERROR, "表三各行的合计等于各类申请人之和")
def _t3_column_sum(ctx: Context) -> Iterator[Finding]:
    return _row_sum(ctx, "T3.column_sum", REQUESTS, REQUESTS_TOTAL_COLUMN)


@rule("T4.group_sum", Severity.ERROR, "表四各组的合计等于各项结果之和")
def _t4_group_sum(ctx: Context) -> Iterator[Finding]:
    return _row_sum(ctx, "T4.group_sum", APPEALS, APPEALS_TOTAL_COLUMN)


# -- single cells -------------------------------------------------------------------


@rule("value.range", Severity.ERROR, "件数为不小于 0 的整数，金额不小于 0")
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
            yield finding(
                "value.range",
                f"{fmt.describe(key)}为 {show(value)}，{problem}",
                table=table,
                row=row,
                column=column,
                actual=value,
            )


@rule("value.missing", Severity.ERROR, "数字缺失或无法读取")
def _value_missing(ctx: Context) -> Iterator[Finding]:
    fmt = ctx.fmt
    for key, cell in ctx.report.iter_cells():
        if cell.state is CellState.MISSING or (cell.value is None and cell.state is not CellState.NOT_APPLICABLE):
            table, row, column = split_key(key)
            reason = f"：{cell.reason}" if cell.reason else ""
            raw = f"（原文“{cell.raw.strip()}”）" if cell.raw and cell.raw.strip() else ""
            yield finding(
                "value.missing",
                f"{fmt.describe(key)}缺少数字或无法读取{reason}{raw}",
                table=table,
                row=row,
                column=column,
                actual=cell.raw,
            )


# -- warnings on single cells and on the report ------------------------------------------


@rule("value.blank", Severity.WARNING, "空白格按 0 读取")
def _value_blank(ctx: Context) -> Iterator[Finding]:
    for key, cell in ctx.report.iter_cells():
        if cell.state is CellState.BLANK:
            table, row, column = split_key(key)
            yield finding(
                "value.blank",
                f"{ctx.fmt.describe(key)}为空白，已按 0 计算；如确为 0，请填写“0”，不适用的请填写“/”",
                table=table,
                row=row,
                column=column,
                actual=cell.value,
            )


@rule("value.unit", Severity.WARNING, "收费金额疑似按元而非万元填写")
def _value_unit(ctx: Context) -> Iterator[Finding]:
    fmt = ctx.fmt
    table = fmt.table(PROACTIVE)
    rows = [row for row in table.rows if row.code == FEES_ROW]
    government = is_government(ctx.report.agency)
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
                yield finding(
                    "value.unit",
                    f"{subject}为 {show(value)}，按万元计即约 {show(yi)} 亿元，对{level}而言过大，"
                    f"疑似按元填写；该栏单位为万元，请核对",
                    actual=value,
                    **where,
                )
            exponent = amount.as_tuple().exponent
            if isinstance(exponent, int) and -exponent > FEE_MAX_DECIMALS:
                yield finding(
                    "value.unit",
                    f"{subject}为 {show(value)}，小数超过 {FEE_MAX_DECIMALS} 位（万元的第 4 位小数已是 1 元），"
                    f"疑似单位有误，请核对",
                    actual=value,
                    **where,
                )
