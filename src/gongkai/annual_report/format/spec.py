"""The vocabulary in which a national annual-report format is described.

A format version (2019, 2021, …) is an *instance* of these classes, never a
code path of its own: computing, rendering, parsing and checking all walk the
same description. Labels are what the printed report says; ``variants`` are the
other spellings real reports use for the same thing.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from enum import StrEnum
from functools import cached_property, lru_cache


class ValueKind(StrEnum):
    """What kind of number a cell holds."""

    COUNT = "count"  # a whole number >= 0
    SIGNED_COUNT = "signed_count"  # a whole number, may be negative (2019 本年增/减)
    AMOUNT = "amount"  # an exact decimal >= 0 (万元, or as written)


class Layout(StrEnum):
    """How a table is printed; the renderers and parsers follow it."""

    BLOCKS = "blocks"  # table 二: a heading per block, its own columns per block
    MATRIX = "matrix"  # table 三: rows down, the applicant columns across
    WIDE = "wide"  # table 四: the groups across, one row of figures


@dataclass(frozen=True)
class Column:
    code: str
    path: tuple[str, ...]  # header labels from the top, e.g. ("法人或其他组织", "商业企业")
    kind: ValueKind = ValueKind.COUNT
    variants: tuple[str, ...] = ()

    @property
    def label(self) -> str:
        return self.path[-1]


@dataclass(frozen=True)
class Row:
    code: str
    path: tuple[str, ...]  # printed labels from the outermost group to the row itself
    columns: tuple[Column, ...]
    variants: tuple[str, ...] = ()

    @property
    def label(self) -> str:
        return self.path[-1]

    @property
    def full_label(self) -> str:
        return " ".join(self.path)


@dataclass(frozen=True)
class Table:
    code: str  # key in the JSON: proactive, requests, appeals
    number: str  # the section number it is printed under: 二, 三, 四
    layout: Layout
    rows: tuple[Row, ...]
    heading_column: str = "信息内容"  # the label over the row labels (BLOCKS layout)
    note: str = ""  # the note printed in the corner of table 三
    column_group: str = ""  # the label over all the figure columns (table 三's 申请人情况)

    def row(self, code: str) -> Row:
        for row in self.rows:
            if row.code == code:
                return row
        raise KeyError(f"{self.code}.{code}")

    def cell_keys(self) -> list[str]:
        return list(self._cell_keys)

    @cached_property
    def _cell_keys(self) -> tuple[str, ...]:
        # computed once per table: the rules ask for it for every report
        return tuple(cell_key(self.code, r.code, c.code) for r in self.rows for c in r.columns)


@dataclass(frozen=True)
class Section:
    number: str  # 一 … 六
    code: str  # overview, proactive, requests, appeals, problems, other_matters
    title: str
    keywords: tuple[str, ...]  # words that identify the heading when spelled differently
    variants: tuple[str, ...] = ()
    parts: tuple[str, ...] = ()  # the numbered parts a narrative section is written in


@dataclass(frozen=True)
class NarrativeFigure:
    """A figure that the narrative of section 一 states in words.

    ``patterns`` are regular expressions with one group, the number; ``scale``
    turns a number written with a unit such as 万 into a plain count.
    ``table_key`` names the table cell it must agree with, if any. ``draft`` is
    how a report drafted from records states it (``{value}`` is the figure); the
    first pattern reads the draft back, so drafting and reading cannot drift apart.
    """

    code: str
    label: str
    patterns: tuple[str, ...]
    table_key: str | None = None
    draft: str = ""


@dataclass(frozen=True)
class NarrativeClaim:
    """A statement of the narrative that the tables can contradict ("全部办结" while
    requests are carried over to next year).

    ``patterns`` are regular expressions searched in one sentence (between 。！？；);
    ``{subject}`` in a pattern stands for a word the rule fills in (the group
    labels of table 四). ``topic``: the sentence, or the one before it, must contain
    one of these words to be about the matter at all (a hotline's 诉求 or a permit
    office's 许可申请 "全部办结" is not about requests for information).
    ``unless``: words that, anywhere in the sentence, make it mean something else
    (上年结转的申请均已办结 speaks of last year's requests; 未发生行政复议纠错 of
    decisions overturned, not of cases).
    """

    patterns: tuple[str, ...] = ()
    topic: tuple[str, ...] = ()
    unless: tuple[str, ...] = ()


@dataclass(frozen=True)
class ReviewWords:
    """The words of the narrative that the checks real reviewers apply look for
    (rules ``S.wrong_year`` … ``S.placeholder``). Regular expressions are matched
    on the NFKC form of the text (full-width letters and brackets folded)."""

    # A sentence that opens with a year and goes on to describe the work (2023年，我局…):
    # group 1 is the year. The rule anchors it at the start of a sentence.
    year_sentence: str = ""
    # A sentence holding one of these compares years (较2023年, 与上年相比): never a wrong year.
    comparison_words: tuple[str, ...] = ()
    # The whole text of a section, punctuation and spaces removed, when it says only
    # that there is nothing (无, 暂无, 无其他需要报告事项).
    nothing_to_report: str = ""
    all_concluded: NarrativeClaim = NarrativeClaim()
    no_appeals: NarrativeClaim = NarrativeClaim()
    # Text left over from a template: （待填写）, XX, ××, ＿＿.
    placeholders: tuple[str, ...] = ()


@dataclass(frozen=True)
class ReportFormat:
    code: str  # "2021", "2019"
    name: str  # the document that fixed it
    first_year: int
    last_year: int | None
    title_suffix: str  # 政府信息公开工作年度报告
    sections: tuple[Section, ...]
    tables: tuple[Table, ...]
    outcome_rows: tuple[str, ...]  # the codes of table 三 that a concluded request may end in
    narrative_figures: tuple[NarrativeFigure, ...] = field(default=())
    fee_statement_words: tuple[str, ...] = field(default=())
    review_words: ReviewWords = field(default=ReviewWords())

    def table(self, code: str) -> Table:
        for table in self.tables:
            if table.code == code:
                return table
        raise KeyError(code)

    def section(self, code: str) -> Section:
        for section in self.sections:
            if section.code == code:
                return section
        raise KeyError(code)

    def cell_keys(self) -> list[str]:
        return list(self._cells)

    def lookup(self, key: str) -> tuple[Table, Row, Column]:
        try:
            return self._cells[key]
        except KeyError:
            raise KeyError(key) from None

    @cached_property
    def _cells(self) -> dict[str, tuple[Table, Row, Column]]:
        """Every cell key of the format, in printed order, with its table, row and column."""
        return {
            cell_key(table.code, row.code, column.code): (table, row, column)
            for table in self.tables
            for row in table.rows
            for column in row.columns
        }

    def describe(self, key: str) -> str:
        """A clerk's name for a cell: 表三 “4. 保护第三方合法权益” 行 “自然人” 列."""
        table, row, column = self.lookup(key)
        return f"表{table.number}“{row.full_label}”行“{' '.join(column.path)}”列"

    def applies_to(self, year: int) -> bool:
        return year >= self.first_year and (self.last_year is None or year <= self.last_year)


def cell_key(table: str, row: str, column: str) -> str:
    return f"{table}.{row}.{column}"


def split_key(key: str) -> tuple[str, str, str]:
    """Keys are table.row.column, and row codes may themselves contain a dot."""
    table, rest = key.split(".", 1)
    row, column = rest.rsplit(".", 1)
    return table, row, column


_QUOTES = str.maketrans({"“": '"', "”": '"', "„": '"', "‘": "'", "’": "'", "「": '"', "」": '"'})
_NOISE = re.compile(r"[\s\"'、，,。.．:：;；·•\-—–_()（）\[\]【】]+")


@lru_cache(maxsize=8192)
def normalize_label(text: str) -> str:
    """The comparable form of a label: width, brackets, quotes, spaces and
    punctuation folded away, so that ``（二）部分公开`` and ``(二) 部分 公开`` agree."""
    text = unicodedata.normalize("NFKC", text).translate(_QUOTES)
    return _NOISE.sub("", text)
