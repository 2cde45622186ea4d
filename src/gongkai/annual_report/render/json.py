"""The canonical JSON of a report (annual-report-format.md, "JSON").

Figures go where the format puts them: whole numbers as JSON numbers, amounts
as strings so that no float ever touches them. Everything else about a cell
goes under ``cells``, an optional object keyed by the cell's code, so the
figures themselves stay in the plain shape::

    "cells": {
     "requests.new.total": {"confidence": "decoded", "basis": ["T3.column_sum"],
                            "source": "第56行“260000026”拆分第7个"},
     "requests.granted.total": {"state": "missing", "confidence": "ambiguous",
                                "reason": "…有多种分法：…", "raw": "…"}
    }

The keys of a cell's entry, each written only when it says something:

``state``       ``blank``, ``not_applicable`` or ``missing`` (a printed figure has none)
``note``        a note printed inside the cell
``confidence``  how the figure was read, when not the default: ``decoded``,
                ``ocr``, ``inferred``, ``ambiguous`` (missing) — the default is
                ``exact`` for a figure and ``unread`` for a missing cell
``basis``       the rule codes whose sums chose a decoded split
``source``      where it was read (page, line, column); not written when it is
                the cell's own code (what a JSON reader records by default)
``reason``      why a missing cell is missing (for ambiguous cells it lists the candidates)
``raw``         the text printed in a missing cell, when there was any

Readers written before ``confidence``, ``basis``, ``source`` and ``raw``
existed read the same figures: they look only at ``state``, ``note`` and
``reason`` and pass over the other keys of an entry. A figure read exactly
with nothing printed around it has no entry unless its source is known, so a
report typed in by hand (or a corpus transcription) has no ``cells`` at all.
"""

from __future__ import annotations

import json
from decimal import Decimal
from typing import Any

from ..model import Cell, CellState, Confidence, Report
from ..narrative import narrative_figures


def json_value(value: int | Decimal | None) -> Any:
    if isinstance(value, Decimal):
        return str(value)
    return value


def default_confidence(state: CellState) -> Confidence:
    """The confidence a cell has when its entry names none."""
    return Confidence.UNREAD if state is CellState.MISSING else Confidence.EXACT


def cell_entry(key: str, cell: Cell) -> dict[str, Any]:
    """The entry of ``cells`` for one cell (empty when there is nothing to say)."""
    entry: dict[str, Any] = {}
    if cell.state is not CellState.VALUE:
        entry["state"] = cell.state.value
    if cell.note:
        entry["note"] = cell.note
    if cell.confidence is not default_confidence(cell.state):
        entry["confidence"] = cell.confidence.value
    if cell.basis:
        entry["basis"] = list(cell.basis)
    if cell.source and cell.source != key:
        entry["source"] = cell.source
    if cell.reason and cell.state is CellState.MISSING:
        entry["reason"] = cell.reason
    if cell.raw and cell.state is CellState.MISSING:
        entry["raw"] = cell.raw
    return entry


def report_to_dict(report: Report) -> dict[str, Any]:
    fmt = report.format
    data: dict[str, Any] = {"format": fmt.code, "agency": report.agency, "year": report.year}
    annotations: dict[str, dict[str, Any]] = {}
    for table in fmt.tables:
        rows: dict[str, dict[str, Any]] = {}
        for row in table.rows:
            rows[row.code] = {}
            for column in row.columns:
                key = f"{table.code}.{row.code}.{column.code}"
                cell = report.cell(key)
                rows[row.code][column.code] = json_value(cell.value)
                entry = cell_entry(key, cell)
                if entry:
                    annotations[key] = entry
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


_CELLS_PLACEHOLDER = "\x00cells\x00"


def render_json(report: Report) -> str:
    """The canonical JSON text: indented, with each entry of ``cells`` on one line (easy to scan and grep)."""
    data = report_to_dict(report)
    cells = data.get("cells")
    if not cells:
        return json.dumps(data, ensure_ascii=False, indent=1) + "\n"
    data["cells"] = _CELLS_PLACEHOLDER
    lines = ",\n".join(
        f"  {json.dumps(key, ensure_ascii=False)}: {json.dumps(entry, ensure_ascii=False)}"
        for key, entry in cells.items()
    )
    text = json.dumps(data, ensure_ascii=False, indent=1)
    return text.replace(json.dumps(_CELLS_PLACEHOLDER), "{\n" + lines + "\n }", 1) + "\n"
