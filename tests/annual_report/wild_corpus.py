"""A labelled corpus of annual reports as they are found in the wild, generated.

Every variant is a file (bytes) and the report it prints (the truth), plus at
most one error seeded on purpose (the rule that must find it). The truths come
from the real reports in ``tests/data/corpus`` (their hand transcriptions) and
from reports drawn with the hypothesis strategies of ``strategies.py``
(derandomised: the same corpus on every run); the files come from our own
renderers, passed through what the wild does to a report:

* ``text``, ``markdown``, ``html``, ``docx``, ``xlsx``, ``pdf``: as rendered;
* ``pdftotext``: our PDF through ``pdftotext -layout`` (headers split
  vertically, labels wrapped over lines, page numbers inside tables);
* ``html-site``: the report inside a government site's page: navigation,
  breadcrumbs and footer, the report nested in a layout table, ``&nbsp;``,
  ``<br>`` inside label cells, full-width digits in figure cells;
* ``flat-rows``: the page's text as ``lxml`` ``text_content()`` gives it —
  one line a table row, the cells glued together without separators;
* ``flat-glued``: as a browser's copy-paste of a whole table can give it —
  every row of a table glued on one line;
* ``fullwidth``: the tab-separated text with full-width digits;
* ``ocr-markdown``: Markdown with generic column names (``列1``), table 三 split
  in two fragments with a page number between them (PDF-to-Markdown, OCR);
* ``ocr-columns``: table 三 cut in two fragments side by side, each with the
  row labels and some of the columns;
* ``notes``: blank cells, "/" cells and notes inside cells (``annotated_reports``);
* the 2019 layout (``reports_2019``) in several of these shapes.

``measure`` parses every variant and counts, per shape: figures read right,
missing (with a reason) and wrong (a figure that is not the printed one — the
failure that must not happen); findings on correct reports that the truth
does not have (false findings); and, for seeded variants, whether the seeded
rule fired.

Run ``bench/bench_accuracy.py`` for the full corpus and the table of
``docs/benchmarks.md``; the tests use a smaller one.
"""

from __future__ import annotations

import re
import subprocess
import tempfile
from collections import Counter, defaultdict
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from pathlib import Path

from gongkai.annual_report import Cell, CellState, Report, check, parse_bytes, render
from gongkai.annual_report.errors import AnnualReportError
from gongkai.annual_report.format import FORMAT_2019
from gongkai.annual_report.model import Confidence
from gongkai.annual_report.parse.engine import ZERO_OR_BLANK
from gongkai.annual_report.parse.json import parse_json
from gongkai.annual_report.rules import Severity

CORPUS = Path(__file__).resolve().parent.parent / "data" / "corpus"
CORPUS_FILES = (
    "reference-jiyuan-hrss-2023",
    "hongze-2023",
    "hongze-2024",
    "huaian-2024",
    "shuyang-fgj-2023",
)

SHAPES = (
    "text",
    "markdown",
    "html",
    "docx",
    "xlsx",
    "pdf",
    "pdftotext",
    "html-site",
    "flat-rows",
    "flat-glued",
    "fullwidth",
    "ocr-markdown",
    "ocr-columns",
)
# Shapes whose cell boundaries survive: every figure must be read right.
BOUNDED_SHAPES = (
    "text",
    "markdown",
    "html",
    "docx",
    "xlsx",
    "pdf",
    "pdftotext",
    "html-site",
    "fullwidth",
    "ocr-markdown",
    "ocr-columns",
)
FLAT_SHAPES = ("flat-rows", "flat-glued")
SLOW_SHAPES = ("pdf", "pdftotext")


@dataclass
class Variant:
    name: str
    shape: str
    data: bytes
    truth: Report
    seeded: str | None = None  # the rule that must fire
    previous: Report | None = None  # for the cross-year rules
    today: date | None = None


# -- truths ------------------------------------------------------------------------


