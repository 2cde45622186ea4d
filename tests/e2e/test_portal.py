"""The demo, seen through a real browser: the report page, a DOCX download, /check/ with a broken report."""

from __future__ import annotations

import io
import zipfile

import pytest
from django.core.management import call_command

from gongkai.annual_report import CURRENT

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

REPORT_PATH = "/agencies/jiyuan-hrss/reports/2023/"


@pytest.fixture
def demo(live_server):
    call_command("load_demo", stdout=io.StringIO())
    return live_server.url


def test_report_page_and_docx_download(demo, page, artifacts):
    page.goto(demo + "/")
    page.get_by_role("link", name="2023 年度报告").first.click()
    page.wait_for_url(demo + REPORT_PATH)
    assert page.locator("h1").first.inner_text().startswith("济源示范区人力资源和社会保障局")
    assert page.get_by_text("未发现问题").is_visible()
    assert page.locator("article.gk-annual-report table").count() >= 3
    page.screenshot(path=str(artifacts / "e2e-report-page.png"), full_page=True)

    with page.expect_download() as info:
        page.locator(f"a[href='{REPORT_PATH}download/docx/']").click()
    download = info.value
    assert download.suggested_filename == "jiyuan-hrss-2023.docx"
    target = artifacts / download.suggested_filename
    download.save_as(str(target))
    with zipfile.ZipFile(target) as archive:
        assert "word/document.xml" in archive.namelist()


def test_check_page_shows_the_findings_of_a_broken_report(demo, page, artifacts, reference_bytes, tmp_path):
    text = reference_bytes.decode("utf-8")
    label = CURRENT.table("requests").row("new").label
    line = next(line for line in text.splitlines() if line.startswith(label))
    cells = line.split("\t")
    last = max(i for i, cell in enumerate(cells) if cell.strip())  # the row ends with a tab
    cells[last] = "3"  # total 3, columns add up to 2
    broken = tmp_path / "broken-report.txt"
    broken.write_text(text.replace(line, "\t".join(cells)), encoding="utf-8")

    page.goto(demo + "/check/")
    page.get_by_label("年度报告文件").set_input_files(str(broken))
    page.get_by_role("button", name="检查").click()
    page.wait_for_selector(".findings-table")
    row = page.locator("tr.finding", has_text="T3.column_sum").first
    assert row.is_visible()
    assert "表三" in row.inner_text()
    assert page.get_by_text("发现 ").first.is_visible()
    page.screenshot(path=str(artifacts / "e2e-check-findings.png"), full_page=True)


def test_check_page_refuses_junk_clearly(demo, page, artifacts, tmp_path):
    junk = tmp_path / "picture.docx"
    junk.write_bytes(b"\x89PNG\r\n\x1a\n" + b"\x00" * 200)
    page.goto(demo + "/check/")
    page.get_by_label("年度报告文件").set_input_files(str(junk))
    page.get_by_role("button", name="检查").click()
    alert = page.get_by_role("alert")
    alert.first.wait_for()
    assert "不支持的文件类型" in alert.first.inner_text()
    page.screenshot(path=str(artifacts / "e2e-check-junk.png"), full_page=True)


def test_works_on_a_phone(demo, phone, artifacts):
    phone.goto(demo + REPORT_PATH)
    assert phone.get_by_role("heading", name="下载").is_visible()
    # the page itself does not scroll sideways; wide tables scroll inside their box
    width = phone.evaluate("document.documentElement.scrollWidth")
    assert width <= 390 + 1
    phone.screenshot(path=str(artifacts / "e2e-phone-report.png"), full_page=False)


def test_staff_import_through_the_office(demo, page, artifacts, reference_bytes, tmp_path):
    from gongkai.reports.demo import DEMO_STAFF

    page.goto(demo + "/office/login/")
    page.get_by_label("用户名").fill(DEMO_STAFF[0])
    page.get_by_label("密码").fill(DEMO_STAFF[1])
    page.get_by_role("button", name="登录").click()
    page.wait_for_url(demo + "/office/")
    page.get_by_role("link", name="导入已公开的年度报告").click()
    path = tmp_path / "jiyuan-hrss-2023.txt"
    path.write_bytes(reference_bytes)
    page.get_by_label("报告年度").fill("2023")
    page.get_by_label("报告文件").set_input_files(str(path))
    page.get_by_role("button", name="导入").click()
    alert = page.get_by_role("alert").first
    alert.wait_for()
    assert "如要替换" in alert.inner_text()
    page.screenshot(path=str(artifacts / "e2e-office-confirm.png"), full_page=True)

    page.get_by_label("报告文件").set_input_files(str(path))
    page.get_by_label("该年度已有报告时，替换它").check()
    page.get_by_role("button", name="导入").click()
    page.wait_for_url(demo + REPORT_PATH)
    assert page.get_by_role("status").inner_text().startswith("已导入")
    from gongkai.audit.models import AuditEvent

    assert AuditEvent.objects.filter(code="report.replaced").count() == 1


def test_a_50_mb_upload_gets_a_clear_message_in_the_browser(demo, page, artifacts, tmp_path):
    big = tmp_path / "big-report.pdf"
    with big.open("wb") as handle:
        handle.truncate(50 * 1024 * 1024)
    page.goto(demo + "/check/")
    page.get_by_label("年度报告文件").set_input_files(str(big))
    page.get_by_role("button", name="检查").click()
    alert = page.get_by_role("alert").first
    alert.wait_for()
    assert "文件过大" in alert.inner_text()
    page.screenshot(path=str(artifacts / "e2e-check-too-large.png"))
