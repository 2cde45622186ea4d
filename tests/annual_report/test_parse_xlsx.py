"""Reading Excel workbooks: links to table sheets, merged ranges, exact numbers."""

from __future__ import annotations

import io

import openpyxl
import pytest

from gongkai.annual_report.errors import ParseError
from gongkai.annual_report.model import Report
from gongkai.annual_report.parse.xlsx import parse_xlsx, xlsx_to_lines
from gongkai.annual_report.render.text import render_text
from gongkai.annual_report.render.xlsx import render_xlsx


def saved(book) -> bytes:
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def test_a_plain_workbook_paragraphs_then_a_merged_table():
    book = openpyxl.Workbook()
    sheet = book.active
    sheet["A1"] = "标题"
    sheet["A3"] = "甲"
    sheet["B3"] = "乙"
    sheet.merge_cells("B3:C3")
    sheet["A4"] = "行"
    sheet["B4"] = 12.5
    sheet["B4"].number_format = "0.00"
    sheet["C4"] = 3
    lines = xlsx_to_lines(saved(book))
    assert [(line.cells, line.is_table_row) for line in lines] == [
        (["标题"], False),
        (["甲", "乙", ""], True),
        (["行", "12.50", "3"], True),
    ]


def test_tables_are_inlined_where_the_report_links_them():
    report = Report.zero(year=2023, agency="某局", sections={"overview": "甲。", "problems": "乙。"})
    lines = xlsx_to_lines(render_xlsx(report))
    texts = [line.text for line in lines if not line.is_table_row]
    expected = [line for line in render_text(report).splitlines() if line and "\t" not in line]
    assert texts == expected
    first_table = next(i for i, line in enumerate(lines) if line.is_table_row)
    assert lines[first_table - 1].text == expected[expected.index("甲。") + 1]


def test_a_workbook_of_ours_reads_back():
    report = Report.zero(year=2022, agency="某局")
    assert parse_xlsx(render_xlsx(report)).cells == report.cells


def test_damaged_or_tableless_workbooks_are_refused():
    with pytest.raises(ParseError, match="Excel"):
        parse_xlsx(b"PK\x03\x04 broken")
    book = openpyxl.Workbook()
    book.active["A1"] = "只有一句话"
    with pytest.raises(ParseError, match="没有任何表格"):
        parse_xlsx(saved(book))
