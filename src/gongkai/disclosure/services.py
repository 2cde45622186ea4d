"""Writing proactive-disclosure records.

Every function is keyword-only, checks that ``actor`` works for the agency (``actor=None`` is the
system itself: demo data, management commands), checks the transition, and writes its audit event in
the same transaction. Errors are ``ApplicationError``/``PermissionDenied`` with Chinese messages.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from gongkai.agencies.models import StaffMembership, StaffRole
from gongkai.agencies.selectors import user_may_act_for
from gongkai.audit.services import audit_record
from gongkai.core.errors import ApplicationError, PermissionDenied
from gongkai.core.uploads import read_uploaded_file, sniff
from gongkai.search import services as search

from . import events
from .imports import ImportReport, read_decision_rows
from .models import (
    DECISION_KINDS,
    LICENSING,
    NORMATIVE_DOCUMENTS,
    NORMATIVE_KINDS,
    PENALTY,
    PROACTIVE,
    AdministrativeDecision,
    Attachment,
    CatalogueColumn,
    ChannelYear,
    ConfidentialityReview,
    DecisionSource,
    DisclosureProfile,
    Document,
    DocumentRevision,
    DocumentStatus,
    FeeIncome,
    IndexCounter,
    NewMediaAccount,
    NormativeAmendment,
    NormativeDocument,
    Platform,
    ReviewConclusion,
    RevisionAction,
    Validity,
    WebsiteOpeningTotal,
)
from .sanitize import clean_html
from .visits import record_visit  # noqa: F401 - part of this module's public API

REVIEWER_ROLES = (StaffRole.REVIEWER, StaffRole.HEAD)
ATTACHMENT_KINDS = ("pdf", "docx", "xlsx", "text")

# The default catalogue of a new agency: (code, name). Names that are also labels of table 二
# come from the format.
DEFAULT_COLUMNS: tuple[tuple[str, str], ...] = (
    ("policies", "政策法规"),
    ("interpretations", "政策解读"),
    ("normative-documents", PROACTIVE.row(NORMATIVE_DOCUMENTS).label),
    ("plans", "规划信息"),
    ("licensing", PROACTIVE.row(LICENSING).label),
    ("penalties", PROACTIVE.row(PENALTY).label),
    ("budgets", "财政预决算"),
    ("key-areas", "重点领域信息公开"),
    ("public-services", "公共服务"),
    ("personnel", "人事信息"),
    ("guide", "公开指南"),
    ("annual-reports", "年度报告"),
)
DOCUMENT_FIELDS = (
    "title",
    "body",
    "document_number",
    "issuing_body",
    "written_on",
    "changed_on",
    "topic",
    "validity",
    "column",
    "interprets",
)


# --- permissions ---------------------------------------------------------------------------------


def _authenticated(actor) -> bool:
    return actor is not None and getattr(actor, "is_authenticated", False)


def _check_actor(actor, agency) -> None:
    if actor is not None and not user_may_act_for(actor, agency):
        raise PermissionDenied(_("您不是“%(agency)s”的工作人员，不能办理其主动公开事项。") % {"agency": agency.name})


def actor_may_review(actor, agency) -> bool:
    """Reviewers and heads of ``agency`` (and superusers) may review, publish, withdraw and correct."""
    if actor is None:
        return True
    if not user_may_act_for(actor, agency):
        return False
    if actor.is_superuser:
        return True
    return StaffMembership.objects.filter(user=actor, agency=agency, role__in=REVIEWER_ROLES).exists()


def _check_reviewer(actor, agency) -> None:
    _check_actor(actor, agency)
    if not actor_may_review(actor, agency):
        raise PermissionDenied(_("只有审核人或负责人才能进行保密审查、发布、撤回或更正。"))


def _user(actor):
    return actor if _authenticated(actor) else None


# --- catalogue -----------------------------------------------------------------------------------


def catalogue_ensure_defaults(*, actor, agency) -> list[CatalogueColumn]:
    """The agency's catalogue; the default columns are created when it has none."""
    _check_actor(actor, agency)
    with transaction.atomic():
        existing = list(CatalogueColumn.objects.filter(agency=agency).order_by("order", "pk"))
        if existing:
            return existing
        columns = CatalogueColumn.objects.bulk_create(
            [
                CatalogueColumn(agency=agency, code=code, name=name, order=(i + 1) * 10)
                for i, (code, name) in enumerate(DEFAULT_COLUMNS)
            ]
        )
        audit_record(
            actor=actor,
            code=events.CATALOGUE_DEFAULTS_CREATED.code,
            agency=agency,
            summary=_("%(n)d 个栏目") % {"n": len(columns)},
        )
    return list(CatalogueColumn.objects.filter(agency=agency).order_by("order", "pk"))


