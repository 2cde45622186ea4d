"""The first format: 国办公开办函〔2019〕60号, for reports on 2019 and 2020.

Table 三 differs only in （六）其他处理, a single row; table 二 has other rows
and columns, including 政府集中采购 (第二十条第（九）项).
"""

from __future__ import annotations

from .common import (
    APPEALS_TABLE,
    FEE_STATEMENT_WORDS,
    NARRATIVE_FIGURES,
    OTHER_SINGLE_ROW,
    REVIEW_WORDS,
    SECTIONS,
    TITLE_SUFFIX,
    requests_table,
)
from .spec import Column, Layout, ReportFormat, Row, Table, ValueKind
from .v2021 import ITEM_1, ITEM_5, ITEM_6, ITEM_8

ITEM_9 = "第二十条第（九）项"

_PUBLISHING = (
    Column("made", ("本年新制作数量",)),
    Column("published", ("本年新公开数量",)),
    Column("total_public", ("对外公开总数量",)),
)
_ITEMS = (
    Column("previous_items", ("上一年项目数量",)),
    Column("change", ("本年增/减",), kind=ValueKind.SIGNED_COUNT, variants=("本年增减",)),
    Column("decisions", ("处理决定数量",), variants=("本年处理决定数量",)),
)
_PROCUREMENT = (
    Column("items", ("采购项目数量",)),
    Column("amount", ("采购总金额",), kind=ValueKind.AMOUNT),
)

PROACTIVE_TABLE_2019 = Table(
    code="proactive",
    number="二",
    layout=Layout.BLOCKS,
    rows=(
        Row("regulations", (ITEM_1, "规章"), _PUBLISHING),
        Row("normative_documents", (ITEM_1, "规范性文件"), _PUBLISHING, variants=("行政规范性文件",)),
        Row("licensing", (ITEM_5, "行政许可"), _ITEMS),
        Row("other_services", (ITEM_5, "其他对外管理服务事项"), _ITEMS),
        Row("penalty", (ITEM_6, "行政处罚"), _ITEMS),
        Row("coercion", (ITEM_6, "行政强制"), _ITEMS),
        Row("fees", (ITEM_8, "行政事业性收费"), _ITEMS[:2]),
        Row("procurement", (ITEM_9, "政府集中采购"), _PROCUREMENT),
    ),
)

REQUESTS_TABLE_2019 = requests_table((OTHER_SINGLE_ROW,))

FORMAT_2019 = ReportFormat(
    code="2019",
    name="国办公开办函〔2019〕60号",
    first_year=2019,
    last_year=2020,
    title_suffix=TITLE_SUFFIX,
    sections=SECTIONS,
    tables=(PROACTIVE_TABLE_2019, REQUESTS_TABLE_2019, APPEALS_TABLE),
    outcome_rows=tuple(
        row.code
        for row in REQUESTS_TABLE_2019.rows
        if row.code not in ("new", "carried_in", "concluded_total", "carried_out")
    ),
    narrative_figures=NARRATIVE_FIGURES,
    fee_statement_words=FEE_STATEMENT_WORDS,
    review_words=REVIEW_WORDS,
)
