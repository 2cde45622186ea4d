"""Reading a report from its character stream, wherever its lines break.

A crawled page gives the whole report on one line, headings running into
prose and table cells glued without separators
(``…二、主动公开……规章000…文件24432…``);
an HTML fragment on one line, a PDF's text with its line breaks lost or a
Markdown conversion give the same stream with other noise. Lines say nothing
there, so this reader never looks at them. It finds the report's parts by the
format's own labels (``annual_report/format``, the one place they are spelled):

1. the document is folded into a *skeleton*: width folded (NFKC), spaces,
   punctuation and brackets dropped exactly as ``normalize_label`` drops them,
   a few OCR confusions of label characters folded (子→予 …), every skeleton
   character remembering where it stood in the text;
2. every label the format prints — the section headings 一…六, each table
   row's label with its numbering (``2.没有现成…`` → ``2没有现成…``), the group labels above rows — gives a few
   *keys* (with and without its numbering, before its parenthetical, its
   head and tail for a mistyped middle), and every occurrence of a key is a
   candidate anchor;
3. one chain of anchors in the format's order is chosen, the one that
   matches most label characters (a dynamic programme over the candidates;
   a row the report leaves out is skipped, a stray occurrence — 其他 in the
   column headers, a heading's words quoted in the introduction — loses to
   the occurrence that keeps the order);
4. a row's figures are the figure text right after its label, up to the
   first thing that is not a figure (a label, a sentence) and never past the
   next anchor. The numbering of the next label that ran into the figures
   (``40000042.没有现成…``: the ``2`` is the next label's) belongs to that
   label, because its key starts with it. Figures are handed to the shared
   engine (``engine.read_matrix`` …), which reads exact cells, splits glued
   digits under the format's sums, or says why it cannot.

Numbers in prose — years, dates, 文号, phone numbers, "共收到申请3条" — never
reach a table: only the figure text right after a row's label (or right after
table 四's header) is read, and a number followed by a unit (年, 件, 条 …) or
preceded by 第 is prose.
"""

from __future__ import annotations

import bisect
import re
import unicodedata
from dataclasses import dataclass, field, replace
from functools import lru_cache

from ..errors import ParseError
from ..format import FORMATS, Layout, ReportFormat, Row, Table, normalize_label
from ..model import Cell, Confidence, Heading, Report
from . import engine

# Characters the skeleton drops: those ``normalize_label`` drops, and more
# punctuation that labels never need.
_DROPPED = re.compile(r"[\s\"'、，,。.．:：;；·•\-—–_()（）\[\]【】“”‘’「」<>《》/／|*#=+~`!！?？…]")
# Label characters that OCR and careless typing confuse; folded on both sides.
_CONFUSIONS = {"子": "予", "己": "已", "巳": "已", "末": "未", "曰": "日"}
_LABEL_FOLD = str.maketrans({"“": '"', "”": '"', "„": '"', "‘": "'", "’": "'", "「": '"', "」": '"', **_CONFUSIONS})
_CJK = re.compile(r"[\u3400-\u9fff]")
_ORDINAL = "一二三四五六七八九十"

# What may follow a number in prose (a unit, a date), or precede it (第).
_PROSE_UNITS = frozenset("年月日时分秒号件个条项次人户家名起宗例份篇期场批类余多天倍%％万亿元岁")


class _WidthFolding(dict):
    """A translation table that folds a character by NFKC when that gives one
    character (full-width digits and brackets), learning characters as it meets them."""

    def __missing__(self, code: int) -> int:
        folded = unicodedata.normalize("NFKC", chr(code))
        value = ord(folded) if len(folded) == 1 else code
        if code in (0xA0, 0x3000):
            value = 0x20
        self[code] = value
        return value


_WIDTH = _WidthFolding()


def fold_width(text: str) -> str:
    """Full-width forms folded (NFKC) character by character, so that every
    position stays where it was: the narrative is cut from the text as
    printed, at the positions found in the folded one."""
    return text.translate(_WIDTH)


