"""Batch audit: folders and archives, cross-year pairing, and every malformed input as one result."""

from __future__ import annotations

import csv
import io
import json
import zipfile
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from pypdf import PdfReader, PdfWriter
from tests.corpus import CORPUS, REFERENCE_TEXT

from gongkai.annual_report import parse_bytes, render
from gongkai.annual_report.batch import (
    FAILED,
    OK,
    UNREADABLE,
    HtmlWriter,
    JsonWriter,
    Limits,
    ReportResult,
    agency_key,
    audit_bytes,
    audit_paths,
    audit_uploads,
    count_sources,
    results_csv,
    results_xlsx,
)

MB = 1024 * 1024
HONGZE_2023 = CORPUS / "hongze-2023.txt"
HONGZE_2024 = CORPUS / "hongze-2024.txt"
HONGZE_PDF = CORPUS / "hongze-2024.pdf"


def by_name(results) -> dict[str, ReportResult]:
    return {Path(r.name.replace("!", "/")).name: r for r in results}


def zip_of(members: dict[str, bytes], **kwargs) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED, **kwargs) as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return buffer.getvalue()


# -- reading and pairing -----------------------------------------------------------


def test_a_folder_gives_one_result_per_file_in_order_with_the_previous_year(tmp_path):
    for path in (HONGZE_2024, HONGZE_2023, REFERENCE_TEXT):
        (tmp_path / path.name).write_bytes(path.read_bytes())
    (tmp_path / "notes.md").write_text("# 说明\n这里不是报告。", encoding="utf-8")
    results = list(audit_paths([tmp_path]))
    assert [Path(r.name).name for r in results] == sorted(p.name for p in tmp_path.iterdir())
    assert count_sources([tmp_path]) == len(results) == 4
    found = by_name(results)
    assert found["notes.md"].status == UNREADABLE and found["notes.md"].reason
    # Hongze 2023 is wrong as published (table 四 twice); 2024 is compared with it.
    assert found["hongze-2023.txt"].status == FAILED
    assert {f.rule for f in found["hongze-2023.txt"].findings if f.severity == "error"} == {"T4.group_sum"}
    later = found["hongze-2024.txt"]
    assert later.status == OK and later.previous == str(tmp_path / "hongze-2023.txt")
    assert not [f for f in later.findings if f.rule == "X.carry_over"]  # checked, and it agrees
    # The earlier year has no previous year among the inputs: the cross-year rules are not checked.
    assert any(f.rule == "X.carry_over" and f.severity == "not_checked" for f in found["hongze-2023.txt"].findings)


def test_a_wrong_carry_over_is_found_across_the_two_files():
    earlier = parse_bytes(HONGZE_2023.read_bytes(), "a.txt")
    key = "requests.carried_out.total"
    changed = earlier.with_cells({key: earlier.value(key) + 3})
    results = audit_uploads([("2023.json", render(changed, "json")), ("2024.txt", HONGZE_2024.read_bytes())])
    later = by_name(results)["2024.txt"]
    assert later.previous == "2023.json"
    assert any(f.rule == "X.carry_over" and f.severity == "error" for f in later.findings)
    assert later.status == FAILED


def test_the_same_results_in_a_pool_of_processes(tmp_path):
    for path in (HONGZE_2023, HONGZE_2024, CORPUS / "shuyang-fgj-2023.txt"):
        (tmp_path / path.name).write_bytes(path.read_bytes())
    (tmp_path / "junk.txt").write_bytes(b"\x00\x01\x02" * 100)
    alone = [r.to_dict() for r in audit_paths([tmp_path], jobs=1)]
    pooled = [r.to_dict() for r in audit_paths([tmp_path], jobs=2)]
    for row in alone + pooled:
        row.pop("seconds")
    assert pooled == alone


@given(
    name=st.sampled_from(["淮安市洪泽区人民政府", "沭阳县发展和改革局", "济源示范区人力资源和社会保障局"]),
    noise=st.lists(st.sampled_from([" ", "\u3000", "（", "）", "·", "\n", "“", "”"]), max_size=4),
    position=st.integers(min_value=0, max_value=20),
)
def test_agency_names_match_whatever_their_spacing_and_width(name, noise, position):
    cut = min(position, len(name))
    noisy = name[:cut] + "".join(noise) + name[cut:]
    assert agency_key(noisy) == agency_key(name)
    assert agency_key(noisy.replace("2", "２")) == agency_key(name.replace("2", "２"))
    assert agency_key(name) != agency_key("淮安市人民政府") or name == "淮安市人民政府"