def corpus_truths() -> list[tuple[str, Report]]:
    """The real reports' transcriptions, with their published text where the corpus has it."""
    out = []
    for name in CORPUS_FILES:
        text = (CORPUS / f"{name}.expected.json").read_text(encoding="utf-8")
        report = parse_json(text)
        source = CORPUS / f"{name}.txt"
        if source.exists():  # the transcriptions hold no narrative; take it from the published text
            published = parse_bytes(source.read_bytes(), source.name)
            report = report.replace(sections=published.sections, published_on=published.published_on)
        out.append((name, report))
    return out


def drawn(strategy, count: int, seed: int = 0) -> list:
    """``count`` examples of a hypothesis strategy, the same ones on every run."""
    from hypothesis import HealthCheck, Phase, given, settings
    from hypothesis import seed as hypothesis_seed

    examples: list = []

    @hypothesis_seed(seed)
    @settings(
        max_examples=count,
        database=None,
        derandomize=True,
        phases=[Phase.generate],
        suppress_health_check=list(HealthCheck),
        deadline=None,
    )
    @given(strategy)
    def collect(example) -> None:
        examples.append(example)

    collect()
    return examples[:count]


def generated_truths(count: int, count_2019: int, count_notes: int) -> list[tuple[str, Report]]:
    from tests.annual_report.strategies import annotated_reports, consistent_reports, reports_2019

    out = [(f"gen{i:03d}", r) for i, r in enumerate(drawn(_interesting(consistent_reports()), count, seed=1))]
    out += [(f"gen2019-{i:03d}", r) for i, r in enumerate(drawn(_interesting(reports_2019()), count_2019, seed=2))]
    out += [(f"notes{i:03d}", r) for i, r in enumerate(drawn(annotated_reports(), count_notes, seed=3))]
    return out


def _interesting(strategy):
    """Reports with some figures of several digits (the hard case for flattened text)."""
    return strategy.filter(lambda r: any((c.value or 0) >= 10 for _, c in r.iter_cells()))


# -- what the wild does to a file -------------------------------------------------------

_FULLWIDTH = str.maketrans("0123456789", "０１２３４５６７８９")


def pdftotext(pdf: bytes) -> bytes:
    with tempfile.NamedTemporaryFile(suffix=".pdf") as handle:
        handle.write(pdf)
        handle.flush()
        result = subprocess.run(
            ["pdftotext", "-layout", "-enc", "UTF-8", handle.name, "-"], capture_output=True, check=True
        )
    return result.stdout


def _html_document(html: str):
    import lxml.html

    document = lxml.html.document_fromstring(html)
    for element in document.xpath("//style | //script | //caption"):
        element.drop_tree()
    return document


def flatten_html(html: str, *, glue_rows: bool = False) -> str:
    """The text of a page as a browser or ``text_content()`` gives it: cells glued,
    and with ``glue_rows`` the rows of a table glued too."""
    import lxml.html

    document = _html_document(html)
    for table in document.xpath("//table"):
        rows = ["".join(c.text_content().strip() for c in tr.xpath("./th | ./td")) for tr in table.xpath(".//tr")]
        paragraph = lxml.html.Element("p")
        paragraph.text = ("" if glue_rows else "\n").join(rows)
        paragraph.tail = "\n"
        table.getparent().replace(table, paragraph)
    for element in document.xpath("//p | //h1 | //h2 | //div"):
        element.tail = "\n" + (element.tail or "")
    text = document.text_content()
    return "\n".join(line.strip() for line in text.splitlines() if line.strip()) + "\n"


