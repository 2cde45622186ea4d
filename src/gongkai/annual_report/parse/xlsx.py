"""Reading a report from an Excel workbook (.xlsx).

Sheets are read in order. A cell that links to another sheet of the workbook
(our own workbooks link each table section to its table's sheet) is replaced
by that sheet's rows, so the tables come where the report prints them; sheets
no link led to follow in workbook order. On a sheet, the rows from the first
to the last that hold two or more values are table rows (merged ranges
expanded: the value in the top-left slot, "" in the slots it covers); other
rows are paragraphs.

Numbers are written back as printed: an integer as itself, a decimal through
its number format (``0.00`` keeps 125.20), so an amount is read exactly.
"""

from __future__ import annotations

import io
import re
import zipfile
from datetime import date, datetime
from decimal import Decimal, InvalidOperation

from ..errors import ParseError
from ..model import Report
from .engine import Line, assemble

_PLACES = re.compile(r"^[^.;]*?0\.(0+)")
_SHEET_REF = re.compile(r"^#?'?(?P<sheet>[^'!]+)'?!")


def _number_text(value: int | float, number_format: str | None) -> str:
    if isinstance(value, int):
        return str(value)
    if value != value or value in (float("inf"), float("-inf")):
        return str(value)
    try:
        exact = Decimal(repr(value))
    except InvalidOperation:  # pragma: no cover - repr of a finite float is a decimal
        return str(value)
    match = _PLACES.match(number_format or "")
    if match:
        return str(exact.quantize(Decimal(1).scaleb(-len(match.group(1)))))
    if exact == exact.to_integral_value():
        return str(int(exact))
    return str(exact)


def cell_text(cell) -> str:
    value = cell.value
    if value is None:
        return ""
    if isinstance(value, bool):
        return str(value)
    if isinstance(value, int | float):
        return _number_text(value, cell.number_format)
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, datetime):
        return value.date().isoformat() if value.time() == datetime.min.time() else value.isoformat(sep=" ")
    if isinstance(value, date):
        return value.isoformat()
    return " ".join(str(value).split())


def sheet_grid(sheet) -> list[list[str]]:
    """The sheet's used range as text, merged ranges expanded."""
    height, width = sheet.max_row, sheet.max_column
    grid = [[""] * width for _ in range(height)]
    for row in sheet.iter_rows(min_row=1, max_row=height, max_col=width):
        for cell in row:
            if cell.__class__.__name__ == "MergedCell":
                continue
            grid[cell.row - 1][cell.column - 1] = cell_text(cell)
    return grid


def _link_target(cell, names: set[str]) -> str | None:
    link = cell.hyperlink
    if link is None:
        return None
    for ref in (link.location, link.target):
        if ref:
            match = _SHEET_REF.match(ref)
            if match and match.group("sheet") in names:
                return match.group("sheet")
    return None


class _Reader:
    def __init__(self, workbook) -> None:
        self.workbook = workbook
        self.names = set(workbook.sheetnames)
        self.done: set[str] = set()
        self.lines: list[Line] = []
        self.tables = 0

    def sheet(self, name: str, *, linked: bool = False) -> None:
        if name in self.done:
            return
        self.done.add(name)
        sheet = self.workbook[name]
        grid = sheet_grid(sheet)
        counts = [sum(1 for c in row if c.strip()) for row in grid]
        multi = [i for i, n in enumerate(counts) if n >= 2]
        if linked and any(counts):
            first, last = 0, max(i for i, n in enumerate(counts) if n)
        elif multi:
            first, last = multi[0], multi[-1]
        else:
            first, last = len(grid), -1
        if first <= last:
            self.tables += 1
        links = {}
        for row in sheet.iter_rows():
            for cell in row:
                if cell.__class__.__name__ != "MergedCell" and cell.hyperlink is not None:
                    target = _link_target(cell, self.names)
                    if target and target != name:
                        links[(cell.row - 1, cell.column - 1)] = target
        for index, cells in enumerate(grid):
            source = f"工作表“{name}”第{index + 1}行"
            if first <= index <= last:
                self.lines.append(Line(cells, source, is_table_row=True))
                continue
            texts = []
            for col, text in enumerate(cells):
                target = links.get((index, col))
                if target is not None:
                    if texts:
                        self.lines.append(Line([" ".join(texts)], source))
                        texts = []
                    self.sheet(target, linked=True)
                elif text.strip():
                    texts.append(text.strip())
            if texts:
                self.lines.append(Line([" ".join(texts)], source))


def xlsx_to_lines(data: bytes) -> list[Line]:
    from openpyxl import load_workbook

    try:
        workbook = load_workbook(io.BytesIO(data), data_only=True)
    except (zipfile.BadZipFile, KeyError, ValueError, OSError) as exc:
        raise ParseError(f"文件不是有效的 Excel（.xlsx）工作簿，或已损坏，无法打开（{type(exc).__name__}）") from None
    except Exception as exc:  # damaged XML inside the archive
        raise ParseError(f"Excel 工作簿已损坏，无法读取：{exc}") from None
    reader = _Reader(workbook)
    for name in workbook.sheetnames:
        reader.sheet(name)
    if reader.tables == 0:
        raise ParseError("Excel 工作簿中没有任何表格，不是一份完整的政府信息公开工作年度报告")
    return reader.lines


def parse_xlsx(data: bytes, *, name: str | None = None) -> Report:
    return assemble(xlsx_to_lines(data), name=name)
