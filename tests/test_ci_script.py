"""The shell a newcomer and CI run: the Makefile and .ci/run.

These run `make` for real (without the slow parts: no install, no lint).
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
VENV_PYTHON = ROOT / ".venv" / "bin" / "python"

pytestmark = pytest.mark.skipif(shutil.which("make") is None, reason="make is not installed")


def make(*args: str, **env: str) -> subprocess.CompletedProcess[str]:
    environment = {k: v for k, v in os.environ.items() if not k.startswith(("MAKE", "MFLAGS"))} | env
    return subprocess.run(
        ["make", "--no-print-directory", *args],
        cwd=ROOT,
        capture_output=True,
        text=True,
        stdin=subprocess.DEVNULL,
        env=environment,
        check=False,
    )


def test_ci_script_is_valid_strict_bash():
    script = ROOT / ".ci" / "run"
    assert os.access(script, os.X_OK), ".ci/run must be executable"
    text = script.read_text(encoding="utf-8")
    assert text.startswith("#!/usr/bin/env bash")
    assert "set -euo pipefail" in text
    subprocess.run(["bash", "-n", str(script)], check=True)


def test_make_test_runs_ruff_then_import_contracts_then_pytest():
    result = make("-n", "test")
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    order = [
        next(i for i, line in enumerate(lines) if word in line) for word in ("ruff check", "lint-imports", "pytest")
    ]
    assert order == sorted(order), lines


@pytest.mark.skipif(Path(sys.executable).resolve() != VENV_PYTHON.resolve(), reason="needs the project's .venv")
def test_make_test_fails_when_pytest_collects_nothing():
    # -o lint: take lint as done, so only the pytest step decides.
    result = make("-o", "lint", "test", "PYTEST_ARGS=-p no:django tests/test_ci_script.py -k no_test_has_this_name")
    assert result.returncode != 0
    assert "Error 5" in result.stderr


def test_make_refuses_a_python_older_than_3_11(tmp_path):
    old_python = tmp_path / "python3"
    old_python.write_text('#!/bin/sh\n[ "$1" = "-V" ] && echo "Python 3.10.12"\nexit 1\n')
    old_python.chmod(0o755)
    result = make("install", f"PYTHON={old_python}", f"VENV={tmp_path / 'venv'}")
    assert result.returncode != 0
    assert "3.11" in result.stderr and "3.10.12" in result.stderr
    assert not (tmp_path / "venv").exists()


def test_make_says_when_python_is_missing(tmp_path):
    result = make("install", f"PYTHON={tmp_path / 'no-python'}", f"VENV={tmp_path / 'venv'}")
    assert result.returncode != 0
    assert "Python 3.11" in result.stderr


def test_the_benchmark_runs_and_names_its_machine():
    result = subprocess.run(
        [sys.executable, "bench/bench_parse_check.py", "--kind", "text", "--seconds", "0", "--repeat", "1", "--json"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr

    data = json.loads(result.stdout)
    assert {"nproc", "cpu", "date"} <= set(data["machine"])
    assert data["results"][0]["reports"] >= 1
