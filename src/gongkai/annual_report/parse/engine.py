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
from collections import Counter
from dataclasses import dataclass, field
from datetime import date
from difflib import SequenceMatcher
from functools import cached_property, lru_cache

from ..errors import ParseError
from ..figures import NOT_APPLICABLE_MARKS, clean, read_figure
from ..format import (
    APPEALS_TOTAL_COLUMN,
    FORMATS,
    REQUESTS_CARRIED_IN,
    REQUESTS_CARRIED_OUT,
    REQUESTS_CONCLUDED_TOTAL,
    REQUESTS_NEW,
    REQUESTS_TOTAL_COLUMN,
    Layout,
    ReportFormat,
    Row,
    Section,
    Table,
    ValueKind,
    format_for_year,
    normalize_label,
)
from ..model import Cell, CellState, Confidence, Heading, Report
from . import digits


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

    @cached_property
    def text(self) -> str:
        # asked for many times per line by the section, record and label passes; a line's
        # cells are never changed once it is made (a changed line is a new Line)
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
    positions: list[str] = field(default_factory=list)  # where each figure sits on its line (第3列, 第2个数字)
    group: int = 0  # the run of table rows (one printed table, or one fragment of it) the record is in
    cells: list[str] = field(default_factory=list)  # a table row's cells, all of them
    ocr: bool = False  # letters among the figures were read as digits (O for 0): the figures are OCR's

    def where(self, index: int) -> str:
        position = self.positions[index] if index < len(self.positions) else ""
        return f"{self.source}{position}"

    @property
    def match_text(self) -> str:
        if self.is_table_row and self.label:
            return self.label
        if self.glued:
            return f"{self.context} {self.label}"  # glued text: the label comes right before its figures
        return f"{self.context} {self.label} {self.trailing}"

    @property
    def glued(self) -> bool:
        """Figures read from digits glued to a label, not from cells or spaced tokens."""
        return any(p.startswith("“") for p in self.positions)


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
    """A narrative section as printed, less the page numbers a PDF put inside it."""
    texts = [
        line.text if line.is_table_row else " ".join(line.cells).rstrip()
        for line in lines
        if line.is_table_row or not _PAGE_FOOTER.match(line.text or "")
    ]
    while texts and not texts[0].strip():
        texts.pop(0)
    while texts and not texts[-1].strip():
        texts.pop()
    return "\n".join(texts)


# -- records -------------------------------------------------------------------


# Digits, possibly with a decimal part, and signed figures glued on (the signed changes of the 2019 table 二: 137-342).
_RUN = re.compile(r"/*[-−]?\d+(?:\.\d+)?(?:/*[-−]?\d+(?:\.\d+)?)*/*")
_ORDINAL_NOTE = re.compile(r"^[（(][一二三四五六七八九十]+[)）]$")  # （二）: the next label's numbering
_NOTE_AFTER = re.compile(r"^[（(][^（()）\d]*(?:\d+[^（()）\d]*)*[)）]")
# A run of digits followed by one of these is a date, a unit or an ordinal of
# prose, not a table's figures printed without separators.
_PROSE_AFTER = frozenset("年月日件个条项次人万元%％余多天号时分秒倍家名户")
_NUMBERING_MARKS = ".．、"


def _glued_segments(text: str) -> tuple[list[tuple[str, str]], str]:
    """(label, digits) pairs of a line whose figures are glued to the labels
    (``…事务信息3200000326.属于…``), and the label text
    left after the last figures. A digit directly before ``.``/``、`` and a
    Chinese character is the numbering of the next label, not a figure."""
    if "。" in text:
        return [], text
    segments: list[tuple[str, str]] = []
    label_start = 0
    for match in _RUN.finditer(text):
        run, start, end = match.group(), match.start(), match.end()
        if start < label_start:
            continue  # inside a note already taken with its figure
        after = text[end : end + 2]
        before = text[start - 1] if start else ""
        if before == "第" or (after[:1] and after[0] in _PROSE_AFTER):
            continue
        if len(after) == 2 and after[0] in _NUMBERING_MARKS and _CJK.match(after[1]):
            if len(run) == 1 or "." in run:
                continue  # the numbering of a label (``1.`` before a label), no figures before it
            segments.append((text[label_start:start], run[:-1]))
            label_start = end - 1
            continue
        if not after or after[0] in " （(" or _CJK.match(after[0]):
            if not before or before == " ":
                if after and after[0] not in " ":
                    continue  # a number starting a label (a year in a heading), not a figure run
            note = _NOTE_AFTER.match(text[end:]) if after[:1] in ("（", "(") else None
            if note and not _ORDINAL_NOTE.match(note.group()):
                run, end = run + note.group(), end + note.end()  # a note inside the cell: 22（其中修订16件）
            segments.append((text[label_start:start], run))
            label_start = end
    # Labels of one or two odd characters between the figures are not a table
    # flattened but two lines of a PDF run into one (政府6信4息…): no figures here.
    if any(0 < len(_CJK.findall(label)) < 2 for label, _ in segments[1:]):
        return [], text
    return segments, text[label_start:]


