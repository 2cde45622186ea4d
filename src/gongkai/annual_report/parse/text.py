"""Reports as plain text, in the three shapes they are found in:

* a Word table saved as text: one table row a line, cells separated by tabs
  (the reference report);
* a web page's text with its tables as ``|`` rows (and our own Markdown);
* ``pdftotext -layout`` output: figures separated by runs of spaces, headers
  split vertically, labels wrapped over lines, page numbers inside tables.
"""

from __future__ import annotations

import re

from ..errors import ParseError
from ..model import Report
from .engine import Line, assemble

_MD_SEPARATOR = re.compile(r"^\s*\|?\s*:?-{2,}:?\s*(\|\s*:?-{2,}:?\s*)*\|?\s*$")


def text_to_lines(text: str) -> list[Line]:
    raw_lines = text.replace("\r\n", "\n").replace("\r", "\n").replace("\f", "\n").split("\n")
    lines: list[Line] = []
    for number, raw in enumerate(raw_lines, start=1):
        source = f"第{number}行"
        stripped = raw.strip()
        if stripped.startswith("|") and stripped.endswith("|") and len(stripped) > 1:
            if _MD_SEPARATOR.match(stripped):
                continue
            cells = [c.strip() for c in stripped[1:-1].split("|")]
            lines.append(Line(cells, source, is_table_row=True))
        elif "\t" in raw:
            lines.append(Line([c.strip() for c in raw.split("\t")], source, is_table_row=True))
        else:
            # Markdown headings (## 二、…) and emphasis are decoration, not text.
            if stripped.startswith("#"):
                raw = stripped.lstrip("#").strip()
            lines.append(Line([raw.rstrip().replace("**", "")], source, is_table_row=False))
    return lines


def parse_text(text: str, *, name: str | None = None) -> Report:
    if not text.strip():
        raise ParseError("文件是空的，没有任何内容")
    return assemble(text_to_lines(text), name=name)
