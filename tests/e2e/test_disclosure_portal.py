"""The demo agency's disclosure portal in a real browser: search (a two- and a four-character word),
open a document, follow its interpretation, download its attachment; and axe-core on the main pages.

axe-core is vendored (tests/e2e/vendor/, see its README): nothing is fetched while the test runs.
Screenshots go to artifacts/.
"""

from __future__ import annotations

import io
import json
import zipfile
from pathlib import Path

import pytest
from django.core.management import call_command

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

AXE = Path(__file__).resolve().parent / "vendor" / "axe-core-4.14.1.min.js"
AGENCY = "jiyuan-hrss"
HOME = f"/agencies/{AGENCY}/disclosure/"
POLICY_TITLE = "济源示范区关于进一步稳就业促发展的若干措施"
INTERPRETATION_TITLE = "《济源示范区关于进一步稳就业促发展的若干措施》政策解读"
ATTACHMENT = "稳就业补贴申领表.docx"


@pytest.fixture
def demo(live_server):
    from gongkai.agencies.models import Agency
    from gongkai.disclosure.demo import load_demo_records

    call_command("load_demo", stdout=io.StringIO())
    load_demo_records(Agency.objects.get(code=AGENCY))  # idempotent: a no-op once load_demo does it
    call_command("reindex", stdout=io.StringIO())
    return live_server.url


def search_for(page, word: str) -> int:
    page.get_by_label("关键词").fill(word)
    page.get_by_label("关键词").press("Enter")  # the keyboard submits the form
    page.wait_for_selector(".dp-status")
    status = page.locator(".dp-status").inner_text()
    assert status.startswith("找到 "), status
    return int(status.split()[1])


def test_search_open_follow_interpretation_and_download(demo, page, phone, artifacts):
    page.goto(demo + HOME)
    assert page.locator("h1").inner_text().startswith("济源示范区人力资源和社会保障局")
    assert page.get_by_role("navigation", name="公开目录").get_by_role("link").count() >= 10
    page.screenshot(path=str(artifacts / "disclosure-home.png"), full_page=True)

    page.get_by_role("link", name="信息检索").click()
    assert search_for(page, "社保") > 20  # a two-character word
    assert page.locator("mark", has_text="社保").count() > 0
    page.screenshot(path=str(artifacts / "disclosure-search-shebao.png"), full_page=True)
    assert search_for(page, "养老保险") > 20  # a four-character word
    page.get_by_role("link", name="下一页").click()
    page.wait_for_url("**page=2**")
    assert "第 2 页" in page.locator(".dp-pagination").inner_text()

    assert search_for(page, "稳就业 措施") >= 2
    page.screenshot(path=str(artifacts / "disclosure-search-wenjiuye.png"), full_page=True)
    page.get_by_role("link", name=POLICY_TITLE, exact=True).click()
    page.wait_for_selector("#document-title")
    assert page.locator("#document-title").inner_text() == POLICY_TITLE
    table = page.locator("table.dp-meta-table").inner_text()
    for label in ("索引号", "文号", "发布机构", "成文日期", "发布日期", "有效性"):
        assert label in table
    assert "41900100X/2023-" in table
    page.screenshot(path=str(artifacts / "disclosure-document-policy.png"), full_page=True)

    page.get_by_role("link", name=INTERPRETATION_TITLE).click()
    page.wait_for_selector("#interprets-heading")
    assert page.locator("#document-title").inner_text() == INTERPRETATION_TITLE
    page.screenshot(path=str(artifacts / "disclosure-document-interpretation.png"), full_page=True)
    page.get_by_role("link", name=POLICY_TITLE).click()
    page.wait_for_selector("#attachments-heading")

    with page.expect_download() as info:
        page.get_by_role("link", name=ATTACHMENT).click()
    download = info.value
    assert download.suggested_filename == ATTACHMENT
    target = artifacts / "disclosure-attachment.docx"
    download.save_as(str(target))
    with zipfile.ZipFile(target) as archive:
        assert "word/document.xml" in archive.namelist()

    phone.goto(page.url)
    assert phone.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1")  # no sideways scrolling
    phone.screenshot(path=str(artifacts / "disclosure-document-phone.png"), full_page=True)


def test_skip_link_is_the_first_stop_of_the_keyboard(demo, page):
    page.goto(demo + HOME)
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.textContent.trim()") == "跳到正文"
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "main"


def axe_violations(page) -> list[dict]:
    page.add_script_tag(path=str(AXE))
    result = page.evaluate(
        """async () => {
            const r = await axe.run(document, {resultTypes: ['violations']});
            return r.violations.map(v => ({id: v.id, impact: v.impact, help: v.help,
                                           nodes: v.nodes.slice(0, 3).map(n => n.target.join(' '))}));
        }"""
    )
    return result


def test_axe_finds_no_serious_or_critical_violation(demo, page, artifacts):
    from gongkai.disclosure.models import Document

    policy = Document.objects.get(agency__code=AGENCY, title=POLICY_TITLE)
    pages = {
        "home": HOME,
        "column": HOME + "columns/policies/",
        "document": HOME + f"documents/{policy.pk}/",
        "search": HOME + "search/?q=%E7%A4%BE%E4%BF%9D",
        "search-empty": "/search/?q=%E6%B2%A1%E6%9C%89%E8%BF%99%E4%B8%AA%E8%AF%8D",
        "guide": HOME + "guide/",
        "annual-reports": HOME + "annual-reports/",
        "complain": HOME + "complain/",
    }
    report = {}
    for name, path in pages.items():
        page.goto(demo + path)
        report[name] = axe_violations(page)
    page.evaluate("document.querySelector('main').insertAdjacentHTML('beforeend', '<img src=\"x.png\">')")
    assert "image-alt" in {v["id"] for v in axe_violations(page)}  # the checker does see a violation
    (artifacts / "disclosure-axe.json").write_text(json.dumps(report, ensure_ascii=False, indent=2), encoding="utf-8")
    serious = {
        name: [v for v in violations if v["impact"] in ("serious", "critical")] for name, violations in report.items()
    }
    assert serious == {name: [] for name in pages}
