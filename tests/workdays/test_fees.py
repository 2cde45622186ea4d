"""信息处理费 (国办函〔2020〕109号): 按件计收 per natural month, 按量计收 per request."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from gongkai.workdays import WorkdayError, fee_per_page, fee_per_request, fees_for_requests
from gongkai.workdays.fees import PER_PAGE, PER_REQUEST, unit_price_per_request


def reference_per_item(cum_before: int, n_new: int) -> int:
    """disclosure-rules.md §3, verbatim."""

    def unit(k):
        if k <= 10:
            return 0
        if k <= 30:
            return 100
        return 100 * (2 + (k - 31) // 10)

    return sum(unit(k) for k in range(cum_before + 1, cum_before + n_new + 1))


def reference_per_page(pages: int) -> int:
    bands = [(30, 0), (100, 10), (200, 20), (float("inf"), 40)]
    fee, lo = 0, 0
    for hi, price in bands:
        if pages > lo:
            fee += (min(pages, hi) - lo) * price
        lo = hi
    return int(fee)


@pytest.mark.parametrize(
    ("k", "price"),
    [(1, 0), (10, 0), (11, 100), (30, 100), (31, 200), (40, 200), (41, 300), (50, 300), (51, 400), (61, 500)],
)
def test_unit_price_per_request(k, price):
    assert unit_price_per_request(k) == price


def test_per_request_bands_and_explanation():
    r = fee_per_request(28, 15)
    assert (r.method, r.amount) == (PER_REQUEST, 2 * 100 + 10 * 200 + 3 * 300)
    assert r.explanation[1:] == (
        "第 29–30 件：2 件 × 100 元 = 200 元",
        "第 31–40 件：10 件 × 200 元 = 2000 元",
        "第 41–43 件：3 件 × 300 元 = 900 元",
        "合计 3100 元",
    )
    assert fee_per_request(0, 10).amount == 0
    assert fee_per_request(10).amount == 100


def test_per_page_bands_and_explanation():
    assert [fee_per_page(p).amount for p in (0, 30, 31, 100, 101, 200, 201, 250)] == [
        0,
        0,
        10,
        700,
        720,
        2700,
        2740,
        4700,
    ]
    r = fee_per_page(250)
    assert r.method == PER_PAGE
    assert r.explanation[-2:] == ("第 201–250 页：50 页 × 40 元 = 2000 元", "合计 4700 元")
    assert fee_per_page(31).explanation[2] == "第 31 页：1 页 × 10 元 = 10 元"


def test_requests_are_counted_per_natural_month():
    dates = [date(2025, 1, d) for d in range(1, 13)] + [date(2025, 2, 1)]
    fees = [f.amount for f in fees_for_requests(dates)]
    assert fees == [0] * 10 + [100, 100] + [0]


def test_bad_counts_are_refused():
    for bad in (-1, 1.5, True):
        with pytest.raises(WorkdayError):
            fee_per_page(bad)
        with pytest.raises(WorkdayError):
            fee_per_request(bad)
    with pytest.raises(WorkdayError):
        unit_price_per_request(0)


@given(before=st.integers(0, 200), a=st.integers(0, 80), b=st.integers(0, 80))
def test_per_request_matches_the_reference_and_is_additive(before, a, b):
    assert fee_per_request(before, a).amount == reference_per_item(before, a)
    assert (
        fee_per_request(before, a).amount + fee_per_request(before + a, b).amount
        == fee_per_request(before, a + b).amount
    )


@given(pages=st.integers(0, 5000), more=st.integers(0, 500))
def test_per_page_matches_the_reference_and_is_monotonic(pages, more):
    r = fee_per_page(pages)
    assert r.amount == reference_per_page(pages) == sum(b.amount for b in r.bands)
    assert fee_per_page(pages + more).amount >= r.amount
    assert sum(b.count for b in r.bands) == pages
