"""Build the default letter templates: ``python -m gongkai.letters.build_templates [OUT_DIR]``.

The words of every default letter are here, reviewable in one place; the output .docx files
(``templates_docx/<kind>.docx``) are committed, and an agency downloads one, edits it in Word
or WPS, and uploads its own version. The tags are docxtpl's Jinja: ``{{ name }}`` prints a
variable of ``gongkai.letters.context`` and a paragraph holding only ``{%p if … %}``,
``{%p for … %}``, ``{%p else %}``, ``{%p endif %}`` or ``{%p endfor %}`` is removed on render.

The page follows GB/T 9704-2012 (党政机关公文格式) where it applies to a letter: A4; margins
top 37 mm, bottom 35 mm, left 28 mm, right 26 mm; title in 2号 方正小标宋简体 centred; the
number centred under it; body in 3号 仿宋_GB2312, 28 pt lines, two-character first-line
indent; the agency's name centred over the date, the date four characters from the right
margin; the note (附注, contact person) in brackets under the date; the page number
“— 1 —” in 4号 at the foot. Fonts are set for East Asian text (``w:eastAsia``) on every run
and declared in the font table with fallbacks, as in the annual report's DOCX renderer.
"""

from __future__ import annotations

import io
import sys
import zipfile
from collections.abc import Callable
from datetime import datetime
from pathlib import Path

from docx import Document
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt
from lxml import etree

from gongkai.annual_report.render.docx import (
    BODY_FONT,
    FALLBACKS,
    MARGIN_BOTTOM,
    MARGIN_LEFT,
    MARGIN_RIGHT,
    MARGIN_TOP,
    PAGE_HEIGHT,
    PAGE_WIDTH,
    SUBHEADING_FONT,
    TITLE_FONT,
    set_fonts,
)

from .kinds import TITLES, LetterKind, template_filename

TITLE_SIZE = Pt(22)  # 2号
BODY_SIZE = Pt(16)  # 3号
FOOTER_SIZE = Pt(14)  # 4号
LINE = Pt(28)
INDENT = Pt(32)  # two characters of 3号
SIGNATURE_WIDTH = Mm(96)
FIXED_TIME = (2024, 1, 1, 0, 0, 0)  # zip entry times, so that a rebuild gives the same bytes

DEFAULT_DIR = Path(__file__).resolve().parent / "templates_docx"


