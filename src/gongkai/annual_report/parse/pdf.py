"""Reports as PDF, read in up to three ways, the cheapest first.

1. The text layer through pdfium (pypdfium2): a few milliseconds a page, in
   reading order, handed to the text reader (``text.parse_text``). Most PDFs
   from office software end here.
2. Only when that leaves figures unread (missing, ambiguous or split from run-
   together digits), the pages that hold the tables are laid out again with
   pdfplumber (``extract_text(layout=True)``, as ``pdftotext -layout``, about
   ten times slower) and read by the line engine; the reading with fewer
   unread figures is kept. A figure the two readings disagree on is missing,
   never one of the two guessed.
3. Pages with no text layer but an image (a scan) are rendered by pdfium and
   read by Tesseract (``ocr``); every figure read so is marked
   ``Confidence.OCR`` for a person to look at.

Every step runs against one deadline for the file, and bad input (cut short,
encrypted, not a PDF) is refused with the reason in words. pdfium is not
thread-safe, so every call into it holds one lock.
"""

from __future__ import annotations

import bisect
import io
import logging
import re
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

from ..errors import ParseError
from ..format import FORMATS
from ..format.spec import normalize_label
from ..model import CellState, Confidence, Report
from . import ocr
from .engine import Line, assemble
from .text import parse_text, text_to_lines

if TYPE_CHECKING:
    from PIL.Image import Image

# pdfminer (under pdfplumber) logs every odd font at WARNING; a report's reader does not need that.
logging.getLogger("pdfminer").setLevel(logging.ERROR)

MAX_PAGES = 200
MAX_OCR_PAGES = 40  # an annual report has 5–20 pages; more scanned pages is not one
TIME_LIMIT = 300.0  # seconds for one file, all readings together

# How far apart (in points) two characters may sit vertically and still be on
# one line in the layout reading. Table cells centre their text, so a label and
# its figures often differ by a few points; the first tolerance suits most
# reports, and the others are tried when it leaves figures unread.
Y_TOLERANCES = (5, 3, 7)

# A page with fewer printed characters than this that still draws something is
# read by OCR: a scanned image, or text turned into outlines (a stamped page
# number or a header may still be text).
SCANNED_PAGE_CHARACTERS = 20
# A table page names at least this many labels of the format's tables.
TABLE_PAGE_LABELS = 2

_PDFIUM = threading.Lock()
_LINE = re.compile(r"第(\d+)行")
_SPACE = re.compile(r"\s+")


@dataclass
class Page:
    number: int  # from 1
    text: str
    scanned: bool = False  # no text layer but drawn content (a scan): read by OCR if at all
    ocr: bool = False  # ``text`` came from OCR


class Deadline:
    def __init__(self, seconds: float) -> None:
        self.seconds = seconds
        self.end = time.monotonic() + seconds

    def left(self) -> float:
        return self.end - time.monotonic()

    def check(self, where: str) -> None:
        if self.left() <= 0:
            raise ParseError(f"读取 PDF 超时（超过 {self.seconds:g} 秒，停在{where}），文件可能过于复杂或已损坏")


def parse_pdf(data: bytes, *, name: str | None = None, time_limit: float = TIME_LIMIT, use_ocr: bool = True) -> Report:
    """The report in a PDF file; ``use_ocr=False`` refuses scans instead of reading them."""
    deadline = Deadline(time_limit)
    _refuse_cut_short(data)
    pages = read_pages(data, deadline)
    scans = [page for page in pages if page.scanned]
    printed = sum(len(_SPACE.sub("", page.text)) for page in pages if not page.scanned)
    if not scans and printed == 0:
        raise ParseError("PDF 中没有可读取的文字，页面上也没有图片或图形（可能是空白页）")
    if scans and printed < SCANNED_PAGE_CHARACTERS * len(pages):
        # A scan, perhaps with a few stamped words: nothing to read without OCR.
        _recognise(data, scans, deadline, use_ocr=use_ocr, why="这份 PDF 是扫描件（页面是图片，没有文字层）")

    readings: list[Report] = []
    first_error: ParseError | None = None
    try:
        primary = _page_sources(parse_text(_joined(pages), name=name), pages)
        readings.append(primary)
    except ParseError as exc:
        primary, first_error = None, exc
    if primary is not None and _score(primary) == (0, 0):
        return _mark_ocr(primary, pages)

    unread_scans = [page for page in scans if not page.ocr]
    scan_note = None
    if unread_scans:  # text pages and scanned ones: the tables may be the scans
        problem = ocr.unavailable() if use_ocr else "已关闭文字识别"
        if problem is None:
            _recognise(data, unread_scans, deadline, use_ocr=True, why="")
            try:
                primary = _page_sources(parse_text(_joined(pages), name=name), pages)
                readings.append(primary)
            except ParseError as exc:
                first_error = first_error or exc
            if primary is not None and _score(primary) == (0, 0):
                return _mark_ocr(primary, pages)
        else:
            scan_note = f"其中 {len(unread_scans)} 页是扫描图片，未能识别：{problem}"

    table_pages = _table_pages(pages)
    if table_pages:
        readings += _layout_readings(data, pages, table_pages, name, deadline)
    if not readings:
        assert first_error is not None
        if scan_note:
            raise ParseError(f"{first_error}（{scan_note}）") from None
        raise first_error
    best = min(readings, key=_score)
    if primary is not None and best is not primary:
        best = _disagreements_missing(best, primary)
    if scan_note:  # the figures may be on the pages that could not be read: say so where they are missing
        best = best.with_cells(
            {
                key: replace(cell, reason=f"{cell.reason}（{scan_note}）")
                for key, cell in best.cells.items()
                if cell.state is CellState.MISSING
            }
        )
    return _mark_ocr(best, pages)


