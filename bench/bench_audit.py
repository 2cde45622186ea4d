"""Throughput of the batch audit (``gongkai report audit``), and whether its memory stays flat.

    .venv/bin/python bench/bench_audit.py                      # 5,000 text + 500 PDF reports
    .venv/bin/python bench/bench_audit.py --texts 500 --pdfs 50 --seconds 2   # a quick look

1. Inputs are generated into a temporary folder from the real reports of the
   corpus (tests/data/corpus and ../shared): each parsed report is given new
   agency names and two consecutive years (so half the batch has its previous
   year among the inputs and the cross-year rules run), and written by our own
   renderers as text and HTML; the real ``pdftotext`` texts are mixed in as
   published. PDFs are the corpus's official PDFs plus a few of our own
   renderer's, copied round-robin up to ``--pdfs`` files.
2. On ONE pinned core: text and HTML reports per second and PDF pages per
   second through ``audit_bytes`` (read + sniff + parse + check), against
   pdfplumber's bare ``extract_text()`` of the same PDFs — the floor no parser
   built on pdfplumber can beat — and its ``layout=True`` mode, which our PDF
   parser uses.
3. The whole batch (texts and PDFs together) through the command line, in
   ``--jobs`` processes (default: every core), its resident memory (the
   command and all its workers, from /proc) sampled every 0.2 s: the peak, and
   the memory at each tenth of the run, to show it flat.

Print the machine line and the table; copy them into docs/benchmarks.md.
Speeds are never asserted in tests.
"""

from __future__ import annotations

import argparse
import io
import json
import os
import pty
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from datetime import UTC, datetime
from pathlib import Path

from bench_parse_check import cpu_model, git_commit

from gongkai.annual_report import parse_bytes, render
from gongkai.annual_report.batch import audit_bytes

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT / "tests" / "data" / "corpus"
SHARED = ROOT.parent / "shared" / "corpus"
PAGE_SIZE = os.sysconf("SC_PAGE_SIZE") if hasattr(os, "sysconf") else 4096


# -- inputs ----------------------------------------------------------------------


def base_reports():
    """(name, Report, raw text) of every real report whose text we have."""
    out = []
    for path in sorted(CORPUS.glob("*.txt")):
        out.append((path.stem, parse_bytes(path.read_bytes(), path.name), path.read_bytes()))
    return out


def generate(folder: Path, texts: int, pdfs: int, html_share: float = 0.2) -> dict:
    """Write ``texts`` text/HTML reports and ``pdfs`` PDFs into ``folder``; return what was written."""
    bases = base_reports()
    text_dir, pdf_dir = folder / "text", folder / "pdf"
    text_dir.mkdir(parents=True)
    pdf_dir.mkdir(parents=True)
    written = {"text": 0, "html": 0, "raw_text": 0, "pdf": 0}
    for i in range(texts):
        name, report, raw = bases[i % len(bases)]
        agency_number, year_offset = divmod(i, 2)
        if i % 10 == 9:  # one in ten: a real pdftotext / web-page text as published
            (text_dir / f"{i:05d}-{name}.txt").write_bytes(raw)
            written["raw_text"] += 1
            continue
        variant = report.replace(agency=f"{report.agency or '某局'}第{agency_number:04d}号", year=2023 + year_offset)
        kind = "html" if (i * 7919) % 100 < html_share * 100 else "text"
        suffix = ".html" if kind == "html" else ".txt"
        (text_dir / f"{i:05d}-{name}{suffix}").write_bytes(render(variant, kind))
        written[kind] += 1
    distinct = [p.read_bytes() for p in sorted(CORPUS.glob("*.pdf"))]
    for _name, report, _raw in bases[:3]:
        distinct.append(render(report, "pdf"))
    for i in range(pdfs):
        (pdf_dir / f"{i:04d}.pdf").write_bytes(distinct[i % len(distinct)])
    written["pdf"] = pdfs
    written["distinct_pdfs"] = len(distinct)
    return written


# -- one core ----------------------------------------------------------------------


def pdf_pages(data: bytes) -> int:
    from pypdf import PdfReader

    return len(PdfReader(io.BytesIO(data)).pages)


def rate(function, items, seconds: float, repeat: int) -> tuple[float, float]:
    """Items per second: the median of ``repeat`` runs of at least ``seconds`` each (and the best)."""
    rates = []
    for _ in range(repeat):
        done = 0
        started = time.perf_counter()
        while True:
            for item in items:
                function(item)
                done += 1
            elapsed = time.perf_counter() - started
            if elapsed >= seconds:
                break
        rates.append(done / elapsed)
    return statistics.median(rates), max(rates)


