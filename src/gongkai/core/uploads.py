"""One uploaded report file: size limit, type by content, and "open it to validate".

The name a browser sends is never trusted: the kind is sniffed from the bytes
with ``filetype`` and then the file is opened by the library that will read it,
so that a renamed picture or a truncated DOCX is refused here with a clear
Chinese message instead of failing deep inside a parser.
"""

from __future__ import annotations

import hashlib
import io
import json
import zipfile
from dataclasses import dataclass

import filetype
from django.conf import settings
from django.utils.translation import gettext as _

from .errors import ApplicationError

# The kinds of file a published annual report comes in, and what they are served as.
KINDS: dict[str, str] = {
    "text": "text/plain",
    "html": "text/html",
    "json": "application/json",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "pdf": "application/pdf",
}
SUFFIXES = {"text": ".txt", "html": ".html", "json": ".json", "docx": ".docx", "xlsx": ".xlsx", "pdf": ".pdf"}

_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # .doc / .xls (OLE2 compound file)
_OLD_OFFICE = {"application/msword", "application/vnd.ms-excel", "application/x-ole-storage"}


class UploadError(ApplicationError):
    code = "bad_upload"


@dataclass(frozen=True)
class Upload:
    data: bytes
    filename: str
    kind: str  # a key of KINDS

    @property
    def sha256(self) -> str:
        return hashlib.sha256(self.data).hexdigest()

    @property
    def media_type(self) -> str:
        return KINDS[self.kind]

    @property
    def size(self) -> int:
        return len(self.data)


def max_upload_bytes() -> int:
    return int(settings.GONGKAI_MAX_UPLOAD_BYTES)


def size_text(n: int) -> str:
    if n >= 1024 * 1024:
        return f"{n / (1024 * 1024):.1f} MB"
    if n >= 1024:
        return f"{n / 1024:.0f} KB"
    return f"{n} B"


def too_large_error(size: int | None = None) -> UploadError:
    limit = size_text(max_upload_bytes())
    if size is None:
        return UploadError(_("文件过大，单个文件不能超过 %(limit)s。") % {"limit": limit}, code="too_large")
    return UploadError(
        _("文件过大（%(size)s），单个文件不能超过 %(limit)s。") % {"size": size_text(size), "limit": limit},
        code="too_large",
    )


def read_uploaded_file(uploaded, *, max_bytes: int | None = None) -> Upload:
    """Read a Django ``UploadedFile`` (or any file object with ``name``) within the limit, then sniff it."""
    if uploaded is None:
        raise UploadError(_("请选择要上传的文件。"), code="no_file")
    limit = max_upload_bytes() if max_bytes is None else max_bytes
    declared = getattr(uploaded, "size", None)
    if declared is not None and declared > limit:
        raise too_large_error(declared)
    buffer = io.BytesIO()
    chunks = uploaded.chunks() if hasattr(uploaded, "chunks") else iter(lambda: uploaded.read(65536), b"")
    for chunk in chunks:
        buffer.write(chunk)
        if buffer.tell() > limit:
            raise too_large_error()
    return sniff(buffer.getvalue(), getattr(uploaded, "name", "") or "", max_bytes=limit)


def sniff(data: bytes, filename: str = "", *, max_bytes: int | None = None) -> Upload:
    """The kind of ``data`` judged by its content, after opening it; raises ``UploadError``."""
    limit = max_upload_bytes() if max_bytes is None else max_bytes
    if len(data) > limit:
        raise too_large_error(len(data))
    if not data.strip():
        raise UploadError(_("文件是空的，没有可读取的内容。"), code="empty")
    name = filename.rsplit("/", 1)[-1].rsplit("\\", 1)[-1][:200]
    if data.startswith(_OLE_MAGIC):
        return Upload(data, name, _binary_kind(data, "application/x-ole-storage"))
    guess = filetype.guess(data)
    if guess is not None:
        return Upload(data, name, _binary_kind(data, guess.mime))
    return Upload(data, name, _text_kind(data))


def _binary_kind(data: bytes, mime: str) -> str:
    if mime == "application/pdf":
        _open_pdf(data)
        return "pdf"
    if mime in _OLD_OFFICE:
        raise UploadError(
            _("这是旧版 Office 文件（.doc / .xls），请另存为 .docx、.xlsx 或 PDF 后再上传。"), code="old_office"
        )
    if mime in (KINDS["docx"], KINDS["xlsx"], "application/zip", "application/epub+zip"):
        return _open_zip(data)
    raise UploadError(
        _("不支持的文件类型（按内容识别为 %(mime)s）。请上传 PDF、Word（.docx）、Excel（.xlsx）、网页或纯文本文件。")
        % {"mime": mime},
        code="unsupported",
    )


def _open_pdf(data: bytes) -> None:
    from pypdf import PdfReader
    from pypdf.errors import PyPdfError

    try:
        reader = PdfReader(io.BytesIO(data), strict=False)
        if len(reader.pages) == 0:
            raise UploadError(_("PDF 文件没有页面。"), code="corrupt")
    except UploadError:
        raise
    except (PyPdfError, ValueError, KeyError, TypeError, OSError, RecursionError):
        raise UploadError(_("PDF 文件已损坏或不完整，无法打开。"), code="corrupt") from None


def _open_zip(data: bytes) -> str:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            names = set(archive.namelist())
            if "word/document.xml" in names:
                kind, member = "docx", "word/document.xml"
            elif "xl/workbook.xml" in names:
                kind, member = "xlsx", "xl/workbook.xml"
            else:
                raise UploadError(
                    _("这是一个压缩包，但不是 Word（.docx）或 Excel（.xlsx）文件。请逐个上传报告文件。"),
                    code="unsupported",
                )
            if archive.testzip() is not None:
                raise zipfile.BadZipFile
            with archive.open(member) as handle:
                head = handle.read(4096)
    except UploadError:
        raise
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, EOFError, KeyError, ValueError, NotImplementedError):
        raise UploadError(_("文件已损坏或不完整（压缩结构无法读取），无法打开。"), code="corrupt") from None
    if not head.lstrip().startswith(b"<"):
        raise UploadError(_("文件已损坏（文档内容不是有效的 XML），无法打开。"), code="corrupt")
    return kind


def decode_text(data: bytes) -> str | None:
    """The text of ``data`` in UTF-8 (with or without BOM), UTF-16 with BOM, or GB18030; None if none fits."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError:
            return None
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    return None


def _text_kind(data: bytes) -> str:
    text = decode_text(data)
    if text is None or "\x00" in text or _control_ratio(text) > 0.01:
        raise UploadError(
            _("无法识别的文件内容：既不是 PDF、Word、Excel，也不是可读的文本或网页。"), code="unsupported"
        )
    stripped = text.lstrip()
    if stripped.startswith(("{", "[")):
        try:
            json.loads(text)
        except ValueError:
            raise UploadError(_("文件看起来是 JSON，但格式不正确，无法读取。"), code="corrupt") from None
        return "json"
    head = text[:4096].lower()
    if any(tag in head for tag in ("<!doctype html", "<html", "<table", "<body")):
        return "html"
    return "text"


def _control_ratio(text: str) -> float:
    sample = text[:20000]
    if not sample:
        return 0.0
    controls = sum(1 for ch in sample if ord(ch) < 32 and ch not in "\t\n\r\f\v")
    return controls / len(sample)
