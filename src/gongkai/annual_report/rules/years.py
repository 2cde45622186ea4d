"""Rules across years: the carry-over from last year's report, documents in force,
and the layout that the report's year calls for."""

from __future__ import annotations

from collections.abc import Iterator

from ..format import REQUESTS_CARRIED_IN, REQUESTS_CARRIED_OUT, ReportFormat, Row, cell_key, format_for_year, split_key
from .base import (
    IN_FORCE,
    ISSUED,
    PROACTIVE,
    REPEALED,
    REQUESTS,
    Context,
    Finding,
    Severity,
    Side,
    Term,
    column_name,
    compare,
    finding,
    not_checked,
    previous_year_problem,
    row_name,
    rule,
    show,
    sum_text,
)
from .tables import requests_table

# -- across years ---------------------------------------------------------------------


@rule("X.carry_over", Severity.ERROR, "本年上年结转数与上年报告的结转下年度数一致", needs="previous")
def _x_carry_over(ctx: Context) -> Iterator[Finding]:
    problem = previous_year_problem(ctx, "X.carry_over", table=REQUESTS, row=REQUESTS_CARRIED_IN)
    if problem:
        yield problem
        return
    assert ctx.previous is not None
    fmt, previous_fmt = ctx.fmt, ctx.previous.format
    previous_columns = {c.code for c in requests_table(previous_fmt).row(REQUESTS_CARRIED_OUT).columns}
    for column in requests_table(fmt).row(REQUESTS_CARRIED_IN).columns:
        if column.code not in previous_columns:  # pragma: no cover - both formats share the columns
            continue
        key = cell_key(REQUESTS, REQUESTS_CARRIED_IN, column.code)
        previous_key = cell_key(REQUESTS, REQUESTS_CARRIED_OUT, column.code)
        subject = fmt.describe(key)

        def message(expected: Side, actual: Side, subject: str = subject, previous_key: str = previous_key) -> str:
            return (
                f"{subject}应为 {show(expected.total)}（上年报告{previous_fmt.describe(previous_key)}为 "
                f"{show(expected.total)}），报告中为 {show(actual.total)}"
            )

        yield from compare(
            ctx,
            "X.carry_over",
            what=f"{subject}与上年报告",
            expected_terms=[Term(previous_key, previous=True)],
            actual_terms=[Term(key)],
            where={"table": REQUESTS, "row": REQUESTS_CARRIED_IN, "column": column.code},
            message=message,
        )


def _lifecycle_rows(fmt: ReportFormat) -> list[Row]:
    """Rows of table 二 that count documents issued, repealed and in force (2021 layout only)."""
    wanted = {ISSUED, REPEALED, IN_FORCE}
    return [row for row in fmt.table(PROACTIVE).rows if wanted <= {c.code for c in row.columns}]


@rule("X.in_force", Severity.WARNING, "表二文件的有效件数与上年衔接", needs="previous")
def _x_in_force(ctx: Context) -> Iterator[Finding]:
    fmt = ctx.fmt
    rows = _lifecycle_rows(fmt)
    if not rows:  # the 2019 layout counts documents made and published, not in force: nothing to carry over
        return
    problem = previous_year_problem(ctx, "X.in_force", table=PROACTIVE)
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
            yield not_checked(
                "X.in_force",
                f"上年报告使用 {previous_fmt.code} 年格式，没有与{subject}对应的一栏，未核对",
                **where,
            )
            continue

        def message(expected: Side, actual: Side, subject: str = subject, row: Row = row) -> str:
            def name(t: Term) -> str:
                label = column_name(fmt, PROACTIVE, row.code, split_key(t.key)[2])
                return f"上年{label}" if t.previous else label

            return (
                f"{subject}应为 {show(expected.total)}（{sum_text(expected, name)}），报告中为 "
                f"{show(actual.total)}；如因清理、机构改革等原因不一致，请在报告中说明"
            )

        yield from compare(
            ctx,
            "X.in_force",
            what=f"表{table.number}“{row_name(table, row)}”的件数与上年报告",
            expected_terms=[
                Term(key, previous=True),
                Term(cell_key(PROACTIVE, row.code, ISSUED)),
                Term(cell_key(PROACTIVE, row.code, REPEALED), sign=-1),
            ],
            actual_terms=[Term(key)],
            where=where,
            message=message,
        )


@rule("X.format_year", Severity.WARNING, "报告格式与报告年度相符")
def _x_format_year(ctx: Context) -> Iterator[Finding]:
    fmt, year = ctx.fmt, ctx.report.year
    if year is None:
        yield not_checked("X.format_year", "报告中没有读到年度，未核对所用格式是否适用")
        return
    if fmt.applies_to(year):
        return
    try:
        expected: ReportFormat | None = format_for_year(year)
    except ValueError:
        expected = None
    if expected is None:
        yield finding(
            "X.format_year",
            f"{year} 年度没有适用的年度报告格式，本报告使用的是{fmt.name}规定的格式（{fmt.code} 年格式）",
            actual=fmt.code,
        )
        return
    yield finding(
        "X.format_year",
        f"{year} 年度报告应使用{expected.name}规定的格式（{expected.code} 年格式），"
        f"本报告使用的是{fmt.name}规定的格式（{fmt.code} 年格式）",
        expected=expected.code,
        actual=fmt.code,
    )