def _split_line(line: Line) -> tuple[list[tuple[str, list[str], list[str]]], str] | None:
    """The (label, figure cells, figure positions) records a line carries and
    the label text after the last of them; None for a line without figures."""
    if line.is_table_row:
        cells = line.cells
        last_label = max((i for i, c in enumerate(cells) if _is_label_cell(c)), default=-1)
        figures = cells[last_label + 1 :]
        if not figures:
            return None
        label = " ".join(clean(c) for c in cells[: last_label + 1] if clean(c))
        if not any(clean(c) for c in figures) and not label:
            return None
        positions = [f"第{i}列" for i in range(last_label + 2, len(cells) + 1)]
        if last_label >= 0 and not any(clean(c) for c in figures):
            # a label cell whose figures may be glued to it (OCR, Markdown from a PDF)
            segments, rest = _glued_segments(clean(cells[last_label]))
            if len(segments) == 1 and not rest.strip():
                glued_label, run = segments[0]
                before = " ".join(clean(c) for c in cells[:last_label] if clean(c))
                return [(f"{before} {glued_label}".strip(), [run], [f"第{last_label + 1}列"])], ""
        return [(label, figures, positions)], ""
    tokens = clean(line.text).split()
    figures: list[str] = []
    while tokens and is_figure_text(tokens[-1]):
        figures.insert(0, tokens.pop())
    if figures and not any(any(ch.isdigit() for ch in f) for f in figures):
        tokens.extend(figures)
        figures = []
    label = " ".join(tokens)
    segments, rest = _glued_segments(label)
    records: list[tuple[str, list[str], list[str]]] = []
    for seg_label, run in segments:
        if records and not seg_label.strip():
            records[-1][1].append(run)  # figures after a note: 1（含上年结转）000001
            records[-1][2].append("“" + run + "”")
        else:
            records.append((seg_label.strip(), [run], ["“" + run + "”"]))
    if figures:
        if records and not rest.strip():
            # the label ended in digits that start the spaced figures: 数量2 0 0 0 0 0 2
            seg_label, runs, _ = records[-1]
            records[-1] = (seg_label, [*runs, *figures], [])
        else:
            records.append((rest.strip(), figures, []))
        rest = ""
    if not records:
        return None
    records = [(lab, figs, pos or [f"第{i}个数字" for i in range(1, len(figs) + 1)]) for lab, figs, pos in records]
    return records, rest.strip()


def find_records(lines: list[Line]) -> list[Record]:
    records: list[Record] = []
    context: list[str] = []
    group, previous_table = 0, None
    for line in lines:
        if not line.is_table_row and _PAGE_FOOTER.match(line.text or ""):
            continue
        table = line.source.split("第", 1)[0] if line.is_table_row else None
        if table is None or table != previous_table:
            group += 1
        previous_table = table
        split = _split_line(line)
        if split is None:
            if line.text.strip():
                context.append(line.text)
            continue
        found, rest = split
        for label, figures, positions in found:
            if records and context:
                records[-1].trailing = " ".join(context)
            records.append(
                Record(
                    label,
                    " ".join(context),
                    figures,
                    line.source,
                    line.is_table_row,
                    "",
                    positions,
                    group,
                    list(line.cells) if line.is_table_row else [],
                )
            )
            context = []
        if rest:
            context.append(rest)
    if records and context:
        records[-1].trailing = " ".join(context)
    return records


def _fragment_figures(record: Record, records: list[Record]) -> list[str]:
    """A table row's figure cells, from the first figure column of its table
    fragment (the row labels of a fragment may take several columns)."""
    start = 0
    for other in records:
        if other.group == record.group and other.is_table_row and other.label and any(clean(f) for f in other.figures):
            start = max(start, len(other.cells) - len(other.figures))
    return record.cells[start:]


def _column_fragments(
    records: list[Record], targets: list[tuple[str, tuple[str, ...]]], table: Table
) -> dict[str, Record] | None:
    """A table printed as fragments side by side (OCR, PDF-to-Markdown: the row
    labels again, with the remaining columns): each row's figures joined across
    the fragments. None when the table is printed whole (or split by rows only)."""
    groups = list(dict.fromkeys(r.group for r in records if r.is_table_row and any(clean(f) for f in r.figures)))
    if len(groups) < 2:
        return None
    labels: dict[int, set[str]] = {}
    for record in records:
        if record.label:
            labels.setdefault(record.group, set()).add(normalize_label(record.label))
    seen: set[str] = set()
    repeated = 0
    for group in groups:
        repeated += len(labels.get(group, set()) & seen)
        seen |= labels.get(group, set())
    if repeated < len(table.rows) // 2:
        return None  # no row labels printed again: not fragments side by side
    passes: list[dict[str, Record]] = []
    for group in groups:
        found = align([r for r in records if r.group == group], targets)
        if not found:
            continue
        if passes and not (set(found) & set(passes[-1])):
            passes[-1].update(found)  # the same fragment continued on the next page
        else:
            passes.append(dict(found))
    if len(passes) < 2 or len(set(passes[0]) & set(passes[1])) < len(table.rows) // 2:
        return None
    widths = {row.code: len(row.columns) for row in table.rows}
    assigned: dict[str, Record] = {}
    for code, _candidates in targets:
        parts = [p[code] for p in passes if code in p]
        if not parts:
            continue
        first = parts[0]
        width = widths.get(code)
        if width is None or len(parts) == 1 or _fit_range(first.figures, width) is not None:
            assigned[code] = first
            continue
        joined: list[str] = []
        positions: list[str] = []
        for part in parts:
            figures = _fragment_figures(part, records)
            joined += figures
            positions += [part.source] * len(figures)
        if len(joined) != width:
            assigned[code] = first
            continue
        assigned[code] = Record(first.label, first.context, joined, "", True, first.trailing, positions, first.group)
    return assigned


# -- label matching --------------------------------------------------------------