def one_core(folder: Path, seconds: float, repeat: int) -> dict:
    import pdfplumber

    texts = [(p.name, p.read_bytes()) for p in sorted((folder / "text").glob("*.txt"))[:300]]
    htmls = [(p.name, p.read_bytes()) for p in sorted((folder / "text").glob("*.html"))[:300]]
    seen, pdfs = set(), []
    for path in sorted((folder / "pdf").glob("*.pdf")):
        data = path.read_bytes()
        if data not in seen:
            seen.add(data)
            pdfs.append((path.name, data))
    pages = sum(pdf_pages(data) for _n, data in pdfs)

    def audit(item):
        result = audit_bytes(*item).result
        assert result.readable, result.reason

    def bare(item, layout=False):
        with pdfplumber.open(io.BytesIO(item[1])) as pdf:
            for page in pdf.pages:
                page.extract_text(layout=layout)

    text_rate = rate(audit, texts, seconds, repeat)
    html_rate = rate(audit, htmls, seconds, repeat)
    pdf_rate = rate(audit, pdfs, seconds, repeat)
    floor = rate(bare, pdfs, seconds, repeat)
    floor_layout = rate(lambda item: bare(item, layout=True), pdfs, seconds, repeat)
    per_pdf = pages / len(pdfs)
    return {
        "text_reports_per_s": text_rate,
        "html_reports_per_s": html_rate,
        "pdf_reports_per_s": pdf_rate,
        "pdf_pages_per_s": (pdf_rate[0] * per_pdf, pdf_rate[1] * per_pdf),
        "floor_pages_per_s": (floor[0] * per_pdf, floor[1] * per_pdf),
        "floor_layout_pages_per_s": (floor_layout[0] * per_pdf, floor_layout[1] * per_pdf),
        "distinct_pdfs": len(pdfs),
        "pdf_pages": pages,
        "text_sample": len(texts),
        "html_sample": len(htmls),
    }


# -- the whole batch -------------------------------------------------------------------


def tree_rss(root: int) -> int:
    """Resident bytes of ``root`` and every process below it (from /proc)."""
    children: dict[int, list[int]] = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat", "rb") as handle:
                fields = handle.read().rsplit(b")", 1)[1].split()
        except OSError:
            continue
        children.setdefault(int(fields[1]), []).append(int(entry))
    total, stack = 0, [root]
    while stack:
        pid = stack.pop()
        stack.extend(children.get(pid, ()))
        try:
            with open(f"/proc/{pid}/statm", "rb") as handle:
                total += int(handle.read().split()[1]) * PAGE_SIZE
        except OSError:
            pass
    return total


def batch(folder: Path, jobs: int, total_files: int, texts: int) -> dict:
    out = folder / "result.csv"
    command = [
        sys.executable, "-m", "gongkai.cli", "report", "audit", str(folder / "text"), str(folder / "pdf"),
        "--out", str(out), "--jobs", str(jobs),
    ]  # fmt: skip
    env = {k: v for k, v in os.environ.items() if k not in ("DJANGO_SETTINGS_MODULE", "DATABASE_URL")}
    # stderr on a terminal, so that the progress bar redraws on every file and we can follow it.
    controller, terminal = pty.openpty()
    started = time.monotonic()
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=terminal, env=env)
    os.close(terminal)
    done = [0]
    reached: dict[int, float] = {}  # files done → seconds, the first time seen

    def follow_progress():
        buffer = b""
        while True:
            try:
                chunk = os.read(controller, 4096)
            except OSError:
                return
            if not chunk:
                return
            buffer += chunk
            *updates, buffer = re.split(rb"[\r\n]", buffer)
            for update in updates:
                match = re.search(rb"(\d+)/(\d+)", update)
                if match:
                    done[0] = int(match.group(1))
                    reached.setdefault(done[0], time.monotonic() - started)

    reader = threading.Thread(target=follow_progress, daemon=True)
    reader.start()
    samples = []  # (seconds, files done, bytes)
    while process.poll() is None:
        samples.append((time.monotonic() - started, done[0], tree_rss(process.pid)))
        time.sleep(0.2)
    elapsed = time.monotonic() - started
    reader.join(timeout=5)
    os.close(controller)
    rows = out.read_text(encoding="utf-8-sig").splitlines()
    tenths = []
    for tenth in range(1, 10):
        at = elapsed * tenth / 10
        sample = min(samples, key=lambda s: abs(s[0] - at))
        tenths.append({"at_s": round(sample[0], 1), "files_done": sample[1], "rss_mb": round(sample[2] / 2**20)})
    return {
        "jobs": jobs,
        "files": total_files,
        "summary_rows": len(rows) - 1,
        "exit_status": process.returncode,
        "seconds": round(elapsed, 1),
        "files_per_s": round(total_files / elapsed, 1),
        "peak_rss_mb": round(max(s[2] for s in samples) / 2**20) if samples else None,
        "peak_rss_mb_texts": round(max((s[2] for s in samples if s[1] < texts), default=0) / 2**20),
        "texts_done_at_s": round(min((t for n, t in reached.items() if n >= texts), default=elapsed), 1),
        "rss_by_tenth": tenths,
    }


