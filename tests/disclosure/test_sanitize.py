"""Rich text is cleaned before it is stored and before it is shown."""

from __future__ import annotations

import re
from html.parser import HTMLParser

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from gongkai.disclosure.sanitize import clean_html, plain_text, safe_body

DANGEROUS = [
    ("<p>社保<script>alert(1)</script></p>", "<script", "alert"),
    ('<p onclick="steal()">就业</p>', "onclick", "steal"),
    ('<img src="x.png" onerror="steal()">', "onerror", "steal"),
    ('<a href="javascript:alert(1)">点我</a>', "javascript", "alert"),
    ('<a href=" JaVaScRiPt:alert(1)">点我</a>', "javascript", "alert"),
    ('<a href="vbscript:msgbox(1)">点我</a>', "vbscript", "msgbox"),
    ('<a href="data:text/html,<script>x</script>">点我</a>', "data:", "<script"),
    ('<span style="display:none">隐藏的文字</span>', "display", "style"),
    ('<p style="visibility: hidden">隐藏</p>', "visibility", "style"),
    ('<div style="font-size:0">零号字</div>', "font-size", "style"),
    ("<p hidden>隐藏</p>", "hidden", "hidden"),
    ("<style>p{display:none}</style><p>正文</p>", "display", "<style"),
    ('<iframe src="https://evil.example"></iframe>', "iframe", "evil"),
    ('<svg onload="steal()"><circle/></svg>', "onload", "svg"),
    ('<form action="/x"><input name="a"></form>', "<form", "<input"),
]


@pytest.mark.parametrize(("html", "gone", "also_gone"), DANGEROUS)
def test_dangerous_markup_is_removed(html, gone, also_gone):
    cleaned = clean_html(html).lower()
    assert gone.lower() not in cleaned
    assert also_gone.lower() not in cleaned


def test_hidden_text_becomes_visible_text_not_hidden_markup():
    cleaned = clean_html('<p>公开<span style="display:none">隐藏的文字</span></p>')
    assert cleaned == "<p>公开<span>隐藏的文字</span></p>"


def test_the_structure_of_an_official_document_survives():
    html = (
        '<h2>一、总则</h2><p>第一条 <strong>养老保险</strong></p><ol start="2"><li>项</li></ol>'
        '<table><tbody><tr><td colspan="2">表</td></tr></tbody></table>'
        '<a href="https://www.example.gov.cn/a.pdf">附件</a><a href="/documents/1/">站内</a>'
    )
    cleaned = clean_html(html)
    for kept in (
        "<h2>",
        "<strong>",
        'start="2"',
        'colspan="2"',
        'href="https://www.example.gov.cn/a.pdf"',
        'href="/documents/1/"',
    ):
        assert kept in cleaned
    assert 'rel="noopener noreferrer"' in cleaned


def test_safe_body_cleans_again_on_the_way_out():
    # A body that reached the database without going through the service.
    assert "<script" not in safe_body("<p>x</p><script>alert(1)</script>")


def test_plain_text_keeps_words_apart_between_blocks_and_together_inside():
    assert plain_text("<p>社<b>保</b></p><p>就业</p><script>x()</script>") == "社保 就业"


MARKUP = st.lists(
    st.sampled_from(
        [
            "<script>",
            "</script>",
            "<p",
            ">",
            " onclick=",
            " onmouseover='x()'",
            ' style="display:none"',
            ' href="javascript:alert(1)"',
            "<a",
            "<img src=x",
            "社保",
            "就业",
            '"',
            "'",
            "</p>",
            "<style>",
            "&lt;",
            "java\tscript:",
            "<svg",
            "<!--",
            "-->",
        ]
    ),
    max_size=30,
).map("".join)


class _Tags(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, list[tuple[str, str | None]]]] = []

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, attrs))

    handle_startendtag = handle_starttag


def _elements(html: str):
    parser = _Tags()
    parser.feed(html)
    parser.close()
    return parser.tags


@settings(max_examples=300, deadline=None)
@given(st.one_of(MARKUP, st.text(max_size=200)))
def test_nothing_executable_or_hiding_survives(html):
    cleaned = clean_html(html)
    for tag, attrs in _elements(cleaned):
        assert tag not in {"script", "style", "iframe", "svg", "form", "input", "object", "embed"}
        for name, value in attrs:
            assert not name.startswith("on")
            assert name not in {"style", "hidden"}
            if name in {"href", "src"} and value:
                scheme = re.sub(r"[\x00-\x20]", "", value).lower()
                assert not scheme.startswith(("javascript:", "vbscript:", "data:"))
    assert clean_html(cleaned) == clean_html(clean_html(cleaned))