class Letter:
    """A letter being built: paragraphs of the official look, one run each (tags stay whole)."""

    def __init__(self, title: str) -> None:
        self.doc = Document()
        self._page()
        self._styles()
        self._declare_fonts()
        props = self.doc.core_properties
        props.title, props.language, props.author = title, "zh-CN", "Gongkai"
        props.created = props.modified = datetime(2024, 1, 1)
        props.last_modified_by, props.revision = "Gongkai", 1
        self.title(title)

    # -- page and styles
    def _page(self) -> None:
        section = self.doc.sections[0]
        section.page_width, section.page_height = PAGE_WIDTH, PAGE_HEIGHT
        section.top_margin, section.bottom_margin = MARGIN_TOP, MARGIN_BOTTOM
        section.left_margin, section.right_margin = MARGIN_LEFT, MARGIN_RIGHT
        section.footer_distance = Mm(28) - Mm(7)  # 页码 sits about 7 mm under the text block
        footer = section.footer.paragraphs[0]
        footer.alignment = WD_ALIGN_PARAGRAPH.CENTER
        self._run(footer, "— ", BODY_FONT, FOOTER_SIZE)
        field = OxmlElement("w:fldSimple")
        field.set(qn("w:instr"), "PAGE")
        run = OxmlElement("w:r")
        text = OxmlElement("w:t")
        text.text = "1"
        run.append(text)
        field.append(run)
        footer._p.append(field)
        self._run(footer, " —", BODY_FONT, FOOTER_SIZE)

    def _styles(self) -> None:
        normal = self.doc.styles["Normal"]
        normal.font.size = BODY_SIZE
        set_fonts(normal.element, BODY_FONT)
        fmt = normal.paragraph_format
        fmt.line_spacing_rule = WD_LINE_SPACING.EXACTLY
        fmt.line_spacing = LINE
        fmt.space_before = fmt.space_after = Pt(0)
        fmt.widow_control = False
        rpr = normal.element.get_or_add_rPr()
        lang = OxmlElement("w:lang")
        lang.set(qn("w:val"), "en-US")
        lang.set(qn("w:eastAsia"), "zh-CN")
        rpr.append(lang)
        # Align text to the character grid of Chinese typesetting: punctuation is compressed at line ends.
        ppr = normal.element.get_or_add_pPr()
        for tag in ("w:kinsoku", "w:overflowPunct", "w:autoSpaceDE", "w:autoSpaceDN"):
            element = OxmlElement(tag)
            element.set(qn("w:val"), "1" if tag in ("w:kinsoku", "w:overflowPunct") else "0")
            ppr.append(element)

    def _declare_fonts(self) -> None:
        for part in self.doc.part.package.iter_parts():
            if str(part.partname) != "/word/fontTable.xml":
                continue
            root = etree.fromstring(part.blob)
            for name, alt in FALLBACKS.items():
                font = etree.SubElement(root, qn("w:font"))
                font.set(qn("w:name"), name)
                alt_name = etree.SubElement(font, qn("w:altName"))
                alt_name.set(qn("w:val"), alt)
                charset = etree.SubElement(font, qn("w:charset"))
                charset.set(qn("w:val"), "86")  # GB2312
                family = etree.SubElement(font, qn("w:family"))
                family.set(qn("w:val"), "roman")  # a serif face where the font is missing, not a sans one
            part._blob = etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)

    @staticmethod
    def _run(paragraph, text: str, font: str, size) -> None:
        run = paragraph.add_run(text)
        run.font.size = size
        set_fonts(run._r, font)

    # -- blocks
    def title(self, text: str) -> None:
        p = self.doc.add_paragraph()
        p.alignment = WD_ALIGN_PARAGRAPH.CENTER
        p.paragraph_format.line_spacing = Pt(36)
        p.paragraph_format.space_before = Pt(0)
        self._run(p, text, TITLE_FONT, TITLE_SIZE)
        number = self.doc.add_paragraph()
        number.alignment = WD_ALIGN_PARAGRAPH.CENTER
        number.paragraph_format.space_before = Pt(14)
        number.paragraph_format.space_after = Pt(14)
        self._run(number, "{{ letter_number }}", BODY_FONT, BODY_SIZE)

    def addressee(self, text: str) -> None:
        p = self.doc.add_paragraph()
        self._run(p, text, BODY_FONT, BODY_SIZE)

    def para(self, text: str, *, font: str = BODY_FONT, keep_with_next: bool = False) -> None:
        p = self.doc.add_paragraph()
        p.paragraph_format.first_line_indent = INDENT
        p.paragraph_format.keep_with_next = keep_with_next
        p.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
        self._run(p, text, font, BODY_SIZE)

    def tag(self, text: str) -> None:
        """A paragraph holding only a ``{%p … %}`` tag (removed when the letter is rendered)."""
        p = self.doc.add_paragraph()
        self._run(p, text, BODY_FONT, BODY_SIZE)

    def articles(self, intro: str) -> None:
        """The cited articles, quoted one per paragraph in 楷体."""
        self.para(intro, keep_with_next=True)
        self.tag("{%p for line in basis_articles %}")
        self.para("{{ line }}", font=SUBHEADING_FONT)
        self.tag("{%p endfor %}")

    def closing(self, text: str) -> None:
        """特此告知。 — kept on the page of the signature under it (GB/T 9704 7.3.5)."""
        self.para(text, keep_with_next=True)

    def blank(self) -> None:
        self.doc.add_paragraph().paragraph_format.keep_with_next = True

    def signature(self) -> None:
        """The agency's name centred over the date, in a borderless table at the right margin."""
        self.blank()
        table = self.doc.add_table(rows=2, cols=1)
        table.alignment = WD_TABLE_ALIGNMENT.RIGHT
        table.autofit = False
        tbl_pr = table._tbl.tblPr
        layout = OxmlElement("w:tblLayout")
        layout.set(qn("w:type"), "fixed")
        tbl_pr.append(layout)
        for row, text in zip(table.rows, ("{{ agency_name }}", "{{ letter_date }}"), strict=True):
            cell = row.cells[0]
            cell.width = SIGNATURE_WIDTH
            p = cell.paragraphs[0]
            p.alignment = WD_ALIGN_PARAGRAPH.CENTER
            p.paragraph_format.keep_with_next = True
            self._run(p, text, BODY_FONT, BODY_SIZE)
        table.columns[0].width = SIGNATURE_WIDTH
        self.tag("{%p if contact_person or contact_phone %}")
        p = self.doc.add_paragraph()
        p.paragraph_format.first_line_indent = INDENT
        p.paragraph_format.space_before = Pt(14)
        self._run(
            p,
            "（{% if contact_person %}联系人：{{ contact_person }}{% endif %}"
            "{% if contact_person and contact_phone %}；{% endif %}"
            "{% if contact_phone %}联系电话：{{ contact_phone }}{% endif %}）",
            BODY_FONT,
            BODY_SIZE,
        )
        self.tag("{%p endif %}")

    def bytes(self) -> bytes:
        out = io.BytesIO()
        self.doc.save(out)
        return _fixed_zip_times(out.getvalue())


