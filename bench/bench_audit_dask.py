"""Batch audit of 10,000 files: a LocalCluster of Dask workers against one process, in the same run.

    .venv/bin/python bench/bench_audit_dask.py                  # 10,000 files, about 10 minutes on 2 cores
    .venv/bin/python bench/bench_audit_dask.py --files 1000     # a quick look

1. Inputs: copies of the real transcribed reports in tests/data/corpus/*.txt,
   round-robin, each with its agency name changed to one of ``files / 2``
   new names (the Hongze 2023 and 2024 reports of one name pair up, so the
   cross-year pass has work), written into a temporary folder.
2. Three ways through the same folder, one after another:
   * ``in-process`` — ``audit_paths`` with the ``InProcess`` runner: this
     process alone, no guard, no output file (the floor: parse + check);
   * ``--jobs 1`` — ``gongkai report audit FOLDER --out result.csv --jobs 1``:
     one guarded process (what ``--timeout``/``--max-memory`` cost);
   * ``--jobs N`` — the same command on a LocalCluster of N workers
     (default: every core), each with its guarded process.
   For each: wall time, files per second, and the peak resident memory of the
   process and all its descendants (psutil, sampled every 0.2 s).

Print the machine line and the table; copy them into docs/benchmarks.md.
Speeds are never asserted in tests.
"""

from __future__ import annotations

import argparse
import csv
import os
import platform
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from datetime import UTC, datetime
from pathlib import Path

import psutil

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT / "tests" / "data" / "corpus"
sys.path.insert(0, str(ROOT / "bench"))
AUDIT = [sys.executable, "-m", "gongkai.cli", "report", "audit"]


def generate(folder: Path, files: int) -> int:
    """``files`` copies of the corpus texts with new agency names; how many pairs of consecutive years."""
    from gongkai.annual_report import parse_bytes

    bases = []
    for path in sorted(CORPUS.glob("*.txt")):
        raw = path.read_bytes()
        agency = parse_bytes(raw, path.name).agency
        bases.append((path.stem, raw, agency))
    pairs = 0
    for i in range(files):
        stem, raw, agency = bases[i % len(bases)]
        number = i // len(bases)
        data = raw
        if agency and agency.encode() in raw:
            data = raw.replace(agency.encode(), f"{agency}第{number:05d}分局".encode())
        pairs += stem == "hongze-2024"
        (folder / f"{i:05d}-{stem}.txt").write_bytes(data)
    return pairs


class PeakMemory:
    """The peak resident memory of ``pid`` and every process under it, sampled every 0.2 s."""

    def __init__(self, pid: int) -> None:
        self.pid = pid
        self.peak = 0
        self.stop = threading.Event()
        self.thread = threading.Thread(target=self._run, daemon=True)

    def _sample(self) -> int:
        try:
            root = psutil.Process(self.pid)
            processes = [root, *root.children(recursive=True)]
        except psutil.NoSuchProcess:
            return 0
        total = 0
        for process in processes:
            try:
                total += process.memory_info().rss
            except psutil.Error:
                pass
        return total

    def _run(self) -> None:
        while not self.stop.is_set():
            self.peak = max(self.peak, self._sample())
            self.stop.wait(0.2)

    def __enter__(self):
        self.thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self.stop.set()
        self.thread.join()


def in_process(folder: Path) -> tuple[float, int, int]:
    from gongkai.annual_report.batch import InProcess, audit_paths

    started = time.perf_counter()
    with PeakMemory(os.getpid()) as memory:
        count = sum(1 for _ in audit_paths([folder], runner=InProcess()))
    return time.perf_counter() - started, count, memory.peak


def command(folder: Path, out: Path, jobs: int) -> tuple[float, int, int]:
    started = time.perf_counter()
    process = subprocess.Popen(
        [*AUDIT, str(folder), "--out", str(out), "--no-progress", "--jobs", str(jobs)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        env={k: v for k, v in os.environ.items() if k != "DJANGO_SETTINGS_MODULE"},
    )
    with PeakMemory(process.pid) as memory:
        _out, err = process.communicate()
    elapsed = time.perf_counter() - started
    if process.returncode not in (0, 1):
        raise SystemExit(f"the command failed ({process.returncode}): {err.decode()[-2000:]}")
    with out.open(encoding="utf-8-sig", newline="") as stream:
        rows = sum(1 for _ in csv.reader(stream)) - 1
    return elapsed, rows, memory.peak


def machine() -> str:
    import dask
    import distributed
    from bench_parse_check import cpu_model, git_commit

    memory = psutil.virtual_memory().total / 2**30
    return (
        f"{datetime.now(UTC):%Y-%m-%d %H:%M} UTC · commit {git_commit()} · nproc {os.cpu_count()} · {cpu_model()} · "
        f"{memory:.0f} GB · Linux {platform.release()} · Python {platform.python_version()} · "
        f"dask {dask.__version__} / distributed {distributed.__version__}"
    )


def load() -> str:
    return subprocess.run(["uptime"], capture_output=True, text=True, check=False).stdout.strip()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--files", type=int, default=10_000)
    parser.add_argument("--jobs", type=int, default=os.cpu_count() or 1)
    args = parser.parse_args()
    print(machine())
    work = Path(tempfile.mkdtemp(prefix="gongkai-bench-dask-"))
    try:
        folder = work / "reports"
        folder.mkdir()
        pairs = generate(folder, args.files)
        print(f"{args.files} files ({pairs} with their previous year among them)")
        runs = []
        print(f"load before: {load()}")
        runs.append(("in-process (no guard, no output)", *in_process(folder)))
        print(f"load: {load()}")
        runs.append(("`--jobs 1` (one guarded process)", *command(folder, work / "one.csv", 1)))
        print(f"load: {load()}")
        runs.append((f"`--jobs {args.jobs}` (LocalCluster)", *command(folder, work / "cluster.csv", args.jobs)))
        print(f"load after: {load()}")
        print()
        print("| run | wall s | files/s | rows | peak RSS (MB) |")
        print("| --- | ---: | ---: | ---: | ---: |")
        for name, seconds, rows, peak in runs:
            print(f"| {name} | {seconds:.1f} | {rows / seconds:.1f} | {rows} | {peak / 2**20:.0f} |")
        one, cluster = runs[1][1], runs[2][1]
        print(f"\nLocalCluster vs --jobs 1: {one / cluster:.2f}×; vs in-process: {runs[0][1] / cluster:.2f}×")
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