def _fold(text: str) -> str:
    return text.translate(_LABEL_FOLD)


@dataclass(frozen=True)
class Skeleton:
    """The comparable characters of a text and where each one stood.

    Only the dropped characters' positions are kept (a quarter of the text):
    the k-th kept character stands at k plus the number of dropped ones
    before it, found by bisection in ``kept_before_drop`` (for each dropped
    character, how many kept ones precede it)."""

    chars: str
    dropped: tuple[int, ...]
    kept_before_drop: tuple[int, ...]
    length: int

    @classmethod
    def of(cls, folded: str) -> Skeleton:
        """The skeleton of a text already folded by ``_fold``."""
        dropped = tuple(m.start() for m in _DROPPED.finditer(folded))
        kept_before = tuple(d - j for j, d in enumerate(dropped))
        return cls(_DROPPED.sub("", folded), dropped, kept_before, len(folded))

    def position_in_text(self, k: int) -> int:
        """Where skeleton character ``k`` stands in the text."""
        return k + bisect.bisect_right(self.kept_before_drop, k)

    def position_in_skeleton(self, position: int) -> int:
        """How many skeleton characters stand before text ``position``."""
        return position - bisect.bisect_left(self.dropped, position)

    def start_in_text(self, k: int) -> int:
        return self.position_in_text(k) if k < len(self.chars) else self.length

    def end_in_text(self, k: int) -> int:
        """The text position right after skeleton character ``k - 1``."""
        return self.position_in_text(k - 1) + 1 if k > 0 else 0


@lru_cache(maxsize=4096)
def _key(label: str) -> str:
    return _fold(normalize_label(label))


_NUMBERING = re.compile(r"^(?:[（(]?[一二三四五六七八九十]+[)）、.．]?|\d+[.．、])")


def _without_numbering(label: str) -> str:
    return _NUMBERING.sub("", label.strip(), count=1)


def _row_keys(label: str, variants: tuple[str, ...] = ()) -> list[tuple[str, float]]:
    """The keys of a printed label, best first, with the score a match earns."""
    keys: dict[str, float] = {}

    def add(text: str, score: float) -> None:
        key = _key(text)
        if key and keys.get(key, -1) < score:
            keys[key] = score

    for printed in (label, *variants):
        full = _key(printed)
        bare_text = _without_numbering(printed)
        bare = _key(bare_text)
        add(printed, len(full) + 1.0)  # with its numbering: it also claims the digits of its number
        add(bare_text, float(len(bare)))
        core = re.split(r"[（(]", bare_text, maxsplit=1)[0]
        if core != bare_text and len(_key(core)) >= 2:
            add(core, float(len(_key(core))))
            numbered_core = printed[: len(printed) - len(bare_text)] + core
            add(numbered_core, len(_key(numbered_core)) + 1.0)
        if len(bare) >= 8:
            # a mistyped or dropped character in the middle: the head or the tail still anchors
            add(bare[:5], 4.0)
            add(bare[-5:], 4.0)
            numbering = full[: len(full) - len(bare)]
            if numbering:
                add(numbering + bare[:5], 5.0)
    return sorted(keys.items(), key=lambda item: -item[1])


@dataclass(frozen=True)
class Target:
    """Something the chain of anchors may place: a section, a row, a group label."""

    kind: str  # "section", "row", "group", "header"
    code: str  # section code, row code, or the group's label
    table: str | None
    keys: tuple[tuple[str, float], ...]
    # headings reworded around their keywords: matched in the text itself
    patterns: tuple[tuple[re.Pattern[str], float], ...] = ()


@dataclass(frozen=True)
class Anchor:
    target: Target
    start: int  # skeleton positions
    end: int
    score: float


