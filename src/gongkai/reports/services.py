"""Writing annual reports: ``report_import`` brings an agency's published report in; the
``annual_report_*`` services make one in Gongkai (draft, narrative, review, publish, correct)."""

from __future__ import annotations

import hashlib
import json
import logging
import random
import time
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import OperationalError, connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from gongkai.agencies.models import Agency, StaffRole
from gongkai.agencies.selectors import membership_of, user_may_act_for
from gongkai.annual_report import AnnualReportError, Cell, ParseError, Report, check, get_format, parse_bytes, render
from gongkai.annual_report.format import ValueKind, normalize_label
from gongkai.annual_report.render import RENDERERS
from gongkai.annual_report.render.json import json_value, report_to_dict
from gongkai.audit import registry as audit_codes
from gongkai.audit.services import audit_record
from gongkai.core.errors import ApplicationError, Conflict, PermissionDenied
from gongkai.core.uploads import SUFFIXES, Upload, sniff

from .models import AnnualReport, AnnualReportState, FrozenFile, PublishedReport, ReportVersion, WarningAcknowledgement

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


# ==================================================================================================
# The annual report made in Gongkai: draft from records → 提交审核 → 审核通过 → 发布 (→ 更正)
#
# Every function below is one write: it checks the actor's permission, locks the report's row
# (select_for_update on PostgreSQL; an IMMEDIATE transaction on SQLite), checks the state as it is
# now, writes, and records its audit event in the same transaction. A refusal is an
# ``ApplicationError`` with a Chinese message for the clerk, and is itself recorded
# (``annual_report.refused``) once its transaction has rolled back: nothing is lost, nothing half done.
# ==================================================================================================

ACTING_ROLES = frozenset({StaffRole.CLERK, StaffRole.REVIEWER, StaffRole.HEAD})
APPROVING_ROLES = frozenset({StaffRole.REVIEWER, StaffRole.HEAD})
# What publishing freezes, in the order the portal lists them.
FROZEN_KINDS = ("html", "pdf", "docx", "xlsx", "json", "text")
LOCK_RETRIES = 8


class NotEditable(Conflict):
    code = "not_editable"


class StaleFigures(Conflict):
    code = "stale_figures"


# -- who may act -----------------------------------------------------------------------------------


def _check_staff(actor, agency: Agency, roles: frozenset[str], doing: str) -> None:
    if actor is None or not getattr(actor, "is_authenticated", False) or not actor.is_active:
        raise PermissionDenied(_("请先以工作人员身份登录。"))
    if actor.is_superuser:
        return
    membership = membership_of(actor)
    if membership is None or membership.agency_id != agency.pk:
        raise PermissionDenied(
            _("您不是“%(agency)s”的工作人员，不能%(doing)s。") % {"agency": agency.name, "doing": doing}
        )
    if membership.role not in roles:
        wanted = "、".join(str(StaffRole(r).label) for r in sorted(roles))
        raise PermissionDenied(
            _("您的角色是“%(role)s”，%(doing)s须由%(wanted)s办理。")
            % {"role": membership.get_role_display(), "doing": doing, "wanted": wanted}
        )


def _is_lock_error(exc: OperationalError) -> bool:
    text = str(exc).lower()
    return "locked" in text or "deadlock" in text


def _retrying(body):
    """Run ``body`` (one atomic block) again when the database could not take its lock in time."""
    for attempt in range(LOCK_RETRIES):
        try:
            return body()
        except OperationalError as exc:
            if not _is_lock_error(exc):
                raise
            if connection.in_atomic_block or attempt == LOCK_RETRIES - 1:
                raise Conflict(_("另一位工作人员正在处理这份年度报告，请稍后刷新页面重试。"), code="busy") from None
            time.sleep(0.05 * (attempt + 1) + random.random() * 0.05)
    raise AssertionError("unreachable")  # pragma: no cover


