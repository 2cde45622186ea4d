"""The DOCX rendering: GB/T 9704-2012 page, East Asian fonts, merged table cells, and it opens."""

from __future__ import annotations

import io
import shutil
import subprocess

import docx
import pytest
from docx.oxml.ns import qn
from docx.shared import Mm, Pt

from gongkai.annual_report.model import Report
from gongkai.annual_report.render.docx import BODY_FONT, FALLBACKS, TITLE_FONT, render_docx
from gongkai.annual_report.render.layout import title


@pytest.fixture(scope="module")
def report() -> Report:
    return Report.zero(
        year=2023,
        agency="济源示范区人力资源和社会保障局",
        sections={
            "overview": "（一）主动公开情况\n我局认真落实。",
            "problems": "问题。",
            "other_matters": "未收取信息处理费。",
        },
    )


@pytest.fixture(scope="module")
def data(report) -> bytes:
    return render_docx(report)


def test_page_is_a4_with_gbt9704_margins(data):
    section = docx.Document(io.BytesIO(data)).sections[0]
    sizes = [section.page_width, section.page_height, section.top_margin, section.bottom_margin]
    sizes += [section.left_margin, section.right_margin]
    assert [round(size.mm) for size in sizes] == [210, 297, 37, 35, 28, 26]  # stored in twips


def test_fonts_are_set_for_east_asian_text(data, report):
    document = docx.Document(io.BytesIO(data))
    normal = document.styles["Normal"]
    assert normal.font.size == Pt(16)
    assert normal.element.rPr.find(qn("w:rFonts")).get(qn("w:eastAsia")) == BODY_FONT
    heading = document.paragraphs[0]
    assert heading.text == title(report)
    run = heading.runs[0]
    assert run.font.size == Pt(22)
    fonts = run._r.rPr.find(qn("w:rFonts"))
    assert fonts.get(qn("w:eastAsia")) == TITLE_FONT and fonts.get(qn("w:ascii"))
    table = next(p for p in document.part.package.iter_parts() if str(p.partname) == "/word/fontTable.xml")
    for name, alt in FALLBACKS.items():
        assert name.encode() in table.blob and alt.encode() in table.blob


def test_tables_have_merged_cells_and_fit_the_page(data, report):
    document = docx.Document(io.BytesIO(data))
    tables = document.tables
    assert [len(t.columns) for t in tables] == [4, 10, 15]
    xml = tables[1]._tbl.xml
    assert "w:gridSpan" in xml and "w:vMerge" in xml
    text_width = Mm(210 - 28 - 26)
    for table in tables:
        widths = [int(col.get(qn("w:w"))) for col in table._tbl.tblGrid.iter(qn("w:gridCol"))]
        assert sum(widths) * 635 <= text_width + Mm(1)  # twips to EMU


@pytest.mark.skipif(shutil.which("soffice") is None or shutil.which("pdftotext") is None, reason="LibreOffice")
def test_libreoffice_opens_it(data, report, tmp_path):
    path = tmp_path / "report.docx"
    path.write_bytes(data)
    env_home = tmp_path / "home"
    subprocess.run(
        [
            "soffice",
            f"-env:UserInstallation=file://{env_home}",
            "--headless",
            "--convert-to",
            "pdf",
            "--outdir",
            str(tmp_path),
            str(path),
        ],
        check=True,
        capture_output=True,
        timeout=180,
    )
    text = subprocess.run(
        ["pdftotext", str(tmp_path / "report.pdf"), "-"], check=True, capture_output=True, text=True
    ).stdout
    flat = "".join(text.split())
    assert title(report) in flat
    assert report.format.table("requests").rows[0].label in flat
