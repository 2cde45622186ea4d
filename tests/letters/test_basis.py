"""The legal basis data: every outcome code of the national format has one."""

from __future__ import annotations

import pytest

from gongkai.annual_report.format import FORMATS, outcome_choices
from gongkai.letters.basis import ARTICLES, KIND_BASIS, OUTCOME_BASIS, citation_of, remedy_sentence
from gongkai.letters.context import outcome_codes
from gongkai.letters.kinds import LetterKind


@pytest.mark.parametrize("fmt", FORMATS.values(), ids=lambda f: f.code)
def test_every_outcome_code_of_every_format_has_a_basis(fmt):
    missing = [code for code in fmt.outcome_rows if code not in OUTCOME_BASIS]
    assert not missing


def test_the_current_format_choices_are_covered():
    assert {code for code, _label in outcome_choices()} <= set(OUTCOME_BASIS)
    assert set(outcome_codes()) == set(OUTCOME_BASIS)


@pytest.mark.parametrize("code", sorted(OUTCOME_BASIS))
def test_each_basis_cites_known_articles_and_states_a_decision(code):
    basis = OUTCOME_BASIS[code]
    assert basis.articles and all(key in ARTICLES for key in basis.articles)
    assert basis.decision.endswith("。")
    assert "条例" in citation_of(basis.cited())


def test_refusals_and_partial_grants_must_give_reasons():
    for code, basis in OUTCOME_BASIS.items():
        if code.startswith("refused.") or code == "partly_granted":
            assert basis.reasons_required, code


def test_articles_the_brief_names_are_cited():
    cited = {key.split(".")[0] for basis in OUTCOME_BASIS.values() for key in basis.articles}
    assert {"14", "15", "16", "30", "35", "36", "37", "38", "39", "42"} <= cited


def test_every_other_kind_has_a_basis():
    kinds = {key.split(".")[0] for key in KIND_BASIS}
    assert kinds == set(LetterKind.values) - {LetterKind.REPLY}


def test_remedy_sentence_names_both_periods():
    text = remedy_sentence()
    assert "60日内" in text and "6个月内" in text and "行政复议" in text and "行政诉讼" in text
    assert "向某市人民政府申请行政复议" in remedy_sentence(reconsideration_body="某市人民政府")
