"""The office pages of the annual report made in Gongkai, and the portal serving its frozen files."""

from __future__ import annotations

import hashlib

import pytest
from django.urls import reverse
from tests.system_packages import needs_cjk_font

from gongkai.audit.models import AuditEvent
from gongkai.reports import services as s
from gongkai.reports.models import AnnualReport, AnnualReportState

pytestmark = pytest.mark.django_db


def logged_in(client, user):
    client.force_login(user)
    return client


def page(response) -> str:
    return response.content.decode()


def test_the_office_home_links_to_the_annual_report_pages(client, demo_agency, drafter):
    response = logged_in(client, drafter).get(reverse("office:home"))
    assert reverse("office:annual_reports", args=[demo_agency.code]) in page(response)


def test_a_clerk_drafts_the_report_from_the_records(client, demo_agency, drafter):
    c = logged_in(client, drafter)
    listing = c.get(reverse("office:annual_reports", args=[demo_agency.code]))
    assert listing.status_code == 200 and "生成年度报告草稿" in page(listing)
    assert '<html lang="zh-hans">' in page(listing)
    response = c.post(reverse("office:annual_reports", args=[demo_agency.code]), {"year": 2023})
    report = AnnualReport.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse("office:annual_report", args=[report.pk])
    detail = c.get(response["Location"])
    body = page(detail)
    assert detail.status_code == 200
    assert "（一）主动公开情况" in body and "（待填写）" in body
    assert "S.placeholder" in body and "提交审核" in body
    # A second draft of the year: the reason, on the form, and nothing created.
    again = c.post(reverse("office:annual_reports", args=[demo_agency.code]), {"year": 2023})
    assert again.status_code == 400 and "已经建立" in page(again)
    assert AnnualReport.objects.count() == 1


def test_submitting_with_a_placeholder_shows_why_and_keeps_the_draft(client, demo_agency, drafter):
    report = s.annual_report_draft(actor=drafter, agency=demo_agency, year=2023)
    response = logged_in(client, drafter).post(reverse("office:annual_report_submit", args=[report.pk]))
    assert response.status_code == 400
    assert "错误，不能提交审核" in page(response) and "待填写" in page(response)
    report.refresh_from_db()
    assert report.state == AnnualReportState.DRAFT


def test_the_narrative_is_edited_in_the_office(client, demo_agency, drafter, filled_narrative):
    report = s.annual_report_draft(actor=drafter, agency=demo_agency, year=2023)
    data = {"revision": report.revision, **filled_narrative(report)}
    response = logged_in(client, drafter).post(reverse("office:annual_report_narrative", args=[report.pk]), data)
    assert response.status_code == 302
    report.refresh_from_db()
    assert report.narrative == {k: v.strip() for k, v in data.items() if k != "revision"}
    body = page(client.get(reverse("office:annual_report", args=[report.pk])))
    assert "S.placeholder" not in body


def test_a_stale_narrative_form_keeps_what_was_typed(client, demo_agency, drafter):
    report = s.annual_report_draft(actor=drafter, agency=demo_agency, year=2023)
    s.annual_report_narrative_save(actor=drafter, report=report, narrative={"problems": "先保存的"})
    response = logged_in(client, drafter).post(
        reverse("office:annual_report_narrative", args=[report.pk]),
        {"revision": 0, "problems": "我刚写的一大段文字"},
    )
    assert response.status_code == 400
    assert "已被其他工作人员修改" in page(response) and "我刚写的一大段文字" in page(response)


def test_update_from_records_shows_the_changes_before_applying_them(client, demo_agency, drafter):
    report = s.annual_report_draft(actor=drafter, agency=demo_agency, year=2023)
    figures = dict(report.figures)
    figures["requests"] = {**figures["requests"], "new": {**figures["requests"]["new"], "total": 999}}
    AnnualReport.objects.filter(pk=report.pk).update(figures=figures)
    c = logged_in(client, drafter)
    preview = c.get(reverse("office:annual_report_refresh", args=[report.pk]))
    body = page(preview)
    assert preview.status_code == 200 and "999" in body
    report.refresh_from_db()
    assert report.figures["requests"]["new"]["total"] == 999  # looking changes nothing
    fingerprint = s.annual_report_refresh_preview(report).fingerprint
    assert fingerprint in body
    response = c.post(
        reverse("office:annual_report_refresh", args=[report.pk]),
        {"fingerprint": fingerprint, "revision": report.revision},
    )
    assert response.status_code == 302
    report.refresh_from_db()
    assert report.figures["requests"]["new"]["total"] != 999


def test_a_warning_is_acknowledged_with_a_reason(client, demo_agency, drafter, filled_narrative):
    report = s.annual_report_draft(actor=drafter, agency=demo_agency, year=2023)
    report = s.annual_report_narrative_save(actor=drafter, report=report, narrative=filled_narrative(report))
    warning = next(f for f in s.annual_report_findings(report) if f.severity == "warning")
    c = logged_in(client, drafter)
    url = reverse("office:annual_report_acknowledge", args=[report.pk])
    empty = c.post(url, {"fingerprint": s.warning_fingerprint(warning), "reason": ""})
    assert empty.status_code == 400 and "理由" in page(empty)
    ok = c.post(url, {"fingerprint": s.warning_fingerprint(warning), "reason": "系统于年中启用"})
    assert ok.status_code == 302
    assert "系统于年中启用" in page(c.get(reverse("office:annual_report", args=[report.pk])))


