"""Reports as PDF: the text layer read with pdfplumber, laid out as on the page,
then read like ``pdftotext -layout`` output (see ``text``).

A PDF with no text layer (a scan) or one that is encrypted is refused with the
reason; OCR is not attempted here.
"""

from __future__ import annotations

import io
import logging

from ..errors import ParseError
from ..model import CellState, Confidence, Report
from .engine import Line, assemble
from .text import text_to_lines

# pdfminer logs every odd font at WARNING; a report's reader does not need that.
logging.getLogger("pdfminer").setLevel(logging.ERROR)

MAX_PAGES = 200

# How far apart (in points) two characters may sit vertically and still be on
# one line. Table cells centre their text, so a label and its figures often
# differ by a few points; the first tolerance suits most reports, and the
# others are tried when it leaves figures unread.
Y_TOLERANCES = (5, 3, 7)


def pdf_to_lines(data: bytes, y_tolerance: float = Y_TOLERANCES[0]) -> list[Line]:
    import pdfplumber
    from pdfminer.pdfdocument import PDFPasswordIncorrect
    from pdfminer.pdfparser import PDFSyntaxError

    try:
        pdf = pdfplumber.open(io.BytesIO(data))
    except PDFPasswordIncorrect:
        raise ParseError("PDF 文件已加密，需要密码才能打开，无法读取") from None
    except (PDFSyntaxError, ValueError, TypeError, KeyError) as exc:
        raise ParseError(f"PDF 文件已损坏，无法打开（{type(exc).__name__}）") from None
    except Exception as exc:  # pdfminer raises many kinds for broken files
        raise ParseError(f"PDF 文件无法打开：{exc.__class__.__name__}") from None
    lines: list[Line] = []
    with pdf:
        if len(pdf.pages) > MAX_PAGES:
            raise ParseError(f"PDF 共 {len(pdf.pages)} 页，超过年度报告的合理页数（{MAX_PAGES} 页）")
        for number, page in enumerate(pdf.pages, start=1):
            try:
                text = page.extract_text(layout=True, y_tolerance=y_tolerance) or ""
            except Exception as exc:
                raise ParseError(f"PDF 第 {number} 页无法读取（{exc.__class__.__name__}）") from None
            for index, line in enumerate(text_to_lines(text), start=1):
                if line.text:
                    line.source = f"第{number}页第{index}行"
                    lines.append(line)
    if not lines:
        raise ParseError("PDF 中没有可读取的文字（可能是扫描件），暂不支持识别图片中的文字")
    return lines


def parse_pdf(data: bytes, *, name: str | None = None) -> Report:
    best: Report | None = None
    best_score = (0, 0)
    for tolerance in Y_TOLERANCES:
        report = assemble(pdf_to_lines(data, tolerance), name=name)
        missing = sum(1 for _, cell in report.iter_cells() if cell.state is CellState.MISSING)
        # fewest unread figures, then fewest cut from digits run together
        unsure = sum(1 for _, cell in report.iter_cells() if cell.confidence is Confidence.DECODED)
        score = (missing, unsure)
        if best is None or score < best_score:
            best, best_score = report, score
        if score == (0, 0):
            break
    assert best is not None
    return best
