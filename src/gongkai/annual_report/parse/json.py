"""Reading the canonical JSON back into a ``Report``.

Strict about shape (an unknown table, row or column is an error: it is a typo
or another format), lenient about figures in the way every parser is: a figure
that cannot be read becomes a missing cell with the reason.

How each cell was read (``confidence``, ``basis``, ``source``, ``raw`` under
``cells``, described in render/json.py) comes back as it was written; a cell
whose entry names no source records its own code as the place it was read.
JSON written before those keys existed reads as before: every figure exact.
"""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import date
from decimal import Decimal
from typing import Any

from ..errors import ParseError
from ..figures import read_figure
from ..format import ValueKind, get_format
from ..model import Cell, CellState, Confidence, Report

_TOP_KEYS = {"format", "agency", "year", "sections", "cells", "published_on", "narrative_figures"}
_SECTION_KEYS = {"overview", "problems", "other_matters"}
_MISSING_ONLY = {Confidence.AMBIGUOUS, Confidence.UNREAD}  # the confidences of a cell with no figure


def _read_value(value: Any, kind: ValueKind, where: str) -> Cell:
    if value is None:
        return Cell.missing("值为空（null）", source=where)
    if isinstance(value, bool):
        return Cell.missing(f"“{value}”不是一个数字", raw=str(value), source=where)
    if isinstance(value, int):
        return Cell(Decimal(value) if kind is ValueKind.AMOUNT else value, source=where, raw=str(value))
    if isinstance(value, float):
        return read_figure(repr(value), kind, source=where)
    if isinstance(value, str):
        return read_figure(value, kind, source=where)
    return Cell.missing(f"“{value!r}”不是一个数字", source=where)


def report_from_dict(data: Any) -> Report:
    if not isinstance(data, dict):
        raise ParseError("JSON 的最外层应为对象（{…}），不是一个年度报告")
    try:
        fmt = get_format(data.get("format", "2021"))
    except ValueError as exc:
        raise ParseError(str(exc)) from None
    unknown = set(data) - _TOP_KEYS - {t.code for t in fmt.tables}
    if unknown:
        raise ParseError(f"JSON 中有不属于 {fmt.code} 年格式的项：{', '.join(sorted(unknown))}")
    if not any(t.code in data for t in fmt.tables):
        raise ParseError("JSON 中没有任何表格（proactive、requests、appeals），不是一个年度报告")

    year = data.get("year")
    if year is not None and (isinstance(year, bool) or not isinstance(year, int) or not 1990 <= year <= 2100):
        raise ParseError(f"年度“{year}”不是一个有效的年份")
    agency = data.get("agency")
    if agency is not None and not isinstance(agency, str):
        raise ParseError("机关名称（agency）应为文字")

    annotations = data.get("cells") or {}
    if not isinstance(annotations, dict):
        raise ParseError("cells 应为对象")

    cells: dict[str, Cell] = {}
    for table in fmt.tables:
        rows = data.get(table.code, {})
        if not isinstance(rows, dict):
            raise ParseError(f"{table.code} 应为对象")
        known_rows = {r.code for r in table.rows}
        extra = set(rows) - known_rows
        if extra:
            raise ParseError(f"表{table.number}（{table.code}）中有未知的行：{', '.join(sorted(extra))}")
        for row in table.rows:
            columns = rows.get(row.code, {})
            if not isinstance(columns, dict):
                raise ParseError(f"{table.code}.{row.code} 应为对象")
            extra = set(columns) - {c.code for c in row.columns}
            if extra:
                raise ParseError(f"{table.code}.{row.code} 中有未知的列：{', '.join(sorted(extra))}")
            for column in row.columns:
                key = f"{table.code}.{row.code}.{column.code}"
                if column.code in columns:
                    cell = _read_value(columns[column.code], column.kind, key)
                else:
                    cell = Cell.missing("JSON 中没有这一项", source=key)
                cells[key] = _annotate(cell, annotations.get(key), key)
    unknown_cells = set(annotations) - set(cells)
    if unknown_cells:
        raise ParseError(f"cells 中有未知的格：{', '.join(sorted(unknown_cells))}")

    sections = data.get("sections") or {}
    if not isinstance(sections, dict) or not all(isinstance(v, str) for v in sections.values()):
        raise ParseError("sections 应为“名称: 文字”的对象")
    extra = set(sections) - _SECTION_KEYS
    if extra:
        raise ParseError(f"sections 中有未知的部分：{', '.join(sorted(extra))}")

    published_on = data.get("published_on")
    if published_on is not None:
        try:
            published_on = date.fromisoformat(published_on)
        except (TypeError, ValueError):
            raise ParseError(f"发布日期“{published_on}”不是 YYYY-MM-DD 格式的日期") from None

    return Report(format=fmt, year=year, agency=agency, cells=cells, sections=dict(sections), published_on=published_on)


def _annotate(cell: Cell, entry: Any, key: str) -> Cell:
    """The cell as its entry under ``cells`` describes it (see render/json.py for the keys)."""
    if entry is None:
        return cell
    if not isinstance(entry, dict):
        raise ParseError(f"cells.{key} 应为对象")
    state = entry.get("state")
    if state == CellState.BLANK and cell.value in (0, None):
        cell = Cell.blank(raw="", source=key)
    elif state == CellState.NOT_APPLICABLE:
        cell = Cell.not_applicable(source=key)
    elif state == CellState.MISSING:
        cell = Cell.missing(entry.get("reason") or cell.reason or "原报告中无法读取", source=key)
    elif state not in (None, CellState.VALUE, CellState.BLANK):
        raise ParseError(f"cells.{key}.state“{state}”无效")
    if entry.get("note") and cell.is_number:
        cell = replace(cell, note=str(entry["note"]))
    return _provenance(cell, entry, key)


def _provenance(cell: Cell, entry: dict, key: str) -> Cell:
    """How the cell was read: confidence, basis, source and the raw text, when the entry says."""
    changes: dict[str, Any] = {}
    confidence = entry.get("confidence")
    if confidence is not None:
        try:
            changes["confidence"] = Confidence(confidence)
        except ValueError:
            raise ParseError(f"cells.{key}.confidence“{confidence}”无效") from None
        if changes["confidence"] in _MISSING_ONLY and cell.state is not CellState.MISSING:
            raise ParseError(f"cells.{key}.confidence“{confidence}”只用于没有读到数字的格，而这一格有数字")
    basis = entry.get("basis")
    if basis is not None:
        if not isinstance(basis, list) or not all(isinstance(code, str) for code in basis):
            raise ParseError(f"cells.{key}.basis 应为规则代码的列表")
        changes["basis"] = tuple(basis)
    for name in ("source", "raw"):
        value = entry.get(name)
        if value is not None:
            if not isinstance(value, str):
                raise ParseError(f"cells.{key}.{name} 应为文字")
            changes[name] = value
    return replace(cell, **changes) if changes else cell


def parse_json(text: str) -> Report:
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise ParseError(f"不是有效的 JSON：第 {exc.lineno} 行第 {exc.colno} 列，{exc.msg}") from None
    return report_from_dict(data)