@lru_cache(maxsize=65536)
def _match_score(candidates: tuple[str, ...], text: str, prefer_end: bool = False) -> float:
    """How many characters of the best candidate label appear, in order, in ``text``.

    Zero when less than half of the label is there: a weak match is no match.
    With ``prefer_end`` (glued text, where a row left blank leaves its label
    glued to the next row's) a label that ends the text scores a little more:
    the figures belong to the label right before them.
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
            if prefer_end and target.endswith(label):
                score += 0.25
        elif _shared_characters(label, target) < 0.6 * len(label):
            score = 0.0  # not even the characters are there: no alignment can reach the bar
        else:
            blocks = SequenceMatcher(None, label, target, autojunk=False).get_matching_blocks()
            matched = sum(b.size for b in blocks if b.size >= 2 or len(label) <= 4)
            score = float(matched) if matched >= 0.6 * len(label) else 0.0
        best = max(best, score)
    return best


@lru_cache(maxsize=65536)
def _character_counts(text: str) -> Counter:
    return Counter(text)


@lru_cache(maxsize=65536)
def _character_set(text: str) -> frozenset[str]:
    return frozenset(text)


def _shared_characters(label: str, target: str) -> int:
    """An upper bound of the characters an alignment of ``label`` in ``target`` can
    match: the label's characters that occur in the target at all, with their counts
    in the label (the set intersection runs in C; most labels share few characters
    with most lines)."""
    counts = _character_counts(label)
    return sum(counts[ch] for ch in _character_set(label) & _character_set(target))


def _row_candidates(row: Row) -> tuple[str, ...]:
    """The labels a printed row may carry: its own (the last of its path) and its variants."""
    return (row.label, *row.variants)


def align(records: list[Record], targets: list[tuple[str, tuple[str, ...]]]) -> dict[str, Record]:
    """Assign records to targets (code, candidate labels) in order, maximising the label match.

    A record may stay unassigned (a stray header line) and a target may stay
    empty (a row the report does not print); order is kept, as printed.
    """
    n, m = len(records), len(targets)
    texts = [(record.match_text, record.glued) for record in records]
    scores = [[_match_score(candidates, text, glued) for _code, candidates in targets] for text, glued in texts]
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


@dataclass
class Split:
    """Figures of a row recovered (or not) from digits printed without separators."""

    values: list[int] | None  # the unique split, if any
    candidates: list[list[int]]  # the splits left when it is ambiguous
    basis: tuple[str, ...] = ()  # the rules that chose it among other splits
    raw: str = ""
    problem: str = ""  # why there is no split
    runs: list[str] = field(default_factory=list)
    notes: dict[int, str] = field(default_factory=dict)
    unsure: frozenset[int] = frozenset()  # cells printed 0 or blank, which is not known (both read 0)


_RUN_WITH_NOTE = re.compile(r"^(-?\d+(?:-\d+)*)([（(].*[)）])$")


class Runs(list):
    """Digit runs, and the notes printed after some of them (index of the run -> note)."""

    notes: dict[int, str]


def _runs(figures: list[str], count: int) -> Runs | None:
    """The digit runs of a row's figure cells when every one is plain digits
    (a cell holding several runs apart by spaces gives each; a note after a
    run is kept for the figure that ends it) and they hold at least ``count``
    digits, else None."""
    runs = Runs()
    runs.notes = {}
    for figure in figures:
        for token in clean(figure).replace("−", "-").replace("／", "/").split():
            note = None
            with_note = _RUN_WITH_NOTE.match(token)
            if with_note:
                token, note = with_note.group(1), with_note.group(2)[1:-1].strip() or None
            if not digits.DIGIT_RUN.match(token):
                return None
            runs.extend(digits.SIGNED.findall(token))  # a sign starts a figure: 137-342; "/" is one cell
            if note:
                runs.notes[len(runs) - 1] = note
    if sum(len(r.lstrip("-")) for r in runs) < count or not any(r != "/" for r in runs):
        return None
    return runs or None


def _notes_of_split(runs: list[str], values: list[int], notes: dict[int, str]) -> list[str | None]:
    """The note of each figure cut from ``runs``: a run's note goes to its last figure."""
    out: list[str | None] = []
    run, used = 0, 0
    for value in values:
        used += len("/" if value is None else str(value))
        while run < len(runs) and used > len(runs[run]):
            used -= len(runs[run])
            run += 1
        last = run < len(runs) and used == len(runs[run])
        out.append(notes.get(run) if last else None)
        if last:
            run, used = run + 1, 0
    return out


def _total_group(table: Table, row: Row) -> str | None:
    """The rule under which the row's last column is the sum of the others."""
    last = row.columns[-1].code if row.columns else None
    if table.layout is Layout.MATRIX and last == REQUESTS_TOTAL_COLUMN:
        return digits.ROW_SUM_RULE
    if table.layout is Layout.WIDE and last == APPEALS_TOTAL_COLUMN:
        return digits.GROUP_SUM_RULE
    return None


def split_runs(runs: list[str], count: int, group: int | None, rule: str | None, blanks: bool = False) -> Split:
    """Cut ``runs`` into ``count`` figures: the unique split, else the candidates.
    With ``blanks``, a cell may also have been blank (it left no digits)."""
    split = _split_runs(runs, count, group, rule, blanks)
    split.runs = list(runs)
    split.notes = dict(getattr(runs, "notes", {}))
    return split


