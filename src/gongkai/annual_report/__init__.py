"""The national annual report (政府信息公开工作年度报告) as pure Python.

No Django here: this package is usable alone (``gongkai report check FILE``)
and every Django app adapts to it, never the reverse.

    from gongkai.annual_report import parse_file, check, render
    report = parse_file("report.pdf")
    findings = check(report)
    docx_bytes = render(report, "docx")
"""

from __future__ import annotations

from .errors import AnnualReportError, ParseError, RenderError
from .format import CURRENT, FORMAT_2019, FORMAT_2021, FORMATS, ReportFormat, format_for_year, get_format
from .model import Cell, CellState, Report


def parse_bytes(data: bytes, filename: str | None = None) -> Report:
    """Read a report from a file's bytes, whatever its kind (sniffed, not trusted from the name)."""
    from .parse import parse_bytes as _parse

    return _parse(data, filename)


def parse_file(path) -> Report:
    from .parse import parse_file as _parse

    return _parse(path)


def check(report: Report, previous: Report | None = None, *, today=None):
    """Every finding of the format's rules on ``report`` (and across years, given ``previous``).

    ``today`` (a date) decides whether an unpublished report is already late.
    """
    from .rules import check as _check

    return _check(report, previous=previous, today=today)


def render(report: Report, to: str) -> bytes:
    """The report written as ``to``: text, md, html, json, docx, xlsx or pdf."""
    from .render import render as _render

    return _render(report, to)


__all__ = [
    "CURRENT",
    "FORMATS",
    "FORMAT_2019",
    "FORMAT_2021",
    "AnnualReportError",
    "Cell",
    "CellState",
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