def _audited(action: str, *, actor, agency, report=None, year=None):
    """Run a write; when it is refused, record the refusal (after the write's rollback) and re-raise."""

    def decorate(body):
        try:
            return _retrying(body)
        except ApplicationError as error:
            with transaction.atomic():
                audit_record(
                    actor=actor,
                    code=audit_codes.ANNUAL_REPORT_REFUSED.code,
                    agency=agency,
                    target=report,
                    summary=f"{agency.name} {year or ''} {action}: {error.message}",
                    data={
                        "action": action,
                        "report": report.pk if report is not None else None,
                        "year": year,
                        "code": error.code,
                        "message": error.message,
                    },
                )
            raise

    return decorate


def _record_report_event(event, *, actor, report: AnnualReport, detail: str = "", data: dict | None = None) -> None:
    """One audit row of an annual report's event: summary "机关 年度" and the detail, data
    led by the year (the vocabulary of events is ``audit.registry``)."""
    audit_record(
        actor=actor,
        code=event.code,
        agency=report.agency,
        target=report,
        summary=f"{report.agency.name} {report.year}{detail}",
        data={"year": report.year, **(data or {})},
    )


def _lock(report: AnnualReport) -> AnnualReport:
    return AnnualReport.objects.select_for_update().select_related("agency").get(pk=report.pk)


def _refuse_unless(report: AnnualReport, state: str, doing: str) -> None:
    if report.state != state:
        raise NotEditable(
            _("这份年度报告现在的状态是“%(state)s”，不能%(doing)s。请刷新页面查看最新状态。")
            % {"state": report.get_state_display(), "doing": doing},
            extra={"state": report.state},
        )


def _check_revision(report: AnnualReport, revision: int | None) -> None:
    if revision is not None and revision != report.revision:
        raise Conflict(_("这份年度报告已被其他工作人员修改，请刷新页面，在最新内容上重新操作。"), code="stale_revision")


def _person(user):
    return user if getattr(user, "is_authenticated", False) else None


def _save(report: AnnualReport, *fields: str, contributor=None) -> None:
    """Save ``fields``; ``contributor`` changed the content of this version (so may not approve it)."""
    extra = []
    if contributor is not None and contributor.pk not in report.contributors:
        report.contributors = [*report.contributors, contributor.pk]
        extra.append("contributors")
    report.revision += 1
    report.save(update_fields=[*fields, *extra, "revision", "updated_at"])


# -- the parts of the narrative ------------------------------------------------------------------


def narrative_parts(fmt) -> list[tuple[str, str]]:
    """(key, heading) of every part typed in the office: 一(一)…(五), then 五 and 六."""
    overview = fmt.section("overview")
    parts = [(f"overview.{i}", heading) for i, heading in enumerate(overview.parts, start=1)]
    for code in ("problems", "other_matters"):
        section = fmt.section(code)
        parts.append((code, f"{section.number}、{section.title}"))
    return parts


def split_narrative(fmt, sections: dict[str, str]) -> dict[str, str]:
    """The drafted sections cut into the parts of ``narrative_parts`` (overview by its part headings)."""
    headings = fmt.section("overview").parts
    texts: dict[str, list[str]] = {f"overview.{i}": [] for i in range(1, len(headings) + 1)}
    current = None
    for line in (sections.get("overview") or "").splitlines():
        stripped = line.strip()
        if stripped in headings:
            current = f"overview.{headings.index(stripped) + 1}"
            continue
        if current is None:
            current = "overview.1"
        texts[current].append(line)
    narrative = {key: "\n".join(lines).strip() for key, lines in texts.items()}
    for code in ("problems", "other_matters"):
        narrative[code] = (sections.get(code) or "").strip()
    return narrative


def compose_sections(fmt, narrative: dict[str, str]) -> dict[str, str]:
    headings = fmt.section("overview").parts
    overview = []
    for i, heading in enumerate(headings, start=1):
        overview.append(heading)
        overview.append((narrative.get(f"overview.{i}") or "").strip())
    return {
        "overview": "\n".join(overview),
        "problems": (narrative.get("problems") or "").strip(),
        "other_matters": (narrative.get("other_matters") or "").strip(),
    }


