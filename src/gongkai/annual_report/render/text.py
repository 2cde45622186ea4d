"""A report as plain text, in the shape of a Word document saved as text.

One paragraph a line; one table row a line with its cells separated by tabs,
merged cells written once in their first slot and left empty in the slots
they cover (the layout of the reference report).
"""

from __future__ import annotations

from ..model import Report
from .layout import document


def render_text(report: Report) -> str:
    out: list[str] = []
    previous = None
    for block in document(report):
        if block.kind == "table":
            out.append("")
            out.extend("\t".join(cells) for cells in block.grid.expanded())
        elif block.kind == "paragraph" and previous == "paragraph":
            out.append(block.text)
        else:
            out.append("")
            out.append(block.text)
        previous = block.kind
    return "\n".join(out).lstrip("\n") + "\n"
