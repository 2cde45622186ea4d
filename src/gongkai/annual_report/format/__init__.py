"""The national annual-report format as data — the only place in Gongkai that
spells its sections, tables, rows, columns, labels and outcome codes.

Everything else (computing from records, rendering, parsing, checking, the
request workflow's outcome choices) reads these objects.
"""

from __future__ import annotations

from .spec import (
    Column,
    Layout,
    NarrativeFigure,
    ReportFormat,
    Row,
    Section,
    Table,
    ValueKind,
    cell_key,
    normalize_label,
    split_key,
)
from .v2019 import FORMAT_2019
from .v2021 import FORMAT_2021

FORMATS: dict[str, ReportFormat] = {f.code: f for f in (FORMAT_2021, FORMAT_2019)}
CURRENT = FORMAT_2021

# The four groups of table 三 counted in 办理结果, in the order printed; the
# request workflow and the office UI group their outcome choices by them.
REQUESTS_NEW = "new"
REQUESTS_CARRIED_IN = "carried_in"
REQUESTS_CONCLUDED_TOTAL = "concluded_total"
REQUESTS_CARRIED_OUT = "carried_out"
REQUESTS_TOTAL_COLUMN = "total"
APPEALS_TOTAL_COLUMN = "total"


def format_for_year(year: int) -> ReportFormat:
    """The format in force for reports on ``year``."""
    for fmt in FORMATS.values():
        if fmt.applies_to(year):
            return fmt
    raise ValueError(f"没有适用于 {year} 年度的年度报告格式（最早为 2019 年度）")


def get_format(code: str) -> ReportFormat:
    try:
        return FORMATS[str(code)]
    except KeyError:
        raise ValueError(f"未知的年度报告格式“{code}”，应为 {', '.join(FORMATS)} 之一") from None


def outcome_choices(fmt: ReportFormat = CURRENT) -> list[tuple[str, str]]:
    """(code, label) of every outcome a concluded request may have, for forms."""
    table = fmt.table("requests")
    return [(code, " ".join(table.row(code).path[1:])) for code in fmt.outcome_rows]


__all__ = [
    "CURRENT",
    "FORMATS",
    "FORMAT_2019",
    "FORMAT_2021",
    "Column",
    "Layout",
    "NarrativeFigure",
    "ReportFormat",
    "Row",
    "Section",
    "Table",
    "ValueKind",
    "cell_key",
    "format_for_year",
    "get_format",
    "normalize_label",
    "outcome_choices",
    "split_key",
]
