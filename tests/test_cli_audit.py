"""``gongkai report audit PATH...``: run as a user runs it, in a subprocess with no Django settings.

Exit status like ``check``: 0 every file read and no error, 1 a report has an
error, 2 a file could not be read (the batch still goes on).
"""

from __future__ import annotations

import csv
import io
import json
import os
import pty
import signal
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

CORPUS = Path(__file__).parent / "data" / "corpus"
HONGZE_2023 = CORPUS / "hongze-2023.txt"  # table 四 wrong as published
HONGZE_2024 = CORPUS / "hongze-2024.txt"
SHUYANG = CORPUS / "shuyang-fgj-2023.txt"
CLEAN_ENV = {k: v for k, v in os.environ.items() if k not in ("DJANGO_SETTINGS_MODULE", "DATABASE_URL")}


HOOKS_ENV = {**CLEAN_ENV, "GONGKAI_AUDIT_TEST_HOOKS": "1"}  # a file starting GONGKAI-TEST-HANG hangs the parser
CONFIDENCES = ("exact", "decoded", "ocr", "inferred", "ambiguous", "unread")


def audit(*args: str | Path, cwd: Path | None = None, env: dict | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "gongkai.cli", "report", "audit", *map(str, args)],
        capture_output=True,
        text=True,
        encoding="utf-8",
        stdin=subprocess.DEVNULL,
        env=env or CLEAN_ENV,
        cwd=cwd,
        check=False,
    )


def test_a_clean_report_exits_0_with_a_summary_line():
    run = audit(HONGZE_2024, "--no-progress", "--jobs", "1")
    assert run.returncode == 0, run.stderr
    assert "通过" in run.stdout and "淮安市洪泽区人民政府" in run.stdout
    assert "合计：1 个文件，1 个通过" in run.stdout
    assert run.stderr == ""  # no progress asked for, nothing else to say


def test_an_error_exits_1_and_cross_year_is_automatic():
    run = audit(HONGZE_2024, HONGZE_2023, "--no-progress", "--jobs", "1")
    assert run.returncode == 1
    lines = run.stdout.splitlines()
    # A line per file as it finishes, then the cross-year pairs once every file is read.
    assert lines[0].startswith("通过") and "对照上一年度" not in lines[0]
    assert lines[1].startswith("有错误") and "2 个错误" in lines[1]
    assert lines[2].startswith("跨年度核对")
    assert lines[3].startswith("通过") and f"对照上一年度：{HONGZE_2023}" in lines[3]
    assert lines[4].startswith("合计：2 个文件")


def test_an_unreadable_file_exits_2_and_the_others_are_still_read(tmp_path):
    (tmp_path / "junk.pdf").write_bytes(b"%PDF-1.7\n" + b"\x00" * 100)
    run = audit(tmp_path / "junk.pdf", HONGZE_2023, "--no-progress", "--jobs", "1")
    assert run.returncode == 2
    assert "无法读取" in run.stdout and "有错误" in run.stdout
    assert "Traceback" not in run.stdout + run.stderr


def test_csv_output_is_two_files(tmp_path):
    run = audit(CORPUS, "--out", tmp_path / "result.csv", "--no-progress", "--jobs", "2")
    assert run.returncode == 2  # README.md in the folder is not a report
    summary = list(csv.DictReader(io.StringIO((tmp_path / "result.csv").read_text(encoding="utf-8-sig"))))
    findings = list(csv.DictReader(io.StringIO((tmp_path / "result.findings.csv").read_text(encoding="utf-8-sig"))))
    assert len(summary) == len([p for p in CORPUS.rglob("*") if p.is_file()])  # folders are read recursively
    assert {row["结果"] for row in summary} == {"通过", "有错误", "无法读取"}
    assert any(row["规则"] == "T4.group_sum" for row in findings)
    assert "result.findings.csv" in run.stderr


