"""Every real crawled page of ``tests/data/corpus/wild`` reads, and agrees with
the figures of table 三's 总计 column that a person read off each page
(``INDEX.tsv``), the year and the layout it was published in.

These pages are the test that matters: the whole report on one line, the
site's navigation before it, table cells glued without separators. Nothing
in them was cleaned, and the parser was not told which site they come from.
"""

from __future__ import annotations

import csv

import pytest
from tests.corpus import CORPUS

from gongkai.annual_report import Confidence, parse_file
from gongkai.annual_report.model import CellState

WILD = CORPUS / "wild"
with (WILD / "INDEX.tsv").open(encoding="utf-8") as _index:
    INDEX = list(csv.DictReader(_index, delimiter="\t"))

TOTALS = {
    "t3_total_new": "requests.new.total",
    "t3_total_carried_in": "requests.carried_in.total",
    "t3_total_concluded": "requests.concluded_total.total",
    "t3_total_carried_out": "requests.carried_out.total",
}


def test_the_index_lists_every_page_of_the_folder():
    assert sorted(row["file"] for row in INDEX) == sorted(p.name for p in WILD.glob("*.txt"))
    assert len(INDEX) == 29


@pytest.fixture(scope="module")
def parsed():
    return {row["file"]: parse_file(WILD / row["file"]) for row in INDEX}


@pytest.mark.parametrize("row", INDEX, ids=[row["file"] for row in INDEX])
def test_every_page_reads_to_the_totals_read_by_hand(parsed, row):
    report = parsed[row["file"]]
    assert report.year == int(row["report_year"])
    assert report.format.code == row["layout"]
    for column, key in TOTALS.items():
        cell = report.cell(key)
        assert cell.state is not CellState.MISSING, (key, cell.reason)
        assert cell.value == int(row[column]), (key, cell)
    assert report.agency and report.agency.startswith("平潭综合实验区")


@pytest.mark.parametrize("row", INDEX, ids=[row["file"] for row in INDEX])
def test_table_three_is_read_whole(parsed, row):
    """Table 三 of every page is read in full, but for the rows the page
    prints with no figure at all (17: (六)2 and (六)3), which stay missing."""
    report = parsed[row["file"]]
    missing = {
        key for key in report.format.table("requests").cell_keys() if report.cell(key).state is CellState.MISSING
    }
    if row["file"].startswith("17-"):
        assert {key.rsplit(".", 1)[0] for key in missing} == {"requests.other.fee_unpaid", "requests.other.other"}
        assert "没有找到" in report.cell("requests.other.other.total").reason
    else:
        assert missing == set()


def test_glued_figures_are_marked_decoded_with_the_digits_they_came_from(parsed):
    report = parsed["06-pingtan-ziranziyuan-2022.txt"]
    cell = report.cell("requests.new.natural_person")
    assert (cell.value, cell.confidence) == (29, Confidence.DECODED)
    assert "291000030" in cell.source
    assert report.cell("requests.new.total").value == 30


def test_a_glued_row_that_no_sum_can_settle_is_ambiguous_with_its_candidates(parsed):
    # 行政规范性文件 printed 24432: 2·4·432, 24·4·32, … table 二 has no sum to choose
    cell = parsed["06-pingtan-ziranziyuan-2022.txt"].cell("proactive.normative_documents.issued")
    assert cell.state is CellState.MISSING and cell.confidence is Confidence.AMBIGUOUS
    assert "24432" in cell.reason and "[24, 4, 32]" in cell.reason


def test_the_numbering_of_the_next_label_is_not_a_figure(parsed):
    # "…政府信息3700000372.没有现成…": 37·0·0·0·0·0·37, then the 2 of "2.没有现成"
    report = parsed["25-pingtan-ziranziyuan-2024.txt"]
    assert report.cell("requests.unavailable.not_held.natural_person").value == 37
    assert report.cell("requests.unavailable.not_held.total").value == 37


def test_a_row_printed_wrong_is_read_as_printed_so_the_error_is_found(parsed):
    # 19: every 总计 printed 0 while 自然人 has the requests
    report = parsed["19-pingtan-haitan-2025.txt"]
    assert report.cell("requests.new.natural_person").value == 2
    assert report.cell("requests.new.total").value == 0


def test_every_page_records_its_six_headings_in_order(parsed):
    for name, report in parsed.items():
        assert [h.number for h in report.headings] == list("一二三四五六"), name


def test_a_reworded_heading_is_still_found_and_not_kept_in_the_text(parsed):
    # 16: 五、政府信息公开存在的问题及改进措施 … 六、需要说明的其他事项与附表
    report = parsed["16-pingtan-nongye-2020.txt"]
    assert report.sections["problems"].startswith("（一）主要问题")
    assert report.sections["other_matters"] == "本年度无其他事项需说明。"


def test_the_narrative_keeps_its_printed_punctuation(parsed):
    assert "，" in parsed["06-pingtan-ziranziyuan-2022.txt"].sections["overview"]


def test_a_page_of_an_unknown_layout_says_what_was_found():
    from gongkai.annual_report import ParseError, parse_bytes

    page = "一、总体情况 本年度我局认真落实条例。二、主动公开政府信息情况 本年度主动公开信息 12 条。"
    with pytest.raises(ParseError) as raised:
        parse_bytes(page.encode(), "page.txt")
    assert "找到了第一部分、第二部分的标题" in str(raised.value)
    assert "没有读到表二、表三、表四中的任何一行数字" in str(raised.value)


PROSE = "2024年12月31日，本机关（电话：0591-86161228，文号：岚政〔2024〕5号）共收到3件，较2023年增加1件。"


@pytest.mark.parametrize(
    "name", ["06-pingtan-ziranziyuan-2022.txt", "13-pingtan-jingfa-2022.txt", "24-pingtan-jiaotongjianshe-2025.txt"]
)
def test_years_dates_numbers_and_phones_in_prose_are_never_figures(parsed, name):
    """Prose full of numbers put where real pages put prose — after a section's
    heading, before a table's header, after its figures — changes no figure."""
    text = (WILD / name).read_text(encoding="utf-8")
    for heading in ("三、收到和处理政府信息公开申请情况", "四、政府信息公开行政复议", "五、"):
        at = text.find(heading)
        assert at > 0, heading
        end = at + len(heading)
        text = text[:end] + PROSE + text[end:]
    at = text.find("五、")
    text = text[:at] + PROSE + text[at:]
    from gongkai.annual_report import parse_bytes

    report = parse_bytes(text.encode(), name)
    original = parsed[name]
    for key, cell in original.iter_cells():
        assert report.cell(key) == cell, key
