"""Reading published reports."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from .models import AnnualReport, FrozenFile, PublishedReport, ReportVersion, WarningAcknowledgement


def published_report_get(*, agency_code: str, year: int) -> PublishedReport | None:
    return (
        PublishedReport.objects.select_related("agency", "imported_by")
        .filter(agency__code=agency_code, year=year)
        .first()
    )


def published_reports_for(agency):
    return PublishedReport.objects.filter(agency=agency).select_related("agency", "imported_by").order_by("-year")


def published_report_years(agency) -> list[int]:
    """The years of the agency's published reports: imported, or made and published in Gongkai."""
    imported = PublishedReport.objects.filter(agency=agency).values_list("year", flat=True)
    made = ReportVersion.objects.filter(report__agency=agency).values_list("report__year", flat=True)
    return sorted(set(imported) | set(made), reverse=True)


# -- the annual report made in Gongkai -------------------------------------------------------------


def annual_reports_for(agency):
    return (
        AnnualReport.objects.filter(agency=agency)
        .select_related("agency", "drafted_by", "submitted_by", "approved_by")
        .order_by("-year")
    )


def annual_report_get_for_user(user, pk: int) -> AnnualReport | None:
    """The report, if ``user`` works for its agency (or is a superuser); else None (the views' 404)."""
    from gongkai.agencies.selectors import agencies_user_may_act_for

    return (
        AnnualReport.objects.select_related("agency", "drafted_by", "submitted_by", "approved_by")
        .filter(pk=pk, agency__in=agencies_user_may_act_for(user))
        .first()
    )


def acknowledgements_of(report: AnnualReport):
    return (
        WarningAcknowledgement.objects.filter(report=report, version=report.version)
        .select_related("acknowledged_by")
        .order_by("id")
    )


def versions_of(report: AnnualReport):
    return (
        ReportVersion.objects.filter(report=report)
        .select_related("published_by", "approved_by")
        .prefetch_related("files")
        .order_by("-number")
    )


def published_versions_get(*, agency_code: str, year: int) -> list[ReportVersion]:
    """Every published version of an agency's report made in Gongkai, the current (newest) first."""
    return list(
        ReportVersion.objects.filter(report__agency__code=agency_code, report__year=year)
        .select_related("report", "report__agency")
        .prefetch_related("files")
        .order_by("-number")
    )


def frozen_file_get(*, agency_code: str, year: int, kind: str, number: int | None = None) -> FrozenFile | None:
    """A frozen file of the current version (or of version ``number``)."""
    files = FrozenFile.objects.select_related("version", "version__report", "version__report__agency").filter(
        version__report__agency__code=agency_code, version__report__year=year, kind=kind
    )
    if number is not None:
        files = files.filter(version__number=number)
    return files.order_by("-version__number").first()


def previous_year_report(agency, year: int):
    """Last year's report as published — made in Gongkai, else imported — for the cross-year rules."""
    from gongkai.annual_report.parse.json import report_from_dict

    version = ReportVersion.objects.filter(report__agency=agency, report__year=year - 1).order_by("-number").first()
    if version is not None:
        return report_from_dict(version.content)
    imported = PublishedReport.objects.filter(agency=agency, year=year - 1).first()
    return imported.report if imported is not None else None


@dataclass(frozen=True)
class Deadline:
    """条例第四十九条: when an agency's report of ``year`` is due, and how it stands on ``today``."""

    due: date
    today: date
    published_on: date | None = None

    @property
    def days_left(self) -> int:
        return (self.due - self.today).days

    @property
    def days_overdue(self) -> int:
        return max(0, -self.days_left)

    @property
    def overdue(self) -> bool:
        return self.published_on is None and self.today > self.due

    @property
    def published_late(self) -> bool:
        return self.published_on is not None and self.published_on > self.due


def statutory_deadline(agency, year: int) -> date:
    """A department's report by 31 January, a people's government's by 31 March of the next year."""
    from gongkai.agencies.models import AgencyLevel

    return date(year + 1, 3, 31) if agency.level == AgencyLevel.GOVERNMENT else date(year + 1, 1, 31)


def annual_report_deadline(report: AnnualReport, today: date) -> Deadline:
    first = ReportVersion.objects.filter(report=report).order_by("number").values_list("published_on", flat=True)
    return Deadline(statutory_deadline(report.agency, report.year), today, first.first())
