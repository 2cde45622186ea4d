"""Reading one printed cell into a ``Cell``, the same way for every parser.

Real cells hold more than a number: full-width digits, thousands separators,
a unit glued on (``251000元``), a note (``22（其中修订16件）``), a dash for "not
applicable", or nothing at all. Anything that is not clearly a figure becomes a
*missing* cell with the reason, never a 0.
"""

from __future__ import annotations

import re
import unicodedata
from decimal import Decimal, InvalidOperation

from .format import ValueKind
from .model import Cell, CellState

NOT_APPLICABLE_MARKS = frozenset({"/", "／", "—", "——", "-", "--", "－", "–", "\\", "无", "——/"})

_NUMBER = re.compile(
    r"^(?P<sign>[-−])?(?P<int>\d{1,3}(?:,\d{3})+|\d+)(?P<frac>\.\d+)?\s*(?P<unit>万元|元|件|个|条|项)?"
    r"\s*(?P<note>[(（\[【].*[)）\]】])?$"
)


def clean(text: str) -> str:
    """Full-width digits and signs folded, outer spaces gone."""
    text = unicodedata.normalize("NFKC", text)
    return text.replace("\u3000", " ").strip()


def read_figure(text: str | None, kind: ValueKind = ValueKind.COUNT, source: str | None = None) -> Cell:
    raw = text
    if text is None:
        return Cell.missing("没有读到这一格", source=source)
    stripped = clean(text)
    if stripped == "":
        return Cell.blank(raw=raw, source=source)
    if stripped in NOT_APPLICABLE_MARKS:
        return Cell.not_applicable(raw=raw, source=source)
    match = _NUMBER.match(stripped.replace(" ", "") if " " in stripped and "（" not in stripped else stripped)
    if not match:
        return Cell.missing(f"“{stripped}”不是一个数字", raw=raw, source=source)
    note = match.group("note")
    if note:
        note = note[1:-1].strip() or None
    digits = match.group("int").replace(",", "")
    negative = bool(match.group("sign"))
    frac = match.group("frac")
    if kind is ValueKind.AMOUNT:
        try:
            value: int | Decimal = Decimal(("-" if negative else "") + digits + (frac or ""))
        except InvalidOperation:  # pragma: no cover - the pattern admits only digits
            return Cell.missing(f"“{stripped}”不是一个金额", raw=raw, source=source)
    else:
        if frac and frac.strip(".0"):
            return Cell.missing(f"“{stripped}”不是整数，件数应为整数", raw=raw, source=source)
        value = int(digits) * (-1 if negative else 1)
    return Cell(value, CellState.VALUE, note, raw=raw, source=source)


def format_figure(cell: Cell) -> str:
    """The printed form of a cell, as the text, HTML, DOCX and XLSX renderers write it."""
    if cell.state is CellState.BLANK:
        return ""
    if cell.state is CellState.NOT_APPLICABLE:
        return "/"
    if cell.state is CellState.MISSING or cell.value is None:
        return "?"
    text = str(cell.value)
    if cell.note:
        text += f"（{cell.note}）"
    return text
