"""Segmentation: what the index holds and what a query asks for."""

from __future__ import annotations

from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from gongkai.search.tokenize import index_words, query_words, segment


def test_domain_words_are_words():
    assert query_words("社保") == ["社保"]
    assert query_words("人社局政务公开") == ["人社局", "政务公开"]
    assert query_words("养老保险") == ["养老保险"]


def test_index_holds_every_dictionary_word_inside_longer_ones():
    words = index_words("基本养老保险费按年缴纳，社保卡换领")
    for word in ("养老保险", "养老", "保险", "保险费", "社保", "社保卡"):
        assert word in words


def test_a_lone_character_is_replaced_by_the_word_covering_it():
    assert query_words("失业保险金") == ["失业保险", "保险金"]


def test_normalisation_and_punctuation():
    assert query_words("ＡＢＣ　社保") == ["abc", "社保"]
    assert segment("社保-卡_2023！") == "社保 卡 2023"
    assert query_words("的") == ["的"]
    assert query_words("社保 的") == ["社保"]
    assert query_words("") == [] and index_words("  ") == []


PIECES = (
    "社保",
    "养老",
    "保险",
    "医疗",
    "公开",
    "人社局",
    "城乡居民",
    "就业",
    "创业",
    "金",
    "失业",
    "卡",
    "费",
    "年",
    "的",
)
PIECES += ("abc", "123", "，", " ", "。", "政务", "工资", "农民工", "区块链", "通知", "办理")


@settings(suppress_health_check=[HealthCheck.filter_too_much])
@given(st.lists(st.sampled_from(PIECES), min_size=1, max_size=8).map("".join))
def test_a_document_holding_the_query_text_holds_the_query_words(text):
    """What the search promises: typing a piece of a document's text finds that document.

    Except a lone Chinese character that the document's text covers with a word (人 in 文人):
    single characters are indexed only where no dictionary word covers them.
    """
    words = query_words(text)
    assume(all(len(word) > 1 or word.isascii() for word in words))
    document = f"前文{text}后文"
    assert set(words) <= set(index_words(document))


def test_a_lone_character_inside_a_word_is_not_found():
    assert query_words("人") == ["人"]
    assert "人" not in index_words("前文人后文")


def test_excerpt_marks_every_query_word_around_the_longest():
    from gongkai.search.text import excerpt

    text = "为稳定和扩大就业，制定本措施。" + "其他内容。" * 40 + "稳就业的措施。"
    pieces = excerpt(text, ["稳", "就业", "措施"], width=30)
    assert [p.text for p in pieces if p.marked] == ["就业", "措施"]
    assert pieces[-1].text == "…"
    assert "".join(p.text for p in pieces).startswith("为稳定和扩大就业")
    assert excerpt("没有", ["社保"]) == []
    assert [p.text for p in excerpt("一个稳字", ["稳"]) if p.marked] == ["稳"]