def _split_runs(runs: list[str], count: int, group: int | None, rule: str | None, blanks: bool) -> Split:
    """The split of the digits that the format's sums leave, if only one is left.

    Every split is a candidate (with ``blanks``, also those in which a blank
    cell left no digit); under a total column (``group``) only the splits whose
    totals add up remain. One left → it; several that give every cell the same
    figure (zeros, a blank somewhere among them) → those figures; several that
    differ → the candidates, for the column sums to settle or to show. None
    left means the row as printed does not add up whichever way it is cut:
    when the digits allow only one reading without vanished blanks (as many
    digits as cells: a digit a cell), that is what was printed, and the sum's
    own rule will report the error. That holds only for one unbroken run of
    digits: figure text with spaces in it that still falls short was cut
    somewhere it should not have been, and nothing can be said."""
    raw = " ".join(runs)
    some = _count_splits(runs, count, blanks=blanks)
    if some == 0:
        return Split(None, [], raw=raw, problem=f"“{raw}”无法分成 {count} 个数字")
    try:
        holding = digits.splits(runs, count, group=group, blanks=blanks, limit=digits.MAX_CANDIDATES)
    except digits.TooMany:
        return Split(None, [], raw=raw, problem=f"“{raw}”可分成 {count} 个数字的方式太多，无法确定")
    basis = (rule,) if rule and group and (some > 1 or not holding) else ()
    agreed = _agreed(holding)
    if agreed is not None:
        values, unsure = agreed
        return Split(values, [], basis=basis, raw=raw, unsure=unsure)
    if holding:
        return Split(None, holding, basis=basis, raw=raw)
    if len(runs) == 1 and len(runs[0].lstrip("-")) == count:
        # one run of as many digits as cells, no space in it: a digit a cell is what was printed
        plain = digits.splits(runs, count, limit=2)
        if len(plain) == 1:
            return Split(plain[0], [], raw=raw)
    return Split(
        None,
        [],
        raw=raw,
        problem=f"“{raw}”没有一种分法能使总计等于各项之和（可能有空白格在连排时丢失，也可能本行合计有误），无法确定",
    )


def _count_splits(runs: list[str], count: int, *, blanks: bool) -> int:
    """0, 1, or 2 for "more than one": how many ways the digits can be cut at all."""
    try:
        return len(digits.splits(runs, count, blanks=blanks, limit=2))
    except digits.TooMany:
        return 2


def _agreed(candidates: list[list]) -> tuple[list, frozenset[int]] | None:
    """The one candidate, or the figures every candidate gives alike (a blank
    counted as 0: where a vanished blank cell sat changes no figure), with the
    cells that may have been printed either 0 or blank."""
    if len(candidates) == 1:
        return candidates[0], frozenset()
    if not candidates:
        return None
    numbers = {tuple(0 if v == digits.BLANK else v for v in c) for c in candidates}
    if len(numbers) != 1:
        return None
    unsure = frozenset(i for i in range(len(candidates[0])) if len({c[i] == digits.BLANK for c in candidates}) > 1)
    return candidates[0], unsure


def _ambiguous_reason(label: str, split: Split, candidates: list[list[int]] | None = None, extra: str = "") -> str:
    shown = digits.show_candidates(candidates if candidates is not None else split.candidates)
    return f"“{label}”这一行的数字连在一起印（“{split.raw}”），有多种分法：{shown}{extra}，无法确定"


def _put_split(
    keys: list[str], columns, values: list[int], record: Record, split: Split, basis: tuple[str, ...], out
) -> None:
    notes = _notes_of_split(split.runs, values, split.notes)
    for i, (key, _column, value, note) in enumerate(zip(keys, columns, values, notes, strict=True)):
        if i in split.unsure:
            out[key] = Cell(
                0,
                CellState.VALUE,
                raw="0",
                source=f"{record.source}“{split.raw}”拆分第{i + 1}个{ZERO_OR_BLANK}",
                confidence=Confidence.DECODED,
                basis=basis,
            )
            continue
        if value == digits.BLANK:
            out[key] = Cell(
                0,
                CellState.BLANK,
                raw="",
                source=f"{record.source}“{split.raw}”拆分第{i + 1}个（空白）",
                confidence=Confidence.DECODED,
                basis=basis,
            )
            continue
        if value is None:
            out[key] = Cell(
                None,
                CellState.NOT_APPLICABLE,
                raw="/",
                source=f"{record.source}“{split.raw}”拆分第{i + 1}个",
                confidence=Confidence.DECODED,
                basis=basis,
            )
            continue
        out[key] = Cell(
            value,
            CellState.VALUE,
            note,
            raw=str(value),
            source=f"{record.source}“{split.raw}”拆分第{i + 1}个",
            confidence=Confidence.DECODED,
            basis=basis,
        )


# The mark on a figure split from glued digits that was printed 0 or left blank:
# a blank cell vanished somewhere among zeros, and where is not known.
ZERO_OR_BLANK = "（0 或空白，连排时无法分辨）"

# Whether glued text may have lost blank cells even when nothing in the report shows it.
ASSUME_LOST_BLANKS = True


def _is_glued(record: Record) -> bool:
    return record.glued


def _may_split(record: Record, rule: str | None) -> bool:
    """Whether a row read short may be cut from its digits: glued text, or one
    table cell holding the whole row (OCR), or — under a sum that can confirm
    the cut — figures apart by spaces (a layout that ran two cells together)."""
    if _is_glued(record) or rule:
        return True
    return record.is_table_row and sum(1 for f in record.figures if clean(f)) == 1


