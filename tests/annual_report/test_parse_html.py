"""Reading HTML pages: tables expanded to their grid, text in document order."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from gongkai.annual_report.errors import ParseError
from gongkai.annual_report.model import Report
from gongkai.annual_report.parse.html import expand_rows, html_to_lines, parse_html
from gongkai.annual_report.render.html import render_html_fragment


def test_rowspan_and_colspan_expand_to_the_full_grid():
    rows = [
        [("a", 2, 1), ("b", 1, 2)],
        [("c", 1, 1), ("d", 1, 1)],
        [("e", 1, 3)],
    ]
    assert expand_rows(rows) == [["a", "b", ""], ["", "c", "d"], ["e", "", ""]]


def test_short_rows_are_padded_and_overlong_rowspans_clipped():
    assert expand_rows([[("a", 5, 1), ("b", 1, 1)], [("c", 1, 1)]]) == [["a", "b"], ["", "c"]]
    assert expand_rows([[("a", 1, 1)], [("b", 1, 1), ("c", 1, 1)]]) == [["a", ""], ["b", "c"]]


@given(st.lists(st.lists(st.tuples(st.text(max_size=3), st.integers(1, 3), st.integers(1, 3)), max_size=4), max_size=5))
def test_expanded_grids_are_rectangular(rows):
    grid = expand_rows(rows)
    assert len({len(row) for row in grid}) <= 1
    texts = [t for row in rows for t, _, _ in row if t]
    assert sorted(t for row in grid for t in row if t) == sorted(texts)


def test_paragraphs_breaks_and_tables_in_document_order():
    html = """<html><head><title>x</title><script>var a = "不要";</script></head><body>
    <p>第一段<br>第二段</p><div>第三段<span>接着</span></div>
    <table><caption>表一 说明</caption><tr><th rowspan="2">甲</th><td>1</td></tr><tr><td>2</td></tr></table>
    <p>末段</p></body></html>"""
    lines = html_to_lines(html)
    assert [(line.cells, line.is_table_row) for line in lines] == [
        (["第一段"], False),
        (["第二段"], False),
        (["第三段接着"], False),
        (["表一 说明"], False),
        (["甲", "1"], True),
        (["", "2"], True),
        (["末段"], False),
    ]
    assert lines[4].source == "表格1第1行"


def test_a_report_inside_site_navigation_and_layout_tables():
    report = Report.zero(year=2023, agency="某市某局", sections={"overview": "我局认真落实。"})
    page = f"""<!DOCTYPE html><html><body>
    <nav><ul><li>首页</li><li>政务公开</li><li>年度报告</li></ul></nav>
    <table width="100%"><tr><td>当前位置：首页 &gt; 年度报告</td></tr>
    <tr><td>{render_html_fragment(report)}</td></tr></table>
    <footer>主办单位：某市某局 版权所有</footer></body></html>"""
    back = parse_html(page)
    assert (back.year, back.agency, back.cells) == (2023, "某市某局", report.cells)


def test_redundant_caption_is_dropped():
    report = Report.zero(year=2023, agency="某局")
    lines = html_to_lines(render_html_fragment(report))
    assert not any(line.source.endswith("标题") for line in lines)


def test_a_page_without_a_table_is_refused():
    with pytest.raises(ParseError, match="没有任何表格"):
        parse_html("<html><body><p>某局2023年政府信息公开工作年度报告</p></body></html>")
    with pytest.raises(ParseError):
        parse_html("   ")