@pytest.mark.parametrize("suffix", [".json", ".html", ".xlsx"])
def test_json_html_and_xlsx_outputs_in_input_order(tmp_path, suffix):
    out = tmp_path / f"result{suffix}"
    run = audit(HONGZE_2023, HONGZE_2024, SHUYANG, "--out", out, "--no-progress", "--jobs", "1")
    assert run.returncode == 1
    if suffix == ".json":
        data = json.loads(out.read_text(encoding="utf-8"))
        assert [Path(d["file"]).name for d in data] == [HONGZE_2023.name, HONGZE_2024.name, SHUYANG.name]
        assert data[0]["errors"] == 2 and data[0]["findings"][0]["rule"] == "T4.group_sum"
        assert data[1]["previous"] == str(HONGZE_2023)
        assert sum(data[1][f"figures_{c}"] for c in CONFIDENCES) == data[1]["figures_total"]
    elif suffix == ".html":
        text = out.read_text(encoding="utf-8")
        assert text.startswith("<!DOCTYPE html>") and "T4.group_sum" in text and "</html>" in text
    else:
        from openpyxl import load_workbook

        book = load_workbook(out, read_only=True)
        rows = list(book["报告汇总"].values)
        assert [Path(r[0]).name for r in rows[1:]] == [HONGZE_2023.name, HONGZE_2024.name, SHUYANG.name]
        assert "数字：原样读取" in rows[0] and "SHA-256" in rows[0]
        assert any(r[3] == "T4.group_sum" for r in book["问题明细"].values)
        book.close()


def test_a_fifo_given_or_in_a_folder_gets_its_row(tmp_path):
    folder = tmp_path / "reports"
    folder.mkdir()
    os.mkfifo(folder / "pipe.txt")
    (folder / "2024.txt").write_bytes(HONGZE_2024.read_bytes())
    run = audit(folder, folder / "pipe.txt", "--no-progress", "--jobs", "1")
    assert run.returncode == 2
    pipe_lines = [line for line in run.stdout.splitlines() if "pipe.txt" in line]
    assert len(pipe_lines) == 2 and all("命名管道" in line and line.startswith("无法读取") for line in pipe_lines)
    assert "合计：3 个文件，1 个通过" in run.stdout


def test_a_hanging_file_is_stopped_at_the_time_limit_and_the_run_goes_on(tmp_path):
    (tmp_path / "a-hangs.txt").write_bytes(b"GONGKAI-TEST-HANG\n")
    (tmp_path / "b.txt").write_bytes(HONGZE_2024.read_bytes())
    run = audit(tmp_path, "--timeout", "1", "--no-progress", "--jobs", "1", env=HOOKS_ENV)
    assert run.returncode == 2
    hang, good = run.stdout.splitlines()[:2]
    assert hang.startswith("无法读取") and "读取超时（超过 1 秒）" in hang
    assert good.startswith("通过")


