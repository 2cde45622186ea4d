"""Writing published reports: ``report_import`` brings an agency's published report in."""

from __future__ import annotations

import logging

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from gongkai.agencies.models import Agency
from gongkai.agencies.selectors import user_may_act_for
from gongkai.annual_report import ParseError, Report, parse_bytes
from gongkai.annual_report.format import normalize_label
from gongkai.annual_report.render.json import report_to_dict
from gongkai.audit import registry as audit_codes
from gongkai.audit.services import audit_record
from gongkai.core.errors import ApplicationError, Conflict, PermissionDenied
from gongkai.core.uploads import SUFFIXES, Upload, sniff

from .models import PublishedReport

logger = logging.getLogger(__name__)

FIRST_YEAR = 2008  # the first year of the 2007 Regulations' annual reports
LAST_YEAR = 2100


class ReportExists(Conflict):
    code = "report_exists"


def read_report(data: bytes, filename: str = "") -> tuple[Report, Upload]:
    """The report in a file's bytes, and the sniffed upload; raises ``ApplicationError`` with a Chinese message."""
    upload = sniff(data, filename)
    try:
        report = parse_bytes(data, filename or None)
    except ParseError as error:
        raise ApplicationError(_("无法读取这份年度报告：%(reason)s") % {"reason": error}, code="unreadable") from error
    except Exception as error:  # a parser bug must not become a 500 for the person uploading
        logger.exception("parser failed on %s (%s, %d bytes)", filename, upload.kind, len(data))
        raise ApplicationError(
            _("无法读取这份年度报告：文件内容与年度报告的格式不符，或文件已损坏。"), code="unreadable"
        ) from error
    return report, upload


def _same_agency(name_in_file: str | None, agency: Agency) -> bool:
    if not name_in_file:
        return True
    found = normalize_label(name_in_file)
    if not found:
        return True
    for known in (agency.name, agency.short_name):
        known = normalize_label(known or "")
        if known and (found in known or known in found):
            return True
    return False


def report_import(
    *, actor, agency: Agency, year: int, data: bytes, filename: str, replace: bool = False
) -> PublishedReport:
    """Import ``agency``'s published report for ``year`` from a file.

    ``actor`` is the user doing it, or None for the command line. Staff may
    import only for their own agency. The year printed in the file must be
    ``year`` (or absent); the agency named in the file must be ``agency``.
    An existing report for the year is replaced only with ``replace=True``.
    """
    if actor is not None and not user_may_act_for(actor, agency):
        raise PermissionDenied(_("您不是“%(agency)s”的工作人员，不能为其导入年度报告。") % {"agency": agency.name})
    if not isinstance(year, int) or isinstance(year, bool) or not FIRST_YEAR <= year <= LAST_YEAR:
        raise ApplicationError(
            _("年度应为 %(first)d 至 %(last)d 之间的整数。") % {"first": FIRST_YEAR, "last": LAST_YEAR}
        )

    report, upload = read_report(data, filename)
    kind = upload.kind
    if report.year is not None and report.year != year:
        raise ApplicationError(
            _("文件中的报告年度为 %(found)d 年，与所选的 %(year)d 年不一致。") % {"found": report.year, "year": year},
            code="year_mismatch",
        )
    if not _same_agency(report.agency, agency):
        raise ApplicationError(
            _("文件中的机关为“%(found)s”，与所选的“%(agency)s”不一致。")
            % {"found": report.agency, "agency": agency.name},
            code="agency_mismatch",
        )
    if report.year is None:
        report = report.replace(year=year)
    if not report.agency:
        report = report.replace(agency=agency.name)
    content = report_to_dict(report)

    name = upload.filename or f"{agency.code}-{year}{SUFFIXES[kind]}"
    stored: list[str] = []
    try:
        with transaction.atomic():
            published = _store(
                actor=actor,
                agency=agency,
                year=year,
                report=report,
                content=content,
                data=data,
                name=name,
                kind=kind,
                sha256=upload.sha256,
                replace=replace,
                stored=stored,
            )
    except BaseException:
        for orphan in stored:  # the row was rolled back: do not keep its file
            default_storage.delete(orphan)
        raise
    return published


def _store(*, actor, agency, year, report, content, data, name, kind, sha256, replace, stored):
    existing = PublishedReport.objects.select_for_update().filter(agency=agency, year=year).first()
    if existing is not None and not replace:
        when = timezone.localtime(existing.imported_at).strftime("%Y-%m-%d %H:%M")
        raise ReportExists(
            _("“%(agency)s”%(year)d 年度的报告已于 %(when)s 导入。如要替换，请确认替换。")
            % {"agency": agency.name, "year": year, "when": when},
            extra={"existing_id": existing.pk},
        )
    published = existing or PublishedReport(agency=agency, year=year)
    previous = (
        {"sha256": existing.original_sha256, "name": existing.original_name, "file": existing.original.name}
        if existing is not None
        else None
    )
    published.format_code = report.format.code
    published.content = content
    published.original_name = name
    published.original_sha256 = sha256
    published.original_size = len(data)
    published.source_kind = kind
    published.imported_by = actor if actor is not None and actor.is_authenticated else None
    published.imported_at = timezone.now()
    published.original.save(name if "." in name else name + SUFFIXES[kind], ContentFile(data), save=False)
    stored.append(published.original.name)
    published.save()
    event = audit_codes.REPORT_REPLACED if existing is not None else audit_codes.REPORT_IMPORTED
    audit_record(
        actor=actor,
        code=event.code,
        agency=agency,
        target=published,
        summary=f"{agency.name} {year}",
        data={
            "year": year,
            "format": report.format.code,
            "source_kind": kind,
            "filename": name,
            "sha256": sha256,
            "size": len(data),
            "previous": previous,
        },
    )
    if previous is not None and previous["file"] and previous["file"] != published.original.name:
        old = previous["file"]
        transaction.on_commit(lambda: default_storage.delete(old))
    return published
