"""parse(render(report)) == report, for every format that can be read back."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import HealthCheck, given, settings
from tests.corpus import REFERENCE_EXPECTED

from gongkai.annual_report import parse_bytes, render
from gongkai.annual_report.parse.json import parse_json
from gongkai.annual_report.render.json import render_json

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
