"""From lines of a document to a ``Report``: the part every parser shares.

Each file kind (text, HTML, DOCX, XLSX, PDF) only has to turn its input into a
list of ``Line`` objects — paragraphs, and table rows with their cells — and
this module does the rest in one way for all of them:

1. split the lines into the report's sections by their headings (numbered
   一…六 and recognised by keywords, so a reworded heading of 五 is still 五);
2. in the sections holding tables, find the *records* — lines that carry
   figures — and align them to the format's rows by their labels, in order
   (labels are matched loosely: real reports wrap them over lines, glue the
   group name to them, mistype a character);
3. read every figure with ``read_figure``, so that a blank stays a blank, a
   dash stays "not applicable" and anything unreadable is reported missing
   with the reason — never a 0.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from datetime import date
from difflib import SequenceMatcher

from ..errors import ParseError
from ..figures import NOT_APPLICABLE_MARKS, clean, read_figure
from ..format import FORMATS, Layout, ReportFormat, Row, Section, Table, ValueKind, format_for_year, normalize_label
from ..model import Cell, CellState, Report


@dataclass
class Line:
    """One line of a document.

    ``cells`` holds the cells of a table row (blank cells as ""), with merged
    cells expanded to the full grid width, or a single string for a paragraph.
    ``is_table_row`` says whether the cells are real cells; when it is false the
    line is plain text whose figures are separated only by spaces (PDF text).
    """

    cells: list[str]
    source: str = ""
    is_table_row: bool = False

    @property
    def text(self) -> str:
        return " ".join(c.strip() for c in self.cells if c.strip())


@dataclass
class Record:
    """A line that carries figures, with the label text that belongs to it."""

    label: str  # the label printed on the same line
    context: str  # label text of the lines since the previous record
    figures: list[str]
    source: str
    is_table_row: bool
    trailing: str = ""  # label text of the lines up to the next record (a label wrapped past its figures)

    @property
    def match_text(self) -> str:
        if self.is_table_row and self.label:
            return self.label
        return f"{self.context} {self.label} {self.trailing}"


@dataclass
class Assembly:
    cells: dict[str, Cell] = field(default_factory=dict)


_CJK = re.compile(r"[\u3400-\u9fff]")
_FIGURE_TOKEN = re.compile(r"^[-−]?\d[\d,]*(?:\.\d+)?(?:万元|元)?(?:[(（][^)）]*[)）])?$")
# A figure written in words (八十三, 两件) sits where a figure belongs: it is an
# unreadable figure, not part of the row's label.
_WORDS_FIGURE = re.compile(r"^[零〇一二三四五六七八九十百千万亿两壹贰叁肆伍陆柒捌玖拾佰仟]+[件个条项人次元]?$")
_PAGE_FOOTER = re.compile(r"^\s*(?:[-—–－]\s*\d+\s*[-—–－]|第\s*\d+\s*页(?:\s*共\s*\d+\s*页)?|\d+\s*/\s*\d+)\s*$")
_HEADING = re.compile(r"^\s*([一二三四五六])\s*[、.．]\s*(.{2,40}?)\s*$")
_YEAR_TITLE = re.compile(r"(20\d\d|19\d\d)\s*年度?\s*(?:的)?\s*政府信息公开")
_PERIOD_YEAR = re.compile(r"(20\d\d)\s*年\s*1\s*月\s*1\s*日\s*(?:起\s*)?至\s*(20\d\d)\s*年\s*12\s*月\s*31\s*日")
_AUTHOR = re.compile(r"本(?:年度)?报告由\s*(.+?)\s*(?:办公室|办)?\s*(?:根据|依据|按照|编制|组织)")
_PUBLISHED = re.compile(r"(?:公开日期|发布日期|发布时间|成文日期)\s*[:：]?\s*(20\d\d)[-年./](\d{1,2})[-月./](\d{1,2})")
_SIGNED_DATE = re.compile(r"^\s*(20\d\d)\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日\s*$")
_ORDINAL_FOR_NUMBER = {s.number: s for s in FORMATS["2021"].sections}


def is_figure_text(text: str) -> bool:
    """Whether a cell or token reads as a figure (or a not-applicable mark)."""
    t = clean(text).replace(" ", "")
    return t in NOT_APPLICABLE_MARKS or bool(_FIGURE_TOKEN.match(t))


def _is_label_cell(text: str) -> bool:
    t = clean(text)
    return bool(t) and bool(_CJK.search(t)) and not is_figure_text(t) and not _WORDS_FIGURE.match(t)


# -- sections ----------------------------------------------------------------


def _section_of_heading(line: Line, after: str | None, sections: tuple[Section, ...]) -> Section | None:
    if len(line.cells) > 1 and any(c.strip() for c in line.cells[1:]):
        return None
    text = clean(line.text)
    match = _HEADING.match(text)
    if not match:
        return None
    number, title = match.groups()
    section = next((s for s in sections if s.number == number), None)
    if section is None:
        return None
    order = [s.code for s in sections]
    if after is not None and order.index(section.code) <= order.index(after):
        return None
    title_n = normalize_label(title)
    names = (section.title, *section.variants, *section.keywords)
    if any(normalize_label(n) in title_n or title_n in normalize_label(n) for n in names):
        return section
    return None


def split_sections(lines: list[Line], sections: tuple[Section, ...]) -> tuple[list[Line], dict[str, list[Line]]]:
    front: list[Line] = []
    parts: dict[str, list[Line]] = {}
    current: str | None = None
    for line in lines:
        section = _section_of_heading(line, current, sections)
        if section is not None:
            current = section.code
            parts[current] = []
            continue
        (parts[current] if current else front).append(line)
    return front, parts


def _section_text(lines: list[Line]) -> str:
    texts = [line.text if line.is_table_row else " ".join(line.cells).rstrip() for line in lines]
    while texts and not texts[0].strip():
        texts.pop(0)
    while texts and not texts[-1].strip():
        texts.pop()
    return "\n".join(texts)


# -- records -------------------------------------------------------------------


def _split_line(line: Line) -> tuple[str, list[str]] | None:
    """(label, figure cells) of a line that carries figures, else None."""
    if line.is_table_row:
        cells = line.cells
        last_label = max((i for i, c in enumerate(cells) if _is_label_cell(c)), default=-1)
        figures = cells[last_label + 1 :]
        if not any(clean(c) for c in figures) and last_label >= 0 and not figures:
            return None
        if not figures:
            return None
        label = " ".join(clean(c) for c in cells[: last_label + 1] if clean(c))
        if not any(clean(c) for c in figures) and not label:
            return None
        return label, figures
    tokens = clean(line.text).split()
    figures: list[str] = []
    while tokens and is_figure_text(tokens[-1]):
        figures.insert(0, tokens.pop())
    if not figures or not any(any(ch.isdigit() for ch in f) for f in figures):
        return None
    return " ".join(tokens), figures


def find_records(lines: list[Line]) -> list[Record]:
    records: list[Record] = []
    context: list[str] = []
    for line in lines:
        if not line.is_table_row and _PAGE_FOOTER.match(line.text or ""):
            continue
        split = _split_line(line)
        if split is None:
            if line.text.strip():
                context.append(line.text)
            continue
        label, figures = split
        if records and context:
            records[-1].trailing = " ".join(context)
        records.append(Record(label, " ".join(context), figures, line.source, line.is_table_row))
        context = []
    if records and context:
        records[-1].trailing = " ".join(context)
    return records


# -- label matching --------------------------------------------------------------


def _match_score(candidates: tuple[str, ...], text: str) -> float:
    """How many characters of the best candidate label appear, in order, in ``text``.

    Zero when less than half of the label is there: a weak match is no match.
    """
    target = normalize_label(text)
    if not target:
        return 0.0
    best = 0.0
    for candidate in candidates:
        label = normalize_label(candidate)
        if not label:
            continue
        if label in target:
            score = float(len(label)) + 0.5  # a whole label beats an equally long partial one
        else:
            blocks = SequenceMatcher(None, label, target, autojunk=False).get_matching_blocks()
            matched = sum(b.size for b in blocks if b.size >= 2 or len(label) <= 4)
            score = float(matched) if matched >= 0.6 * len(label) else 0.0
        best = max(best, score)
    return best


def _row_candidates(row: Row, table: Table) -> tuple[str, ...]:
    if table.layout is Layout.MATRIX and len(row.path) > 2:
        return (row.label, *row.variants)
    if table.layout is Layout.MATRIX:
        return (row.path[-1], *row.variants)
    return (row.label, *row.variants)


def align(records: list[Record], targets: list[tuple[str, tuple[str, ...]]]) -> dict[str, Record]:
    """Assign records to targets (code, candidate labels) in order, maximising the label match.

    A record may stay unassigned (a stray header line) and a target may stay
    empty (a row the report does not print); order is kept, as printed.
    """
    n, m = len(records), len(targets)
    scores = [[_match_score(targets[j][1], records[i].match_text) for j in range(m)] for i in range(n)]
    best = [[0.0] * (m + 1) for _ in range(n + 1)]
    move = [[0] * (m + 1) for _ in range(n + 1)]
    for i in range(n - 1, -1, -1):
        for j in range(m - 1, -1, -1):
            options = [(best[i + 1][j], 1), (best[i][j + 1], 2)]
            if scores[i][j] > 0:
                options.append((best[i + 1][j + 1] + scores[i][j], 3))
            best[i][j], move[i][j] = max(options, key=lambda o: (o[0], o[1]))
    result: dict[str, Record] = {}
    i = j = 0
    while i < n and j < m:
        if move[i][j] == 3:
            result[targets[j][0]] = records[i]
            i, j = i + 1, j + 1
        elif move[i][j] == 1:
            i += 1
        else:
            j += 1
    return result


# -- figures -------------------------------------------------------------------


def _fit_range(figures: list[str], count: int) -> tuple[int, int] | None:
    """The slice of ``figures`` holding exactly ``count`` figure cells, dropping
    empty cells from the ends of a merged-cell row; None when the row has fewer
    figures than columns."""
    start, end = 0, len(figures)
    while end - start > count and not clean(figures[start]):
        start += 1
    while end - start > count and not clean(figures[end - 1]):
        end -= 1
    if end - start > count:
        start = end - count
    if end - start < count:
        return None
    return start, end


def _fit(figures: list[str], count: int) -> list[str] | None:
    span = _fit_range(figures, count)
    return None if span is None else figures[span[0] : span[1]]


def _read_row(table: Table, row: Row, record: Record | None, out: dict[str, Cell]) -> None:
    keys = [f"{table.code}.{row.code}.{c.code}" for c in row.columns]
    if record is None:
        for key in keys:
            out[key] = Cell.missing(f"没有找到“{row.label}”这一行")
        return
    figures = _fit(record.figures, len(row.columns))
    where = record.source or row.label
    if figures is None:
        read = sum(1 for f in record.figures if clean(f))
        reason = f"“{row.label}”这一行只读到 {read} 个数字，应有 {len(row.columns)} 个"
        for key in keys:
            out[key] = Cell.missing(reason, raw=" ".join(record.figures), source=where)
        return
    for key, column, text in zip(keys, row.columns, figures, strict=True):
        out[key] = read_figure(text, column.kind, source=where)


def _assemble_blocks(table: Table, lines: list[Line], out: dict[str, Cell]) -> None:
    records = find_records(lines)
    assigned = align(records, [(r.code, _row_candidates(r, table)) for r in table.rows])
    for row in table.rows:
        _read_row(table, row, assigned.get(row.code), out)


def _assemble_matrix(table: Table, lines: list[Line], out: dict[str, Cell], fmt: ReportFormat) -> None:
    records = find_records(lines)
    rows = list(table.rows)
    split_rows = [r for r in rows if len(r.path) == 3 and r.code.startswith("other.")]
    group_code = "(group)"
    targets: list[tuple[str, tuple[str, ...]]] = []
    for row in rows:
        if split_rows and row is split_rows[0]:
            # Reports on the 2021 format sometimes print group (六) as one row.
            targets.append((group_code, (row.path[1],)))
        targets.append((row.code, _row_candidates(row, table)))
    assigned = align(records, targets)
    for row in rows:
        _read_row(table, row, assigned.get(row.code), out)
    group = assigned.get(group_code)
    if split_rows and group is not None and not any(r.code in assigned for r in split_rows):
        _split_single_other_row(table, split_rows, group, out)


def _split_single_other_row(table: Table, split_rows: list[Row], record: Record, out: dict[str, Cell]) -> None:
    """Group (六) printed as one row: zeros split into zeros; anything else cannot be split."""
    columns = split_rows[0].columns
    figures = _fit(record.figures, len(columns))
    values = [read_figure(f, ValueKind.COUNT) for f in figures] if figures else None
    all_zero = values is not None and all(v.value == 0 for v in values)
    for row in split_rows:
        for i, column in enumerate(columns):
            key = f"{table.code}.{row.code}.{column.code}"
            if all_zero:
                source = f"{record.source or ''} {row.path[1]}印为一行（均为 0）".strip()
                out[key] = Cell(0, values[i].state, raw=figures[i], source=source)
            else:
                out[key] = Cell.missing(
                    f"“{row.path[1]}”印为一行（{' '.join(record.figures)}），无法分到三个子项",
                    raw=" ".join(record.figures),
                    source=record.source,
                )


def _assemble_wide(table: Table, lines: list[Line], out: dict[str, Cell]) -> None:
    figures: list[str] = []
    sources: list[str] = []
    for record in find_records(lines):
        if record.label and record.is_table_row:
            continue
        figures.extend(record.figures)
        sources.extend([record.source] * len(record.figures))
    keys = [(f"{table.code}.{r.code}.{c.code}", c) for r in table.rows for c in r.columns]
    span = _fit_range(figures, len(keys)) if figures else None
    if span is None:
        reason = f"表{table.number}读到 {len(figures)} 个数字，应有 {len(keys)} 个"
        for key, _ in keys:
            out[key] = Cell.missing(reason, raw=" ".join(figures) or None)
        return
    start, end = span
    for (key, column), text, source in zip(keys, figures[start:end], sources[start:end], strict=True):
        out[key] = read_figure(text, column.kind, source=source or f"表{table.number}")


# -- front matter ------------------------------------------------------------------


def _read_year(front: list[Line], all_lines: list[Line]) -> int | None:
    for line in front[:15] + all_lines[:15]:
        match = _YEAR_TITLE.search(clean(line.text))
        if match:
            return int(match.group(1))
    text = " ".join(clean(line.text) for line in all_lines[:40])
    match = _PERIOD_YEAR.search(text)
    if match and match.group(1) == match.group(2):
        return int(match.group(1))
    return None


def _read_agency(front: list[Line], suffix: str) -> str | None:
    previous = ""
    title_agency = None
    for line in front[:15]:
        text = clean(line.text)
        match = _YEAR_TITLE.search(text)
        if match:
            before = text[: match.start()].strip()
            if line.is_table_row and len(line.cells) > 1:
                before = clean(next((c for c in line.cells if _YEAR_TITLE.search(clean(c))), text))
                before = before[: _YEAR_TITLE.search(before).start()].strip()
            title_agency = re.sub(r"\s+", "", before) or re.sub(r"\s+", "", previous) or None
            break
        if text:
            previous = text
    joined = "".join(clean(line.text) for line in front[:30]).replace(" ", "")
    author = _AUTHOR.search(joined)
    if author:
        name = author.group(1)
        if title_agency is None or (name.endswith(title_agency) and len(name) > len(title_agency)):
            return name
    return title_agency


def _read_published_on(lines: list[Line]) -> date | None:
    for line in lines[:20]:
        match = _PUBLISHED.search(clean(line.text))
        if match:
            return _date(*match.groups())
    for line in reversed(lines[-6:]):
        match = _SIGNED_DATE.match(clean(line.text))
        if match:
            return _date(*match.groups())
    return None


def _take_publication_line(parts: dict[str, list[Line]]) -> date | None:
    """A closing "发布日期：…" line after the last section: the date, and the line
    taken out of that section's text (it is the report's, not the section's)."""
    if not parts:
        return None
    last = parts[list(parts)[-1]]
    for index in range(len(last) - 1, -1, -1):
        text = clean(last[index].text)
        if not text:
            continue
        match = _PUBLISHED.fullmatch(text)
        if match:
            del last[index]
            return _date(*match.groups())
        return None
    return None