def adjustment_note(delta: Decimal) -> str:
    return _("含调整%(delta)s") % {"delta": f"{delta:+}"}


def adjusted_cells(fmt, figures: Report, adjustments: dict) -> dict:
    """The cells of ``figures`` with each adjustment added, noted in the cell (so on every output)."""
    cells = dict(figures.cells)
    for key in fmt.cell_keys():
        adjustment = adjustments.get(key)
        if adjustment is None:
            continue
        delta = Decimal(adjustment["delta"])
        _table, _row, column = fmt.lookup(key)
        value = (figures.value(key) or 0) + delta
        cells[key] = Cell.of(value if column.kind == ValueKind.AMOUNT else int(value), note=adjustment_note(delta))
    return cells


def adjustments_statement(fmt, adjustments: dict) -> str:
    """The sentence that section 六 carries when figures were adjusted: each cell, amount and reason."""
    items = [
        _("%(cell)s调整%(delta)s（%(reason)s）")
        % {"cell": fmt.describe(key), "delta": f"{Decimal(a['delta']):+}", "reason": a["reason"]}
        for key in fmt.cell_keys()
        if (a := adjustments.get(key)) is not None
    ]
    if not items:
        return ""
    return _("以下数字不能全部由本系统的记录得出，已作调整：%(items)s。") % {"items": "；".join(items)}


def annual_report_value(report: AnnualReport, *, published_on=None, narrative: dict | None = None) -> Report:
    """The ``Report`` of a stored annual report: its figures (with any adjustment) and its narrative
    (or ``narrative``, text being typed that is not saved yet)."""
    from gongkai.annual_report.parse.json import report_from_dict

    figures = report_from_dict(report.figures)
    fmt = figures.format
    sections = compose_sections(fmt, report.narrative if narrative is None else narrative)
    statement = adjustments_statement(fmt, report.adjustments or {})
    if statement:
        sections["other_matters"] = "\n".join(t for t in (sections["other_matters"], statement) if t)
    return figures.replace(
        agency=report.agency.name,
        cells=adjusted_cells(fmt, figures, report.adjustments or {}),
        sections=sections,
        published_on=published_on,
    )


def figures_dict(report: Report) -> dict:
    data = report_to_dict(report.replace(sections={}))
    data.pop("sections", None)
    data.pop("narrative_figures", None)
    return data


def figures_fingerprint(figures: dict) -> str:
    return hashlib.sha256(json.dumps(figures, sort_keys=True, ensure_ascii=False).encode()).hexdigest()


def warning_fingerprint(finding) -> str:
    text = json.dumps([finding.rule, finding.key, finding.message], ensure_ascii=False)
    return hashlib.sha256(text.encode()).hexdigest()


def annual_report_findings(report: AnnualReport, *, today=None, narrative: dict | None = None) -> list:
    """The rule findings of the report as it now stands (against last year's published report, if any);
    with ``narrative``, of the report as it would be with that text (the check while typing)."""
    from .selectors import previous_year_report

    return check(
        annual_report_value(report, narrative=narrative),
        previous=previous_year_report(report.agency, report.year),
        today=today or timezone.localdate(),
    )


def _blocking(report: AnnualReport, findings) -> tuple[list, list]:
    """The errors, and the warnings of this version no one has acknowledged."""
    acknowledged = set(
        WarningAcknowledgement.objects.filter(report=report, version=report.version).values_list(
            "fingerprint", flat=True
        )
    )
    errors = [f for f in findings if f.severity == "error"]
    unacknowledged = [f for f in findings if f.severity == "warning" and warning_fingerprint(f) not in acknowledged]
    return errors, unacknowledged


def _refuse_findings(report: AnnualReport, findings, doing: str) -> None:
    errors, unacknowledged = _blocking(report, findings)
    if errors:
        raise ApplicationError(
            _("报告还有 %(count)d 处错误，不能%(doing)s。请先改正：%(first)s")
            % {"count": len(errors), "doing": doing, "first": errors[0].message},
            code="has_errors",
            extra={"errors": [f.to_dict() for f in errors]},
        )
    if unacknowledged:
        raise ApplicationError(
            _("报告还有 %(count)d 条提醒未确认，不能%(doing)s。请逐条核实，写明理由后确认：%(first)s")
            % {"count": len(unacknowledged), "doing": doing, "first": unacknowledged[0].message},
            code="unacknowledged_warnings",
        )


