"""Every real report reads the same in the other forms real sites publish it in.

For every real report in the corpus — the transcribed ones, the reference and
the 29 crawled pages of ``wild/`` — the text with every line break removed, as
an HTML fragment on one line, and as Markdown reads to the same figures as
the report itself (its transcription, for the transcribed ones). With every
space removed as well, figures that no sum of the format constrains may no
longer be told apart: each of them is then missing with its candidates, and
none is ever read wrong.
"""

from __future__ import annotations

import pytest
from tests.annual_report import forms
from tests.annual_report.wild_corpus import zero_or_blank
from tests.corpus import CORPUS, CORPUS_NAMES, REFERENCE_TEXT, expected, figure_differences

from gongkai.annual_report import parse_bytes, parse_file
from gongkai.annual_report.model import CellState

REAL = [REFERENCE_TEXT, *(CORPUS / f"{name}.txt" for name in CORPUS_NAMES), *sorted((CORPUS / "wild").glob("*.txt"))]
TRANSCRIBED = {REFERENCE_TEXT: "reference", **{CORPUS / f"{name}.txt": name for name in CORPUS_NAMES}}


@pytest.fixture(scope="module")
def originals():
    return {path: parse_file(path) for path in REAL}


def _compare(original, parsed):
    same, missing, wrong = 0, [], []
    for key, want in original.iter_cells():
        got = parsed.cell(key)
        if got == want or zero_or_blank(got, want) or zero_or_blank(want, got):
            same += 1
        elif got.state is CellState.MISSING:
            missing.append(key)
        else:
            wrong.append(f"{key}: {got.value!r} ({got.source}) != {want.value!r}")
    return same, missing, wrong


def test_the_transcribed_reports_read_to_their_transcriptions(originals):
    for path, name in TRANSCRIBED.items():
        assert figure_differences(originals[path], expected(name)) == [], path.name


@pytest.mark.parametrize("form", forms.FORMS_KEEPING_BOUNDARIES)
@pytest.mark.parametrize("path", REAL, ids=[p.name for p in REAL])
def test_a_form_that_keeps_the_boundaries_reads_to_the_same_figures(originals, path, form):
    parsed = parse_bytes(forms.make(form, path.read_text(encoding="utf-8")).encode(), path.name)
    _same, missing, wrong = _compare(originals[path], parsed)
    assert wrong == [] and missing == []
    assert parsed.year == originals[path].year
    assert parsed.format is originals[path].format


@pytest.mark.parametrize("path", REAL, ids=[p.name for p in REAL])
def test_without_any_whitespace_a_figure_is_the_same_or_missing_never_wrong(originals, path):
    parsed = parse_bytes(forms.no_whitespace(path.read_text(encoding="utf-8")).encode(), path.name)
    same, missing, wrong = _compare(originals[path], parsed)
    assert wrong == []
    for key in missing:
        assert parsed.cell(key).reason, key
    # table 三 and 四 are constrained by their sums: most of the report still reads
    assert same >= 0.85 * (same + len(missing)), (path.name, missing)