def _read_row(
    table: Table, row: Row, record: Record | None, out: dict[str, Cell], blanks_lost: bool = False
) -> Split | None:
    """Write the row's cells into ``out``; a row whose glued digits are still
    ambiguous comes back as a ``Split`` for the column sums to settle.
    ``blanks_lost``: the report's glued rows show that blank cells vanished, so
    a split that no sum confirms cannot be trusted."""
    keys = [f"{table.code}.{row.code}.{c.code}" for c in row.columns]
    if record is None:
        for key in keys:
            out[key] = Cell.missing(f"没有找到“{row.label}”这一行")
        return None
    span = _fit_range(record.figures, len(row.columns))
    if span is not None:
        start = span[0]
        for i, (key, column) in enumerate(zip(keys, row.columns, strict=True)):
            out[key] = read_figure(record.figures[start + i], column.kind, source=record.where(start + i))
        return None
    # Glued text loses blank cells without a trace: when that may have happened,
    # every split with blanks among the cells is a candidate too.
    blanks = record.glued and (ASSUME_LOST_BLANKS or blanks_lost)
    runs = _runs(record.figures, 0 if blanks else len(row.columns))
    rule = _total_group(table, row)
    if runs is not None and all(c.kind is not ValueKind.AMOUNT for c in row.columns) and _may_split(record, rule):
        split = split_runs(runs, len(row.columns), len(row.columns) if rule else None, rule, blanks)
        if split.values is not None:
            _put_split(keys, row.columns, split.values, record, split, split.basis, out)
            return None
        if split.candidates:
            reason = _ambiguous_reason(row.label, split)
            for key in keys:
                out[key] = Cell.missing(reason, raw=split.raw, source=record.source, confidence=Confidence.AMBIGUOUS)
            return split if rule else None
        reason = f"“{row.label}”这一行：{split.problem}"
        for key in keys:
            out[key] = Cell.missing(reason, raw=split.raw, source=record.source)
        return None
    read = sum(1 for f in record.figures if clean(f))
    reason = f"“{row.label}”这一行只读到 {read} 个数字，应有 {len(row.columns)} 个"
    short = _runs(record.figures, 0)
    if _is_glued(record) and short is not None and len(short) < len(row.columns):
        places = sum(len(r.lstrip("-")) for r in short)
        reason = (
            f"“{row.label}”这一行的数字连在一起印（“{' '.join(short)}”），只有 {places} 位，"
            f"不够 {len(row.columns)} 格（空白格可能在连排时丢失），无法拆分"
        )
    for key in keys:
        out[key] = Cell.missing(reason, raw=" ".join(record.figures), source=record.source or row.label)
    return None


def _assemble_blocks(
    table: Table,
    lines: list[Line],
    out: dict[str, Cell],
    blanks_lost: bool = False,
    records: list[Record] | None = None,
) -> None:
    records = find_records(lines) if records is None else records
    assigned = align(records, [(r.code, _row_candidates(r)) for r in table.rows])
    read_blocks(table, assigned, out, blanks_lost)


def read_blocks(table: Table, assigned: dict[str, Record], out: dict[str, Cell], blanks_lost: bool = False) -> None:
    """The cells of a BLOCKS table from the record found for each of its rows."""
    for row in table.rows:
        _read_row(table, row, assigned.get(row.code), out, blanks_lost)


def _blanks_lost(fmt: ReportFormat, records_of: dict[str, list[Record]]) -> bool:
    """Whether a glued row of table 三 has fewer digits than cells: blank cells
    vanished when the table was flattened, so a glued row elsewhere may have
    lost some too."""
    for table in fmt.tables:
        if table.layout is not Layout.MATRIX or not table.rows:
            continue
        width = len(table.rows[0].columns)
        for record in records_of.get(table.code, []):
            if record.label and _is_glued(record):
                runs = _runs(record.figures, 0)
                if runs is not None and sum(len(r.lstrip("-")) for r in runs) < width:
                    return True
    return False


# The target that stands for group (六) printed as one row in a report on the 2021 format.
SINGLE_OTHER_GROUP = "(group)"


def split_other_rows(table: Table) -> list[Row]:
    """The sub-rows of (六)其他处理 in the 2021 format (none in the 2019 one)."""
    return [r for r in table.rows if len(r.path) == 3 and r.code.startswith("other.")]


def _assemble_matrix(
    table: Table, lines: list[Line], out: dict[str, Cell], fmt: ReportFormat, records: list[Record] | None = None
) -> None:
    records = find_records(lines) if records is None else records
    split_rows = split_other_rows(table)
    targets: list[tuple[str, tuple[str, ...]]] = []
    for row in table.rows:
        if split_rows and row is split_rows[0]:
            # Reports on the 2021 format sometimes print group (六) as one row.
            targets.append((SINGLE_OTHER_GROUP, (row.path[1],)))
        targets.append((row.code, _row_candidates(row)))
    assigned = _column_fragments(records, targets, table) or align(records, targets)
    read_matrix(table, assigned, out, fmt)


def read_matrix(table: Table, assigned: dict[str, Record], out: dict[str, Cell], fmt: ReportFormat) -> None:
    """The cells of table 三 from the record found for each row (and for
    ``SINGLE_OTHER_GROUP``): each row on its own, then the rows whose glued
    digits are still ambiguous settled together by the column sums."""
    rows = list(table.rows)
    split_rows = split_other_rows(table)
    group_code = SINGLE_OTHER_GROUP
    pending: dict[str, tuple[Row, Record, Split]] = {}
    for row in rows:
        record = assigned.get(row.code)
        split = _read_row(table, row, record, out)
        if split is not None and record is not None:
            pending[row.code] = (row, record, split)
    group = assigned.get(group_code)
    if split_rows and group is not None and not any(r.code in assigned for r in split_rows):
        _split_single_other_row(table, split_rows, group, out)
    if pending:
        _settle_by_column_sums(table, fmt, pending, out)


