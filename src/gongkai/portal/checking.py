"""The public "check a report" page's work: uploads → batch audit → what the page shows.

Several files or a ZIP archive are audited by ``gongkai.annual_report.batch``
(in this process, within the upload limits). Each report is shown with its
findings and with its tables, the cells a finding is about highlighted.
Results travel to the CSV/XLSX downloads in a signed, compressed token inside
the page's form (nothing uploaded, and no result, is stored on the server).
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass, field
from html import escape

from django.conf import settings
from django.core import signing
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from gongkai.annual_report import Report
from gongkai.annual_report.batch import (
    UNREADABLE,
    Limits,
    ReportResult,
    Source,
    archive_sources,
    audit_sources,
    is_archive,
)
from gongkai.annual_report.render.html import render_html_fragment
from gongkai.core.uploads import UploadError, sniff, too_large_error

from .confidence import ReadingSummary, mark_readings, reading_summary
from .presentation import FindingsSummary, finding_views

logger = logging.getLogger(__name__)

TOKEN_SALT = "gongkai.portal.check.results"
TOKEN_MAX_AGE = 60 * 60  # seconds a results page can be downloaded from
MAX_REPORTS = 200  # files checked from one request (archive members included)
SEVERITY_ORDER = {"error": 0, "warning": 1}
FIGURE_CELL = re.compile(r'<td class="gk-ar-figure"([^>]*) data-key="([^"]*)">')


def check_limits() -> Limits:
    """Limits for one request: a file as large as an upload may be; an archive unpacks to at most ten."""
    per_file = int(settings.GONGKAI_MAX_UPLOAD_BYTES)
    return Limits(
        max_file_bytes=per_file,
        max_archive_members=MAX_REPORTS,
        max_unpacked_bytes=getattr(settings, "GONGKAI_CHECK_MAX_UNPACKED_BYTES", 10 * per_file),
        seconds_per_file=60.0,
    )


def max_total_bytes() -> int:
    """All files of one request together (by default the single-upload limit: zip them to send more)."""
    return int(getattr(settings, "GONGKAI_CHECK_MAX_TOTAL_BYTES", settings.GONGKAI_MAX_UPLOAD_BYTES))


@dataclass
class CheckedReport:
    """One report (or unreadable file) as the page shows it."""

    number: int
    result: ReportResult
    report: Report | None = None
    findings: FindingsSummary | None = None
    tables_html: SafeString | None = None
    marked: dict[str, str] = field(default_factory=dict)  # finding anchor → cell id
    readings: ReadingSummary | None = None  # how its figures were read

    @property
    def name(self) -> str:
        return self.result.name

    @property
    def readable(self) -> bool:
        return self.result.status != UNREADABLE

    @property
    def reason(self) -> str:
        return self.result.reason or ""

    @property
    def anchor(self) -> str:
        return f"report-{self.number}"


@dataclass(frozen=True)
class FindingLink:
    """A finding row of the page, with the id of the cell it highlights (if any)."""

    view: object
    cell_id: str | None

    def __getattr__(self, name):
        if name == "view" or name.startswith("__"):  # not set yet (copy, pickle): no recursion
            raise AttributeError(name)
        return getattr(self.view, name)


def read_uploads(files) -> list[Source]:
    """Sources for the audit from Django uploaded files: each within the limit, ZIP archives expanded."""
    limits = check_limits()
    sources: list[Source] = []
    for uploaded in files:
        name = _base_name(getattr(uploaded, "name", "") or "")
        try:
            data = _read(uploaded, limits.max_file_bytes)
        except UploadError as error:
            sources.append(Source(name, error=str(error.message)))
            continue
        if is_archive(data):
            import io

            for member in archive_sources(io.BytesIO(data), name, limits):
                sources.append(_sniffed(member))
        else:
            sources.append(_sniffed(Source(name, data=data, size=len(data))))
        if len(sources) > MAX_REPORTS:
            sources = sources[:MAX_REPORTS]
            sources.append(
                Source(_("（其余文件）"), error=_("一次最多检查 %(n)d 份报告，其余文件未检查。") % {"n": MAX_REPORTS})
            )
            break
    return sources


def _base_name(name: str) -> str:
    return name.rsplit("/", 1)[-1].rsplit("\\", 1)[-1][:200]


def _read(uploaded, limit: int) -> bytes:
    declared = getattr(uploaded, "size", None)
    if declared is not None and declared > limit:
        raise too_large_error(declared)
    chunks = []
    size = 0
    for chunk in uploaded.chunks():
        size += len(chunk)
        if size > limit:
            raise too_large_error()
        chunks.append(chunk)
    return b"".join(chunks)


def _sniffed(source: Source) -> Source:
    """The same checks of kind and integrity as a single upload (clear messages for pictures, old Office …)."""
    if source.error or source.data is None:
        return source
    try:
        sniff(source.data, source.name, max_bytes=check_limits().max_file_bytes)
    except UploadError as error:
        return Source(source.name, size=source.size, error=str(error.message))
    return source


def audit(sources: list[Source]) -> list[CheckedReport]:
    """Every source audited (cross-year findings included) and prepared for the page."""
    checked = []
    for number, result in enumerate(audit_sources(sources, jobs=1, limits=check_limits(), keep_reports=True), start=1):
        if result.crashed:
            logger.error("parser failed on an uploaded file (%s): %s", result.kind, result.reason)
            result.reason = _("文件内容与年度报告的格式不符，或文件已损坏。")
        elif result.status == UNREADABLE and result.kind is not None:
            result.reason = _("无法读取这份年度报告：%(reason)s") % {"reason": result.reason}
        checked.append(_prepare(number, result))
    return checked


def _prepare(number: int, result: ReportResult) -> CheckedReport:
    item = CheckedReport(number, result, report=result.report)
    result.report = None  # the page holds it; the token never does
    if item.report is None:
        return item
    views = finding_views(item.report, result.findings)
    html, cell_ids = mark_cells(render_html_fragment(item.report), result.findings, prefix=item.anchor)
    html, reading_ids = mark_readings(html, item.report, prefix=item.anchor)
    item.tables_html = mark_safe(html)
    item.readings = reading_summary(item.report, cell_ids=reading_ids)
    links = [
        FindingLink(view, cell_ids.get(finding.key or "")) for view, finding in zip(views, result.findings, strict=True)
    ]
    problems = [link for link in links if link.severity != "not_checked"]
    problems.sort(key=lambda link: SEVERITY_ORDER.get(link.severity, 2))
    item.findings = FindingsSummary(problems, [link for link in links if link.severity == "not_checked"])
    return item


def mark_cells(fragment: str, findings, *, prefix: str) -> tuple[str, dict[str, str]]:
    """The fragment with every figure cell a finding is about highlighted, and finding key → first cell id.

    The renderer names each figure cell by ``data-key="table.row.column"``. A finding's
    key is a cell, a row (``table.row``), a column (``table.*.column``) or a table;
    every cell it covers gets ``gk-flag`` and its severity, an id to link to, and a
    line for screen readers.
    """
    flags: dict[str, tuple[str, list[str]]] = {}  # cell key → (worst severity, rules)
    keys = [f.key for f in findings if f.key and f.severity in SEVERITY_ORDER]
    severity_of = {}
    for finding in findings:
        if finding.key and finding.severity in SEVERITY_ORDER:
            current = severity_of.get(finding.key)
            if current is None or SEVERITY_ORDER[finding.severity] < SEVERITY_ORDER[current]:
                severity_of[finding.key] = finding.severity
    cell_ids: dict[str, str] = {}

    def covers(finding_key: str, cell_key: str) -> bool:
        if finding_key == cell_key:
            return True
        parts, cell = finding_key.split("."), cell_key.split(".")
        if len(parts) == 2:  # table.row
            return cell_key.startswith(finding_key + ".")
        if len(parts) == 3 and parts[1] == "*":  # table.*.column
            return cell[0] == parts[0] and cell[-1] == parts[2]
        return False

    def replace(match: re.Match) -> str:
        attrs, cell_key = match.group(1), match.group(2)
        hits = [k for k in keys if covers(k, cell_key)]
        if not hits:
            return match.group(0)
        worst = min((severity_of[k] for k in hits), key=lambda s: SEVERITY_ORDER[s])
        rules = sorted({f.rule for f in findings if f.key in hits})
        flags[cell_key] = (worst, rules)
        cell_id = f"{prefix}-{cell_key}".replace(".", "-").replace("*", "all")
        for k in hits:
            cell_ids.setdefault(k, cell_id)
        return (
            f'<td class="gk-ar-figure gk-flag gk-flag-{worst}"{attrs} data-key="{escape(cell_key)}" '
            f'id="{escape(cell_id)}" data-rules="{escape(" ".join(rules))}" tabindex="-1">'
        )

    html = FIGURE_CELL.sub(replace, fragment)
    return html, cell_ids


# -- downloads -----------------------------------------------------------------


def results_token(checked: list[CheckedReport]) -> str:
    payload = [item.result.to_dict() for item in checked]
    return signing.dumps(payload, salt=TOKEN_SALT, compress=True)


def results_from_token(token: str) -> list[ReportResult]:
    """The results a page was made from; raises ``signing.BadSignature`` (or ``SignatureExpired``)."""
    payload = signing.loads(token, salt=TOKEN_SALT, max_age=TOKEN_MAX_AGE)
    if not isinstance(payload, list):
        raise signing.BadSignature("not a list of results")
    return [ReportResult.from_dict(item, index) for index, item in enumerate(payload) if isinstance(item, dict)]
