"""Files attached to an application: size- and type-checked, stored by SHA-256."""

from __future__ import annotations

from dataclasses import dataclass

from django.core.files.base import ContentFile
from django.db import transaction
from django.utils.translation import gettext as _

from gongkai.audit.services import audit_record

from .. import events
from ..models import (
    Application,
    Attachment,
)
from ._base import _check_actor, _lock, _person, _retrying

# --- attachments -----------------------------------------------------------------------------------------

ATTACHMENT_KINDS = {
    "pdf": "application/pdf",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "text": "text/plain",
    "jpg": "image/jpeg",
    "png": "image/png",
}


@dataclass(frozen=True)
class _CheckedUpload:
    data: bytes
    filename: str
    media_type: str
    sha256: str


def _checked_upload(uploaded) -> _CheckedUpload:
    """Size limit and type sniffing of ``gongkai.core.uploads``; pictures (JPEG, PNG) are also
    accepted for scanned documents; web pages and JSON are not."""
    import hashlib

    import filetype

    from gongkai.core import uploads

    limit = uploads.max_upload_bytes()
    declared = getattr(uploaded, "size", None)
    if declared is not None and declared > limit:
        raise uploads.too_large_error(declared)
    chunks = uploaded.chunks() if hasattr(uploaded, "chunks") else [uploaded.read()]
    data = b""
    for chunk in chunks:
        data += chunk
        if len(data) > limit:
            raise uploads.too_large_error()
    name = (getattr(uploaded, "name", "") or "").rsplit("/", 1)[-1].rsplit("\\", 1)[-1][:200] or "attachment"
    guess = filetype.guess(data) if data else None
    if guess is not None and guess.mime in ("image/jpeg", "image/png"):
        media = guess.mime
    else:
        kind = uploads.sniff(data, name, max_bytes=limit).kind
        if kind not in ATTACHMENT_KINDS:
            raise uploads.UploadError(
                _("附件只接受 PDF、Word（.docx）、Excel（.xlsx）、纯文本、JPEG 或 PNG 图片。"),
                code="unsupported",
            )
        media = ATTACHMENT_KINDS[kind]
    return _CheckedUpload(data, name, media, hashlib.sha256(data).hexdigest())


def _store_attachment(app: Application, upload: _CheckedUpload, *, actor, description: str = "") -> Attachment:
    existing = Attachment.objects.filter(application=app, sha256=upload.sha256).first()
    if existing is not None:
        return existing
    attachment = Attachment(
        application=app,
        filename=upload.filename,
        media_type=upload.media_type,
        size=len(upload.data),
        sha256=upload.sha256,
        description=description[:200],
        uploaded_by=_person(actor),
    )
    attachment.file.save(upload.sha256, ContentFile(upload.data), save=False)
    attachment.save()
    return attachment


def application_attach(*, actor, application: Application, uploaded, description: str = "") -> Attachment:
    """Add a file to an application (size- and type-checked; the same file twice is stored once)."""
    _check_actor(actor, application.agency)
    upload = _checked_upload(uploaded)

    def body():
        with transaction.atomic():
            app, _steps = _lock(application)
            attachment = _store_attachment(app, upload, actor=actor, description=description)
            audit_record(
                actor=actor,
                code=events.ATTACHMENT_ADDED.code,
                agency=app.agency,
                target=app,
                summary=f"{app.tracking_number} {attachment.filename}",
                data={
                    "attachment": attachment.pk,
                    "sha256": attachment.sha256,
                    "size": attachment.size,
                },
            )
            return attachment

    return _retrying(body)
