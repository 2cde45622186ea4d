"""Real published reports parse to their hand transcriptions, cell for cell."""

from __future__ import annotations

import pytest
from tests.corpus import CORPUS, CORPUS_NAMES, REFERENCE_TEXT, expected, figure_differences

from gongkai.annual_report import CellState, parse_file
from gongkai.annual_report.narrative import narrative_figures


def test_reference_report_parses_to_every_figure_of_its_transcription():
    report = parse_file(REFERENCE_TEXT)
    want = expected("reference")
    assert figure_differences(report, want) == []
    assert report.year == want["year"] == 2023
    assert report.format.code == want["format"]
    assert report.agency == "人力资源和社会保障局"  # the title names no city; the demo agency adds it


def test_reference_narrative_states_the_figures_of_its_transcription():
    report = parse_file(REFERENCE_TEXT)
    figures = narrative_figures(report.sections["overview"], report.format)
    for code, value in expected("reference")["narrative_figures"].items():
        assert figures[code] == value, code


def test_reference_sections_are_read_whole():
    report = parse_file(REFERENCE_TEXT)
    assert report.sections["overview"].startswith("（一）主动公开情况")
    assert "（五）监督保障情况" in report.sections["overview"]
    assert report.sections["problems"].startswith("2023年，我局在政务公开方面")
    assert report.sections["other_matters"] == "2023年未收取信息公开处理费用。"


@pytest.mark.parametrize("name", CORPUS_NAMES)
def test_corpus_text_parses_to_its_transcription(name):
    report = parse_file(CORPUS / f"{name}.txt")
    want = expected(name)
    assert figure_differences(report, want) == []
    assert (report.agency, report.year, report.format.code) == (want["agency"], want["year"], want["format"])


@pytest.mark.parametrize("name", [n for n in CORPUS_NAMES if (CORPUS / f"{n}.pdf").exists()])
def test_corpus_pdf_parses_to_its_transcription(name):
    report = parse_file(CORPUS / f"{name}.pdf")
    want = expected(name)
    assert figure_differences(report, want) == []
    assert (report.agency, report.year) == (want["agency"], want["year"])
    assert all(cell.source and cell.source.startswith("第") for _, cell in report.iter_cells())


def test_blank_cells_are_read_as_zero_and_remembered_as_blank():
    report = parse_file(CORPUS / "shuyang-fgj-2023.txt")
    cell = report.cell("requests.new.business")
    assert cell.value == 0 and cell.state is CellState.BLANK
    assert report.cell("requests.new.total").state is CellState.VALUE


def test_single_other_row_of_zeros_is_split_into_zeros_and_says_so():
    report = parse_file(CORPUS / "hongze-2024.txt")
    for code in ("other.no_supplement", "other.fee_unpaid", "other.other"):
        cell = report.cell(f"requests.{code}.total")
        assert cell.value == 0
        assert "印为一行" in cell.source


def test_published_date_and_label_variants_are_read():
    report = parse_file(CORPUS / "shuyang-fgj-2023.txt")
    assert str(report.published_on) == "2024-01-17"
    assert report.value("proactive.normative_documents.issued") == 8  # printed as 规范性文件
    assert report.sections["problems"].startswith("（一）存在的主要问题")  # headed 存在的主要问题及整改措施
