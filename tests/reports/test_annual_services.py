"""The annual report made in Gongkai, through its services: draft, update from records, narrative,
warnings acknowledged, submit, approve (not by the author), publish (frozen files), correct."""

from __future__ import annotations

import hashlib
from datetime import date

import pytest
from tests.system_packages import needs_cjk_font

from gongkai.annual_report import check
from gongkai.audit.models import AuditEvent
from gongkai.core.errors import ApplicationError, Conflict, PermissionDenied
from gongkai.reports import services as s
from gongkai.reports.models import AnnualReport, AnnualReportState, FrozenFile, ReportVersion, WarningAcknowledgement

pytestmark = pytest.mark.django_db


def codes(report):
    """The transitions recorded for ``report`` (refusals are recorded too, and counted apart)."""
    return list(
        AuditEvent.objects.filter(target_type="reports.annualreport", target_id=str(report.pk))
        .exclude(code="annual_report.refused")
        .order_by("id")
        .values_list("code", flat=True)
    )


def refusals():
    return list(AuditEvent.objects.filter(code="annual_report.refused").order_by("id"))


# -- drafting ------------------------------------------------------------------------------------


def test_a_draft_holds_the_figures_of_the_records_and_the_drafted_narrative(demo_agency, drafter):
    from gongkai.reports.build import build_report

    report = s.annual_report_draft(actor=drafter, agency=demo_agency, year=2023)
    assert report.state == AnnualReportState.DRAFT and report.version == 1
    built = build_report(demo_agency, 2023)
    value = s.annual_report_value(report)
    assert dict(value.cells) == dict(built.cells)
    # The narrative, cut into its parts and put back together, is the drafted text.
    assert value.sections == built.sections
    assert report.narrative["overview.3"] == "（待填写）"
    assert codes(report) == ["annual_report.drafted"]


def test_a_second_draft_of_the_same_year_is_refused_and_recorded(demo_agency, drafter):
    s.annual_report_draft(actor=drafter, agency=demo_agency, year=2023)
    with pytest.raises(s.ReportExists, match="已经建立"):
        s.annual_report_draft(actor=drafter, agency=demo_agency, year=2023)
    assert AnnualReport.objects.count() == 1
    assert refusals()[-1].data["action"] == "draft"


def test_staff_of_another_agency_cannot_draft(demo_agency, outsider):
    with pytest.raises(PermissionDenied, match="不是“济源示范区人力资源和社会保障局”的工作人员"):
        s.annual_report_draft(actor=outsider, agency=demo_agency, year=2023)
    assert not AnnualReport.objects.exists()


def test_update_from_records_shows_each_changed_cell_and_applies_only_what_was_shown(demo_agency, drafter):
    report = s.annual_report_draft(actor=drafter, agency=demo_agency, year=2023)
    assert s.annual_report_refresh_preview(report).changes == []
    # The records change: one more document published on the website in 2023 is not a table cell;
    # a register entry is. Simulate a changed record by editing the stored figures instead.
    figures = dict(report.figures)
    figures["requests"] = {**figures["requests"], "new": {**figures["requests"]["new"], "total": 999}}
    AnnualReport.objects.filter(pk=report.pk).update(figures=figures)
    report.refresh_from_db()
    preview = s.annual_report_refresh_preview(report)
    assert [c.key for c in preview.changes] == ["requests.new.total"]
    change = preview.changes[0]
    assert change.old == 999 and change.new != 999
    assert change.name == report_format(report).describe("requests.new.total")
    with pytest.raises(s.StaleFigures, match="又有变化"):
        s.annual_report_refresh(actor=drafter, report=report, fingerprint="0" * 64)
    report.refresh_from_db()
    assert report.figures["requests"]["new"]["total"] == 999  # nothing applied
    s.annual_report_refresh(actor=drafter, report=report, fingerprint=preview.fingerprint)
    report.refresh_from_db()
    assert report.figures["requests"]["new"]["total"] == change.new
    event = AuditEvent.objects.get(code="annual_report.refreshed")
    assert event.data["changes"] == [{"key": "requests.new.total", "old": 999, "new": change.new}]


def report_format(report):
    from gongkai.annual_report.format import get_format

    return get_format(report.format_code)


# -- narrative and findings ----------------------------------------------------------------------


def test_a_placeholder_left_in_the_narrative_blocks_submission(demo_agency, drafter):
    report = s.annual_report_draft(actor=drafter, agency=demo_agency, year=2023)
    assert "S.placeholder" in {f.rule for f in s.annual_report_findings(report) if f.severity == "error"}
    with pytest.raises(ApplicationError, match="错误，不能提交审核") as caught:
        s.annual_report_submit(actor=drafter, report=report)
    assert caught.value.code == "has_errors"
    report.refresh_from_db()
    assert report.state == AnnualReportState.DRAFT
    assert refusals()[-1].data["code"] == "has_errors"