def catalogue_column_save(
    *, actor, agency, name: str, code: str, order: int = 0, parent=None, column=None
) -> CatalogueColumn:
    _check_actor(actor, agency)
    name, code = (name or "").strip(), (code or "").strip()
    if not name or not code:
        raise ApplicationError(_("请填写栏目名称和栏目代码。"))
    if parent is not None and parent.agency_id != agency.pk:
        raise ApplicationError(_("上级栏目必须属于同一机关。"))
    if column is not None and parent is not None and parent.pk == column.pk:
        raise ApplicationError(_("栏目不能是自己的上级栏目。"))
    try:
        with transaction.atomic():
            if column is None:
                column = CatalogueColumn(agency=agency)
            elif column.agency_id != agency.pk:
                raise PermissionDenied(_("该栏目不属于“%(agency)s”。") % {"agency": agency.name})
            column.name, column.code, column.order, column.parent = name, code, order, parent
            column.save()
            audit_record(
                actor=actor, code=events.CATALOGUE_COLUMN_SAVED.code, agency=agency, target=column, summary=name
            )
    except IntegrityError:
        raise ApplicationError(_("栏目代码“%(code)s”已被使用。") % {"code": code}) from None
    return column


# --- documents -----------------------------------------------------------------------------------


def _snapshot(document: Document) -> dict:
    return {
        "index_number": document.index_number,
        "title": document.title,
        "body": document.body,
        "document_number": document.document_number,
        "issuing_body": document.issuing_body,
        "written_on": document.written_on.isoformat() if document.written_on else None,
        "changed_on": document.changed_on.isoformat() if document.changed_on else None,
        "published_on": document.published_on.isoformat() if document.published_on else None,
        "topic": document.topic,
        "validity": document.validity,
        "column": document.column_id,
        "interprets": document.interprets_id,
        "status": document.status,
        "attachments": [
            {"filename": a.filename, "sha256": a.sha256, "size": a.size} for a in document.attachments.all()
        ],
    }


def _revise(document: Document, *, actor, action: str, reason: str = "") -> DocumentRevision:
    last = document.revisions.aggregate(n=Max("number"))["n"] or 0
    return DocumentRevision.objects.create(
        document=document,
        number=last + 1,
        action=action,
        snapshot=_snapshot(document),
        reason=reason,
        actor=_user(actor),
    )


def _clean_fields(agency, fields: dict) -> dict:
    out = {}
    for key, value in fields.items():
        if key not in DOCUMENT_FIELDS:
            raise ApplicationError(_("未知的字段“%(field)s”。") % {"field": key})
        if isinstance(value, str) and key != "body":
            value = value.strip()
        out[key] = value
    if "body" in out:
        out["body"] = clean_html(out["body"])
    if "title" in out and not out["title"]:
        raise ApplicationError(_("请填写标题。"))
    column = out.get("column")
    if column is not None and column.agency_id != agency.pk:
        raise ApplicationError(_("所选栏目不属于“%(agency)s”。") % {"agency": agency.name})
    interprets = out.get("interprets")
    if interprets is not None and interprets.agency_id != agency.pk:
        raise ApplicationError(_("所解读的政策必须是本机关的公开信息。"))
    if "validity" in out and out["validity"] not in Validity.values:
        raise ApplicationError(_("有效性“%(value)s”无效。") % {"value": out["validity"]})
    for key in ("written_on", "changed_on"):
        if out.get(key) is not None and not isinstance(out[key], dt.date):
            raise ApplicationError(_("日期格式不正确。"))
    if out.get("written_on") and out.get("changed_on") and out["changed_on"] < out["written_on"]:
        raise ApplicationError(_("变更日期不能早于成文日期。"))
    return out


