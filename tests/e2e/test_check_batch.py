"""The check page in a browser with several files at once: per-report findings, the wrong cell
highlighted and reachable from its finding, and the results downloaded as Excel."""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest
from openpyxl import load_workbook

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

CORPUS = Path(__file__).resolve().parents[1] / "data" / "corpus"


def test_two_years_and_a_junk_file_checked_together(live_server, page, artifacts, tmp_path):
    junk = tmp_path / "会议通知.txt"
    junk.write_text("会议通知：明天上午九点开会。", encoding="utf-8")
    files = [str(CORPUS / "hongze-2023.txt"), str(CORPUS / "hongze-2024.txt"), str(junk)]

    page.goto(live_server.url + "/check/")
    page.get_by_label("年度报告文件").set_input_files(files)
    page.get_by_role("button", name="检查", exact=True).click()
    page.wait_for_selector(".check-summary")

    summary = page.locator("table.check-summary tbody tr")
    assert summary.count() == 3
    assert "有错误" in summary.nth(0).inner_text()
    assert "无法读取" in summary.nth(2).inner_text()
    assert "会议通知.txt" in page.get_by_role("alert").first.inner_text()
    assert "已与上一年度报告（hongze-2023.txt）对照" in page.locator("#report-2").inner_text()

    # The finding links to its cell; the cell is highlighted and becomes the target.
    finding = page.locator("#report-1 tr.finding", has_text="T4.group_sum").first
    finding.get_by_role("link", name="在表中查看").click()
    target = page.locator("td.gk-flag:target")
    target.wait_for()
    assert target.get_attribute("data-key") == "appeals.reconsideration.total"
    colour = target.evaluate("cell => getComputedStyle(cell).backgroundColor")
    assert colour not in ("rgba(0, 0, 0, 0)", "transparent")
    assert page.locator("#report-1 td.gk-flag-error").count() == 2
    assert page.locator("#report-2 td.gk-flag-error").count() == 0
    target.scroll_into_view_if_needed()
    page.screenshot(path=str(artifacts / "e2e-check-batch-cell.png"))
    page.screenshot(path=str(artifacts / "e2e-check-batch.png"), full_page=True)

    with page.expect_download() as info:
        page.get_by_role("button", name="Excel（汇总和明细）").click()
    download = info.value
    assert download.suggested_filename == "check-results.xlsx"
    saved = tmp_path / download.suggested_filename
    download.save_as(str(saved))
    book = load_workbook(saved)
    assert [row[0] for row in list(book["报告汇总"].values)[1:]] == [
        "hongze-2023.txt",
        "hongze-2024.txt",
        "会议通知.txt",
    ]


def test_a_zip_archive(live_server, page, tmp_path):
    archive = tmp_path / "洪泽.zip"
    with zipfile.ZipFile(archive, "w") as zf:
        zf.write(CORPUS / "hongze-2023.txt", "2023.txt")
        zf.write(CORPUS / "hongze-2024.txt", "2024.txt")
    page.goto(live_server.url + "/check/")
    page.get_by_label("年度报告文件").set_input_files(str(archive))
    page.get_by_role("button", name="检查", exact=True).click()
    page.wait_for_selector(".check-summary")
    assert page.locator("table.check-summary tbody tr").count() == 2
    assert "洪泽.zip!2024.txt" in page.locator("table.check-summary").inner_text()