# -- the text layer --------------------------------------------------------------


def read_pages(data: bytes, deadline: Deadline) -> list[Page]:
    """Every page's text as pdfium extracts it; pages to read by OCR flagged (their text is empty)."""
    import pypdfium2 as pdfium
    import pypdfium2.raw as pdfium_c

    pages: list[Page] = []
    with _PDFIUM:
        document = _open(data)
        try:
            count = len(document)
            if count > MAX_PAGES:
                raise ParseError(f"PDF 共 {count} 页，超过年度报告的合理页数（{MAX_PAGES} 页）")
            if count == 0:
                raise ParseError("PDF 文件没有任何页面")
            for index in range(count):
                deadline.check(f"第 {index + 1} 页")
                try:
                    page = document[index]
                    textpage = page.get_textpage()
                    text = textpage.get_text_range()
                    scanned = False
                    if len(_SPACE.sub("", text)) < SCANNED_PAGE_CHARACTERS:
                        # Something is drawn (a scanned image, or text turned into outlines).
                        scanned = pdfium_c.FPDFPage_CountObjects(page.raw) > 0
                    textpage.close()
                    page.close()
                except pdfium.PdfiumError as exc:
                    raise ParseError(f"PDF 第 {index + 1} 页无法读取（{exc}）") from None
                text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\x00", "").strip("\n")
                pages.append(Page(index + 1, "" if scanned else text, scanned=scanned))
        finally:
            document.close()
    return pages


def _open(data: bytes):
    import pypdfium2 as pdfium
    import pypdfium2.raw as pdfium_c

    try:
        return pdfium.PdfDocument(data)
    except pdfium.PdfiumError as exc:
        # pdfium's last error survives a later failure of another kind: trust it
        # about encryption only when the file has an encryption dictionary.
        code = getattr(exc, "err_code", None) if b"/Encrypt" in data else None
        if code == pdfium_c.FPDF_ERR_PASSWORD:
            raise ParseError("PDF 文件已加密，需要密码才能打开，无法读取；请上传未加密的版本") from None
        if code == pdfium_c.FPDF_ERR_SECURITY:
            raise ParseError("PDF 文件使用了不支持的加密方式，无法读取；请上传未加密的版本") from None
        if b" obj" not in data[:1_000_000] and b"\robj" not in data[:1_000_000]:
            raise ParseError("文件以 PDF 文件头开始，但内容不是 PDF（没有任何 PDF 对象），无法读取") from None
        if re.search(rb"/Type\s*/Pages\b[^>]*/Count\s+0\b", data[-1_000_000:], re.S):
            raise ParseError("PDF 文件没有任何页面") from None
        raise ParseError("PDF 文件已损坏，无法打开（结构无法识别）") from None


def _refuse_cut_short(data: bytes) -> None:
    """A PDF ends with ``%%EOF``; one cut short (an interrupted download) is refused
    before pdfium repairs it into fewer pages or blank ones and figures go missing unseen."""
    if b"%%EOF" not in data[-4096:]:
        if b" obj" not in data[:1_000_000]:
            raise ParseError("文件以 PDF 文件头开始，但内容不是 PDF（没有任何 PDF 对象），无法读取")
        raise ParseError("PDF 文件不完整（可能下载中断或文件被截断），无法打开；请重新下载完整的文件")


