"""Writing letters: numbering, issuing, and the templates an agency uploads.

Every service takes keyword arguments, checks the actor (None = the system itself, for
commands and other services), and writes its audit event in the same transaction.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from gongkai.agencies.models import StaffRole
from gongkai.agencies.selectors import membership_of, user_may_act_for
from gongkai.audit.services import audit_record
from gongkai.core.errors import ApplicationError, PermissionDenied
from gongkai.core.uploads import UploadError, read_uploaded_file, sniff

from . import events
from .basis import ARTICLES, KIND_BASIS, OUTCOME_BASIS, outcome_basis
from .context import (
    OTHER_AGENCY,
    PER_PAGE,
    PER_REQUEST,
    THIRD_PARTY,
    clean_context,
    outcome_codes,
    sample_context,
    template_context,
)
from .kinds import NUMBER_MARKS, WITH_REMEDY, LetterKind
from .models import IssuedLetter, LetterSequence, LetterSettings, LetterTemplate
from .render import default_template_bytes, docx_text, render_docx
from .selectors import letter_number_prefix, letter_template_for

MANAGING_ROLES = (StaffRole.REVIEWER, StaffRole.HEAD)
SAMPLE_AGENCY = "某某市某某局"
SAMPLE_NUMBER = "某公开〔2023〕第1号"


@dataclass(frozen=True)
class LetterNumber:
    sequence_number: int
    text: str  # 济人社公开〔2023〕第3号

    def __str__(self) -> str:
        return self.text


def format_letter_number(prefix: str, kind: str, year: int, sequence_number: int) -> str:
    return f"{prefix}{NUMBER_MARKS[kind]}〔{year}〕第{sequence_number}号"


# -- permissions ------------------------------------------------------------------------------------


def _check_may_issue(actor, agency) -> None:
    if actor is not None and not user_may_act_for(actor, agency):
        raise PermissionDenied(_("您不是“%(agency)s”的工作人员，不能出具其告知书。") % {"agency": agency.name})


def _check_may_manage(actor, agency) -> None:
    """Templates and numbering: the agency's reviewer or head; system defaults: an administrator."""
    if actor is None:
        return
    if getattr(actor, "is_superuser", False) and actor.is_active:
        return
    if agency is None:
        raise PermissionDenied(_("只有系统管理员可以修改系统默认模板。"))
    membership = membership_of(actor)
    if membership is None or membership.agency_id != agency.pk or not actor.is_active:
        raise PermissionDenied(_("您不是“%(agency)s”的工作人员，不能修改其告知书设置。") % {"agency": agency.name})
    if membership.role not in MANAGING_ROLES:
        raise PermissionDenied(_("只有审核人或负责人可以修改告知书模板和文号设置。"))


def _kind(kind: str) -> str:
    if kind not in LetterKind.values:
        raise ApplicationError(_("告知书类别“%(kind)s”无效。") % {"kind": kind}, code="bad_kind")
    return kind


# -- numbering --------------------------------------------------------------------------------------


def _locked_sequence(agency, year: int, kind: str) -> LetterSequence:
    rows = LetterSequence.objects.select_for_update()
    try:
        return rows.get(agency=agency, year=year, kind=kind)
    except LetterSequence.DoesNotExist:
        pass
    try:
        with transaction.atomic():  # a savepoint: a concurrent first letter of the year may win the insert
            LetterSequence.objects.create(agency=agency, year=year, kind=kind, last_number=0)
    except IntegrityError:
        pass
    return rows.get(agency=agency, year=year, kind=kind)


def letter_number_next(*, agency, year: int, kind: str) -> LetterNumber:
    """The next number of ``kind`` for ``agency`` in ``year``. Gap-free when called inside the
    transaction that stores the letter: the row stays locked until that transaction ends, and a
    rollback gives the number back."""
    _kind(kind)
    if not isinstance(year, int) or not 1990 <= year <= 2999:
        raise ApplicationError(_("年度“%(year)s”无效。") % {"year": year})
    with transaction.atomic():
        sequence = _locked_sequence(agency, year, kind)
        sequence.last_number += 1
        sequence.save(update_fields=["last_number"])
    number = sequence.last_number
    return LetterNumber(number, format_letter_number(letter_number_prefix(agency), kind, year, number))


def letter_settings_update(*, actor, agency, number_prefix: str) -> LetterSettings:
    _check_may_manage(actor, agency)
    prefix = (number_prefix or "").strip()
    if not prefix:
        raise ApplicationError(_("请填写文号前缀，如“济人社公开”。"))
    if len(prefix) > 40 or any(ch in prefix for ch in "〔〕[]（）()\n") or prefix.endswith("号"):
        raise ApplicationError(_("文号前缀只写机关代字，如“济人社公开”；年份和序号由系统自动添加。"))
    with transaction.atomic():
        settings, _created = LetterSettings.objects.select_for_update().get_or_create(
            agency=agency, defaults={"number_prefix": prefix}
        )
        old = settings.number_prefix if not _created else ""
        settings.number_prefix = prefix
        settings.save(update_fields=["number_prefix"])
        audit_record(
            actor=actor,
            code=events.SETTINGS_UPDATED.code,
            agency=agency,
            target=settings,
            summary=prefix,
            data={"old": old, "new": prefix},
        )
    return settings