def document_create(*, actor, agency, column, title: str, body: str = "", **fields) -> Document:
    """A new draft."""
    _check_actor(actor, agency)
    data = _clean_fields(agency, {"column": column, "title": title, "body": body, **fields})
    if data.get("column") is None:
        raise ApplicationError(_("请选择栏目。"))
    with transaction.atomic():
        document = Document.objects.create(agency=agency, created_by=_user(actor), **data)
        _revise(document, actor=actor, action=RevisionAction.CREATED)
        audit_record(
            actor=actor, code=events.DOCUMENT_CREATED.code, agency=agency, target=document, summary=document.title
        )
    return document


def _locked(document: Document) -> Document:
    return Document.objects.select_for_update().select_related("agency").get(pk=document.pk)


def document_update(*, actor, document: Document, **fields) -> Document:
    """Change a draft (or a document back from review, which returns it to draft)."""
    _check_actor(actor, document.agency)
    data = _clean_fields(document.agency, fields)
    with transaction.atomic():
        document = _locked(document)
        if document.status not in (DocumentStatus.DRAFT, DocumentStatus.UNDER_REVIEW):
            raise ApplicationError(_("已发布或已撤回的信息不能直接修改，请使用“更正”。"))
        if data.get("interprets") is not None and data["interprets"].pk == document.pk:
            raise ApplicationError(_("一条信息不能解读它自己。"))
        for key, value in data.items():
            setattr(document, key, value)
        document.status = DocumentStatus.DRAFT  # a changed text needs a new review
        document.save()
        _revise(document, actor=actor, action=RevisionAction.EDITED)
        audit_record(
            actor=actor,
            code=events.DOCUMENT_EDITED.code,
            agency=document.agency,
            target=document,
            summary=document.title,
        )
    return document


def document_submit(*, actor, document: Document) -> Document:
    """Draft → under review (保密审查)."""
    _check_actor(actor, document.agency)
    with transaction.atomic():
        document = _locked(document)
        if document.status != DocumentStatus.DRAFT:
            raise ApplicationError(_("只有草稿可以提交保密审查。"))
        document.status = DocumentStatus.UNDER_REVIEW
        document.save(update_fields=["status", "updated_at"])
        _revise(document, actor=actor, action=RevisionAction.SUBMITTED)
        audit_record(
            actor=actor,
            code=events.DOCUMENT_SUBMITTED.code,
            agency=document.agency,
            target=document,
            summary=document.title,
        )
    return document


def document_review(
    *, actor, document: Document, conclusion: str, reviewed_on: dt.date | None = None, note: str = ""
) -> ConfidentialityReview:
    """Record the 保密审查 conclusion; a rejection sends the document back to draft."""
    _check_reviewer(actor, document.agency)
    if not _authenticated(actor):
        raise PermissionDenied(_("保密审查必须由登录的审核人或负责人登记。"))
    if conclusion not in ReviewConclusion.values:
        raise ApplicationError(_("审查结论“%(value)s”无效。") % {"value": conclusion})
    reviewed_on = reviewed_on or timezone.localdate()
    with transaction.atomic():
        document = _locked(document)
        if document.status != DocumentStatus.UNDER_REVIEW:
            raise ApplicationError(_("该信息不在待审查状态。"))
        if document.created_by_id is not None and document.created_by_id == actor.pk:
            raise PermissionDenied(_("保密审查须由起草人以外的审核人或负责人进行。"))
        if document.written_on and reviewed_on < document.written_on:
            raise ApplicationError(_("审查日期不能早于成文日期。"))
        review = ConfidentialityReview.objects.create(
            document=document, reviewer=actor, reviewed_on=reviewed_on, conclusion=conclusion, note=note.strip()
        )
        if conclusion == ReviewConclusion.REJECTED:
            document.status = DocumentStatus.DRAFT
            document.save(update_fields=["status", "updated_at"])
        _revise(document, actor=actor, action=RevisionAction.REVIEWED, reason=note.strip())
        audit_record(
            actor=actor,
            code=events.DOCUMENT_REVIEWED.code,
            agency=document.agency,
            target=document,
            summary=f"{document.title}：{review.get_conclusion_display()}",
            data={"conclusion": conclusion, "reviewed_on": reviewed_on.isoformat()},
        )
    return review


def _approved_review(document: Document) -> ConfidentialityReview | None:
    review = document.reviews.order_by("-created_at", "-pk").first()
    if review is None or review.conclusion != ReviewConclusion.APPROVED:
        return None
    if document.created_by_id is not None and review.reviewer_id == document.created_by_id:
        return None
    return review


