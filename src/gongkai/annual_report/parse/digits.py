"""Figures printed without separators: the digit-string splitter of
disclosure-rules.md §5.

When a table is flattened to text (a browser's copy-paste, ``text_content()``
of a web page, some PDF converters) its cells lose their boundaries:
``…申请数量640020470``. The figures can often be
recovered, because the format's sums constrain them:

* every split of the digits into the row's number of cells, without leading
  zeros (a count is never printed ``05``), is a candidate;
* in table 三 a row's total is the sum of its six applicant columns, and in
  table 四 each group's total is the sum of its four results; candidates that
  break these go;
* what is still ambiguous in table 三 is settled, if at all, by the column
  sums (``T3.balance``, ``T3.concluded_sum``) across rows.

A split is taken only when it is the *unique* one left; otherwise the cells
stay missing and the reason lists the candidates. The rules a split relied on
are remembered (``Cell.basis``), since those rules can no longer check it.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from functools import lru_cache

# Rule codes (annual-report-format.md, "Rules") whose sums may choose a split.
ROW_SUM_RULE = "T3.column_sum"
GROUP_SUM_RULE = "T4.group_sum"
BALANCE_RULE = "T3.balance"
CONCLUDED_SUM_RULE = "T3.concluded_sum"

MAX_COUNT_DIGITS = 6  # no count of a report reaches a million
MAX_CANDIDATES = 5000
MAX_COMBINATIONS = 200_000

# Digits, signed figures glued on, and "/" (a not-applicable cell) among them.
DIGIT_RUN = re.compile(r"^(?:/|-?\d)(?:/|-?\d)*$")
SIGNED = re.compile(r"/|-?\d+")


class TooMany(Exception):
    pass


BLANK = ""  # a piece of no digits: a blank cell that vanished when the table was flattened

Piece = int | None | str  # a figure, None for "/", BLANK for a blank cell


def splits(
    runs: Sequence[str],
    count: int,
    *,
    group: int | None = None,
    blanks: bool = False,
    limit: int = MAX_CANDIDATES,
) -> list[list[Piece]]:
    """Every way to cut ``runs`` into ``count`` figures (see ``_splits``).

    The same rows come back again and again (a table of zeros is 25 rows of
    ``0000000``), so the answers are remembered; callers get their own lists."""
    found = _remembered(tuple(runs), count, group, blanks, limit)
    if found is None:
        raise TooMany
    return [list(c) for c in found]


@lru_cache(maxsize=4096)
def _remembered(runs: tuple[str, ...], count: int, group: int | None, blanks: bool, limit: int):
    try:
        return tuple(tuple(c) for c in _splits(runs, count, group=group, blanks=blanks, limit=limit))
    except TooMany:
        return None


def _splits(
    runs: Sequence[str],
    count: int,
    *,
    group: int | None = None,
    blanks: bool = False,
    limit: int = MAX_CANDIDATES,
) -> list[list[Piece]]:
    """Every way to cut the digit ``runs`` (separate already: a space between
    two runs is a real boundary, and so is a minus sign, which starts a run)
    into ``count`` whole numbers without leading zeros; a run "/" is one cell
    not applicable (None). With ``blanks``, any cell may also be a blank cell
    that left no digits (``BLANK``, counted as 0). With ``group``, every
    consecutive ``group`` numbers must end with their sum (the total column),
    unless one of them is "/". Raises ``TooMany`` past ``limit`` results."""
    runs = [r for r in runs if r]
    total_digits = sum(len(r.lstrip("-")) for r in runs)
    if not runs or count < len(runs) or (count > total_digits and not blanks):
        return []
    results: list[list[Piece]] = []
    acc: list[Piece] = []

    def fits(added_all: bool = False) -> bool:
        return not (group and len(acc) % group == 0 and not group_holds(acc[-group:]))

    def rec(r: int, pos: int) -> None:
        if len(acc) == count:
            if r == len(runs):
                if len(results) >= limit:
                    raise TooMany
                results.append(list(acc))
            return
        later_runs = len(runs) - r - 1 if r < len(runs) else 0
        if blanks and count - len(acc) - 1 >= later_runs + (1 if r < len(runs) else 0):
            acc.append(BLANK)
            if fits():
                rec(r, pos)
            acc.pop()
        if r == len(runs):
            return
        run = runs[r]
        if run == "/":
            acc.append(None)
            if fits():
                rec(r + 1, 0)
            acc.pop()
            return
        later_digits = sum(len(x.lstrip("-")) for x in runs[r + 1 :])
        sign = 1 if run[pos] == "-" else 0  # a sign belongs to the first figure of its run
        for j in range(pos + 1 + sign, len(run) + 1):
            token = run[pos:j]
            number = token[sign:]
            if len(number) > 1 and number[0] == "0":
                break
            if len(number) > MAX_COUNT_DIGITS:
                break
            left = count - len(acc) - 1  # pieces still to cut after this one
            rest_digits = (len(run) - j) + later_digits
            min_parts = later_runs + (1 if j < len(run) else 0)
            if left < min_parts or (left > rest_digits and not blanks):
                continue
            acc.append(int(token))
            if fits():
                if j == len(run):
                    rec(r + 1, 0)
                else:
                    rec(r, j)
            acc.pop()

    rec(0, 0)
    return results


def group_holds(values: list[Piece]) -> bool:
    if None in values:
        return True  # a "/" among them: the sum says nothing
    numbers = [0 if v == BLANK else v for v in values]
    return numbers[-1] == sum(numbers[:-1])


def show_candidates(candidates: Sequence[Sequence[int]], most: int = 4) -> str:
    def show(v: Piece) -> str:
        return "/" if v is None else "空" if v == BLANK else str(v)

    # splits without vanished blank cells first: they are the likelier ones
    ordered = sorted(candidates, key=lambda c: sum(1 for v in c if v == BLANK))
    shown = "；".join("[" + ", ".join(show(v) for v in c) + "]" for c in ordered[:most])
    if len(candidates) > most:
        shown += f" 等 {len(candidates)} 种"
    if any(v == BLANK for c in candidates for v in c):
        shown += "（“空”为连排时可能丢失的空白格）"
    return shown


def solve(
    choices: dict[str, list[list[int]]],
    constraints: list[tuple[str, Callable[[dict[str, list[int]]], bool | None]]],
) -> tuple[dict[str, list[list[int]]], set[str]] | None:
    """Which candidates of each ambiguous row survive the column constraints.

    ``choices`` maps a row to its candidates; a constraint is (rule code,
    check) where check(assignment) is True/False, or None when it cannot be
    evaluated (a figure it needs is not known). Returns, per row, the
    candidates found in some consistent assignment, and the rule codes that
    eliminated something; None when there are too many combinations.
    """
    rows = list(choices)
    size = 1
    for row in rows:
        size *= max(1, len(choices[row]))
        if size > MAX_COMBINATIONS:
            return None
    surviving: dict[str, set[int]] = {row: set() for row in rows}
    used: set[str] = set()

    def rec(i: int, assignment: dict[str, list[int]], index: dict[str, int]) -> None:
        if i == len(rows):
            ok = True
            for code, check in constraints:
                result = check(assignment)
                if result is False:
                    used.add(code)
                    ok = False
                    break
            if ok:
                for row in rows:
                    surviving[row].add(index[row])
            return
        row = rows[i]
        for k, candidate in enumerate(choices[row]):
            assignment[row] = candidate
            index[row] = k
            rec(i + 1, assignment, index)
        assignment.pop(row, None)

    rec(0, {}, {})
    return {row: [choices[row][k] for k in sorted(surviving[row])] for row in rows}, used
