"""A report as a Word document laid out after GB/T 9704-2012 (党政机关公文格式).

A4; margins top 37 mm, bottom 35 mm, left 28 mm, right 26 mm; the title in
2号 (22 pt) 方正小标宋简体, the body in 3号 (16 pt) 仿宋_GB2312, first-level
headings in 黑体, second-level in 楷体_GB2312. Fonts are set on every run for
East Asian text (``w:rFonts/@w:eastAsia``) and for Latin text, and each
Chinese font is declared in the font table with an ``altName`` that Word and
LibreOffice fall back to where it is not installed. Tables are the printed
grid (annual_report.render.layout) with merged cells, in a smaller size that
fits the 156 mm text width.
"""

from __future__ import annotations

import io
import re

from docx import Document
from docx.enum.section import WD_ORIENT
from docx.enum.table import WD_CELL_VERTICAL_ALIGNMENT, WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt

from ..format import Layout
from ..model import Report
from .layout import BLOCK_HEADING, CORNER, ROW_HEADER, Grid, document, title

TITLE_FONT = "方正小标宋简体"
BODY_FONT = "仿宋_GB2312"
HEADING_FONT = "黑体"
SUBHEADING_FONT = "楷体_GB2312"
LATIN_FONT = "Times New Roman"
# Where a font is not installed: the font Word / LibreOffice is told to use instead.
FALLBACKS = {TITLE_FONT: "宋体", BODY_FONT: "仿宋", HEADING_FONT: "SimHei", SUBHEADING_FONT: "楷体"}

PAGE_WIDTH, PAGE_HEIGHT = Mm(210), Mm(297)
MARGIN_TOP, MARGIN_BOTTOM, MARGIN_LEFT, MARGIN_RIGHT = Mm(37), Mm(35), Mm(28), Mm(26)
TEXT_WIDTH_MM = 210 - 28 - 26

TITLE_SIZE = Pt(22)  # 2号
BODY_SIZE = Pt(16)  # 3号
LINE_SPACING = Pt(28)
TABLE_SIZES = {Layout.BLOCKS: Pt(10.5), Layout.MATRIX: Pt(9), Layout.WIDE: Pt(9)}  # 五号, 小五

_SUBHEADING = re.compile(r"^[（(][一二三四五六七八九十]+[）)]")


def set_fonts(element, east_asia: str, latin: str = LATIN_FONT) -> None:
    """Set the fonts of a run or a style: East Asian text in ``east_asia``, the rest in ``latin``."""
    rpr = element.get_or_add_rPr()
    fonts = rpr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = OxmlElement("w:rFonts")
        rpr.insert(0, fonts)
    fonts.set(qn("w:eastAsia"), east_asia)
    fonts.set(qn("w:ascii"), latin)
    fonts.set(qn("w:hAnsi"), latin)
    fonts.set(qn("w:cs"), latin)
    fonts.set(qn("w:hint"), "eastAsia")


def _run(paragraph, text: str, font: str, size) -> None:
    run = paragraph.add_run(text)
    run.font.size = size
    set_fonts(run._r, font)


def _declare_fonts(doc) -> None:
    """Add the Chinese fonts to the font table with their fallbacks (w:altName)."""
    for part in doc.part.package.iter_parts():
        if str(part.partname) != "/word/fontTable.xml":
            continue
        from lxml import etree

        root = etree.fromstring(part.blob)
        for name, alt in FALLBACKS.items():
            font = etree.SubElement(root, qn("w:font"))
            font.set(qn("w:name"), name)
            alt_name = etree.SubElement(font, qn("w:altName"))
            alt_name.set(qn("w:val"), alt)
            charset = etree.SubElement(font, qn("w:charset"))
            charset.set(qn("w:val"), "86")  # GB2312
            family = etree.SubElement(font, qn("w:family"))
            family.set(qn("w:val"), "auto")
        part._blob = etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)


def _page(doc) -> None:
    section = doc.sections[0]
    section.orientation = WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = PAGE_WIDTH, PAGE_HEIGHT
    section.top_margin, section.bottom_margin = MARGIN_TOP, MARGIN_BOTTOM
    section.left_margin, section.right_margin = MARGIN_LEFT, MARGIN_RIGHT
    footer = section.footer.paragraphs[0]
    footer.alignment = WD_ALIGN_PARAGRAPH.CENTER
    _run(footer, "— ", BODY_FONT, Pt(14))
    field = OxmlElement("w:fldSimple")
    field.set(qn("w:instr"), "PAGE")
    run = OxmlElement("w:r")
    text = OxmlElement("w:t")
    text.text = "1"
    run.append(text)
    field.append(run)
    footer._p.append(field)
    _run(footer, " —", BODY_FONT, Pt(14))