def index_prefix(agency) -> str:
    profile = DisclosureProfile.objects.filter(agency=agency).first()
    return (profile.org_code if profile and profile.org_code else agency.code).strip()


def next_index_numbers(agency, year: int, count: int = 1) -> list[tuple[str, int]]:
    """Reserve ``count`` 索引号 of ``agency`` for ``year``: (``<prefix>/<year>-<5 digits>``, seq).

    Call inside ``transaction.atomic``; the counter row is locked until the transaction ends.
    """
    IndexCounter.objects.get_or_create(agency=agency, year=year)
    counter = IndexCounter.objects.select_for_update().get(agency=agency, year=year)
    first = counter.last + 1
    counter.last += count
    counter.save(update_fields=["last"])
    prefix = index_prefix(agency)
    return [(f"{prefix}/{year}-{seq:05d}", seq) for seq in range(first, first + count)]


def document_publish(*, actor, document: Document, published_on: dt.date | None = None) -> Document:
    """Under review with an approved 保密审查 → published, with its 索引号."""
    _check_reviewer(actor, document.agency)
    published_on = published_on or timezone.localdate()
    with transaction.atomic():
        document = _locked(document)
        if document.status != DocumentStatus.UNDER_REVIEW:
            raise ApplicationError(_("只有通过保密审查的待审查信息才能发布。"))
        review = _approved_review(document)
        if review is None:
            raise ApplicationError(_("发布前须经起草人以外的审核人或负责人保密审查并同意公开。"))
        if published_on < review.reviewed_on:
            raise ApplicationError(_("发布日期不能早于保密审查日期（%(day)s）。") % {"day": review.reviewed_on})
        if document.interprets is not None and document.interprets.status != DocumentStatus.PUBLISHED:
            raise ApplicationError(_("所解读的政策尚未发布，请先发布政策。"))
        if not document.index_number:
            ((number, seq),) = next_index_numbers(document.agency, published_on.year)
            document.index_number, document.index_year, document.index_seq = number, published_on.year, seq
        document.status = DocumentStatus.PUBLISHED
        document.published_on = published_on
        document.save()
        _revise(document, actor=actor, action=RevisionAction.PUBLISHED)
        search.index_document(document)
        audit_record(
            actor=actor,
            code=events.DOCUMENT_PUBLISHED.code,
            agency=document.agency,
            target=document,
            summary=f"{document.index_number} {document.title}",
        )
    return document


def document_withdraw(*, actor, document: Document, reason: str, withdrawn_on: dt.date | None = None) -> Document:
    """Published → withdrawn; the history stays."""
    _check_reviewer(actor, document.agency)
    reason = (reason or "").strip()
    if not reason:
        raise ApplicationError(_("请填写撤回原因。"))
    with transaction.atomic():
        document = _locked(document)
        if document.status != DocumentStatus.PUBLISHED:
            raise ApplicationError(_("只有已发布的信息可以撤回。"))
        document.status = DocumentStatus.WITHDRAWN
        document.withdrawn_on = withdrawn_on or timezone.localdate()
        document.withdrawal_reason = reason
        document.save()
        _revise(document, actor=actor, action=RevisionAction.WITHDRAWN, reason=reason)
        search.remove_document(document.pk)
        audit_record(
            actor=actor,
            code=events.DOCUMENT_WITHDRAWN.code,
            agency=document.agency,
            target=document,
            summary=f"{document.title}：{reason}",
        )
    return document


def document_correct(*, actor, document: Document, reason: str, **fields) -> Document:
    """Correct a published document in place (by a reviewer or head); the previous text stays in its revisions."""
    _check_reviewer(actor, document.agency)
    reason = (reason or "").strip()
    if not reason:
        raise ApplicationError(_("请填写更正说明。"))
    data = _clean_fields(document.agency, fields)
    with transaction.atomic():
        document = _locked(document)
        if document.status != DocumentStatus.PUBLISHED:
            raise ApplicationError(_("只有已发布的信息可以更正。"))
        changed = {k: v for k, v in data.items() if getattr(document, k) != v}
        if not changed:
            raise ApplicationError(_("没有需要更正的内容。"))
        for key, value in changed.items():
            setattr(document, key, value)
        document.save()
        _revise(document, actor=actor, action=RevisionAction.CORRECTED, reason=reason)
        search.index_document(document)
        audit_record(
            actor=actor,
            code=events.DOCUMENT_CORRECTED.code,
            agency=document.agency,
            target=document,
            summary=f"{document.title}：{reason}",
            data={"fields": sorted(changed)},
        )
    return document


