import io
import random
import zipfile

import docx
import openpyxl
import pytest

from gongkai.core.uploads import UploadError, decode_text, read_uploaded_file, size_text, sniff


def zipped(members: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return buffer.getvalue()


def test_kinds_are_judged_by_content_not_by_name(reference_bytes):
    assert sniff(reference_bytes, "report.pdf").kind == "text"
    assert sniff(b'{"format": "2021"}', "report.docx").kind == "json"
    assert sniff(b"<!DOCTYPE html><html><body><table></table></body></html>", "r.txt").kind == "html"
    buffer = io.BytesIO()
    docx.Document().save(buffer)
    assert sniff(buffer.getvalue(), "report.pdf").kind == "docx"
    buffer = io.BytesIO()
    openpyxl.Workbook().save(buffer)
    assert sniff(buffer.getvalue(), "report.docx").kind == "xlsx"


def test_gb18030_text_is_text(reference_bytes):
    data = reference_bytes.decode("utf-8").encode("gb18030")
    assert sniff(data, "r.txt").kind == "text"
    assert decode_text(data) == reference_bytes.decode("utf-8")


def test_upload_metadata(reference_bytes):
    upload = sniff(reference_bytes, "C:\\Users\\me\\报告.txt")
    assert upload.filename == "报告.txt"
    assert len(upload.sha256) == 64
    assert upload.media_type == "text/plain"
    assert upload.size == len(reference_bytes)


@pytest.mark.parametrize(
    ("data", "code"),
    [
        (b"", "empty"),
        (b" \n\t ", "empty"),
        (random.Random(1).randbytes(4096), "unsupported"),
        (b"\x89PNG\r\n\x1a\n" + b"\x00" * 64, "unsupported"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 600, "old_office"),
        (b"%PDF-1.4\n%%EOF", "corrupt"),
        (b"PK\x03\x04" + b"\x00" * 100, "corrupt"),
        (b'{"format": ', "corrupt"),
    ],
)
def test_bad_uploads(data, code):
    with pytest.raises(UploadError) as caught:
        sniff(data, "x", max_bytes=1024 * 1024)
    assert caught.value.code == code


def test_zip_that_is_not_office():
    with pytest.raises(UploadError, match="压缩包") as caught:
        sniff(zipped({"readme.txt": b"hello"}), "r.docx", max_bytes=1 << 20)
    assert caught.value.code == "unsupported"


def test_docx_whose_document_is_not_xml():
    with pytest.raises(UploadError) as caught:
        sniff(
            zipped({"word/document.xml": b"\x00\x01garbage", "[Content_Types].xml": b"<x/>"}),
            "r.docx",
            max_bytes=1 << 20,
        )
    assert caught.value.code == "corrupt"


def test_size_limit_while_reading():
    with pytest.raises(UploadError, match="文件过大") as caught:
        read_uploaded_file(io.BytesIO(b"x" * 5000), max_bytes=1000)
    assert caught.value.code == "too_large"
    with pytest.raises(UploadError, match="请选择"):
        read_uploaded_file(None)


def test_size_text():
    assert size_text(20 * 1024 * 1024) == "20.0 MB"
    assert size_text(2048) == "2 KB"
    assert size_text(12) == "12 B"
