"""A report as Markdown: headings, paragraphs and ``|`` tables.

Markdown tables have one header row and no merged cells, so a table is
written as its full grid (annual_report.render.layout): the first grid row is
the Markdown header, merged cells are written once in their first slot.
"""

from __future__ import annotations

from ..model import Report
from .layout import document


def _cell(text: str) -> str:
    return text.replace("\\", "\\\\").replace("|", "\\|").replace("\n", " ")


def _row(cells: list[str]) -> str:
    return "| " + " | ".join(_cell(c) for c in cells) + " |"


def render_markdown(report: Report) -> str:
    out: list[str] = []
    for block in document(report):
        if block.kind == "title":
            out.append(f"# {block.text}")
        elif block.kind == "heading":
            out.append(f"## {block.text}")
        elif block.kind == "table":
            rows = block.grid.expanded()
            lines = [_row(rows[0]), "|" + "|".join(" --- " for _ in rows[0]) + "|"]
            lines.extend(_row(cells) for cells in rows[1:])
            out.append("\n".join(lines))
        else:
            out.append(block.text)
    return "\n\n".join(out) + "\n"