def attachment_add(
    *, actor, document: Document, uploaded=None, data: bytes | None = None, filename: str = ""
) -> Attachment:
    """Attach a file (PDF, Word, Excel or plain text, checked by content) to a document not withdrawn."""
    _check_actor(actor, document.agency)
    upload = read_uploaded_file(uploaded) if uploaded is not None else sniff(data or b"", filename)
    if upload.kind not in ATTACHMENT_KINDS:
        raise ApplicationError(_("附件只能是 PDF、Word（.docx）、Excel（.xlsx）或纯文本文件。"), code="unsupported")
    with transaction.atomic():
        document = _locked(document)
        if document.status == DocumentStatus.WITHDRAWN:
            raise ApplicationError(_("已撤回的信息不能再上传附件。"))
        if document.status == DocumentStatus.PUBLISHED:
            _check_reviewer(actor, document.agency)
        attachment = Attachment(
            document=document,
            filename=upload.filename or f"attachment.{upload.kind}",
            media_type=upload.media_type,
            size=upload.size,
            sha256=upload.sha256,
        )
        attachment.file.save(upload.filename or upload.sha256, ContentFile(upload.data), save=False)
        attachment.save()
        action = RevisionAction.CORRECTED if document.status == DocumentStatus.PUBLISHED else RevisionAction.EDITED
        _revise(document, actor=actor, action=action, reason=_("上传附件 %(name)s") % {"name": attachment.filename})
        audit_record(
            actor=actor,
            code=events.ATTACHMENT_ADDED.code,
            agency=document.agency,
            target=attachment,
            summary=attachment.filename,
            data={"sha256": attachment.sha256, "size": attachment.size},
        )
    return attachment


# --- registers -----------------------------------------------------------------------------------


def normative_register(
    *,
    actor,
    agency,
    kind: str,
    title: str,
    issued_on: dt.date,
    number: str = "",
    document: Document | None = None,
    note: str = "",
) -> NormativeDocument:
    _check_actor(actor, agency)
    if kind not in NORMATIVE_KINDS:
        raise ApplicationError(_("类别“%(kind)s”无效。") % {"kind": kind})
    title = (title or "").strip()
    if not title:
        raise ApplicationError(_("请填写文件名称。"))
    if not isinstance(issued_on, dt.date):
        raise ApplicationError(_("请填写制发日期。"))
    if document is not None and document.agency_id != agency.pk:
        raise ApplicationError(_("关联的公开信息必须属于本机关。"))
    with transaction.atomic():
        normative = NormativeDocument.objects.create(
            agency=agency,
            kind=kind,
            title=title,
            number=(number or "").strip(),
            issued_on=issued_on,
            document=document,
            note=note,
        )
        audit_record(
            actor=actor, code=events.NORMATIVE_REGISTERED.code, agency=agency, target=normative, summary=str(normative)
        )
    return normative


def normative_amend(*, actor, normative: NormativeDocument, amended_on: dt.date, note: str = "") -> NormativeAmendment:
    _check_actor(actor, normative.agency)
    if not isinstance(amended_on, dt.date) or amended_on < normative.issued_on:
        raise ApplicationError(_("修改日期不能早于制发日期（%(day)s）。") % {"day": normative.issued_on})
    if normative.repealed_on is not None and amended_on > normative.repealed_on:
        raise ApplicationError(_("该文件已于 %(day)s 废止，不能再登记修改。") % {"day": normative.repealed_on})
    with transaction.atomic():
        amendment = NormativeAmendment.objects.create(normative=normative, amended_on=amended_on, note=note.strip())
        audit_record(
            actor=actor,
            code=events.NORMATIVE_AMENDED.code,
            agency=normative.agency,
            target=normative,
            summary=f"{normative} {amended_on.isoformat()}",
        )
    return amendment


