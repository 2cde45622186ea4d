"""Optical character recognition of scanned pages with the Tesseract binary.

Scanned annual reports (a PDF of page images, no text layer) are common on
county and township sites. Tesseract with its simplified-Chinese model
(``chi_sim``) is the one free engine packaged by Debian; we run the
``tesseract`` binary as a subprocess rather than through a Python wrapper so
that the image goes in on stdin and the text comes back on stdout (no
temporary files), each page has a hard time limit (the child is killed), and
the only requirement on a user's machine is the Debian package itself.

OCR is optional: when the binary or the model is absent the reader says what
to install instead of failing obscurely. See
``docs/decisions/0003-pdf-text-and-ocr.md``.
"""

from __future__ import annotations

import io
import os
import re
import shutil
import subprocess
from collections.abc import Callable, Iterable
from concurrent.futures import ThreadPoolExecutor
from typing import TYPE_CHECKING

from ..errors import ParseError

if TYPE_CHECKING:
    from PIL.Image import Image

LANGUAGE = "chi_sim"
DPI = 300  # Tesseract's models are trained on text of about this resolution
PAGE_TIMEOUT = 120.0  # seconds for one page; a scanned A4 page takes 5–20 s on one core
INSTALL = "apt-get install tesseract-ocr tesseract-ocr-chi-sim"

# Table rules: Tesseract reads the vertical ones as 1 or | between the figures
# ("0|0|0" → "010101"), so they are erased first. A rule is a run of ink longer
# than any stroke of a character: VERTICAL_RULE and HORIZONTAL_RULE pixels at
# DPI (a 22 pt title character is about 90 px high, a table cell 60–150 px).
VERTICAL_RULE = 100
HORIZONTAL_RULE = 150
INK = 160  # grey levels below this are ink
# One uniform block of text: keeps a table row on one line (the automatic modes
# split the figure columns off their labels).
PAGE_SEGMENTATION = "6"

# Tesseract separates Chinese characters of one word with spaces; labels are
# compared as printed, so the spaces between two Chinese characters go. Spaces
# between figures stay: they are what separates the cells of a row.
_CJK_GAP = re.compile(r"(?<=[\u3000-\u303f\u4e00-\u9fff\uff00-\uffef]) +(?=[\u3000-\u303f\u4e00-\u9fff\uff00-\uffef])")


def unavailable() -> str | None:
    """Why OCR cannot run here (a message for the person), or None when it can."""
    binary = shutil.which("tesseract")
    if binary is None:
        return f"本机没有安装 Tesseract 文字识别程序（{INSTALL}）"
    try:
        listed = subprocess.run(
            [binary, "--list-langs"], capture_output=True, text=True, timeout=30, env=_environment(), check=False
        )
    except (OSError, subprocess.TimeoutExpired) as exc:
        return f"Tesseract 文字识别程序无法运行（{type(exc).__name__}），请重新安装：{INSTALL}"
    languages = {line.strip() for line in (listed.stdout + listed.stderr).splitlines()}
    if LANGUAGE not in languages:
        return "本机的 Tesseract 没有简体中文识别模型 chi_sim（apt-get install tesseract-ocr-chi-sim）"
    return None


def recognise(
    pages: Iterable[tuple[int, bytes]], *, timeout: Callable[[], float], workers: int | None = None
) -> dict[int, str]:
    """The text of each page image (``(page number, greyscale image at DPI)``), by page number.

    Pages run in parallel, one Tesseract process per core: Tesseract's own
    threads help little and would fight the other workers of a batch audit.
    ``timeout`` gives the seconds left for the next page (the file's deadline).
    """
    binary = shutil.which("tesseract")
    if binary is None:
        raise ParseError(f"本机没有安装 Tesseract 文字识别程序（{INSTALL}）")
    workers = workers or max(1, min(4, os.cpu_count() or 1))
    results: dict[int, str] = {}
    with ThreadPoolExecutor(max_workers=workers) as pool:
        futures = {}
        for number, image in pages:
            futures[number] = pool.submit(_one_page, binary, number, image, timeout)
            if len(futures) >= workers:  # keep at most ``workers`` page images in memory
                first = min(futures)
                results[first] = futures.pop(first).result()
        for number in sorted(futures):
            results[number] = futures[number].result()
    return results