def _settle_by_column_sums(
    table: Table, fmt: ReportFormat, pending: dict[str, tuple[Row, Record, Split]], out: dict[str, Cell]
) -> None:
    """Rows of table 三 whose glued digits allow several splits: keep the
    splits under which the column sums (T3.balance, T3.concluded_sum) hold,
    and take one only when it is the only one left."""
    columns = table.row(REQUESTS_NEW).columns
    outcome_rows = [code for code in fmt.outcome_rows if any(r.code == code for r in table.rows)]

    def value(assignment: dict[str, list[int]], row: str, index: int):
        if row in assignment:
            value = assignment[row][index]
            return 0 if value == digits.BLANK else value
        cell = out.get(f"{table.code}.{row}.{columns[index].code}")
        return None if cell is None else cell.value

    constraints: list[tuple[str, set[str], object]] = []
    for index in range(len(columns)):

        def balance(a, index=index):
            terms = [value(a, r, index) for r in (REQUESTS_NEW, REQUESTS_CARRIED_IN)]
            other = [value(a, r, index) for r in (REQUESTS_CONCLUDED_TOTAL, REQUESTS_CARRIED_OUT)]
            if None in terms or None in other:
                return None
            return sum(terms) == sum(other)

        def concluded(a, index=index):
            total = value(a, REQUESTS_CONCLUDED_TOTAL, index)
            parts = [value(a, r, index) for r in outcome_rows]
            if total is None or None in parts:
                return None
            return total == sum(parts)

        balance_rows = {REQUESTS_NEW, REQUESTS_CARRIED_IN, REQUESTS_CONCLUDED_TOTAL, REQUESTS_CARRIED_OUT}
        constraints.append((digits.BALANCE_RULE, balance_rows, balance))
        constraints.append((digits.CONCLUDED_SUM_RULE, {REQUESTS_CONCLUDED_TOTAL, *outcome_rows}, concluded))
    relevant = [(code, rows, check) for code, rows, check in constraints if rows & set(pending)]
    choices = {code: split.candidates for code, (_row, _record, split) in pending.items()}
    solved = digits.solve(choices, [(code, check) for code, _rows, check in relevant])
    for code, (row, record, split) in pending.items():
        keys = [f"{table.code}.{row.code}.{c.code}" for c in row.columns]
        basis = tuple(dict.fromkeys((*split.basis, *(c for c, rows, _ in relevant if code in rows))))
        if solved is None:
            continue  # too many combinations: the cells stay missing with their candidates
        surviving = solved[0][code]
        if len(surviving) == 1:
            _put_split(keys, row.columns, surviving[0], record, split, basis, out)
        elif not surviving:
            reason = _ambiguous_reason(row.label, split, extra="（各列合计关系在任何分法下都不成立）")
            for key in keys:
                out[key] = Cell.missing(reason, raw=split.raw, source=record.source, confidence=Confidence.AMBIGUOUS)
        else:
            reason = _ambiguous_reason(row.label, split, surviving, extra="（按各列合计关系仍不唯一）")
            for key in keys:
                out[key] = Cell.missing(reason, raw=split.raw, source=record.source, confidence=Confidence.AMBIGUOUS)


def _split_single_other_row(table: Table, split_rows: list[Row], record: Record, out: dict[str, Cell]) -> None:
    """Group (六) printed as one row: zeros split into zeros; anything else cannot be split."""
    columns = split_rows[0].columns
    figures = _fit(record.figures, len(columns))
    if figures is None:
        runs = _runs(record.figures, len(columns))
        split = split_runs(runs, len(columns), len(columns), digits.ROW_SUM_RULE) if runs else None
        if split is not None and split.values is not None:
            figures = [str(v) for v in split.values]
    values = [read_figure(f, ValueKind.COUNT) for f in figures] if figures else None
    all_zero = values is not None and all(v.value == 0 for v in values)
    for row in split_rows:
        for i, column in enumerate(columns):
            key = f"{table.code}.{row.code}.{column.code}"
            if all_zero:
                source = f"{record.source or ''} {row.path[1]}印为一行（均为 0）".strip()
                out[key] = Cell(0, values[i].state, raw=figures[i], source=source, confidence=Confidence.INFERRED)
            else:
                out[key] = Cell.missing(
                    f"“{row.path[1]}”印为一行（{' '.join(record.figures)}），无法分到三个子项",
                    raw=" ".join(record.figures),
                    source=record.source,
                )


def _assemble_wide(table: Table, lines: list[Line], out: dict[str, Cell], records: list[Record] | None = None) -> None:
    figures: list[str] = []
    sources: list[str] = []
    for record in find_records(lines) if records is None else records:
        if record.label and record.is_table_row:
            continue
        figures.extend(record.figures)
        sources.extend(record.where(i) for i in range(len(record.figures)))
    read_wide(table, figures, sources, out)


def read_wide(table: Table, figures: list[str], sources: list[str], out: dict[str, Cell]) -> None:
    """The cells of table 四 from its one printed row of figures, in order
    (glued digits split under the group sums)."""
    keys = [(f"{table.code}.{r.code}.{c.code}", c) for r in table.rows for c in r.columns]
    span = _fit_range(figures, len(keys)) if figures else None
    if span is None:
        runs = _runs(figures, len(keys)) if figures else None
        group = len(table.rows[0].columns) if table.rows and _total_group(table, table.rows[0]) else None
        if runs is not None and group and all(len(r.columns) == group for r in table.rows):
            split = split_runs(runs, len(keys), group, digits.GROUP_SUM_RULE)
            if split.values is not None:
                where = Record("", "", [], "", False)
                where.source = sources[0] if sources else f"表{table.number}"
                _put_split([k for k, _ in keys], [c for _, c in keys], split.values, where, split, split.basis, out)
                return
            if split.candidates:
                reason = f"表{table.number}的数字连在一起印（“{split.raw}”），有多种分法：" + (
                    digits.show_candidates(split.candidates) + "，无法确定"
                )
                for key, _ in keys:
                    out[key] = Cell.missing(reason, raw=split.raw, confidence=Confidence.AMBIGUOUS)
                return
            if split.problem:
                reason = f"表{table.number}的数字连在一起印：{split.problem}"
                for key, _ in keys:
                    out[key] = Cell.missing(reason, raw=split.raw)
                return
        reason = f"表{table.number}读到 {len(figures)} 个数字，应有 {len(keys)} 个"
        for key, _ in keys:
            out[key] = Cell.missing(reason, raw=" ".join(figures) or None)
        return
    start, end = span
    for (key, column), text, source in zip(keys, figures[start:end], sources[start:end], strict=True):
        out[key] = read_figure(text, column.kind, source=source or f"表{table.number}")