_SITE_HEAD = """<!DOCTYPE html><html><head><meta charset="utf-8"><title>{title}_政府信息公开_青山区人民政府门户网站</title>
<script>var _hmt = _hmt || [];</script></head><body>
<div class="top"><ul class="nav"><li><a href="/">首页</a></li><li><a href="/zwgk">政务公开</a></li>
<li><a href="/zcwj">政策文件</a></li><li><a href="/hdjl">互动交流</a></li><li><a href="/bsfw">办事服务</a></li></ul></div>
<div class="crumb">当前位置：<a href="/">首页</a> &gt; <a href="/zwgk">政府信息公开</a> &gt; 年度报告</div>
<table width="100%" class="layout"><tr><td class="side" width="20%"><ul><li>信息公开指南</li><li>信息公开制度</li>
<li>法定主动公开内容</li><li>信息公开年报</li></ul></td><td class="main">
<div class="meta">索引号：11410000-2024-00012&nbsp;&nbsp;发布机构：区政府办公室&nbsp;&nbsp;浏览次数：1234</div>
"""
_SITE_FOOT = """</td></tr></table>
<div class="share">分享到：微信 微博 【打印本页】【关闭窗口】</div>
<div class="footer"><p>主办单位：青山区人民政府办公室&nbsp;&nbsp;网站标识码：4100000012&nbsp;&nbsp;ICP备案号：豫ICP备12345678号</p>
<p>地址：青山区人民路 1 号&nbsp;&nbsp;电话：0391-1234567</p></div></body></html>"""


def site_page(html: str) -> str:
    """The report as a government site serves it."""
    document = _html_document(html)
    body = document.find("body")
    import lxml.html

    inner = "".join(lxml.html.tostring(child, encoding="unicode") for child in body)
    # &nbsp; around figures, <br> inside long label cells, full-width digits in some figure cells.
    inner = re.sub(
        r'(<td class="gk-ar-figure"[^>]*>)(\d+)(</td>)',
        lambda m: m.group(1) + ("&nbsp;" + m.group(2).translate(_FULLWIDTH) + "&nbsp;") + m.group(3),
        inner,
    )
    inner = re.sub(r"(（区分处理的|需要另行制作|逾期不补正、)", r"<br>\1", inner)
    title = document.findtext(".//title") or ""
    return _SITE_HEAD.format(title=title) + inner + _SITE_FOOT


def fullwidth_text(text: str) -> str:
    return "\n".join(line.translate(_FULLWIDTH) if "\t" in line else line for line in text.split("\n"))


_PIPE_ROW = re.compile(r"^\|.*\|$")


def ocr_markdown(markdown: str) -> str:
    """Markdown as PDF-to-Markdown or OCR gives it: generic column names, the
    longest table split in two fragments with a page number between them."""
    lines = markdown.split("\n")
    out: list[str] = []
    tables: list[tuple[int, int]] = []
    i = 0
    while i < len(lines):
        if _PIPE_ROW.match(lines[i].strip()):
            start = i
            while i < len(lines) and _PIPE_ROW.match(lines[i].strip()):
                i += 1
            tables.append((start, i))
        else:
            i += 1
    longest = max(tables, key=lambda t: t[1] - t[0], default=None)
    i = 0
    for start, end in tables:
        out.extend(lines[i:start])
        width = lines[start].count("|") - 1
        generic = "| " + " | ".join(f"列{n}" for n in range(1, width + 1)) + " |"
        separator = "|" + "|".join(" --- " for _ in range(width)) + "|"
        body = lines[start + 2 : end]
        if (start, end) == longest and len(body) > 6:
            cut = len(body) // 2
            out.extend([generic, separator, *body[:cut], "", "- 3 -", "", generic, separator, *body[cut:]])
        else:
            out.extend([generic, separator, lines[start], *body])
        i = end
    out.extend(lines[i:])
    return "\n".join(out)