def _styles(doc) -> None:
    normal = doc.styles["Normal"]
    normal.font.size = BODY_SIZE
    set_fonts(normal.element, BODY_FONT)
    fmt = normal.paragraph_format
    fmt.line_spacing_rule = WD_LINE_SPACING.EXACTLY
    fmt.line_spacing = LINE_SPACING
    fmt.space_before = fmt.space_after = Pt(0)
    # East Asian text in a document whose language is Chinese.
    rpr = normal.element.get_or_add_rPr()
    lang = OxmlElement("w:lang")
    lang.set(qn("w:eastAsia"), "zh-CN")
    rpr.append(lang)


def _paragraph(doc, text: str, *, font: str = BODY_FONT, size=BODY_SIZE, align=None, indent: bool = True):
    paragraph = doc.add_paragraph()
    if align is not None:
        paragraph.alignment = align
    if indent:
        paragraph.paragraph_format.first_line_indent = Pt(size.pt * 2)
    _run(paragraph, text, font, size)
    return paragraph


def _table(doc, grid: Grid) -> None:
    size = TABLE_SIZES[grid.table.layout]
    table = doc.add_table(rows=grid.height, cols=grid.width)
    table.style = doc.styles["Table Grid"]
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    table.autofit = False
    tbl_pr = table._tbl.tblPr
    layout = OxmlElement("w:tblLayout")
    layout.set(qn("w:type"), "fixed")
    tbl_pr.append(layout)
    widths = [Mm(TEXT_WIDTH_MM * w) for w in grid.column_weights()]
    for index, column in enumerate(table.columns):
        column.width = widths[index]
    for row in table.rows:
        for index, cell in enumerate(row.cells):
            cell.width = widths[index]
    for r in range(grid.header_rows):  # repeat the column headers on every page
        tr_pr = table.rows[r]._tr.get_or_add_trPr()
        header = OxmlElement("w:tblHeader")
        tr_pr.append(header)
    for anchor in grid.cells:
        cell = table.cell(anchor.row, anchor.col)
        if anchor.rowspan > 1 or anchor.colspan > 1:
            cell = cell.merge(table.cell(anchor.row + anchor.rowspan - 1, anchor.col + anchor.colspan - 1))
        cell.vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.CENTER
        paragraph = cell.paragraphs[0]
        fmt = paragraph.paragraph_format
        fmt.line_spacing_rule = WD_LINE_SPACING.SINGLE
        fmt.first_line_indent = Pt(0)
        left = anchor.role in (ROW_HEADER, CORNER, BLOCK_HEADING)
        paragraph.alignment = WD_ALIGN_PARAGRAPH.LEFT if left else WD_ALIGN_PARAGRAPH.CENTER
        if anchor.text:
            _run(paragraph, anchor.text, BODY_FONT if anchor.role != BLOCK_HEADING else HEADING_FONT, size)


def render_docx(report: Report) -> bytes:
    doc = Document()
    _page(doc)
    _styles(doc)
    _declare_fonts(doc)
    doc.core_properties.title = title(report)
    doc.core_properties.language = "zh-CN"
    if report.agency:
        doc.core_properties.author = report.agency
    for block in document(report):
        if block.kind == "title":
            p = _paragraph(
                doc, block.text, font=TITLE_FONT, size=TITLE_SIZE, align=WD_ALIGN_PARAGRAPH.CENTER, indent=False
            )
            p.paragraph_format.line_spacing = Pt(35)
            p.paragraph_format.space_after = Pt(16)
        elif block.kind == "heading":
            _paragraph(doc, block.text, font=HEADING_FONT)
        elif block.kind == "table":
            _table(doc, block.grid)
        elif block.kind == "published":
            p = _paragraph(doc, block.text, align=WD_ALIGN_PARAGRAPH.RIGHT, indent=False)
            p.paragraph_format.space_before = Pt(16)
        elif len(block.text) < 40 and _SUBHEADING.match(block.text) and not block.text.endswith("。"):
            _paragraph(doc, block.text, font=SUBHEADING_FONT)
        else:
            _paragraph(doc, block.text)
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()
