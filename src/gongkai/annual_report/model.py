"""The ``Report`` value: one agency's annual report for one year, figure by figure.

Figures are exact: whole numbers for counts, ``Decimal`` for amounts. A cell
remembers *how* it was printed — a figure, a blank (read as 0 but flagged), a
"not applicable" mark, or nothing readable — and any note written inside it,
so that nothing a parser could not read turns silently into a 0.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field, replace
from datetime import date
from decimal import Decimal
from enum import StrEnum
from typing import NamedTuple

from .format import CURRENT, ReportFormat, split_key

Number = int | Decimal


class CellState(StrEnum):
    VALUE = "value"  # a figure was printed
    BLANK = "blank"  # the cell was empty; the value is 0 and a warning says so
    NOT_APPLICABLE = "not_applicable"  # printed as / or —; no value, not a 0
    MISSING = "missing"  # nothing readable; ``reason`` says why


class Confidence(StrEnum):
    """How sure the parser is of a cell (never part of a cell's equality)."""

    EXACT = "exact"  # read from a cell boundary: a table cell, or a figure set apart by spaces
    DECODED = "decoded"  # split from digits printed without separators; ``basis`` names the sums used
    OCR = "ocr"  # read by optical character recognition from a scanned page: a person should look
    INFERRED = "inferred"  # not printed as such, deduced (a group printed as one row of zeros)
    AMBIGUOUS = "ambiguous"  # missing: several splits of the printed digits remain (see ``reason``)
    UNREAD = "unread"  # missing: nothing readable


@dataclass(frozen=True)
class Cell:
    value: Number | None
    state: CellState = CellState.VALUE
    note: str | None = None  # a note printed inside the cell, e.g. 其中修订16件
    raw: str | None = field(default=None, compare=False)  # the text as printed
    source: str | None = field(default=None, compare=False)  # where it was read
    reason: str | None = field(default=None, compare=False)  # why it is missing
    confidence: Confidence = field(default=Confidence.EXACT, compare=False)
    # The rule codes whose sums chose this figure among other splits of the printed
    # digits: those rules cannot independently confirm it (they are not_checked).
    basis: tuple[str, ...] = field(default=(), compare=False)

    @classmethod
    def of(cls, value: Number, note: str | None = None) -> Cell:
        return cls(value, CellState.VALUE, note)

    @classmethod
    def blank(cls, raw: str | None = "", source: str | None = None) -> Cell:
        return cls(0, CellState.BLANK, raw=raw, source=source)

    @classmethod
    def not_applicable(cls, raw: str | None = "/", source: str | None = None) -> Cell:
        return cls(None, CellState.NOT_APPLICABLE, raw=raw, source=source)

    @classmethod
    def missing(
        cls,
        reason: str,
        raw: str | None = None,
        source: str | None = None,
        confidence: Confidence = Confidence.UNREAD,
    ) -> Cell:
        return cls(None, CellState.MISSING, raw=raw, source=source, reason=reason, confidence=confidence)

    def with_source(self, source: str | None) -> Cell:
        """The same cell read from elsewhere (a PDF's page and line for the joined text's line):
        built directly, since ``dataclasses.replace`` costs more than the rest of the renaming."""
        return Cell(self.value, self.state, self.note, self.raw, source, self.reason, self.confidence, self.basis)

    def sure(self) -> bool:
        """Read as printed (a cell boundary), not decoded, read by OCR, inferred or missing."""
        return self.confidence is Confidence.EXACT and self.state is not CellState.MISSING

    @property
    def is_number(self) -> bool:
        return self.value is not None


class Heading(NamedTuple):
    """A section heading as the parser found it, in printed order: the numeral
    printed before it (一 … 六) and the code of the section its words name
    (``overview`` … ``other_matters``). Kept so that ``S.section_order`` can tell a
    section that is missing from one printed out of order or numbered wrongly."""

    number: str
    section: str


@dataclass(frozen=True)
class Report:
    format: ReportFormat = CURRENT
    year: int | None = None
    agency: str | None = None
    cells: Mapping[str, Cell] = field(default_factory=dict)
    sections: Mapping[str, str] = field(default_factory=dict)
    published_on: date | None = None
    # Every section heading the parser recognised by its words, in printed order, even
    # one out of order or numbered wrongly; empty when the source does not say (JSON,
    # a report built from records), and then ``S.section_order`` checks less.
    headings: tuple[Heading, ...] = field(default=(), compare=False)

    def __post_init__(self) -> None:
        unknown = set(self.cells) - set(self.format.cell_keys())
        if unknown:
            raise ValueError(f"not cells of format {self.format.code}: {sorted(unknown)}")

    # -- reading ---------------------------------------------------------
    def cell(self, key: str) -> Cell:
        """The cell at ``key``; a cell the report never had is missing."""
        cell = self.cells.get(key)
        if cell is None:
            self.format.lookup(key)  # raises KeyError for a key of no format
            return Cell.missing("报告中没有这一项")
        return cell

    def value(self, key: str) -> Number | None:
        return self.cell(key).value

    def __getitem__(self, key: str) -> Number | None:
        return self.value(key)

    def iter_cells(self) -> Iterator[tuple[str, Cell]]:
        """Every cell of the format, in printed order."""
        for key in self.format.cell_keys():
            yield key, self.cell(key)

    def table_values(self, table: str) -> dict[str, dict[str, Number | None]]:
        spec = self.format.table(table)
        return {
            row.code: {c.code: self.value(f"{table}.{row.code}.{c.code}") for c in row.columns} for row in spec.rows
        }

    @property
    def is_complete(self) -> bool:
        return all(cell.state is not CellState.MISSING for _, cell in self.iter_cells())

    # -- making new values -------------------------------------------------
    def with_cells(self, changes: Mapping[str, Cell | Number]) -> Report:
        cells = dict(self.cells)
        for key, cell in changes.items():
            cells[key] = cell if isinstance(cell, Cell) else Cell.of(cell)
        return replace(self, cells=cells)

    def replace(self, **changes) -> Report:
        return replace(self, **changes)

    @classmethod
    def zero(cls, fmt: ReportFormat = CURRENT, **kwargs) -> Report:
        """A report of the format with every figure 0 (a quiet year)."""
        from .format import ValueKind

        cells = {}
        for key in fmt.cell_keys():
            column = fmt.lookup(key)[2]
            cells[key] = Cell.of(Decimal("0") if column.kind is ValueKind.AMOUNT else 0)
        return cls(format=fmt, cells=cells, **kwargs)


def row_of(key: str) -> str:
    return split_key(key)[1]