# -- front matter ------------------------------------------------------------------


_TITLE_SUFFIX = FORMATS["2021"].title_suffix
# "2023年度济源市人民政府政府信息公开工作年度报告": the agency after the year.
_YEAR_AGENCY_TITLE = re.compile(
    r"(20\d\d|19\d\d)\s*年\s*度?\s*(?:的)?\s*([^\s，。,、：:；]{2,40}?)\s*" + re.escape(_TITLE_SUFFIX)
)
# "XX局关于2023年度…": the word that joins an agency to its report's title.
_TITLE_JOINERS = re.compile(r"(?:关于|的|发布|公布)+$")


def _title_match(text: str) -> tuple[int, str, str] | None:
    """(year, agency before the year, agency after it) of a report's title line."""
    match = _YEAR_TITLE.search(text)
    if match:
        return int(match.group(1)), text[: match.start()], ""
    match = _YEAR_AGENCY_TITLE.search(text)
    if match:
        return int(match.group(1)), text[: match.start()], match.group(2)
    return None


def _read_year(front: list[Line], all_lines: list[Line]) -> int | None:
    for line in front[:15] + all_lines[:15]:
        match = _title_match(clean(line.text))
        if match:
            return match[0]
    text = " ".join(clean(line.text) for line in all_lines[:40])
    match = _PERIOD_YEAR.search(text)
    if match and match.group(1) == match.group(2):
        return int(match.group(1))
    return None


def _agency_of_title(before: str, after: str) -> str:
    before = _TITLE_JOINERS.sub("", re.sub(r"\s+", "", before))
    after = re.sub(r"\s+", "", after)
    return before or after


def _read_agency(front: list[Line], suffix: str) -> str | None:
    previous = ""
    title_agency = None
    for line in front[:15]:
        text = clean(line.text)
        match = _title_match(text)
        if match:
            _, before, after = match
            if line.is_table_row and len(line.cells) > 1:
                cell = clean(next((c for c in line.cells if _title_match(clean(c))), text))
                _, before, after = _title_match(cell)
            title_agency = _agency_of_title(before, after) or re.sub(r"\s+", "", previous) or None
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


# -- front matter of a text with no line structure (the stream reader's) -------------

_AGENCY_SUFFIX = re.compile(
    r"(?:局|委员会|委|办公室|办|人民政府|政府|院|会|厅|部|署|中心|处|所|队|站|馆|区|镇|乡|街道|室|公司)$"
)
_TITLE_FIELD = re.compile(r"^.*[\s:：>»|】\]]")


def read_year_of_text(text: str) -> int | None:
    """The report's year: from its title near the top, else from the statistics period."""
    head = text[:4000]
    match = _title_match(head)
    if match:
        return match[0]
    match = _PERIOD_YEAR.search(text[:20000])
    if match and match.group(1) == match.group(2):
        return int(match.group(1))
    return None


def read_agency_of_text(text: str, suffix: str) -> str | None:
    """The agency of a report's title anywhere near the top of a text (a crawled
    page: ``标题: XX局2023年政府信息公开工作年度报告``, or the title after the
    site's navigation). Every title there is tried; the name kept is the
    shortest that ends like an agency (局, 委, 人民政府 …)."""
    names: list[str] = []
    head = text[:4000]
    for match in _YEAR_TITLE.finditer(head):
        before = _TITLE_JOINERS.sub("", head[max(0, match.start() - 60) : match.start()].rstrip())
        before = _TITLE_FIELD.sub("", before).strip()
        if before:
            names.append(before)
    for match in _YEAR_AGENCY_TITLE.finditer(head):
        names.append(re.sub(r"\s+", "", match.group(2)))
    plausible = [n for n in names if 2 <= len(n) <= 40 and _AGENCY_SUFFIX.search(n)]
    if plausible:
        return min(plausible, key=len)
    author = _AUTHOR.search(re.sub(r"\s+", "", text[:6000]))
    if author:
        return author.group(1)
    return names[0] if names and len(names[0]) <= 40 else None


_SIGNED_DATE_ANYWHERE = re.compile(r"(20\d\d)\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日")


def read_published_on_text(text: str) -> date | None:
    """The publication date: a 发布日期 field near the top, else the date the report is signed with."""
    match = _PUBLISHED.search(text[:4000])
    if match:
        return _date(*match.groups())
    chrome = _SITE_CHROME.search(text, max(0, len(text) - 3000))
    end = chrome.start() if chrome else len(text)
    dates = list(_SIGNED_DATE_ANYWHERE.finditer(text, max(0, end - 200), end))
    if dates:
        return _date(*dates[-1].groups())
    return None


def narrative_text_of(body: str, code: str) -> str:
    """A narrative section's text out of a stream: page numbers and the site's footer dropped."""
    chrome = _SITE_CHROME.search(body)
    if chrome:
        body = body[: chrome.start()]
    body = re.sub(r"(?m)^\s*[-—–－]\s*\d+\s*[-—–－]\s*$", "", body)
    return body.strip()


