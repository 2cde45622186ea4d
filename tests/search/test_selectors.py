"""Ranking, filters and pages of ``search.selectors.search``; index maintenance through the disclosure flow."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from django.core.management import call_command

from gongkai.search.models import SearchEntry
from gongkai.search.selectors import filter_choices, search, search_document_ids
from gongkai.search.services import IndexItem, index_document, index_item, remove_document

from . import corpus

pytestmark = pytest.mark.django_db


def add(agency, document_id, title, body="", **fields):
    fields.setdefault("published_on", dt.date(2023, 5, 1))
    return index_item(IndexItem(document_id=document_id, agency_id=agency.pk, title=title, body_text=body, **fields))


def test_a_title_match_ranks_above_body_matches(agency):
    add(agency, 1, "一般通知", "关于养老保险的说明。养老保险费按年缴纳。")
    add(agency, 2, "养老保险待遇调整", "待遇按规定调整。")
    add(agency, 3, "其他事项", "无关内容。")
    results = search("养老保险")
    assert results.document_ids == [2, 1]
    assert results.hits[0].score > results.hits[1].score


def test_more_occurrences_rank_higher_among_body_matches(agency):
    add(agency, 1, "通知甲", "社保卡办理。" + "其他内容。" * 5)
    add(agency, 2, "通知乙", "社保卡办理，社保卡换领，社保卡挂失。" + "其他内容。" * 2)
    assert search("社保卡").document_ids == [2, 1]


def test_ties_go_to_the_newest(agency):
    add(agency, 1, "社保通知", published_on=dt.date(2021, 1, 1))
    add(agency, 2, "社保通知", published_on=dt.date(2023, 1, 1))
    assert search("社保").document_ids == [2, 1]


def test_pages_cover_every_hit_once(agency):
    for number in range(1, 24):
        add(agency, number, f"就业创业通知 {number}", "就业创业补贴。" * (number % 4 + 1))
    first = search("就业创业", per_page=10)
    assert (first.total, first.num_pages, first.has_next, first.has_previous) == (23, 3, True, False)
    seen = []
    for page in (1, 2, 3):
        seen += search("就业创业", per_page=10, page=page).document_ids
    assert sorted(seen) == list(range(1, 24))
    last = search("就业创业", per_page=10, page=3)
    assert (len(last.hits), last.first_index, last.last_index, last.has_next) == (3, 21, 23, False)


def test_counting_stops_past_the_limit(agency):
    for number in range(1, 8):
        add(agency, number, f"社保通知 {number}")
    capped = search("社保", per_page=2, count_limit=5)
    assert (capped.total, capped.more_than_limit, capped.num_pages) == (6, True, 3)
    assert len(search("社保", per_page=2, page=4, count_limit=5).hits) == 1  # the 7th: later pages still open
    exact = search("社保", per_page=2, count_limit=None)
    assert (exact.total, exact.more_than_limit, exact.num_pages) == (7, False, 4)
    assert search("社保", per_page=2, count_limit=7).more_than_limit is False


def test_filters(agency, other_agency):
    add(
        agency, 1, "社保通知", column_id=10, issuing_body="社保中心", validity="valid", published_on=dt.date(2022, 3, 1)
    )
    add(
        agency,
        2,
        "社保通知",
        column_id=11,
        issuing_body="人社局",
        validity="repealed",
        published_on=dt.date(2023, 3, 1),
    )
    add(other_agency, 3, "社保通知", column_id=12, issuing_body="人社局", published_on=dt.date(2023, 4, 1))
    assert set(search_document_ids("社保")) == {1, 2, 3}
    assert set(search("社保", agency_id=agency.pk).document_ids) == {1, 2}
    assert search("社保", column_ids=[11]).document_ids == [2]
    assert set(search("社保", column_ids=[10, 12]).document_ids) == {1, 3}
    assert set(search("社保", year=2023).document_ids) == {2, 3}
    assert set(search("社保", issuing_body="人社局").document_ids) == {2, 3}
    assert search("社保", validity="repealed").document_ids == [2]
    assert search("社保", agency_id=agency.pk, year=2023, validity="valid").document_ids == []
    choices = filter_choices(agency_id=agency.pk)
    assert choices == {"years": [2023, 2022], "issuing_bodies": ["人社局", "社保中心"]}


def test_empty_and_silly_queries(agency):
    add(agency, 1, "社保通知")
    assert search("").hits == []
    assert search("   ").total == 0
    assert search("！？。").total == 0
    assert search('"社保" * (^) :-').document_ids == [1]  # FTS5 syntax in a query is just punctuation
    assert search("社保", page=999999).page == 500
    assert search("社" * 1000).total == 0


def test_reindexing_replaces_the_old_words(agency):
    add(agency, 1, "社保通知", "旧的内容")
    add(agency, 1, "医保通知", "新的内容")
    assert search_document_ids("社保") == []
    assert search_document_ids("医保") == [1]
    assert SearchEntry.objects.count() == 1
    assert remove_document(1) is True
    assert search_document_ids("医保") == []
    assert remove_document(1) is False


def test_publish_and_withdraw_through_the_disclosure_services(agency, make_staff):
    from gongkai.disclosure import services as disclosure

    clerk = make_staff(agency, "clerk")
    reviewer = make_staff(agency, "reviewer", role="reviewer")
    column = disclosure.catalogue_ensure_defaults(actor=clerk, agency=agency)[0]
    document = disclosure.document_create(
        actor=clerk, agency=agency, column=column, title="关于社保卡换领的通知", body="<p>第三代社保卡。</p>"
    )
    assert index_document(document) is None  # a draft is not searchable
    assert search_document_ids("社保卡") == []
    disclosure.document_submit(actor=clerk, document=document)
    disclosure.document_review(actor=reviewer, document=document, conclusion="approved")
    document = disclosure.document_publish(actor=reviewer, document=document)
    entry = index_document(document)
    assert entry is not None and entry.title == document.title
    assert search_document_ids("社保卡") == [document.pk]
    assert search_document_ids(document.index_number) == [document.pk]  # 索引号 is searchable
    document = disclosure.document_withdraw(actor=reviewer, document=document, reason="内容有误")
    index_document(document)
    assert search_document_ids("社保卡") == []


def test_reindex_command_rebuilds_from_published_documents(agency):
    documents = corpus.load(agency)
    before = {query: search_document_ids(query) for query in corpus.QUERIES}
    SearchEntry.objects.all().delete()
    call_command("reindex", stdout=io.StringIO())
    assert SearchEntry.objects.count() == sum(1 for spec in corpus.specs() if spec.status == "published")
    assert {query: search_document_ids(query) for query in corpus.QUERIES} == before
    out = io.StringIO()
    call_command("reindex", agency=agency.code, stdout=out)
    assert "已索引 " in out.getvalue()
    assert set(search_document_ids("区块链")) == {documents["关于推进信息化建设的意见"].pk}
