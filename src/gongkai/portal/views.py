"""Public pages: thin views over selectors and the annual-report core."""

from __future__ import annotations

import logging

from django.conf import settings
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.csrf import requires_csrf_token
from django.views.decorators.http import require_http_methods

from gongkai.agencies.selectors import agency_get, agency_list_with_reports
from gongkai.annual_report import AnnualReportError
from gongkai.annual_report.render import RENDERERS
from gongkai.annual_report.render import render as render_report
from gongkai.core.errors import ApplicationError
from gongkai.core.uploads import UploadError, read_uploaded_file, too_large_error
from gongkai.reports.selectors import published_report_get, published_report_years
from gongkai.reports.services import read_report

from .forms import CheckForm
from .presentation import REPORT_CSS, download_links, report_findings, report_html

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


def report_download(request, agency_code: str, year: int, fmt: str):
    if fmt not in RENDERERS:
        raise Http404(_("不支持下载为这种格式。"))
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
    """Check one uploaded report against the format's rules. Nothing is stored."""
    context = {"max_bytes": settings.GONGKAI_MAX_UPLOAD_BYTES}
    status = 200
    if request.method == "POST":
        form, context_update, status = _check_upload(request)
        context.update(context_update)
    else:
        form = CheckForm()
    context["form"] = form
    return render(request, "portal/check.html", context, status=status)


def _check_upload(request):
    limit = settings.GONGKAI_MAX_UPLOAD_BYTES
    declared = _content_length(request)
    if declared is not None and declared > limit + 64 * 1024:  # refuse before reading the body
        return CheckForm(), {"page_error": too_large_error(declared).message}, 413
    form = CheckForm(request.POST, request.FILES)
    if not form.is_valid():
        return form, {}, 400
    try:
        upload = read_uploaded_file(form.cleaned_data["file"])
        report, upload = read_report(upload.data, upload.filename)
    except (UploadError, ApplicationError) as error:
        form.add_error("file", error.message)
        return form, {}, 400
    findings = report_findings(report)
    return (
        CheckForm(),
        {
            "checked": True,
            "upload": upload,
            "report": report,
            "report_html": report_html(report),
            "report_css": REPORT_CSS,
            "findings": findings,
        },
        200,
    )


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