def test_the_narrative_is_saved_part_by_part(demo_agency, drafter, filled_narrative):
    report = s.annual_report_draft(actor=drafter, agency=demo_agency, year=2023)
    narrative = filled_narrative(report)
    report = s.annual_report_narrative_save(actor=drafter, report=report, narrative=narrative, revision=report.revision)
    value = s.annual_report_value(report)
    assert "（待填写）" not in "".join(value.sections.values())
    assert "S.placeholder" not in {f.rule for f in check(value)}
    assert AuditEvent.objects.get(code="annual_report.narrative_saved").data["parts"] == [
        "overview.3",
        "overview.4",
        "overview.5",
        "problems",
    ]


def test_a_stale_form_does_not_overwrite_newer_text(demo_agency, drafter, filled_narrative):
    report = s.annual_report_draft(actor=drafter, agency=demo_agency, year=2023)
    old_revision = report.revision
    s.annual_report_narrative_save(actor=drafter, report=report, narrative={"problems": "第一位写的"})
    with pytest.raises(Conflict, match="已被其他工作人员修改"):
        s.annual_report_narrative_save(
            actor=drafter, report=report, narrative={"problems": "第二位写的"}, revision=old_revision
        )
    report.refresh_from_db()
    assert report.narrative["problems"] == "第一位写的"


def test_each_warning_needs_an_acknowledgement_with_a_reason(demo_agency, drafter, filled_narrative):
    report = s.annual_report_draft(actor=drafter, agency=demo_agency, year=2023)
    report = s.annual_report_narrative_save(actor=drafter, report=report, narrative=filled_narrative(report))
    warnings = [f for f in s.annual_report_findings(report) if f.severity == "warning"]
    assert warnings, "the 2023 report drafted today is late (S.published_late)"
    with pytest.raises(ApplicationError, match="提醒未确认"):
        s.annual_report_submit(actor=drafter, report=report)
    with pytest.raises(ApplicationError, match="请写明"):
        s.annual_report_acknowledge_warning(
            actor=drafter, report=report, fingerprint=s.warning_fingerprint(warnings[0]), reason="  "
        )
    for finding in warnings:
        s.annual_report_acknowledge_warning(
            actor=drafter, report=report, fingerprint=s.warning_fingerprint(finding), reason="系统启用较晚，已报告"
        )
    ack = WarningAcknowledgement.objects.filter(report=report).first()
    assert ack.reason == "系统启用较晚，已报告" and ack.acknowledged_by == drafter and ack.version == 1
    report = s.annual_report_submit(actor=drafter, report=report)
    assert report.state == AnnualReportState.IN_REVIEW


# -- review ----------------------------------------------------------------------------------------


def test_the_author_cannot_approve_their_own_report(ready_draft, demo_agency, make_staff):
    author = make_staff(demo_agency, "author-reviewer", role="reviewer")
    report = s.annual_report_submit(actor=author, report=ready_draft)
    with pytest.raises(PermissionDenied, match="由您起草、修改或提交") as caught:
        s.annual_report_approve(actor=author, report=report)
    assert caught.value.code == "own_report"
    report.refresh_from_db()
    assert report.state == AnnualReportState.IN_REVIEW
    assert refusals()[-1].data["action"] == "approve"
    assert refusals()[-1].target_id == str(report.pk)


def test_a_clerk_cannot_approve(ready_draft, drafter, make_staff, demo_agency):
    report = s.annual_report_submit(actor=drafter, report=ready_draft)
    other_clerk = make_staff(demo_agency, "second-clerk", role="clerk")
    with pytest.raises(PermissionDenied, match="负责人、审核人"):
        s.annual_report_approve(actor=other_clerk, report=report)


def test_a_submitted_report_cannot_be_edited_and_can_be_returned(ready_draft, drafter, reviewer):
    report = s.annual_report_submit(actor=drafter, report=ready_draft)
    with pytest.raises(s.NotEditable, match="待审核"):
        s.annual_report_narrative_save(actor=drafter, report=report, narrative={"problems": "改一下"})
    report = s.annual_report_return(actor=reviewer, report=report, reason="第五部分写得太简单")
    assert report.state == AnnualReportState.DRAFT and report.submitted_by is None
    assert codes(report)[-2:] == ["annual_report.submitted", "annual_report.returned"]


def test_approving_an_approved_report_says_who_approved_it(ready_draft, drafter, reviewer, head):
    report = s.annual_report_submit(actor=drafter, report=ready_draft)
    s.annual_report_approve(actor=reviewer, report=report)
    with pytest.raises(Conflict, match="已由 reviewer 审核通过"):
        s.annual_report_approve(actor=head, report=report)