def ocr_columns(markdown: str, figure_columns: int) -> str:
    """Markdown as OCR gives a wide table: the longest table cut in two fragments
    side by side, each with the row labels and some of the figure columns."""
    lines = markdown.split("\n")
    tables: list[tuple[int, int]] = []
    i = 0
    while i < len(lines):
        if _PIPE_ROW.match(lines[i].strip()):
            start = i
            while i < len(lines) and _PIPE_ROW.match(lines[i].strip()):
                i += 1
            tables.append((start, i))
        else:
            i += 1
    start, end = max(tables, key=lambda t: t[1] - t[0])
    rows = [[c.strip() for c in line.strip()[1:-1].split("|")] for line in lines[start:end]]
    header, body = rows[0], rows[2:]
    labels = len(header) - figure_columns
    cut = labels + figure_columns // 2 + 1

    def table(columns: list[int]) -> list[str]:
        generic = "| " + " | ".join(f"列{n}" for n in range(1, len(columns) + 1)) + " |"
        separator = "|" + "|".join(" --- " for _ in columns) + "|"
        return [generic, separator, *("| " + " | ".join(row[c] for c in columns) + " |" for row in body)]

    first = table(list(range(cut)))
    second = table(list(range(labels)) + list(range(cut, len(header))))
    return "\n".join([*lines[:start], *first, "", *second, *lines[end:]])


def shape_file(report: Report, shape: str) -> bytes:
    """``report`` written in ``shape``."""
    if shape in ("text", "markdown", "html", "docx", "xlsx", "pdf"):
        return render(report, {"markdown": "md"}.get(shape, shape))
    if shape == "pdftotext":
        return pdftotext(render(report, "pdf"))
    html = render(report, "html").decode("utf-8")
    if shape == "html-site":
        return site_page(html).encode("utf-8")
    if shape == "flat-rows":
        return flatten_html(html).encode("utf-8")
    if shape == "flat-glued":
        return flatten_html(html, glue_rows=True).encode("utf-8")
    if shape == "fullwidth":
        return fullwidth_text(render(report, "text").decode("utf-8")).encode("utf-8")
    if shape == "ocr-markdown":
        return ocr_markdown(render(report, "md").decode("utf-8")).encode("utf-8")
    if shape == "ocr-columns":
        width = len(report.format.table("requests").rows[0].columns)
        return ocr_columns(render(report, "md").decode("utf-8"), width).encode("utf-8")
    raise ValueError(shape)


# -- seeded errors: one per variant ---------------------------------------------------------


def _bump(report: Report, *keys: str, by: int = 1) -> Report:
    return report.with_cells({k: Cell.of(report.value(k) + by) for k in keys})


def _narrative(report: Report) -> Report | None:
    """The narrative states a table figure wrongly (the first statement of it, or a new one)."""
    for figure in report.format.narrative_figures:
        if not (figure.table_key and figure.draft and report.value(figure.table_key) is not None):
            continue
        wrong = report.value(figure.table_key) + 5
        sections = dict(report.sections)
        overview = sections.get("overview", "")
        match = re.search(figure.patterns[0], overview)
        if match:
            overview = overview[: match.start(1)] + str(wrong) + overview[match.end(1) :]
        else:
            overview = (overview + "\n" + figure.draft.format(value=wrong) + "。").strip()
        sections["overview"] = overview
        return report.replace(sections=sections)
    return None


def _fee_statement(report: Report) -> Report:
    sections = dict(report.sections)
    sections["other_matters"] = "本年度无其他需要报告的事项。"
    return report.replace(sections=sections)


def _carry_over(report: Report) -> tuple[Report, Report]:
    previous = report.replace(year=(report.year or 2023) - 1)
    key = "requests.carried_out.natural_person"
    previous = _bump(previous, key, "requests.carried_out.total", by=3)
    return report, previous


def _in_force(report: Report) -> tuple[Report, Report]:
    previous = report.replace(year=(report.year or 2023) - 1)
    if "proactive.normative_documents.in_force" in report.format.cell_keys():
        previous = _bump(previous, "proactive.normative_documents.in_force", by=4)
    return report, previous


def _repeated(report: Report) -> tuple[Report, Report]:
    return report, report.replace(year=(report.year or 2023) - 1)


