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
  named by ``value.missing``, never more than once). A check that needs an input the
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
one cell, ``table.row`` for a whole row (a group of table 四), ``table.*.column``
for a whole column (``T3.balance``, ``X.carry_over`` name their column this way
only when no single row is to blame), the table code alone for a whole table, or
``None`` for report-level findings (most rules on the narrative).

``value.missing`` and ``value.blank`` name as few places as the cells fill: a
table none of whose figures could be read (a section not found) is ONE finding
keyed by the table code; otherwise a whole column of table 三 is one finding
(``table.*.column``), a whole row one (``table.row``), and the cells left one
each. Reasons and printed texts shared by the cells are said once.

``value.unit`` thresholds (a heuristic, a warning only): the fee amount of
table 二 is in 万元. A government-level report (agency name ending in 人民政府,
whole city or county) above ``FEE_LIMIT_GOVERNMENT`` = 1,000,000 万元 (100 亿元),
or any other agency above ``FEE_LIMIT_DEPARTMENT`` = 100,000 万元 (10 亿元),
probably wrote 元; so does a figure with more than ``FEE_MAX_DECIMALS`` = 4
decimals (万元 to 4 places is already 1 元). The real city of 淮安 (96,171.6 万元)
and district of 洪泽 (7,730.28 万元) pass.

The checks real reviewers apply to the words (``narrative.py``; the words they
look for are format data, ``ReportFormat.review_words``, in ``format/common.py``).
Each reads the narrative sections (一, 五 and 六; a section's own heading run
into its text, as on a page without line breaks, is set aside) and, having none
(a canonical JSON transcription), says once that it was not made. Patterns are
matched with full-width forms folded; quotations in messages are as printed.
Every one errs on the side of silence: on the corpus, the reference and the 29
wild pages they give no false alarm, and their tests hold sentences of those
reports that must stay silent.

* ``S.wrong_year`` (warning): a sentence of section 一 or 六 that opens with a
  year before the report's year and goes on with the work (2023年，我局… in a 2024
  report; also after a run-in part heading, （一）主动公开情况2023年，…): text
  left over from last year. Silent on a year inside a sentence (较2023年,
  2023年度部门决算, a notice's title), on sentences holding a comparison word
  (较, 相比, 同比, 上年, 今年, 以来 …) or the report's own year, on later years
  (plans, the publication date), and on section 五, which looks back by design.
* ``S.empty_section`` (warning): section 五 or 六 present but empty or saying only
  that there is nothing (无, 暂无, 无其他需要报告事项, 本年度无其他事项需说明),
  once a signature at its end (the agency's name, a date and up to
  ``SIGNATURE_CHARS`` of page chrome) is set aside. A fee statement (无收取信息
  处理费情况) is content. A section not there at all is ``S.section_order``'s.
* ``S.section_order`` (warning): with ``Report.headings`` (what the parser
  recorded: every section heading it recognised by its words, in printed order,
  with the numeral printed before it), each section missing, printed twice,
  after a later one, or numbered other than its place is one finding (a parser
  that records only the headings it found in their place makes a misplaced
  section read as missing, so that message names both causes). Without
  recorded headings it never guesses: a narrative section the parser did not
  find may be missing or headed in words it did not know (五、政府信息公开存在的
  主要问题… on a real page), so ONE ``not_checked`` names what was not read. A
  warning, not an error: a heading worded beyond recognition reads as missing.
* ``S.all_concluded`` (warning): a sentence about requests (it or the one
  before says 公开申请, 依申请 or 申请公开) claims
  they were all concluded (全部办结, 均已办结, 均在法定时限内办结 …) while table
  三's ``carried_out.total`` > 0. Silent when the sentence speaks of 结转 (上年结转的
  申请均已办结), on negations (均未办结) and on other work in the same breath
  (许可, 审批, a hotline's 诉求, 业务).
* ``S.no_appeals`` (warning): a clause denies reconsideration or litigation cases
  (未发生…, 没有因…, 无因…, 未收到…, …均未发生) while table 四 counts cases in that group;
  a group's cases are its total or, when that was printed smaller, the sum of its
  results (洪泽 2023 printed 总计 0 beside 维持 10). The group words are table 四's
  own labels. Silent when the sentence speaks of decisions rather than cases
  (纠错, 败诉, 撤销 …), of a precaution (避免, 确保, 力争 …) or of appeals against
  other acts (许可, 处罚 …), which table 四 does not count.
* ``S.placeholder`` (error): template text left in the narrative or the agency
  name — （待填写）, XX (not inside a Latin word: zfxxgk in an address is not one),
  ××, ＿＿.

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
from . import narrative, sections, tables, years  # noqa: F401 - importing them registers their rules
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
    "S.placeholder",
    "X.in_force",
    "S.fee_statement",
    "S.narrative_figures",
    "S.all_concluded",
    "S.no_appeals",
    "S.wrong_year",
    "S.empty_section",
    "S.section_order",
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
