"""The printed grid of every table, computed from the format objects."""

from __future__ import annotations

import pytest
from hypothesis import given, settings

from gongkai.annual_report.format import FORMAT_2019, FORMAT_2021, Layout
from gongkai.annual_report.model import Report
from gongkai.annual_report.render.layout import (
    CORNER,
    FIGURE,
    HEADER,
    ROW_HEADER,
    document,
    published_line,
    section_heading,
    table_grid,
    title,
)

from .strategies import annotated_reports, reports_2019


def covering(grid) -> list[list[int]]:
    counts = [[0] * grid.width for _ in range(grid.height)]
    for cell in grid.cells:
        for r in range(cell.row, cell.row + cell.rowspan):
            for c in range(cell.col, cell.col + cell.colspan):
                counts[r][c] += 1
    return counts


@pytest.mark.parametrize("fmt", [FORMAT_2021, FORMAT_2019], ids=lambda f: f.code)
def test_every_grid_is_tiled_exactly_once(fmt):
    report = Report.zero(fmt)
    for table in fmt.tables:
        grid = table_grid(report, table)
        assert covering(grid) == [[1] * grid.width for _ in range(grid.height)], table.code
        assert all(len(row) == grid.width for row in grid.expanded())


@pytest.mark.parametrize("fmt", [FORMAT_2021, FORMAT_2019], ids=lambda f: f.code)
def test_every_figure_appears_once_in_its_place(fmt):
    report = Report.zero(fmt)
    keys = [cell.key for table in fmt.tables for cell in table_grid(report, table).cells if cell.role == FIGURE]
    assert keys == fmt.cell_keys()


def test_requests_grid_has_three_label_columns_and_seven_figures():
    table = FORMAT_2021.table("requests")
    grid = table_grid(Report.zero(), table)
    columns = table.rows[0].columns
    depth = max(len(r.path) for r in table.rows)
    assert (grid.width, grid.label_columns, grid.header_rows) == (depth + len(columns), depth, 3)
    assert grid.width == 10
    corner = next(c for c in grid.cells if c.role == CORNER)
    assert (corner.text, corner.rowspan, corner.colspan) == (table.note, 3, depth)
    group = next(c for c in grid.cells if c.text == table.column_group)
    assert (group.row, group.colspan) == (0, len(columns) - 1)
    total = next(c for c in grid.cells if c.role == HEADER and c.col == grid.width - 1)
    assert (total.text, total.rowspan) == (columns[-1].label, 3)
    # the outer group label spans every row that shares it, from its first row
    outer = table.rows[2].path[0]
    sharing = [r for r in table.rows if r.path[0] == outer]
    label = next(c for c in grid.cells if c.role == ROW_HEADER and c.text == outer)
    assert label.rowspan == len(sharing)
    # a row label shorter than the deepest path stretches over the remaining label columns
    first = next(c for c in grid.cells if c.role == ROW_HEADER and c.text == table.rows[0].label)
    assert first.colspan == depth


def test_appeals_grid_is_fifteen_figures_under_three_header_rows():
    table = FORMAT_2021.table("appeals")
    grid = table_grid(Report.zero(), table)
    assert table.layout is Layout.WIDE
    assert (grid.width, grid.height, grid.header_rows) == (15, 4, 3)
    first = table.rows[0]
    group = next(c for c in grid.cells if c.text == first.path[0])
    assert (group.row, group.colspan, group.rowspan) == (0, len(first.columns), 1)
    leaf = next(c for c in grid.cells if c.row == 1 and c.col == 0)
    assert (leaf.text, leaf.rowspan) == (first.columns[0].label, 2)


def test_proactive_blocks_have_heading_header_and_rows():
    table = FORMAT_2021.table("proactive")
    grid = table_grid(Report.zero(), table)
    rows = grid.expanded()
    assert rows[0][0] == table.rows[0].path[0] and rows[0][1:] == [""] * (grid.width - 1)
    assert rows[1] == [table.heading_column, *(c.label for c in table.rows[0].columns)]
    assert rows[2] == [table.rows[0].label, "0", "0", "0"]


def test_document_order_and_lines():
    report = Report.zero(year=2023, agency="某局", sections={"overview": "甲。\n乙。", "other_matters": "丙。"})
    blocks = document(report)
    assert blocks[0].text == title(report) == f"某局2023年{FORMAT_2021.title_suffix}"
    headings = [b.text for b in blocks if b.kind == "heading"]
    assert headings == [section_heading(s) for s in FORMAT_2021.sections]
    assert [b.text for b in blocks if b.kind == "paragraph"] == ["甲。", "乙。", "丙。"]
    assert [b.grid.table.number for b in blocks if b.kind == "table"] == [t.number for t in FORMAT_2021.tables]
    assert published_line(report) is None


@settings(max_examples=30, deadline=None)
@given(annotated_reports() | annotated_reports(reports_2019()))
def test_grids_tile_for_any_report(report):
    for table in report.format.tables:
        grid = table_grid(report, table)
        assert covering(grid) == [[1] * grid.width for _ in range(grid.height)]
        weights = grid.column_weights()
        assert len(weights) == grid.width and abs(sum(weights) - 1) < 1e-9