def normative_repeal(
    *,
    actor,
    normative: NormativeDocument,
    repealed_on: dt.date,
    repealed_by: NormativeDocument | None = None,
    repealed_by_text: str = "",
) -> NormativeDocument:
    _check_actor(actor, normative.agency)
    if not isinstance(repealed_on, dt.date) or repealed_on < normative.issued_on:
        raise ApplicationError(_("废止日期不能早于制发日期（%(day)s）。") % {"day": normative.issued_on})
    if repealed_by is not None and (repealed_by.agency_id != normative.agency_id or repealed_by.pk == normative.pk):
        raise ApplicationError(_("废止它的文件必须是本机关登记簿中的另一份文件。"))
    with transaction.atomic():
        normative = NormativeDocument.objects.select_for_update().get(pk=normative.pk)
        if normative.repealed_on is not None:
            raise ApplicationError(_("该文件已于 %(day)s 废止。") % {"day": normative.repealed_on})
        normative.repealed_on = repealed_on
        normative.repealed_by = repealed_by
        normative.repealed_by_text = (repealed_by_text or "").strip()
        normative.save(update_fields=["repealed_on", "repealed_by", "repealed_by_text"])
        audit_record(
            actor=actor,
            code=events.NORMATIVE_REPEALED.code,
            agency=normative.agency,
            target=normative,
            summary=f"{normative} {repealed_on.isoformat()}",
        )
    return normative


def decision_register(
    *,
    actor,
    agency,
    kind: str,
    decision_number: str,
    decided_on: dt.date,
    subject: str,
    subject_is_person: bool = False,
    summary: str = "",
) -> AdministrativeDecision:
    _check_actor(actor, agency)
    if kind not in DECISION_KINDS:
        raise ApplicationError(_("类别“%(kind)s”无效。") % {"kind": kind})
    decision_number, subject = (decision_number or "").strip(), (subject or "").strip()
    if not decision_number:
        raise ApplicationError(_("请填写决定文书号。"))
    if not subject:
        raise ApplicationError(_("请填写相对人。"))
    if not isinstance(decided_on, dt.date):
        raise ApplicationError(_("请填写决定日期。"))
    try:
        with transaction.atomic():
            decision = AdministrativeDecision.objects.create(
                agency=agency,
                kind=kind,
                decision_number=decision_number,
                decided_on=decided_on,
                subject=subject,
                subject_is_person=subject_is_person,
                summary=summary,
            )
            # The summary names the decision, never the party (a person's name is personal data).
            audit_record(
                actor=actor,
                code=events.DECISION_REGISTERED.code,
                agency=agency,
                target=decision,
                summary=f"{decision.get_kind_display()} {decision_number}",
            )
    except IntegrityError:
        raise ApplicationError(_("决定文书号“%(number)s”已经登记过。") % {"number": decision_number}) from None
    return decision


@dataclass
class ImportOutcome:
    report: ImportReport
    imported: int

    @property
    def ok(self) -> bool:
        return self.report.ok


def decisions_import(
    *, actor, agency, data: bytes, filename: str = "", default_kind: str | None = None, dry_run: bool = False
) -> ImportOutcome:
    """Import decisions from a CSV or XLSX export: all rows or none.

    Every row is validated first (and checked against the numbers already registered); when any row
    is bad, nothing is imported and the report lists each rejected row with its reason.
    """
    _check_actor(actor, agency)
    if default_kind is not None and default_kind not in DECISION_KINDS:
        raise ApplicationError(_("类别“%(kind)s”无效。") % {"kind": default_kind})
    existing = set(AdministrativeDecision.objects.filter(agency=agency).values_list("decision_number", flat=True))
    report = read_decision_rows(data, filename, default_kind=default_kind, existing_numbers=existing)
    if not report.ok or dry_run:
        return ImportOutcome(report, 0)
    try:
        with transaction.atomic():
            AdministrativeDecision.objects.bulk_create(
                [
                    AdministrativeDecision(
                        agency=agency,
                        kind=row.kind,
                        decision_number=row.decision_number,
                        decided_on=row.decided_on,
                        subject=row.subject,
                        subject_is_person=row.subject_is_person,
                        summary=row.summary,
                        source=DecisionSource.IMPORT,
                    )
                    for row in report.rows
                ]
            )
            audit_record(
                actor=actor,
                code=events.DECISIONS_IMPORTED.code,
                agency=agency,
                summary=_("从 %(file)s 导入 %(n)d 条") % {"file": filename or "-", "n": len(report.rows)},
                data={"rows": len(report.rows), "filename": filename},
            )
    except IntegrityError:
        raise ApplicationError(_("导入时发现重复的决定文书号（可能有人同时登记），未导入任何记录，请重试。")) from None
    return ImportOutcome(report, len(report.rows))