def _section_keys(fmt: ReportFormat, section) -> list[tuple[str, float]]:
    keys: dict[str, float] = {}
    for title in (section.title, *section.variants):
        keys[_key(section.number + title)] = len(_key(title)) + 1.0
        # a heading reworded after its first words (四、…复议与…诉讼情况)
        head = _key(section.number + title)[:5]
        keys.setdefault(head, 5.0)
    return sorted(keys.items(), key=lambda item: -item[1])


def _section_patterns(section) -> tuple[tuple[re.Pattern[str], float], ...]:
    """A heading by its numeral, a numbering mark and one of its keywords a few
    characters on (五、政府信息公开工作存在的主要问题…), never inside a sentence."""
    return tuple(
        (
            re.compile(
                rf"{section.number}\s*[、.．]\s*[^。；，,\d]{{0,14}}?{re.escape(keyword)}"
                rf"(?:[^。；，,\d(（]{{0,10}}?(?:情况|措施|事项|附表))?"
            ),
            float(len(keyword)),
        )
        for keyword in section.keywords
        if len(keyword) >= 2
    )


@lru_cache(maxsize=8)
def _targets(fmt: ReportFormat) -> tuple[Target, ...]:
    """Everything the format prints that can anchor the reading, in printed order."""
    tables = {t.code: t for t in fmt.tables}
    out: list[Target] = []
    for section in fmt.sections:
        out.append(
            Target("section", section.code, None, tuple(_section_keys(fmt, section)), _section_patterns(section))
        )
        table = tables.get(section.code)
        if table is None:
            continue
        if table.layout is Layout.WIDE:
            labels = dict.fromkeys(
                [lab for row in table.rows for lab in row.path]
                + [lab for row in table.rows for col in row.columns for lab in (*col.path, *col.variants)]
            )
            out.append(
                Target("header", table.code, table.code, tuple((_key(lab), 0.01) for lab in labels if _key(lab)))
            )
            continue
        seen_groups: set[str] = set()
        split_rows = engine.split_other_rows(table)
        for row in table.rows:
            for group in row.path[:-1]:
                if group not in seen_groups:
                    seen_groups.add(group)
                    if split_rows and group == split_rows[0].path[1]:
                        # (六) may be printed as one row with figures even in the 2021 format
                        keys = _row_keys(group)
                        out.append(Target("row", engine.SINGLE_OTHER_GROUP, table.code, tuple(keys)))
                    else:
                        out.append(Target("group", group, table.code, tuple((k, s * 0.3) for k, s in _row_keys(group))))
            out.append(Target("row", row.code, table.code, tuple(_row_keys(row.label, row.variants))))
    return out


def _occurrences(skeleton: str, key: str, limit: int = 200) -> list[int]:
    found = []
    start = skeleton.find(key)
    while start >= 0 and len(found) < limit:
        found.append(start)
        start = skeleton.find(key, start + 1)
    return found


def choose_anchors(text: str, skeleton: Skeleton, targets: tuple[Target, ...]) -> list[Anchor]:
    """The chain of anchors, in the targets' order, that matches the most.

    A state is an anchor placed with the best total of a chain ending in it;
    a target may be skipped. The best state ending at or before a position is
    kept in a Fenwick tree over the skeleton's positions (a running maximum),
    so that placing an anchor costs a logarithm, not a pass over all states.
    Among equal totals the later anchor wins, so a heading quoted in the
    introduction loses to the heading itself."""
    # (end, total, previous state, anchor); state 0 is the start of the text
    states: list[tuple[int, float, int, Anchor | None]] = [(0, 0.0, -1, None)]
    best = _BestBefore(len(skeleton.chars) + 1)
    best.put(0, 0, states)
    for target in targets:
        placed: list[tuple[int, float, int, Anchor | None]] = []
        if target.kind == "header":
            previous = best.upto(len(skeleton.chars), states)
            span = _header_span(skeleton, target, states[previous][0])
            if span is not None:
                start, end = span
                placed.append((end, states[previous][1] + 0.01, previous, Anchor(target, start, end, 0.01)))
        else:
            spans = [
                (start, start + len(key), score)
                for key, score in target.keys
                for start in _occurrences(skeleton.chars, key)
            ]
            for pattern, score in target.patterns:
                for match in pattern.finditer(text):
                    start = skeleton.position_in_skeleton(match.start())
                    end = skeleton.position_in_skeleton(match.end())
                    spans.append((start, end, score))
            for start, end, score in spans:
                previous = best.upto(start, states)
                total = states[previous][1] + score
                placed.append((end, total, previous, Anchor(target, start, end, score)))
        # the target's anchors are placed together: none of them may follow another of the same target
        for state in placed:
            states.append(state)
            best.put(state[0], len(states) - 1, states)
    last = best.upto(len(skeleton.chars), states)
    chain: list[Anchor] = []
    while last > 0:
        _, _, previous, anchor = states[last]
        assert anchor is not None
        chain.append(anchor)
        last = previous
    chain.reverse()
    return chain


