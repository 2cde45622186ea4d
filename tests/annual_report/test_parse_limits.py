"""Files no report comes near in size are refused before they are read, with their size."""

from __future__ import annotations

import pytest

from gongkai.annual_report import ParseError, parse_bytes, parse_file
from gongkai.annual_report.parse import MAX_FILE_BYTES, MAX_TEXT_BYTES


def test_a_text_far_larger_than_any_report_is_refused_with_its_size():
    page = ("二、主动公开政府信息情况 规章 0 0 0 " * 1000).encode()
    data = page * (MAX_TEXT_BYTES // len(page) + 1)
    with pytest.raises(ParseError) as raised:
        parse_bytes(data, "huge.txt")
    assert "MB" in str(raised.value) and "没有读取" in str(raised.value)


def test_a_huge_file_is_refused_by_its_size_on_disk_before_it_is_read(tmp_path):
    path = tmp_path / "huge.pdf"
    with path.open("wb") as handle:  # sparse: no disk is used
        handle.truncate(MAX_FILE_BYTES + 1)
    with pytest.raises(ParseError) as raised:
        parse_file(path)
    assert "huge.pdf" in str(raised.value) and "没有读取" in str(raised.value)


def test_a_pipe_is_refused_without_waiting_for_a_writer(tmp_path):
    import os

    fifo = tmp_path / "report.txt"
    os.mkfifo(fifo)
    with pytest.raises(ParseError) as raised:
        parse_file(fifo)
    assert "不是普通文件" in str(raised.value)


def test_a_table_of_notes_with_no_figure_read_is_no_report():
    # INDEX.tsv of the wild corpus: its notes quote headings and labels, but it prints no table
    from tests.corpus import CORPUS

    with pytest.raises(ParseError) as raised:
        parse_file(CORPUS / "wild" / "INDEX.tsv")
    assert "没有读到任何一个表格中的数字" in str(raised.value)
