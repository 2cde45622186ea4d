"""The ``gongkai`` command line, run as a user runs it: in a subprocess.

Exit status: 0 no error-severity finding, 1 a rule failed, 2 a file could not
be read — with a Chinese message on stderr and never a traceback.
"""

from __future__ import annotations

import json
import os
import pty
import re
import subprocess
import sys
from pathlib import Path

import pytest

from gongkai.annual_report import parse_file
from gongkai.annual_report.render import RENDERERS
from gongkai.annual_report.render.json import report_to_dict

CORPUS = Path(__file__).parent / "data" / "corpus"
REFERENCE = CORPUS / "reference-jiyuan-hrss-2023.txt"
HONGZE_2023 = CORPUS / "hongze-2023.txt"  # table 四 wrong as published: T4.group_sum twice
HONGZE_2024 = CORPUS / "hongze-2024.txt"
TEXT_KINDS = [kind for kind, (_, _, media, _) in RENDERERS.items() if media.startswith(("text/", "application/json"))]
BINARY_KINDS = [kind for kind in RENDERERS if kind not in TEXT_KINDS]
CHINESE = re.compile(r"[\u4e00-\u9fff]")
TABLES = ("proactive", "requests", "appeals")

# No settings module and no database: these commands must not need Django.
CLEAN_ENV = {k: v for k, v in os.environ.items() if k not in ("DJANGO_SETTINGS_MODULE", "DATABASE_URL")}


def gongkai(*args: str | Path, script: str | None = None) -> subprocess.CompletedProcess[bytes]:
    command = [script] if script else [sys.executable, "-m", "gongkai.cli"]
    return subprocess.run(
        [*command, *map(str, args)], capture_output=True, stdin=subprocess.DEVNULL, env=CLEAN_ENV, check=False
    )


def out(result: subprocess.CompletedProcess[bytes]) -> str:
    return result.stdout.decode("utf-8")


def err(result: subprocess.CompletedProcess[bytes]) -> str:
    return result.stderr.decode("utf-8")


def assert_clean_failure(result: subprocess.CompletedProcess[bytes], status: int = 2) -> str:
    message = err(result)
    assert result.returncode == status, (result.returncode, message, out(result))
    assert "Traceback" not in message
    assert CHINESE.search(message), message
    return message


@pytest.fixture(scope="module")
def reference():
    return parse_file(REFERENCE)


@pytest.fixture
def broken_json(tmp_path, reference) -> Path:
    """The reference report with one figure changed so that table 三 no longer adds up."""
    data = report_to_dict(reference)
    data["requests"]["new"]["natural_person"] += 1
    path = tmp_path / "broken.json"
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    return path


# -- check -------------------------------------------------------------------


def test_check_of_the_reference_report_passes():
    result = gongkai("report", "check", REFERENCE)
    assert result.returncode == 0, out(result) + err(result)
    assert REFERENCE.name in out(result)
    assert "Traceback" not in err(result)


def test_check_of_a_broken_copy_fails_with_status_1(broken_json):
    result = gongkai("report", "check", broken_json)
    assert result.returncode == 1, out(result) + err(result)
    lines = out(result).splitlines()
    assert any(line.startswith("错误\tT3.") for line in lines), lines
    assert "未通过" in lines[-1]


def test_check_of_a_broken_text_copy_fails(tmp_path):
    # Change the first printed figure of table 三's first row (2 → 3): the row
    # no longer sums to its total and the balance of table 三 breaks.
    lines = REFERENCE.read_text(encoding="utf-8").splitlines()
    index = next(i for i, line in enumerate(lines) if line.endswith("\t2\t0\t0\t0\t0\t0\t2\t"))
    lines[index] = lines[index].replace("\t2\t0", "\t3\t0", 1)
    broken = tmp_path / "broken.txt"
    broken.write_text("\n".join(lines), encoding="utf-8")
    result = gongkai("report", "check", broken)
    assert result.returncode == 1, out(result) + err(result)


def test_check_as_json_lists_the_findings(broken_json):
    result = gongkai("report", "check", "--json", broken_json)
    assert result.returncode == 1
    findings = json.loads(out(result))
    assert isinstance(findings, list) and findings
    assert {"code", "severity", "message", "file"} <= set(findings[0])
    assert any(f["severity"] == "error" and f["code"].startswith("T3.") for f in findings)
    assert all(f["file"] == str(broken_json) for f in findings)


def test_check_of_the_reference_as_json_has_no_error():
    result = gongkai("report", "check", "--json", REFERENCE)
    assert result.returncode == 0
    assert all(f["severity"] != "error" for f in json.loads(out(result)))


def test_check_of_a_report_wrong_as_published():
    result = gongkai("report", "check", "--json", HONGZE_2023)
    assert result.returncode == 1
    errors = [f["code"] for f in json.loads(out(result)) if f["severity"] == "error"]
    assert errors == ["T4.group_sum", "T4.group_sum"]


def test_check_with_the_previous_year():
    result = gongkai("report", "check", "--previous", HONGZE_2023, HONGZE_2024)
    assert result.returncode in (0, 1)
    assert "Traceback" not in err(result)


def test_check_of_several_files_reports_each_and_the_worst_status(broken_json):
    result = gongkai("report", "check", REFERENCE, broken_json)
    assert result.returncode == 1
    text = out(result)
    assert f"== {REFERENCE}" in text and f"== {broken_json}" in text
    assert text.splitlines()[-1].startswith("合计：2 个文件")


