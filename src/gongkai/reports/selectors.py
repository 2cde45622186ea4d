"""Reading published reports."""

from __future__ import annotations

from .models import PublishedReport


def published_report_get(*, agency_code: str, year: int) -> PublishedReport | None:
    return (
        PublishedReport.objects.select_related("agency", "imported_by")
        .filter(agency__code=agency_code, year=year)
        .first()
    )


def published_reports_for(agency):
    return PublishedReport.objects.filter(agency=agency).select_related("agency", "imported_by").order_by("-year")


def published_report_years(agency) -> list[int]:
    return list(PublishedReport.objects.filter(agency=agency).order_by("-year").values_list("year", flat=True))
