"""The checks real reviewers apply to a report's words: a year left over from last
year's text, section 五 or 六 written as only "无", sections missing or out of
order, claims the tables contradict ("全部办结" with requests carried over,
"未发生…复议" with cases in table 四), and template placeholders left in.

The words they look for are format data (``ReportFormat.review_words``); this
module only applies them. Every pattern errs on the side of silence: a sentence
that could mean something else is left alone, because a clerk chasing a false
alarm loses more than a missed one costs.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import lru_cache

from ..format import (
    APPEALS_TOTAL_COLUMN,
    REQUESTS_CARRIED_OUT,
    REQUESTS_TOTAL_COLUMN,
    ReportFormat,
    Section,
    cell_key,
)
from ..model import CellState, Report
from .base import (
    APPEALS,
    OTHER_MATTERS_SECTION,
    OVERVIEW_SECTION,
    PROBLEMS_SECTION,
    REQUESTS,
    Context,
    Finding,
    Severity,
    finding,
    not_checked,
    rule,
    show,
)

NARRATIVE_SECTIONS = (OVERVIEW_SECTION, PROBLEMS_SECTION, OTHER_MATTERS_SECTION)
# Sections that describe this year's work in the present: section 五 looks back at
# last year's problems by design, so a year before this one is expected there.
THIS_YEAR_SECTIONS = (OVERVIEW_SECTION, OTHER_MATTERS_SECTION)
# Sections that must say something (第五部分 and 第六部分).
NOT_EMPTY_SECTIONS = (PROBLEMS_SECTION, OTHER_MATTERS_SECTION)
QUOTE_CHARS = 40  # a quotation longer than this is cut, so that the message stays readable
SIGNATURE_CHARS = 60  # after a full date, at most this much text is a signature or page chrome

_SENTENCE = re.compile(r"[^。！？；;!?\n]+")
_DATE = re.compile(r"\d{4}\s*年\s*\d{1,2}\s*月\s*\d{1,2}\s*日")
_YEAR = re.compile(r"(?<!\d)(\d{4})(?!\d)")
_ENUMERATOR = re.compile(r"^\s*(?:[(（]\s*[一二三四五六七八九十\d]+\s*[)）]|[一二三四五六七八九十\d]+\s*[、.．])\s*")
_NOT_TEXT = re.compile(r"[\s\W_]+")
_RUN_IN_HEADING = re.compile(r"[\u4e00-\u9fff]{2,16}?(?=\d{4})")  # a part heading worded freely, before 2021年


# Full-width letters, digits and punctuation folded to ASCII, one character for one, so
# that a match in the folded text quotes the report's own characters at the same place.
_FOLD = {code: code - 0xFEE0 for code in range(0xFF01, 0xFF5F)} | {0x3000: " ", 0xA0: " "}


@lru_cache(maxsize=64)
def _fold(text: str) -> str:
    return text.translate(_FOLD)


def _normal(text: str | None) -> str:
    """``text`` as the patterns read it; the same length as ``text``. Cached: every rule
    here reads the same few sections."""
    return _fold(text or "")


@lru_cache(maxsize=64)
def _pattern(source: str) -> re.Pattern[str]:
    return re.compile(source)


def _has_text(report: Report) -> bool:
    return any(text and text.strip() for text in report.sections.values())


def _text(report: Report, code: str) -> str:
    """A narrative section as printed, less its own heading when the parser left it at the
    start (a page without line breaks runs the heading into the prose: the title of 六, then 无 …)."""
    text = report.sections.get(code) or ""
    folded = _normal(text)
    start = len(folded) - len(folded.lstrip())
    numbered = _ENUMERATOR.match(folded, start)
    if numbered:
        start = numbered.end()
    section = report.format.section(code)
    for title in sorted((section.title, *section.variants), key=len, reverse=True):
        if folded.startswith(_normal(title), start):
            return text[start + len(title) :]
    return text


def _section_name(fmt: ReportFormat, code: str) -> str:
    section = fmt.section(code)
    return f"第{section.number}部分“{section.title}”"


def _quote(text: str) -> str:
    text = " ".join(text.split())
    return text if len(text) <= QUOTE_CHARS else text[: QUOTE_CHARS - 1] + "…"


def _sentences(text: str | None) -> tuple[tuple[str, str], ...]:
    """The sentences of ``text``: each as the patterns read it, and as printed."""
    return _split(text or "")


@lru_cache(maxsize=64)
def _split(printed: str) -> tuple[tuple[str, str], ...]:
    return tuple(
        (match.group(), printed[match.start() : match.end()])
        for match in _SENTENCE.finditer(_normal(printed))
        if match.group().strip()
    )


def _no_text(code: str, what: str) -> Finding:
    return not_checked(code, f"报告中没有读到正文，未核对{what}")


# -- a year left over from last year -----------------------------------------------------


@lru_cache(maxsize=8)
def _part_titles(section: Section) -> tuple[str, ...]:
    """The numbered parts of a section without their numbering (主动公开情况 of （一）主动公开情况),
    longest first, in NFKC form."""
    titles = {_ENUMERATOR.sub("", _normal(part)).strip() for part in section.parts}
    return tuple(sorted((t for t in titles if t), key=len, reverse=True))


def _sentence_body(sentence: str, parts: tuple[str, ...], opening: re.Pattern[str]) -> str:
    """A sentence less the numbering and part heading it may open with: (一)主动公开情况2023年，…
    and, after numbering, a short heading of other words run into the year
    ((一) and a heading worded otherwise, then 2021年，我局…, on a page that lost its line breaks)."""
    body = sentence.strip()
    while True:
        before = body
        numbered = _ENUMERATOR.match(body)
        body = _ENUMERATOR.sub("", body).lstrip()
        for part in parts:
            if body.startswith(part):
                body = body[len(part) :].lstrip(" 。.:：")
                break
        else:
            if numbered and not opening.match(body):
                heading = _RUN_IN_HEADING.match(body)
                if heading and opening.match(body, heading.end()):
                    body = body[heading.end() :]
        if body == before:
            return body


@rule("S.wrong_year", Severity.WARNING, "叙述本年度工作时写成了往年年份", needs="sections")
def _s_wrong_year(ctx: Context) -> Iterator[Finding]:
    code = "S.wrong_year"
    fmt, report = ctx.fmt, ctx.report
    words = fmt.review_words
    if not words.year_sentence:
        return
    if not _has_text(report):
        yield _no_text(code, "叙述中的年份")
        return
    if report.year is None:
        yield not_checked(code, "报告中没有读到年度，未核对叙述中的年份")
        return
    opening = _pattern(words.year_sentence)
    for section_code in THIS_YEAR_SECTIONS:
        parts = _part_titles(fmt.section(section_code))
        for sentence, printed in _sentences(_text(report, section_code)):
            body = _sentence_body(sentence, parts, opening)
            match = opening.match(body)
            if not match:
                continue
            year = int(match.group(1))
            end = len(sentence.rstrip())  # body is the end of the sentence, less what it opens with
            if year >= report.year or any(word in body for word in words.comparison_words):
                continue
            if any(int(y) == report.year for y in _YEAR.findall(body)):
                continue  # the sentence also names this year: it compares the two
            yield finding(
                code,
                f"{_section_name(fmt, section_code)}中“{_quote(printed[end - len(body) : end])}”写的是 {year} 年，"
                f"本报告是 {report.year} 年度的报告；如是沿用了往年的文字，请改为本年度的情况",
                expected=report.year,
                actual=year,
            )


# -- sections 五 and 六 ------------------------------------------------------------------------


def _without_signature(text: str, agency: str | None) -> str:
    """The section less a signature at its end: the agency's name and a date with at most
    a line of page chrome after it (平潭综合实验区公安局 2020年1月17日 附件下载)."""
    for date in _DATE.finditer(text):
        if len(text) - date.end() <= SIGNATURE_CHARS:
            text = text[: date.start()]
            break
    if agency:
        text = text.replace(agency.strip(), "")
    return text


@rule("S.empty_section", Severity.WARNING, "第五、六部分不能为空或只写“无”", needs="sections")
def _s_empty_section(ctx: Context) -> Iterator[Finding]:
    code = "S.empty_section"
    fmt, report = ctx.fmt, ctx.report
    names = "、".join(_section_name(fmt, c) for c in NOT_EMPTY_SECTIONS)
    if not _has_text(report):
        yield _no_text(code, f"{names}是否写明了内容")
        return
    nothing = _pattern(fmt.review_words.nothing_to_report) if fmt.review_words.nothing_to_report else None
    for section_code in NOT_EMPTY_SECTIONS:
        if section_code not in report.sections:
            continue  # a section that is not there at all is S.section_order's
        printed = _without_signature(_text(report, section_code), report.agency).strip()
        text = _NOT_TEXT.sub("", _normal(printed))
        name = _section_name(fmt, section_code)
        if not text:
            said = "是空的"
        elif nothing is not None and nothing.fullmatch(text):
            said = f"只写了“{_quote(printed)}”"
        else:
            continue
        advice = "这一部分不能空着，请写明本年度的具体情况"
        if section_code == OTHER_MATTERS_SECTION and fmt.fee_statement_words:
            advice += f"（至少应说明{fmt.fee_statement_words[0]}的收取情况，没有收取也应写明）"
        yield finding(code, f"{name}{said}；{advice}", actual=printed or None)


# -- sections missing or out of order ------------------------------------------------------------


@rule("S.section_order", Severity.WARNING, "六个部分齐全，按顺序编号", needs="sections")
def _s_section_order(ctx: Context) -> Iterator[Finding]:
    code = "S.section_order"
    fmt, report = ctx.fmt, ctx.report
    by_code = {s.code: s for s in fmt.sections}
    order = [s.code for s in fmt.sections]
    if report.headings:
        seen: list[str] = []
        for heading in report.headings:
            section = by_code.get(heading.section)
            if section is None:  # pragma: no cover - the parser names sections of the format
                continue
            name = f"“{section.title}”"
            if heading.section in seen:
                yield finding(code, f"{name}这一部分出现了两次，请核对报告的结构", actual=heading.number)
                continue
            later = [c for c in seen if order.index(c) > order.index(heading.section)]
            if later:
                after = by_code[later[0]]
                yield finding(
                    code,
                    f"{name}排在了“{after.title}”之后；应为第{section.number}部分，各部分应按一至六的顺序排列",
                    expected=section.number,
                    actual=heading.number,
                )
            elif heading.number != section.number:
                yield finding(
                    code,
                    f"{name}应为第{section.number}部分，报告中编为“{heading.number}”",
                    expected=section.number,
                    actual=heading.number,
                )
            seen.append(heading.section)
        for section in fmt.sections:
            if section.code not in seen:
                # A parser may record only the headings it found in their place, so a section
                # printed out of order or misnumbered can read as missing: the message covers both.
                yield finding(
                    code,
                    f"没有找到第{section.number}部分“{section.title}”：报告缺少这一部分，或这一部分的编号、"
                    f"位置不对（应编为“{section.number}、”，按一至六的顺序排列）",
                    expected=section.number,
                )
        return
    if not _has_text(report):
        yield _no_text(code, "各部分是否齐全、顺序是否正确")
        return
    # The parser did not record its headings: a narrative section it did not find may be
    # missing, or headed in words it did not recognise. Saying it is missing would be a
    # false alarm in the second case, so the check says what it could not do instead.
    absent = [by_code[c] for c in NARRATIVE_SECTIONS if c not in report.sections]
    if absent:
        names = "、".join(f"第{s.number}部分“{s.title}”" for s in absent)
        yield not_checked(
            code,
            f"没有读到{names}：可能缺少，也可能标题的写法未能识别；没有记录各部分标题，未核对各部分是否齐全、顺序和编号",
        )
    else:
        yield not_checked(code, "没有记录各部分标题的顺序和编号，只核对了叙述部分是否齐全")


# -- claims the tables contradict -------------------------------------------------------------------


def _claims(
    report: Report,
    claim_patterns: tuple[str, ...],
    topic: tuple[str, ...],
    unless: tuple[str, ...],
    subject: str = "",
):
    """(section code, sentence as printed, match) for every sentence of the narrative that
    makes the claim; a sentence without ``subject`` is not even tried."""
    patterns = [_pattern(p) for p in claim_patterns]
    for section_code in NARRATIVE_SECTIONS:
        before = ""
        for sentence, printed in _sentences(_text(report, section_code)):
            context, before = before + sentence, sentence
            if subject and subject not in sentence:
                continue
            if topic and not any(word in context for word in topic):
                continue
            if any(word in sentence for word in unless):
                continue
            for pattern in patterns:
                match = pattern.search(sentence)
                if match:
                    yield section_code, printed, match
                    break


@rule("S.all_concluded", Severity.WARNING, "叙述称申请“全部办结”，而表三有结转下年度的申请", needs="sections")
def _s_all_concluded(ctx: Context) -> Iterator[Finding]:
    code = "S.all_concluded"
    fmt, report = ctx.fmt, ctx.report
    claim = fmt.review_words.all_concluded
    if not claim.patterns:
        return
    if not _has_text(report):
        yield _no_text(code, "叙述中“全部办结”一类的说法")
        return
    key = cell_key(REQUESTS, REQUESTS_CARRIED_OUT, REQUESTS_TOTAL_COLUMN)
    found = next(_claims(report, claim.patterns, claim.topic, claim.unless), None)
    if found is None:
        return
    section_code, sentence, _match = found
    cell = report.cell(key)
    where = {"table": REQUESTS, "row": REQUESTS_CARRIED_OUT, "column": REQUESTS_TOTAL_COLUMN}
    said = f"{_section_name(fmt, section_code)}写道“{_quote(sentence.strip())}”"
    if cell.state is CellState.NOT_APPLICABLE:
        return
    if cell.value is None:
        yield not_checked(code, f"{said}，但{fmt.describe(key)}缺少数字，未能核对", **where)
        return
    if cell.value > 0:
        yield finding(
            code,
            f"{said}，而{fmt.describe(key)}为 {show(cell.value)}，即有申请没有办结；两者应一致",
            expected=0,
            actual=cell.value,
            **where,
        )


def _appeal_groups(fmt: ReportFormat) -> dict[str, list[str]]:
    """The groups of table 四 as their words (its outermost labels) → the row codes under them."""
    groups: dict[str, list[str]] = {}
    for row in fmt.table(APPEALS).rows:
        groups.setdefault(_normal(row.path[0]), []).append(row.code)
    return groups


@rule("S.no_appeals", Severity.WARNING, "叙述称未发生复议、诉讼，而表四有案件", needs="sections")
def _s_no_appeals(ctx: Context) -> Iterator[Finding]:
    code = "S.no_appeals"
    fmt, report = ctx.fmt, ctx.report
    claim = fmt.review_words.no_appeals
    if not claim.patterns:
        return
    groups = _appeal_groups(fmt)
    if not _has_text(report):
        yield _no_text(code, f"叙述中“未发生{'、'.join(groups)}”一类的说法")
        return
    table = fmt.table(APPEALS)
    for word, rows in groups.items():
        patterns = tuple(p.replace("{subject}", re.escape(word)) for p in claim.patterns)
        found = next(_claims(report, patterns, claim.topic, claim.unless, subject=word), None)
        if found is None:
            continue
        section_code, sentence, _match = found
        said = f"{_section_name(fmt, section_code)}写道“{_quote(sentence.strip())}”"
        counted: list[tuple[str, int]] = []
        unread: list[str] = []
        for row_code in rows:
            row = table.row(row_code)
            cells = [(c.code, report.cell(cell_key(APPEALS, row_code, c.code))) for c in row.columns]
            values = [(c, cell.value) for c, cell in cells if cell.state is not CellState.MISSING and cell.value]
            if any(cell.state is CellState.MISSING for _, cell in cells) and not values:
                unread.append(row_code)
            # A group's total printed 0 beside counted cases (洪泽 2023) still counts the cases.
            total = dict(values).get(APPEALS_TOTAL_COLUMN) or 0
            cases = max(total, sum(v for c, v in values if c != APPEALS_TOTAL_COLUMN))
            if cases:
                counted.append((row_code, cases))
        if counted:
            listed = "，".join(f"“{' '.join(table.row(r).path)}”有 {show(n)} 件" for r, n in counted)
            row_code = counted[0][0] if len(counted) == 1 else None
            yield finding(
                code,
                f"{said}，而表{table.number}中{listed}；两者应一致",
                table=APPEALS,
                row=row_code,
                expected=0,
                actual=sum(n for _, n in counted),
            )
        elif unread:
            names = "、".join(f"“{' '.join(table.row(r).path)}”" for r in unread)
            yield not_checked(code, f"{said}，但表{table.number}{names}缺少数字，未能核对", table=APPEALS)


# -- placeholders left from a template ------------------------------------------------------------


@rule("S.placeholder", Severity.ERROR, "报告中留有“待填写”“XX”等占位文字", needs="sections")
def _s_placeholder(ctx: Context) -> Iterator[Finding]:
    code = "S.placeholder"
    fmt, report = ctx.fmt, ctx.report
    patterns = [_pattern(p) for p in fmt.review_words.placeholders]
    if not patterns:
        return
    agency = (report.agency or "").strip()
    marks = list(dict.fromkeys(agency[m.start() : m.end()] for p in patterns for m in p.finditer(_normal(agency))))
    if marks:
        yield finding(
            code,
            f"机关名称“{agency}”中留有占位文字“{'”“'.join(marks)}”，请填写实际名称",
            actual=agency,
        )
    if not _has_text(report):
        yield _no_text(code, "正文中是否留有占位文字")
        return
    for section_code in NARRATIVE_SECTIONS:
        printed = _text(report, section_code)
        text = _normal(printed)
        hits = sorted((m.start(), m.end()) for p in patterns for m in p.finditer(text))
        if not hits:
            continue
        start = hits[0][0]
        excerpt = printed[max(0, start - QUOTE_CHARS // 2) : start + QUOTE_CHARS // 2]
        marks = list(dict.fromkeys(printed[a:b] for a, b in hits))
        yield finding(
            code,
            f"{_section_name(fmt, section_code)}中留有占位文字“{'”“'.join(marks)}”（“{_quote(excerpt)}”），"
            f"请填写实际内容",
            actual=marks[0],
        )
