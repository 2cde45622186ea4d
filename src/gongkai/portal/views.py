"""Public pages: thin views over selectors and the annual-report core."""

from __future__ import annotations

import logging

from django.core import signing
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.csrf import requires_csrf_token
from django.views.decorators.http import require_http_methods

from gongkai.agencies.selectors import agency_get, agency_list_with_reports
from gongkai.annual_report import AnnualReportError
from gongkai.annual_report.batch import results_csv, results_xlsx
from gongkai.annual_report.render import RENDERERS
from gongkai.annual_report.render import render as render_report
from gongkai.core.uploads import too_large_error
from gongkai.reports.selectors import (
    frozen_file_get,
    published_report_get,
    published_report_years,
    published_versions_get,
)

from .checking import audit, max_total_bytes, read_uploads, results_from_token, results_token
from .forms import CheckForm
from .presentation import (
    REPORT_CSS,
    download_links,
    frozen_article,
    frozen_download_links,
    report_findings,
    report_html,
)

logger = logging.getLogger(__name__)


def home(request):
    return render(request, "portal/home.html", {"agencies": agency_list_with_reports()})


def agency_detail(request, agency_code: str):
    agency = agency_get(agency_code)
    if agency is None:
        raise Http404(_("没有找到这个机关。"))
    return render(request, "portal/agency.html", {"agency": agency, "years": published_report_years(agency)})


def _published_or_404(agency_code: str, year: int):
    published = published_report_get(agency_code=agency_code, year=year)
    if published is None:
        if agency_get(agency_code) is None:
            raise Http404(_("没有找到这个机关。"))
        raise Http404(_("该机关没有 %(year)d 年度的已公开报告。") % {"year": year})
    return published


def report_detail(request, agency_code: str, year: int):
    versions = published_versions_get(agency_code=agency_code, year=year)
    if versions:  # made and published in Gongkai: the frozen files, never rendered again
        return _frozen_report_detail(request, versions)
    published = _published_or_404(agency_code, year)
    report = published.report
    previous = published_report_get(agency_code=agency_code, year=year - 1)
    findings = report_findings(report, previous=previous.report if previous is not None else None)
    return render(
        request,
        "portal/report.html",
        {
            "published": published,
            "agency": published.agency,
            "report": report,
            "report_html": report_html(report),
            "report_css": REPORT_CSS,
            "findings": findings,
            "previous": previous,
            "downloads": download_links(),
        },
    )


def _frozen_report_detail(request, versions):
    current = versions[0]
    files = {f.kind: f for f in current.files.all()}
    with files["html"].file.open("rb") as handle:
        html = handle.read().decode("utf-8")
    return render(
        request,
        "portal/report_frozen.html",
        {
            "current": current,
            "report": current.report,
            "agency": current.report.agency,
            "report_html": frozen_article(html),
            "report_css": REPORT_CSS,
            "downloads": frozen_download_links(current),
            "history": versions,
        },
    )


def _frozen_file_response(frozen, stem: str):
    media_type, suffix = RENDERERS[frozen.kind][2], RENDERERS[frozen.kind][3]
    with frozen.file.open("rb") as handle:
        body = handle.read()
    response = HttpResponse(body, content_type=media_type)
    response["Content-Disposition"] = f'attachment; filename="{stem}{suffix}"'
    response["X-Content-SHA256"] = frozen.sha256
    return response


def report_version_download(request, agency_code: str, year: int, number: int, fmt: str):
    frozen = frozen_file_get(agency_code=agency_code, year=year, kind=fmt, number=number)
    if frozen is None:
        raise Http404(_("没有这个版本的这种格式的文件。"))
    return _frozen_file_response(frozen, f"{agency_code}-{year}-v{number}")


def report_download(request, agency_code: str, year: int, fmt: str):
    if fmt not in RENDERERS:
        raise Http404(_("不支持下载为这种格式。"))
    if published_versions_get(agency_code=agency_code, year=year):
        frozen = frozen_file_get(agency_code=agency_code, year=year, kind=fmt)
        if frozen is None:
            raise Http404(_("这份报告没有这种格式的文件。"))
        return _frozen_file_response(frozen, f"{agency_code}-{year}")
    published = _published_or_404(agency_code, year)
    _module, _function, media_type, suffix = RENDERERS[fmt]
    try:
        body = render_report(published.report, fmt)
    except AnnualReportError as error:
        logger.exception("rendering %s %s as %s failed", agency_code, year, fmt)
        return render(request, "portal/error.html", {"message": str(error)}, status=500)
    response = HttpResponse(body, content_type=media_type)
    response["Content-Disposition"] = f'attachment; filename="{published.file_stem}{suffix}"'
    return response