# A web page goes on after the report: sharing buttons, the site's footer.
_SITE_CHROME = re.compile(
    r"(主办单位|承办单位|网站标识码|ICP\s*备|公网安备|版权所有|技术支持\s*[:：]|分享到|打印本页|关闭窗口|【\s*打印\s*】"
    r"|【\s*关闭\s*】|返回顶部|上一篇|下一篇|相关链接|网站地图|联系我们)"
)


def _drop_site_chrome(parts: dict[str, list[Line]]) -> None:
    """The lines of a site's page after the report, cut from the last section."""
    if not parts:
        return
    last = parts[list(parts)[-1]]
    for index, line in enumerate(last):
        if not line.is_table_row and _SITE_CHROME.search(clean(line.text)):
            del last[index:]
            return


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
    return detect_format(normalize_label(" ".join(line.text for line in proactive_lines)), year)


def detect_format(text: str, year: int | None, key=normalize_label) -> ReportFormat:
    """The format whose table 二 labels ``text`` prints most (a 2021 report may be
    printed in the 2019 table), else the format of ``year``, else the current one.
    ``text`` is already folded by ``key``, the function the labels are folded with."""
    scores = {}
    for fmt in FORMATS.values():
        table = fmt.table("proactive")
        labels = {c.label for r in table.rows for c in r.columns} | {r.label for r in table.rows}
        scores[fmt.code] = sum(1 for label in labels if key(label) in text)
    best = max(scores.values())
    leaders = [code for code, score in scores.items() if score == best]
    if best > 0 and len(leaders) == 1:
        return FORMATS[leaders[0]]
    if year is not None:
        try:
            return format_for_year(year)
        except ValueError:
            pass
    return FORMATS["2021"]


# -- entry point -------------------------------------------------------------------


def assemble(lines: list[Line], *, name: str | None = None) -> Report:
    """The report that ``lines`` print; ``name`` (the file's) only for messages.

    The lines are read first by their structure (headings on lines of their
    own, a row's label and figures on one line or in one table row). When
    that finds no table, or leaves figures unread, the same document is read
    again as one stream of characters by its labels (``stream``), which needs
    no line structure at all; the reading with fewer unread figures wins,
    the line reading on a tie."""
    from .stream import read_stream

    try:
        by_lines: Report | None = _assemble_lines(lines, name=name)
    except ParseError:
        by_lines = None
    if by_lines is not None and _unread(by_lines) == 0:
        return by_lines
    try:
        by_stream = read_stream(stream_text(lines), name=name)
    except ParseError:
        if by_lines is not None:
            return _with_some_figure(by_lines, name)
        raise  # the stream reader says what it did find (which headings, which tables not)
    if by_lines is None or _unread(by_stream) < _unread(by_lines):
        return _with_some_figure(by_stream, name)
    return _with_some_figure(by_lines, name)


def _with_some_figure(report: Report, name: str | None) -> Report:
    """A reading with not one figure in any table is no report (a spreadsheet of notes
    whose words look like headings, an article that quotes them): refused, saying which
    headings were found, rather than passed on as a report with every figure unread."""
    if any(cell.state is not CellState.MISSING for _, cell in report.iter_cells()):
        return report
    what = f"“{name}”" if name else "文件"
    numbers = {s.code: s.number for s in report.format.sections}
    found = "、".join(f"第{numbers[h.section]}部分" for h in report.headings if h.section in numbers)
    seen = f"找到了{found}的标题，但" if found else ""
    raise ParseError(f"{what}中{seen}没有读到任何一个表格中的数字，不像一份{report.format.title_suffix}")


def _unread(report: Report) -> int:
    return sum(1 for _, cell in report.iter_cells() if cell.state is CellState.MISSING)


def stream_text(lines: list[Line]) -> str:
    """The document as one text: a table row's cells apart by tabs, lines by line breaks."""
    return "\n".join("\t".join(line.cells) if line.is_table_row else " ".join(line.cells) for line in lines)


def _assemble_lines(lines: list[Line], *, name: str | None = None) -> Report:
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
    # each table's records found once: the blank-cell test and the table's reading share them
    records_of = {table.code: find_records(parts[table.code]) for table in fmt.tables if table.code in parts}
    blanks_lost = _blanks_lost(fmt, records_of)
    for table in fmt.tables:
        table_lines = parts.get(table.code)
        if table_lines is None:
            for key in table.cell_keys():
                cells[key] = Cell.missing(f"报告中没有找到第{table.number}部分")
            continue
        records = records_of[table.code]
        if table.layout is Layout.BLOCKS:
            _assemble_blocks(table, table_lines, cells, blanks_lost, records)
        elif table.layout is Layout.MATRIX:
            _assemble_matrix(table, table_lines, cells, fmt, records)
        else:
            _assemble_wide(table, table_lines, cells, records)
    _drop_site_chrome(parts)
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
        headings=tuple(Heading(_section_number(code), code) for code in parts),
    )


def _section_number(code: str) -> str:
    return next(s.number for s in FORMATS["2021"].sections if s.code == code)


def _normalise_line(line: Line) -> Line:
    cells = [unicodedata.normalize("NFC", c).replace("\xa0", " ").replace("\u3000", " ") for c in line.cells]
    return Line(cells, line.source, line.is_table_row)


def count_states(report: Report) -> dict[CellState, int]:
    counts = dict.fromkeys(CellState, 0)
    for _, cell in report.iter_cells():
        counts[cell.state] += 1
    return counts
