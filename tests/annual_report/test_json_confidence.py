"""How each figure was read travels in the canonical JSON: confidence, basis, source, reason.

The glued report is a real one (沭阳县发展和改革局 2023, from the corpus) with the cells of some
table 三 rows printed together as one digit string, as crawled pages print them.
"""

from __future__ import annotations

import json

import pytest
from tests.corpus import CORPUS, CORPUS_NAMES, REFERENCE_EXPECTED

from gongkai.annual_report import CellState, Confidence, ParseError, parse_bytes
from gongkai.annual_report.parse.json import parse_json
from gongkai.annual_report.render.json import render_json, report_to_dict

SHUYANG = CORPUS / "shuyang-fgj-2023.txt"
# Keys an entry of ``cells`` had before confidence existed: all that older readers look at.
OLD_ENTRY_KEYS = {"state", "note", "reason"}
OLD_TOP_KEYS = {"format", "agency", "year", "sections", "cells", "published_on", "narrative_figures"}
TRANSCRIPTIONS = [REFERENCE_EXPECTED, *(CORPUS / f"{name}.expected.json" for name in CORPUS_NAMES)]


def glued(rows: dict[str, str]) -> bytes:
    """The Shuyang report with the figures of the rows starting with each label replaced by one digit string."""
    lines = SHUYANG.read_text(encoding="utf-8").splitlines()
    for label, digits in rows.items():
        number = next(i for i, line in enumerate(lines) if label in line)
        cells = [c.strip() for c in lines[number].strip().strip("|").split("|")]
        labels = [c for c in cells if c and not c.isdigit()]
        lines[number] = "| " + " | ".join(labels) + f" | {digits} |"
    return "\n".join(lines).encode("utf-8")


@pytest.fixture(scope="module")
def report():
    # 一、本年新收: 26 0 0 0 0 0 26 printed together (one split adds up); 三（一）予以公开: two splits
    # add up and the column sums settle neither; （七）总计: too few digits for seven cells.
    return parse_bytes(
        glued({"一、本年新收": "260000026", "（一）予以公开": "101000011", "（七）总计": "2626"}), "shuyang.txt"
    )


def test_the_glued_report_has_every_kind_of_reading(report):
    kinds = {cell.confidence for _, cell in report.iter_cells()}
    assert {Confidence.EXACT, Confidence.DECODED, Confidence.AMBIGUOUS, Confidence.UNREAD} <= kinds


def test_a_decoded_figure_carries_its_confidence_basis_and_source(report):
    data = json.loads(render_json(report))
    assert data["requests"]["new"]["total"] == 26  # the figure stays where older readers look
    entry = data["cells"]["requests.new.total"]
    assert entry["confidence"] == "decoded"
    assert entry["basis"] == ["T3.column_sum"]
    assert "260000026" in entry["source"] and "第" in entry["source"]
    assert "state" not in entry and "reason" not in entry


def test_an_ambiguous_row_lists_its_candidates(report):
    entry = json.loads(render_json(report))["cells"]["requests.granted.natural_person"]
    assert entry["state"] == "missing" and entry["confidence"] == "ambiguous"
    assert "[1, 0, 10, 0, 0, 0, 11]" in entry["reason"] and "[10, 1, 0, 0, 0, 0, 11]" in entry["reason"]
    assert entry["raw"] == "101000011"


def test_an_unread_cell_says_why_without_naming_the_default_confidence(report):
    entry = json.loads(render_json(report))["cells"]["requests.concluded_total.total"]
    assert entry["state"] == "missing" and "confidence" not in entry  # unread is what missing means
    assert "7 个" in entry["reason"] and entry["raw"] == "2626"


def test_parsing_the_json_gives_back_how_each_cell_was_read(report):
    back = parse_json(render_json(report))
    assert back == report
    for key, cell in report.iter_cells():
        again = back.cell(key)
        assert (again.confidence, again.basis, again.source) == (cell.confidence, cell.basis, cell.source), key
        if cell.state is CellState.MISSING:
            assert (again.reason, again.raw) == (cell.reason, cell.raw), key


def test_each_entry_of_cells_is_one_line(report):
    text = render_json(report)
    start = text.index('"cells": {')
    block = text[start : text.index("\n }", start)]
    lines = block.splitlines()[1:]
    assert len(lines) == len(json.loads(text)["cells"])
    assert all(line.startswith('  "') and line.rstrip(",").endswith("}") for line in lines)


def test_older_readers_see_the_same_figures_and_states(report):
    """Older readers know only state, note and reason in an entry and the same top-level keys."""
    data = report_to_dict(report)
    assert set(data) <= OLD_TOP_KEYS | {table.code for table in report.format.tables}
    assert all(isinstance(entry, dict) for entry in data["cells"].values())
    old_view = {
        **data,
        "cells": {key: {k: v for k, v in entry.items() if k in OLD_ENTRY_KEYS} for key, entry in data["cells"].items()},
    }
    assert parse_json(json.dumps(old_view, ensure_ascii=False)) == report


@pytest.mark.parametrize("path", TRANSCRIPTIONS, ids=lambda p: p.name)
def test_transcriptions_still_read_and_come_out_without_cell_entries(path):
    """JSON typed before confidence existed: every figure exact; written again, nothing to say per cell."""
    text = path.read_text(encoding="utf-8")
    report = parse_json(text)
    assert all(cell.confidence in (Confidence.EXACT, Confidence.UNREAD) for _, cell in report.iter_cells())
    assert all(cell.source == key for key, cell in report.iter_cells())
    assert "cells" not in json.loads(text)
    assert "cells" not in report_to_dict(report)


def test_exact_figures_keep_where_they_were_read():
    data = report_to_dict(parse_bytes(SHUYANG.read_bytes(), "shuyang.txt"))
    assert data["cells"]["proactive.normative_documents.issued"] == {"source": "第39行第2列"}
    assert data["cells"]["requests.carried_in.business"] == {"state": "blank", "source": "第57行第3列"}


def _with_entry(entry: dict) -> str:
    data = json.loads(REFERENCE_EXPECTED.read_text(encoding="utf-8"))
    data["cells"] = {"requests.new.total": entry}
    return json.dumps(data, ensure_ascii=False)


@pytest.mark.parametrize(
    ("entry", "message"),
    [
        ({"confidence": "guessed"}, "confidence“guessed”无效"),
        ({"confidence": "ambiguous"}, "只用于没有读到数字的格"),
        ({"confidence": "unread"}, "只用于没有读到数字的格"),
        ({"basis": "T3.column_sum"}, "basis 应为规则代码的列表"),
        ({"basis": [1, 2]}, "basis 应为规则代码的列表"),
        ({"source": 56}, "source 应为文字"),
        ({"state": "missing", "raw": ["2", "6"]}, "raw 应为文字"),
    ],
)
def test_a_bad_entry_is_a_clear_error(entry, message):
    with pytest.raises(ParseError, match=message):
        parse_json(_with_entry(entry))


def test_an_entry_may_mark_a_typed_figure_as_read_by_ocr():
    report = parse_json(_with_entry({"confidence": "ocr", "source": "第3页第12行"}))
    cell = report.cell("requests.new.total")
    assert (cell.confidence, cell.source, cell.is_number) == (Confidence.OCR, "第3页第12行", True)
