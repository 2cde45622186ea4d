"""Reports as found in the wild: figures glued together, pages of government sites,
titles worded freely — and how sure the parser says it is of every figure."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from tests.annual_report import wild_corpus as wild
from tests.annual_report.strategies import annotated_reports, consistent_reports, reports_2019
from tests.corpus import CORPUS, REFERENCE_TEXT
from tests.system_packages import needs_cjk_font, needs_pdftotext

from gongkai.annual_report import Cell, CellState, check, parse_bytes, parse_file
from gongkai.annual_report.model import Confidence
from gongkai.annual_report.parse.digits import splits
from gongkai.annual_report.rules import Severity

COLUMNS = ("natural_person", "business", "research", "public_interest", "legal_service", "other_org", "total")


def _row(code: str, values: list[int]) -> dict[str, Cell]:
    return {f"requests.{code}.{c}": Cell.of(v) for c, v in zip(COLUMNS, values, strict=True)}


@pytest.fixture(scope="module")
def hazard_report():
    """The reference with the rows of disclosure-rules.md §5: 640020470 (one split
    with its total), 270020130 (two splits; the column sums pick one), 320000032."""
    report = parse_file(REFERENCE_TEXT)
    changes = {}
    changes.update(_row("new", [64, 0, 0, 2, 0, 4, 70]))
    changes.update(_row("granted", [27, 0, 0, 2, 0, 1, 30]))
    changes.update(_row("refused.third_party_rights", [0] * 7))
    changes.update(_row("refused.internal_affairs", [32, 0, 0, 0, 0, 0, 32]))
    changes.update(_row("concluded_total", [59, 0, 0, 2, 0, 1, 62]))
    changes.update(_row("carried_out", [5, 0, 0, 0, 0, 3, 8]))
    report = report.with_cells(changes)
    assert not [f for f in check(report) if f.severity is Severity.ERROR]
    return report


# -- the splitter -------------------------------------------------------------------


def test_splitter_reproduces_the_examples_of_the_rules_document():
    assert splits(["640020470"], 7, group=7) == [[64, 0, 0, 2, 0, 4, 70]]
    assert sorted(splits(["270020130"], 7, group=7)) == [[2, 7, 0, 0, 20, 1, 30], [27, 0, 0, 2, 0, 1, 30]]
    assert splits(["137", "-342"], 3) == [[1, 37, -342], [13, 7, -342], [137, -3, 42], [137, -34, 2]]
    assert splits(["0", "/", "5"], 3) == [[0, None, 5]]


@given(st.lists(st.integers(0, 999), min_size=1, max_size=6))
def test_every_split_prints_back_as_the_digits_and_includes_the_truth(values):
    printed = "".join(str(v) for v in values)
    found = splits([printed], len(values), limit=100_000)
    assert values in found
    assert all("".join(str(v) for v in candidate) == printed for candidate in found)
    if len(printed) == len(values):
        assert found == [values]  # one digit a figure: the split is forced


# -- figures glued together ---------------------------------------------------------------


@pytest.mark.parametrize("shape", ["flat-rows", "flat-glued"])
def test_glued_rows_are_recovered_by_the_row_and_column_sums(hazard_report, shape):
    parsed = parse_bytes(wild.shape_file(hazard_report, shape))
    for key, want in hazard_report.iter_cells():
        if key.startswith("requests."):
            assert parsed.cell(key) == want, key
    new = parsed.cell("requests.new.total")
    # with its total alone, 640020470 might also be a row with a blank cell that vanished
    # ([空, 6, 40, 0, 20, 4, 70]): the column sums settle it
    assert new.confidence is Confidence.DECODED and new.basis == ("T3.column_sum", "T3.balance")
    assert "“640020470”" in new.source
    granted = parsed.cell("requests.granted.natural_person")
    assert granted.value == 27 and "T3.concluded_sum" in granted.basis
    # the numbering of the next label is not a figure: 5.…320000032 then 6.…
    assert parsed.value("requests.refused.internal_affairs.total") == 32
    assert parsed.value("requests.refused.process_information.total") == 0


def test_a_sum_that_chose_the_split_cannot_confirm_it(hazard_report):
    findings = check(parse_bytes(wild.shape_file(hazard_report, "flat-rows")))
    circular = [f for f in findings if "未能独立核对" in f.message]
    assert circular and all(f.severity is Severity.NOT_CHECKED for f in circular)
    assert {f.rule for f in circular} == {"T3.column_sum", "T3.concluded_sum", "T3.balance"}
    assert any(f.key == "requests.granted.total" for f in circular)
    assert not [f for f in findings if f.severity is Severity.ERROR and f.rule != "value.missing"]


def test_an_ambiguous_row_is_missing_with_its_candidates_and_its_checks_are_not_made(hazard_report):
    # 10 5 26 printed 10526: table 二 has no sum to choose among [1,0,526], [10,5,26] …
    parsed = parse_bytes(wild.shape_file(hazard_report, "flat-rows"))
    cell = parsed.cell("proactive.normative_documents.issued")
    assert cell.state is CellState.MISSING and cell.confidence is Confidence.AMBIGUOUS
    assert "10526" in cell.reason and "[10, 5, 26]" in cell.reason and "[1, 0, 526]" in cell.reason
    findings = check(parsed)
    assert any(f.rule == "value.missing" and f.key == "proactive.normative_documents" for f in findings)  # the row


def test_a_row_that_no_split_can_balance_is_missing_not_forced(hazard_report):
    wrong = hazard_report.with_cells({"requests.new.total": Cell.of(71)})  # 64+2+4 ≠ 71
    parsed = parse_bytes(wild.shape_file(wrong, "flat-rows"))
    cell = parsed.cell("requests.new.total")
    assert cell.state is CellState.MISSING
    assert "640020471" in cell.reason
    t3 = [f for f in check(parsed) if f.rule in ("T3.column_sum", "T3.balance") and f.severity is Severity.ERROR]
    assert t3 == []  # not passed either: not_checked, and the row is reported missing


def test_blank_cells_lost_in_glued_text_say_so():
    report = parse_file(REFERENCE_TEXT).with_cells({"requests.new.business": Cell.blank()})
    parsed = parse_bytes(wild.shape_file(report, "flat-rows"))
    cell = parsed.cell("requests.new.natural_person")
    assert cell.state is CellState.MISSING and "空白格" in cell.reason


def test_notes_and_slashes_inside_glued_cells_are_kept():
    report = parse_file(REFERENCE_TEXT)
    report = report.with_cells(
        {
            "requests.granted.natural_person": Cell.of(1, "含上年结转"),
            "requests.granted.research": Cell.not_applicable(),
        }
    )
    parsed = parse_bytes(wild.shape_file(report, "flat-rows"))
    assert parsed.cell("requests.granted.natural_person") == Cell.of(1, "含上年结转")
    assert parsed.cell("requests.granted.research").state is CellState.NOT_APPLICABLE
    assert parsed.value("requests.granted.total") == 1


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.one_of(consistent_reports(), reports_2019(), annotated_reports()), st.sampled_from(wild.FLAT_SHAPES))
def test_glued_text_never_gives_a_wrong_figure_nor_a_false_finding(report, shape):
    parsed = parse_bytes(wild.shape_file(report, shape))
    for key, want in report.iter_cells():
        got = parsed.cell(key)
        assert got == want or wild.zero_or_blank(got, want) or got.state is CellState.MISSING, (key, got, want)
        if got.state is CellState.MISSING:
            assert got.reason
    want = {(f.rule, f.key) for f in check(report) if f.severity is not Severity.NOT_CHECKED}
    got = {(f.rule, f.key) for f in check(parsed) if f.severity is not Severity.NOT_CHECKED}
    assert {f for f in got - want if f[0] != "value.missing"} == set()


# -- confidence and sources ---------------------------------------------------------------


def test_confidence_and_source_do_not_change_equality():
    assert Cell(3, confidence=Confidence.DECODED, basis=("T3.column_sum",), source="x") == Cell.of(3)


def test_figures_read_from_cells_are_exact_and_name_their_column():
    report = parse_file(REFERENCE_TEXT)
    assert {cell.confidence for _, cell in report.iter_cells()} == {Confidence.EXACT}
    assert report.cell("proactive.licensing.decisions").source.endswith("第2列")
    html = parse_bytes(wild.shape_file(report, "html"))
    assert html.cell("requests.new.total").source.startswith("表格")
    assert "列" in html.cell("requests.new.total").source


def test_a_group_printed_as_one_row_of_zeros_is_inferred():
    report = parse_file(CORPUS / "hongze-2024.txt")
    cell = report.cell("requests.other.other.total")
    assert cell.value == 0 and cell.confidence is Confidence.INFERRED


def test_missing_cells_say_whether_they_were_unreadable_or_ambiguous():
    text = REFERENCE_TEXT.read_text(encoding="utf-8").replace("行政许可\t83", "行政许可\t八十三")
    cell = parse_bytes(text.encode()).cell("proactive.licensing.decisions")
    assert cell.state is CellState.MISSING and cell.confidence is Confidence.UNREAD


# -- government web pages ------------------------------------------------------------------


def test_a_report_inside_a_government_site_page_is_read_whole():
    report = parse_file(REFERENCE_TEXT)
    page = wild.site_page(wild.shape_file(report, "html").decode())
    assert (
        "<br>" in page and "&nbsp;" in page and "２" in page and page.count("<table") == 4
    )  # three data tables inside one layout table
    parsed = parse_bytes(page.encode())
    assert [k for k, c in report.iter_cells() if parsed.cell(k) != c] == []
    assert (parsed.agency, parsed.year) == (report.agency, report.year)
    assert "主办单位" not in parsed.sections["other_matters"]


# -- titles -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "title, agency, year",
    [
        ("济源市人力资源和社会保障局关于2023年度政府信息公开工作年度报告", "济源市人力资源和社会保障局", 2023),
        ("2023年度济源市人民政府政府信息公开工作年度报告", "济源市人民政府", 2023),
        ("2022年度 青山区自然资源局 政府信息公开工作年度报告", "青山区自然资源局", 2022),
        ("白云县交通运输局2024年政府信息公开工作年度报告", "白云县交通运输局", 2024),
        ("东湖区生态环境局２０２１年度政府信息公开工作年度报告", "东湖区生态环境局", 2021),
    ],
)
def test_agency_and_year_are_read_from_the_title(title, agency, year):
    text = REFERENCE_TEXT.read_text(encoding="utf-8")
    first = text.split("\n", 1)[0]
    text = text.replace(first, title, 1) if first.strip() else title + "\n" + text
    report = parse_bytes(text.encode())
    assert (report.agency, report.year) == (agency, year)


@pytest.mark.parametrize("shape", wild.FLAT_SHAPES)
@pytest.mark.parametrize("key", ["proactive.licensing.decisions", "proactive.penalty.decisions"])
def test_a_blank_row_in_glued_text_does_not_take_the_next_rows_figures(key, shape):
    report = parse_file(REFERENCE_TEXT).with_cells({key: Cell.blank()})
    parsed = parse_bytes(wild.shape_file(report, shape))
    assert parsed.cell(key).state is CellState.MISSING
    for other, want in report.iter_cells():
        got = parsed.cell(other)
        assert got == want or got.state is CellState.MISSING, other


@needs_cjk_font
@needs_pdftotext
def test_figures_wrapped_in_narrow_pdf_columns_are_missing_never_misread():
    """Our PDF wraps four-digit figures in table 三's narrow columns (3001 → 300 / 1),
    and pdfplumber may run table 四's caption into its figures: missing, never wrong."""
    truth = dict(wild.corpus_truths())["huaian-2024"]
    pdf = wild.shape_file(truth, "pdf")
    for data in (pdf, wild.pdftotext(pdf)):
        parsed = parse_bytes(data)
        wrong = [
            k for k, c in truth.iter_cells() if parsed.cell(k) != c and parsed.cell(k).state is not CellState.MISSING
        ]
        assert wrong == []
        assert parsed.value("appeals.reconsideration.total") == 351
