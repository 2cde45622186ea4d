"""Throughput of reading and checking annual reports, on one core.

    .venv/bin/python bench/bench_parse_check.py                 # text and PDF, ~3 s per measurement
    .venv/bin/python bench/bench_parse_check.py --kind pdf --seconds 10 --json

For each kind of input (text, PDF) it measures, in reports per second:
parse (bytes → Report), check (Report → findings) and both together. The
process is pinned to one CPU so the numbers compare across machines of
different sizes. Inputs, in order of preference: the shared corpus beside the
repository (../shared/corpus and ../shared/reference), the copies in
tests/data/corpus, and if there are no PDFs, PDFs of those reports rendered by
Gongkai's own PDF renderer. The machine and inputs are printed with the result;
copy both into docs/benchmarks.md.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import statistics
import subprocess
import sys
import time
from datetime import UTC, datetime
from importlib import metadata
from pathlib import Path

from gongkai.annual_report import check, parse_bytes
from gongkai.annual_report.parse import clear_caches
from gongkai.annual_report.render import render

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
# Groups of directories, best first; the inputs come from the first group that has files of the kind.
SOURCES = [(SHARED / "reference", SHARED / "corpus"), (ROOT / "tests" / "data" / "corpus",)]


def pin_to_one_core() -> str:
    if not hasattr(os, "sched_setaffinity"):
        return "not pinned (no sched_setaffinity)"
    cpu = min(os.sched_getaffinity(0))
    os.sched_setaffinity(0, {cpu})
    return f"pinned to CPU {cpu}"


def cpu_model() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or platform.machine()


def git_commit() -> str:
    try:
        out = subprocess.run(
            ["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True, text=True, check=True
        ).stdout.strip()
        dirty = subprocess.run(["git", "status", "--porcelain", "src"], cwd=ROOT, capture_output=True, text=True)
        return out + ("+dirty" if dirty.stdout.strip() else "")
    except (OSError, subprocess.CalledProcessError):
        return "unknown"


def machine_info(pinning: str) -> dict[str, str]:
    def version(package: str) -> str:
        try:
            return metadata.version(package)
        except metadata.PackageNotFoundError:
            return "-"

    return {
        "date": datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC"),
        "nproc": str(os.cpu_count()),
        "cpu": cpu_model(),
        "pinning": pinning,
        "loadavg": " ".join(f"{x:.2f}" for x in os.getloadavg()) if hasattr(os, "getloadavg") else "-",
        "os": platform.platform(),
        "python": platform.python_version(),
        "gongkai": git_commit(),
        "pdfplumber": version("pdfplumber"),
        "pypdf": version("pypdf"),
    }


def find_inputs(kind: str) -> list[Path]:
    """The report files of ``kind`` (text, pdf, or wild: the 29 crawled pages), one per report,
    from the first directory that has any."""
    if kind == "wild":
        return sorted((ROOT / "tests" / "data" / "corpus" / "wild").glob("*.txt"))
    suffix = ".txt" if kind == "text" else ".pdf"
    for group in SOURCES:
        paths = [path for directory in group if directory.is_dir() for path in sorted(directory.glob(f"*{suffix}"))]
        if paths:
            return paths
    return []


def load_inputs(kind: str) -> tuple[list[tuple[str, bytes]], str]:
    paths = find_inputs(kind)
    if paths:
        return [(p.name, p.read_bytes()) for p in paths], ", ".join(str(p.relative_to(ROOT.parent)) for p in paths)
    if kind == "pdf":
        texts = find_inputs("text")
        rendered = [(p.stem + ".pdf", render(parse_bytes(p.read_bytes(), p.name), "pdf")) for p in texts]
        return rendered, "rendered by gongkai's PDF renderer from " + ", ".join(p.name for p in texts)
    raise SystemExit(f"no {kind} reports found in {[str(d) for group in SOURCES for d in group]}")


def measure(function, items, seconds: float, repeat: int) -> tuple[float, float]:
    """Median and best of ``repeat`` runs of reports/second over ``items``, each run ≥ ``seconds``."""
    function(items)  # warm up: imports, caches, fonts
    rates = []
    for _ in range(repeat):
        count = 0
        start = time.perf_counter()
        while True:
            function(items)
            count += len(items)
            elapsed = time.perf_counter() - start
            if elapsed >= seconds:
                break
        rates.append(count / elapsed)
    return statistics.median(rates), max(rates)


def run(kind: str, seconds: float, repeat: int, cold: bool = False) -> dict:
    """With ``cold``, what parsing remembers between reports (label scores, splits) is
    forgotten before each one: the cost of a report unlike any read before."""
    inputs, source = load_inputs(kind)
    reports = [parse_bytes(data, name) for name, data in inputs]
    forget = clear_caches if cold else (lambda: None)

    def parse_all(items):
        for name, data in items:
            forget()
            parse_bytes(data, name)

    def check_all(items):
        for report in items:
            check(report)

    def both(items):
        for name, data in items:
            forget()
            check(parse_bytes(data, name))

    result = {
        "kind": kind + (" (cold)" if cold else ""),
        "reports": len(inputs),
        "bytes": sum(len(d) for _, d in inputs),
        "source": source,
    }
    for label, function, items in (
        ("parse", parse_all, inputs),
        ("check", check_all, reports),
        ("parse+check", both, inputs),
    ):
        median, best = measure(function, items, seconds, repeat)
        result[label] = {"median_per_s": round(median, 1), "best_per_s": round(best, 1)}
    return result


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--kind", choices=("text", "wild", "pdf", "all"), default="all")
    parser.add_argument("--cold", action="store_true", help="forget parsing's caches before each report")
    parser.add_argument("--seconds", type=float, default=3.0, help="minimum length of one measurement")
    parser.add_argument("--repeat", type=int, default=3, help="measurements per figure (median and best reported)")
    parser.add_argument("--json", action="store_true", help="print the result as JSON")
    args = parser.parse_args(argv)

    info = machine_info(pin_to_one_core())
    kinds = ("text", "pdf") if args.kind == "all" else (args.kind,)
    results = [run(kind, args.seconds, args.repeat, args.cold) for kind in kinds]
    command = "python bench/bench_parse_check.py " + " ".join(sys.argv[1:] if argv is None else argv)

    if args.json:
        print(
            json.dumps({"machine": info, "command": command.strip(), "results": results}, ensure_ascii=False, indent=1)
        )
        return 0
    for key, value in info.items():
        print(f"{key:>10}: {value}")
    print(f"{'command':>10}: {command.strip()}")
    print()
    print("| input | reports | parse /s | check /s | parse+check /s |")
    print("| --- | ---: | ---: | ---: | ---: |")
    for r in results:
        cells = " | ".join(
            f"{r[m]['median_per_s']:,} (best {r[m]['best_per_s']:,})" for m in ("parse", "check", "parse+check")
        )
        print(f"| {r['kind']} | {r['reports']} | {cells} |")
    print()
    for r in results:
        print(f"{r['kind']} inputs: {r['source']}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
