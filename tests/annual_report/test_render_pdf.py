"""The PDF rendering: A4, the CJK font embedded so every character can be extracted."""

from __future__ import annotations

import io

import pypdf
import pytest
from tests.system_packages import NOTO_SERIF_CJK, needs_cjk_font, needs_noto_serif_cjk

from gongkai.annual_report.errors import RenderError
from gongkai.annual_report.model import Report
from gongkai.annual_report.render.layout import section_heading, title
from gongkai.annual_report.render.pdf import render_pdf

NOTO = NOTO_SERIF_CJK


@pytest.fixture(scope="module")
def report() -> Report:
    return Report.zero(
        year=2023,
        agency="济源示范区人力资源和社会保障局",
        sections={"overview": "我局认真落实。", "other_matters": "未收取信息处理费。"},
    )


def extracted(data: bytes) -> str:
    reader = pypdf.PdfReader(io.BytesIO(data))
    return "".join(page.extract_text() for page in reader.pages)


@needs_cjk_font
def test_every_chinese_character_can_be_extracted(report):
    data = render_pdf(report)
    assert data.startswith(b"%PDF")
    text = extracted(data)
    wanted = title(report) + "".join(section_heading(s) for s in report.format.sections)
    wanted += "".join(part for t in report.format.tables for r in t.rows for part in r.path)
    missing = {ch for ch in wanted if "\u4e00" <= ch <= "\u9fff"} - set(text)
    assert not missing
    assert "".join(title(report).split()) in "".join(text.split())


def test_page_is_a4(report):
    page = pypdf.PdfReader(io.BytesIO(render_pdf(report))).pages[0]
    assert (round(float(page.mediabox.width)), round(float(page.mediabox.height))) == (595, 842)


@needs_noto_serif_cjk
def test_fonts_dir_overrides_the_font(report, tmp_path, monkeypatch):
    (tmp_path / NOTO.name).symlink_to(NOTO)
    monkeypatch.setenv("GONGKAI_FONTS_DIR", str(tmp_path))
    assert title(report)[:6] in extracted(render_pdf(report))
    with pytest.raises(RenderError):
        render_pdf(report, fonts_dir=str(tmp_path / "nowhere"))