def without_rules(image: Image) -> Image:
    """The page with its table rules (long straight runs of ink) painted white."""
    from PIL import Image as PILImage
    from PIL import ImageChops, ImageFilter

    image = image.convert("L")
    ink = image.point(lambda v: 255 if v < INK else 0)
    rules = ImageChops.lighter(_runs(ink, VERTICAL_RULE, vertical=True), _runs(ink, HORIZONTAL_RULE, vertical=False))
    rules = rules.filter(ImageFilter.MaxFilter(5))  # the grey edges of a rule go too
    return PILImage.composite(PILImage.new("L", image.size, 255), image, rules)


def _runs(ink: Image, length: int, *, vertical: bool) -> Image:
    """Where ``ink`` has a straight run of at least about ``length`` pixels (white = run).

    Pillow's box reduction averages ``length`` pixels along the run's direction:
    only a run of ink that fills the whole window stays black. Windows start at
    three offsets so that a run is found wherever it starts.
    """
    from PIL import Image as PILImage
    from PIL import ImageChops

    width, height = ink.size
    found = PILImage.new("L", ink.size, 0)
    for offset in (0, length // 3, 2 * length // 3):
        box = (0, offset, width, height) if vertical else (offset, 0, width, height)
        reduced = ink.crop(box).reduce((1, length) if vertical else (length, 1))
        full = reduced.point(lambda v: 255 if v >= 230 else 0)
        size = (full.width, full.height * length) if vertical else (full.width * length, full.height)
        layer = PILImage.new("L", ink.size, 0)
        layer.paste(full.resize(size, PILImage.NEAREST), box[:2])
        found = ImageChops.lighter(found, layer)
    return found


def _one_page(binary: str, number: int, page: Image, timeout: Callable[[], float]) -> str:
    buffer = io.BytesIO()
    without_rules(page).save(buffer, "PPM")  # greyscale PGM: no compression to spend time on
    image = buffer.getvalue()
    seconds = min(PAGE_TIMEOUT, timeout())
    if seconds <= 0:
        raise ParseError(f"文字识别超时：第 {number} 页还没有开始识别，读取时间已用完")
    command = [binary, "stdin", "stdout", "-l", LANGUAGE, "--dpi", str(DPI), "--psm", PAGE_SEGMENTATION]
    command += ["-c", "preserve_interword_spaces=1"]
    try:
        done = subprocess.run(command, input=image, capture_output=True, timeout=seconds, env=_environment())
    except subprocess.TimeoutExpired:
        raise ParseError(f"文字识别超时：第 {number} 页超过 {seconds:g} 秒仍未识别完") from None
    except OSError as exc:
        raise ParseError(f"Tesseract 文字识别程序无法运行（{exc.strerror or exc}），请重新安装：{INSTALL}") from None
    if done.returncode != 0:
        why = done.stderr.decode("utf-8", "replace").strip().splitlines()[-1:] or ["无输出"]
        raise ParseError(f"第 {number} 页文字识别失败（Tesseract：{why[0][:200]}）")
    return "\n".join(tidy(line) for line in done.stdout.decode("utf-8", "replace").splitlines())


# What is left of a rule at a line's ends, and what Tesseract's Chinese model
# reads a lone 1 as inside a row of figures (工 is the commonest).
_EDGES = " \t|_[]｜"
_ONE = {"工", "l", "I", "|1", "1|", "1]", "[1", "]"}
_FIGURE = re.compile(r"^\d+$")
_FENCED = re.compile(r"^[\[\]|｜]*(\d+)[\[\]|｜]*$")


def tidy(line: str) -> str:
    """One line of Tesseract output as the text reader expects it.

    Only a row of figures (three or more tokens that are figures) has its
    tokens mended; any other line keeps its words.
    """
    line = _CJK_GAP.sub("", line).strip(_EDGES)
    tokens = line.split()
    if sum(1 for token in tokens if _FIGURE.match(token)) < 3:
        return line
    mended = []
    for index, token in enumerate(tokens):
        fenced = _FENCED.match(token)
        if fenced:
            mended.append(fenced.group(1))
        elif token in _ONE and (index > 0 or (len(tokens) > 1 and _FIGURE.match(tokens[1]))):
            mended.append("1")  # standing alone among figures, not glued to a label
        elif token.strip("|｜[]") == "":
            continue
        else:
            mended.append(token)
    return " ".join(mended)


def _environment() -> dict[str, str]:
    # One thread per Tesseract process: pages already run in parallel.
    return {**os.environ, "OMP_THREAD_LIMIT": "1"}
