"""Batch audit: folders and archives, cross-year pairing, and every malformed input as one result."""

from __future__ import annotations

import csv
import io
import json
import os
import zipfile
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from pypdf import PdfReader, PdfWriter
from tests.corpus import CORPUS, REFERENCE_TEXT

from gongkai.annual_report import Confidence, parse_bytes, render
from gongkai.annual_report.batch import (
    CONFIDENCE_FIELDS,
    FAILED,
    OK,
    UNREADABLE,
    DaskCluster,
    Guarded,
    HtmlWriter,
    JsonWriter,
    Limits,
    LiveOutput,
    ReportResult,
    agency_key,
    audit_bytes,
    audit_paths,
    audit_uploads,
    count_sources,
    read_results,
    results_csv,
    results_xlsx,
    write_results,
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


def comparable(results) -> list[dict]:
    rows = [r.to_dict() for r in results]
    for row in rows:
        row.pop("seconds")
    return rows


def test_the_same_results_in_a_guarded_process_and_on_a_dask_cluster(tmp_path):
    for path in (HONGZE_2023, HONGZE_2024, CORPUS / "shuyang-fgj-2023.txt"):
        (tmp_path / path.name).write_bytes(path.read_bytes())
    (tmp_path / "junk.txt").write_bytes(b"\x00\x01\x02" * 100)
    alone = comparable(audit_paths([tmp_path], jobs=1))
    with Guarded() as runner:
        guarded = comparable(audit_paths([tmp_path], runner=runner))
    with DaskCluster(jobs=2, processes=False) as runner:
        clustered = comparable(audit_paths([tmp_path], runner=runner))
    assert guarded == alone
    assert clustered == alone


def test_figures_are_counted_by_how_they_were_read():
    (result,) = audit_uploads([("2024.txt", HONGZE_2024.read_bytes())])
    counts = {name: getattr(result, name) for name in CONFIDENCE_FIELDS}
    assert set(counts) == {f"figures_{c.value}" for c in Confidence}
    assert sum(counts.values()) == result.figures_total > 0
    assert result.figures_exact > 0
    assert result.summary()["figures_exact"] == result.figures_exact


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
    # In this process (the web page's way) the limit is a SIGALRM; a millisecond is less than any PDF takes.
    result = audit_bytes("slow.pdf", pdf_bytes(), limits=Limits(seconds_per_file=0.001)).result
    assert result.status == UNREADABLE and "读取超时" in result.reason
    # and the time limit is gone afterwards: the next file is read in full
    assert audit_bytes("again.pdf", pdf_bytes()).result.status == OK


# -- a row for every path given -------------------------------------------------------------


def test_a_named_pipe_and_a_dangling_link_get_a_row_each_and_are_never_opened(tmp_path):
    folder = tmp_path / "reports"
    folder.mkdir()
    os.mkfifo(folder / "pipe.txt")  # opening it to read would wait for a writer forever
    (folder / "gone.txt").symlink_to(tmp_path / "nowhere.txt")
    (folder / "loop").symlink_to(folder)
    (folder / "2024.txt").write_bytes(HONGZE_2024.read_bytes())
    (tmp_path / "empty.zip").write_bytes(zip_of({"only-a-folder/": b"", "__MACOSX/._x": b"x"}))
    paths = [folder, folder / "pipe.txt", tmp_path / "empty.zip"]
    results = list(audit_paths(paths))
    assert count_sources(paths) == len(results) == 6
    names = [Path(r.name).name for r in results]
    assert names == ["2024.txt", "gone.txt", "loop", "pipe.txt", "pipe.txt", "empty.zip"]
    assert "指向的文件不存在" in results[1].reason
    assert "指向文件夹的链接" in results[2].reason
    assert "命名管道" in results[3].reason and results[3].reason == results[4].reason
    assert "没有任何文件" in results[5].reason
    assert results[0].status == OK


# -- per-file limits, enforced from outside the parser --------------------------------------------


@pytest.fixture
def test_hooks(monkeypatch):
    """The guarded process treats a file starting with GONGKAI-TEST-HANG as a parser stuck in C code."""
    monkeypatch.setenv("GONGKAI_AUDIT_TEST_HOOKS", "1")


def memory_hogs(tmp_path: Path) -> Path:
    folder = tmp_path / "hogs"
    folder.mkdir()
    with (folder / "a-200mb.txt").open("wb") as handle:  # sparse: no disk used, but reading it needs 200 MB
        handle.truncate(200 * MB)
    report = HONGZE_2024.read_bytes()
    (folder / "b-40mb-report.txt").write_bytes(report * (40 * MB // len(report)))  # the parser's copies pass 100 MB
    (folder / "c-good.txt").write_bytes(report)
    return folder


HOG_LIMITS = Limits(max_file_bytes=300 * MB, memory_per_file=100 * MB)  # time enough for any file
HANG_LIMITS = Limits(seconds_per_file=2.0)


def assert_hogs_reported(results) -> None:
    found = by_name(results)
    assert "内存超过每个文件的上限（100 MB）" in found["a-200mb.txt"].reason
    assert "内存超过每个文件的上限（100 MB）" in found["b-40mb-report.txt"].reason
    assert found["c-good.txt"].status == OK
    assert all(r.sha256 for r in results)  # a resumed run does not try them again


def a_hanging_file(tmp_path: Path) -> Path:
    folder = tmp_path / "hang"
    folder.mkdir()
    (folder / "a-hangs.txt").write_bytes(b"GONGKAI-TEST-HANG\n")
    (folder / "b-good.txt").write_bytes(HONGZE_2024.read_bytes())
    return folder


def assert_hang_reported(results) -> None:
    hangs, good = results
    assert "读取超时（超过 2 秒）" in hangs.reason and "强行停止" in hangs.reason and hangs.sha256
    assert good.status == OK  # read by a fresh process


def test_memory_hogs_are_stopped_in_the_guarded_process(tmp_path):
    with Guarded(HOG_LIMITS) as runner:
        assert_hogs_reported(list(audit_paths([memory_hogs(tmp_path)], limits=HOG_LIMITS, runner=runner)))


def test_a_parser_stuck_in_c_code_is_killed_at_the_time_limit(tmp_path, test_hooks):
    with Guarded(HANG_LIMITS) as runner:
        assert_hang_reported(list(audit_paths([a_hanging_file(tmp_path)], limits=HANG_LIMITS, runner=runner)))


def test_the_limits_hold_on_a_dask_worker(tmp_path, test_hooks):
    with DaskCluster(HOG_LIMITS, jobs=1, processes=False) as runner:
        assert_hogs_reported(list(audit_paths([memory_hogs(tmp_path)], limits=HOG_LIMITS, runner=runner)))
    with DaskCluster(HANG_LIMITS, jobs=1, processes=False) as runner:
        assert_hang_reported(list(audit_paths([a_hanging_file(tmp_path)], limits=HANG_LIMITS, runner=runner)))


def test_each_result_is_handed_over_as_it_finishes_before_the_cross_year_pass(tmp_path):
    for path in (HONGZE_2024, HONGZE_2023):
        (tmp_path / path.name).write_bytes(path.read_bytes())
    seen: list[tuple[str, str | None]] = []
    final = [
        (Path(r.name).name, r.previous)
        for r in audit_paths([tmp_path], on_done=lambda r: seen.append((Path(r.name).name, r.previous)))
    ]
    assert seen == [("hongze-2023.txt", None), ("hongze-2024.txt", None)]  # before any pairing
    assert final == [("hongze-2023.txt", None), ("hongze-2024.txt", str(tmp_path / "hongze-2023.txt"))]


# -- resuming ---------------------------------------------------------------------------------


def test_resuming_skips_files_already_audited_by_their_content(tmp_path):
    for path in (HONGZE_2023, CORPUS / "shuyang-fgj-2023.txt"):
        (tmp_path / path.name).write_bytes(path.read_bytes())
    first = list(audit_paths([tmp_path]))
    (tmp_path / "copy-of-shuyang.txt").write_bytes((CORPUS / "shuyang-fgj-2023.txt").read_bytes())
    (tmp_path / "hongze-2024.txt").write_bytes(HONGZE_2024.read_bytes())
    done = {r.sha256: r for r in first}
    again = list(audit_paths([tmp_path], done=done))
    found = by_name(again)
    # copy (same bytes as shuyang), 2023 (read again: see below), 2024 (new), shuyang
    assert [found[n].resumed for n in sorted(found)] == [True, False, False, True]
    assert found["copy-of-shuyang.txt"].name == str(tmp_path / "copy-of-shuyang.txt")
    assert comparable([found["shuyang-fgj-2023.txt"]])[0] == comparable([first[1]])[0]
    # 2024 is new and its previous year was audited before: 2023 is read again to pair them.
    assert found["hongze-2024.txt"].previous == str(tmp_path / "hongze-2023.txt")
    assert not any(f.rule == "X.carry_over" and f.severity == "not_checked" for f in found["hongze-2024.txt"].findings)


@pytest.mark.parametrize("suffix", [".csv", ".json", ".xlsx"])
def test_an_output_read_back_gives_the_same_results(tmp_path, some_results, suffix):
    out = tmp_path / f"result{suffix}"
    write_results(out, some_results)
    back = read_results(out)
    assert [r.sha256 for r in back] == [r.sha256 for r in some_results]
    assert [r.status for r in back] == [r.status for r in some_results]
    assert [len(r.findings) for r in back] == [len(r.findings) for r in some_results]
    assert [(f.rule, f.severity, f.message) for r in back for f in r.findings] == [
        (f.rule, f.severity, f.message) for r in some_results for f in r.findings
    ]
    assert back[1].figures_exact == some_results[1].figures_exact and back[1].year == 2024


@pytest.mark.parametrize("suffix", [".csv", ".json"])
def test_a_live_output_has_every_finished_row_on_disk_and_survives_a_cut(tmp_path, some_results, suffix):
    out = tmp_path / f"result{suffix}"
    live = LiveOutput(out)
    for count, result in enumerate(some_results, start=1):
        live.write(result)
        assert [r.name for r in read_results(out)] == [r.name for r in some_results[:count]]
    live.close()
    if suffix == ".json":
        assert len(json.loads(out.read_text(encoding="utf-8"))) == len(some_results)
    cut = out.read_bytes()[:-40]  # the machine went down while the last row was written
    out.write_bytes(cut)
    assert [r.name for r in read_results(out)] == [r.name for r in some_results[:-1]]


def test_a_live_workbook_is_rewritten_whole_and_resuming_from_html_is_refused(tmp_path, some_results):
    from gongkai.annual_report.batch import OutputError

    out = tmp_path / "result.xlsx"
    live = LiveOutput(out, some_results[:1])  # an earlier run's rows come first
    assert [r.name for r in read_results(out)] == ["2023.txt"]
    for result in some_results[1:]:
        live.write(result)
    live.close()
    assert [r.name for r in read_results(out)] == ["2023.txt", "2024.txt", "x.txt"]
    with pytest.raises(OutputError, match="HTML"):
        read_results(tmp_path / "result.html")


def test_resuming_a_run_stopped_before_its_cross_year_pass_compares_the_pair(tmp_path):
    for path in (HONGZE_2023, HONGZE_2024):
        (tmp_path / path.name).write_bytes(path.read_bytes())
    stopped = list(audit_paths([tmp_path], cross_year=False))  # what the rows of a stopped run hold
    assert all(r.previous is None for r in stopped)
    again = list(audit_paths([tmp_path], done={r.sha256: r for r in stopped}))
    assert [r.resumed for r in again] == [False, False]  # both read again, to compare them
    assert again[1].previous == str(tmp_path / "hongze-2023.txt")
    finished = list(audit_paths([tmp_path], done={r.sha256: r for r in again}))
    assert [r.resumed for r in finished] == [True, True]  # compared already: nothing read
    assert comparable(finished) == comparable(again)
