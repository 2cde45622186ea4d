"""Disclosure on request in a real browser: an applicant files a request on the portal, the demo
clerk confirms receipt and replies (granted) in the office, issues the reply letter, and the
applicant reads the reply on the status page and downloads the letter. Screenshots in artifacts/.
"""

from __future__ import annotations

import io
import zipfile

import pytest
from django.core.management import call_command

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

AGENCY = "jiyuan-hrss"
CLERK = ("clerk", "gongkai-clerk-2024")  # gongkai.reports.demo.DEMO_STAFF
DESCRIPTION = "2025年本市企业职工基本养老保险缴费基数调整的通知"


@pytest.fixture
def demo(live_server):
    from django.core.cache import cache

    from gongkai.workcalendar.models import CalendarYear
    from gongkai.workcalendar.services import calendar_seed_from_chinesecalendar

    if not CalendarYear.objects.filter(year=2026).exists():  # a transactional test before flushed the seed
        calendar_seed_from_chinesecalendar(actor=None)
    call_command("load_demo", stdout=io.StringIO())
    cache.clear()  # rate-limit counters of earlier tests
    return live_server.url


def axe_serious(page) -> list:
    from pathlib import Path

    axe = Path(__file__).resolve().parent / "vendor" / "axe-core-4.14.1.min.js"
    page.add_script_tag(path=str(axe))
    violations = page.evaluate(
        "async () => (await axe.run(document, {resultTypes: ['violations']})).violations"
        ".map(v => ({id: v.id, impact: v.impact, nodes: v.nodes.slice(0, 3).map(n => n.target.join(' '))}))"
    )
    # base.html puts role="status" on the <ul> of flash messages, which makes its <li> orphans
    # (axe "listitem"); that is the site layout's, not these pages' — reported, excluded here.
    known = [v for v in violations if v["id"] == "listitem" and set(v["nodes"]) == {".message"}]
    return [v for v in violations if v["impact"] in ("serious", "critical") and v not in known]


def test_file_process_reply_and_read_the_reply(demo, page, artifacts):
    # 1. The applicant files the request.
    page.goto(demo + f"/apply/{AGENCY}/")
    assert "济源示范区人力资源和社会保障局" in page.locator("h1").inner_text()
    # First a mistake: the identity number's check character is wrong.
    page.get_by_label("申请人类型").select_option("natural_person")
    page.get_by_label("申请人姓名或名称").fill("陈浏览")
    page.get_by_label("身份证明类型").select_option("resident_id")
    page.get_by_label("身份证明号码").fill("110105194912310021")
    page.get_by_label("联系电话").fill("13900000029")
    page.get_by_label("电子邮箱").fill("chen@example.org")
    page.get_by_label("所需政府信息的名称或特征描述").fill(DESCRIPTION)
    page.get_by_label("信息的指定提供形式").select_option("electronic")
    page.get_by_label("获取信息的方式").select_option("online")
    page.get_by_role("button", name="提交申请").click()
    page.wait_for_selector(".errors")
    assert "校验位不正确" in page.locator("main").inner_text()
    page.screenshot(path=str(artifacts / "applications-portal-form-error.png"), full_page=True)
    assert axe_serious(page) == []
    page.get_by_label("身份证明号码").fill("11010519491231002X")
    page.get_by_role("button", name="提交申请").click()
    page.wait_for_selector("#query-code")
    number = page.locator("#tracking-number").inner_text().strip()
    code = page.locator("#query-code").inner_text().strip()
    assert number.startswith("JIYUAN-HRSS-") and len(code) == 10
    page.screenshot(path=str(artifacts / "applications-portal-receipt.png"), full_page=True)

    # 2. The demo clerk processes it: confirm receipt, reply granted, issue the reply letter.
    page.goto(demo + "/office/login/")
    page.get_by_label("用户名").fill(CLERK[0])
    page.get_by_label("密码").fill(CLERK[1])
    page.get_by_role("button", name="登录").click()
    page.get_by_role("link", name="依申请公开：申请办理").click()
    page.wait_for_selector("table.queue")
    assert number in page.locator("table.queue").inner_text()
    page.screenshot(path=str(artifacts / "applications-office-queue.png"), full_page=True)
    page.get_by_role("link", name=number).click()
    page.wait_for_selector("#step-receipt_confirmed")
    assert "尚未确认收到申请" in page.locator("main").inner_text()
    page.locator("#step-receipt_confirmed").get_by_role("button", name="确认收到").click()
    page.wait_for_selector("#step-replied")
    assert "已登记“确认收到申请”" in page.locator(".messages").inner_text()
    assert "计算过程" in page.locator("main").inner_text()
    page.screenshot(path=str(artifacts / "applications-office-steps.png"), full_page=True)
    reply = page.locator("#step-replied")
    reply.get_by_label("办理结果").select_option("granted")
    reply.get_by_label("理由").fill("所申请信息已制作，予以提供。")
    reply.get_by_role("button", name="登记答复").click()
    page.wait_for_selector("#letter-form", state="attached")
    assert "已登记“答复”" in page.locator(".messages").inner_text()
    page.get_by_text("出具告知书", exact=True).click()
    letter = page.locator("#letter-form")
    letter.locator("select[name='letter-kind']").select_option("reply")
    letter.get_by_label("具体说明（答复告知书）").fill("所申请的通知见附件，已通过网上平台提供。")
    letter.get_by_role("button", name="出具并编号").click()
    page.wait_for_selector(".messages")
    assert "已出具答复告知书" in page.locator(".messages").inner_text()
    page.screenshot(path=str(artifacts / "applications-office-detail.png"), full_page=True)
    assert axe_serious(page) == []
    page.get_by_role("button", name="退出").click()

    # 3. The applicant reads the reply on the status page and downloads the letter.
    page.goto(demo + "/apply/status/")
    page.get_by_label("申请编号").fill(number)
    page.get_by_label("查询码").fill(code)
    page.get_by_role("button", name="查询").click()
    page.wait_for_selector("#status-h")
    text = page.locator("main").inner_text()
    assert "已办结" in text and "答复告知书" in text and DESCRIPTION in text
    page.screenshot(path=str(artifacts / "applications-portal-status.png"), full_page=True)
    with page.expect_download() as info:
        page.locator("main a", has_text="答复告知书").first.click()
    target = artifacts / "applications-reply-letter.docx"
    info.value.save_as(str(target))
    with zipfile.ZipFile(target) as archive:
        body = archive.read("word/document.xml").decode()
    assert number in body and "陈浏览" in body

    # Somebody else with the number but not the code sees nothing.
    page.context.clear_cookies()
    page.goto(demo + "/apply/status/")
    page.get_by_label("申请编号").fill(number)
    page.get_by_label("查询码").fill("AAAAAAAAAA")
    page.get_by_role("button", name="查询").click()
    page.wait_for_selector(".errors")
    assert "申请编号或查询码不正确" in page.locator("main").inner_text()
    assert DESCRIPTION not in page.locator("main").inner_text()


