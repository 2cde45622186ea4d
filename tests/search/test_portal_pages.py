"""The public disclosure pages (gongkai.disclosure.views_portal) render, filter, search and hide what is not public."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.core.files.base import ContentFile

from gongkai.disclosure.models import Attachment, DisclosureProfile, PageView
from gongkai.search.services import index_document

from . import corpus

pytestmark = pytest.mark.django_db


@pytest.fixture
def documents(agency):
    return corpus.load(agency)


def base(agency) -> str:
    return f"/agencies/{agency.code}/disclosure/"


def text(response) -> str:
    return re.sub(r"\s+", " ", response.content.decode())


def test_home_shows_the_catalogue_latest_documents_and_links(client, agency, documents):
    response = client.get(base(agency))
    assert response.status_code == 200
    page = text(response)
    assert "公开目录" in page and "最新公开" in page
    assert "社保卡" not in page or "尚未发布的草稿" not in page
    assert "尚未发布的草稿" not in page and "已撤回的通知" not in page
    assert 'href="/apply/?agency=jiyuan-hrss"' in page
    assert f'href="{base(agency)}guide/"' in page and f'href="{base(agency)}complain/"' in page
    assert PageView.objects.filter(agency=agency, path_group="disclosure").exists() is False  # the test client is a bot


def test_column_page_filters_and_pages(client, agency, documents):
    url = base(agency) + "columns/policies/"
    everything = text(client.get(url))
    assert "共 19 条" in everything  # 15 of the 45 and 4 of the 6 specials: no draft, no withdrawn
    assert "第 1 页，共 1 页" not in everything  # one page: no pager
    assert "共 15 条" in text(client.get(url, {"year": 2021}))
    assert "共 2 条" in text(client.get(url, {"year": 2020, "issuing_body": corpus.ISSUERS[1]}))
    interpretations = base(agency) + "columns/interpretations/"
    repealed = text(client.get(interpretations, {"validity": "repealed"}))
    assert "共 5 条" in repealed and "已废止" in repealed
    assert "共 15 条" in text(client.get(interpretations, {"validity": "bogus", "year": "x"}))
    assert client.get(base(agency) + "columns/no-such-column/").status_code == 404


def test_document_page_shows_metadata_body_attachments_and_interpretation_links(client, agency, documents):
    policy = documents["城乡居民养老保险待遇调整（第2号）"]
    interpretation = documents["关于社保卡换领工作的通知（第1号）"]
    interpretation.interprets = policy
    interpretation.written_on = dt.date(2021, 1, 1)
    interpretation.save()
    policy.body = '<p onclick="x()">正文<script>alert(1)</script><a href="javascript:alert(1)">链接</a></p>'
    policy.save()
    attachment = Attachment(document=policy, filename="申领表.txt", media_type="text/plain", size=6, sha256="0" * 64)
    attachment.file.save("申领表.txt", ContentFile("附件".encode()), save=False)
    attachment.save()

    page = text(client.get(base(agency) + f"documents/{policy.pk}/"))
    for label in ("索引号", "文号", "发布机构", "成文日期", "发布日期", "有效性"):
        assert f'<th scope="row">{label}</th>' in page
    assert policy.index_number in page and policy.document_number in page
    assert "<script" not in page.split('<div class="dp-body">')[1].split("</div>")[0]
    assert "onclick" not in page and "javascript:" not in page
    assert f"documents/{interpretation.pk}/" in page and "政策解读" in page
    download = client.get(base(agency) + f"documents/{policy.pk}/attachments/{attachment.pk}/")
    assert download.status_code == 200
    assert b"".join(download.streaming_content) == "附件".encode()
    assert "attachment;" in download["Content-Disposition"]

    back = text(client.get(base(agency) + f"documents/{interpretation.pk}/"))
    assert "本解读对应的政策" in back and f"documents/{policy.pk}/" in back


def test_documents_not_public_are_not_found(client, agency, other_agency, documents):
    for title in ("已撤回的通知", "尚未发布的草稿"):
        assert client.get(base(agency) + f"documents/{documents[title].pk}/").status_code == 404
    some = documents["优化营商环境实施方案"]
    assert client.get(base(other_agency) + f"documents/{some.pk}/").status_code == 404
    assert client.get("/agencies/nobody/disclosure/").status_code == 404


def test_document_by_index_number_redirects(client, agency, documents):
    some = documents["优化营商环境实施方案"]
    response = client.get(base(agency) + f"index/{some.index_number}/")
    assert response.status_code == 302 and response["Location"].endswith(f"documents/{some.pk}/")


def test_search_pages(client, agency, other_agency, documents):
    page = text(client.get(base(agency) + "search/", {"q": "社保"}))
    assert "找到 9 条结果" in page
    assert "<mark>社保</mark>" in page
    page = text(client.get(base(agency) + "search/", {"q": "养老保险", "year": 2022}))
    assert "找到 3 条结果" in page  # numbers 1, 22 and 43 of the 45
    assert "没有找到包含“数字政府”的公开信息" in text(client.get(base(agency) + "search/", {"q": "数字政府"}))
    assert "找到 9 条结果" in text(client.get("/search/", {"q": "社保"}))
    assert "没有找到" in text(client.get(base(other_agency) + "search/", {"q": "社保"}))
    assert client.get("/search/").status_code == 200
    policies = documents["关于社保卡换领工作的通知（第1号）"].column_id
    page = text(client.get(base(agency) + "search/", {"q": "社保", "column": policies}))
    assert "找到 5 条结果" in page  # numbers 0, 21, 42 and the two specials


def test_search_pages_through_results(client, agency, documents):
    first = text(client.get(base(agency) + "search/", {"q": "济人社"}))
    assert "找到 45 条结果，显示第 1–20 条" in first and "第 1 页，共 3 页" in first
    assert 'href="?q=%E6%B5%8E%E4%BA%BA%E7%A4%BE&amp;page=2"' in first
    third = text(client.get(base(agency) + "search/", {"q": "济人社", "page": 3}))
    assert "显示第 41–45 条" in third


def test_a_stale_index_entry_is_not_shown(client, agency, documents):
    stale = documents["优化营商环境实施方案"]
    type(stale).objects.filter(pk=stale.pk).update(status="withdrawn")  # bypassing the services
    page = text(client.get(base(agency) + "search/", {"q": "营商环境"}))
    assert 'class="dp-title"' not in page and stale.title not in page
    stale.refresh_from_db()
    index_document(stale)  # what the withdrawal service does: now the count agrees too
    assert "没有找到包含“营商环境”的公开信息" in text(client.get(base(agency) + "search/", {"q": "营商环境"}))


def test_guide_annual_reports_and_complaint_pages(client, agency, published):
    assert "尚未在网上发布公开指南" in text(client.get(base(agency) + "guide/"))
    corpus.load(agency)
    from gongkai.disclosure.models import CatalogueColumn, Document

    Document.objects.create(
        agency=agency,
        column=CatalogueColumn.objects.get(agency=agency, code="guide"),
        title="政府信息公开指南（2023年修订）",
        body="<p>受理机构：办公室。</p>",
        status="published",
        published_on=dt.date(2023, 1, 2),
    )
    assert "受理机构：办公室。" in text(client.get(base(agency) + "guide/"))
    reports = text(client.get(base(agency) + "annual-reports/"))
    assert f'href="/agencies/{agency.code}/reports/2023/"' in reports
    complaint = text(client.get(base(agency) + "complain/"))
    assert "第五十一条" in complaint and "行政复议" in complaint


def test_visits_are_counted_for_browsers(client, agency, documents):
    DisclosureProfile.objects.get_or_create(agency=agency)
    browser = {"HTTP_USER_AGENT": "Mozilla/5.0 (X11; Linux x86_64) Chrome/120"}
    some = documents["优化营商环境实施方案"]
    client.get(base(agency) + f"documents/{some.pk}/", **browser)
    client.get(base(agency) + f"documents/{some.pk}/", **browser)
    view = PageView.objects.get(agency=agency, path_group="document")
    assert (view.views, view.unique_visitors) == (2, 1)


def test_pages_use_a_bounded_number_of_queries(client, agency, documents, django_assert_max_num_queries):
    some = documents["优化营商环境实施方案"]
    for url in (
        base(agency),
        base(agency) + "columns/policies/",
        base(agency) + f"documents/{some.pk}/",
        base(agency) + "search/?q=济人社",  # a full page of 20 results
        "/search/?q=济人社",
    ):
        with django_assert_max_num_queries(10):
            assert client.get(url).status_code == 200
