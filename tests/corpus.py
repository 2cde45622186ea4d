"""Where the test corpus of real published reports lives, and how to compare
a parsed report with a hand transcription."""

from __future__ import annotations

import json
from pathlib import Path

from gongkai.annual_report import Report
from gongkai.annual_report.render.json import report_to_dict

CORPUS = Path(__file__).parent / "data" / "corpus"
REFERENCE_TEXT = CORPUS / "reference-jiyuan-hrss-2023.txt"
REFERENCE_EXPECTED = CORPUS / "reference-jiyuan-hrss-2023.expected.json"
CORPUS_NAMES = ("hongze-2023", "hongze-2024", "huaian-2024", "shuyang-fgj-2023")


def expected(name: str) -> dict:
    path = REFERENCE_EXPECTED if name == "reference" else CORPUS / f"{name}.expected.json"
    return json.loads(path.read_text(encoding="utf-8"))


def figure_differences(report: Report, want: dict) -> list[str]:
    """Every cell whose figure differs from the transcription, as readable lines."""
    got = report_to_dict(report)
    differences = []
    for table in ("proactive", "requests", "appeals"):
        for row, columns in want[table].items():
            for column, value in columns.items():
                actual = got[table].get(row, {}).get(column)
                if str(actual) != str(value):
                    cell = report.cells.get(f"{table}.{row}.{column}")
                    differences.append(f"{table}.{row}.{column}: {actual!r} != {value!r} ({cell})")
    return differences