def _date(y: str, m: str, d: str) -> date | None:
    try:
        return date(int(y), int(m), int(d))
    except ValueError:
        return None


# -- the format in use ---------------------------------------------------------------


def _detect_format(year: int | None, proactive_lines: list[Line]) -> ReportFormat:
    text = normalize_label(" ".join(line.text for line in proactive_lines))
    scores = {}
    for fmt in FORMATS.values():
        table = fmt.table("proactive")
        labels = {c.label for r in table.rows for c in r.columns} | {r.label for r in table.rows}
        scores[fmt.code] = sum(1 for label in labels if normalize_label(label) in text)
    best = max(scores.values())
    if best > 0:
        leaders = [code for code, score in scores.items() if score == best]
        if len(leaders) == 1:
            return FORMATS[leaders[0]]
    if year is not None:
        try:
            return format_for_year(year)
        except ValueError:
            pass
    return FORMATS["2021"]


# -- entry point -------------------------------------------------------------------


def assemble(lines: list[Line], *, name: str | None = None) -> Report:
    """The report that ``lines`` print; ``name`` (the file's) only for messages."""
    lines = [_normalise_line(line) for line in lines]
    sections = FORMATS["2021"].sections
    front, parts = split_sections(lines, sections)
    table_sections = [s for s in sections if s.code in {t.code for t in FORMATS["2021"].tables}]
    if not any(s.code in parts for s in table_sections):
        what = f"“{name}”" if name else "文件"
        headings = "／".join(f"{s.number}、{s.title}" for s in table_sections)
        raise ParseError(f"{what}中没有找到年度报告的表格部分（{headings}），不像一份{FORMATS['2021'].title_suffix}")
    year = _read_year(front, lines)
    fmt = _detect_format(year, parts.get("proactive", []))
    cells: dict[str, Cell] = {}
    for table in fmt.tables:
        table_lines = parts.get(table.code)
        if table_lines is None:
            for key in table.cell_keys():
                cells[key] = Cell.missing(f"报告中没有找到第{table.number}部分")
            continue
        if table.layout is Layout.BLOCKS:
            _assemble_blocks(table, table_lines, cells)
        elif table.layout is Layout.MATRIX:
            _assemble_matrix(table, table_lines, cells, fmt)
        else:
            _assemble_wide(table, table_lines, cells)
    published_on = _take_publication_line(parts) or _read_published_on(lines)
    narrative = {
        code: _section_text(parts[code]) for code in ("overview", "problems", "other_matters") if code in parts
    }
    return Report(
        format=fmt,
        year=year,
        agency=_read_agency(front, fmt.title_suffix),
        cells=cells,
        sections=narrative,
        published_on=published_on,
    )


def _normalise_line(line: Line) -> Line:
    cells = [unicodedata.normalize("NFC", c).replace("\xa0", " ").replace("\u3000", " ") for c in line.cells]
    return Line(cells, line.source, line.is_table_row)


def count_states(report: Report) -> dict[CellState, int]:
    counts = dict.fromkeys(CellState, 0)
    for _, cell in report.iter_cells():
        counts[cell.state] += 1
    return counts
