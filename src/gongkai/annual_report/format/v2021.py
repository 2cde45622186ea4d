"""The format in force: 国办公开办函〔2021〕30号, for reports on 2021 onward."""

from __future__ import annotations

from .common import (
    APPEALS_TABLE,
    FEE_STATEMENT_WORDS,
    NARRATIVE_FIGURES,
    OTHER_SPLIT_ROWS,
    REVIEW_WORDS,
    SECTIONS,
    TITLE_SUFFIX,
    requests_table,
)
from .spec import Column, Layout, ReportFormat, Row, Table, ValueKind

ITEM_1 = "第二十条第（一）项"
ITEM_5 = "第二十条第（五）项"
ITEM_6 = "第二十条第（六）项"
ITEM_8 = "第二十条第（八）项"

_LIFECYCLE = (
    Column("issued", ("本年制发件数",), variants=("本年新制发件数",)),
    Column("repealed", ("本年废止件数",)),
    Column("in_force", ("现行有效件数",)),
)
_DECISIONS = (Column("decisions", ("本年处理决定数量",), variants=("处理决定数量",)),)
_FEES = (
    Column(
        "amount_wan_yuan",
        ("本年收费金额（单位：万元）",),
        kind=ValueKind.AMOUNT,
        variants=("本年收费金额(万元)", "本年收费金额"),
    ),
)

PROACTIVE_TABLE = Table(
    code="proactive",
    number="二",
    layout=Layout.BLOCKS,
    rows=(
        Row("regulations", (ITEM_1, "规章"), _LIFECYCLE),
        Row("normative_documents", (ITEM_1, "行政规范性文件"), _LIFECYCLE, variants=("规范性文件",)),
        Row("licensing", (ITEM_5, "行政许可"), _DECISIONS),
        Row("penalty", (ITEM_6, "行政处罚"), _DECISIONS),
        Row("coercion", (ITEM_6, "行政强制"), _DECISIONS),
        Row("fees", (ITEM_8, "行政事业性收费"), _FEES),
    ),
)

REQUESTS_TABLE = requests_table(OTHER_SPLIT_ROWS)

FORMAT_2021 = ReportFormat(
    code="2021",
    name="国办公开办函〔2021〕30号",
    first_year=2021,
    last_year=None,
    title_suffix=TITLE_SUFFIX,
    sections=SECTIONS,
    tables=(PROACTIVE_TABLE, REQUESTS_TABLE, APPEALS_TABLE),
    outcome_rows=tuple(
        row.code
        for row in REQUESTS_TABLE.rows
        if row.code not in ("new", "carried_in", "concluded_total", "carried_out")
    ),
    narrative_figures=NARRATIVE_FIGURES,
    fee_statement_words=FEE_STATEMENT_WORDS,
    review_words=REVIEW_WORDS,
)
