"""How each figure of a report was read, as a page shows it: counts, marked cells, a list to check.

The parser records for every cell how sure it is (``Cell.confidence``), where it
read it (``source``), which sums chose a split of glued digits (``basis``) and
why a cell is missing (``reason``). A page shows this three ways: a line of
counts per report; in the rendered tables, every figure not read as printed
gets a class, a printed mark (not colour alone), words for screen readers and a
title with its source and reason; and a list of those figures row by row, with
the candidates of an ambiguous row, so that nothing depends on hovering.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from html import escape

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from gongkai.annual_report import Cell, CellState, Confidence, Report
from gongkai.annual_report.format import split_key

EXACT = "exact"
DECODED = "decoded"
OCR = "ocr"
INFERRED = "inferred"
AMBIGUOUS = "ambiguous"
MISSING = "missing"
READINGS = (EXACT, DECODED, OCR, INFERRED, AMBIGUOUS, MISSING)  # in the order a page lists them

READING_LABELS = {
    EXACT: gettext_lazy("原样读取"),
    DECODED: gettext_lazy("按合计关系拆分"),
    OCR: gettext_lazy("文字识别"),
    INFERRED: gettext_lazy("推定"),
    AMBIGUOUS: gettext_lazy("无法确定"),
    MISSING: gettext_lazy("未读到"),
}
# One character printed beside the figure: the marking must not rest on colour alone.
READING_MARKS = {
    DECODED: gettext_lazy("拆"),
    OCR: gettext_lazy("识"),
    INFERRED: gettext_lazy("推"),
    AMBIGUOUS: gettext_lazy("疑"),
    MISSING: gettext_lazy("缺"),
}
READING_EXPLANATIONS = {
    DECODED: gettext_lazy("原文中这一行的数字连在一起印，没有分隔，按表中的合计关系拆到各格；只有一种拆法说得通。"),
    OCR: gettext_lazy("从扫描的页面用文字识别读出，可能认错字，请与原件核对。"),
    INFERRED: gettext_lazy("原文没有逐项印出，这一组只印了一行 0，各项推定为 0。"),
    AMBIGUOUS: gettext_lazy("连在一起的数字有不止一种拆法，无法确定各格的数字，没有猜测；各种拆法列在下方。"),
    MISSING: gettext_lazy("没有读到这一格的数字，原因列在下方。"),
}
# A decoded cell's source names the glued digits and the cell's place among them
# ("第56行“260000026”拆分第3个"): the row's source is the part before the place.
_PLACE_IN_SPLIT = re.compile(r"拆分第\d+个$")
_ID = re.compile(r' id="([^"]*)"')
_FIGURE_CELL = re.compile(r'<td class="(gk-ar-figure[^"]*)"([^>]*?) data-key="([^"]*)"([^>]*)>(.*?)</td>', re.S)


def reading_of(cell: Cell) -> str:
    """Which of ``READINGS`` a cell is: a missing cell is ambiguous or missing, whatever else it says."""
    if cell.state is CellState.MISSING:
        return AMBIGUOUS if cell.confidence is Confidence.AMBIGUOUS else MISSING
    if cell.confidence in (Confidence.DECODED, Confidence.OCR, Confidence.INFERRED):
        return cell.confidence.value
    return EXACT


@dataclass(frozen=True)
class ReadingCount:
    reading: str
    label: str
    count: int


@dataclass(frozen=True)
class LegendEntry:
    reading: str
    label: str
    mark: str
    explanation: str


@dataclass(frozen=True)
class UncertainRow:
    """The figures of one row read the same way: where they are, how, from where, and why."""

    reading: str
    label: str
    mark: str
    table: str  # 表三
    row: str  # the row's full printed label
    columns: str  # the columns concerned, empty when the whole row
    source: str
    basis: str
    reason: str
    cell_id: str


@dataclass(frozen=True)
class ReadingSummary:
    counts: list[ReadingCount]  # the readings that occur, in the order of READINGS (原样读取 always)
    legend: list[LegendEntry]  # the marks used in this report's tables
    rows: list[UncertainRow]  # every figure not read as printed, row by row

    @property
    def all_exact(self) -> bool:
        return not self.rows

    @property
    def not_exact(self) -> int:
        """How many figures were not read as printed (decoded, OCR, inferred, ambiguous or missing)."""
        return sum(c.count for c in self.counts if c.reading != EXACT)

    @property
    def text(self) -> str:
        """The counts as one line: 原样读取 190 个、按合计关系拆分 7 个、未读到 3 个."""
        return _("、").join(_("%(label)s %(count)d 个") % {"label": c.label, "count": c.count} for c in self.counts)


def cell_id(prefix: str, key: str) -> str:
    return f"{prefix}-read-{key}".replace(".", "-")


def _shown_source(key: str, source: str | None) -> str:
    """Where a figure was read, for people: nothing when it is only the cell's own code (JSON)."""
    return "" if not source or source == key else source


