"""Hypothesis strategies for annual reports.

``consistent_reports()`` draws reports of the 2021 format whose figures satisfy
every rule of annual-report-format.md that needs no previous year
(T3.balance, T3.concluded_sum, T3.column_sum, T4.group_sum, value.range) and
whose section 六 states the information processing fees; ``reports_2019()``
does the same for the 2019 format; ``annotated_reports()`` adds blank,
not-applicable and noted cells (so it need not satisfy the rules).

The figures are read from the format objects, so the strategies follow the
format data rather than repeat it. The narrative is made of Chinese sentences
that carry no figures (so S.narrative_figures has nothing to compare), no tabs,
no leading or trailing whitespace, and no line that starts like a section
heading.
"""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

from hypothesis import strategies as st

from gongkai.annual_report.format import (
    APPEALS_TOTAL_COLUMN,
    FORMAT_2019,
    FORMAT_2021,
    REQUESTS_CARRIED_IN,
    REQUESTS_CARRIED_OUT,
    REQUESTS_CONCLUDED_TOTAL,
    REQUESTS_NEW,
    REQUESTS_TOTAL_COLUMN,
    ReportFormat,
    ValueKind,
)
from gongkai.annual_report.model import Cell, Report

PLACES = ("济源", "洪泽", "淮安", "沭阳", "清河", "青山", "白云", "东湖", "南岭", "西城")
LEVELS = ("市", "县", "区")
OFFICES = (
    "人力资源和社会保障局",
    "发展和改革局",
    "自然资源局",
    "生态环境局",
    "住房和城乡建设局",
    "交通运输局",
    "人民政府",
    "市场监督管理局",
)

# Phrases of a plausible narrative; none of them starts a heading, holds a digit
# or a word the narrative-figure patterns read.
PHRASES = (
    "我局认真贯彻落实相关工作部署",
    "持续深化政务公开工作",
    "进一步健全工作机制",
    "严格执行保密审查制度",
    "及时更新门户网站栏目内容",
    "加强政策解读和回应关切",
    "提升公开质量和实效",
    "规范依申请公开办理流程",
    "强化工作人员业务培训",
    "主动接受社会公众监督",
    "推进基层政务公开标准化建设",
    "优化政务新媒体管理",
    "公开内容的深度和广度还不够",
    "工作人员的业务能力有待提高",
    "下一步将继续加大工作力度",
)
FEE_STATEMENTS = (
    "本年度未收取信息处理费",
    "本机关未收取任何政府信息公开费用",
    "本年度依据相关办法未收取信息处理费",
)
# Sub-headings of section 一 as real reports print them (test data, not format data).
OVERVIEW_PARTS = ("（一）主动公开情况", "（二）依申请公开情况", "（三）政府信息管理情况")


@st.composite
def sentences(draw, *, extra: str | None = None) -> str:
    phrases = draw(st.lists(st.sampled_from(PHRASES), min_size=1, max_size=4))
    if extra:
        phrases.insert(draw(st.integers(0, len(phrases))), extra)
    return "，".join(phrases) + "。"


@st.composite
def paragraphs(draw, *, min_size: int = 1, max_size: int = 3, extra: str | None = None) -> str:
    count = draw(st.integers(min_size, max_size))
    lines = [draw(sentences()) for _ in range(count)]
    if extra:
        at = draw(st.integers(0, count - 1))
        lines[at] = draw(sentences(extra=extra))
    return "\n".join(lines)


@st.composite
def section_texts(draw) -> dict[str, str]:
    overview_lines: list[str] = []
    if draw(st.booleans()):
        for part in OVERVIEW_PARTS[: draw(st.integers(1, len(OVERVIEW_PARTS)))]:
            overview_lines.append(part)
            overview_lines.append(draw(paragraphs(max_size=2)))
    else:
        overview_lines.append(draw(paragraphs()))
    return {
        "overview": "\n".join(overview_lines),
        "problems": draw(paragraphs()),
        "other_matters": draw(paragraphs(extra=draw(st.sampled_from(FEE_STATEMENTS)), max_size=2)),
    }


agencies = st.builds(
    lambda place, level, office: f"{place}{level}{office}",
    st.sampled_from(PLACES),
    st.sampled_from(LEVELS),
    st.sampled_from(OFFICES),
)

small = st.integers(0, 6) | st.integers(0, 500)
amounts = st.decimals(min_value=0, max_value=Decimal("99999.99"), places=2, allow_nan=False, allow_infinity=False)