def _fixed_zip_times(data: bytes) -> bytes:
    source = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            fixed = zipfile.ZipInfo(info.filename, date_time=FIXED_TIME)
            fixed.compress_type = zipfile.ZIP_DEFLATED
            target.writestr(fixed, source.read(info.filename))
    return out.getvalue()


RECEIVED = (
    "本机关于{{ received_date }}收到您提出的政府信息公开申请（登记号：{{ tracking_number }}），"
    "申请获取“{{ information_requested }}”。"
)


def receipt() -> Letter:
    letter = Letter(TITLES[LetterKind.RECEIPT])
    letter.addressee("{{ applicant_name }}：")
    letter.para(
        "本机关于{{ received_date }}收到您{% if channel %}以{{ channel }}方式{% endif %}提出的政府信息公开申请，"
        "申请获取“{{ information_requested }}”。现予登记，登记号为{{ tracking_number }}"
        "{% if query_code %}，查询码为{{ query_code }}{% endif %}。"
    )
    letter.para(
        "根据{{ basis_citation }}的规定，本机关将在{{ reply_due_date }}前（自收到申请之日起20个工作日内）"
        "作出答复。需要延长答复期限、征求第三方或者其他机关意见、要求补正或者收取信息处理费的，本机关将另行"
        "书面告知，答复期限依法相应顺延或者重新计算。"
    )
    letter.para("请妥善保存本回执，凭登记号{% if query_code %}和查询码{% endif %}可以查询办理进度。")
    letter.closing("特此回执。")
    letter.signature()
    return letter


def supplement() -> Letter:
    letter = Letter(TITLES[LetterKind.SUPPLEMENT])
    letter.addressee("{{ applicant_name }}：")
    letter.para(
        RECEIVED + "经审查，您的申请内容不明确，本机关无法据此确定您所申请的政府信息。根据{{ basis_citation }}"
        "的规定，现一次性告知您对下列事项作出补正："
    )
    letter.tag("{%p for item in supplement_items %}")
    letter.para("{{ loop.index }}．{{ item }}")
    letter.tag("{%p endfor %}")
    letter.tag("{%p if guidance %}")
    letter.para("{{ guidance }}")
    letter.tag("{%p endif %}")
    letter.para(
        "请您于{{ supplement_deadline }}前向本机关提交补正后的申请。答复期限自本机关收到补正的申请之日起计算。"
        "您无正当理由逾期不补正的，视为放弃申请，本机关将不再处理该政府信息公开申请。"
    )
    letter.articles("相关规定如下：")
    letter.closing("特此告知。")
    letter.signature()
    return letter


def extension() -> Letter:
    letter = Letter(TITLES[LetterKind.EXTENSION])
    letter.addressee("{{ applicant_name }}：")
    letter.para(RECEIVED + "本机关不能在{{ original_due_date }}前作出答复，理由如下：{{ reasons }}")
    letter.para(
        "经本机关政府信息公开工作机构负责人同意，根据{{ basis_citation }}的规定，本机关将答复期限延长至"
        "{{ extended_due_date }}（延长的期限不超过20个工作日），届时将依法作出答复。"
    )
    letter.articles("相关规定如下：")
    letter.closing("特此告知。")
    letter.signature()
    return letter