class _BestBefore:
    """The best state (highest total, then latest end) among those ending at or
    before a position: a Fenwick tree of running maxima of (total, end, index)."""

    def __init__(self, size: int) -> None:
        self.size = size + 1
        self.tree: list[tuple[float, int, int]] = [(0.0, 0, 0)] * (self.size + 1)  # state 0 is the floor

    def put(self, end: int, index: int, states) -> None:
        value = (states[index][1], end, index)
        tree, i = self.tree, end + 1
        while i <= self.size:
            if value > tree[i]:
                tree[i] = value
            i += i & -i

    def upto(self, position: int, states) -> int:
        tree, i = self.tree, min(position + 1, self.size)
        found = (0.0, 0, 0)
        while i > 0:
            if tree[i] > found:
                found = tree[i]
            i -= i & -i
        return found[2]


def _header_span(skeleton: Skeleton, target: Target, start: int) -> tuple[int, int] | None:
    """Where table 四's header stands: the first run of its label words
    (复议, 维持 …) after ``start`` that is long enough to be the
    header (a sentence such as "未有…复议及…诉讼" has a
    couple of them, a header a dozen), else the longest run. A few stray
    characters may sit between the words of a run."""
    chars = skeleton.chars
    keys = sorted({k for k, _ in target.keys}, key=len, reverse=True)
    window = min(len(chars), start + 4000)
    best: tuple[int, int, int] | None = None  # (words, start, end)
    position = start
    while position < window:
        first = min((p for p in (chars.find(k, position, window) for k in keys) if p >= 0), default=-1)
        if first < 0:
            break
        words, end = _header_run(chars, keys, first)
        if words >= HEADER_WORDS:
            return first, end
        if best is None or words > best[0]:
            best = (words, first, end)
        position = end
    return (best[1], best[2]) if best else None


HEADER_WORDS = 6  # label words in a row that make table 四's header


def _header_run(chars: str, keys: list[str], position: int) -> tuple[int, int]:
    words = 0
    while position < len(chars):
        for key in keys:
            if chars.startswith(key, position):
                position += len(key)
                words += 1
                break
        else:
            ahead = [p for p in (chars.find(k, position, position + 4 + len(k)) for k in keys) if p >= 0]
            if not ahead or chars[position].isdigit():
                break
            position = min(ahead)
    return words, position


# -- figure text --------------------------------------------------------------------

