"""Reading Word documents: body order, merged cells, damaged files."""

from __future__ import annotations

import io

import docx
import pytest

from gongkai.annual_report.errors import ParseError
from gongkai.annual_report.model import Report
from gongkai.annual_report.parse.docx import docx_to_lines, parse_docx
from gongkai.annual_report.render.docx import render_docx


def saved(document) -> bytes:
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def test_body_order_and_merged_cells():
    document = docx.Document()
    document.add_paragraph("标题")
    table = document.add_table(rows=3, cols=3)
    table.cell(0, 0).merge(table.cell(1, 0)).text = "竖"
    table.cell(0, 1).merge(table.cell(0, 2)).text = "横"
    table.cell(1, 1).text = "1"
    table.cell(1, 2).text = "2"
    table.cell(2, 0).merge(table.cell(2, 2)).text = "整行"
    document.add_paragraph("第一行\n第二行")
    lines = docx_to_lines(saved(document))
    assert [(line.cells, line.is_table_row) for line in lines] == [
        (["标题"], False),
        (["竖", "横", ""], True),
        (["", "1", "2"], True),
        (["整行", "", ""], True),
        (["第一行"], False),
        (["第二行"], False),
    ]
    assert lines[2].source == "表格1第2行"


def test_our_rendering_reads_back():
    report = Report.zero(year=2024, agency="某县某局", sections={"problems": "问题。"})
    back = parse_docx(render_docx(report))
    assert (back.year, back.agency, back.cells, back.sections["problems"]) == (2024, "某县某局", report.cells, "问题。")


def test_damaged_or_tableless_files_are_refused():
    with pytest.raises(ParseError, match="Word"):
        parse_docx(b"PK\x03\x04 not really a zip")
    with pytest.raises(ParseError, match="Word"):
        parse_docx(render_docx(Report.zero(year=2023))[:2000])
    document = docx.Document()
    document.add_paragraph("某局2023年政府信息公开工作年度报告")
    with pytest.raises(ParseError, match="没有任何表格"):
        parse_docx(saved(document))
