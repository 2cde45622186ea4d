"""Rules on the figures of one report: the sums of tables 三 and 四, and single cells."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from decimal import Decimal

from ..format import (
    APPEALS_TOTAL_COLUMN,
    REQUESTS_CARRIED_IN,
    REQUESTS_CARRIED_OUT,
    REQUESTS_CONCLUDED_TOTAL,
    REQUESTS_NEW,
    REQUESTS_TOTAL_COLUMN,
    Column,
    Layout,
    ReportFormat,
    Row,
    Table,
    ValueKind,
    cell_key,
    split_key,
)
from ..model import Cell, CellState
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


def _is_missing(cell: Cell) -> bool:
    return cell.state is CellState.MISSING or (cell.value is None and cell.state is not CellState.NOT_APPLICABLE)


@dataclass(frozen=True)
class Group:
    """Cells of one table that one finding speaks of: the whole table, a whole column
    (table 三 only, where every row has the same columns), a whole row, or one cell."""

    table: Table
    row: Row | None
    column: Column | None
    keys: tuple[str, ...]

    @property
    def where(self) -> dict[str, str | None]:
        return {
            "table": self.table.code,
            "row": self.row.code if self.row else None,
            "column": self.column.code if self.column else None,
        }

    def name(self, fmt: ReportFormat) -> str:
        """The group in a clerk's words, as printed."""
        table = self.table
        if self.row is not None and self.column is not None:
            return fmt.describe(self.keys[0])
        if self.row is not None:
            return f"表{table.number}“{self.row.full_label}”{'组' if table.layout is Layout.WIDE else '行'}"
        if self.column is not None:
            return f"表{table.number}“{' '.join(self.column.path)}”列"
        section = next((s for s in fmt.sections if s.code == table.code), None)
        return f"表{table.number}" + (f"（第{section.number}部分“{section.title}”）" if section else "")


def groups(fmt: ReportFormat, keys: set[str]) -> Iterator[Group]:
    """``keys`` (cells that share a problem) gathered into as few groups as they fill:
    a table all of whose cells are in ``keys`` is one group, then whole columns of
    table 三, then whole rows (less the cells a column already named), then the
    cells left one by one, in printed order."""
    for table in fmt.tables:
        in_table = [key for key in table.cell_keys() if key in keys]
        if not in_table:
            continue
        if len(in_table) == len(table.cell_keys()) > 1:
            yield Group(table, None, None, tuple(in_table))
            continue
        covered: set[str] = set()
        if table.layout is Layout.MATRIX:
            for column in table.rows[0].columns:
                column_keys = [cell_key(table.code, r.code, column.code) for r in table.rows]
                if len(column_keys) > 1 and all(key in keys for key in column_keys):
                    covered.update(column_keys)
                    yield Group(table, None, column, tuple(column_keys))
        for row in table.rows:
            row_keys = [cell_key(table.code, row.code, c.code) for c in row.columns]
            left = [key for key in row_keys if key in keys and key not in covered]
            if len(left) > 1 and all(key in keys for key in row_keys):
                yield Group(table, row, None, tuple(left))
                continue
            for key in left:
                column = next(c for c in row.columns if cell_key(table.code, row.code, c.code) == key)
                yield Group(table, row, column, (key,))


def _why(cells: list[Cell]) -> str:
    """The reasons and printed texts of missing cells, each said once (a row that was
    not found gives every cell the same reason; glued digits give every cell the same raw)."""
    reasons = list(dict.fromkeys(c.reason for c in cells if c.reason))
    raws = list(dict.fromkeys(c.raw.strip() for c in cells if c.raw and c.raw.strip()))
    text = f"：{'；'.join(reasons)}" if reasons else ""
    if raws:
        text += f"（原文“{'”“'.join(raws)}”）"
    return text


def _one_raw(cells: list[Cell]) -> str | None:
    raws = {c.raw for c in cells if c.raw}
    return raws.pop() if len(raws) == 1 else None


@rule("value.missing", Severity.ERROR, "数字缺失或无法读取")
def _value_missing(ctx: Context) -> Iterator[Finding]:
    """One finding for a table, column or row none of whose figures could be read,
    else one per cell: a table that was not found is one thing to fix, not dozens."""
    fmt, report = ctx.fmt, ctx.report
    missing = {key: cell for key, cell in report.iter_cells() if _is_missing(cell)}
    for group in groups(fmt, set(missing)):
        cells = [missing[key] for key in group.keys]
        if len(cells) == 1:
            text, actual = f"{group.name(fmt)}缺少数字或无法读取{_why(cells)}", cells[0].raw
        else:
            text, actual = f"{group.name(fmt)}的数字都没有读到{_why(cells)}", _one_raw(cells)
        yield finding("value.missing", text, actual=actual, **group.where)


# -- warnings on single cells and on the report ------------------------------------------


@rule("value.blank", Severity.WARNING, "空白格按 0 读取")
def _value_blank(ctx: Context) -> Iterator[Finding]:
    """Like ``value.missing``, one finding for a whole table, column or row left blank."""
    fmt = ctx.fmt
    blank = {key for key, cell in ctx.report.iter_cells() if cell.state is CellState.BLANK}
    advice = "已按 0 计算；如确为 0，请填写“0”，不适用的请填写“/”"
    for group in groups(fmt, blank):
        if len(group.keys) == 1:
            text, actual = f"{group.name(fmt)}为空白，{advice}", ctx.report.value(group.keys[0])
        else:
            text, actual = f"{group.name(fmt)}全部为空白（{len(group.keys)} 格），{advice}", None
        yield finding("value.blank", text, actual=actual, **group.where)


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
