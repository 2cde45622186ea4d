"""Rules on the report's words and dates: section 六's fee statement, the figures
section 一 states, the publication deadline, text copied from last year."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator
from datetime import date
from decimal import Decimal

from ..format import ReportFormat, split_key
from ..model import Cell, CellState, Report
from ..narrative import narrative_figures
from .base import (
    MIN_SENTENCE_CHARS,
    OTHER_MATTERS_SECTION,
    OVERVIEW_SECTION,
    REPEATED_SHARE,
    Context,
    Finding,
    Severity,
    finding,
    is_government,
    not_checked,
    previous_year_problem,
    rule,
    show,
)

# -- sections ---------------------------------------------------------------------------


def _normal(text: str) -> str:
    return unicodedata.normalize("NFKC", text or "")


def _has_sections(report: Report) -> bool:
    return any(text and text.strip() for text in report.sections.values())


def _section_name(fmt: ReportFormat, code: str) -> str:
    section = fmt.section(code)
    return f"第{section.number}部分“{section.title}”"


@rule("S.fee_statement", Severity.WARNING, "第六部分说明是否收取费用", needs="sections")
def _s_fee_statement(ctx: Context) -> Iterator[Finding]:
    fmt, report = ctx.fmt, ctx.report
    words = fmt.fee_statement_words
    if not words:
        return
    name = _section_name(fmt, OTHER_MATTERS_SECTION)
    fee = words[0]  # the first word names the fee
    if not _has_sections(report):
        yield not_checked("S.fee_statement", f"报告中没有读到正文，未核对{name}是否说明{fee}收取情况")
        return
    text = _normal(report.sections.get(OTHER_MATTERS_SECTION, ""))
    if not text.strip():
        yield finding("S.fee_statement", f"报告中没有{name}的内容，应在其中说明{fee}的收取情况（没有收取也应写明）")
        return
    if any(_normal(word) in text for word in words):
        return
    yield finding("S.fee_statement", f"{name}中没有说明{fee}的收取情况（没有收取也应写明）")


@rule("S.narrative_figures", Severity.WARNING, "第一部分叙述中的数字与表格一致", needs="sections")
def _s_narrative_figures(ctx: Context) -> Iterator[Finding]:
    fmt, report = ctx.fmt, ctx.report
    name = _section_name(fmt, OVERVIEW_SECTION)
    text = report.sections.get(OVERVIEW_SECTION, "")
    if not text or not text.strip():
        yield not_checked("S.narrative_figures", f"报告中没有读到{name}的内容，未核对其中的数字")
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
            yield not_checked(
                "S.narrative_figures",
                f"{name}写明{figure.label} {show(stated)}，但{subject}缺少数字，未能核对",
                **where,
            )
            continue
        if cell.value != stated:
            yield finding(
                "S.narrative_figures",
                f"{name}写明{figure.label} {show(stated)}，而{subject}为 {show(cell.value)}，两者应一致",
                expected=cell.value,
                actual=stated,
                **where,
            )


def _deadline(year: int, government: bool) -> date:
    """第四十九条: a department by 31 January, the government-level report by 31 March."""
    return date(year + 1, 3, 31) if government else date(year + 1, 1, 31)


@rule("S.published_late", Severity.WARNING, "按时发布：部门 1 月 31 日前，一级政府 3 月 31 日前", needs="published_on")
def _s_published_late(ctx: Context) -> Iterator[Finding]:
    code = "S.published_late"
    report = ctx.report
    if report.year is None:
        yield not_checked(code, "报告中没有读到年度，未核对发布是否及时")
        return
    government = is_government(report.agency)
    kind = {True: "一级政府的年度报告", False: "部门的年度报告", None: "年度报告"}[government]
    deadline = _deadline(report.year, bool(government) or government is None)
    earliest = _deadline(report.year, False)
    published = report.published_on
    if published is None:
        if ctx.today is not None and ctx.today > deadline:
            yield finding(
                code,
                f"{kind}应在 {_date(deadline)} 前发布，截至 {_date(ctx.today)} 仍没有发布日期",
                expected=deadline,
            )
        else:
            yield not_checked(code, "没有发布日期，未核对发布是否及时")
        return
    if published > deadline:
        yield finding(
            code,
            f"{kind}应在 {_date(deadline)} 前发布，本报告 {_date(published)} 才发布，"
            f"晚了 {(published - deadline).days} 天",
            expected=deadline,
            actual=published,
        )
    elif government is None and published > earliest:
        yield not_checked(
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


@rule("S.repeated_text", Severity.WARNING, "叙述内容与上年报告大量重复", needs="previous")
def _s_repeated_text(ctx: Context) -> Iterator[Finding]:
    code = "S.repeated_text"
    problem = previous_year_problem(ctx, code)
    if problem:
        yield problem
        return
    assert ctx.previous is not None
    sentences = _sentences(ctx.report)
    before = set(_sentences(ctx.previous))
    if not sentences or not before:
        whose = "本报告" if not sentences else "上年报告"
        yield not_checked(code, f"{whose}中没有读到正文，未核对是否照搬上年内容")
        return
    repeated = sum(1 for s in sentences if s in before)
    share = Decimal(repeated) / Decimal(len(sentences))
    if share > REPEATED_SHARE:
        percent = (share * 100).quantize(Decimal("1"))
        yield finding(
            code,
            f"正文 {len(sentences)} 句中有 {repeated} 句（{percent}%）与上年报告相同（仅数字不同的也算），"
            f"超过一半，请核对是否照搬了上年内容",
            actual=share.quantize(Decimal("0.01")),
        )