def test_another_agencys_report_is_not_found(client, ready_draft, outsider):
    c = logged_in(client, outsider)
    for name in ("office:annual_report", "office:annual_report_refresh"):
        assert c.get(reverse(name, args=[ready_draft.pk])).status_code == 404
    for name in ("office:annual_report_submit", "office:annual_report_approve", "office:annual_report_publish"):
        assert c.post(reverse(name, args=[ready_draft.pk])).status_code == 404
    assert c.get(reverse("office:annual_reports", args=["jiyuan-hrss"])).status_code == 403
    ready_draft.refresh_from_db()
    assert ready_draft.state == AnnualReportState.DRAFT


def test_the_pages_need_a_login(client, ready_draft):
    response = client.get(reverse("office:annual_report", args=[ready_draft.pk]))
    assert response.status_code == 302 and reverse("office:login") in response["Location"]


def test_approving_your_own_report_is_refused_with_a_clear_message(client, ready_draft, demo_agency, make_staff):
    author = make_staff(demo_agency, "author-reviewer", role="reviewer")
    report = s.annual_report_submit(actor=author, report=ready_draft)
    c = logged_in(client, author)
    assert "须由本机关另一位审核人或负责人审核" in page(c.get(reverse("office:annual_report", args=[report.pk])))
    response = c.post(reverse("office:annual_report_approve", args=[report.pk]))
    assert response.status_code == 403
    assert "由您起草、修改或提交" in page(response)
    report.refresh_from_db()
    assert report.state == AnnualReportState.IN_REVIEW
    assert AuditEvent.objects.filter(code="annual_report.refused", data__code="own_report").count() == 1


@needs_cjk_font
def test_the_whole_path_and_the_portal_serves_the_frozen_files(client, ready_draft, drafter, reviewer, head):
    from django.core.files.storage import default_storage

    c = logged_in(client, drafter)
    assert c.post(reverse("office:annual_report_submit", args=[ready_draft.pk])).status_code == 302
    c = logged_in(client, reviewer)
    assert c.post(reverse("office:annual_report_approve", args=[ready_draft.pk])).status_code == 302
    assert c.post(reverse("office:annual_report_publish", args=[ready_draft.pk])).status_code == 302
    ready_draft.refresh_from_db()
    assert ready_draft.state == AnnualReportState.PUBLISHED
    version = ready_draft.versions.get()
    client.logout()

    portal = client.get(reverse("portal:report", args=["jiyuan-hrss", 2023]))
    body = page(portal)
    assert portal.status_code == 200
    assert version.published_on.isoformat() in body
    frozen = {f.kind: f for f in version.files.all()}
    with default_storage.open(frozen["html"].file.name, "rb") as handle:
        html = handle.read().decode()
    article = html[html.find("<article") : html.rfind("</article>") + len("</article>")]
    assert article and article in body  # the page embeds the frozen HTML as it was frozen
    for kind, f in frozen.items():
        response = client.get(reverse("portal:report_download", args=["jiyuan-hrss", 2023, kind]))
        assert response.status_code == 200, kind
        assert hashlib.sha256(response.content).hexdigest() == f.sha256, kind
    assert client.get(reverse("portal:report_download", args=["jiyuan-hrss", 2023, "md"])).status_code == 404
    assert 2023 in __import__("gongkai.reports.selectors", fromlist=["x"]).published_report_years(ready_draft.agency)

    # Editing the published version is refused; a correction is version 2, and the portal shows both.
    c = logged_in(client, drafter)
    edit = c.post(reverse("office:annual_report_narrative", args=[ready_draft.pk]), {"revision": 0, "problems": "x"})
    assert edit.status_code == 400 and "已发布" in page(edit)
    assert c.post(reverse("office:annual_report_correct", args=[ready_draft.pk]), {"reason": ""}).status_code == 400
    assert (
        c.post(reverse("office:annual_report_correct", args=[ready_draft.pk]), {"reason": "表三数字更正"}).status_code
        == 302
    )
    ready_draft.refresh_from_db()
    # Until the correction is published, the portal still serves version 1, byte for byte.
    response = client.get(reverse("portal:report_download", args=["jiyuan-hrss", 2023, "pdf"]))
    assert hashlib.sha256(response.content).hexdigest() == frozen["pdf"].sha256
    for finding in s.annual_report_findings(ready_draft):
        if finding.severity == "warning":
            s.annual_report_acknowledge_warning(
                actor=drafter, report=ready_draft, fingerprint=s.warning_fingerprint(finding), reason="已核实"
            )
    s.annual_report_submit(actor=drafter, report=ready_draft)
    s.annual_report_approve(actor=head, report=ready_draft)
    s.annual_report_publish(actor=head, report=ready_draft)
    body = page(client.get(reverse("portal:report", args=["jiyuan-hrss", 2023])))
    assert "更正说明" in body and "表三数字更正" in body and "现行版本" in body
    old = client.get(reverse("portal:report_version_download", args=["jiyuan-hrss", 2023, 1, "pdf"]))
    assert hashlib.sha256(old.content).hexdigest() == frozen["pdf"].sha256
    assert (
        client.get(reverse("portal:report_version_download", args=["jiyuan-hrss", 2023, 9, "pdf"])).status_code == 404
    )


