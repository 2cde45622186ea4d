"""The canonical JSON of a report (annual-report-format.md, "JSON").

Figures go where the format puts them: whole numbers as JSON numbers, amounts
as strings so that no float ever touches them. How a cell was printed (blank,
"not applicable", missing) and any note inside it go under ``cells``, keyed by
the cell's code, so the figures themselves stay in the plain shape.
"""

from __future__ import annotations

import json
from decimal import Decimal
from typing import Any

from ..model import CellState, Report
from ..narrative import narrative_figures


def json_value(value: int | Decimal | None) -> Any:
    if isinstance(value, Decimal):
        return str(value)
    return value


def report_to_dict(report: Report) -> dict[str, Any]:
    fmt = report.format
    data: dict[str, Any] = {"format": fmt.code, "agency": report.agency, "year": report.year}
    annotations: dict[str, dict[str, str]] = {}
    for table in fmt.tables:
        rows: dict[str, dict[str, Any]] = {}
        for row in table.rows:
            rows[row.code] = {}
            for column in row.columns:
                key = f"{table.code}.{row.code}.{column.code}"
                cell = report.cell(key)
                rows[row.code][column.code] = json_value(cell.value)
                note: dict[str, str] = {}
                if cell.state is not CellState.VALUE:
                    note["state"] = cell.state.value
                if cell.note:
                    note["note"] = cell.note
                if cell.reason and cell.state is CellState.MISSING:
                    note["reason"] = cell.reason
                if note:
                    annotations[key] = note
        data[table.code] = rows
    data["sections"] = dict(report.sections)
    if annotations:
        data["cells"] = annotations
    if report.published_on:
        data["published_on"] = report.published_on.isoformat()
    figures = narrative_figures(report.sections.get("overview", ""), fmt)
    if figures:
        data["narrative_figures"] = {k: json_value(v) for k, v in figures.items()}
    return data


def render_json(report: Report) -> str:
    return json.dumps(report_to_dict(report), ensure_ascii=False, indent=1) + "\n"