@pytest.mark.parametrize(
    ("name", "content", "why"),
    [
        ("empty.txt", b"", "空"),
        ("junk.bin", bytes(range(256)) * 16, ""),
        ("hello.txt", "你好，这不是年度报告。\n".encode(), ""),
        ("fake.pdf", b"%PDF-1.7\n this is not really a pdf", ""),
        ("fake.docx", b"PK\x03\x04 broken zip", ""),
    ],
)
def test_unreadable_files_exit_2_with_a_chinese_reason(tmp_path, name, content, why):
    path = tmp_path / name
    path.write_bytes(content)
    for command in (("report", "check"), ("report", "parse")):
        message = assert_clean_failure(gongkai(*command, path))
        assert name in message
        assert why in message


def test_a_missing_file_exits_2():
    message = assert_clean_failure(gongkai("report", "check", "/nonexistent/report.txt"))
    assert "找不到" in message


def test_a_directory_exits_2(tmp_path):
    assert_clean_failure(gongkai("report", "parse", tmp_path))


def test_one_unreadable_file_among_several_gives_2_and_checks_the_rest(tmp_path):
    empty = tmp_path / "empty.txt"
    empty.touch()
    result = gongkai("report", "check", REFERENCE, empty)
    assert_clean_failure(result)
    assert f"== {REFERENCE}" in out(result)


def test_an_unreadable_previous_year_exits_2(tmp_path):
    assert_clean_failure(gongkai("report", "check", "--previous", tmp_path / "nope.txt", REFERENCE))


# -- parse -------------------------------------------------------------------


def test_parse_prints_the_canonical_json(reference):
    result = gongkai("report", "parse", REFERENCE)
    assert result.returncode == 0, err(result)
    data = json.loads(out(result))
    assert data == json.loads(json.dumps(report_to_dict(reference), ensure_ascii=False))
    assert data["format"] == "2021" and data["year"] == 2023


# -- render ------------------------------------------------------------------


def tables_of(data: dict) -> dict:
    return {key: data[key] for key in ("format", "year", *TABLES)}


@pytest.mark.parametrize("kind", list(RENDERERS))
def test_render_to_each_kind_and_parse_back(tmp_path, reference, kind):
    output = tmp_path / f"report{RENDERERS[kind][3]}"
    result = gongkai("report", "render", REFERENCE, "--to", kind, "-o", output)
    assert result.returncode == 0, err(result)
    assert output.stat().st_size > 0
    parsed = gongkai("report", "parse", output)
    assert parsed.returncode == 0, err(parsed)
    assert tables_of(json.loads(out(parsed))) == tables_of(report_to_dict(reference))


@pytest.mark.parametrize("kind", TEXT_KINDS)
def test_render_text_kinds_to_stdout(reference, kind):
    for args in (("-o", "-"), ()):
        result = gongkai("report", "render", REFERENCE, "--to", kind, *args)
        assert result.returncode == 0, err(result)
        assert reference.agency in out(result)


@pytest.mark.parametrize("kind", BINARY_KINDS)
def test_render_refuses_binary_to_a_terminal(kind):
    leader, follower = pty.openpty()
    try:
        result = subprocess.run(
            [sys.executable, "-m", "gongkai.cli", "report", "render", str(REFERENCE), "--to", kind],
            stdout=follower,
            stderr=subprocess.PIPE,
            stdin=subprocess.DEVNULL,
            env=CLEAN_ENV,
            check=False,
        )
    finally:
        os.close(follower)
        os.close(leader)
    assert_clean_failure(result)
    assert "-o" in err(result)


def test_render_binary_to_a_pipe_is_allowed():
    result = gongkai("report", "render", REFERENCE, "--to", "pdf", "-o", "-")
    assert result.returncode == 0, err(result)
    assert result.stdout.startswith(b"%PDF")


def test_render_to_an_unknown_kind_is_a_usage_error():
    result = gongkai("report", "render", REFERENCE, "--to", "odt", "-o", "x.odt")
    assert result.returncode == 2
    assert "Traceback" not in err(result)


def test_render_to_an_unwritable_place_exits_2(tmp_path):
    assert_clean_failure(gongkai("report", "render", REFERENCE, "--to", "text", "-o", tmp_path / "no" / "such" / "x"))


# -- the shell around it -----------------------------------------------------


def test_report_commands_never_import_django():
    program = (
        "import sys; from gongkai.cli import main; "
        f"status = main(['report', 'check', {str(REFERENCE)!r}]); "
        "leaked = [m for m in sys.modules if m == 'django' or m.startswith('django.')]; "
        "sys.exit(10 if leaked else status)"
    )
    result = subprocess.run(
        [sys.executable, "-c", program], capture_output=True, stdin=subprocess.DEVNULL, env=CLEAN_ENV, check=False
    )
    assert result.returncode == 0, err(result)


def test_help_is_in_chinese_and_lists_the_report_commands():
    result = gongkai("report", "--help")
    assert result.returncode == 0
    assert all(word in out(result) for word in ("parse", "check", "render"))
    assert CHINESE.search(out(result))


def test_no_command_is_a_usage_error():
    result = gongkai()
    assert result.returncode == 2
    assert "Traceback" not in err(result)


def test_the_installed_console_script():
    script = Path(sys.executable).with_name("gongkai")
    if not script.exists():
        pytest.fail(f"the console script is not installed next to {sys.executable}: run pip install -e .")
    result = gongkai("report", "check", REFERENCE, script=str(script))
    assert result.returncode == 0, out(result) + err(result)


def test_a_report_can_come_from_standard_input():
    result = subprocess.run(
        [sys.executable, "-m", "gongkai.cli", "report", "check", "-"],
        input=REFERENCE.read_bytes(),
        capture_output=True,
        env=CLEAN_ENV,
        check=False,
    )
    assert result.returncode == 0, err(result)
    empty = subprocess.run(
        [sys.executable, "-m", "gongkai.cli", "report", "parse", "-"], input=b"", capture_output=True, env=CLEAN_ENV
    )
    assert_clean_failure(empty)