def consultation() -> Letter:
    letter = Letter(TITLES[LetterKind.CONSULTATION])
    letter.addressee("{{ consulted_party_name }}：")
    letter.para(
        "本机关于{{ received_date }}收到一份政府信息公开申请（登记号：{{ tracking_number }}），"
        "申请获取“{{ information_requested }}”。"
    )
    letter.tag("{%p if consulted_party_is_agency %}")
    letter.para(
        "该信息由本机关与贵机关共同制作。根据{{ basis_citation }}的规定，现书面征求贵机关的意见。请贵机关自收到"
        "本征求意见书之日起15个工作日内{% if reply_deadline %}（即{{ reply_deadline }}前）{% endif %}提出是否同意"
        "公开的书面意见；逾期未提出意见的，视为同意公开。"
    )
    letter.tag("{%p else %}")
    letter.para(
        "本机关认为，该信息公开可能损害贵方的合法权益。根据{{ basis_citation }}的规定，现书面征求贵方的意见。"
        "请贵方自收到本征求意见书之日起15个工作日内{% if reply_deadline %}（即{{ reply_deadline }}前）{% endif %}"
        "提出是否同意公开的书面意见；不同意公开的，请说明理由。逾期未提出意见的，本机关将依照"
        "《中华人民共和国政府信息公开条例》的规定决定是否公开。"
    )
    letter.tag("{%p endif %}")
    letter.tag("{%p if reasons %}")
    letter.para("征求意见的事由：{{ reasons }}")
    letter.tag("{%p endif %}")
    letter.articles("相关规定如下：")
    letter.closing("特此函询。")
    letter.signature()
    return letter


def fee() -> Letter:
    letter = Letter(TITLES[LetterKind.FEE])
    letter.addressee("{{ applicant_name }}：")
    letter.para(
        RECEIVED + "您申请公开政府信息的数量、频次明显超过合理范围，根据{{ basis_citation }}的规定，"
        "本机关决定收取信息处理费。"
    )
    letter.para(
        "计收方式：{% if fee_method == 'per_page' %}按量计收{% else %}按件计收{% endif %}；"
        "应缴金额：人民币{{ fee_amount }}元（大写：{{ fee_amount_in_words }}）。计算如下："
    )
    letter.tag("{%p for line in fee_explanation_lines %}")
    letter.para("{{ line }}")
    letter.tag("{%p endfor %}")
    letter.para("缴费方式：{{ payment_method }}")
    letter.para(
        "请您自收到本通知书次日起20个工作日内{% if payment_due_date %}（即{{ payment_due_date }}前）{% endif %}"
        "缴纳。逾期未缴纳的，视为放弃申请，本机关将不再处理该政府信息公开申请。"
    )
    letter.articles("收费依据如下：")
    letter.para("{{ remedy }}")
    letter.closing("特此通知。")
    letter.signature()
    return letter


def reply() -> Letter:
    letter = Letter(TITLES[LetterKind.REPLY])
    letter.addressee("{{ applicant_name }}：")
    letter.para(RECEIVED + "经审查，现答复如下：")
    letter.para("{{ decision }}")
    letter.tag("{%p if details %}")
    letter.para("{{ details }}")
    letter.tag("{%p endif %}")
    letter.tag("{%p if reasons %}")
    letter.para("理由：{{ reasons }}")
    letter.tag("{%p endif %}")
    letter.tag("{%p if responsible_agency %}")
    letter.para(
        "该政府信息不属于本机关负责公开。负责公开该政府信息的行政机关为{{ responsible_agency }}"
        "{% if responsible_agency_contact %}，联系方式：{{ responsible_agency_contact }}{% endif %}，"
        "您可以向该机关提出申请。"
    )
    letter.tag("{%p endif %}")
    letter.articles("本答复的依据是{{ basis_citation }}：")
    letter.para("{{ remedy }}")
    letter.closing("特此告知。")
    letter.signature()
    return letter


BUILDERS: dict[str, Callable[[], Letter]] = {
    LetterKind.RECEIPT: receipt,
    LetterKind.SUPPLEMENT: supplement,
    LetterKind.EXTENSION: extension,
    LetterKind.CONSULTATION: consultation,
    LetterKind.FEE: fee,
    LetterKind.REPLY: reply,
}


def build(out_dir: Path = DEFAULT_DIR) -> list[Path]:
    out_dir.mkdir(parents=True, exist_ok=True)
    written = []
    for kind, builder in BUILDERS.items():
        path = out_dir / template_filename(kind)
        path.write_bytes(builder().bytes())
        written.append(path)
    return written


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    out_dir = Path(argv[0]) if argv else DEFAULT_DIR
    for path in build(out_dir):
        print(path)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