def _joined(pages: list[Page]) -> str:
    return "\n".join(page.text for page in pages)


def _page_sources(report: Report, pages: list[Page]) -> Report:
    """``第12行`` of the joined text → ``第3页第4行``, so a person can find the figure."""
    starts, numbers = [], []
    line = 1
    for page in pages:
        starts.append(line)
        numbers.append(page.number)
        line += page.text.count("\n") + 1

    def locate(match: re.Match) -> str:
        index = bisect.bisect_right(starts, int(match.group(1))) - 1
        if index < 0:
            return match.group(0)
        return f"第{numbers[index]}页第{int(match.group(1)) - starts[index] + 1}行"

    cells = {}
    for key, cell in report.cells.items():
        if cell.source and "页" not in cell.source and _LINE.search(cell.source):
            cell = cell.with_source(_LINE.sub(locate, cell.source))
        cells[key] = cell
    return replace(report, cells=cells)


def _score(report: Report) -> tuple[int, int]:
    """Fewest unread figures, then fewest cut from digits run together."""
    cells = [cell for _, cell in report.iter_cells()]
    missing = sum(1 for cell in cells if cell.state is CellState.MISSING)
    return missing, sum(1 for cell in cells if cell.confidence is Confidence.DECODED)


# -- the layout reading of the table pages ----------------------------------------


def _table_labels() -> frozenset[str]:
    labels = set()
    for fmt in FORMATS.values():
        for table in fmt.tables:
            labels.add(fmt.section(table.code).title)
            for row in table.rows:
                labels.update((*row.path, *row.variants))
                for column in row.columns:
                    labels.update((*column.path, *column.variants))
    return frozenset(label for label in map(normalize_label, labels) if len(label) >= 4)


_TABLE_LABELS = _table_labels()


def _table_pages(pages: list[Page]) -> list[int]:
    """The pages (numbers) that hold the tables: those naming their labels, and any between."""
    found = []
    for page in pages:
        if page.ocr or not page.text:
            continue
        text = normalize_label(page.text)
        if sum(1 for label in _TABLE_LABELS if label in text) >= TABLE_PAGE_LABELS:
            found.append(page.number)
    if not found:
        return []
    return [page.number for page in pages if found[0] <= page.number <= found[-1] and not page.ocr]


def _layout_readings(
    data: bytes, pages: list[Page], table_pages: list[int], name: str | None, deadline: Deadline
) -> list[Report]:
    """The report read with the table pages laid out by pdfplumber, once per tolerance."""
    layouts = {tolerance: _layout_lines(data, table_pages, tolerance, deadline) for tolerance in Y_TOLERANCES}
    readings = []
    for _tolerance, laid_out in layouts.items():
        lines: list[Line] = []
        for page in pages:
            if page.number in laid_out:
                lines += laid_out[page.number]
            else:
                lines += _numbered(text_to_lines(page.text), page.number)
        try:
            readings.append(assemble(lines, name=name))
        except ParseError:
            continue
        if _score(readings[-1]) == (0, 0):
            break
    return readings


def _layout_lines(data: bytes, numbers: list[int], tolerance: float, deadline: Deadline) -> dict[int, list[Line]]:
    import pdfplumber

    try:
        pdf = pdfplumber.open(io.BytesIO(data), pages=numbers)
    except Exception as exc:  # pdfminer raises many kinds for files pdfium opened
        raise ParseError(f"PDF 文件无法按版面读取（{type(exc).__name__}）") from None
    result = {}
    with pdf:
        for page in pdf.pages:
            deadline.check(f"第 {page.page_number} 页的版面")
            try:
                text = page.extract_text(layout=True, y_tolerance=tolerance) or ""
            except Exception as exc:
                raise ParseError(f"PDF 第 {page.page_number} 页无法按版面读取（{type(exc).__name__}）") from None
            result[page.page_number] = _numbered(text_to_lines(text), page.page_number)
    return result


def _numbered(lines: list[Line], page: int) -> list[Line]:
    kept = []
    for index, line in enumerate(lines, start=1):
        if line.text:
            line.source = f"第{page}页第{index}行"
            kept.append(line)
    return kept


def _disagreements_missing(best: Report, other: Report) -> Report:
    """A figure read differently by the two readings is missing: one of them is wrong."""
    changes = {}
    for key, cell in best.iter_cells():
        theirs = other.cell(key)
        if cell.is_number and theirs.is_number and cell.value != theirs.value:
            changes[key] = type(cell).missing(
                f"两种读法结果不同（文字层读出 {theirs.value}，版面读出 {cell.value}），无法确定",
                raw=cell.raw,
                source=cell.source,
            )
    return best.with_cells(changes) if changes else best