def test_the_statutory_deadline_and_last_years_text_are_shown(client, demo_agency, drafter):
    from gongkai.reports.models import PublishedReport

    imported = PublishedReport.objects.get(agency=demo_agency, year=2023)  # the demo's published 2023 report
    report = s.annual_report_draft(actor=drafter, agency=demo_agency, year=2024)
    body = page(logged_in(client, drafter).get(reverse("office:annual_report", args=[report.pk])))
    assert "2025年1月31日" in body  # a department: 31 January (条例第四十九条)
    assert "2023 年度报告的这一部分" in body
    problems = imported.report.sections["problems"].strip()
    assert problems[:20] in body
    listing = page(client.get(reverse("office:annual_reports", args=[demo_agency.code])))
    assert "2025年1月31日" in listing and "已逾期" in listing


def test_a_government_reports_by_31_march_and_lateness_counts_from_the_first_version():
    from datetime import date

    from gongkai.agencies.models import Agency, AgencyLevel
    from gongkai.reports.selectors import Deadline, statutory_deadline

    assert statutory_deadline(Agency(level=AgencyLevel.GOVERNMENT), 2024) == date(2025, 3, 31)
    assert statutory_deadline(Agency(level=AgencyLevel.DEPARTMENT), 2024) == date(2025, 1, 31)
    late = Deadline(date(2025, 1, 31), today=date(2025, 2, 3))
    assert late.overdue and late.days_overdue == 3
    on_time = Deadline(date(2025, 1, 31), today=date(2025, 6, 1), published_on=date(2025, 1, 20))
    assert not on_time.overdue and not on_time.published_late


def test_an_adjustment_is_entered_in_the_office_with_its_reason(client, demo_agency, drafter):
    report = s.annual_report_draft(actor=drafter, agency=demo_agency, year=2023)
    c = logged_in(client, drafter)
    url = reverse("office:annual_report_adjust", args=[report.pk])
    key = "requests.carried_in.natural_person"
    missing = c.post(url, {"key": key, "delta": "2", "reason": "", "revision": report.revision})
    assert missing.status_code == 400 and "请写明调整的理由" in page(missing)
    ok = c.post(url, {"key": key, "delta": "2", "reason": "上年纸质台账结转", "revision": report.revision})
    assert ok.status_code == 302
    body = page(c.get(reverse("office:annual_report", args=[report.pk])))
    assert "上年纸质台账结转" in body and "含调整+2" in body


def test_the_text_being_typed_is_checked_without_being_saved(client, demo_agency, drafter, filled_narrative):
    report = s.annual_report_draft(actor=drafter, agency=demo_agency, year=2023)
    c = logged_in(client, drafter)
    url = reverse("office:annual_report_check", args=[report.pk])
    typed = filled_narrative(report)
    clean = c.post(url, typed)
    assert clean.status_code == 200
    assert "S.placeholder" not in page(clean) and "尚未保存" in page(clean)
    # A figure stated in the text that the tables contradict (S.narrative_figures), while typing.
    new_total = s.annual_report_value(report).value("requests.new.total")
    wrong = dict(typed, **{"overview.2": f"2023年，本机关新收政府信息公开申请 {new_total + 40} 件。"})
    answer = page(c.post(url, wrong))
    assert "S.narrative_figures" in answer and "确认这条提醒" not in answer
    report.refresh_from_db()
    assert "（待填写）" in report.narrative["problems"]  # nothing saved
    detail = page(c.get(reverse("office:annual_report", args=[report.pk])))
    assert "narrative_check.js" in detail and url in detail


def test_the_office_home_lists_the_reports_being_made(client, ready_draft, drafter):
    body = page(logged_in(client, drafter).get(reverse("office:home")))
    assert reverse("office:annual_report", args=[ready_draft.pk]) in body and "2023 年度报告（草稿）" in body


def test_the_admin_shows_annual_reports_read_only(client, ready_draft, superuser):
    c = logged_in(client, superuser)
    assert c.get(reverse("admin:reports_annualreport_changelist")).status_code == 200
    assert c.get(reverse("admin:reports_annualreport_add")).status_code == 403


def test_the_report_page_shows_its_audit_trail_with_refusals(client, demo_agency, drafter):
    report = s.annual_report_draft(actor=drafter, agency=demo_agency, year=2023)
    c = logged_in(client, drafter)
    c.post(reverse("office:annual_report_submit", args=[report.pk]))
    body = page(c.get(reverse("office:annual_report", args=[report.pk])))
    assert "操作记录" in body and "生成年度报告草稿" in body and "年度报告操作未能完成" in body
