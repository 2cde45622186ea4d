from __future__ import annotations

from gongkai.annual_report.model import Report
from gongkai.annual_report.render.markdown import render_markdown


def test_markdown_tables_are_rectangular_with_a_separator():
    report = Report.zero(year=2023, agency="某局", sections={"overview": "甲|乙。"})
    text = render_markdown(report)
    assert text.startswith(f"# 某局2023年{report.format.title_suffix}\n")
    blocks = [b for b in text.split("\n\n") if b.startswith("|")]
    assert len(blocks) == len(report.format.tables)
    for block in blocks:
        rows = block.splitlines()
        assert set(rows[1].replace("|", "").split()) == {"---"}
        widths = {row.replace("\\|", "").count("|") for row in rows}
        assert len(widths) == 1
    for section in report.format.sections:
        assert f"## {section.number}、{section.title}" in text
    assert "甲|乙。" in text  # narrative is verbatim outside tables
