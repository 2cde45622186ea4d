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
