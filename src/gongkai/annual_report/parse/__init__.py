"""Parsers: any published report file → ``Report``.

The kind of a file is sniffed from its content, never trusted from its name:
a PDF starts with ``%PDF``, DOCX and XLSX are ZIP archives with known parts,
JSON starts with ``{``, HTML has tags, and text is whatever decodes.
"""

from __future__ import annotations

import io
import re
import stat
import zipfile
from pathlib import Path

from ..errors import ParseError
from ..model import Report

TEXT_ENCODINGS = ("utf-8-sig", "gb18030", "utf-16")
# Closing tags of the elements a report's text sits in; two or more make a text HTML.
_HTML_FRAGMENT = re.compile(r"(?:</(?:p|div|span|td|tr|font|strong|section)\s*>.*?){2}", re.IGNORECASE | re.DOTALL)
KINDS = ("json", "text", "html", "docx", "xlsx", "pdf")


def sniff(data: bytes) -> str:
    """The kind of a report file: one of KINDS. Raises ParseError for anything else."""
    if not data or not data.strip():
        raise ParseError("文件是空的，没有任何内容")
    head = data[:8]
    if head.startswith(b"%PDF"):
        return "pdf"
    if head.startswith(b"PK\x03\x04"):
        try:
            names = set(zipfile.ZipFile(io.BytesIO(data)).namelist())
        except zipfile.BadZipFile:
            raise ParseError("文件像是 Office 文档（ZIP），但已损坏，无法打开") from None
        if "word/document.xml" in names:
            return "docx"
        if "xl/workbook.xml" in names:
            return "xlsx"
        raise ParseError("这是一个 ZIP 压缩包，但不是 Word（.docx）或 Excel（.xlsx）文件")
    if head.startswith(b"\xd0\xcf\x11\xe0"):
        raise ParseError("这是旧版 Office 文件（.doc/.xls），请另存为 .docx 或 .xlsx 后再上传")
    text = decode_text(data)
    start = text.lstrip()[:1]
    if start in ("{", "["):
        return "json"
    lowered = text[:4096].lower()
    if "<html" in lowered or "<table" in lowered or "<!doctype html" in lowered or "<body" in lowered:
        return "html"
    if _HTML_FRAGMENT.search(text[:20000]):
        return "html"  # a fragment copied out of a page: <p>, <span>, <div> … on one line
    return "text"


def decode_text(data: bytes) -> str:
    if b"\x00" in data[:4096] and not data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise ParseError("文件不是文本，也不是可识别的 PDF、Word、Excel 或 JSON 文件")
    for encoding in TEXT_ENCODINGS:
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            continue
        if _looks_like_text(text):
            return text
    raise ParseError("文件无法按 UTF-8 或 GB18030 文本读取，也不是可识别的 PDF、Word、Excel 或 JSON 文件")


_CONTROL = re.compile(r"[\x00-\x08\x0b\x0e-\x1f]")


def _looks_like_text(text: str) -> bool:
    sample = text[:4096]
    return len(_CONTROL.findall(sample)) <= len(sample) // 100


MB = 1024 * 1024
# No published report comes near these: a text report is tens of kilobytes, a web
# page a few megabytes, a scanned PDF tens of megabytes. Past them a file is refused
# before anything is read into memory or parsed, with its size in the message.
MAX_FILE_BYTES = 100 * MB
MAX_TEXT_BYTES = 20 * MB


def _too_large(size: int, limit: int, what: str) -> ParseError:
    return ParseError(
        f"{what}有 {size / MB:.0f} MB，远超过一份年度报告的合理大小（不超过 {limit // MB} MB），没有读取；"
        "请确认文件是否正确"
    )


def parse_bytes(data: bytes, filename: str | None = None) -> Report:
    if len(data) > MAX_FILE_BYTES:
        raise _too_large(len(data), MAX_FILE_BYTES, "文件")
    kind = sniff(data)
    if kind in ("text", "html", "json") and len(data) > MAX_TEXT_BYTES:
        raise _too_large(len(data), MAX_TEXT_BYTES, "这个文本文件")
    if kind == "pdf":
        from .pdf import parse_pdf

        return parse_pdf(data, name=filename)
    if kind == "docx":
        from .docx import parse_docx

        return parse_docx(data)
    if kind == "xlsx":
        from .xlsx import parse_xlsx

        return parse_xlsx(data)
    text = decode_text(data)
    if kind == "json":
        from .json import parse_json

        return parse_json(text)
    if kind == "html":
        from .html import parse_html

        return parse_html(text)
    from .text import parse_text

    return parse_text(text, name=filename)


def parse_file(path: str | Path) -> Report:
    path = Path(path)
    try:
        status = path.stat()
        if stat.S_ISDIR(status.st_mode):
            raise IsADirectoryError
        if not stat.S_ISREG(status.st_mode):
            # a pipe, a socket or a device: reading it could wait forever or never end
            raise ParseError(f"“{path}”不是普通文件（是管道、设备或套接字），无法作为年度报告读取")
        size = status.st_size
        if size > MAX_FILE_BYTES:
            raise _too_large(size, MAX_FILE_BYTES, f"“{path.name}”")
        data = path.read_bytes()
    except FileNotFoundError:
        raise ParseError(f"找不到文件：{path}") from None
    except IsADirectoryError:
        raise ParseError(f"“{path}”是一个文件夹，不是文件") from None
    except PermissionError:
        raise ParseError(f"没有权限读取文件：{path}") from None
    return parse_bytes(data, path.name)


def clear_caches() -> None:
    """Forget what parsing remembers between reports (label scores, digit splits,
    label keys): for a benchmark of the cold cost, or to bound memory."""
    from ..format.spec import normalize_label
    from . import digits, engine, stream

    for cached in (
        engine._match_score,
        engine._character_counts,
        engine._character_set,
        normalize_label,
        digits._remembered,
        stream._key,
    ):
        cached.cache_clear()
