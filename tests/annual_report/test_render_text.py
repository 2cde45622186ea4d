"""The text rendering: the tab layout of a Word table saved as text."""

from __future__ import annotations

from datetime import date

from tests.corpus import CORPUS

from gongkai.annual_report.figures import format_figure
from gongkai.annual_report.format import normalize_label
from gongkai.annual_report.model import Cell
from gongkai.annual_report.parse.json import parse_json
from gongkai.annual_report.parse.text import parse_text
from gongkai.annual_report.render.text import render_text

REFERENCE = CORPUS / "reference-jiyuan-hrss-2023"


def reference():
    return parse_json(REFERENCE.with_suffix(".expected.json").read_text(encoding="utf-8"))


def table_lines(text: str) -> list[list[str]]:
    return [line.split("\t") for line in text.splitlines() if "\t" in line]


def test_proactive_table_is_printed_like_the_reference():
    ours = render_text(reference())
    theirs = REFERENCE.with_suffix(".txt").read_text(encoding="utf-8")
    fmt = reference().format
    width = 1 + max(len(r.columns) for r in fmt.table("proactive").rows)
    assert table_lines(ours)[:14] == table_lines(theirs)[:14]
    assert all(len(row) == width for row in table_lines(ours)[:14])


def test_requests_rows_carry_the_reference_figures():
    report = reference()
    ours = table_lines(render_text(report))
    table = report.format.table("requests")
    rows = [r for r in ours if len(r) == 10][3 : 3 + len(table.rows)]
    assert len(rows) == len(table.rows)
    for printed, row in zip(rows, table.rows, strict=True):
        labels = [c for c in printed[:3] if c]
        assert normalize_label(labels[-1]) == normalize_label(row.label)
        assert printed[3:] == [format_figure(report.cell(f"requests.{row.code}.{c.code}")) for c in row.columns]


def test_appeals_is_one_line_of_fifteen_figures_after_the_headers():
    ours = table_lines(render_text(reference()))
    wide = [r for r in ours if len(r) == 15]
    assert len(wide) == 4
    assert wide[-1] == ["0"] * 15


def test_title_sections_and_publication_date():
    report = reference().replace(
        agency="某市某局",
        sections={"overview": "第一段。\n第二段。", "problems": "问题。", "other_matters": "未收取信息处理费。"},
        published_on=date(2024, 1, 20),
    )
    lines = render_text(report).splitlines()
    assert lines[0] == f"某市某局2023年{report.format.title_suffix}"
    for section in report.format.sections:
        assert f"{section.number}、{section.title}" in lines
    start = lines.index("第一段。")
    assert lines[start + 1] == "第二段。"  # paragraphs of a section stay together
    assert lines[-1] == "发布日期：2024-01-20"


def test_cells_print_blank_not_applicable_and_notes():
    report = reference().with_cells(
        {
            "proactive.regulations.issued": Cell.blank(),
            "proactive.regulations.repealed": Cell.not_applicable(),
            "proactive.regulations.in_force": Cell.of(22, "其中修订16件"),
        }
    )
    rows = table_lines(render_text(report))
    regulations = report.format.table("proactive").row("regulations")
    assert [regulations.label, "", "/", "22（其中修订16件）"] in rows


def test_text_parses_back_to_the_same_figures():
    report = reference()
    assert parse_text(render_text(report)).cells == report.cells
