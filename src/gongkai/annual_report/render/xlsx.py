"""A report as an Excel workbook.

The first sheet (named after ``REPORT_SHEET``) holds the report as printed,
one paragraph a row: the title, the section headings, the narrative and the
publication date. Under the heading of a section with a table, a link leads
to that table's own sheet (named 表二, 表三, 表四 after ``Table.number``), where
the table is its printed grid (annual_report.render.layout) with merged
header and label cells.

Figures are numbers: counts as integers, amounts as exact decimals with a
number format of as many decimals as they have (the parser reads them back
through that format, so 125.20 stays 125.20). A blank cell stays empty, "not
applicable" is written "/", and a figure with a note is written as printed
text, e.g. 22（其中修订16件）.
"""

from __future__ import annotations

import io
import math
from decimal import Decimal

from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter

from ..model import CellState, Report
from .layout import BLOCK_HEADING, CORNER, FIGURE, ROW_HEADER, Grid, document, title

REPORT_SHEET = "报告"
FONT_NAME = "宋体"
_THIN = Side(style="thin", color="333333")
_BORDER = Border(left=_THIN, right=_THIN, top=_THIN, bottom=_THIN)


def table_sheet_name(grid: Grid) -> str:
    return f"表{grid.table.number}"


def _figure_value(report: Report, key: str):
    """(value, number format) of a figure cell."""
    cell = report.cell(key)
    if cell.state is CellState.BLANK:
        return None, None
    if cell.state is CellState.NOT_APPLICABLE:
        return "/", None
    if cell.state is CellState.MISSING or cell.value is None:
        return "?", None
    if cell.note:
        from ..figures import format_figure

        return format_figure(cell), None
    if isinstance(cell.value, Decimal):
        exponent = cell.value.as_tuple().exponent
        places = -exponent if isinstance(exponent, int) and exponent < 0 else 0
        return cell.value, "0" if places == 0 else "0." + "0" * places
    return cell.value, "0"


def _write_grid(sheet, report: Report, grid: Grid) -> None:
    font = Font(name=FONT_NAME, size=10)
    for r in range(1, grid.height + 1):
        for c in range(1, grid.width + 1):
            sheet.cell(r, c).border = _BORDER
    for anchor in grid.cells:
        target = sheet.cell(anchor.row + 1, anchor.col + 1)
        if anchor.role == FIGURE and anchor.key:
            value, number_format = _figure_value(report, anchor.key)
            target.value = value
            if number_format:
                target.number_format = number_format
        else:
            target.value = anchor.text or None
        left = anchor.role in (ROW_HEADER, CORNER, BLOCK_HEADING)
        target.alignment = Alignment(horizontal="left" if left else "center", vertical="center", wrap_text=True)
        target.font = Font(name=FONT_NAME, size=10, bold=anchor.role == BLOCK_HEADING) if anchor.is_header else font
        if anchor.role == BLOCK_HEADING:
            target.fill = PatternFill("solid", fgColor="F2F2F2")
        if anchor.rowspan > 1 or anchor.colspan > 1:
            sheet.merge_cells(
                start_row=anchor.row + 1,
                start_column=anchor.col + 1,
                end_row=anchor.row + anchor.rowspan,
                end_column=anchor.col + anchor.colspan,
            )
    total = 14.0 * grid.width
    widths = [max(6.0, round(total * weight, 1)) for weight in grid.column_weights()]
    for index, width in enumerate(widths, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = width
    # Wrapped text does not grow its row by itself everywhere: give each row the lines its labels need.
    lines = [1] * grid.height
    for anchor in grid.cells:
        if anchor.rowspan == 1 and anchor.text:
            width = sum(widths[anchor.col : anchor.col + anchor.colspan])
            lines[anchor.row] = max(lines[anchor.row], math.ceil(len(anchor.text) * 2.1 / width))
    for index, count in enumerate(lines, start=1):
        if count > 1:
            sheet.row_dimensions[index].height = 14 * count
    if grid.header_rows:
        sheet.freeze_panes = sheet.cell(grid.header_rows + 1, grid.label_columns + 1)
        sheet.print_title_rows = f"1:{grid.header_rows}"
    sheet.page_setup.paperSize = sheet.PAPERSIZE_A4
    sheet.page_setup.orientation = "landscape" if grid.width > 8 else "portrait"
    sheet.page_setup.fitToWidth = 1
    sheet.page_setup.fitToHeight = 0
    sheet.sheet_properties.pageSetUpPr.fitToPage = True


def render_xlsx(report: Report) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = REPORT_SHEET
    sheet.column_dimensions["A"].width = 100
    workbook.properties.title = title(report)
    workbook.properties.language = "zh-CN"
    if report.agency:
        workbook.properties.creator = report.agency
    row = 0
    for block in document(report):
        if block.kind == "table":
            grid = block.grid
            name = table_sheet_name(grid)
            table_sheet = workbook.create_sheet(name)
            _write_grid(table_sheet, report, grid)
            row += 1
            link = sheet.cell(row, 1, f"见工作表“{name}”")
            link.hyperlink = f"#'{name}'!A1"
            link.hyperlink.location = f"'{name}'!A1"
            link.hyperlink.target = None
            link.font = Font(name=FONT_NAME, size=12, color="0563C1", underline="single")
            continue
        row += 1
        target = sheet.cell(row, 1, block.text)
        target.alignment = Alignment(
            wrap_text=True, vertical="top", horizontal="center" if block.kind == "title" else None
        )
        if block.kind == "title":
            target.font = Font(name=FONT_NAME, size=18, bold=True)
        elif block.kind == "heading":
            target.font = Font(name=FONT_NAME, size=14, bold=True)
        else:
            target.font = Font(name=FONT_NAME, size=12)
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()