_FIGURE_CHAR = re.compile(r"[\d\s|/／\-−–—.,]")
_NOTE = re.compile(r"[（(][^（()）]{0,40}[)）]")
_UNIT = re.compile(r"万元|元")
_OCR_DIGIT = str.maketrans({"O": "0", "o": "0", "〇": "0", "l": "1", "I": "1"})
_OCR_LETTERS = frozenset("OolI〇")
_PAGE_NUMBER = re.compile(
    r"(?:^|\s)[-—–－]\s*\d{1,3}\s*[-—–－](?=\s|$)|(?<=\d)[-—–－]\d{1,3}[-—–－](?=\d|$)|第\s*\d{1,3}\s*页(?:\s*共\s*\d{1,3}\s*页)?"
)
_NUMBERING_TAIL = re.compile(r"(\d)[.．、]\s*$")
_NA = frozenset({"/", "／", "—", "——", "-", "--", "－", "–"})
_MARKUP = frozenset("&<>*#_=@\\^{}~`$%")


@dataclass
class FigureText:
    text: str  # the figure text as printed
    start: int  # text positions
    end: int
    ocr: bool = False  # letters read as digits (O for 0, l for 1)
    # what stopped the figure text when it was neither a label nor the next
    # anchor (an "&" of markup, a letter): the figures may be cut short
    stopped_by: str = ""


def figure_text(text: str, start: int, limit: int) -> FigureText | None:
    """The figure text right after a label at ``start``: up to the first thing
    that is not a figure, never past ``limit``. None when no figure is there.

    A label may go on past where its key matched (a closing bracket, the rest
    of a parenthetical, a label wrapped around its figures in a PDF's text):
    up to 40 characters of label text without a sentence mark are passed over
    before the figures."""
    position = start
    skipped = 0
    while position < limit and not (
        text[position].isdigit() or text[position] in "/／—" or _ocr_digit_at(text, position, limit)
    ):
        ch = text[position]
        if ch in "。；！？" or skipped > 40:
            return None
        if _CJK.match(ch):
            skipped += 1
        position += 1
    if position >= limit:
        return None
    begin = position
    ocr = False
    out: list[str] = []
    while position < limit:
        ch = text[position]
        if _FIGURE_CHAR.match(ch):
            out.append(ch)
            position += 1
            continue
        if _ocr_digit_at(text, position, limit):
            out.append(ch.translate(_OCR_DIGIT))
            ocr = True
            position += 1
            continue
        if ch == "。" and out and out[-1].isdigit() and position + 1 < limit and text[position + 1].isdigit():
            out.append(".")  # a decimal point read as 。
            ocr = True
            position += 1
            continue
        if ch in "（(":
            note = _NOTE.match(text, position, limit)
            if note and _is_cell_note(note.group(), out):
                out.append(note.group())
                position = note.end()
                continue
            break
        unit = _UNIT.match(text, position, limit)
        if unit and out and out[-1].isdigit():
            out.append(unit.group())
            position = unit.end()
            continue
        break
    figures = "".join(out)
    # the digits of prose: "2025年", "53条" right after the figure text, when
    # label text was passed over to reach them, or a year anywhere
    if position < limit and text[position] in _PROSE_UNITS:
        trailing = re.search(r"\d+(?:\.\d+)?\s*$", figures)
        year = re.search(r"(?:19|20)\d\d\s*$", figures) if text[position] == "年" else None
        if trailing and skipped:
            figures = figures[: trailing.start()]
        elif year:
            figures = figures[: year.start()]  # a sentence opening with its year, glued to the figures
    stop = text[position] if position < limit else ""
    suspect = bool(stop) and (stop.isascii() and (stop.isalpha() or stop in _MARKUP))
    figures = _PAGE_NUMBER.sub(" ", figures)
    # the numbering of the next label that ran into the figures: "…00000002.属于…"
    tail = _NUMBERING_TAIL.search(figures)
    if tail and position < limit and _CJK.match(text[position]):
        figures = figures[: tail.start()]
    figures = figures.strip(" \t\n\r|.,")
    if not any(ch.isdigit() for ch in figures) and figures.strip() not in _NA:
        return None
    return FigureText(figures, begin, position, ocr, stop if suspect else "")


