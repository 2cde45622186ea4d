"""parse(render(report)) == report, for every format that can be read back."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from tests.corpus import REFERENCE_EXPECTED

from gongkai.annual_report import Cell, CellState, Confidence, parse_bytes, render
from gongkai.annual_report.parse.json import parse_json
from gongkai.annual_report.render.json import render_json
from gongkai.annual_report.rules import RULES

from .strategies import annotated_reports, consistent_reports, reports_2019

REFERENCE = REFERENCE_EXPECTED
KINDS = ("text", "html", "json", "docx", "xlsx")
SLOW = {"docx": 15, "xlsx": 15}


def reference():
    """The reference report's tables, with an agency and a narrative (its transcription has neither)."""
    report = parse_json(REFERENCE.read_text(encoding="utf-8"))
    return report.replace(
        agency="济源示范区人力资源和社会保障局",
        sections={
            "overview": "（一）主动公开情况\n我局将政府信息公开工作纳入全年整体工作部署。",
            "problems": "公开内容不够全面。\n公开渠道和载体还需进一步规范。",
            "other_matters": "本年度未收取信息处理费。",
        },
    )


def differences(expected, actual) -> list:
    """What differs, cell by cell — readable when a property fails."""
    out = []
    for name in ("year", "agency", "published_on"):
        if getattr(expected, name) != getattr(actual, name):
            out.append((name, getattr(expected, name), getattr(actual, name)))
    if expected.format.code != actual.format.code:
        out.append(("format", expected.format.code, actual.format.code))
        return out
    for key in expected.format.cell_keys():
        if expected.cells.get(key) != actual.cells.get(key):
            out.append((key, expected.cells.get(key), actual.cells.get(key)))
    if dict(expected.sections) != dict(actual.sections):
        out.append(("sections", dict(expected.sections), dict(actual.sections)))
    return out


def assert_round_trip(report, kind: str) -> None:
    back = parse_bytes(render(report, kind))
    assert differences(report, back) == []
    assert back == report


def _settings(kind: str):
    return settings(
        max_examples=SLOW.get(kind, 40),
        deadline=None,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
    )


@pytest.mark.parametrize("kind", KINDS)
def test_consistent_reports_round_trip(kind):
    @_settings(kind)
    @given(consistent_reports())
    def check(report):
        assert_round_trip(report, kind)

    check()


@pytest.mark.parametrize("kind", KINDS)
def test_annotated_reports_round_trip(kind):
    """Blank, not-applicable and noted cells come back as they were printed."""

    @_settings(kind)
    @given(annotated_reports())
    def check(report):
        assert_round_trip(report, kind)

    check()


@pytest.mark.parametrize("kind", KINDS)
def test_2019_reports_round_trip(kind):
    @_settings(kind)
    @given(reports_2019())
    def check(report):
        assert_round_trip(report, kind)

    check()


@pytest.mark.parametrize("kind", KINDS)
def test_reference_round_trips(kind):
    report = reference()
    back = parse_bytes(render(report, kind))
    assert differences(report, back) == []


@pytest.mark.parametrize("kind", KINDS)
def test_publication_date_round_trips(kind):
    report = reference().replace(published_on=date(2024, 1, 20))
    back = parse_bytes(render(report, kind))
    assert (back.published_on, dict(back.sections)) == (report.published_on, dict(report.sections))


def test_json_is_stable():
    report = parse_json(REFERENCE.read_text(encoding="utf-8"))
    assert render_json(parse_json(render_json(report))) == render_json(report)


# -- how each cell was read (JSON only: the other kinds print figures, not their provenance) --

FIGURE_CONFIDENCES = (Confidence.EXACT, Confidence.DECODED, Confidence.OCR, Confidence.INFERRED)
MISSING_CONFIDENCES = (Confidence.UNREAD, Confidence.AMBIGUOUS, Confidence.OCR)
SOURCES = st.one_of(
    st.none(),
    st.builds(lambda line, column: f"第{line}行第{column}列", st.integers(1, 400), st.integers(1, 16)),
    st.builds(lambda page, line: f"第{page}页第{line}行", st.integers(1, 30), st.integers(1, 60)),
    st.text(alphabet="第行页列拆分个“”0123456789 ", min_size=1, max_size=30).map(str.strip).filter(bool),
)


@st.composite
def provenanced_reports(draw):
    """Annotated reports in which some cells were decoded, read by OCR, inferred, ambiguous or
    unread, each with the sums that chose it, where it was read and, when missing, why."""
    report = draw(annotated_reports(st.one_of(consistent_reports(), reports_2019())))
    keys = report.format.cell_keys()
    changes: dict[str, Cell] = {}
    for key in draw(st.lists(st.sampled_from(keys), max_size=20, unique=True)):
        cell = report.cells[key]
        source = draw(SOURCES)
        if draw(st.booleans()):
            raw = draw(st.sampled_from(("640020470", "2626", "l2", "O")))
            reason = draw(st.sampled_from(("没有读到这一格", "有多种分法：64 0 0 2 0 4 70 或 6 4 0 0 2 0 …")))
            confidence = draw(st.sampled_from(MISSING_CONFIDENCES))
            changes[key] = Cell.missing(reason, raw=raw, source=source, confidence=confidence)
        else:
            confidence = draw(st.sampled_from(FIGURE_CONFIDENCES))
            basis = tuple(draw(st.lists(st.sampled_from(sorted(RULES)), max_size=3, unique=True)))
            changes[key] = Cell(
                cell.value, cell.state, cell.note, raw=cell.raw, source=source, confidence=confidence, basis=basis
            )
    return report.with_cells(changes)


def provenance(report, key: str) -> tuple:
    cell = report.cell(key)
    missing = cell.state is CellState.MISSING
    return (
        cell.confidence,
        cell.basis,
        cell.source or key,
        cell.reason if missing else None,
        cell.raw if missing else None,
    )


@_settings("json")
@given(provenanced_reports())
def test_json_keeps_how_each_cell_was_read(report):
    back = parse_bytes(render(report, "json"))
    assert back == report
    lost = [
        (key, provenance(report, key), provenance(back, key))
        for key in report.format.cell_keys()
        if provenance(report, key) != provenance(back, key)
    ]
    assert lost == []


@_settings("json")
@given(provenanced_reports())
def test_json_with_provenance_is_stable(report):
    text = render_json(report)
    assert render_json(parse_json(text)) == text