# -- scanned pages ------------------------------------------------------------------


def _recognise(data: bytes, scans: list[Page], deadline: Deadline, *, use_ocr: bool, why: str) -> None:
    """Fill the scanned pages' text by OCR, or refuse saying what is needed."""
    problem = ocr.unavailable() if use_ocr else "文字识别（OCR）已关闭"
    if problem:
        raise ParseError(f"{why or '部分页面是扫描图片'}，需要文字识别（OCR）才能读取；{problem}")
    if len(scans) > MAX_OCR_PAGES:
        raise ParseError(f"扫描件共 {len(scans)} 页，超过文字识别的页数上限（{MAX_OCR_PAGES} 页），未读取")
    texts = ocr.recognise(_rendered(data, [page.number for page in scans], deadline), timeout=deadline.left)
    for page in scans:
        page.text = texts.get(page.number, "").strip("\n")
        page.ocr = True
    if not any(_SPACE.sub("", page.text) for page in scans):
        raise ParseError("PDF 中没有可读取的文字：扫描页面经文字识别也没有识别出文字")


def _rendered(data: bytes, numbers: list[int], deadline: Deadline) -> Iterator[tuple[int, Image]]:
    """Each page as a greyscale image at OCR resolution, rendered one at a time."""
    with _PDFIUM:
        document = _open(data)
    try:
        for number in numbers:
            deadline.check(f"第 {number} 页的图像")
            with _PDFIUM:
                page = document[number - 1]
                try:
                    image = _render(page, number, deadline)
                finally:
                    page.close()
            yield number, image
    finally:
        with _PDFIUM:
            document.close()


def _render(page, number: int, deadline: Deadline) -> Image:
    """The page at OCR resolution, greyscale, rendered progressively so that the
    deadline can stop a page that would take minutes to draw (pdfium asks
    ``NeedToPauseNow`` between the page's objects; one gigantic object it cannot stop)."""
    import ctypes

    import pypdfium2 as pdfium
    import pypdfium2.raw as pdfium_c

    scale = ocr.DPI / 72
    width, height = (round(side * scale) for side in page.get_size())
    bitmap = pdfium.PdfBitmap.new_native(width, height, pdfium_c.FPDFBitmap_Gray)
    try:
        pdfium_c.FPDFBitmap_FillRect(bitmap.raw, 0, 0, width, height, 0xFFFFFFFF)
        pause_type = dict(pdfium_c.IFSDK_PAUSE._fields_)["NeedToPauseNow"]
        pause = pdfium_c.IFSDK_PAUSE(version=1, NeedToPauseNow=pause_type(lambda _pause: deadline.left() <= 0))
        flags = pdfium_c.FPDF_GRAYSCALE | pdfium_c.FPDF_ANNOT
        status = pdfium_c.FPDF_RenderPageBitmap_Start(
            bitmap.raw, page.raw, 0, 0, width, height, 0, flags, ctypes.byref(pause)
        )
        try:
            while status == pdfium_c.FPDF_RENDER_TOBECONTINUED:
                if deadline.left() <= 0:
                    raise ParseError(
                        f"读取 PDF 超时：第 {number} 页的图像 {deadline.seconds:g} 秒内没有渲染完，"
                        "页面可能过于复杂或已损坏"
                    )
                status = pdfium_c.FPDF_RenderPage_Continue(page.raw, ctypes.byref(pause))
        finally:
            pdfium_c.FPDF_RenderPage_Close(page.raw)
        if status != pdfium_c.FPDF_RENDER_DONE:
            raise ParseError(f"PDF 第 {number} 页的图像无法渲染，页面可能已损坏")
        return bitmap.to_pil().copy()  # its own pixels: the bitmap is freed now
    finally:
        bitmap.close()


def _mark_ocr(report: Report, pages: list[Page]) -> Report:
    """Every figure read from an OCR'd page (or from nowhere known, when any was) is marked OCR."""
    read_by_ocr = {page.number for page in pages if page.ocr}
    if not read_by_ocr:
        return report
    changes = {}
    for key, cell in report.cells.items():
        if cell.state is CellState.MISSING:
            continue
        page = re.match(r"第(\d+)页", cell.source or "")
        if page is None or int(page.group(1)) in read_by_ocr:
            changes[key] = replace(cell, confidence=Confidence.OCR)
    return report.with_cells(changes)