def _ocr_digit_at(text: str, position: int, limit: int) -> bool:
    """A letter that OCR put for a digit (O for 0, l or I for 1): next to a
    digit, and not inside a word of letters."""
    if text[position] not in _OCR_LETTERS:
        return False
    before = text[position - 1] if position > 0 else ""
    after = text[position + 1] if position + 1 < len(text) else ""  # past the limit too: "O3.危及…"
    if (before.isascii() and before.isalpha()) or (after.isascii() and after.isalpha()):
        return False
    return before.isdigit() or after.isdigit()


def _is_cell_note(note: str, figures_so_far: list[str]) -> bool:
    """A note inside a cell (22（其中修订16件）), not the next label's numbering (（二）)."""
    inner = note[1:-1].strip()
    if not inner or re.fullmatch(f"[{_ORDINAL}]+", inner):
        return False
    return bool("".join(figures_so_far).strip()) and "".join(figures_so_far).rstrip()[-1:].isdigit()


def tokens_of(figures: str) -> list[str]:
    """The cells of figure text: apart by spaces, or by tabs and bars (the
    cells of a table, where an empty cell between two separators is a blank)."""
    if "\t" in figures or "|" in figures:
        return [c.strip() for c in re.split(r"[\t|]", figures.strip(" \t|"))]
    return [t for t in re.split(r"\s+", figures) if t]


# -- the reading --------------------------------------------------------------------


@dataclass
class Located:
    """What the chain of anchors found: for messages when a report is not read."""

    sections: dict[str, int]  # section code -> text position of its heading
    rows: dict[str, dict[str, engine.Record]]  # table -> row code -> record
    wide: dict[str, FigureText]
    # rows whose figure text ended at something that is no label (markup, a letter)
    suspects: dict[str, dict[str, tuple[str, FigureText]]] = field(default_factory=dict)
    headings: tuple[Heading, ...] = ()
    bodies: dict[str, int] = field(default_factory=dict)  # section code -> where its text starts, after the heading


def _line_and_column(text: str, position: int) -> str:
    line = text.count("\n", 0, position) + 1
    column = position - (text.rfind("\n", 0, position) + 1) + 1
    return f"第{line}行第{column}字"


def _record(text: str, row: Row, label: str, figures: FigureText) -> engine.Record:
    """The record of a row's figure text. When it has fewer cells than the row has
    columns and more digits than cells, it was printed (at least partly) without
    separators: its positions say so (“…”), so that its digits are split and blank
    cells may have vanished among them."""
    tokens = tokens_of(figures.text)
    source = _line_and_column(text, figures.start)
    cells = "\t" in figures.text or "|" in figures.text
    places = sum(sum(ch.isdigit() for ch in token) for token in tokens)
    if len(tokens) < len(row.columns) and places > len(tokens) and not cells:
        positions = ["“" + token + "”" for token in tokens]
    else:
        positions = [f"第{i}{'格' if cells else '个数字'}" for i in range(1, len(tokens) + 1)]
    return engine.Record(label, "", tokens, source, cells, "", positions, ocr=figures.ocr)


def locate(text: str, fmt: ReportFormat) -> Located:
    folded = _fold(text)
    skeleton = Skeleton.of(folded)
    chain = choose_anchors(folded, skeleton, _targets(fmt))
    sections: dict[str, int] = {}
    rows: dict[str, dict[str, engine.Record]] = {}
    wide: dict[str, FigureText] = {}
    suspects: dict[str, dict[str, tuple[str, FigureText]]] = {}
    bodies: dict[str, int] = {}
    starts = [skeleton.start_in_text(a.start) for a in chain]
    for index, anchor in enumerate(chain):
        target = anchor.target
        start = skeleton.end_in_text(anchor.end)
        limit = starts[index + 1] if index + 1 < len(chain) else len(text)
        if target.kind == "section":
            sections[target.code] = skeleton.start_in_text(anchor.start)
            bodies[target.code] = start
        elif target.kind == "row" and target.table is not None:
            table = fmt.table(target.table)
            figures = figure_text(text, start, limit)
            if figures is None:
                continue
            row = _row_for(table, target.code)
            label = row.path[1] if target.code == engine.SINGLE_OTHER_GROUP else row.label
            if figures.stopped_by:
                suspects.setdefault(table.code, {})[target.code] = (label, figures)
                continue
            rows.setdefault(table.code, {})[target.code] = _record(text, row, label, figures)
        elif target.kind == "header" and target.table is not None:
            figures = _wide_figures(text, start, limit)
            if figures is not None:
                wide[target.table] = figures
    return Located(sections, rows, wide, suspects, _headings(text, skeleton, fmt, sections), bodies)