# -- templates ---------------------------------------------------------------------------------------


def _samples(kind: str, outcome: str) -> list[dict[str, Any]]:
    """Sample contexts that exercise every branch a default template of ``kind`` has."""
    if kind == LetterKind.REPLY:
        outcomes = [outcome] if outcome else list(outcome_codes())
        return [sample_context(kind, code) for code in outcomes]
    if kind == LetterKind.CONSULTATION:
        return [
            {**sample_context(kind), "consulted_party_type": party, "reasons": ""}
            for party in (THIRD_PARTY, OTHER_AGENCY)
        ] + [sample_context(kind)]
    if kind == LetterKind.FEE:
        return [{**sample_context(kind), "fee_method": method} for method in (PER_REQUEST, PER_PAGE)]
    base = sample_context(kind)
    sparse = {k: v for k, v in base.items() if k not in ("contact_person", "contact_phone", "guidance", "query_code")}
    return [base, sparse]


def letter_template_check(kind: str, data: bytes, outcome: str = "") -> None:
    """Render ``data`` with sample contexts; raise ``ApplicationError`` (in Chinese) if it cannot be used:
    an unknown variable, a syntax error, or a letter without its number, legal basis or remedy."""
    for sample in _samples(kind, outcome):
        clean = clean_context(kind, sample)
        ctx = template_context(
            kind, clean, agency_name=SAMPLE_AGENCY, letter_number=SAMPLE_NUMBER, letter_date=date(2023, 10, 9)
        )
        text = docx_text(render_docx(data, ctx))
        if SAMPLE_NUMBER not in text:
            raise ApplicationError(
                _("模板中没有告知书文号：请在标题下保留 {{ letter_number }}。"), code="template_incomplete"
            )
        missing = [line for line in _basis_citations(kind, clean) if line not in text]
        if missing:
            raise ApplicationError(
                _(
                    "模板生成的告知书缺少法律依据“%(article)s”：请保留 {{ basis_citation }} 和 {{ basis_articles }}，"
                    "或写明相应条款。"
                )
                % {"article": missing[0]},
                code="template_incomplete",
            )
        if kind in WITH_REMEDY and ctx["remedy"] not in text:
            raise ApplicationError(
                _("模板中没有告知申请人申请复议、提起诉讼的权利：请保留 {{ remedy }}。"), code="template_incomplete"
            )


def _basis_citations(kind: str, clean: dict[str, Any]) -> list[str]:
    if kind == LetterKind.REPLY:
        return [
            a.citation
            for a in outcome_basis(clean["outcome"], already_public=bool(clean.get("already_public"))).cited()
        ]
    key = {
        LetterKind.CONSULTATION: f"consultation.{clean.get('consulted_party_type')}",
        LetterKind.FEE: f"fee.{clean.get('fee_method')}",
    }.get(kind, kind)
    return [ARTICLES[k].citation for k in KIND_BASIS[key]]


def _read_upload(data, filename: str):
    if isinstance(data, bytes | bytearray):
        upload = sniff(bytes(data), filename)
    else:
        upload = read_uploaded_file(data)
    if upload.kind != "docx":
        raise UploadError(
            _("告知书模板必须是 Word（.docx）文件，上传的文件是 %(kind)s。") % {"kind": upload.kind.upper()},
            code="not_docx",
        )
    return upload


def letter_template_upload(*, actor, agency, kind: str, data, filename: str = "", outcome: str = "") -> LetterTemplate:
    """Store an agency's template (agency None: a system default), after checking it renders.

    ``data`` is the file's bytes or an uploaded file. The new template replaces the agency's
    active one of the same kind (and outcome); the old one stays, inactive, for the record."""
    _check_may_manage(actor, agency)
    _kind(kind)
    outcome = (outcome or "").strip()
    if outcome and (kind != LetterKind.REPLY or outcome not in OUTCOME_BASIS):
        raise ApplicationError(
            _("办理结果“%(outcome)s”无效，只有答复告知书可以按办理结果分别设置模板。") % {"outcome": outcome}
        )
    try:
        upload = _read_upload(data, filename or getattr(data, "name", ""))
    except UploadError as error:
        if error.code in ("unsupported", "corrupt", "empty", "old_office"):
            raise UploadError(
                _("告知书模板必须是 Word（.docx）文件：%(reason)s") % {"reason": error.message}, code="not_docx"
            ) from None
        raise
    letter_template_check(kind, upload.data, outcome)
    with transaction.atomic():
        current = LetterTemplate.objects.select_for_update().filter(
            agency=agency, kind=kind, outcome=outcome, active=True
        )
        for old in current:
            old.active = False
            old.save(update_fields=["active"])
        template = LetterTemplate(
            agency=agency,
            kind=kind,
            outcome=outcome,
            sha256=upload.sha256,
            original_name=upload.filename[:200],
            uploaded_by=actor if getattr(actor, "is_authenticated", False) else None,
        )
        template.file.save(upload.filename or "template.docx", ContentFile(upload.data), save=False)
        template.save()
        audit_record(
            actor=actor,
            code=events.TEMPLATE_UPLOADED.code,
            agency=agency,
            target=template,
            summary=str(template),
            data={"kind": kind, "outcome": outcome, "sha256": upload.sha256, "filename": upload.filename},
        )
    return template


