"""The national annual report (政府信息公开工作年度报告) as pure Python.

No Django here: this package is usable alone (``gongkai report check FILE``)
and every Django app adapts to it, never the reverse.

    from gongkai.annual_report import parse_file, check, render
    report = parse_file("report.pdf")
    findings = check(report)
    docx_bytes = render(report, "docx")
"""

from __future__ import annotations

# The subpackages are imported before the functions of the same purpose are
# defined, so that ``gongkai.annual_report.render`` stays the function below and
# is never replaced by the ``render`` subpackage when a renderer is imported.
from . import parse as _parse_package
from . import render as _render_package
from .errors import AnnualReportError, ParseError, RenderError
from .format import CURRENT, FORMAT_2019, FORMAT_2021, FORMATS, ReportFormat, format_for_year, get_format
from .model import Cell, CellState, Confidence, Report


def parse_bytes(data: bytes, filename: str | None = None) -> Report:
    """Read a report from a file's bytes, whatever its kind (sniffed, not trusted from the name)."""
    return _parse_package.parse_bytes(data, filename)


def parse_file(path) -> Report:
    return _parse_package.parse_file(path)


def check(report: Report, previous: Report | None = None, *, today=None):
    """Every finding of the format's rules on ``report`` (and across years, given ``previous``).

    ``today`` (a date) decides whether an unpublished report is already late.
    """
    from .rules import check as _check

    return _check(report, previous=previous, today=today)


def render(report: Report, to: str) -> bytes:
    """The report written as ``to``: text, md, html, json, docx, xlsx or pdf."""
    return _render_package.render(report, to)


__all__ = [
    "CURRENT",
    "FORMATS",
    "FORMAT_2019",
    "FORMAT_2021",
    "AnnualReportError",
    "Cell",
    "CellState",
    "Confidence",
    "ParseError",
    "RenderError",
    "Report",
    "ReportFormat",
    "check",
    "format_for_year",
    "get_format",
    "parse_bytes",
    "parse_file",
    "render",
]
