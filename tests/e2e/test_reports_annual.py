"""The annual report made in Gongkai, in a real browser: the demo clerk drafts the 2023 report from
the records, writes the missing narrative parts, acknowledges the warnings and submits it; the demo
reviewer approves and publishes it; the portal shows the frozen report and serves its PDF.
Screenshots in artifacts/."""

from __future__ import annotations

import hashlib
import io

import pytest
from django.core.management import call_command
from tests.e2e.test_applications import axe_serious
from tests.system_packages import needs_cjk_font

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

CLERK = ("clerk", "gongkai-clerk-2024")  # gongkai.reports.demo.DEMO_STAFF
REVIEWER = ("demo-reviewer", "gongkai-reviewer-2024")  # gongkai.reports.demo.DEMO_REVIEWER


@pytest.fixture
def demo(live_server):
    from django.core.cache import cache

    call_command("load_demo", stdout=io.StringIO())
    cache.clear()
    return live_server.url


def log_in(page, base, who):
    page.goto(base + "/office/login/")
    page.get_by_label("用户名").fill(who[0])
    page.get_by_label("密码").fill(who[1])
    page.get_by_role("button", name="登录").click()


@needs_cjk_font
def test_draft_write_submit_approve_publish_and_read_on_the_portal(demo, page, artifacts):
    from gongkai.reports.models import AnnualReport, FrozenFile

    log_in(page, demo, CLERK)
    page.get_by_role("link", name="年度报告编制").click()
    page.get_by_label("报告年度").fill("2023")
    page.get_by_role("button", name="生成年度报告草稿").click()
    page.wait_for_selector("text=S.placeholder")
    page.screenshot(path=str(artifacts / "reports-annual-draft.png"), full_page=True)
    assert axe_serious(page) == []

    # Submitting with the gaps left is refused, with the reason.
    page.get_by_role("button", name="提交审核").click()
    assert "错误，不能提交审核" in page.locator("[role=alert]").inner_text()

    for label in (
        "（三）政府信息管理情况",
        "（四）政府信息公开平台建设情况",
        "（五）监督保障情况",
        "五、存在的主要问题及改进情况",
    ):
        page.get_by_role("textbox", name=label).fill("本机关按照条例要求认真做好相关工作，制度健全，运行平稳。")
    # Checked while typing: the placeholders' errors go before anything is saved.
    page.wait_for_selector("text=按正在输入、尚未保存的文字检查")
    page.wait_for_function("document.querySelectorAll('#findings .finding.error').length === 0")
    page.screenshot(path=str(artifacts / "reports-annual-typing.png"), full_page=True)
    page.get_by_role("button", name="保存文字部分").click()
    page.wait_for_selector("text=文字部分已保存")
    assert page.locator(".finding.error").count() == 0
    while page.get_by_role("button", name="确认这条提醒").count():
        page.get_by_label("核实后确认，理由").first.fill("本系统于年中启用，报告按规定时间另行公开")
        page.get_by_role("button", name="确认这条提醒").first.click()
        page.wait_for_selector("text=已确认这条提醒")
    page.get_by_role("button", name="提交审核").click()
    page.wait_for_selector("text=已提交审核")
    page.screenshot(path=str(artifacts / "reports-annual-submitted.png"), full_page=True)
    page.get_by_role("button", name="退出").click()

    log_in(page, demo, REVIEWER)
    page.get_by_role("link", name="年度报告编制").click()
    page.get_by_role("link", name="2023 年度").click()
    page.get_by_role("button", name="审核通过").click()
    page.wait_for_selector("text=审核通过。现在可以发布")
    page.get_by_role("button", name="发布").click()
    page.wait_for_selector("text=已发布", timeout=60_000)
    page.get_by_role("link", name="在门户网站查看").click()
    assert "发布日期" in page.locator("main").inner_text()
    page.screenshot(path=str(artifacts / "reports-annual-portal.png"), full_page=True)
    assert axe_serious(page) == []
    with page.expect_download() as info:
        page.get_by_role("link", name="PDF").click()
    data = open(info.value.path(), "rb").read()
    report = AnnualReport.objects.get(year=2023)
    frozen = FrozenFile.objects.get(version__report=report, kind="pdf")
    assert hashlib.sha256(data).hexdigest() == frozen.sha256