def test_publishing_before_approval_is_refused(ready_draft, drafter):
    report = s.annual_report_submit(actor=drafter, report=ready_draft)
    with pytest.raises(s.NotEditable, match="不能发布"):
        s.annual_report_publish(actor=drafter, report=report)
    assert not ReportVersion.objects.exists()


def test_publishing_a_report_with_errors_is_refused_and_nothing_is_stored(ready_draft, drafter, reviewer):
    report = s.annual_report_approve(actor=reviewer, report=s.annual_report_submit(actor=drafter, report=ready_draft))
    # An error that appeared after approval (here: text changed behind the services' back).
    AnnualReport.objects.filter(pk=report.pk).update(narrative={**report.narrative, "problems": "（待填写）"})
    with pytest.raises(ApplicationError, match="错误，不能发布"):
        s.annual_report_publish(actor=reviewer, report=report)
    assert not ReportVersion.objects.exists() and not FrozenFile.objects.exists()
    report.refresh_from_db()
    assert report.state == AnnualReportState.APPROVED


# -- publishing and correcting ------------------------------------------------------------------


def approved(ready_draft, drafter, reviewer):
    report = s.annual_report_submit(actor=drafter, report=ready_draft)
    return s.annual_report_approve(actor=reviewer, report=report)


@needs_cjk_font
def test_publishing_freezes_every_file_with_its_digest(ready_draft, drafter, reviewer):
    from django.core.files.storage import default_storage

    report = approved(ready_draft, drafter, reviewer)
    version = s.annual_report_publish(actor=drafter, report=report, published_on=date(2024, 1, 20))
    report.refresh_from_db()
    assert report.state == AnnualReportState.PUBLISHED
    assert version.number == 1 and version.published_on == date(2024, 1, 20)
    assert version.approved_by == reviewer and version.published_by == drafter
    files = {f.kind: f for f in version.files.all()}
    assert set(files) == set(s.FROZEN_KINDS)
    for frozen in files.values():
        with default_storage.open(frozen.file.name, "rb") as handle:
            data = handle.read()
        assert hashlib.sha256(data).hexdigest() == frozen.sha256 and len(data) == frozen.size
    assert files["pdf"].size > 0 and "2024-01-20" in version.content["published_on"]
    event = AuditEvent.objects.get(code="annual_report.published")
    assert event.data["sha256"] == {kind: f.sha256 for kind, f in files.items()}
    # Frozen: the rows can never be changed again.
    from gongkai.core.models import AppendOnlyError

    with pytest.raises(AppendOnlyError):
        version.save()
    with pytest.raises(AppendOnlyError):
        FrozenFile.objects.filter(version=version).update(size=0)
    # Nor can the published report be edited: a correction is a new version.
    with pytest.raises(s.NotEditable, match="已发布"):
        s.annual_report_narrative_save(actor=drafter, report=report, narrative={"problems": "改"})
    with pytest.raises(Conflict, match="已经发布"):
        s.annual_report_publish(actor=drafter, report=report)


@needs_cjk_font
def test_a_correction_is_a_new_version_with_its_reason(ready_draft, drafter, reviewer, head, filled_narrative):
    report = approved(ready_draft, drafter, reviewer)
    first = s.annual_report_publish(actor=drafter, report=report, published_on=date(2024, 1, 20))
    with pytest.raises(ApplicationError, match="更正的理由"):
        s.annual_report_correct(actor=drafter, report=report, reason="")
    report = s.annual_report_correct(actor=drafter, report=report, reason="第五部分漏写了整改措施")
    assert report.state == AnnualReportState.DRAFT and report.version == 2
    report = s.annual_report_narrative_save(
        actor=drafter, report=report, narrative={"problems": "补充：已建立季度核对制度。"}
    )
    for finding in s.annual_report_findings(report):  # version 2 acknowledges its own warnings
        if finding.severity == "warning":
            s.annual_report_acknowledge_warning(
                actor=drafter, report=report, fingerprint=s.warning_fingerprint(finding), reason="已核实"
            )
    report = s.annual_report_submit(actor=drafter, report=report)
    with pytest.raises(PermissionDenied):  # the corrector drafted version 2
        s.annual_report_approve(actor=drafter, report=report)
    report = s.annual_report_approve(actor=head, report=report)
    second = s.annual_report_publish(actor=head, report=report, published_on=date(2024, 2, 1))
    assert second.number == 2 and second.correction_reason == "第五部分漏写了整改措施"
    first.refresh_from_db()
    assert first.content["sections"]["problems"] != second.content["sections"]["problems"]
    assert codes(report) == [
        "annual_report.drafted",
        "annual_report.narrative_saved",
        *["annual_report.warning_acknowledged"] * WarningAcknowledgement.objects.filter(version=1).count(),
        "annual_report.submitted",
        "annual_report.approved",
        "annual_report.published",
        "annual_report.correction_started",
        "annual_report.narrative_saved",
        *["annual_report.warning_acknowledged"] * WarningAcknowledgement.objects.filter(version=2).count(),
        "annual_report.submitted",
        "annual_report.approved",
        "annual_report.published",
    ]


