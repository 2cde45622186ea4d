"""How a ``Report`` and its findings are shown on a page. Every label comes from the format objects."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from typing import Any

from django.utils.html import format_html_join
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from gongkai.annual_report import Report, check
from gongkai.annual_report.render import RENDERERS

logger = logging.getLogger(__name__)

SEVERITY_LABELS = {"error": gettext_lazy("错误"), "warning": gettext_lazy("提醒")}
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


def report_findings(report: Report) -> list[FindingView]:
    return finding_views(report, check(report))


def report_tables_html(report: Report) -> SafeString:
    """The report's tables as HTML, by the core's own HTML renderer."""
    try:
        from gongkai.annual_report.render.html import render_html_fragment
    except ImportError:  # the renderer is still being written: a plain table per table from the format
        return _fallback_tables_html(report)
    return mark_safe(render_html_fragment(report))


def _fallback_tables_html(report: Report) -> SafeString:
    parts = []
    for table in report.format.tables:
        rows = format_html_join(
            "",
            "<tr><th scope='row'>{}</th><td>{}</td><td>{}</td></tr>",
            (
                (row.full_label, " ".join(col.path), _text(report.value(f"{table.code}.{row.code}.{col.code}")))
                for row in table.rows
                for col in row.columns
            ),
        )
        parts.append(
            f"<table class='report-table'><caption>{_('表')}{table.number}</caption><tbody>{rows}</tbody></table>"
        )
    return mark_safe("".join(parts))


def report_sections(report: Report) -> list[tuple[str, str, str]]:
    """(number, title, text) of the narrative sections the report has."""
    out = []
    for section in report.format.sections:
        text = report.sections.get(section.code)
        if text:
            out.append((section.number, section.title, text))
    return out


def download_links() -> list[DownloadLink]:
    return [
        DownloadLink(code, str(FORMAT_NAMES.get(code, code)), suffix)
        for code, (_m, _f, _t, suffix) in RENDERERS.items()
    ]