def _value(draw, kind: ValueKind):
    if kind is ValueKind.AMOUNT:
        return draw(amounts)
    if kind is ValueKind.SIGNED_COUNT:
        return draw(st.integers(-50, 50))
    return draw(small)


@st.composite
def consistent_cells(draw, fmt: ReportFormat) -> dict[str, Cell]:
    cells: dict[str, Cell] = {}
    # 表二: any figure of its kind.
    proactive = fmt.table("proactive")
    for row in proactive.rows:
        for column in row.columns:
            cells[f"{proactive.code}.{row.code}.{column.code}"] = Cell.of(_value(draw, column.kind))
    # 表三: per applicant column, outcomes then carried_out, then split the sum into new + carried_in.
    requests = fmt.table("requests")
    columns = [c for c in requests.rows[0].columns if c.code != REQUESTS_TOTAL_COLUMN]
    values: dict[str, dict[str, int]] = {row.code: {} for row in requests.rows}
    sparse = st.integers(0, 3) | st.just(0)
    for column in columns:
        concluded = 0
        for code in fmt.outcome_rows:
            values[code][column.code] = draw(sparse)
            concluded += values[code][column.code]
        carried_out = draw(sparse)
        carried_in = draw(st.integers(0, concluded + carried_out))
        values[REQUESTS_CONCLUDED_TOTAL][column.code] = concluded
        values[REQUESTS_CARRIED_OUT][column.code] = carried_out
        values[REQUESTS_CARRIED_IN][column.code] = carried_in
        values[REQUESTS_NEW][column.code] = concluded + carried_out - carried_in
    for row in requests.rows:
        values[row.code][REQUESTS_TOTAL_COLUMN] = sum(values[row.code][c.code] for c in columns)
        for column in row.columns:
            cells[f"{requests.code}.{row.code}.{column.code}"] = Cell.of(values[row.code][column.code])
    # 表四: the total of each group is the sum of its other columns.
    appeals = fmt.table("appeals")
    for row in appeals.rows:
        parts = [c for c in row.columns if c.code != APPEALS_TOTAL_COLUMN]
        figures = {c.code: draw(st.integers(0, 9)) for c in parts}
        figures[APPEALS_TOTAL_COLUMN] = sum(figures.values())
        for column in row.columns:
            cells[f"{appeals.code}.{row.code}.{column.code}"] = Cell.of(figures[column.code])
    return cells


@st.composite
def _reports(draw, fmt: ReportFormat, years: st.SearchStrategy[int]) -> Report:
    year = draw(years)
    published = draw(st.none() | st.integers(1, 120).map(lambda n, y=year: date(y + 1, 1, 1) + timedelta(days=n - 1)))
    return Report(
        format=fmt,
        year=year,
        agency=draw(agencies),
        cells=draw(consistent_cells(fmt)),
        sections=draw(section_texts()),
        published_on=published,
    )


def consistent_reports() -> st.SearchStrategy[Report]:
    """Reports of the 2021 format (years 2021–2030) that break no rule."""
    return _reports(FORMAT_2021, st.integers(2021, 2030))


def reports_2019() -> st.SearchStrategy[Report]:
    """Reports of the 2019 format (years 2019–2020) that break no rule."""
    return _reports(FORMAT_2019, st.integers(2019, 2020))


NOTES = ("其中修订16件", "含自然失效29件", "均已按期办结", "含上年结转")


@st.composite
def annotated_reports(draw, base: st.SearchStrategy[Report] | None = None) -> Report:
    """Reports whose cells are sometimes blank (a printed 0 left empty),
    not applicable (“/”) or carry a note inside the cell."""
    report = draw(base if base is not None else consistent_reports())
    keys = report.format.cell_keys()
    changes: dict[str, Cell] = {}
    for key in draw(st.lists(st.sampled_from(keys), max_size=12, unique=True)):
        cell = report.cells[key]
        choice = draw(st.sampled_from(("blank", "not_applicable", "note")))
        if choice == "blank":
            changes[key] = Cell.blank() if cell.value == 0 else Cell.of(cell.value, draw(st.sampled_from(NOTES)))
        elif choice == "not_applicable":
            changes[key] = Cell.not_applicable()
        else:
            changes[key] = Cell.of(cell.value, draw(st.sampled_from(NOTES)))
    return report.with_cells(changes)