def report_original(request, agency_code: str, year: int):
    published = _published_or_404(agency_code, year)
    with published.original.open("rb") as handle:
        body = handle.read()
    response = HttpResponse(body, content_type=_original_media_type(published.source_kind))
    suffix = "." + published.original.name.rsplit(".", 1)[-1] if "." in published.original.name else ""
    response["Content-Disposition"] = f'attachment; filename="{published.file_stem}-original{suffix}"'
    return response


def _original_media_type(kind: str) -> str:
    from gongkai.core.uploads import KINDS

    media_type = KINDS.get(kind, "application/octet-stream")
    return f"{media_type}; charset=utf-8" if media_type.startswith("text/") else media_type


@require_http_methods(["GET", "POST"])
def check_report(request):
    """Check uploaded reports (several files, or a ZIP) against the format's rules. Nothing is stored."""
    if request.method == "POST" and "download" in request.POST:
        return _check_download(request)
    context = {"max_bytes": max_total_bytes()}
    status = 200
    if request.method == "POST":
        form, context_update, status = _check_upload(request)
        context.update(context_update)
    else:
        form = CheckForm()
    context["form"] = form
    return render(request, "portal/check.html", context, status=status)


def _check_upload(request):
    limit = max_total_bytes()
    declared = _content_length(request)
    if declared is not None and declared > limit + 64 * 1024:  # refuse before reading the body
        return CheckForm(), {"page_error": too_large_error(declared).message}, 413
    form = CheckForm(request.POST, request.FILES)
    if not form.is_valid():
        return form, {}, 400
    files = form.cleaned_data["file"]
    total = sum(getattr(f, "size", 0) or 0 for f in files)
    if total > limit:  # the files together, as received
        return CheckForm(), {"page_error": too_large_error(total).message}, 400
    checked = audit(read_uploads(files))
    readable = [item for item in checked if item.readable]
    if len(checked) == 1 and not readable:  # one file, not read: say why beside the field
        form.add_error("file", checked[0].reason)
        return form, {}, 400
    context = {
        "checked": checked,
        "readable_count": len(readable),
        "unreadable": [item for item in checked if not item.readable],
        "results_token": results_token(checked),
        "report_css": REPORT_CSS,
    }
    if len(readable) == 1:  # the single report, as the page showed it before several were possible
        context.update({"report": readable[0].report, "findings": readable[0].findings})
    return CheckForm(), context, 200 if readable else 400


DOWNLOADS = {  # what the download buttons send → (file name, media type)
    "xlsx": ("check-results.xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
    "summary_csv": ("check-summary.csv", "text/csv; charset=utf-8"),
    "findings_csv": ("check-findings.csv", "text/csv; charset=utf-8"),
}


def _check_download(request):
    kind = request.POST.get("download", "")
    if kind not in DOWNLOADS:
        raise Http404(_("不支持下载为这种格式。"))
    try:
        results = results_from_token(request.POST.get("results", ""))
    except signing.BadSignature:
        context = {
            "form": CheckForm(),
            "max_bytes": max_total_bytes(),
            "page_error": _("检查结果已过期或无效，请重新上传文件检查。"),
        }
        return render(request, "portal/check.html", context, status=400)
    filename, media_type = DOWNLOADS[kind]
    if kind == "xlsx":
        body = results_xlsx(results)
    else:
        summary, findings = results_csv(results)
        body = (summary if kind == "summary_csv" else findings).encode("utf-8")
    response = HttpResponse(body, content_type=media_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Cache-Control"] = "no-store"
    return response


def _content_length(request) -> int | None:
    try:
        return int(request.META.get("CONTENT_LENGTH") or 0) or None
    except ValueError:
        return None


def page_not_found(request, exception=None):
    message = ""
    if exception is not None and exception.args and isinstance(exception.args[0], str):
        message = exception.args[0]
    return render(request, "404.html", {"message": message}, status=404)


@requires_csrf_token
def server_error(request):
    return render(request, "500.html", status=500)
