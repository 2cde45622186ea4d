"""Office pages of the annual report made in Gongkai (/office/annual-reports/…): thin views.

Agency wall: the list and the draft form are under the agency (404 unknown, 403 staff of another
agency); a report page is found only among the agencies the user works for, so another agency's
report is 404. Every action is a POST calling one service; its ``ApplicationError`` is shown on
the page in Chinese (status 400), a refusal by role is 403, never a 500.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from gongkai.agencies.selectors import agency_get, membership_of, user_may_act_for
from gongkai.annual_report.format import get_format
from gongkai.audit.selectors import audit_events_for
from gongkai.core.errors import ApplicationError
from gongkai.core.errors import PermissionDenied as ServicePermissionDenied
from gongkai.portal.presentation import REPORT_CSS, finding_views, report_html

from . import selectors
from . import services as s
from .build import report_year_default
from .forms import AcknowledgeForm, AdjustmentForm, AnnualReportDraftForm, NarrativeForm, ReasonForm, RefreshForm
from .models import AnnualReportState


def _agency_or_404(request, agency_code: str):
    agency = agency_get(agency_code)
    if agency is None:
        raise Http404(_("没有这个机关。"))
    if not user_may_act_for(request.user, agency):
        raise DjangoPermissionDenied(_("您不是“%(agency)s”的工作人员，不能查看其年度报告。") % {"agency": agency.name})
    return agency


def _report_or_404(request, pk: int):
    report = selectors.annual_report_get_for_user(request.user, pk)
    if report is None:
        raise Http404(_("没有这份年度报告。"))
    return report


@login_required
def annual_reports(request, agency_code: str):
    agency = _agency_or_404(request, agency_code)
    today = timezone.localdate()
    form = AnnualReportDraftForm(initial={"year": report_year_default(today)})
    status = 200
    if request.method == "POST":
        form = AnnualReportDraftForm(request.POST)
        if form.is_valid():
            try:
                report = s.annual_report_draft(actor=request.user, agency=agency, year=form.cleaned_data["year"])
            except ServicePermissionDenied as error:
                raise DjangoPermissionDenied(error.message) from None
            except ApplicationError as error:
                form.add_error("year", error.message)
            else:
                messages.success(request, _("已由记录生成 %(year)d 年度报告草稿。") % {"year": report.year})
                return redirect("office:annual_report", pk=report.pk)
        status = 400
    return render(
        request,
        "reports/annual_list.html",
        {
            "agency": agency,
            "rows": [(r, selectors.annual_report_deadline(r, today)) for r in selectors.annual_reports_for(agency)],
            "form": form,
            "next_deadline": selectors.statutory_deadline(agency, report_year_default(today)),
        },
        status=status,
    )


def _finding_rows(value, findings, acknowledged):
    rows = []
    for finding, view in zip(findings, finding_views(value, findings), strict=True):
        if finding.severity == "not_checked":
            continue
        fingerprint = s.warning_fingerprint(finding)
        rows.append({"view": view, "fingerprint": fingerprint, "ack": acknowledged.get(fingerprint)})
    rows.sort(key=lambda r: r["view"].severity != "error")
    return rows


def _findings_context(report, narrative=None) -> dict:
    """What the findings column shows: each error and warning (with its acknowledgement), and the
    checks not done. With ``narrative``, for text being typed (the check while typing)."""
    value = s.annual_report_value(report, narrative=narrative)
    findings = s.annual_report_findings(report, narrative=narrative)
    acknowledged = {a.fingerprint: a for a in selectors.acknowledgements_of(report)}
    rows = _finding_rows(value, findings, acknowledged)
    return {
        "report": report,
        "rows": rows,
        "error_count": sum(r["view"].severity == "error" for r in rows),
        "open_warning_count": sum(r["view"].severity == "warning" and r["ack"] is None for r in rows),
        "not_checked": [f for f in finding_views(value, findings) if f.severity == "not_checked"],
        "unsaved": narrative is not None,
    }


def _detail(request, report, *, error: str = "", narrative_form=None, adjustment_form=None, status: int = 200):
    fmt = get_format(report.format_code)
    parts = s.narrative_parts(fmt)
    findings_context = _findings_context(report)
    acknowledgements = list(selectors.acknowledgements_of(report))
    membership = membership_of(request.user)
    role = membership.role if membership else None
    approver = request.user.is_superuser or role in s.APPROVING_ROLES
    if narrative_form is None:
        narrative_form = NarrativeForm(
            parts=parts, initial={"revision": report.revision, **{k: report.narrative.get(k, "") for k, _h in parts}}
        )
    if adjustment_form is None:
        adjustment_form = AdjustmentForm(fmt=fmt, initial={"revision": report.revision, "delta": 0})
    adjustments = [
        {"key": key, "name": fmt.describe(key), **report.adjustments[key]}
        for key in fmt.cell_keys()
        if key in (report.adjustments or {})
    ]
    previous = selectors.previous_year_report(report.agency, report.year)
    previous_parts = s.split_narrative(fmt, dict(previous.sections)) if previous is not None else {}
    fields = [(narrative_form[key], previous_parts.get(key, "")) for key, _h in parts]
    return render(
        request,
        "reports/annual_detail.html",
        {
            "report": report,
            "agency": report.agency,
            "narrative_form": narrative_form,
            "fields": fields,
            "adjustment_form": adjustment_form,
            "adjustments": adjustments,
            "previous_year": report.year - 1 if previous is not None else None,
            "deadline": selectors.annual_report_deadline(report, timezone.localdate()),
            **findings_context,
            "acknowledgements": acknowledgements,
            "versions": list(selectors.versions_of(report)),
            "events": list(audit_events_for(report)),
            "report_html": report_html(s.annual_report_value(report)),
            "report_css": REPORT_CSS,
            "may_approve": approver
            and request.user.pk not in {report.drafted_by_id, report.submitted_by_id, *report.contributors},
            "is_approver": approver,
            "page_error": error,
            "States": AnnualReportState,
        },
        status=status,
    )


@login_required
def annual_report(request, pk: int):
    return _detail(request, _report_or_404(request, pk))


def _act(request, report, call, success: str):
    """Run one service; on refusal show the report page with the Chinese message (400)."""
    try:
        call()
    except ServicePermissionDenied as error:
        raise DjangoPermissionDenied(error.message) from None
    except ApplicationError as error:
        report.refresh_from_db()
        return _detail(request, report, error=error.message, status=400)
    messages.success(request, success)
    return redirect("office:annual_report", pk=report.pk)


@login_required
@require_POST
def narrative_save(request, pk: int):
    report = _report_or_404(request, pk)
    parts = s.narrative_parts(get_format(report.format_code))
    form = NarrativeForm(request.POST, parts=parts)
    if not form.is_valid():
        return _detail(request, report, narrative_form=form, error=_("请检查填写的内容。"), status=400)
    narrative = {key: form.cleaned_data[key] for key, _h in parts}
    try:
        s.annual_report_narrative_save(
            actor=request.user, report=report, narrative=narrative, revision=form.cleaned_data["revision"]
        )
    except ServicePermissionDenied as error:
        raise DjangoPermissionDenied(error.message) from None
    except ApplicationError as error:  # keep what was typed: nothing lost
        return _detail(request, report, narrative_form=form, error=error.message, status=400)
    messages.success(request, _("文字部分已保存。检查结果已按新内容更新。"))
    return redirect("office:annual_report", pk=report.pk)


@login_required
@require_POST
def acknowledge(request, pk: int):
    report = _report_or_404(request, pk)
    form = AcknowledgeForm(request.POST)
    if not form.is_valid():
        return _detail(request, report, error=_("请写明确认这条提醒的理由。"), status=400)
    return _act(
        request,
        report,
        lambda: s.annual_report_acknowledge_warning(
            actor=request.user,
            report=report,
            fingerprint=form.cleaned_data["fingerprint"],
            reason=form.cleaned_data["reason"],
        ),
        _("已确认这条提醒，理由已随报告保存。"),
    )


@login_required
def refresh(request, pk: int):
    """按记录更新: GET shows what would change, cell by cell; POST (the user accepts) applies it."""
    report = _report_or_404(request, pk)
    if request.method == "POST":
        form = RefreshForm(request.POST)
        if not form.is_valid():
            return _detail(request, report, error=_("请重新打开“按记录更新”。"), status=400)
        return _act(
            request,
            report,
            lambda: s.annual_report_refresh(
                actor=request.user,
                report=report,
                fingerprint=form.cleaned_data["fingerprint"],
                revision=form.cleaned_data["revision"],
            ),
            _("已按记录更新报告中的数字。"),
        )
    preview = s.annual_report_refresh_preview(report)
    return render(
        request,
        "reports/annual_refresh.html",
        {
            "report": report,
            "agency": report.agency,
            "preview": preview,
            "form": RefreshForm(initial={"fingerprint": preview.fingerprint, "revision": report.revision}),
        },
    )


@login_required
@require_POST
def submit(request, pk: int):
    report = _report_or_404(request, pk)
    return _act(
        request,
        report,
        lambda: s.annual_report_submit(actor=request.user, report=report, revision=_int(request.POST.get("revision"))),
        _("已提交审核。请由本机关另一位审核人或负责人审核。"),
    )


@login_required
@require_POST
def approve(request, pk: int):
    report = _report_or_404(request, pk)
    return _act(
        request,
        report,
        lambda: s.annual_report_approve(actor=request.user, report=report, revision=_int(request.POST.get("revision"))),
        _("审核通过。现在可以发布。"),
    )


@login_required
@require_POST
def return_for_changes(request, pk: int):
    report = _report_or_404(request, pk)
    form = ReasonForm(request.POST)
    reason = form.cleaned_data["reason"] if form.is_valid() else ""
    return _act(
        request,
        report,
        lambda: s.annual_report_return(actor=request.user, report=report, reason=reason),
        _("已退回修改。"),
    )


@login_required
@require_POST
def publish(request, pk: int):
    report = _report_or_404(request, pk)
    return _act(
        request,
        report,
        lambda: s.annual_report_publish(actor=request.user, report=report, revision=_int(request.POST.get("revision"))),
        _("已发布。门户网站提供的是此刻固定下来的各格式文件。"),
    )


@login_required
@require_POST
def correct(request, pk: int):
    report = _report_or_404(request, pk)
    form = ReasonForm(request.POST)
    reason = form.cleaned_data["reason"] if form.is_valid() else ""
    return _act(
        request,
        report,
        lambda: s.annual_report_correct(actor=request.user, report=report, reason=reason),
        _("已开始更正：这是新版本的草稿，发布前门户网站仍显示当前版本。"),
    )


def _int(value):
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


@login_required
@require_POST
def adjust(request, pk: int):
    report = _report_or_404(request, pk)
    form = AdjustmentForm(request.POST, fmt=get_format(report.format_code))
    if not form.is_valid():
        return _detail(request, report, adjustment_form=form, error=_("请检查调整的单元格和调整数。"), status=400)
    try:
        s.annual_report_adjust(
            actor=request.user,
            report=report,
            key=form.cleaned_data["key"],
            delta=form.cleaned_data["delta"],
            reason=form.cleaned_data["reason"],
            revision=form.cleaned_data["revision"],
        )
    except ServicePermissionDenied as error:
        raise DjangoPermissionDenied(error.message) from None
    except ApplicationError as error:  # keep what was typed
        report.refresh_from_db()
        return _detail(request, report, adjustment_form=form, error=error.message, status=400)
    messages.success(request, _("已保存数字调整；调整及其理由将写在单元格和第六部分中。"))
    return redirect("office:annual_report", pk=report.pk)


@login_required
@require_POST
def check_typing(request, pk: int):
    """The findings of the text being typed, not saved (the page's script asks while the clerk types)."""
    report = _report_or_404(request, pk)
    parts = s.narrative_parts(get_format(report.format_code))
    narrative = {key: str(request.POST.get(key, report.narrative.get(key, "")))[:20000] for key, _h in parts}
    return render(request, "reports/_findings.html", _findings_context(report, narrative))