def _headings(text: str, skeleton: Skeleton, fmt: ReportFormat, placed: dict[str, int]) -> tuple[Heading, ...]:
    """Every section heading in printed order: those the chain placed, and a
    section's title printed under another numeral (``五、其他…事项`` under 五)
    or out of order, which the chain cannot place."""
    found: list[tuple[int, str, str]] = []
    by_code = {s.code: s for s in fmt.sections}
    for code, position in placed.items():
        found.append((position, by_code[code].number, code))
    for section in fmt.sections:
        if section.code in placed:
            continue
        for title in (section.title, *section.variants):
            key = _key(title)
            for start in _occurrences(skeleton.chars, key, limit=20):
                if start == 0 or skeleton.chars[start - 1] not in _ORDINAL:
                    continue
                numeral_at = skeleton.position_in_text(start - 1)
                between = text[numeral_at + 1 : skeleton.position_in_text(start)]
                if re.fullmatch(r"\s*[、.．]\s*", between):
                    found.append((numeral_at, skeleton.chars[start - 1], section.code))
                    break
            else:
                continue
            break
    return tuple(Heading(number, code) for _, number, code in sorted(found))


def _wide_figures(text: str, start: int, limit: int) -> FigureText | None:
    """Table 四's one row of figures after its header, across page numbers."""
    first = figure_text(text, start, limit)
    if first is None:
        return None
    parts = [first.text]
    end = first.end
    # a page number or a page break may cut the row: "10 1 0 -4- 0 0 …"
    while True:
        page = re.match(r"\s*(?:[-—–－]\s*\d{1,3}\s*[-—–－]|第\s*\d{1,3}\s*页)\s*", text[end:limit])
        if not page:
            break
        more = figure_text(text, end + page.end(), limit)
        if more is None or more.start != end + page.end():
            break
        parts.append(more.text)
        end = more.end
    return FigureText(" ".join(parts), first.start, end, first.ocr)


def _detect_format(text: str, sections: dict[str, int], year: int | None) -> ReportFormat:
    """The format whose table 二 labels section 二 prints (a 2021 report may use the 2019 table)."""
    start = sections.get("proactive", 0)
    end = sections.get("requests", len(text))
    window = _key(text[start:end]) if end > start else _key(text)
    return engine.detect_format(window, year, key=_key)


def _mark_ocr(cells: dict[str, Cell], table: Table, records: dict[str, engine.Record]) -> None:
    for code, record in records.items():
        if not record.ocr or code == engine.SINGLE_OTHER_GROUP:
            continue
        for column in table.row(code).columns:
            key = f"{table.code}.{code}.{column.code}"
            cell = cells.get(key)
            if cell is not None and cell.is_number:
                cells[key] = replace(cell, confidence=Confidence.OCR)


def _table_missing(cells: dict[str, Cell], table: Table, reason: str, **printed) -> None:
    for key in table.cell_keys():
        cells[key] = Cell.missing(reason, **printed)


