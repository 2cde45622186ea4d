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

import os
import re
import shutil
import subprocess
from collections.abc import Callable, Iterable
from concurrent.futures import ThreadPoolExecutor

from ..errors import ParseError

LANGUAGE = "chi_sim"
DPI = 300  # Tesseract's models are trained on text of about this resolution
PAGE_TIMEOUT = 120.0  # seconds for one page; a scanned A4 page takes 5–20 s on one core
INSTALL = "apt-get install tesseract-ocr tesseract-ocr-chi-sim"

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
    """The text of each page image (``(page number, PGM bytes)``), by page number.

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


def _one_page(binary: str, number: int, image: bytes, timeout: Callable[[], float]) -> str:
    seconds = min(PAGE_TIMEOUT, timeout())
    if seconds <= 0:
        raise ParseError(f"文字识别超时：第 {number} 页还没有开始识别，读取时间已用完")
    command = [binary, "stdin", "stdout", "-l", LANGUAGE, "--dpi", str(DPI), "--psm", "6"]
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
    text = done.stdout.decode("utf-8", "replace")
    return "\n".join(_CJK_GAP.sub("", line).rstrip() for line in text.splitlines())


def _environment() -> dict[str, str]:
    # One thread per Tesseract process: pages already run in parallel.
    return {**os.environ, "OMP_THREAD_LIMIT": "1"}
