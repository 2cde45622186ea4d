"""The consistency rules of the national annual-report format (the "Rules" table of
annual-report-format.md, §2.6 of disclosure-rules.md), run on a ``Report``.

    findings = check(report, previous=last_year, today=date(2025, 2, 3))

Every finding names its rule, a severity, the cell (table / row / column codes),
the expected and the actual figure, and a message in Chinese that starts with
the rule code in brackets and names the cell in a clerk's words, taken from the
format data (``ReportFormat.describe``, ``Row``/``Column`` labels). No label of
the format is spelled here.

Severities:

* ``error``: the report is wrong (tables that do not add up, a figure that is
  not a count, a figure that could not be read).
* ``warning``: a person should look (a cross-year mismatch that a clean-up may
  explain, a fee that looks like 元, a late publication …).
* ``not_checked``: the rule could not be applied, and says why. A check whose
  inputs include a *missing* cell is ``not_checked`` (the missing cell itself is
  one ``value.missing`` error, never more). A check that needs an input the
  caller did not give — the previous year's report, the publication date, the
  section texts (the corpus ``*.expected.json`` files have none) — gives ONE
  ``not_checked`` finding, so that the reader sees which checks were not made.

Cells printed "/" or "—" (not applicable) are left out of sums. When a sum
still agrees without them nothing is said; when it does not, the difference
might hide behind the "/", so the check is ``not_checked`` rather than an error.
Blank cells count as 0 (and each gets a ``value.blank`` warning).

A figure recovered from digits printed without separators (``Cell.basis``
names the rules whose sums chose its split among others) cannot be confirmed
by those same sums: such a check is ``not_checked`` ("未能独立核对"), never a
pass. A cell whose digits allowed several splits is missing (confidence
``ambiguous``, the candidates in its reason), so its checks are ``not_checked``
like any missing cell's.

``Finding.key`` is the cell key ``table.row.column`` when the finding is about
one cell, ``table.row`` for a whole row, ``table.*.column`` for a whole column
(``T3.balance``, ``X.carry_over`` name their column this way only when no single
row is to blame), the table code alone, or ``None`` for report-level findings.

``value.unit`` thresholds (a heuristic, a warning only): the fee amount of
table 二 is in 万元. A government-level report (agency name ending in 人民政府,
whole city or county) above ``FEE_LIMIT_GOVERNMENT`` = 1,000,000 万元 (100 亿元),
or any other agency above ``FEE_LIMIT_DEPARTMENT`` = 100,000 万元 (10 亿元),
probably wrote 元; so does a figure with more than ``FEE_MAX_DECIMALS`` = 4
decimals (万元 to 4 places is already 1 元). The real city of 淮安 (96,171.6 万元)
and district of 洪泽 (7,730.28 万元) pass.

``S.repeated_text`` compares the sentences of the narrative sections (split at
。！？； and line ends, whitespace and punctuation dropped, every run of digits
treated alike so that a sentence copied with new figures still counts as
repeated, sentences shorter than ``MIN_SENTENCE_CHARS`` ignored) and warns
when more than half of this year's sentences appear in last year's report.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from ..model import Report
from . import sections, tables, years  # noqa: F401 - importing them registers their rules
from .base import RULES, Context, Finding, Rule, Severity

# The order of the Rules table of annual-report-format.md: errors on the tables first.
SPEC_ORDER = (
    "T3.balance",
    "T3.concluded_sum",
    "T3.column_sum",
    "T4.group_sum",
    "value.range",
    "value.missing",
    "X.carry_over",
    "X.in_force",
    "S.fee_statement",
    "S.narrative_figures",
    "value.blank",
    "value.unit",
    "X.format_year",
    "S.published_late",
    "S.repeated_text",
)
if set(SPEC_ORDER) != set(RULES):  # pragma: no cover - a rule module not imported or not listed
    raise RuntimeError(f"rules registered {sorted(RULES)} but listed {sorted(SPEC_ORDER)}")
_registered = dict(RULES)
RULES.clear()
RULES.update((code, _registered[code]) for code in SPEC_ORDER)
del _registered


def check(report: Report, previous: Report | None = None, *, today: date | None = None) -> list[Finding]:
    """Every finding of every rule, in the order of ``RULES`` (errors of the tables first)."""
    ctx = Context(report, previous, today)
    findings: list[Finding] = []
    for rule in RULES.values():
        findings.extend(rule(ctx))
    return findings


def errors(findings: Iterable[Finding]) -> list[Finding]:
    return [f for f in findings if f.severity is Severity.ERROR]


__all__ = ["RULES", "SPEC_ORDER", "Context", "Finding", "Rule", "Severity", "check", "errors"]
