"""Accuracy of the annual-report parsers and rules on the generated wild corpus.

    .venv/bin/python bench/bench_accuracy.py [--generated 40] [--generated-2019 10]
        [--notes 15] [--pdf 8] [--seeded 6] [--json]

The corpus (``tests/annual_report/wild_corpus.py``) is deterministic: the real
reports of ``tests/data/corpus`` and reports drawn with the hypothesis strategies
(derandomised), written by our renderers in every shape a report is found in
(PDF, ``pdftotext -layout``, a government site's page, text flattened from HTML
without cell separators, OCR-like Markdown, …), and the same reports with one
error seeded per variant for every rule. It prints, per shape, the share of
figures read right, missing (with a reason) and wrong; the false findings on
correct reports; and the seeded errors found. Results go to docs/benchmarks.md
("Accuracy on the wild corpus"). Nothing here is timed.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "src"))

from tests.annual_report import wild_corpus as wild  # noqa: E402


def _percent(part: int, whole: int) -> str:
    return f"{100 * part / whole:.1f} %" if whole else "—"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--generated", type=int, default=40, help="2021-format reports drawn")
    parser.add_argument("--generated-2019", type=int, default=10, help="2019-format reports drawn")
    parser.add_argument("--notes", type=int, default=15, help="reports with blank, / and noted cells")
    parser.add_argument("--pdf", type=int, default=8, help="reports also written as PDF (about 3 s each)")
    parser.add_argument("--seeded", type=int, default=6, help="reports on which every rule's error is seeded")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    size = wild.CorpusSize(args.generated, args.generated_2019, args.notes, args.pdf, args.seeded)
    corpus = []
    for variant in wild.variants(size):
        corpus.append(variant)
        print(f"\r{len(corpus)} variants", end="", file=sys.stderr, flush=True)
    print(file=sys.stderr)
    results = wild.measure(corpus)
    commit = subprocess.run(["git", "rev-parse", "--short", "HEAD"], capture_output=True, text=True, cwd=ROOT)
    if args.json:
        data = {
            "commit": commit.stdout.strip(),
            "size": vars(size),
            "shapes": {
                name: {k: getattr(s, k) for k in ("reports", "unreadable", "figures", "right", "missing", "wrong")}
                | {"false_findings": s.false_findings, "confidence": dict(s.confidence)}
                for name, s in results.shapes.items()
            },
            "seeded": dict(results.seeded),
            "found": dict(results.found),
            "flagged": dict(results.flagged),
            "missed": results.missed,
        }
        print(json.dumps(data, ensure_ascii=False, indent=1))
        return
    print(f"commit {commit.stdout.strip()}, {len(corpus)} variants, size {vars(size)}\n")
    print("| shape | reports | figures | read right | missing | wrong | decoded by splitting | false findings |")
    print("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |")
    for name in wild.SHAPES:
        s = results.shapes.get(name)
        if s is None or not s.reports:
            continue
        print(
            f"| {name} | {s.reports} | {s.figures} | {_percent(s.right, s.figures)} | {_percent(s.missing, s.figures)} "
            f"| {s.wrong} | {_percent(s.confidence['decoded'], s.figures)} | {s.false_findings} |"
        )
    total = results.total()
    print(
        f"| **all** | {total.reports} | {total.figures} | {_percent(total.right, total.figures)} "
        f"| {_percent(total.missing, total.figures)} | {total.wrong} "
        f"| {_percent(total.confidence['decoded'], total.figures)} | {total.false_findings} |"
    )
    print("\n| seeded rule | variants | found | only not_checked |")
    print("| --- | ---: | ---: | ---: |")
    for rule, count in results.seeded.items():
        print(f"| {rule} | {count} | {results.found[rule]} | {results.flagged[rule]} |")
    seeded, found = sum(results.seeded.values()), sum(results.found.values())
    print(f"| **all** | {seeded} | {found} ({_percent(found, seeded)}) | {sum(results.flagged.values())} |")
    if results.missed:
        print("\nmissed:", *results.missed, sep="\n  ")
    if results.wrong_examples:
        print("\nwrong:", *results.wrong_examples, sep="\n  ")
    if results.false_examples:
        print("\nfalse findings:", *results.false_examples, sep="\n  ")


if __name__ == "__main__":
    main()