def test_a_file_over_the_memory_limit_is_reported_and_the_run_goes_on(tmp_path):
    report = HONGZE_2024.read_bytes()
    (tmp_path / "a-big.txt").write_bytes(report * (40 * 1024 * 1024 // len(report)))
    (tmp_path / "b.txt").write_bytes(report)
    run = audit(tmp_path, "--max-memory", "100", "--no-progress", "--jobs", "1")
    assert run.returncode == 2
    big, good = run.stdout.splitlines()[:2]
    assert big.startswith("无法读取") and "内存超过每个文件的上限（100 MB）" in big and "--max-memory" in big
    assert good.startswith("通过")


def test_rows_are_written_as_files_finish_and_a_stopped_run_resumes(tmp_path):
    """The first file's line and row exist while the second still hangs; Ctrl-C keeps them; --resume skips it."""
    (tmp_path / "a.txt").write_bytes(HONGZE_2024.read_bytes())
    (tmp_path / "b-hangs.txt").write_bytes(b"GONGKAI-TEST-HANG\n")
    out = tmp_path / "result.csv"
    command = [sys.executable, "-m", "gongkai.cli", "report", "audit", str(tmp_path / "a.txt")]
    command += [str(tmp_path / "b-hangs.txt"), "--out", str(out), "--no-progress", "--jobs", "1"]
    with subprocess.Popen(
        command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, stdin=subprocess.DEVNULL, env=HOOKS_ENV, text=True
    ) as process:
        first = process.stdout.readline()  # arrives while b-hangs.txt is still being read (default limit 300 s)
        assert first.startswith("通过") and "a.txt" in first
        assert process.poll() is None
        rows = list(csv.DictReader(io.StringIO(out.read_text(encoding="utf-8-sig"))))
        assert [Path(row["文件"]).name for row in rows] == ["a.txt"]
        process.send_signal(signal.SIGINT)
        assert process.wait() == 130
    rows = list(csv.DictReader(io.StringIO(out.read_text(encoding="utf-8-sig"))))
    assert [Path(row["文件"]).name for row in rows] == ["a.txt"] and rows[0]["SHA-256"]

    again = audit(
        tmp_path / "a.txt", tmp_path / "b-hangs.txt", "--out", out, "--resume", "--timeout", "1", env=HOOKS_ENV
    )
    assert again.returncode == 2
    assert "续跑" in again.stderr and "已有 1 个文件的结果" in again.stderr
    assert "a.txt" not in again.stdout.split("合计")[0]  # not read again
    assert "合计：2 个文件（其中 1 个沿用此前的结果），1 个通过" in again.stdout
    rows = list(csv.DictReader(io.StringIO(out.read_text(encoding="utf-8-sig"))))
    assert [Path(row["文件"]).name for row in rows] == ["a.txt", "b-hangs.txt"]
    assert "读取超时" in rows[1]["无法读取的原因"]


def test_an_existing_cluster_is_used_with_scheduler(tmp_path):
    from distributed import LocalCluster

    with LocalCluster(
        n_workers=1, threads_per_worker=1, processes=False, protocol="tcp", dashboard_address=":0"
    ) as cluster:
        out = tmp_path / "result.json"
        run = audit(HONGZE_2023, HONGZE_2024, "--scheduler", cluster.scheduler_address, "--out", out, "--no-progress")
    assert run.returncode == 1, run.stderr
    data = json.loads(out.read_text(encoding="utf-8"))
    assert [d["status"] for d in data] == ["failed", "ok"] and data[1]["previous"] == str(HONGZE_2023)


def test_folders_and_archives(tmp_path):
    archive = tmp_path / "region.zip"
    with zipfile.ZipFile(archive, "w") as zf:
        zf.write(HONGZE_2023, "洪泽/2023.txt")
        zf.write(HONGZE_2024, "洪泽/2024.txt")
    run = audit(archive, "--no-progress", "--jobs", "1")
    assert f"{archive}!洪泽/2024.txt" in run.stdout
    assert f"对照上一年度：{archive}!洪泽/2023.txt" in run.stdout


def test_the_progress_bar_goes_to_stderr():
    run = audit(HONGZE_2023, HONGZE_2024, "--jobs", "1")
    assert "2/2 个文件" in run.stderr
    assert "个文件" not in run.stdout.split("合计")[0].replace("2 个文件", "")


def test_the_progress_bar_redraws_in_place_on_a_terminal():
    controller, terminal = pty.openpty()
    with subprocess.Popen(
        [sys.executable, "-m", "gongkai.cli", "report", "audit", str(HONGZE_2024), "--jobs", "1"],
        stdout=subprocess.PIPE,
        stderr=terminal,
        stdin=subprocess.DEVNULL,
        env=CLEAN_ENV,
    ) as process:
        os.close(terminal)
        output = b""
        while True:
            try:
                chunk = os.read(controller, 4096)
            except OSError:
                break
            if not chunk:
                break
            output += chunk
        process.wait()
    os.close(controller)
    assert b"\r" in output and "1/1 个文件".encode() in output


@pytest.mark.parametrize(
    "args, message",
    [
        (["--out", "x.txt"], "只支持"),
        (["--jobs", "0"], "超出范围"),
        (["--max-size", "abc"], "不是整数"),
        (["--timeout", "0"], "超出范围"),
        (["--timeout", "soon"], "不是数字"),
        (["--max-memory", "10"], "超出范围"),
        (["--scheduler", "localhost"], "tcp://"),
        (["--resume"], "需要与 --out 一起使用"),
        (["--out", "x.html", "--resume"], "HTML"),
    ],
)
def test_bad_options_are_refused_in_chinese(tmp_path, args, message):
    (tmp_path / "x.html").write_text("<html></html>", encoding="utf-8")
    run = audit(HONGZE_2024, *args, cwd=tmp_path)
    assert run.returncode == 2
    assert message in run.stderr and "Traceback" not in run.stderr