# -- malformed inputs: one clear message each, and the batch goes on ----------------------


def pdf_bytes() -> bytes:
    return HONGZE_PDF.read_bytes()


def encrypted_pdf() -> bytes:
    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(pdf_bytes())))
    writer.encrypt("secret")
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


def blank_pdf() -> bytes:
    writer = PdfWriter()
    writer.add_blank_page(595, 842)
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


MALFORMED = {
    "truncated.pdf": (lambda: pdf_bytes()[: len(pdf_bytes()) // 3], "不完整"),
    "encrypted.pdf": (encrypted_pdf, "加密"),
    "scan.pdf": (blank_pdf, "没有可读取的文字"),
    "no-table.html": (lambda: "<html><body><h1>通知</h1><p>明天开会。</p></body></html>".encode(), "没有任何表格"),
    "article.txt": (lambda: ("春天来了，公园里的花都开了。" * 50).encode(), "不像一份政府信息公开工作年度报告"),
    "empty.txt": (lambda: b"", "空"),
    "deep.json": (lambda: b"[" * 200_000, ""),
    "picture.png": (lambda: b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 8, "不是文本"),
}


@pytest.mark.parametrize("name", sorted(MALFORMED))
def test_a_malformed_file_is_one_unreadable_result_with_a_reason(name):
    make, words = MALFORMED[name]
    result = audit_bytes(name, make()).result
    assert result.status == UNREADABLE
    assert result.reason and any("\u4e00" <= ch <= "\u9fff" for ch in result.reason)
    assert words in result.reason
    assert not result.findings


def test_every_malformed_file_in_one_archive_and_the_good_report_still_read(tmp_path):
    members = {name: make() for name, (make, _words) in MALFORMED.items()}
    members["good/hongze-2024.txt"] = HONGZE_2024.read_bytes()
    members["nested.zip"] = zip_of({"a.txt": b"x"})
    (tmp_path / "region.zip").write_bytes(zip_of(members))
    results = list(audit_paths([tmp_path / "region.zip"], jobs=1))
    assert len(results) == len(members)
    found = by_name(results)
    assert found["hongze-2024.txt"].status == OK
    assert found["nested.zip"].status == UNREADABLE and "压缩包中的压缩包" in found["nested.zip"].reason
    assert all(r.status == UNREADABLE for n, r in found.items() if n != "hongze-2024.txt")
    assert all(r.name.startswith(str(tmp_path / "region.zip") + "!") for r in results)


def test_a_parser_raising_anything_is_listed_as_unreadable_and_the_batch_goes_on(monkeypatch):
    # The JSON parser's library raises something no parser expects.
    def boom(*args, **kwargs):
        raise RuntimeError("库内部错误")

    monkeypatch.setattr(json, "loads", boom)
    results = audit_uploads([("a.json", b'{"format": "2021"}'), ("b.txt", HONGZE_2024.read_bytes())])
    first, second = results
    assert first.status == UNREADABLE and first.crashed
    assert "内部错误" in first.reason and "RuntimeError" in first.reason
    assert second.status == OK


def test_a_200_mb_file_is_refused_by_its_size_without_reading_it(tmp_path):
    huge = tmp_path / "huge.txt"
    with huge.open("wb") as handle:  # sparse: no disk used, nothing read
        handle.truncate(200 * MB)
    (result,) = audit_paths([huge])
    assert result.status == UNREADABLE and "文件过大" in result.reason and "200.0 MB" in result.reason


def test_a_zip_bomb_is_refused_by_its_ratio_before_unpacking(tmp_path):
    bomb = tmp_path / "bomb.zip"
    bomb.write_bytes(zip_of({"zeros.txt": b"0" * (8 * MB), "report.txt": HONGZE_2024.read_bytes()}))
    found = by_name(audit_paths([bomb]))
    assert "压缩炸弹" in found["zeros.txt"].reason
    assert found["report.txt"].status == OK


def test_an_archive_that_unpacks_too_large_is_refused_whole(tmp_path):
    archive = tmp_path / "big.zip"
    archive.write_bytes(zip_of({f"r{i}.txt": HONGZE_2024.read_bytes() for i in range(3)}))
    (result,) = audit_paths([archive], limits=Limits(max_unpacked_bytes=20_000))
    assert result.status == UNREADABLE and "超过上限" in result.reason and "压缩炸弹" in result.reason


def test_an_archive_with_too_many_members_is_refused_before_unpacking(tmp_path):
    archive = tmp_path / "many.zip"
    archive.write_bytes(zip_of({f"r{i}.txt": b"x" for i in range(6)}))
    (result,) = audit_paths([archive], limits=Limits(max_archive_members=5))
    assert "6 个文件" in result.reason and "超过上限 5 个" in result.reason


def test_an_encrypted_member_and_a_broken_archive(tmp_path):
    data = bytearray(zip_of({"secret.txt": b"x"}))
    data[6] |= 0x1  # marked encrypted: local header …
    data[data.index(b"PK\x01\x02") + 8] |= 0x1  # … and central directory
    (tmp_path / "secret.zip").write_bytes(bytes(data))
    (tmp_path / "broken.zip").write_bytes(zip_of({"a.txt": b"abc" * 100})[:40])
    found = {Path(r.name).name: r for r in audit_paths([tmp_path])}
    assert "加密" in found["secret.zip!secret.txt"].reason
    assert "已损坏" in found["broken.zip"].reason


def test_a_member_file_too_large_and_a_missing_path(tmp_path):
    archive = tmp_path / "a.zip"
    archive.write_bytes(zip_of({"big.txt": bytes(range(256)) * 8000}))  # 2 MB, does not compress
    results = list(audit_paths([archive, tmp_path / "nowhere.pdf"], limits=Limits(max_file_bytes=MB)))
    assert "文件过大" in results[0].reason
    assert "找不到" in results[1].reason


# -- outputs ---------------------------------------------------------------------------


@pytest.fixture(scope="module")
def some_results():
    return audit_uploads(
        [("2023.txt", HONGZE_2023.read_bytes()), ("2024.txt", HONGZE_2024.read_bytes()), ("x.txt", b"\x00" * 9)]
    )


def test_csv_has_a_summary_row_per_report_and_a_row_per_finding(some_results):
    summary, findings = results_csv(some_results)
    summary_rows = list(csv.reader(io.StringIO(summary.lstrip("\ufeff"))))
    finding_rows = list(csv.reader(io.StringIO(findings.lstrip("\ufeff"))))
    assert summary.startswith("\ufeff") and len(summary_rows) == 1 + 3
    assert summary_rows[0][:2] == ["文件", "结果"]
    assert len(finding_rows) == 1 + sum(len(r.findings) for r in some_results)
    assert any(row[3] == "T4.group_sum" and row[4] == "错误" for row in finding_rows[1:])
    assert not any(row[-1].startswith("[") for row in finding_rows[1:])  # the rule has its own column


def test_json_and_html_outputs(some_results):
    stream = io.StringIO()
    writer = JsonWriter(stream)
    for result in some_results:
        writer.write(result)
    writer.close()
    data = json.loads(stream.getvalue())
    assert [d["file"] for d in data] == ["2023.txt", "2024.txt", "x.txt"]
    assert data[1]["previous"] == "2023.txt"
    assert [ReportResult.from_dict(d).to_dict() for d in data] == data
    page = io.StringIO()
    writer = HtmlWriter(page)
    for result in some_results:
        writer.write(result)
    writer.close()
    html = page.getvalue()
    assert html.startswith("<!DOCTYPE html>") and html.rstrip().endswith("</html>")
    assert "T4.group_sum" in html and "无法读取" in html


def test_xlsx_has_two_sheets_and_no_formula(some_results):
    from openpyxl import load_workbook

    evil = ReportResult(index=9, name='=HYPERLINK("http://x")', reason="坏", size=1)
    book = load_workbook(io.BytesIO(results_xlsx([*some_results, evil])))
    assert book.sheetnames == ["报告汇总", "问题明细"]
    rows = list(book["报告汇总"].values)
    assert len(rows) == 1 + 4
    assert rows[-1][0].startswith("'=")


@settings(max_examples=60, deadline=None)
@given(prefix=st.sampled_from([b"", b"%PDF-1.7\n", b"PK\x03\x04", b"{", b"<html>", "二、".encode()]), body=st.binary())
def test_any_bytes_give_a_result_never_an_exception(prefix, body):
    result = audit_bytes("x", prefix + body).result
    assert result.status in (OK, FAILED, UNREADABLE)
    assert result.readable or result.reason


def test_a_file_that_takes_too_long_is_stopped_with_a_reason():
    result = audit_bytes("slow.pdf", pdf_bytes(), limits=Limits(seconds_per_file=0.01)).result
    assert result.status == UNREADABLE and "读取超时" in result.reason
    # and the time limit is gone afterwards: the next file is read in full
    assert audit_bytes("again.pdf", pdf_bytes()).result.status == OK
