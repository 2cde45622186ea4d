"""Reading PDF reports against bare pypdfium2 text extraction of the same files, in one run.

    .venv/bin/python bench/bench_pdf.py                  # ~3 s per measurement
    .venv/bin/python bench/bench_pdf.py --seconds 10 --json

Issue 9 asks the PDF parse to stay within 1.5× of pdfium's text extraction
alone (open, every page's text, close): that is the floor no reader of the
text layer can go under. For each file it measures, in milliseconds per file
(median of ``--repeat`` runs, each at least ``--seconds`` long, the three
alternating, one pinned core):

* ``pdfium``: bare ``pypdfium2`` text extraction;
* ``parse``: ``parse_bytes`` (our whole PDF reading: text layer, parse_text,
  the pdfplumber fallback if a file needed it);
* ``pdfplumber``: ``extract_text(layout=True)`` of every page — what the reader
  did before, for scale.

Inputs: the real PDFs of tests/data/corpus, and (``--rendered``, the default) the
corpus's text reports rendered by Gongkai's PDF renderer (needs fonts-noto-cjk).
Copy the printed machine line and table into the "PDF" section of docs/benchmarks.md.
"""

from __future__ import annotations

import argparse
import io
import json
import statistics
import sys
import time
from pathlib import Path

from bench_parse_check import machine_info, pin_to_one_core

from gongkai.annual_report import parse_bytes
from gongkai.annual_report.render import render

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT / "tests" / "data" / "corpus"


def pdfium_text(data: bytes) -> int:
    import pypdfium2 as pdfium

    document = pdfium.PdfDocument(data)
    characters = 0
    for index in range(len(document)):
        page = document[index]
        textpage = page.get_textpage()
        characters += len(textpage.get_text_range())
        textpage.close()
        page.close()
    document.close()
    return characters


def pdfplumber_layout(data: bytes) -> int:
    import pdfplumber

    with pdfplumber.open(io.BytesIO(data)) as pdf:
        return sum(len(page.extract_text(layout=True, y_tolerance=5) or "") for page in pdf.pages)


def our_parse(data: bytes) -> object:
    return parse_bytes(data, "report.pdf")


def rate_ms(function, data: bytes, seconds: float) -> float:
    """Milliseconds per call of ``function(data)``, over at least ``seconds``."""
    count, start = 0, time.perf_counter()
    while True:
        function(data)
        count += 1
        elapsed = time.perf_counter() - start
        if elapsed >= seconds:
            return elapsed / count * 1000


def per_file_ms(functions: dict, data: bytes, seconds: float, repeat: int) -> dict[str, float]:
    """The median milliseconds per file of each function; their runs alternate, so that a
    machine busy with something else slows them alike and the ratio stays fair."""
    for function in functions.values():
        function(data)  # warm up: imports, caches
    runs: dict[str, list[float]] = {name: [] for name in functions}
    for _ in range(repeat):
        for name, function in functions.items():
            runs[name].append(rate_ms(function, data, seconds))
    return {name: statistics.median(values) for name, values in runs.items()}


def inputs(rendered: bool) -> list[tuple[str, bytes, int]]:
    import pypdfium2 as pdfium

    files = [(path.name, path.read_bytes()) for path in sorted(CORPUS.glob("*.pdf"))]
    if rendered:
        for path in sorted(CORPUS.glob("*.txt")):
            files.append((f"{path.stem}.txt → pdf", render(parse_bytes(path.read_bytes(), path.name), "pdf")))
    return [(name, data, len(pdfium.PdfDocument(data))) for name, data in files]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=3.0)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--no-rendered", dest="rendered", action="store_false", help="only the real corpus PDFs")
    parser.add_argument("--no-pdfplumber", dest="pdfplumber", action="store_false")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args(argv)

    machine = machine_info(pin_to_one_core())
    from importlib import metadata

    machine["pypdfium2"] = metadata.version("pypdfium2")
    rows = []
    for name, data, pages in inputs(args.rendered):
        functions = {"pdfium_ms": pdfium_text, "parse_ms": our_parse}
        if args.pdfplumber:
            functions["pdfplumber_ms"] = pdfplumber_layout
        row = {"file": name, "pages": pages, **per_file_ms(functions, data, args.seconds, args.repeat)}
        row["ratio"] = row["parse_ms"] / row["pdfium_ms"]
        rows.append(row)
        print(f"  measured {name}", file=sys.stderr)
    total = {
        "pages": sum(r["pages"] for r in rows),
        "pdfium_ms": sum(r["pdfium_ms"] for r in rows),
        "parse_ms": sum(r["parse_ms"] for r in rows),
    }
    if args.pdfplumber:
        total["pdfplumber_ms"] = sum(r["pdfplumber_ms"] for r in rows)
    total["ratio"] = total["parse_ms"] / total["pdfium_ms"]

    if args.json:
        print(json.dumps({"machine": machine, "files": rows, "total": total}, ensure_ascii=False, indent=2))
        return 0
    print("machine: " + "; ".join(f"{k} {v}" for k, v in machine.items()))
    header = "| file | pages | pdfium ms | parse ms | ratio |" + (" pdfplumber ms |" if args.pdfplumber else "")
    print(header)
    print("| --- " * (header.count("|") - 1) + "|")
    for r in [*rows, {"file": "**all**", **total}]:
        line = f"| {r['file']} | {r['pages']} | {r['pdfium_ms']:.1f} | {r['parse_ms']:.1f} | {r['ratio']:.2f}× |"
        if args.pdfplumber:
            line += f" {r['pdfplumber_ms']:.0f} |"
        print(line)
    print(
        f"pages/s on one core: pdfium {total['pages'] / total['pdfium_ms'] * 1000:.0f}, "
        f"parse {total['pages'] / total['parse_ms'] * 1000:.0f}"
        + (f", pdfplumber layout {total['pages'] / total['pdfplumber_ms'] * 1000:.1f}" if args.pdfplumber else "")
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