# -- main ------------------------------------------------------------------------------


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--texts", type=int, default=5000, help="text and HTML reports in the batch (default 5000)")
    parser.add_argument("--pdfs", type=int, default=500, help="PDF reports in the batch (default 500)")
    parser.add_argument("--jobs", type=int, default=os.cpu_count() or 1, help="processes for the batch")
    parser.add_argument("--seconds", type=float, default=3.0, help="least duration of one single-core measurement")
    parser.add_argument("--repeat", type=int, default=3, help="single-core measurements per figure (median)")
    parser.add_argument("--keep", metavar="DIR", help="generate into DIR and keep it")
    parser.add_argument("--json", action="store_true", help="print the result as JSON")
    args = parser.parse_args(argv)

    folder = Path(args.keep) if args.keep else Path(tempfile.mkdtemp(prefix="gongkai-bench-audit-"))
    try:
        t = time.monotonic()
        written = generate(folder, args.texts, args.pdfs)
        generation = time.monotonic() - t
        all_cpus = os.sched_getaffinity(0) if hasattr(os, "sched_getaffinity") else None
        if all_cpus:
            os.sched_setaffinity(0, {min(all_cpus)})
        single = one_core(folder, args.seconds, args.repeat)
        if all_cpus:
            os.sched_setaffinity(0, all_cpus)  # the batch gets every core again
        whole = batch(folder, args.jobs, args.texts + args.pdfs, args.texts)
    finally:
        if not args.keep:
            shutil.rmtree(folder, ignore_errors=True)
    result = {
        "date": datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC"),
        "commit": git_commit(),
        "machine": f"nproc {os.cpu_count()}, {cpu_model()}, Python {sys.version.split()[0]}",
        "load_average": os.getloadavg() if hasattr(os, "getloadavg") else None,
        "inputs": written,
        "generation_s": round(generation, 1),
        "one_core": single,
        "batch": whole,
    }
    if args.json:
        print(json.dumps(result, ensure_ascii=False, indent=1))
        return 0
    s = single
    print(f"{result['date']} commit {result['commit']} — {result['machine']}; load {result['load_average']}")
    print(f"inputs: {written} (generated in {result['generation_s']} s)")
    print("| measure (one pinned core) | median | best |")
    print("| --- | ---: | ---: |")
    for label, key in [
        ("text reports / s (read+parse+check)", "text_reports_per_s"),
        ("HTML reports / s", "html_reports_per_s"),
        ("PDF reports / s", "pdf_reports_per_s"),
        ("PDF pages / s (ours)", "pdf_pages_per_s"),
        ("PDF pages / s, pdfplumber extract_text() (floor)", "floor_pages_per_s"),
        ("PDF pages / s, pdfplumber extract_text(layout=True)", "floor_layout_pages_per_s"),
    ]:
        print(f"| {label} | {s[key][0]:.1f} | {s[key][1]:.1f} |")
    b = whole
    print(
        f"batch: {b['files']} files, {b['jobs']} processes: {b['seconds']} s ({b['files_per_s']} files/s), "
        f"exit {b['exit_status']}, {b['summary_rows']} summary rows, peak RSS {b['peak_rss_mb']} MB "
        f"({b['peak_rss_mb_texts']} MB while reading texts); texts done at {b['texts_done_at_s']} s"
    )
    print(
        "RSS by tenth of the run: "
        + ", ".join(f"{t['at_s']}s/{t['files_done']}f: {t['rss_mb']} MB" for t in b["rss_by_tenth"])
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