def _row_source(key_sources: list[tuple[str, str | None]]) -> str:
    sources = list(dict.fromkeys(_PLACE_IN_SPLIT.sub("", _shown_source(k, s)) for k, s in key_sources))
    return _("；").join(s for s in sources if s)


def reading_summary(report: Report, *, cell_ids: dict[str, str]) -> ReadingSummary:
    """Counts, legend and rows to check; ``cell_ids`` (from ``mark_readings``) link the rows to their cells."""
    fmt = report.format
    counts = dict.fromkeys(READINGS, 0)
    groups: dict[tuple[str, str, str, str], list[tuple[str, Cell]]] = {}
    for key, cell in report.iter_cells():
        reading = reading_of(cell)
        counts[reading] += 1
        if reading != EXACT:
            table, row, _column = split_key(key)
            groups.setdefault((table, row, reading, cell.reason or ""), []).append((key, cell))
    rows = []
    for (table_code, row_code, reading, reason), cells in groups.items():
        table = fmt.table(table_code)
        row = table.row(row_code)
        keys = {key for key, _cell in cells}
        concerned = [" ".join(c.path) for c in row.columns if f"{table_code}.{row_code}.{c.code}" in keys]
        basis = list(dict.fromkeys(code for _key, cell in cells for code in cell.basis))
        rows.append(
            UncertainRow(
                reading=reading,
                label=str(READING_LABELS[reading]),
                mark=str(READING_MARKS[reading]),
                table=_("表%(number)s") % {"number": table.number},
                row=row.full_label,
                columns="" if len(concerned) == len(row.columns) else _("、").join(concerned),
                source=_row_source([(key, cell.source) for key, cell in cells]),
                basis=" ".join(basis),
                reason=reason if not reason or reason.endswith("。") else reason + _("。"),
                cell_id=cell_ids.get(cells[0][0], ""),
            )
        )
    shown = [r for r in READINGS if r == EXACT or counts[r]]
    return ReadingSummary(
        counts=[ReadingCount(r, str(READING_LABELS[r]), counts[r]) for r in shown],
        legend=[
            LegendEntry(r, str(READING_LABELS[r]), str(READING_MARKS[r]), str(READING_EXPLANATIONS[r]))
            for r in shown
            if r != EXACT
        ],
        rows=rows,
    )


def cell_title(key: str, cell: Cell) -> str:
    """The tooltip of a marked cell: how it was read, where, by which sums, and why it is missing."""
    reading = reading_of(cell)
    parts = [str(READING_LABELS[reading])]
    source = _shown_source(key, cell.source)
    if source:
        parts.append(_("读自：%(source)s") % {"source": source})
    if cell.basis:
        parts.append(_("依据：%(rules)s") % {"rules": " ".join(cell.basis)})
    if cell.state is CellState.MISSING and cell.reason:
        parts.append(cell.reason)
    return _("。").join(parts)


def mark_readings(fragment: str, report: Report, *, prefix: str) -> tuple[str, dict[str, str]]:
    """The tables' HTML with every figure not read as printed marked.

    Works on the core renderer's figure cells (``<td class="gk-ar-figure" … data-key="…">``),
    also after ``checking.mark_cells`` has flagged some of them: the reading's class is added to
    theirs, and a cell gets an id of its own only when a finding has not given it one.
    Returns the HTML and the id of every marked cell by its key.
    """
    cells = dict(report.iter_cells())
    ids: dict[str, str] = {}

    def replace(match: re.Match) -> str:
        classes, before, key, after, text = match.groups()
        cell = cells.get(key)
        if cell is None:
            return match.group(0)
        reading = reading_of(cell)
        if reading == EXACT:
            return match.group(0)
        given = _ID.search(before + after)
        ids[key] = given.group(1) if given else cell_id(prefix, key)
        ident = "" if given else f' id="{escape(ids[key])}" tabindex="-1"'
        label, mark = READING_LABELS[reading], READING_MARKS[reading]
        return (
            f'<td class="{classes} gk-read gk-read-{reading}"{before} data-key="{escape(key)}"{after}{ident} '
            f'data-reading="{reading}" title="{escape(cell_title(key, cell))}">{text}'
            f'<sup class="gk-read-mark" aria-hidden="true">{escape(str(mark))}</sup>'
            f'<span class="gk-read-sr">{escape(_("（%(label)s）") % {"label": label})}</span></td>'
        )

    return _FIGURE_CELL.sub(replace, fragment), ids