# -- drafting ------------------------------------------------------------------------------------


def annual_report_draft(*, actor, agency: Agency, year: int) -> AnnualReport:
    """生成年度报告草稿: the report of ``year`` computed from the records, its narrative drafted."""
    from .build import build_report

    doing = _("生成年度报告草稿")

    def body():
        _check_staff(actor, agency, ACTING_ROLES, doing)
        if not isinstance(year, int) or isinstance(year, bool) or not FIRST_YEAR <= year <= LAST_YEAR:
            raise ApplicationError(
                _("年度应为 %(first)d 至 %(last)d 之间的整数。") % {"first": FIRST_YEAR, "last": LAST_YEAR}
            )
        built = build_report(agency, year)
        with transaction.atomic():
            existing = AnnualReport.objects.select_for_update().filter(agency=agency, year=year).first()
            if existing is not None:
                raise ReportExists(
                    _("“%(agency)s”%(year)d 年度的报告已经建立（%(state)s），请打开它继续编制。")
                    % {"agency": agency.name, "year": year, "state": existing.get_state_display()},
                    extra={"existing_id": existing.pk},
                )
            report = AnnualReport.objects.create(
                agency=agency,
                year=year,
                format_code=built.format.code,
                figures=figures_dict(built),
                figures_computed_at=timezone.now(),
                narrative=split_narrative(built.format, dict(built.sections)),
                drafted_by=_person(actor),
                contributors=[actor.pk],
            )
            _record_report_event(
                audit_codes.ANNUAL_REPORT_DRAFTED,
                actor=actor,
                report=report,
                data={"format": built.format.code, "figures": figures_fingerprint(report.figures)},
            )
            return report

    return _audited("draft", actor=actor, agency=agency, year=year)(body)


@dataclass(frozen=True)
class CellChange:
    key: str
    name: str  # ReportFormat.describe(key)
    old: object
    new: object


@dataclass(frozen=True)
class Refresh:
    """What "按记录更新" would change: the new figures, their fingerprint, and the changes cell by cell."""

    figures: dict
    fingerprint: str
    changes: list[CellChange]


def annual_report_refresh_preview(report: AnnualReport) -> Refresh:
    """The figures the records give now, compared cell by cell with the stored ones (writes nothing)."""
    from gongkai.annual_report.parse.json import report_from_dict

    from .build import build_report

    fresh = build_report(report.agency, report.year)
    stored = report_from_dict(report.figures)
    fmt = fresh.format
    changes = [
        CellChange(key, fmt.describe(key), stored.value(key), fresh.value(key))
        for key in fmt.cell_keys()
        if stored.cell(key) != fresh.cell(key)
    ]
    figures = figures_dict(fresh)
    return Refresh(figures, figures_fingerprint(figures), changes)


def annual_report_refresh(
    *, actor, report: AnnualReport, fingerprint: str, revision: int | None = None
) -> AnnualReport:
    """按记录更新, accepted: store the figures the clerk was shown (``fingerprint``) — if the records
    changed again since, refuse, so that nothing is stored that nobody looked at."""
    agency = report.agency
    doing = _("按记录更新数字")

    def body():
        _check_staff(actor, agency, ACTING_ROLES, doing)
        preview = annual_report_refresh_preview(report)
        with transaction.atomic():
            locked = _lock(report)
            _refuse_unless(locked, AnnualReportState.DRAFT, doing)
            _check_revision(locked, revision)
            if preview.fingerprint != fingerprint:
                raise StaleFigures(_("记录在您查看之后又有变化，请重新查看“按记录更新”的变化后再确认。"))
            changed = [{"key": c.key, "old": json_value(c.old), "new": json_value(c.new)} for c in preview.changes]
            locked.figures = preview.figures
            locked.figures_computed_at = timezone.now()
            _save(locked, "figures", "figures_computed_at", contributor=actor)
            _record_report_event(
                audit_codes.ANNUAL_REPORT_REFRESHED,
                actor=actor,
                report=locked,
                detail=f": {len(changed)}",
                data={"changes": changed, "figures": fingerprint},
            )
            return locked

    return _audited("refresh", actor=actor, agency=agency, report=report, year=report.year)(body)


