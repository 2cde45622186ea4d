"""The printed layout of a report, shared by every renderer.

Everything here is computed from the format objects — ``Table.layout``,
``Row.path``, ``Column.path``, ``Table.note``, ``Table.column_group`` and the
sections — so no renderer spells a label. A table becomes a ``Grid`` of anchor
cells with their row and column spans; each renderer writes the same grid in
its own way (tabs, ``|`` rows, ``<th rowspan>``, merged Word or Excel cells).

The three layouts:

* ``BLOCKS`` (表二): per block of rows sharing their outer path, a heading row
  spanning the table, a header row (``Table.heading_column`` and the block's
  column labels, the last one stretched to the table's width) and the rows;
* ``MATRIX`` (表三): the note in the top-left corner, the column headers
  (``Table.column_group`` over every column but the total) across, the row
  labels in as many label columns as the deepest ``Row.path``, vertically
  merged where rows share a group, the last label stretched to the figures;
* ``WIDE`` (表四): every row becomes a group of columns (``Row.path`` then
  ``Column.path``) over a single row of figures.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field

from ..figures import format_figure
from ..format import REQUESTS_TOTAL_COLUMN, Layout, Section, Table
from ..model import Report

HEADER = "header"  # a column header (th scope=col / colgroup)
ROW_HEADER = "row_header"  # a row label (th scope=row / rowgroup)
BLOCK_HEADING = "block_heading"  # a heading row inside the table (表二's item of Article 20)
CORNER = "corner"  # the top-left cell over the row labels
FIGURE = "figure"  # a figure of the report


@dataclass
class GridCell:
    text: str
    row: int
    col: int
    rowspan: int = 1
    colspan: int = 1
    role: str = FIGURE
    key: str | None = None  # the cell key of a figure
    group: bool = False  # a header over several columns / rows

    @property
    def is_header(self) -> bool:
        return self.role != FIGURE


@dataclass
class Grid:
    """A table as anchor cells on a full grid (``width`` × ``height`` slots)."""

    table: Table
    width: int
    height: int
    header_rows: int  # leading rows that are column headers (0 for BLOCKS)
    label_columns: int  # leading columns that hold row labels
    cells: list[GridCell] = field(default_factory=list)
    row_groups: list[tuple[int, int]] = field(default_factory=list)  # [start, end) of 表二's blocks

    def add(self, cell: GridCell) -> None:
        self.cells.append(cell)

    def rows(self) -> list[list[GridCell]]:
        """Anchor cells per grid row, left to right."""
        out: list[list[GridCell]] = [[] for _ in range(self.height)]
        for cell in self.cells:
            out[cell.row].append(cell)
        for row in out:
            row.sort(key=lambda c: c.col)
        return out

    def expanded(self) -> list[list[str]]:
        """Every grid slot's text: an anchor's text in its top-left slot, "" in the slots it covers."""
        slots = [[""] * self.width for _ in range(self.height)]
        for cell in self.cells:
            slots[cell.row][cell.col] = cell.text
        return slots

    def column_weights(self) -> list[float]:
        """Relative column widths from the texts of unmerged cells (long labels
        capped, since they wrap), summing to 1."""
        widths = [2.0 if c < self.label_columns else 4.0 for c in range(self.width)]
        for cell in self.cells:
            if cell.colspan == 1:
                cap = 18 if cell.role == ROW_HEADER else 6
                widths[cell.col] = max(widths[cell.col], min(len(cell.text), cap))
        if self.table.layout is Layout.WIDE:
            widths = [1.0] * self.width
        elif self.table.layout is Layout.MATRIX:  # the figure columns alike
            widest = min(max(widths[self.label_columns :]), 4.5)
            widths[self.label_columns :] = [widest] * (self.width - self.label_columns)
        total = sum(widths)
        return [w / total for w in widths]


def _span_headers(
    paths: Sequence[tuple[str, ...]], depth: int, *, transpose: bool, offset_row: int, offset_col: int, role: str
) -> Iterator[GridCell]:
    """Header cells over ``paths`` (one per leaf, from the outermost label).

    Across (``transpose`` false): level i is grid row i; adjacent leaves with
    the same path prefix share a cell spanning them, and a leaf's own label
    stretches down to the last header row. Down (``transpose`` true) is the
    same with rows and columns swapped (row labels of 表三).
    """
    for level in range(depth):
        index = 0
        while index < len(paths):
            path = paths[index]
            if level >= len(path):
                index += 1
                continue
            leaf = level == len(path) - 1
            end = index + 1
            if not leaf:
                while end < len(paths) and len(paths[end]) > level + 1 and paths[end][: level + 1] == path[: level + 1]:
                    end += 1
            span_along = end - index
            span_across = depth - level if leaf else 1
            if transpose:
                yield GridCell(
                    path[level],
                    row=offset_row + index,
                    col=offset_col + level,
                    rowspan=span_along,
                    colspan=span_across,
                    role=role,
                    group=span_along > 1,
                )
            else:
                yield GridCell(
                    path[level],
                    row=offset_row + level,
                    col=offset_col + index,
                    rowspan=span_across,
                    colspan=span_along,
                    role=role,
                    group=span_along > 1,
                )
            index = end


def table_grid(report: Report, table: Table) -> Grid:
    if table.layout is Layout.BLOCKS:
        return _blocks_grid(report, table)
    if table.layout is Layout.MATRIX:
        return _matrix_grid(report, table)
    return _wide_grid(report, table)


def _figure(
    report: Report, table: Table, row_code: str, column_code: str, r: int, c: int, colspan: int = 1
) -> GridCell:
    key = f"{table.code}.{row_code}.{column_code}"
    return GridCell(format_figure(report.cell(key)), row=r, col=c, colspan=colspan, role=FIGURE, key=key)


def _blocks_grid(report: Report, table: Table) -> Grid:
    width = 1 + max(len(row.columns) for row in table.rows)
    blocks: list[list] = []
    for row in table.rows:
        if blocks and blocks[-1][0].path[:-1] == row.path[:-1] and blocks[-1][0].columns == row.columns:
            blocks[-1].append(row)
        else:
            blocks.append([row])
    grid = Grid(table, width, 0, header_rows=0, label_columns=1)
    r = 0
    for block in blocks:
        start = r
        first = block[0]
        grid.add(GridCell(" ".join(first.path[:-1]), r, 0, colspan=width, role=BLOCK_HEADING, group=True))
        r += 1
        grid.add(GridCell(table.heading_column, r, 0, role=HEADER))
        for i, column in enumerate(first.columns):
            last = i == len(first.columns) - 1
            span = width - 1 - i if last else 1
            grid.add(GridCell(" ".join(column.path), r, 1 + i, colspan=span, role=HEADER))
        r += 1
        for row in block:
            grid.add(GridCell(row.label, r, 0, role=ROW_HEADER))
            for i, column in enumerate(row.columns):
                last = i == len(row.columns) - 1
                span = width - 1 - i if last else 1
                grid.add(_figure(report, table, row.code, column.code, r, 1 + i, span))
            r += 1
        grid.row_groups.append((start, r))
    grid.height = r
    return grid


def _matrix_grid(report: Report, table: Table) -> Grid:
    columns = table.rows[0].columns
    column_paths = [
        ((table.column_group,) if table.column_group and c.code != REQUESTS_TOTAL_COLUMN else ()) + c.path
        for c in columns
    ]
    header_rows = max(len(p) for p in column_paths)
    label_columns = max(len(row.path) for row in table.rows)
    width = label_columns + len(columns)
    height = header_rows + len(table.rows)
    grid = Grid(table, width, height, header_rows=header_rows, label_columns=label_columns)
    grid.add(GridCell(table.note, 0, 0, rowspan=header_rows, colspan=label_columns, role=CORNER))
    for cell in _span_headers(
        column_paths, header_rows, transpose=False, offset_row=0, offset_col=label_columns, role=HEADER
    ):
        grid.add(cell)
    row_paths = [row.path for row in table.rows]
    for cell in _span_headers(
        row_paths, label_columns, transpose=True, offset_row=header_rows, offset_col=0, role=ROW_HEADER
    ):
        grid.add(cell)
    for i, row in enumerate(table.rows):
        for j, column in enumerate(row.columns):
            grid.add(_figure(report, table, row.code, column.code, header_rows + i, label_columns + j))
    return grid


def _wide_grid(report: Report, table: Table) -> Grid:
    paths = [row.path + column.path for row in table.rows for column in row.columns]
    header_rows = max(len(p) for p in paths)
    grid = Grid(table, len(paths), header_rows + 1, header_rows=header_rows, label_columns=0)
    for cell in _span_headers(paths, header_rows, transpose=False, offset_row=0, offset_col=0, role=HEADER):
        grid.add(cell)
    j = 0
    for row in table.rows:
        for column in row.columns:
            grid.add(_figure(report, table, row.code, column.code, header_rows, j))
            j += 1
    return grid


# -- the document ---------------------------------------------------------------


@dataclass
class Block:
    """One piece of the document, in order: the title, a heading, a paragraph, a table."""

    kind: str  # "title", "heading", "paragraph", "table", "published"
    text: str = ""
    section: Section | None = None
    grid: Grid | None = None


def title(report: Report) -> str:
    return f"{report.agency or ''}{report.year if report.year is not None else ''}年{report.format.title_suffix}"


def section_heading(section: Section) -> str:
    return f"{section.number}、{section.title}"


def published_line(report: Report) -> str | None:
    if report.published_on is None:
        return None
    return f"发布日期：{report.published_on.isoformat()}"


def document(report: Report) -> list[Block]:
    """The report as printed: title, the six sections with their text or table, the publication date."""
    fmt = report.format
    tables = {table.number: table for table in fmt.tables}
    blocks = [Block("title", title(report))]
    for section in fmt.sections:
        blocks.append(Block("heading", section_heading(section), section=section))
        table = tables.get(section.number)
        if table is not None:
            blocks.append(Block("table", section=section, grid=table_grid(report, table)))
        text = report.sections.get(section.code)
        if text:
            for line in text.split("\n"):
                blocks.append(Block("paragraph", line, section=section))
    line = published_line(report)
    if line:
        blocks.append(Block("published", line))
    return blocks


def table_caption(grid: Grid, section: Section | None) -> str:
    """An accessible caption: 表三 followed by the section's title."""
    title_text = section.title if section is not None else ""
    return f"表{grid.table.number} {title_text}".strip()
