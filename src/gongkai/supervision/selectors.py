"""Reading cases, and table 四 of the annual report counted from them."""

from __future__ import annotations

from datetime import date

from gongkai.annual_report.format import cell_key

from .models import APPEALS, PENDING, TOTAL, AppealCase


def appeal_cases_of(agency):
    return AppealCase.objects.filter(agency=agency).order_by("-filed_on", "case_number")


def appeals_table_counts(agency, year: int, *, include_carried_over: bool = False) -> dict[str, int]:
    """Table 四 for ``agency`` and ``year``: cases filed in the year, by kind and
    by the result known on 31 December (still undecided then: the pending column).

    Real reports differ on whether cases still pending from earlier years are
    counted again; ``include_carried_over`` counts them too (and the report
    should then say so, as some do: “含上年度结转数量”).
    """
    year_end = date(year, 12, 31)
    cases = AppealCase.objects.filter(agency=agency, filed_on__year=year)
    if include_carried_over:
        earlier = AppealCase.objects.filter(agency=agency, filed_on__lt=date(year, 1, 1)).exclude(
            decided_on__lt=date(year, 1, 1)
        )
        cases = cases | earlier
    counts = {cell_key(APPEALS.code, row.code, column.code): 0 for row in APPEALS.rows for column in row.columns}
    for case in cases.only("kind", "result", "decided_on"):
        counts[cell_key(APPEALS.code, case.kind, case.result_on(year_end))] += 1
        counts[cell_key(APPEALS.code, case.kind, TOTAL)] += 1
    return counts


__all__ = ["PENDING", "appeal_cases_of", "appeals_table_counts"]