def annual_report_narrative_save(
    *, actor, report: AnnualReport, narrative: dict[str, str], revision: int | None = None
) -> AnnualReport:
    """Store the typed text of the narrative parts (only while a draft)."""
    agency = report.agency
    doing = _("修改文字部分")
    fmt = get_format(report.format_code)
    keys = [key for key, _heading in narrative_parts(fmt)]
    unknown = set(narrative) - set(keys)
    if unknown:
        raise ApplicationError(_("没有这些文字部分：%(keys)s") % {"keys": "、".join(sorted(unknown))})

    def body():
        _check_staff(actor, agency, ACTING_ROLES, doing)
        with transaction.atomic():
            locked = _lock(report)
            _refuse_unless(locked, AnnualReportState.DRAFT, doing)
            _check_revision(locked, revision)
            new = {
                key: str(narrative.get(key, locked.narrative.get(key, ""))).replace("\r\n", "\n").strip()
                for key in keys
            }
            changed = sorted(key for key in keys if new[key] != (locked.narrative.get(key) or ""))
            locked.narrative = new
            _save(locked, "narrative", contributor=actor)
            _record_report_event(
                audit_codes.ANNUAL_REPORT_NARRATIVE_SAVED,
                actor=actor,
                report=locked,
                data={"parts": changed},
            )
            return locked

    return _audited("narrative", actor=actor, agency=agency, report=report, year=report.year)(body)


def annual_report_adjust(
    *, actor, report: AnnualReport, key: str, delta, reason: str, revision: int | None = None
) -> AnnualReport:
    """A documented adjustment of one figure: ``delta`` is added to what the records give, with
    ``reason``; it shows in the cell and in section 六 of every output. ``delta`` 0 removes it."""
    agency = report.agency
    doing = _("调整数字")
    fmt = get_format(report.format_code)
    reason = str(reason or "").strip()

    def body():
        _check_staff(actor, agency, ACTING_ROLES, doing)
        try:
            _table, _row, column = fmt.lookup(key)
        except KeyError:
            raise ApplicationError(_("报告中没有这个单元格。"), code="no_such_cell") from None
        try:
            amount = Decimal(str(delta).strip())
        except (InvalidOperation, ValueError):
            raise ApplicationError(
                _("调整数应为数字，例如 3 或 -2。"), code="bad_delta", extra={"fields": {"delta": _("应为数字")}}
            ) from None
        if not amount.is_finite() or (column.kind != ValueKind.AMOUNT and amount != amount.to_integral_value()):
            raise ApplicationError(
                _("%(cell)s是件数，调整数应为整数。") % {"cell": fmt.describe(key)},
                code="bad_delta",
                extra={"fields": {"delta": _("应为整数")}},
            )
        if amount and not reason:
            raise ApplicationError(
                _("请写明调整的理由（例如：本机关 7 月起使用本系统，1 至 6 月的申请按纸质台账统计）。"),
                code="reason_required",
                extra={"fields": {"reason": _("必填")}},
            )
        with transaction.atomic():
            locked = _lock(report)
            _refuse_unless(locked, AnnualReportState.DRAFT, doing)
            _check_revision(locked, revision)
            from gongkai.annual_report.parse.json import report_from_dict

            computed = report_from_dict(locked.figures).value(key) or 0
            if column.kind != ValueKind.SIGNED_COUNT and computed + amount < 0:
                raise ApplicationError(
                    _("%(cell)s由记录得出 %(value)s，调整后不能小于 0。")
                    % {"cell": fmt.describe(key), "value": computed},
                    code="bad_delta",
                    extra={"fields": {"delta": _("调整后小于 0")}},
                )
            adjustments = dict(locked.adjustments or {})
            previous = adjustments.pop(key, None)
            if amount:
                adjustments[key] = {
                    "delta": str(amount if column.kind == ValueKind.AMOUNT else int(amount)),
                    "reason": reason,
                    "by": actor.get_username(),
                    "at": timezone.now().isoformat(),
                }
            locked.adjustments = adjustments
            _save(locked, "adjustments", contributor=actor)
            _record_report_event(
                audit_codes.ANNUAL_REPORT_ADJUSTED,
                actor=actor,
                report=locked,
                detail=f" {key} {amount:+}",
                data={
                    "key": key,
                    "computed": json_value(computed),
                    "delta": adjustments.get(key, {}).get("delta"),
                    "reason": reason,
                    "previous": previous,
                },
            )
            return locked

    return _audited("adjust", actor=actor, agency=agency, report=report, year=report.year)(body)


