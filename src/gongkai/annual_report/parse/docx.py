"""Reading a report from a Word document (.docx).

The body is walked in order — paragraphs and tables interleaved, content
controls opened — straight from the WordprocessingML, so that merged cells
are read as Word stores them: a horizontal merge is one ``w:tc`` with
``w:gridSpan``, a vertical merge a ``w:vMerge`` restart followed by
continuation cells. Each table row becomes a line of its full grid width, the
text of a merged cell in its first slot and "" in the slots it covers.
"""

from __future__ import annotations

import io
import zipfile

from ..errors import ParseError
from ..model import Report
from .engine import Line, assemble

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def _attr(element, name: str) -> str | None:
    return element.get(f"{W}{name}")


def _text(element, *, breaks: str) -> str:
    """The visible text under ``element``: runs' text, tabs as spaces, deleted text left out."""
    out: list[str] = []

    def walk(node) -> None:
        tag = node.tag
        if tag in (f"{W}del", f"{W}moveFrom"):
            return
        if tag == f"{W}t":
            out.append(node.text or "")
        elif tag in (f"{W}tab", f"{W}ptab"):
            out.append(" ")
        elif tag in (f"{W}br", f"{W}cr"):
            out.append(breaks)
        elif tag == f"{W}noBreakHyphen":
            out.append("-")
        elif tag == f"{W}sym":
            char = _attr(node, "char")
            if char:
                try:
                    out.append(chr(int(char, 16)))
                except ValueError:
                    pass
        for child in node:
            walk(child)

    walk(element)
    return "".join(out)


def _cell_text(tc) -> str:
    parts = []
    for child in tc:
        if child.tag == f"{W}p":
            parts.append(_text(child, breaks=""))
        elif child.tag in (f"{W}tbl", f"{W}sdt", f"{W}customXml"):
            parts.append(_text(child, breaks=""))
    return " ".join(" ".join(p.split()) for p in parts if p.strip())


def _int(value: str | None, default: int) -> int:
    try:
        return int(value) if value is not None else default
    except ValueError:
        return default


def _table_rows(tbl) -> list[list[str]]:
    rows: list[list[str]] = []
    for tr in tbl.iter(f"{W}tr"):
        if tr.getparent() is not tbl and tr.getparent().getparent() is not tbl:
            continue  # a row of a nested table
        cells: list[str] = []
        tr_pr = tr.find(f"{W}trPr")
        before = tr_pr.find(f"{W}gridBefore") if tr_pr is not None else None
        cells.extend([""] * _int(_attr(before, "val") if before is not None else None, 0))
        for tc in _row_cells(tr):
            tc_pr = tc.find(f"{W}tcPr")
            span, continued = 1, False
            if tc_pr is not None:
                grid_span = tc_pr.find(f"{W}gridSpan")
                if grid_span is not None:
                    span = max(1, _int(_attr(grid_span, "val"), 1))
                v_merge = tc_pr.find(f"{W}vMerge")
                if v_merge is not None and _attr(v_merge, "val") in (None, "continue"):
                    continued = True
            cells.append("" if continued else _cell_text(tc))
            cells.extend([""] * (span - 1))
        rows.append(cells)
    width = max((len(r) for r in rows), default=0)
    return [r + [""] * (width - len(r)) for r in rows]


def _row_cells(tr) -> list:
    out = []
    for child in tr:
        if child.tag == f"{W}tc":
            out.append(child)
        elif child.tag in (f"{W}sdt", f"{W}customXml"):  # cells inside a content control
            content = child.find(f"{W}sdtContent") if child.tag == f"{W}sdt" else child
            if content is not None:
                out.extend(c for c in content if c.tag == f"{W}tc")
    return out


class _Walker:
    def __init__(self) -> None:
        self.lines: list[Line] = []
        self.paragraphs = 0
        self.tables = 0

    def block(self, element) -> None:
        tag = element.tag
        if tag == f"{W}p":
            for text in _text(element, breaks="\n").split("\n"):
                text = " ".join(text.split())
                if text:
                    self.paragraphs += 1
                    self.lines.append(Line([text], f"段落{self.paragraphs}"))
        elif tag == f"{W}tbl":
            if element.find(f".//{W}tc/{W}tbl") is not None:
                for tc in element.iter(f"{W}tc"):  # a layout table: its cells are ordinary content
                    if tc.getparent().getparent() is element:
                        for child in tc:
                            self.block(child)
                return
            self.tables += 1
            for index, cells in enumerate(_table_rows(element), start=1):
                self.lines.append(Line(cells, f"表格{self.tables}第{index}行", is_table_row=True))
        elif tag == f"{W}sdt":
            content = element.find(f"{W}sdtContent")
            if content is not None:
                for child in content:
                    self.block(child)
        elif tag == f"{W}customXml":
            for child in element:
                self.block(child)


def docx_to_lines(data: bytes) -> list[Line]:
    from docx import Document
    from docx.opc.exceptions import PackageNotFoundError

    try:
        doc = Document(io.BytesIO(data))
    except (PackageNotFoundError, zipfile.BadZipFile, KeyError, ValueError) as exc:
        raise ParseError(f"文件不是有效的 Word（.docx）文档，或已损坏，无法打开（{type(exc).__name__}）") from None
    except Exception as exc:  # lxml and zip errors of a damaged file
        raise ParseError(f"Word 文档已损坏，无法读取：{exc}") from None
    walker = _Walker()
    for child in doc.element.body:
        walker.block(child)
    if walker.tables == 0:
        raise ParseError("Word 文档中没有任何表格，不是一份完整的政府信息公开工作年度报告")
    return walker.lines


def parse_docx(data: bytes, *, name: str | None = None) -> Report:
    return assemble(docx_to_lines(data), name=name)