# -- documented adjustments ---------------------------------------------------------------------


def test_a_figure_the_records_cannot_give_is_a_documented_adjustment(demo_agency, drafter):
    from gongkai.annual_report import render

    report = s.annual_report_draft(actor=drafter, agency=demo_agency, year=2023)
    key = "requests.new.natural_person"
    computed = s.annual_report_value(report).value(key)
    with pytest.raises(ApplicationError, match="理由"):
        s.annual_report_adjust(actor=drafter, report=report, key=key, delta=3, reason="")
    with pytest.raises(ApplicationError, match="整数"):
        s.annual_report_adjust(actor=drafter, report=report, key=key, delta="1.5", reason="半件")
    with pytest.raises(ApplicationError, match="不能小于 0"):
        s.annual_report_adjust(actor=drafter, report=report, key=key, delta=-(computed + 1), reason="多减了")
    report = s.annual_report_adjust(actor=drafter, report=report, key=key, delta=3, reason="1至6月纸质台账登记的申请")
    value = s.annual_report_value(report)
    assert value.value(key) == computed + 3
    assert value.cell(key).note == "含调整+3"
    assert "1至6月纸质台账登记的申请" in value.sections["other_matters"]
    assert report_format(report).describe(key) in value.sections["other_matters"]
    for kind in ("text", "html", "json"):  # shown as such on every output
        assert "含调整+3" in render(value, kind).decode(), kind
    event = AuditEvent.objects.get(code="annual_report.adjusted")
    assert event.data["computed"] == computed and event.data["delta"] == "3"
    # 按记录更新 compares the records' figures only; the adjustment stays on top of them.
    assert s.annual_report_refresh_preview(report).changes == []
    # Zero removes it.
    report = s.annual_report_adjust(actor=drafter, report=report, key=key, delta=0, reason="")
    assert report.adjustments == {}
    assert s.annual_report_value(report).value(key) == computed


def test_an_amount_is_adjusted_exactly(demo_agency, drafter):
    from decimal import Decimal

    report = s.annual_report_draft(actor=drafter, agency=demo_agency, year=2023)
    key = "proactive.fees.amount_wan_yuan"
    computed = s.annual_report_value(report).value(key)
    report = s.annual_report_adjust(actor=drafter, report=report, key=key, delta="0.35", reason="上半年收费未录入")
    assert s.annual_report_value(report).value(key) == computed + Decimal("0.35")


def test_a_submitted_report_is_not_adjusted(ready_draft, drafter):
    report = s.annual_report_submit(actor=drafter, report=ready_draft)
    with pytest.raises(s.NotEditable):
        s.annual_report_adjust(actor=drafter, report=report, key="requests.new.total", delta=1, reason="补")


def test_a_reviewer_who_wrote_part_of_the_text_cannot_approve_it(demo_agency, drafter, reviewer, head):
    report = s.annual_report_draft(actor=drafter, agency=demo_agency, year=2023)
    report = s.annual_report_narrative_save(actor=reviewer, report=report, narrative={"problems": "审核人写的一段"})
    assert set(report.contributors) == {drafter.pk, reviewer.pk}
    report = s.annual_report_narrative_save(
        actor=drafter,
        report=report,
        narrative={k: (v if "（待填写）" not in v else "已按要求开展工作。") for k, v in report.narrative.items()},
    )
    for finding in s.annual_report_findings(report):
        if finding.severity == "warning":
            s.annual_report_acknowledge_warning(
                actor=drafter, report=report, fingerprint=s.warning_fingerprint(finding), reason="已核实"
            )
    report = s.annual_report_submit(actor=drafter, report=report)
    with pytest.raises(PermissionDenied, match="由您起草、修改或提交"):
        s.annual_report_approve(actor=reviewer, report=report)
    assert s.annual_report_approve(actor=head, report=report).state == AnnualReportState.APPROVED


def test_an_approval_of_a_page_grown_stale_is_refused(ready_draft, drafter, reviewer):
    report = s.annual_report_submit(actor=drafter, report=ready_draft)
    seen = report.revision
    report = s.annual_report_return(actor=reviewer, report=report, reason="再看看")
    report = s.annual_report_narrative_save(actor=drafter, report=report, narrative={"problems": "改过的文字"})
    report = s.annual_report_submit(actor=drafter, report=report)
    with pytest.raises(Conflict, match="已被其他工作人员修改"):
        s.annual_report_approve(actor=reviewer, report=report, revision=seen)
    assert s.annual_report_approve(actor=reviewer, report=report, revision=report.revision).approved_by == reviewer