def annual_report_acknowledge_warning(
    *, actor, report: AnnualReport, fingerprint: str, reason: str
) -> WarningAcknowledgement:
    """Accept one warning of the current version, saying why (kept with the report)."""
    agency = report.agency
    doing = _("确认提醒")
    reason = str(reason or "").strip()

    def body():
        _check_staff(actor, agency, ACTING_ROLES, doing)
        if not reason:
            raise ApplicationError(
                _("请写明为什么这条提醒不需要改正（例如：数字已核实无误）。"),
                code="reason_required",
                extra={"fields": {"reason": _("必填")}},
            )
        with transaction.atomic():
            locked = _lock(report)
            _refuse_unless(locked, AnnualReportState.DRAFT, doing)
            warnings = {warning_fingerprint(f): f for f in annual_report_findings(locked) if f.severity == "warning"}
            finding = warnings.get(fingerprint)
            if finding is None:
                raise ApplicationError(
                    _("这条提醒已不在报告的检查结果中（报告可能已修改），请刷新页面。"), code="no_such_warning"
                )
            existing = WarningAcknowledgement.objects.filter(
                report=locked, version=locked.version, fingerprint=fingerprint
            ).first()
            if existing is not None:
                return existing
            ack = WarningAcknowledgement.objects.create(
                report=locked,
                version=locked.version,
                fingerprint=fingerprint,
                rule=finding.rule,
                message=finding.message,
                reason=reason,
                acknowledged_by=actor,
            )
            _save(locked, contributor=actor)
            _record_report_event(
                audit_codes.ANNUAL_REPORT_WARNING_ACKNOWLEDGED,
                actor=actor,
                report=locked,
                detail=f" {finding.rule}",
                data={"version": locked.version, "rule": finding.rule, "message": finding.message, "reason": reason},
            )
            return ack

    return _audited("acknowledge", actor=actor, agency=agency, report=report, year=report.year)(body)


# -- the workflow --------------------------------------------------------------------------------


def annual_report_submit(*, actor, report: AnnualReport, revision: int | None = None) -> AnnualReport:
    """提交审核: no rule error, every warning acknowledged."""
    agency = report.agency
    doing = _("提交审核")

    def body():
        _check_staff(actor, agency, ACTING_ROLES, doing)
        with transaction.atomic():
            locked = _lock(report)
            _refuse_unless(locked, AnnualReportState.DRAFT, doing)
            _check_revision(locked, revision)
            findings = annual_report_findings(locked)
            _refuse_findings(locked, findings, doing)
            locked.state = AnnualReportState.IN_REVIEW
            locked.submitted_by = actor
            locked.submitted_at = timezone.now()
            _save(locked, "state", "submitted_by", "submitted_at")
            _record_report_event(
                audit_codes.ANNUAL_REPORT_SUBMITTED,
                actor=actor,
                report=locked,
                detail=f" v{locked.version}",
                data={"version": locked.version, "warnings": sum(f.severity == "warning" for f in findings)},
            )
            return locked

    return _audited("submit", actor=actor, agency=agency, report=report, year=report.year)(body)


