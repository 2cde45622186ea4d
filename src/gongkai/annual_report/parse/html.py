"""Reading a report from an HTML page.

The page is walked in document order: text outside tables becomes paragraph
lines (a report inside a site's navigation is fine — the navigation is just
more lines the engine passes over), and every data table becomes table rows
with ``rowspan``/``colspan`` expanded to the full grid. A table that holds
other tables is page layout, not data: its cells are walked like any block.
"""

from __future__ import annotations

import re

from ..errors import ParseError
from ..format import normalize_label
from ..model import Report
from .engine import Line, assemble

_BLOCK_TAGS = frozenset(
    "address article aside blockquote body center dd details dialog div dl dt fieldset figcaption figure footer "
    "form h1 h2 h3 h4 h5 h6 header hgroup hr li main nav ol p pre section summary ul table tr td th tbody thead "
    "tfoot caption option select".split()
)
_SKIP_TAGS = frozenset("script style noscript template head title iframe object svg button input textarea".split())
_SPACES = re.compile(r"[ \t\r\n\f\u00a0\u3000]+")
_TABLE_NUMBER = re.compile(r"^\s*表\s*[一二三四五六七八九十\d]+\s*")


def _collapse(text: str) -> str:
    return _SPACES.sub(" ", text).strip()


def _tag(element) -> str:
    tag = element.tag
    return tag.lower() if isinstance(tag, str) else ""


class _Walker:
    def __init__(self) -> None:
        self.lines: list[Line] = []
        self.buffer: list[str] = []
        self.paragraphs = 0
        self.tables = 0

    # -- paragraphs --------------------------------------------------------------
    def flush(self) -> None:
        text = _collapse("".join(self.buffer))
        self.buffer = []
        if text:
            self.paragraphs += 1
            self.lines.append(Line([text], f"段落{self.paragraphs}"))

    def walk(self, element) -> None:
        tag = _tag(element)
        if tag in _SKIP_TAGS or not tag or _is_site_chrome(element, tag):
            self.buffer.append(element.tail or "")
            return
        if tag == "br":
            self.flush()
            self.buffer.append(element.tail or "")
            return
        if tag == "pre":
            self.flush()
            for raw in element.text_content().splitlines():
                if raw.strip():
                    self.paragraphs += 1
                    self.lines.append(Line([raw.strip()], f"段落{self.paragraphs}"))
            self.buffer.append(element.tail or "")
            return
        if tag == "table" and not element.xpath(".//table"):
            self.flush()
            self.table(element)
            self.buffer.append(element.tail or "")
            return
        block = tag in _BLOCK_TAGS
        if block:
            self.flush()
        self.buffer.append(element.text or "")
        for child in element:
            self.walk(child)
        if block:
            self.flush()
        self.buffer.append(element.tail or "")

    # -- tables ------------------------------------------------------------------
    def table(self, table) -> None:
        self.tables += 1
        number = self.tables
        captions = table.xpath("./caption")
        if captions:
            caption = _collapse(captions[0].text_content())
            previous = self.lines[-1].text if self.lines and not self.lines[-1].is_table_row else ""
            rest = normalize_label(_TABLE_NUMBER.sub("", caption))
            if caption and not (rest and rest in normalize_label(previous)):
                self.lines.append(Line([caption], f"表格{number}标题"))
        rows = table.xpath("./tr | ./thead/tr | ./tbody/tr | ./tfoot/tr")
        grid = expand_rows(
            [[(_cell_text(c), _span(c, "rowspan"), _span(c, "colspan")) for c in _cells(tr)] for tr in rows]
        )
        for index, cells in enumerate(grid, start=1):
            self.lines.append(Line(cells, f"表格{number}第{index}行", is_table_row=True))


_CHROME_TAGS = frozenset({"nav", "footer", "header", "aside"})
_CHROME_CLASS = re.compile(
    r"(?:^|[\s_-])(?:nav|navbar|menu|footer|foot|crumbs?|breadcrumb|share|copyright)(?:$|[\s_-])", re.I
)


def _is_site_chrome(element, tag: str) -> bool:
    """A site's navigation, breadcrumbs, sharing buttons or footer: never the report."""
    if tag in _CHROME_TAGS:
        return True
    if tag not in ("div", "ul", "section", "p"):
        return False
    names = f"{element.get('class', '')} {element.get('id', '')}"
    # a block that holds a table is never skipped: the report may sit in an oddly named block
    return bool(_CHROME_CLASS.search(names)) and not element.xpath(".//table")


def _cells(tr) -> list:
    return [c for c in tr if _tag(c) in ("td", "th")]


def _span(cell, name: str) -> int:
    try:
        return max(1, min(int(str(cell.get(name, "1")).strip() or 1), 1000))
    except ValueError:
        return 1


def _cell_text(cell) -> str:
    pieces: list[str] = []

    def walk(element) -> None:
        tag = _tag(element)
        if tag in _SKIP_TAGS:
            pieces.append(element.tail or "")
            return
        pieces.append(element.text or "")
        for child in element:
            walk(child)
        pieces.append(element.tail or "")

    pieces.append(cell.text or "")
    for child in cell:
        walk(child)
    return _collapse("".join(pieces))


def expand_rows(rows: list[list[tuple[str, int, int]]]) -> list[list[str]]:
    """Rows of (text, rowspan, colspan) cells as a full grid: a merged cell's
    text in its top-left slot, "" in the slots it covers, every row as wide as
    the widest."""
    grid: list[list[str | None]] = []
    for r, row in enumerate(rows):
        while len(grid) <= r:
            grid.append([])
        col = 0
        for text, rowspan, colspan in row:
            slots = grid[r]
            while col < len(slots) and slots[col] is not None:
                col += 1
            for dr in range(rowspan if r + rowspan <= len(rows) else len(rows) - r):
                while len(grid) <= r + dr:
                    grid.append([])
                target = grid[r + dr]
                while len(target) < col + colspan:
                    target.append(None)
                for dc in range(colspan):
                    target[col + dc] = text if (dr == 0 and dc == 0) else ""
            col += colspan
    width = max((len(row) for row in grid), default=0)
    return [[c if c is not None else "" for c in row] + [""] * (width - len(row)) for row in grid]


def html_to_lines(text: str) -> list[Line]:
    import lxml.html
    from lxml.etree import ParserError

    if not text.strip():
        raise ParseError("文件是空的，没有任何内容")
    try:
        document = lxml.html.document_fromstring(text)
    except (ParserError, ValueError) as exc:
        raise ParseError(f"无法读取这个 HTML 页面：{exc}") from None
    walker = _Walker()
    body = document.find("body")
    walker.walk(body if body is not None else document)
    walker.flush()
    return walker.lines


_NO_TABLE = "HTML 页面中没有任何表格，也没有在文字中读到年度报告的表格部分（表格可能是图片）"


def parse_html(text: str, *, name: str | None = None) -> Report:
    """A page's tables are read cell by cell; a page whose tables were flattened
    into its text (no ``<table>``, cells glued) is read by the stream reader
    through ``assemble``."""
    lines = html_to_lines(text)
    if not any(line.is_table_row for line in lines):
        try:
            return assemble(lines, name=name)
        except ParseError:
            raise ParseError(_NO_TABLE) from None
    return assemble(lines, name=name)
