"""The annual report computed from the demo agency's records is the published reference."""

from __future__ import annotations

import json

import pytest
from tests.corpus import expected, figure_differences

from gongkai import cli
from gongkai.agencies.models import Agency
from gongkai.annual_report import check, parse_bytes
from gongkai.annual_report.render.json import report_to_dict
from gongkai.reports.build import build_report
from gongkai.reports.demo import load_demo

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo_agency():
    load_demo()
    return Agency.objects.get(code="jiyuan-hrss")


def test_the_demo_records_reproduce_the_reference_report_figure_for_figure(demo_agency):
    report = build_report(demo_agency, 2023)
    want = expected("reference")
    assert figure_differences(report, want) == []
    assert report_to_dict(report)["narrative_figures"] == {
        **want["narrative_figures"],
        "requests_new": want["requests"]["new"]["total"],
    }
    # The only errors are the gaps the draft leaves for the clerk (（待填写）, S.placeholder).
    assert [f.rule for f in check(report) if f.severity == "error"] == ["S.placeholder", "S.placeholder"]
    assert [f.rule for f in check(report) if f.severity == "warning"] == []


def test_the_draft_states_the_fees_and_leaves_what_records_cannot_tell_marked(demo_agency):
    report = build_report(demo_agency, 2023)
    assert "未收取信息处理费" in report.sections["other_matters"]
    assert report.sections["problems"] == "（待填写）"
    assert report.sections["overview"].count("（待填写）") == 3


def test_a_year_with_no_records_is_a_report_of_zeros_that_balances(demo_agency):
    report = build_report(demo_agency, 2021)
    assert report.value("requests.new.total") == 0
    assert {f.rule for f in check(report) if f.severity == "error"} == {"S.placeholder"}  # the draft's gaps


def test_a_year_of_the_2019_format_is_refused(demo_agency):
    from gongkai.core.errors import ApplicationError

    with pytest.raises(ApplicationError, match="2019"):
        build_report(demo_agency, 2020)


def test_the_command_line_builds_and_writes_the_report(demo_agency, tmp_path, capsys):
    out = tmp_path / "2023.txt"
    status = cli.main(["report", "build", "--agency", "jiyuan-hrss", "--year", "2023", "--to", "text", "-o", str(out)])
    assert status == cli.EXIT_RULE_FAILED  # the draft's gaps (（待填写）) are still to be filled
    assert "S.placeholder" in capsys.readouterr().err
    assert figure_differences(parse_bytes(out.read_bytes()), expected("reference")) == []


def test_the_command_line_refuses_an_unknown_agency(db, capsys):
    status = cli.main(["report", "build", "--agency", "nowhere", "--year", "2023"])
    assert status == cli.EXIT_UNREADABLE
    assert "找不到代码为“nowhere”的机关" in capsys.readouterr().err


def test_the_command_line_writes_json_by_default(demo_agency, capsys):
    assert cli.main(["report", "build", "--agency", "jiyuan-hrss", "--year", "2023"]) == cli.EXIT_RULE_FAILED
    data = json.loads(capsys.readouterr().out)
    assert data["requests"]["refused.third_party_rights"]["natural_person"] == 1
