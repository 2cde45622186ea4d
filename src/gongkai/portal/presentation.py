"""How a ``Report`` and its findings are shown on a page. Every label comes from the format objects."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from gongkai.annual_report import Report, check
from gongkai.annual_report.render import RENDERERS
from gongkai.annual_report.render.html import REPORT_CSS as _REPORT_CSS
from gongkai.annual_report.render.html import render_html_fragment

SEVERITY_LABELS = {
    "error": gettext_lazy("错误"),
    "warning": gettext_lazy("提醒"),
    "not_checked": gettext_lazy("未核对"),
}
FORMAT_NAMES = {
    "text": gettext_lazy("纯文本"),
    "md": "Markdown",
    "html": gettext_lazy("网页"),
    "json": "JSON",
    "docx": "Word",
    "xlsx": "Excel",
    "pdf": "PDF",
}


@dataclass(frozen=True)
class FindingView:
    rule: str
    severity: str
    severity_label: str
    table: str
    row: str
    column: str
    expected: str
    actual: str
    message: str


@dataclass(frozen=True)
class DownloadLink:
    code: str
    name: str
    suffix: str


def _text(value: Any) -> str:
    if value is None:
        return ""
    return str(value)


def _labels(report: Report, table: str | None, row: str | None, column: str | None) -> tuple[str, str, str]:
    """Printed labels for the codes of a finding's location (table number, row path, column path)."""
    fmt = report.format
    table_label, row_label, column_label = _text(table), _text(row), _text(column)
    if not table:
        return table_label, row_label, column_label
    try:
        spec = fmt.table(table)
    except KeyError:
        return table_label, row_label, column_label
    table_label = _("表%(number)s") % {"number": spec.number}
    if row:
        try:
            row_spec = spec.row(row)
        except KeyError:
            return table_label, row_label, column_label
        row_label = row_spec.full_label
        if column:
            for col in row_spec.columns:
                if col.code == column:
                    column_label = " ".join(col.path)
                    break
    elif column:
        for row_spec in spec.rows:
            for col in row_spec.columns:
                if col.code == column:
                    return table_label, row_label, " ".join(col.path)
    return table_label, row_label, column_label


def finding_views(report: Report, findings) -> list[FindingView]:
    views = []
    for finding in findings:
        severity = _text(getattr(finding, "severity", ""))
        table, row, column = _labels(
            report, getattr(finding, "table", None), getattr(finding, "row", None), getattr(finding, "column", None)
        )
        views.append(
            FindingView(
                rule=_text(getattr(finding, "rule", "")),
                severity=severity,
                severity_label=str(SEVERITY_LABELS.get(severity, severity)),
                table=table,
                row=row,
                column=column,
                expected=_text(getattr(finding, "expected", "")),
                actual=_text(getattr(finding, "actual", "")),
                message=_text(getattr(finding, "message", "")),
            )
        )
    return views


@dataclass(frozen=True)
class FindingsSummary:
    problems: list[FindingView]  # errors first, then warnings
    not_checked: list[FindingView]  # rules that could not run (no previous year, no date…)

    @property
    def error_count(self) -> int:
        return sum(1 for f in self.problems if f.severity == "error")

    @property
    def warning_count(self) -> int:
        return sum(1 for f in self.problems if f.severity != "error")

    @property
    def rules(self) -> set[str]:
        return {f.rule for f in self.problems}


def report_findings(report: Report, previous: Report | None = None) -> FindingsSummary:
    views = finding_views(report, check(report, previous=previous))
    problems = [f for f in views if f.severity != "not_checked"]
    problems.sort(key=lambda f: f.severity != "error")
    return FindingsSummary(problems, [f for f in views if f.severity == "not_checked"])


def report_html(report: Report) -> SafeString:
    """The report's body (title, narrative and tables) by the core's own HTML renderer."""
    return mark_safe(render_html_fragment(report))


REPORT_CSS = mark_safe(_REPORT_CSS)


def download_links() -> list[DownloadLink]:
    return [
        DownloadLink(code, str(FORMAT_NAMES.get(code, code)), suffix)
        for code, (_m, _f, _t, suffix) in RENDERERS.items()
    ]


def frozen_article(html: str) -> SafeString:
    """The report's ``<article>`` inside a frozen HTML file, as it was frozen (the page embeds it)."""
    start = html.find("<article")
    end = html.rfind("</article>")
    if start < 0 or end < start:
        return mark_safe("")
    return mark_safe(html[start : end + len("</article>")])


def frozen_download_links(version) -> list[DownloadLink]:
    """The frozen files of a published version, in the order of ``RENDERERS``."""
    kinds = {f.kind for f in version.files.all()}
    return [link for link in download_links() if link.code in kinds]
