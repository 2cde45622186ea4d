"""The XLSX rendering: a sheet per table, merged headers, numbers as numbers."""

from __future__ import annotations

import io
from decimal import Decimal

import openpyxl

from gongkai.annual_report.model import Cell, Report
from gongkai.annual_report.parse.xlsx import xlsx_to_lines
from gongkai.annual_report.render.layout import title
from gongkai.annual_report.render.xlsx import REPORT_SHEET, render_xlsx


def workbook(report: Report):
    return openpyxl.load_workbook(io.BytesIO(render_xlsx(report)))


def test_sheets_merges_and_metadata():
    report = Report.zero(year=2023, agency="某局", sections={"overview": "甲。"})
    book = workbook(report)
    assert book.sheetnames == [REPORT_SHEET, *(f"表{t.number}" for t in report.format.tables)]
    assert book[REPORT_SHEET]["A1"].value == title(report)
    assert book.properties.title == title(report)
    requests = book[f"表{report.format.table('requests').number}"]
    assert "A1:C3" in {str(r) for r in requests.merged_cells.ranges}
    assert requests.max_column == 10
    assert book[f"表{report.format.table('appeals').number}"].max_column == 15


def test_figures_are_numbers_blanks_empty_and_marks_text():
    report = Report.zero(year=2023).with_cells(
        {
            "proactive.fees.amount_wan_yuan": Cell.of(Decimal("125.20")),
            "proactive.regulations.issued": Cell.blank(),
            "proactive.regulations.repealed": Cell.not_applicable(),
            "proactive.regulations.in_force": Cell.of(22, "其中修订16件"),
            "proactive.licensing.decisions": Cell.of(3985758),
        }
    )
    sheet = workbook(report)["表二"]
    values = {sheet.cell(r, 1).value: [sheet.cell(r, c) for c in range(2, 5)] for r in range(1, sheet.max_row + 1)}
    table = report.format.table("proactive")
    regulations = values[table.row("regulations").label]
    assert [c.value for c in regulations] == [None, "/", "22（其中修订16件）"]
    fees = values[table.row("fees").label][0]
    assert fees.data_type == "n" and fees.number_format == "0.00"
    assert values[table.row("licensing").label][0].value == 3985758
    lines = xlsx_to_lines(render_xlsx(report))
    assert any(line.cells[:2] == [table.row("fees").label, "125.20"] for line in lines)