def _amount(value) -> Decimal:
    try:
        amount = Decimal(str(value).replace(",", "").replace("，", "").strip())
    except (InvalidOperation, ValueError):
        raise ApplicationError(_("金额“%(value)s”不是有效的数字。") % {"value": value}) from None
    if not amount.is_finite() or amount < 0:
        raise ApplicationError(_("金额不能为负数。"))
    if amount != amount.quantize(Decimal("0.01")):
        raise ApplicationError(_("金额最多精确到分（两位小数）。"))
    return amount.quantize(Decimal("0.01"))


def fee_income_record(*, actor, agency, received_on: dt.date, amount, item: str, note: str = "") -> FeeIncome:
    _check_actor(actor, agency)
    item = (item or "").strip()
    if not item:
        raise ApplicationError(_("请填写收费项目。"))
    if not isinstance(received_on, dt.date):
        raise ApplicationError(_("请填写收费日期。"))
    amount = _amount(amount)
    with transaction.atomic():
        income = FeeIncome.objects.create(agency=agency, received_on=received_on, amount=amount, item=item, note=note)
        audit_record(
            actor=actor,
            code=events.FEE_INCOME_RECORDED.code,
            agency=agency,
            target=income,
            summary=f"{received_on.isoformat()} {item} {amount} 元",
        )
    return income


# --- channels ------------------------------------------------------------------------------------


def new_media_account_save(
    *, actor, agency, platform: str, name: str, url: str = "", account: NewMediaAccount | None = None
) -> NewMediaAccount:
    _check_actor(actor, agency)
    name = (name or "").strip()
    if platform not in Platform.values:
        raise ApplicationError(_("平台“%(platform)s”无效。") % {"platform": platform})
    if not name:
        raise ApplicationError(_("请填写账号名称。"))
    try:
        with transaction.atomic():
            if account is None:
                account = NewMediaAccount(agency=agency)
            elif account.agency_id != agency.pk:
                raise PermissionDenied(_("该账号不属于“%(agency)s”。") % {"agency": agency.name})
            account.platform, account.name, account.url = platform, name, (url or "").strip()
            account.save()
            audit_record(
                actor=actor, code=events.ACCOUNT_SAVED.code, agency=agency, target=account, summary=str(account)
            )
    except IntegrityError:
        raise ApplicationError(_("该平台上已有同名账号。")) from None
    return account


def channel_year_record(*, actor, account: NewMediaAccount, year: int, posts: int, followers: int) -> ChannelYear:
    _check_actor(actor, account.agency)
    for value in (year, posts, followers):
        if not isinstance(value, int) or isinstance(value, bool) or value < 0:
            raise ApplicationError(_("年度、发布条数和关注人数须为非负整数。"))
    with transaction.atomic():
        row, _created = ChannelYear.objects.update_or_create(
            account=account, year=year, defaults={"posts": posts, "followers": followers}
        )
        audit_record(
            actor=actor,
            code=events.CHANNEL_YEAR_RECORDED.code,
            agency=account.agency,
            target=row,
            summary=f"{account} {year}: {posts} / {followers}",
        )
    return row


def website_opening_record(*, actor, agency, year: int, visits: int, note: str = "") -> WebsiteOpeningTotal:
    """Visits of ``year`` counted before Gongkai counted them (added to the portal's own count)."""
    _check_actor(actor, agency)
    if not isinstance(visits, int) or isinstance(visits, bool) or visits < 0:
        raise ApplicationError(_("访问次数须为非负整数。"))
    with transaction.atomic():
        row, _created = WebsiteOpeningTotal.objects.update_or_create(
            agency=agency, year=year, defaults={"visits": visits, "note": (note or "").strip()}
        )
        audit_record(
            actor=actor,
            code=events.WEBSITE_OPENING_RECORDED.code,
            agency=agency,
            target=row,
            summary=f"{year}: {visits}",
        )
    return row


def disclosure_profile_set(*, actor, agency, org_code: str) -> DisclosureProfile:
    _check_actor(actor, agency)
    with transaction.atomic():
        profile, _created = DisclosureProfile.objects.update_or_create(
            agency=agency, defaults={"org_code": (org_code or "").strip()}
        )
    return profile