def test_calendar_page_warns_and_takes_a_new_year(demo, page, artifacts):
    from datetime import date, datetime
    from zoneinfo import ZoneInfo

    from django.contrib.auth import get_user_model

    from gongkai.agencies.models import Agency
    from gongkai.applications.services import application_register
    from gongkai.reports.demo import DEMO_ADMIN
    from gongkai.workcalendar.models import CalendarYear

    CalendarYear.objects.filter(year=2027).delete()
    application_register(
        actor=get_user_model().objects.get(username=DEMO_ADMIN[0]),
        agency=Agency.objects.get(code=AGENCY),
        channel="in_person",
        arrived_at=datetime(2026, 12, 15, 10, tzinfo=ZoneInfo("Asia/Shanghai")),
        as_of=date(2030, 1, 1),
        applicant_type="natural_person",
        applicant_name="周跨年",
        id_type="resident_id",
        id_number="11010519491231002X",
        contact_phone="13900000039",
        description="2027年元旦前后的答复期限测试申请",
        form_wanted="electronic",
        delivery="online",
    )
    page.goto(demo + "/office/login/")
    page.get_by_label("用户名").fill(DEMO_ADMIN[0])
    page.get_by_label("密码").fill(DEMO_ADMIN[1])
    page.get_by_role("button", name="登录").click()
    page.goto(demo + "/office/calendar/")
    banner = page.locator(".banner").inner_text()
    assert "2027" in banner
    page.get_by_label("年度").fill("2027")
    page.get_by_label("通知文号").fill("国办发明电〔2026〕（测试）")
    page.get_by_label("放假日期").fill("2027-01-01 元旦\n2027-02-06 至 2027-02-12 春节")
    page.get_by_label("调休上班日期").fill("2027-02-14 春节")
    page.screenshot(path=str(artifacts / "applications-calendar.png"), full_page=True)
    page.get_by_role("button", name="保存").click()
    page.wait_for_selector(".messages")
    assert "未确认" in page.locator("table").inner_text()
    page.locator("form[action$='/2027/confirm/'] button").click()
    page.wait_for_selector(".messages")
    assert "已确认 2027 年" in page.locator(".messages").inner_text()
    assert page.locator(".banner").count() == 0, page.locator(".banner").inner_text()
