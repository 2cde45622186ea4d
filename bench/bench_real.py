"""Accuracy on the real published reports, as published and in the other forms sites give them.

    .venv/bin/python bench/bench_real.py [--json]

Inputs are only real reports: the transcribed corpus and the reference
(``tests/data/corpus``: their hand transcriptions are the truth) and the 29
crawled pages of ``tests/data/corpus/wild`` (their truth is the hand-read
table 三 总计 column of ``INDEX.tsv``; as published, their other figures are
counted read or missing; in the other forms, against what the page as
crawled reads to — so "wrong" there means a form changed a figure). Each is
read as it is and in the forms of ``tests/annual_report/forms.py``: line
breaks removed, all whitespace removed, an HTML fragment on one line,
Markdown, OCR confusions. Per form it prints, over every figure of every
report: read the same, read by splitting glued digits (decoded), by OCR
repair, ambiguous (missing, candidates listed), unread (missing), and wrong
(a figure read that is not the printed one — must be 0); and the findings
of the checks on the 29 pages as crawled. Nothing here is timed for a claim:
the milliseconds per report are only to see the cost of each form.
"""

from __future__ import annotations

import argparse
import csv
import json
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "src"))

from tests.annual_report import forms  # noqa: E402
from tests.annual_report.wild_corpus import zero_or_blank  # noqa: E402
from tests.corpus import CORPUS, CORPUS_NAMES, REFERENCE_EXPECTED, REFERENCE_TEXT  # noqa: E402

from gongkai.annual_report import AnnualReportError, check, parse_bytes, parse_file  # noqa: E402
from gongkai.annual_report.model import CellState, Confidence  # noqa: E402
from gongkai.annual_report.parse.json import parse_json  # noqa: E402

WILD = CORPUS / "wild"
TOTALS = {
    "t3_total_new": "requests.new.total",
    "t3_total_carried_in": "requests.carried_in.total",
    "t3_total_concluded": "requests.concluded_total.total",
    "t3_total_carried_out": "requests.carried_out.total",
}


def _truths():
    """(path, truth report or None, hand-read totals or None) for every real report."""
    out = [(REFERENCE_TEXT, parse_json(REFERENCE_EXPECTED.read_text(encoding="utf-8")), None)]
    for name in CORPUS_NAMES:
        out.append((CORPUS / f"{name}.txt", parse_json((CORPUS / f"{name}.expected.json").read_text("utf-8")), None))
    with (WILD / "INDEX.tsv").open(encoding="utf-8") as index:
        for row in csv.DictReader(index, delimiter="\t"):
            totals = {key: int(row[column]) for column, key in TOTALS.items()}
            out.append((WILD / row["file"], None, totals))
    return out


def _classify(got, want, *, by_value: bool = False) -> str:
    """``by_value``: a hand transcription records figures, not whether a 0 was printed or left blank."""
    same_value = by_value and got.state is not CellState.MISSING and got.value == want.value
    if same_value or got == want or zero_or_blank(got, want) or zero_or_blank(want, got):
        if got.confidence is Confidence.DECODED:
            return "decoded"
        if got.confidence is Confidence.OCR:
            return "ocr"
        return "same"
    if got.state is CellState.MISSING:
        return "ambiguous" if got.confidence is Confidence.AMBIGUOUS else "unread"
    return "wrong"


def measure() -> dict:
    truths = _truths()
    results: dict[str, Counter] = {}
    seconds: dict[str, float] = {}
    wrong_examples: list[str] = []
    as_crawled = {}
    for path, _truth, _totals in truths:
        as_crawled[path] = parse_file(path)
    for form in ("as published", *forms.FORMS):
        counts: Counter = Counter()
        started = time.perf_counter()
        for path, truth, totals in truths:
            text = path.read_text(encoding="utf-8")
            data = text if form == "as published" else forms.make(form, text)
            try:
                parsed = parse_bytes(data.encode("utf-8"), path.name)
            except AnnualReportError as exc:
                counts["unreadable reports"] += 1
                wrong_examples.append(f"{form} {path.name}: {exc}")
                continue
            reference = truth if truth is not None else as_crawled[path]
            for key, want in reference.iter_cells():
                if truth is None and key in (totals or {}):
                    continue  # counted against the hand-read figure below
                if truth is None and form == "as published":
                    # no truth but the hand-read totals: count what the page itself left unread
                    got = parsed.cell(key)
                    if got.state is CellState.MISSING:
                        counts["ambiguous" if got.confidence is Confidence.AMBIGUOUS else "unread"] += 1
                    else:
                        counts["decoded" if got.confidence is Confidence.DECODED else "same"] += 1
                    continue
                kind = _classify(parsed.cell(key), want, by_value=truth is not None)
                counts[kind] += 1
                if kind == "wrong" and len(wrong_examples) < 20:
                    wrong_examples.append(f"{form} {path.name} {key}: {parsed.cell(key).value} != {want.value}")
            for key, value in (totals or {}).items():
                got = parsed.cell(key)
                counts["hand-read totals"] += 1
                if got.state is CellState.MISSING:
                    counts["hand-read totals missing"] += 1
                elif got.value == value:
                    counts["hand-read totals right"] += 1
                else:
                    counts["hand-read totals wrong"] += 1
                    counts["wrong"] += 1
                    wrong_examples.append(f"{form} {path.name} {key}: {got.value} != {value} (hand-read)")
        seconds[form] = time.perf_counter() - started
        results[form] = counts
    findings: Counter = Counter()
    for path, truth, _totals in truths:
        if truth is None:
            for finding in check(as_crawled[path]):
                if str(finding.severity) in ("error", "warning"):
                    findings[(finding.rule, str(finding.severity))] += 1
    return {
        "results": results,
        "seconds": seconds,
        "reports": len(truths),
        "wrong": wrong_examples,
        "findings": findings,
    }


def _percent(part: int, whole: int) -> str:
    return f"{100 * part / whole:.1f} %" if whole else "—"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    measured = measure()
    commit = subprocess.run(["git", "rev-parse", "--short", "HEAD"], capture_output=True, text=True, cwd=ROOT).stdout
    if args.json:
        print(json.dumps({k: (dict(v) if isinstance(v, Counter) else v) for k, v in measured.items()}, default=str))
        return
    print(f"commit {commit.strip()}, {measured['reports']} real reports")
    print(
        "| form | figures | read the same | of which decoded | of which OCR-repaired | ambiguous | unread | wrong "
        "| hand-read totals right | ms/report |"
    )
    print("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |")
    for form, counts in measured["results"].items():
        figures = sum(counts[k] for k in ("same", "decoded", "ocr", "ambiguous", "unread", "wrong"))
        read = counts["same"] + counts["decoded"] + counts["ocr"]
        print(
            f"| {form} | {figures} | {_percent(read, figures)} | {counts['decoded']} | {counts['ocr']} "
            f"| {counts['ambiguous']} | {counts['unread']} | {counts['wrong']} "
            f"| {counts['hand-read totals right']} / {counts['hand-read totals']} "
            f"| {1000 * measured['seconds'][form] / measured['reports']:.1f} |"
        )
    print("\nfindings on the 29 crawled pages as published (rule, severity: count)")
    for (rule, severity), count in sorted(measured["findings"].items()):
        print(f"- {rule} ({severity}): {count}")
    for line in measured["wrong"]:
        print("WRONG/UNREADABLE", line)


if __name__ == "__main__":
    main()