SEEDS: dict[str, Callable[[Report], Report | tuple[Report, Report] | None]] = {
    "T3.balance": lambda r: _bump(r, "requests.carried_out.natural_person", "requests.carried_out.total"),
    "T3.concluded_sum": lambda r: _bump(r, "requests.concluded_total.business", "requests.concluded_total.total"),
    "T3.column_sum": lambda r: _bump(r, "requests.new.total"),
    "T4.group_sum": lambda r: _bump(r, "appeals.litigation_direct.total"),
    "value.range": lambda r: r.with_cells({"proactive.penalty.decisions": Cell.of(-3)}),
    "value.missing": lambda r: r.with_cells({"proactive.licensing.decisions": Cell.missing("")}),
    "value.blank": lambda r: (
        r.with_cells({"appeals.reconsideration.pending": Cell.blank()})
        if r.value("appeals.reconsideration.pending") == 0
        else None
    ),
    "value.unit": lambda r: (
        r.with_cells({"proactive.fees.amount_wan_yuan": Cell.of(Decimal("2345678.25"))})
        if "proactive.fees.amount_wan_yuan" in r.format.cell_keys()
        else None
    ),
    "X.format_year": lambda r: r.replace(year=2022 if r.format is FORMAT_2019 else 2020),
    "X.carry_over": _carry_over,
    "X.in_force": _in_force,
    "S.fee_statement": _fee_statement,
    "S.narrative_figures": _narrative,
    "S.published_late": lambda r: r.replace(published_on=date((r.year or 2023) + 1, 6, 30)),
    "S.repeated_text": _repeated,
}
# The shape each seeded error is written in, in turn.
SEED_SHAPES = ("text", "html-site", "flat-rows", "ocr-markdown", "docx", "fullwidth", "flat-glued", "markdown")


# -- the corpus ---------------------------------------------------------------------------


@dataclass
class CorpusSize:
    generated: int = 12
    generated_2019: int = 4
    notes: int = 6
    pdf_reports: int = 3  # reports also written as PDF (slow: about 3 s each)
    seeded_reports: int = 4  # reports on which every rule's error is seeded


def variants(size: CorpusSize | None = None) -> Iterator[Variant]:
    size = size or CorpusSize()
    truths = corpus_truths() + generated_truths(size.generated, size.generated_2019, size.notes)
    pdf_done = 0
    for name, truth in truths:
        for shape in SHAPES:
            if shape in SLOW_SHAPES:
                if pdf_done >= size.pdf_reports or name.startswith("notes"):
                    continue
            yield Variant(f"{name}/{shape}", shape, shape_file(truth, shape), truth)
        if any(shape in SLOW_SHAPES for shape in SHAPES):
            pdf_done += 1 if not name.startswith("notes") else 0
    seeded_bases = [t for t in truths if not t[0].startswith("notes")][: size.seeded_reports + 1]
    turn = 0
    for name, base in seeded_bases:
        if name == "hongze-2023":  # wrong as published: not a base for seeding one error
            continue
        for rule, seed in SEEDS.items():
            made = seed(base)
            if made is None:
                continue
            report, previous = made if isinstance(made, tuple) else (made, None)
            shape = SEED_SHAPES[turn % len(SEED_SHAPES)]
            turn += 1
            today = date((report.year or 2023) + 1, 12, 31) if rule == "S.published_late" else None
            yield Variant(
                f"{name}/seed:{rule}/{shape}",
                shape,
                shape_file(report, shape),
                report,
                seeded=rule,
                previous=previous,
                today=today,
            )


# -- measuring ---------------------------------------------------------------------------

FINDING_SEVERITIES = (Severity.ERROR, Severity.WARNING)


@dataclass
class ShapeStats:
    reports: int = 0
    unreadable: int = 0
    figures: int = 0
    right: int = 0
    missing: int = 0
    wrong: int = 0
    confidence: Counter = field(default_factory=Counter)
    false_findings: int = 0
    reports_with_false_findings: int = 0

    @property
    def right_share(self) -> float:
        return self.right / self.figures if self.figures else 1.0


