"""信息处理费 (information-processing fee) under 《政府信息公开信息处理费管理办法》(国办函〔2020〕109号).

条例第四十二条：行政机关依申请提供政府信息，不收取费用。但是，申请人申请公开政府信息的数量、频次明显超过合理
范围的，行政机关可以收取信息处理费。

办法第三条: two methods, 按件计收 and 按量计收, both 超额累进 (each band's price applies only to the part
in that band). For one request the agency chooses one of them: “不得同时按照两种标准重复计算”.

办法第四条 按件计收 (all decision types): per applicant per 自然月, cumulatively —
    1–10 件 (含10件) free; 11–30 件 (含30件) 100 元/件; 31–40 件 200 元/件; 41–50 件 300 元/件;
    “以10件为一档，每增加一档，收费标准提高100元/件”.
办法第五条 按量计收 (纸质件、电子邮件、复制电子数据), per request —
    1–30 页 (含30页) free; 31–100 页 10 元/页; 101–200 页 20 元/页; 201 页以上 40 元/页.

Amounts are whole yuan (int). Exemptions beyond the free bands are local policy: not modelled here.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from .errors import WorkdayError

__all__ = [
    "PER_PAGE",
    "PER_REQUEST",
    "FeeBand",
    "FeeResult",
    "fee_per_page",
    "fee_per_request",
    "fees_for_requests",
    "unit_price_per_request",
]

PER_REQUEST = "per_request"  # 按件计收（办法第四条）
PER_PAGE = "per_page"  # 按量计收（办法第五条）

FREE_REQUESTS_PER_MONTH = 10
PAGE_BANDS: tuple[tuple[int | None, int], ...] = ((30, 0), (100, 10), (200, 20), (None, 40))  # (upper page, 元/页)


@dataclass(frozen=True)
class FeeBand:
    """One band of a progressive fee: items ``first``..``last`` at ``unit`` 元 each."""

    first: int
    last: int
    unit: int  # 元 per 件 or per 页

    @property
    def count(self) -> int:
        return self.last - self.first + 1

    @property
    def amount(self) -> int:
        return self.count * self.unit


@dataclass(frozen=True)
class FeeResult:
    method: str  # PER_REQUEST or PER_PAGE
    amount: int  # 元
    bands: tuple[FeeBand, ...]
    explanation: tuple[str, ...]


def _nonneg(value: object, what: str) -> int:
    if not isinstance(value, int) or isinstance(value, bool) or value < 0:
        raise WorkdayError(f"{what}须为非负整数，收到 {value!r}")
    return value


def unit_price_per_request(k: int) -> int:
    """Price in 元 of the applicant's ``k``-th request (1-based) in a natural month (办法第四条)."""
    if _nonneg(k, "件次") < 1:
        raise WorkdayError("件次从 1 开始")
    if k <= FREE_REQUESTS_PER_MONTH:
        return 0
    if k <= 30:
        return 100
    return 100 * (2 + (k - 31) // 10)  # 31–40 → 200, 41–50 → 300, …


def _group(prices: Iterable[tuple[int, int]]) -> tuple[FeeBand, ...]:
    bands: list[FeeBand] = []
    for k, unit in prices:
        if bands and bands[-1].unit == unit and bands[-1].last + 1 == k:
            bands[-1] = FeeBand(bands[-1].first, k, unit)
        else:
            bands.append(FeeBand(k, k, unit))
    return tuple(bands)


def fee_per_request(requests_before: int, new_requests: int = 1) -> FeeResult:
    """按件计收 (办法第四条) for ``new_requests`` requests, after ``requests_before`` by the same applicant
    in the same natural month."""
    before = _nonneg(requests_before, "本月此前申请件数")
    n = _nonneg(new_requests, "本次申请件数")
    bands = _group((k, unit_price_per_request(k)) for k in range(before + 1, before + n + 1))
    amount = sum(b.amount for b in bands)
    lines = [
        "按件计收（国办函〔2020〕109号第四条，同一申请人同一自然月累计、超额累进）："
        f"本月此前已申请 {before} 件，本次 {n} 件"
    ]
    for b in bands:
        span = f"第 {b.first} 件" if b.first == b.last else f"第 {b.first}–{b.last} 件"
        lines.append(f"{span}：" + ("免费" if b.unit == 0 else f"{b.count} 件 × {b.unit} 元 = {b.amount} 元"))
    lines.append(f"合计 {amount} 元")
    return FeeResult(PER_REQUEST, amount, bands, tuple(lines))


def fee_per_page(pages: int) -> FeeResult:
    """按量计收 (办法第五条) for one request of ``pages`` pages."""
    _nonneg(pages, "页数")
    bands: list[FeeBand] = []
    low = 0
    for high, unit in PAGE_BANDS:
        top = pages if high is None else min(pages, high)
        if top > low:
            bands.append(FeeBand(low + 1, top, unit))
        if high is None or pages <= high:
            break
        low = high
    amount = sum(b.amount for b in bands)
    lines = [f"按量计收（国办函〔2020〕109号第五条，每件申请单独计算、超额累进）：共 {pages} 页"]
    for b in bands:
        span = f"第 {b.first} 页" if b.first == b.last else f"第 {b.first}–{b.last} 页"
        lines.append(f"{span}：" + ("免费" if b.unit == 0 else f"{b.count} 页 × {b.unit} 元 = {b.amount} 元"))
    lines.append(f"合计 {amount} 元")
    return FeeResult(PER_PAGE, amount, tuple(bands), tuple(lines))


def fees_for_requests(received: Iterable[date]) -> list[FeeResult]:
    """按件计收 for one applicant's requests, in the given order, counted per natural month.

    Each request is one unit (办法第四条 “一事一申请” splitting is done before this).
    """
    seen: dict[tuple[int, int], int] = {}
    out = []
    for d in received:
        key = (d.year, d.month)
        before = seen.get(key, 0)
        out.append(fee_per_request(before, 1))
        seen[key] = before + 1
    return out
