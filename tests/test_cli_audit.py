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


def audit(*args: str | Path, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "gongkai.cli", "report", "audit", *map(str, args)],
        capture_output=True,
        text=True,
        encoding="utf-8",
        stdin=subprocess.DEVNULL,
        env=CLEAN_ENV,
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
    assert lines[0].startswith("通过") and f"对照上一年度：{HONGZE_2023}" in lines[0]
    assert lines[1].startswith("有错误") and "2 个错误" in lines[1]


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
    assert len(summary) == len([p for p in CORPUS.iterdir() if p.is_file()])
    assert {row["结果"] for row in summary} == {"通过", "有错误", "无法读取"}
    assert any(row["规则"] == "T4.group_sum" for row in findings)
    assert "result.findings.csv" in run.stderr


@pytest.mark.parametrize("suffix", [".json", ".html"])
def test_json_and_html_outputs(tmp_path, suffix):
    out = tmp_path / f"result{suffix}"
    run = audit(HONGZE_2023, HONGZE_2024, SHUYANG, "--out", out, "--no-progress", "--jobs", "1")
    assert run.returncode == 1
    text = out.read_text(encoding="utf-8")
    if suffix == ".json":
        data = json.loads(text)
        assert [Path(d["file"]).name for d in data] == [HONGZE_2023.name, HONGZE_2024.name, SHUYANG.name]
        assert data[0]["errors"] == 2 and data[0]["findings"][0]["rule"] == "T4.group_sum"
    else:
        assert text.startswith("<!DOCTYPE html>") and "T4.group_sum" in text and "</html>" in text


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
    [(["--out", "x.txt"], "只支持"), (["--jobs", "0"], "超出范围"), (["--max-size", "abc"], "不是整数")],
)
def test_bad_options_are_refused_in_chinese(tmp_path, args, message):
    run = audit(HONGZE_2024, *args, cwd=tmp_path)
    assert run.returncode == 2
    assert message in run.stderr and "Traceback" not in run.stderr
