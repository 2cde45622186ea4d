"""The HTML rendering: a standalone, accessible document and an embeddable fragment."""

from __future__ import annotations

from datetime import date

import lxml.html

from gongkai.annual_report.format import FORMAT_2019
from gongkai.annual_report.model import Report
from gongkai.annual_report.parse.html import expand_rows
from gongkai.annual_report.render.html import render_html, render_html_fragment
from gongkai.annual_report.render.layout import table_grid


def report(**kwargs) -> Report:
    base = {"year": 2023, "agency": "某局", "sections": {"overview": "甲。", "other_matters": "未收取信息处理费。"}}
    return Report.zero(**{**base, **kwargs})


def test_standalone_document_without_external_resources():
    html = render_html(report())
    assert html.startswith("<!DOCTYPE html>")
    doc = lxml.html.document_fromstring(html)
    assert doc.get("lang") == "zh-CN"
    assert doc.find(".//head/meta[@charset]") is not None
    assert doc.findtext(".//head/title") == f"某局2023年{FORMAT_2019.title_suffix}"
    assert doc.find(".//head/style") is not None
    assert not doc.xpath("//link | //script | //img | //*[@src]")
    assert "url(" not in html and "http" not in html


def test_tables_have_captions_scoped_headers_and_real_spans():
    r = report()
    doc = lxml.html.fragment_fromstring(render_html_fragment(r))
    tables = doc.findall(".//table")
    assert len(tables) == len(r.format.tables)
    for element, table in zip(tables, r.format.tables, strict=True):
        assert element.find("caption").text_content().strip()
        assert all(th.get("scope") in ("col", "row", "rowgroup") for th in element.iter("th"))
        rows = [
            [
                (c.text_content(), int(c.get("rowspan", 1)), int(c.get("colspan", 1)))
                for c in tr
                if c.tag in ("td", "th")
            ]
            for tr in element.iter("tr")
        ]
        assert expand_rows(rows) == table_grid(r, table).expanded()
    matrix = tables[1]
    assert matrix.find("thead") is not None
    assert matrix.xpath(".//th[@rowspan > 1][@scope='row']")
    assert matrix.xpath(".//th[@colspan > 1][@scope='col']")


def test_fragment_is_embedded_and_escaped():
    r = report(agency="<某局&>", sections={"overview": "a<b>c"}, published_on=date(2024, 1, 20))
    fragment = render_html_fragment(r)
    assert fragment.startswith("<article") and "<html" not in fragment
    assert fragment in render_html(r)
    assert "&lt;某局&amp;&gt;" in fragment and "a&lt;b&gt;c" in fragment
    assert '<time datetime="2024-01-20">' in fragment


def test_2019_format_renders():
    r = Report.zero(FORMAT_2019, year=2020, agency="某局")
    doc = lxml.html.fragment_fromstring(render_html_fragment(r))
    labels = {th.text_content() for th in doc.iter("th")}
    assert {row.label for row in FORMAT_2019.table("proactive").rows} <= labels