def read_stream(text: str, *, name: str | None = None) -> Report:
    """The report printed in ``text``, read by its labels wherever its lines break."""
    printed = text
    text = fold_width(text)
    probe = FORMATS["2021"]
    located = locate(text, probe)
    year = engine.read_year_of_text(text)
    fmt = _detect_format(text, located.sections, year)
    if fmt is not probe:
        located = locate(text, fmt)
    found_tables = [t for t in fmt.tables if located.rows.get(t.code) or t.code in located.wide]
    if not found_tables:
        raise ParseError(_not_found_message(fmt, located, name))
    cells: dict[str, Cell] = {}
    for table in fmt.tables:
        if table.layout is Layout.WIDE:
            figures = located.wide.get(table.code)
            if figures is None:
                why = "没有找到这一部分" if table.code not in located.sections else "这一部分没有读到数字"
                _table_missing(cells, table, f"表{table.number}：{why}")
                continue
            tokens = tokens_of(figures.text)
            source = _line_and_column(text, figures.start)
            if figures.stopped_by:
                reason = f"表{table.number}的数字“{figures.text}”后紧跟着“{figures.stopped_by}”，数字可能不全，无法确定"
                _table_missing(cells, table, reason, raw=figures.text, source=source)
                continue
            engine.read_wide(table, tokens, [f"{source}第{i}个数字" for i in range(1, len(tokens) + 1)], cells)
            continue
        records = located.rows.get(table.code, {})
        if not records:
            why = "没有找到这一部分" if table.code not in located.sections else "这一部分没有读到任何一行的数字"
            _table_missing(cells, table, f"表{table.number}：{why}")
            continue
        if table.layout is Layout.MATRIX:
            engine.read_matrix(table, records, cells, fmt)
        else:
            engine.read_blocks(table, records, cells)
        _mark_ocr(cells, table, records)
        for code, (label, figures) in located.suspects.get(table.code, {}).items():
            if code == engine.SINGLE_OTHER_GROUP:
                continue
            reason = (
                f"“{label}”这一行的数字“{figures.text}”后紧跟着“{figures.stopped_by}”，"
                "不像表格的内容（可能是网页代码或识别错误），数字可能不全，无法确定"
            )
            source = _line_and_column(text, figures.start)
            for column in table.row(code).columns:
                cells[f"{table.code}.{code}.{column.code}"] = Cell.missing(reason, raw=figures.text, source=source)
    return Report(
        format=fmt,
        year=year,
        agency=engine.read_agency_of_text(text, fmt.title_suffix),
        cells=cells,
        sections=_narrative(printed, located),
        published_on=engine.read_published_on_text(text),
        headings=located.headings,
    )


def _row_for(table: Table, code: str) -> Row:
    if code == engine.SINGLE_OTHER_GROUP:
        return engine.split_other_rows(table)[0]
    return table.row(code)


_NARRATIVE = ("overview", "problems", "other_matters")


def _narrative(text: str, located: Located) -> dict[str, str]:
    """The narrative sections' text, from each heading to the next one."""
    order = sorted(located.sections.items(), key=lambda item: item[1])
    out: dict[str, str] = {}
    for index, (code, start) in enumerate(order):
        if code not in _NARRATIVE:
            continue
        end = order[index + 1][1] if index + 1 < len(order) else len(text)
        body = text[located.bodies.get(code, start) : end]
        out[code] = engine.narrative_text_of(body.lstrip("：: "), code)
    return out


def _not_found_message(fmt: ReportFormat, located: Located, name: str | None) -> str:
    what = f"“{name}”" if name else "文件"
    found = [f"第{s.number}部分" for s in fmt.sections if s.code in located.sections]
    tables = [f"表{t.number}" for t in fmt.tables]
    if found:
        return (
            f"{what}中找到了{'、'.join(found)}的标题，但没有读到{'、'.join(tables)}中的任何一行数字，"
            f"无法作为{fmt.title_suffix}读取"
        )
    headings = "／".join(f"{s.number}、{s.title}" for s in fmt.sections if s.code in {t.code for t in fmt.tables})
    return f"{what}中没有找到年度报告的表格部分（{headings}），不像一份{fmt.title_suffix}"
