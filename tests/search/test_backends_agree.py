"""The same documents are found for the same queries on SQLite (FTS5) and PostgreSQL (tsvector).

Both runs of the suite (``pytest`` and ``DATABASE_URL=postgres://… pytest``) check the backend in use
against the same two references: an oracle computed in Python from ``search.tokenize`` alone (a
document matches when it holds every query word), and the expected numbers of documents below,
written down once. Equal to both on each database means equal to each other.
"""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from gongkai.search.selectors import search, search_document_ids
from gongkai.search.services import IndexItem, index_item, remove_document
from gongkai.search.tokenize import index_words, query_words

from . import corpus

EXPECTED_COUNTS = {
    "社保": 9,
    "养老保险": 7,
    "医疗保险": 7,
    "社会保险": 7,
    "保险": 21,
    "就业创业": 6,
    "农民工工资": 6,
    "职称评审 通知": 6,
    "人社局": 11,
    "区块链": 1,
    "营商环境": 1,
    "数字政府": 0,
    "跨省通办": 0,
    "失业保险金": 6,
    "济人社": 45,
    "社保卡 的": 9,
    "没有这个词语": 0,
}


def oracle(specs, query: str) -> set[str]:
    wanted = set(query_words(query))
    found = set()
    for spec in specs:
        if spec.status != "published" or not wanted:
            continue
        from gongkai.disclosure.sanitize import plain_text

        words = set(index_words(f"{spec.title} {spec.document_number}")) | set(index_words(plain_text(spec.body)))
        if wanted <= words:
            found.add(spec.title)
    return found


@pytest.fixture
def documents(agency):
    return corpus.load(agency)


def titles(documents, ids) -> set[str]:
    by_id = {document.pk: title for title, document in documents.items()}
    return {by_id[i] for i in ids}


@pytest.mark.django_db
@pytest.mark.parametrize("query", corpus.QUERIES)
def test_backend_finds_what_the_tokenizer_says(documents, query):
    found = titles(documents, search_document_ids(query))
    assert found == oracle(corpus.specs(), query)
    assert len(found) == EXPECTED_COUNTS[query]


def test_every_query_has_an_expected_count():
    assert set(EXPECTED_COUNTS) == set(corpus.QUERIES)


@pytest.mark.django_db
def test_two_and_four_character_words_are_found(documents):
    assert "关于社保卡换领工作的通知（第1号）" in titles(documents, search_document_ids("社保"))
    assert "城乡居民养老保险待遇调整（第2号）" in titles(documents, search_document_ids("养老保险"))


@pytest.mark.django_db
def test_rare_title_only_withdrawn_and_draft_words(documents):
    assert titles(documents, search_document_ids("区块链")) == {"关于推进信息化建设的意见"}
    assert titles(documents, search_document_ids("营商环境")) == {"优化营商环境实施方案"}
    assert search_document_ids("数字政府") == []
    assert search_document_ids("跨省通办") == []


VOCABULARY = ("社保", "养老保险", "医疗", "公开", "农民工", "工资", "通知", "职称", "2023", "abc", "区块链", "就业")


@pytest.mark.django_db
@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    docs=st.lists(
        st.tuples(
            st.lists(st.sampled_from(VOCABULARY), min_size=1, max_size=3),
            st.lists(st.sampled_from(VOCABULARY), max_size=8),
        ),
        min_size=1,
        max_size=8,
    ),
    query=st.lists(st.sampled_from(VOCABULARY), min_size=1, max_size=2),
)
def test_any_corpus_backend_equals_oracle(agency, docs, query):
    for number, (title_words, body_words) in enumerate(docs):
        index_item(
            IndexItem(
                document_id=number + 1,
                agency_id=agency.pk,
                title="，".join(title_words),
                body_text="。".join(body_words),
                published_on=dt.date(2023, 1, 1),
            )
        )
    text = " ".join(query)
    wanted = set(query_words(text))
    expected = {
        number + 1
        for number, (title_words, body_words) in enumerate(docs)
        if wanted <= set(index_words("，".join(title_words))) | set(index_words("。".join(body_words)))
    }
    try:
        assert set(search_document_ids(text)) == expected
        assert search(text, per_page=100).total == len(expected)
    finally:
        for number in range(len(docs)):
            remove_document(number + 1)
