"""`gongkai workdays add DATE N` by the calendar in the database."""

from __future__ import annotations

import pytest

from gongkai import cli

pytestmark = pytest.mark.django_db


def test_adds_working_days_across_spring_festival(capsys):
    assert cli.main(["workdays", "add", "2025-01-24", "7"]) == cli.EXIT_OK
    assert capsys.readouterr().out == "2025-02-10\n"


def test_a_year_not_yet_confirmed_is_marked_provisional(capsys):
    assert cli.main(["workdays", "add", "2026-12-15", "20"]) == cli.EXIT_OK
    assert capsys.readouterr().out.strip().endswith(" provisional")


def test_explain_names_the_make_up_working_days(capsys):
    cli.main(["workdays", "add", "2025-01-24", "7", "--explain"])
    assert "调休工作日" in capsys.readouterr().out


@pytest.mark.parametrize("args", [["2025-13-01", "3"], ["2025-01-24", "-1"], ["2025-01-24", "many"]])
def test_bad_arguments_are_refused_in_chinese(args, capsys):
    with pytest.raises(SystemExit) as exit_info:
        cli.main(["workdays", "add", *args])
    assert exit_info.value.code == 2
    err = capsys.readouterr().err
    assert "不是" in err or "超出范围" in err