def _check_not_author(actor, report: AnnualReport, doing: str) -> None:
    authors = {report.drafted_by_id, report.submitted_by_id, *report.contributors} - {None}
    if actor.pk in authors:
        raise PermissionDenied(
            _("这份报告由您起草、修改或提交，不能由您本人%(doing)s，请由本机关另一位审核人或负责人审核。")
            % {"doing": doing},
            code="own_report",
        )


def annual_report_return(*, actor, report: AnnualReport, reason: str) -> AnnualReport:
    """退回修改: the reviewer sends the report back to a draft, saying why."""
    agency = report.agency
    doing = _("退回修改")
    reason = str(reason or "").strip()

    def body():
        _check_staff(actor, agency, APPROVING_ROLES, doing)
        if not reason:
            raise ApplicationError(
                _("请写明退回修改的理由。"), code="reason_required", extra={"fields": {"reason": _("必填")}}
            )
        with transaction.atomic():
            locked = _lock(report)
            if locked.state not in (AnnualReportState.IN_REVIEW, AnnualReportState.APPROVED):
                _refuse_unless(locked, AnnualReportState.IN_REVIEW, doing)
            locked.state = AnnualReportState.DRAFT
            locked.submitted_by = None
            locked.submitted_at = None
            locked.approved_by = None
            locked.approved_at = None
            _save(locked, "state", "submitted_by", "submitted_at", "approved_by", "approved_at")
            _record_report_event(
                audit_codes.ANNUAL_REPORT_RETURNED,
                actor=actor,
                report=locked,
                detail=f" v{locked.version}",
                data={"version": locked.version, "reason": reason},
            )
            return locked

    return _audited("return", actor=actor, agency=agency, report=report, year=report.year)(body)


def annual_report_approve(*, actor, report: AnnualReport, revision: int | None = None) -> AnnualReport:
    """审核通过, by a reviewer or head who neither drafted nor submitted the report."""
    agency = report.agency
    doing = _("审核通过")

    def body():
        _check_staff(actor, agency, APPROVING_ROLES, doing)
        with transaction.atomic():
            locked = _lock(report)
            if locked.state == AnnualReportState.APPROVED:
                raise Conflict(
                    _("这份报告已由 %(user)s 审核通过，无需再次审核。") % {"user": locked.approved_by},
                    code="already_approved",
                )
            _refuse_unless(locked, AnnualReportState.IN_REVIEW, doing)
            _check_revision(locked, revision)
            _check_not_author(actor, locked, doing)
            findings = annual_report_findings(locked)
            _refuse_findings(locked, findings, doing)
            locked.state = AnnualReportState.APPROVED
            locked.approved_by = actor
            locked.approved_at = timezone.now()
            _save(locked, "state", "approved_by", "approved_at")
            _record_report_event(
                audit_codes.ANNUAL_REPORT_APPROVED,
                actor=actor,
                report=locked,
                detail=f" v{locked.version}",
                data={"version": locked.version},
            )
            return locked

    return _audited("approve", actor=actor, agency=agency, report=report, year=report.year)(body)


