"""Figures that a report's narrative states in words (section 一).

The patterns live with the format (``NarrativeFigure``); this module only runs
them. Used to check that the words agree with the tables and to show the
figures section 一 cites.
"""

from __future__ import annotations

import re
import unicodedata
from decimal import Decimal

from .format import ReportFormat


def _to_number(digits: str, scale: str | None) -> int | Decimal:
    value = Decimal(digits.replace(",", "").replace("，", ""))
    if scale == "万":
        value *= 10000
    return int(value) if value == value.to_integral_value() else value


def narrative_figures(text: str, fmt: ReportFormat) -> dict[str, int | Decimal]:
    """The first match of each narrative figure of ``fmt`` in ``text``."""
    text = unicodedata.normalize("NFKC", text or "")
    found: dict[str, int | Decimal] = {}
    for figure in fmt.narrative_figures:
        for pattern in figure.patterns:
            match = re.search(pattern, text)
            if match:
                groups = match.groups()
                found[figure.code] = _to_number(groups[0], groups[1] if len(groups) > 1 else None)
                break
    return found