def letter_template_deactivate(*, actor, template: LetterTemplate) -> LetterTemplate:
    """Stop using ``template``: the agency's letters go back to the default."""
    _check_may_manage(actor, template.agency)
    with transaction.atomic():
        template = LetterTemplate.objects.select_for_update().get(pk=template.pk)
        if not template.active:
            return template
        template.active = False
        template.save(update_fields=["active"])
        audit_record(
            actor=actor,
            code=events.TEMPLATE_DEACTIVATED.code,
            agency=template.agency,
            target=template,
            summary=str(template),
        )
    return template


def letter_template_revert(*, actor, agency, kind: str, outcome: str | None = None) -> LetterTemplate:
    """Go back to the system default: deactivate the agency's active template of ``kind`` (and
    ``outcome``; None or "" = the one for every outcome), audited. Same role rules as the upload."""
    _check_may_manage(actor, agency)
    _kind(kind)
    outcome = (outcome or "").strip()
    with transaction.atomic():
        template = (
            LetterTemplate.objects.select_for_update()
            .filter(agency=agency, kind=kind, outcome=outcome, active=True)
            .first()
        )
        if template is None:
            raise ApplicationError(
                _("“%(kind)s”已在使用系统默认模板，无需恢复。") % {"kind": LetterKind(kind).label},
                code="nothing_to_revert",
            )
        template.active = False
        template.save(update_fields=["active"])
        audit_record(
            actor=actor,
            code=events.TEMPLATE_DEACTIVATED.code,
            agency=agency,
            target=template,
            summary=_("恢复系统默认模板：%(template)s") % {"template": template},
            data={"kind": kind, "outcome": outcome, "sha256": template.sha256, "revert": True},
        )
    return template


def letter_template_may_manage(user, agency) -> bool:
    """Whether ``user`` may upload or revert ``agency``'s templates (the rule of the services above)."""
    try:
        _check_may_manage(user, agency)
    except PermissionDenied:
        return False
    return True


def template_bytes(template: LetterTemplate | None, kind: str) -> bytes:
    if template is None:
        return default_template_bytes(kind)
    with template.file.open("rb") as handle:
        return handle.read()


# -- issuing -----------------------------------------------------------------------------------------


def letter_issue(*, actor, agency, kind: str, context: dict[str, Any], reference: str | int) -> IssuedLetter:
    """Number, render and store one letter for the request ``reference``, with its audit event, in one
    transaction. ``context`` follows ``gongkai.letters.context.FIELDS``; it is checked first, so a
    missing or wrong field is refused (in Chinese, naming it) before any number is taken."""
    _check_may_issue(actor, agency)
    _kind(kind)
    reference = str(reference if reference is not None else "").strip()
    if not reference or len(reference) > 64:
        raise ApplicationError(_("请注明告知书所针对的申请编号。"), code="missing_field")
    clean = clean_context(kind, context)
    letter_date = clean.get("letter_date") or timezone.localdate()
    template = letter_template_for(agency, kind, clean.get("outcome", ""))
    source = template_bytes(template, kind)
    with transaction.atomic():
        number = letter_number_next(agency=agency, year=letter_date.year, kind=kind)
        ctx = template_context(kind, clean, agency_name=agency.name, letter_number=number.text, letter_date=letter_date)
        data = render_docx(source, ctx)
        sha256 = hashlib.sha256(data).hexdigest()
        letter = IssuedLetter(
            agency=agency,
            kind=kind,
            outcome=clean.get("outcome", ""),
            year=letter_date.year,
            sequence_number=number.sequence_number,
            number=number.text,
            reference=reference,
            letter_date=letter_date,
            sha256=sha256,
            template=template,
            context=_jsonable(clean),
            issued_by=actor if getattr(actor, "is_authenticated", False) else None,
        )
        letter.file.save(f"{kind}.docx", ContentFile(data), save=False)
        letter.save()
        audit_record(
            actor=actor,
            code=events.LETTER_ISSUED.code,
            agency=agency,
            target=letter,
            summary=f"{number.text} {LetterKind(kind).label}",
            data={"kind": kind, "number": number.text, "reference": reference, "sha256": sha256},
        )
    return letter


def _jsonable(clean: dict[str, Any]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for key, value in clean.items():
        if isinstance(value, date):
            out[key] = value.isoformat()
        elif isinstance(value, bool | int | str | list):
            out[key] = value
        else:
            out[key] = str(value)
    return out