def annual_report_publish(
    *, actor, report: AnnualReport, published_on=None, revision: int | None = None
) -> ReportVersion:
    """发布: freeze the approved report as a new version — its HTML, PDF, DOCX, XLSX, JSON and text,
    each with its SHA-256 — which the portal then serves byte for byte, never rendered again."""
    agency = report.agency
    doing = _("发布")
    published_on = published_on or timezone.localdate()
    stored: list[str] = []

    def body():
        _check_staff(actor, agency, ACTING_ROLES, doing)
        current = AnnualReport.objects.select_related("agency").get(pk=report.pk)
        if current.state == AnnualReportState.PUBLISHED:
            raise Conflict(_("这份报告已经发布，无需再次发布。"), code="already_published")
        _refuse_unless(current, AnnualReportState.APPROVED, doing)
        _check_revision(current, revision)
        value = annual_report_value(current, published_on=published_on)
        # Rendering takes seconds (PDF, DOCX): done before the lock, on the row read above; under the
        # lock the row must still be that row (same revision), or nothing is stored.
        try:
            files = {kind: render(value, kind) for kind in FROZEN_KINDS}
        except AnnualReportError as error:
            logger.exception("rendering %s %s for publication failed", agency.code, current.year)
            raise ApplicationError(
                _("生成发布文件时出错，报告没有发布，请联系系统管理员：%(reason)s") % {"reason": error},
                code="render_failed",
            ) from error
        findings = annual_report_findings(current)
        with transaction.atomic():
            locked = _lock(report)
            if locked.state == AnnualReportState.PUBLISHED:
                raise Conflict(_("这份报告刚刚已由其他工作人员发布，无需再次发布。"), code="already_published")
            _refuse_unless(locked, AnnualReportState.APPROVED, doing)
            if locked.revision != current.revision:
                raise Conflict(_("这份报告在发布前被修改，请刷新页面后重新发布。"), code="stale_revision")
            _refuse_findings(locked, findings, doing)
            version = ReportVersion.objects.create(
                report=locked,
                number=locked.version,
                content=report_to_dict(value),
                published_on=published_on,
                published_at=timezone.now(),
                published_by=actor,
                drafted_by=locked.drafted_by,
                approved_by=locked.approved_by,
                correction_reason=locked.correction_reason,
                findings=[f.to_dict() for f in findings],
            )
            digests = {}
            for kind in FROZEN_KINDS:
                data = files[kind]
                digest = hashlib.sha256(data).hexdigest()
                frozen = FrozenFile(version=version, kind=kind, sha256=digest, size=len(data))
                frozen.file.save(f"{locked.file_stem}{RENDERERS[kind][3]}", ContentFile(data), save=False)
                stored.append(frozen.file.name)
                frozen.save()
                digests[kind] = digest
            locked.state = AnnualReportState.PUBLISHED
            _save(locked, "state")
            _record_report_event(
                audit_codes.ANNUAL_REPORT_PUBLISHED,
                actor=actor,
                report=locked,
                detail=f" v{version.number} {published_on.isoformat()}",
                data={
                    "version": version.number,
                    "published_on": published_on.isoformat(),
                    "sha256": digests,
                    "correction_reason": locked.correction_reason,
                },
            )
            return version

    try:
        return _audited("publish", actor=actor, agency=agency, report=report, year=report.year)(body)
    except BaseException:
        for orphan in stored:  # the rows were rolled back: do not keep their files
            default_storage.delete(orphan)
        raise


def annual_report_correct(*, actor, report: AnnualReport, reason: str) -> AnnualReport:
    """更正: a published report becomes the draft of its next version; the published versions stay
    as they are, and the portal shows the current one until the correction is published."""
    agency = report.agency
    doing = _("更正")
    reason = str(reason or "").strip()

    def body():
        _check_staff(actor, agency, ACTING_ROLES, doing)
        if not reason:
            raise ApplicationError(
                _("请写明更正的理由（将作为更正说明在门户网站公开）。"),
                code="reason_required",
                extra={"fields": {"reason": _("必填")}},
            )
        with transaction.atomic():
            locked = _lock(report)
            _refuse_unless(locked, AnnualReportState.PUBLISHED, doing)
            locked.state = AnnualReportState.DRAFT
            locked.version += 1
            locked.correction_reason = reason
            locked.drafted_by = actor
            locked.contributors = [actor.pk]
            locked.submitted_by = None
            locked.submitted_at = None
            locked.approved_by = None
            locked.approved_at = None
            _save(
                locked,
                "contributors",
                "state",
                "version",
                "correction_reason",
                "drafted_by",
                "submitted_by",
                "submitted_at",
                "approved_by",
                "approved_at",
            )
            _record_report_event(
                audit_codes.ANNUAL_REPORT_CORRECTION_STARTED,
                actor=actor,
                report=locked,
                detail=f" v{locked.version}",
                data={"version": locked.version, "reason": reason},
            )
            return locked

    return _audited("correct", actor=actor, agency=agency, report=report, year=report.year)(body)