@dataclass
class Results:
    shapes: dict[str, ShapeStats] = field(default_factory=lambda: defaultdict(ShapeStats))
    seeded: Counter = field(default_factory=Counter)  # rule -> variants
    found: Counter = field(default_factory=Counter)  # rule -> found as error/warning
    flagged: Counter = field(default_factory=Counter)  # rule -> only not_checked/missing where it is
    missed: list[str] = field(default_factory=list)
    wrong_examples: list[str] = field(default_factory=list)
    false_examples: list[str] = field(default_factory=list)

    def total(self, shapes: tuple[str, ...] | None = None) -> ShapeStats:
        out = ShapeStats()
        for name, stats in self.shapes.items():
            if shapes is None or name in shapes:
                for attr in ("reports", "unreadable", "figures", "right", "missing", "wrong", "false_findings"):
                    setattr(out, attr, getattr(out, attr) + getattr(stats, attr))
                out.reports_with_false_findings += stats.reports_with_false_findings
                out.confidence.update(stats.confidence)
        return out


def _findings(report: Report, variant: Variant) -> set[tuple[str, str | None, str]]:
    return {
        (f.rule, f.key, str(f.severity))
        for f in check(report, previous=variant.previous, today=variant.today)
        if f.severity in FINDING_SEVERITIES
    }


def zero_or_blank(got, want) -> bool:
    """A 0 split from glued zeros that the parser marks as "0 or blank" (a blank
    cell vanished among them, where is not known) is the printed figure when
    the truth is a blank or a 0: the figure is right, its printed form unsure."""
    return (
        got.value == 0
        and want.value == 0
        and want.state in (CellState.BLANK, CellState.VALUE)
        and ZERO_OR_BLANK in (got.source or "")
    )


def measure(corpus: Iterator[Variant] | list[Variant]) -> Results:
    results = Results()
    for variant in corpus:
        stats = results.shapes[variant.shape]
        stats.reports += 1
        try:
            parsed = parse_bytes(variant.data, variant.name.replace("/", "_"))
        except AnnualReportError as exc:
            stats.unreadable += 1
            results.wrong_examples.append(f"{variant.name}: unreadable: {exc}")
            continue
        truth = variant.truth
        if variant.seeded is None:
            for key, want in truth.iter_cells():
                got = parsed.cell(key)
                stats.figures += 1
                stats.confidence[str(got.confidence)] += 1
                if got == want or zero_or_blank(got, want):
                    stats.right += 1
                elif got.state is CellState.MISSING:
                    stats.missing += 1
                else:
                    stats.wrong += 1
                    if len(results.wrong_examples) < 30:
                        results.wrong_examples.append(f"{variant.name} {key}: {got} != {want}")
        want_findings = _findings(truth, variant)
        got_findings = _findings(parsed, variant)
        false = {f for f in got_findings - want_findings if f[0] != "value.missing"}
        if variant.seeded is None:
            # value.blank warnings are true of what was printed only when the truth has the blank
            stats.false_findings += len(false)
            stats.reports_with_false_findings += bool(false)
            if false and len(results.false_examples) < 30:
                results.false_examples.append(f"{variant.name}: {sorted(false)}")
            continue
        rule = variant.seeded
        results.seeded[rule] += 1
        if any(f[0] == rule for f in got_findings):
            results.found[rule] += 1
        else:
            caught = any(
                f.rule == rule and f.severity is Severity.NOT_CHECKED
                for f in check(parsed, previous=variant.previous, today=variant.today)
            )
            if caught:
                results.flagged[rule] += 1
            results.missed.append(f"{variant.name}" + (" (not_checked)" if caught else ""))
    return results


def confidence_names() -> list[str]:
    return [str(c) for c in Confidence]
