"""What a parser does with input that is broken, odd or not a report at all."""

from __future__ import annotations

import pytest
from tests.corpus import CORPUS, REFERENCE_TEXT

from gongkai.annual_report import FORMAT_2019, CellState, ParseError, parse_bytes
from gongkai.annual_report.figures import read_figure
from gongkai.annual_report.format import ValueKind

REFERENCE = REFERENCE_TEXT.read_text(encoding="utf-8")


def _without_line(text: str, startswith: str) -> str:
    return "\n".join(line for line in text.split("\n") if not line.lstrip("\t").startswith(startswith))


@pytest.mark.parametrize(
    "data, message",
    [
        (b"", "空"),
        (b"   \n\t\n", "空"),
        (bytes(range(256)) * 40, "不是文本"),
        (b"PK\x03\x04garbage", "损坏"),
        ("这是一封普通的信，不是年度报告。\n谢谢。".encode(), "不像一份政府信息公开工作年度报告"),
        (b"<html><body><p>\xe6\xb2\xa1\xe6\x9c\x89\xe8\xa1\xa8\xe6\xa0\xbc</p></body></html>", "没有"),
        (b"{not json", "JSON"),
        (b"[1, 2]", "对象"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 100, "旧版"),
    ],
)
def test_unreadable_files_are_refused_with_a_reason(data, message):
    with pytest.raises(ParseError, match=message):
        parse_bytes(data, "upload.bin")


def test_a_missing_row_is_missing_not_zero():
    report = parse_bytes(_without_line(REFERENCE, "4. 保护第三方合法权益").encode())
    cell = report.cell("requests.refused.third_party_rights.total")
    assert cell.state is CellState.MISSING and cell.value is None
    assert "保护第三方合法权益" in cell.reason
    assert report.value("requests.refused.internal_affairs.total") == 0  # the neighbours are still read


def test_a_non_numeric_figure_is_missing_with_the_reason():
    text = REFERENCE.replace("行政许可\t83", "行政许可\t八十三")
    report = parse_bytes(text.encode())
    cell = report.cell("proactive.licensing.decisions")
    assert cell.state is CellState.MISSING
    assert "只读到 0 个数字" in cell.reason or "不是一个数字" in cell.reason


def test_a_negative_figure_is_kept_for_the_rules_to_refuse():
    text = REFERENCE.replace("行政处罚\t7", "行政处罚\t-7")
    assert parse_bytes(text.encode()).value("proactive.penalty.decisions") == -7


def test_a_row_with_too_few_figures_says_how_many_it_read():
    text = REFERENCE.replace(
        "二、上年结转政府信息公开申请数量\t\t0\t0\t0\t0\t0\t0\t0", "二、上年结转政府信息公开申请数量\t0\t0"
    )
    cell = parse_bytes(text.encode()).cell("requests.carried_in.natural_person")
    assert cell.state is CellState.MISSING and "只读到 2 个数字" in cell.reason


def test_a_nonzero_single_other_row_cannot_be_split_and_says_so():
    text = (CORPUS / "hongze-2024.txt").read_text(encoding="utf-8")
    lines = text.split("\n")
    index = next(i for i, line in enumerate(lines) if line.strip().startswith("（六）其他处理"))
    lines[index] = lines[index].replace("0", "2", 1).replace("    0\n", "    2\n")
    report = parse_bytes("\n".join(lines).encode())
    cell = report.cell("requests.other.other.natural_person")
    assert cell.state is CellState.MISSING and "无法分到三个子项" in cell.reason


def test_gb18030_text_is_read():
    report = parse_bytes(REFERENCE.encode("gb18030"))
    assert report.value("requests.new.total") == 2


def test_full_width_digits_and_notes_inside_cells():
    text = REFERENCE.replace("行政规范性文件\t10\t5\t26", "行政规范性文件\t１０\t5\t26（含修订3件）")
    report = parse_bytes(text.encode())
    assert report.value("proactive.normative_documents.issued") == 10
    cell = report.cell("proactive.normative_documents.in_force")
    assert (cell.value, cell.note) == (26, "含修订3件")


def test_not_applicable_is_not_zero():
    text = REFERENCE.replace("行政强制\t0", "行政强制\t/")
    cell = parse_bytes(text.encode()).cell("proactive.coercion.decisions")
    assert cell.state is CellState.NOT_APPLICABLE and cell.value is None


def test_the_2019_layout_is_recognised_by_its_table():
    text = """某某局2020年政府信息公开工作年度报告
一、总体情况
略。
二、主动公开政府信息情况
第二十条第（一）项
信息内容\t本年新制作数量\t本年新公开数量\t对外公开总数量
规章\t0\t0\t0
规范性文件\t3\t3\t12
第二十条第（九）项
信息内容\t采购项目数量\t采购总金额
政府集中采购\t4\t251000元
三、收到和处理政府信息公开申请情况
四、政府信息公开行政复议、行政诉讼情况
"""
    report = parse_bytes(text.encode())
    assert report.format is FORMAT_2019
    assert report.value("proactive.normative_documents.total_public") == 12
    assert str(report.value("proactive.procurement.amount")) == "251000"
    assert report.cell("proactive.licensing.previous_items").state is CellState.MISSING


@pytest.mark.parametrize(
    "text, kind, value, state",
    [
        ("0", ValueKind.COUNT, 0, CellState.VALUE),
        ("", ValueKind.COUNT, 0, CellState.BLANK),
        ("—", ValueKind.COUNT, None, CellState.NOT_APPLICABLE),
        ("3,985,758", ValueKind.COUNT, 3985758, CellState.VALUE),
        ("１２", ValueKind.COUNT, 12, CellState.VALUE),
        ("1.5", ValueKind.COUNT, None, CellState.MISSING),
        ("abc", ValueKind.COUNT, None, CellState.MISSING),
        ("24252.311082", ValueKind.AMOUNT, "24252.311082", CellState.VALUE),
        ("-3", ValueKind.SIGNED_COUNT, -3, CellState.VALUE),
    ],
)
def test_read_figure(text, kind, value, state):
    cell = read_figure(text, kind)
    assert cell.state is state
    assert (str(cell.value) if isinstance(value, str) else cell.value) == value
